// Hostile input: the limits of rule files (dsl/limits.hpp), each at its boundary
// and with its error past it. The timeline loader's limits are tested in
// tests/timeline_test.cpp ("each limit has its error" and the record and document
// size cases).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "dsl/diagnostic.hpp"
#include "dsl/formatter.hpp"
#include "dsl/limits.hpp"
#include "dsl/loader.hpp"
#include "dsl/parser.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/engine.hpp"
#include "interpreter/record_reader.hpp"
#include "interpreter/result_format.hpp"
#include "interpreter/timeline.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit;

const fs::path source_dir = TACIT_SOURCE_DIR;

// The rendered diagnostics of loading `text` as a rule file (with the bundled stdlib).
std::vector<std::string> load_errors(const std::string& text) {
  dsl::LoadOptions options;
  options.stdlib_dir = source_dir / "stdlib";
  const dsl::LoadResult result = dsl::load_program_from_text("t.tacit", text, options, interpreter::builtin_catalog());
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics) out.push_back(dsl::render_diagnostic(d));
  return out;
}

std::string first_line(const std::vector<std::string>& diagnostics) {
  if (diagnostics.empty()) return "(no diagnostics)";
  return diagnostics.front().substr(0, diagnostics.front().find('\n'));
}

std::string repeat(std::string_view text, std::size_t times) {
  std::string out;
  out.reserve(text.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += text;
  return out;
}

const std::string module_header = "module t\n  title \"t\"\n";

}  // namespace

// --- rule-file limits (dsl/limits.hpp) -------------------------------------------

TEST_CASE("rule limits: file size") {
  std::string text = module_header + "# ";
  text += std::string(dsl::kMaxRuleFileBytes - text.size() - 1, 'x') + "\n";
  REQUIRE(text.size() == dsl::kMaxRuleFileBytes);
  CHECK(first_line(load_errors(text)) == "(no diagnostics)");
  text += "\n";
  CHECK(first_line(load_errors(text)) ==
        "t.tacit:1:1: error: rule file is 1048577 bytes, larger than the limit of 1048576 bytes");

  // From disk the file is refused before it is read.
  const fs::path path = fs::temp_directory_path() / "tacit-hostile-large.tacit";
  std::ofstream(path, std::ios::binary) << text;
  dsl::Diagnostics diagnostics;
  CHECK(dsl::read_rule_file(path, diagnostics) == nullptr);
  REQUIRE(diagnostics.size() == 1);
  CHECK(dsl::render_diagnostic(diagnostics[0]) ==
        fmt::format("error: {}: rule file is 1048577 bytes, larger than the limit of 1048576 bytes\n", path.string()));
  fs::remove(path);
}

TEST_CASE("rule limits: bracket nesting counts every level, the outermost expression included") {
  const auto nested = [](std::size_t brackets) {
    return module_header + "let x = " + std::string(brackets, '(') + "1" + std::string(brackets, ')') + "\n";
  };
  CHECK(first_line(load_errors(nested(dsl::kMaxNestingDepth - 1))) == "(no diagnostics)");
  CHECK(first_line(load_errors(nested(dsl::kMaxNestingDepth))) ==
        "t.tacit:3:73: error: expressions nested deeper than 64 levels");
}

TEST_CASE("rule limits: expression depth of operators chained on one level") {
  const auto chain = [](std::size_t operands) {
    return module_header + "let x = 1" + repeat(" + 1", operands - 1) + "\n";
  };
  CHECK(first_line(load_errors(chain(dsl::kMaxExpressionDepth))) == "(no diagnostics)");
  CHECK(first_line(load_errors(chain(dsl::kMaxExpressionDepth + 1))) ==
        "t.tacit:3:9: error: expression nested deeper than 256 levels; split it into named lets or functions");
}

TEST_CASE("rule limits: rule files per run, imports included") {
  const fs::path lib = fs::temp_directory_path() / "tacit-hostile-imports";
  fs::remove_all(lib);
  fs::create_directories(lib);
  // m0 imports m1, which imports m2, ... : one more file than a run may hold.
  for (std::size_t i = 0; i < dsl::kMaxImportedFiles; ++i) {
    std::ofstream(lib / fmt::format("m{}.tacit", i))
        << fmt::format("module m{}\n  title \"m\"\n{}let x = 1\n", i,
                       i + 1 < dsl::kMaxImportedFiles ? fmt::format("import m{}\n", i + 1) : "");
  }
  dsl::LoadOptions options;
  options.stdlib_dir = lib;
  const std::string root = module_header + "import m0\n";
  const dsl::LoadResult result = dsl::load_program_from_text("t.tacit", root, options, interpreter::builtin_catalog());
  REQUIRE_FALSE(result.diagnostics.empty());
  CHECK(dsl::render_diagnostic(result.diagnostics.front()) ==
        fmt::format("error: {}: more than 256 rule files in one run\n", (lib / "m255.tacit").string()));

  // One file fewer loads.
  fs::remove(lib / "m255.tacit");
  std::ofstream(lib / "m254.tacit") << "module m254\n  title \"m\"\nlet x = 1\n";
  CHECK(dsl::load_program_from_text("t.tacit", root, options, interpreter::builtin_catalog()).ok());
  fs::remove_all(lib);
}
