// tacit test: the worked examples beside definitions and the checks in modules.
#include <algorithm>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "dsl/loader.hpp"
#include "interpreter/examples.hpp"

namespace tacit::cli {

int run_test(const RuleArgs& args) {
  interpreter::ExampleOptions options;
  std::vector<std::filesystem::path> paths;
  if (args.paths.empty()) {
    paths = {default_rules(), default_stdlib()};
  } else {
    paths.assign(args.paths.begin(), args.paths.end());
  }
  options.rule_files = dsl::rule_files_in(paths);
  options.stdlib_dir = args.stdlib.empty() ? default_stdlib() : std::filesystem::path(args.stdlib);
  options.lib_dirs.assign(args.libs.begin(), args.libs.end());

  const auto report = interpreter::run_examples(options);
  for (const auto& problem : report.problems) std::fprintf(stderr, "error: %s\n", problem.c_str());
  for (const auto& failure : report.failures) std::fprintf(stderr, "FAIL %s\n", failure.c_str());
  for (const auto& clause : report.unexercised) {
    std::fprintf(stderr, "note: no example makes clause %s met\n", clause.c_str());
  }
  std::fprintf(stderr, "%s\n", fmt::format("{} passed, {} failed", report.passed, report.failed).c_str());
  return report.failed > 0 || !report.problems.empty() ? 1 : kExitOk;
}

}  // namespace tacit::cli
