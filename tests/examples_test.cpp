// `tacit test` must be able to fail: a deliberately wrong expectation, a false
// check and an unexercised clause are all reported.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "interpreter/examples.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit::interpreter;

fs::path temporary_folder() {
  const fs::path dir = fs::temp_directory_path() / fs::path("tacit-examples-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

ExampleOptions bundled() {
  ExampleOptions options;
  options.stdlib_dir = fs::path(TACIT_SOURCE_DIR) / "stdlib";
  return options;
}

}  // namespace

TEST_CASE("examples: a wrong expectation fails, a right one passes") {
  const fs::path dir = temporary_folder();
  const fs::path rule = fs::path(TACIT_SOURCE_DIR) / "rules" / "jsh-lcsgj-2014.tacit";
  const fs::path scenarios = fs::path(TACIT_SOURCE_DIR) / "rules" / "examples" / "scenarios.ndjson";
  const fs::path examples = dir / "wrong.examples.json";
  std::ofstream(examples) << R"({"format": "tacit-examples/1", "definition": "jsh-lcsgj-2014", "cases": [
    {"name": "S02 right", "timeline": ")" << scenarios.string() << R"(", "patient_id": "S02",
     "expect": {"verdict": "met", "first_met": "2024-03-27", "clauses": {"a1_ineffective_twice": "met"}}},
    {"name": "S02 wrong verdict", "timeline": ")" << scenarios.string() << R"(", "patient_id": "S02",
     "expect": {"verdict": "not_met", "first_met": null}},
    {"name": "S02 wrong date", "timeline": ")" << scenarios.string() << R"(", "patient_id": "S02",
     "expect": {"verdict": "met", "first_met": "2024-03-28"}},
    {"name": "S02 wrong clause", "timeline": ")" << scenarios.string() << R"(", "patient_id": "S02",
     "expect": {"verdict": "met", "first_met": "2024-03-27", "clauses": {"b_markers_rising": "met"}}}
  ]})";
  ExampleReport report;
  run_examples_file(bundled(), rule, examples, report);
  CHECK(report.passed == 1);
  CHECK(report.failed == 3);
  REQUIRE(report.failures.size() == 3);
  CHECK(report.failures[0] == "wrong.examples.json: S02 wrong verdict: verdict met (expected not_met); first_met 2024-03-27 (expected null)");
  CHECK(report.failures[1] == "wrong.examples.json: S02 wrong date: first_met 2024-03-27 (expected 2024-03-28)");
  CHECK(report.failures[2] == "wrong.examples.json: S02 wrong clause: clause b_markers_rising not_met (expected met)");
  // Only one case met anything: every clause but a1 and a12 is unexercised.
  CHECK(std::find(report.unexercised.begin(), report.unexercised.end(), "jsh-lcsgj-2014: b_markers_rising") !=
        report.unexercised.end());
  fs::remove_all(dir);
}

TEST_CASE("examples: a false check in a module fails") {
  const fs::path dir = temporary_folder();
  const fs::path module = dir / "probe.tacit";
  std::ofstream(module) << "module probe\n  title \"probe\"\n\ncheck \"true holds\" = 1 < 2\ncheck \"this is wrong\" = 2 < 1\n";
  ExampleOptions options = bundled();
  options.rule_files = {module};
  const ExampleReport report = run_examples(options);
  CHECK(report.passed == 1);
  CHECK(report.failed == 1);
  REQUIRE(report.failures.size() == 1);
  CHECK(report.failures[0] == module.string() + ":5: check \"this is wrong\" is false");
  fs::remove_all(dir);
}
