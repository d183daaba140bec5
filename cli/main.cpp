// The command-line front: parse arguments, call the library, print.
#include <CLI/CLI.hpp>
#include <fmt/format.h>

int main(int argc, char** argv) {
  CLI::App app{"tacit: evaluate clinical rule files against patient timelines", "tacit"};
  app.set_version_flag("--version", std::string("tacit ") + TACIT_VERSION);
  app.require_subcommand(1);
  app.add_subcommand("check", "check rule files for errors");
  app.add_subcommand("eval", "evaluate definitions over a cohort");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }
  return 0;
}
