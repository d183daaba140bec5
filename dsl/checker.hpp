// Stage 2: names, arity, types and units, checked before any patient is read.
//
// check_program() takes parsed files whose imports are already loaded (see
// dsl/loader.hpp) and fills in each file's resolution and type tables. Errors:
// unknown names (with a "did you mean"), duplicate names, arity, types, units,
// recursion, malformed headers. Warnings: unused definitions, clauses without a
// citation. The program is only evaluated when there are no errors.
#pragma once

#include "dsl/diagnostic.hpp"
#include "dsl/program.hpp"

namespace tacit::dsl {

void check_program(Program& program, const BuiltinCatalog& builtins, Diagnostics& diagnostics);

// The closest candidate within a small edit distance, for "did you mean".
[[nodiscard]] std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace tacit::dsl
