// Parameter values for a run: each declared parameter's default, or the value
// given with `--param NAME=VALUE`, checked against the declared type and range.
#pragma once

#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "interpreter/arena.hpp"
#include "interpreter/value.hpp"

namespace tacit::interpreter {

struct ParamOverride {
  std::string name;
  std::string value;
};

// A value per global id (unknown for globals that are not parameters). Strings
// are copied into `storage`, which must outlive the values. A problem with an
// override (undeclared name, wrong type, out of range) is appended to `errors`.
[[nodiscard]] std::vector<Value> resolve_params(const dsl::Program& program, const std::vector<ParamOverride>& overrides,
                                                Arena& storage, std::vector<std::string>& errors);

// Parses NAME=VALUE; nullopt when there is no '='.
[[nodiscard]] std::optional<ParamOverride> parse_override(std::string_view text);

}  // namespace tacit::interpreter
