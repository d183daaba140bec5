// The command-line front: parse arguments, call the library, print.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"

namespace {

void add_rule_options(CLI::App& command, tacit::cli::RuleArgs& rules, const char* paths_help) {
  command.add_option("rules", rules.paths, paths_help);
  command.add_option("--lib", rules.libs, "a folder of extra modules that imports may name")->type_name("DIR");
  command.add_option("--stdlib", rules.stdlib, "the standard library folder (default: the bundled stdlib/)")
      ->type_name("DIR");
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tacit::cli;
  CLI::App app{"tacit: evaluate clinical rule files against patient timelines", "tacit"};
  app.set_version_flag("--version", std::string("tacit ") + TACIT_VERSION);
  app.require_subcommand(1);
  app.fallthrough(false);

  RuleArgs check_args;
  auto* check = app.add_subcommand("check", "check rule files: syntax, names, types, units, imports");
  add_rule_options(*check, check_args, "rule files or folders (default: the bundled rules/ and stdlib/)");

  EvalArgs eval_args;
  auto* eval = app.add_subcommand("eval", "evaluate definitions over one patient or a cohort");
  add_rule_options(*eval, eval_args.rules, "rule files or folders (default: the bundled rules/)");
  eval->add_option("--input,-i", eval_args.input, "timeline file (JSON or NDJSON), '-' for stdin")->required();
  eval->add_option("--format,-f", eval_args.format, "text, json, ndjson or csv")
      ->check(CLI::IsMember({"text", "json", "ndjson", "csv"}));
  eval->add_option("--as-of", eval_args.as_of, "evaluate as if the timeline ended that day")->type_name("YYYY-MM-DD");
  eval->add_option("--param,-p", eval_args.params, "override a rule parameter")->type_name("NAME=VALUE");
  eval->add_option("--definition,-d", eval_args.definitions, "evaluate only this definition (repeatable)")
      ->type_name("ID");
  eval->add_option("--jobs,-j", eval_args.jobs, "worker threads (default: every core)");
  eval->add_option("--output,-o", eval_args.output, "write results to FILE (atomically) instead of stdout");

  ExplainArgs explain_args;
  auto* explain = app.add_subcommand("explain", "print the full evaluation trace of one patient");
  add_rule_options(*explain, explain_args.rules, "rule files or folders (default: the bundled rules/)");
  explain->add_option("--input,-i", explain_args.input, "timeline file")->required();
  explain->add_option("--patient", explain_args.patient, "the patient id")->required();
  explain->add_option("--as-of", explain_args.as_of, "evaluate as if the timeline ended that day");
  explain->add_option("--param,-p", explain_args.params, "override a rule parameter")->type_name("NAME=VALUE");
  explain->add_option("--definition,-d", explain_args.definitions, "explain only this definition")->type_name("ID");

  std::string parse_path;
  bool dump_ast = false;
  auto* parse = app.add_subcommand("parse", "parse one rule file and show what tacit understood");
  parse->add_option("file", parse_path, "a rule file")->required();
  parse->add_flag("--dump-ast", dump_ast, "print the syntax tree");

  std::vector<std::string> fmt_paths;
  bool fmt_check = false;
  auto* format = app.add_subcommand("fmt", "rewrite rule files in the canonical layout");
  format->add_option("paths", fmt_paths, "rule files or folders")->required();
  format->add_flag("--check", fmt_check, "only report files that are not in canonical form (exit 1)");

  RuleArgs test_args;
  auto* test = app.add_subcommand("test", "run the worked examples of rule files and the checks of modules");
  add_rule_options(*test, test_args, "rule files or folders (default: the bundled rules/ and stdlib/)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (*check) return run_check(check_args);
  if (*eval) return run_eval(eval_args);
  if (*explain) return run_explain(explain_args);
  if (*parse) return run_parse(parse_path, dump_ast);
  if (*format) return run_fmt(fmt_paths, fmt_check);
  if (*test) return run_test(test_args);
  return kExitUsage;
}
