// Loading the rules for eval and explain: paths, --param, --definition, --as-of,
// with every problem printed and the usage exit status decided in one place.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/commands.hpp"
#include "interpreter/engine.hpp"

namespace tacit::cli {

struct EngineSetup {
  std::unique_ptr<interpreter::Engine> engine;  // null: errors were printed
  std::optional<interpreter::Date> as_of;
};

[[nodiscard]] EngineSetup load_engine(const RuleArgs& rules, const std::vector<std::string>& params,
                                      const std::vector<std::string>& definitions, const std::string& as_of);

}  // namespace tacit::cli
