// Worked examples: `tacit test`.
//
// A definition's examples live beside it (rules/ID.examples.json, format
// "tacit-examples/1": cases with a patient, parameters, an as-of date and the
// expected verdict, first-met date and clause values). A module's examples are its
// `check` items. run_examples() evaluates them all and says which failed, and
// which clauses of each definition no example makes true.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "interpreter/engine.hpp"

namespace tacit::interpreter {

struct ExampleReport {
  std::size_t passed = 0;
  std::size_t failed = 0;
  std::vector<std::string> failures;     // one line each: file: case: what differed
  std::vector<std::string> unexercised;  // "definition: clause"
  std::vector<std::string> problems;     // files that could not be run at all
};

struct ExampleOptions {
  std::vector<std::filesystem::path> rule_files;  // definitions and modules
  std::filesystem::path stdlib_dir;
  std::vector<std::filesystem::path> lib_dirs;
};

[[nodiscard]] ExampleReport run_examples(const ExampleOptions& options);

// The examples of one definition file, against a given examples file (tests use
// this to show that a wrong expectation fails).
void run_examples_file(const ExampleOptions& options, const std::filesystem::path& rule_file,
                       const std::filesystem::path& examples_file, ExampleReport& report);

}  // namespace tacit::interpreter
