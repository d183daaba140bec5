// The registry of native builtins: one table, each entry a signature the checker
// reads (dsl::BuiltinSignature) and the function the evaluator calls. Every entry
// is documented in docs/language.md; no builtin knows anything clinical.
//
// Three forms: calls `f(a, b)`, comprehensions `f(x in LIST where P: BODY)` and
// constants `as_of`.
#pragma once

#include <span>
#include <vector>

#include "dsl/program.hpp"
#include "interpreter/evaluator.hpp"

namespace tacit::interpreter {

using CallFn = Value (*)(Evaluator& evaluator, std::span<const Value> args);
using BinderFn = Value (*)(BinderCall& call);
using ConstantFn = Value (*)(Evaluator& evaluator);
using ElementFn = Value (*)(BinderCall& call, std::size_t i);

struct Builtin {
  dsl::BuiltinSignature signature;
  CallFn call = nullptr;
  BinderFn binder = nullptr;
  ConstantFn constant = nullptr;
  // The first argument is the result whenever it is known; the others are then
  // not evaluated (missing(value, "reason {interpolated}") formats its reason only
  // for unknown values).
  bool first_if_known = false;
  // The first argument, a list of events, is read only up to the date of the
  // second (a date or an event): carry_forward, before, previous. Incremental
  // evaluation uses it (interpreter/memo.hpp).
  bool reads_past_of_second = false;
  // A comprehension whose result is a sub-list of its source (select): the
  // result keeps the source's event types and reading it is reading the source.
  bool keeps_sources = false;
  // A comprehension that decides on each element alone (select): whether element
  // i is kept (true, false, or unknown, which makes the whole result unknown). Its
  // result over a prefix of a list is then a prefix of its result over the list,
  // which lets the evaluator extend a result as the list grows day by day
  // (interpreter/prefix_select.cpp).
  ElementFn keeps_element = nullptr;
};

// The registry, in catalog order.
[[nodiscard]] const std::vector<Builtin>& builtins();
// The signatures alone, for dsl::load_program.
[[nodiscard]] const dsl::BuiltinCatalog& builtin_catalog();

// Registration, one function per theme (builtins_*.cpp).
void add_list_builtins(std::vector<Builtin>& table);
void add_comprehension_builtins(std::vector<Builtin>& table);
void add_time_builtins(std::vector<Builtin>& table);
void add_value_builtins(std::vector<Builtin>& table);

}  // namespace tacit::interpreter
