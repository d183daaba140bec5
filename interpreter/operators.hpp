// The operators of the language on known values: comparison, arithmetic, not.
//
// Numbers and quantities compare with a relative tolerance of 1e-9, so that a
// threshold written as a product behaves as it does on paper (60 >= 1.2 * 50 is
// true although 1.2 has no exact binary form). Unknown operands never reach these
// functions, except logical_not, which maps unknown to unknown.
#pragma once

#include "dsl/ast.hpp"
#include "interpreter/value.hpp"

namespace tacit::interpreter {

class Evaluator;

[[nodiscard]] Value logical_not(const Value& value);
[[nodiscard]] Value negate(const Value& value);
[[nodiscard]] Value equal(const Value& a, const Value& b);
[[nodiscard]] Value compare(dsl::BinaryOp op, const Value& a, const Value& b);
// Three-way order of two known values of one kind: -1, 0, 1 (numbers with tolerance).
[[nodiscard]] int order(const Value& a, const Value& b);
[[nodiscard]] Value arithmetic(Evaluator& evaluator, dsl::BinaryOp op, const Value& a, const Value& b);

}  // namespace tacit::interpreter
