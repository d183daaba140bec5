// Reading rule files from disk: the entry point of stages 1 and 2 together.
//
// load_program() reads the given files and directories (every *.tacit file of a
// directory, in name order), parses them, follows their imports, and checks the
// whole program. Imports resolve only to `NAME.tacit` inside the bundled stdlib
// folder or a --lib folder: a module name is an identifier, never a path, so rule
// code cannot reach any other file. Import cycles are errors.
#pragma once

#include <filesystem>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/program.hpp"

namespace tacit::dsl {

struct LoadOptions {
  std::vector<std::filesystem::path> paths;
  std::filesystem::path stdlib_dir;
  std::vector<std::filesystem::path> lib_dirs;
};

struct LoadResult {
  Program program;
  Diagnostics diagnostics;
  [[nodiscard]] bool ok() const { return !has_errors(diagnostics); }
};

[[nodiscard]] LoadResult load_program(const LoadOptions& options, const BuiltinCatalog& builtins);

// The rule files named by paths: a file as given, a folder as its *.tacit files
// in name order (not recursive).
[[nodiscard]] std::vector<std::filesystem::path> rule_files_in(const std::vector<std::filesystem::path>& paths);

// Reads one file as rule source, enforcing the size limit and UTF-8. On failure
// returns nullptr and appends a diagnostic.
[[nodiscard]] std::unique_ptr<SourceFile> read_rule_file(const std::filesystem::path& path, Diagnostics& diagnostics);

// Loads a program from in-memory text (tests, documentation examples). `name` is
// the file name used in messages.
[[nodiscard]] LoadResult load_program_from_text(const std::string& name, const std::string& text,
                                                const LoadOptions& options, const BuiltinCatalog& builtins);

}  // namespace tacit::dsl
