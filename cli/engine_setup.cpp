#include "cli/engine_setup.hpp"

#include <fmt/format.h>

#include "cli/common.hpp"

namespace tacit::cli {

EngineSetup load_engine(const RuleArgs& rules, const std::vector<std::string>& params,
                        const std::vector<std::string>& definitions, const std::string& as_of) {
  EngineSetup setup;
  interpreter::EngineOptions options;
  if (rules.paths.empty()) {
    options.rule_paths = {default_rules()};
  } else {
    options.rule_paths.assign(rules.paths.begin(), rules.paths.end());
  }
  options.stdlib_dir = rules.stdlib.empty() ? default_stdlib() : std::filesystem::path(rules.stdlib);
  options.lib_dirs.assign(rules.libs.begin(), rules.libs.end());
  options.definitions = definitions;
  bool usage_error = false;
  for (const std::string& text : params) {
    const auto override = interpreter::parse_override(text);
    if (!override) {
      std::fprintf(stderr, "tacit: --param %s: expected NAME=VALUE\n", text.c_str());
      usage_error = true;
      continue;
    }
    options.params.push_back(*override);
  }
  if (!as_of.empty()) {
    setup.as_of = interpreter::parse_date(as_of);
    if (!setup.as_of) {
      std::fprintf(stderr, "tacit: --as-of %s: expected a date YYYY-MM-DD\n", as_of.c_str());
      usage_error = true;
    }
  }
  auto loaded = interpreter::Engine::load(options);
  // Warnings belong to `tacit check`; eval shows errors only.
  dsl::Diagnostics errors;
  for (auto& d : loaded.diagnostics) {
    if (d.severity == dsl::Severity::error) errors.push_back(std::move(d));
  }
  print_diagnostics(errors);
  for (const auto& message : loaded.usage_errors) std::fprintf(stderr, "tacit: %s\n", message.c_str());
  if (loaded.engine && loaded.engine->definitions().empty()) {
    std::fprintf(stderr, "tacit: no definition to evaluate: the rule paths hold only modules\n");
    usage_error = true;
  }
  if (usage_error || !loaded.engine) return setup;
  setup.engine = std::move(loaded.engine);
  return setup;
}

}  // namespace tacit::cli
