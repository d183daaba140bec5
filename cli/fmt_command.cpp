// tacit fmt: the canonical layout of rule files (dsl/formatter.hpp).
#include <algorithm>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "dsl/formatter.hpp"
#include "dsl/loader.hpp"
#include "dsl/parser.hpp"

namespace tacit::cli {

int run_fmt(const std::vector<std::string>& paths, bool check_only) {
  int status = kExitOk;
  std::size_t changed = 0;
  for (const auto& path : dsl::rule_files_in({paths.begin(), paths.end()})) {
    dsl::Diagnostics diagnostics;
    const auto source = dsl::read_rule_file(path, diagnostics);
    if (!source) {
      print_diagnostics(diagnostics);
      status = kExitUsage;
      continue;
    }
    const dsl::ParseResult parsed = dsl::parse_file(*source);
    if (print_diagnostics(parsed.diagnostics) > 0) {
      status = kExitUsage;
      continue;
    }
    const std::string formatted = dsl::format_file(parsed.ast, *source);
    if (formatted == source->text()) continue;
    ++changed;
    if (check_only) {
      std::fprintf(stderr, "%s: not in canonical form (run: tacit fmt %s)\n", path.c_str(), path.c_str());
      if (status == kExitOk) status = 1;
      continue;
    }
    std::ofstream(path, std::ios::binary) << formatted;
    std::fprintf(stderr, "formatted %s\n", path.c_str());
  }
  if (check_only && changed == 0 && status == kExitOk) std::fprintf(stderr, "all files in canonical form\n");
  return status;
}

}  // namespace tacit::cli
