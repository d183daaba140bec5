// The subcommands of `tacit`, one function each. main.cpp parses the arguments
// into these structs; each command calls the library and prints.
#pragma once

#include <string>
#include <vector>

namespace tacit::cli {

struct RuleArgs {
  std::vector<std::string> paths;  // rule files or folders; default: the bundled rules/
  std::vector<std::string> libs;   // --lib folders
  std::string stdlib;              // --stdlib (default: the bundled stdlib/)
};

struct EvalArgs {
  RuleArgs rules;
  std::string input;
  std::string format = "text";
  std::string as_of;
  std::vector<std::string> params;
  std::vector<std::string> definitions;
  unsigned jobs = 0;  // 0: every core
  std::string output;
};

struct ExplainArgs {
  RuleArgs rules;
  std::string input;
  std::string patient;
  std::string as_of;
  std::vector<std::string> params;
  std::vector<std::string> definitions;
};

int run_check(const RuleArgs& args);
int run_eval(const EvalArgs& args);
int run_explain(const ExplainArgs& args);
int run_parse(const std::string& path, bool dump_ast);
int run_fmt(const std::vector<std::string>& paths, bool check_only);
int run_test(const RuleArgs& args);

}  // namespace tacit::cli
