// tacit check: load rule files and report every error and warning.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "dsl/loader.hpp"
#include "interpreter/builtins.hpp"

namespace tacit::cli {

int run_check(const RuleArgs& args) {
  dsl::LoadOptions options;
  if (args.paths.empty()) {
    options.paths = {default_rules(), default_stdlib()};
  } else {
    options.paths.assign(args.paths.begin(), args.paths.end());
  }
  options.stdlib_dir = args.stdlib.empty() ? default_stdlib() : std::filesystem::path(args.stdlib);
  options.lib_dirs.assign(args.libs.begin(), args.libs.end());
  const dsl::LoadResult result = dsl::load_program(options, interpreter::builtin_catalog());
  const std::size_t errors = print_diagnostics(result.diagnostics);
  const std::size_t warnings = result.diagnostics.size() - errors;
  std::fprintf(stderr, "%s\n",
               fmt::format("checked {} file{}: {} error{}, {} warning{}", result.program.files.size(),
                           result.program.files.size() == 1 ? "" : "s", errors, errors == 1 ? "" : "s", warnings,
                           warnings == 1 ? "" : "s")
                   .c_str());
  return errors > 0 ? kExitUsage : kExitOk;
}

}  // namespace tacit::cli
