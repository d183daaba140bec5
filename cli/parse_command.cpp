// tacit parse --dump-ast: what the parser understood, for rule authors.
#include <cstdio>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "dsl/ast_dump.hpp"
#include "dsl/loader.hpp"
#include "dsl/parser.hpp"

namespace tacit::cli {

int run_parse(const std::string& path, bool dump_ast) {
  dsl::Diagnostics diagnostics;
  const auto source = dsl::read_rule_file(path, diagnostics);
  if (!source) {
    print_diagnostics(diagnostics);
    return kExitUsage;
  }
  const dsl::ParseResult parsed = dsl::parse_file(*source);
  if (print_diagnostics(parsed.diagnostics) > 0) return kExitUsage;
  if (dump_ast) std::fputs(dsl::dump_ast(parsed.ast).c_str(), stdout);
  return kExitOk;
}

}  // namespace tacit::cli
