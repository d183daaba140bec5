// Comprehensions: op(x in LIST where FILTER: BODY), three-valued throughout.
//
// An element counts when its filter is true; a filter that is unknown makes the
// result unknown unless the result is decided anyway (`any` found a true element
// before or after it). Without a body, any/all/none/count/select/first/last use
// the filter alone.
#include <algorithm>

#include <fmt/format.h>

#include "interpreter/builtin_types.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/operators.hpp"

namespace tacit::interpreter {
namespace {

using dsl::BuiltinSignature;
using dsl::TypeId;
using dsl::TypeKind;
using dsl::TypeTable;

// An element's truth: filter and body (Kleene).
Value element_truth(BinderCall& call, std::size_t i, bool body_is_condition) {
  const Value keep = call.filter(i);
  if (keep.is_false()) return keep;
  if (!body_is_condition || !call.has_body()) return keep;
  const Value body = call.body(i);
  if (body.is_false()) return body;
  if (keep.is_unknown() || body.is_unknown()) {
    return Value::unknown(call.evaluator().join(keep.is_unknown() ? keep.missing() : nullptr,
                                                body.is_unknown() ? body.missing() : nullptr));
  }
  return body;
}

Value any_of(BinderCall& call) {
  const Missing* why = nullptr;
  bool unknown = false;
  for (std::size_t i = 0; i < call.items().size(); ++i) {
    call.begin_element();
    const Value v = element_truth(call, i, true);
    if (v.is_true()) call.keep_element();
    call.end_element();
    if (v.is_true()) {
      call.finish(false);  // the witness alone explains a true `any`
      return v;
    }
    if (v.is_unknown()) {
      unknown = true;
      why = call.evaluator().join(why, v.missing());
    }
  }
  call.finish(true);  // every element decided a false or unknown `any`
  return unknown ? Value::unknown(why) : Value::boolean(false);
}

Value all_of(BinderCall& call) {
  const Missing* why = nullptr;
  bool unknown = false;
  for (std::size_t i = 0; i < call.items().size(); ++i) {
    call.begin_element();
    // "where P: Q" is the implication P -> Q, Kleene.
    const Value keep = call.filter(i);
    Value v = Value::boolean(true);
    if (!keep.is_false()) {
      const Value body = call.has_body() ? call.body(i) : Value::boolean(true);
      if (body.is_true()) {
        v = body;
      } else if (body.is_false() && keep.is_true()) {
        v = body;
      } else {
        v = Value::unknown(call.evaluator().join(keep.is_unknown() ? keep.missing() : nullptr,
                                                 body.is_unknown() ? body.missing() : nullptr));
      }
    }
    call.keep_element();
    call.end_element();
    if (v.is_false()) return v;
    if (v.is_unknown()) {
      unknown = true;
      why = call.evaluator().join(why, v.missing());
    }
  }
  return unknown ? Value::unknown(why) : Value::boolean(true);
}

Value count_of(BinderCall& call) {
  double count = 0;
  const Missing* why = nullptr;
  bool unknown = false;
  for (std::size_t i = 0; i < call.items().size(); ++i) {
    const Value v = element_truth(call, i, true);
    if (v.is_true()) ++count;
    if (v.is_unknown()) {
      unknown = true;
      why = call.evaluator().join(why, v.missing());
    }
  }
  return unknown ? Value::unknown(why) : Value::number(count);
}

Value select_element(BinderCall& call, std::size_t i) { return element_truth(call, i, true); }

Value select_of(BinderCall& call) {
  const auto items = call.items();
  Value* out = call.evaluator().arena().allocate_array<Value>(items.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    call.begin_element();
    const Value v = select_element(call, i);
    if (v.is_true()) call.keep_element();
    call.end_element();
    if (v.is_unknown()) return v;
    if (v.is_true()) out[n++] = items[i];
  }
  return Value::list({out, n});
}

Value map_of(BinderCall& call) {
  const auto items = call.items();
  Value* out = call.evaluator().arena().allocate_array<Value>(items.size());
  std::size_t n = 0;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value keep = call.filter(i);
    if (keep.is_unknown()) return keep;
    if (keep.is_true()) out[n++] = call.body(i);
  }
  return Value::list({out, n});
}

Value pick(BinderCall& call, bool from_end) {
  const auto size = call.items().size();
  for (std::size_t k = 0; k < size; ++k) {
    const std::size_t i = from_end ? size - 1 - k : k;
    call.begin_element();
    const Value v = element_truth(call, i, true);
    call.keep_element();
    call.end_element();
    if (v.is_true()) return call.items()[i];
    if (v.is_unknown()) return v;  // cannot tell whether this one is the first
  }
  return call.evaluator().unknown_because(from_end ? "no element matched for last(...)" : "no element matched for first(...)");
}

Value fold(BinderCall& call, int mode) {  // 0 min, 1 max, 2 sum, 3 mean
  std::optional<Value> acc;
  std::size_t n = 0;
  for (std::size_t i = 0; i < call.items().size(); ++i) {
    const Value keep = call.filter(i);
    if (keep.is_unknown()) return keep;
    if (keep.is_false()) continue;
    const Value v = call.body(i);
    if (v.is_unknown()) return v;
    ++n;
    if (!acc) {
      acc = v;
      continue;
    }
    if (mode == 0 && order(v, *acc) < 0) acc = v;
    if (mode == 1 && order(v, *acc) > 0) acc = v;
    if (mode >= 2) acc = arithmetic(call.evaluator(), dsl::BinaryOp::add, *acc, v);
  }
  if (!acc) {
    if (mode == 2) return Value::number(0);
    return call.evaluator().unknown_because(mode == 0 ? "min(...) of no values" : mode == 1 ? "max(...) of no values" : "mean(...) of no values");
  }
  if (mode == 3) return arithmetic(call.evaluator(), dsl::BinaryOp::div, *acc, Value::number(static_cast<double>(n)));
  return *acc;
}

Value sort_of(BinderCall& call) {
  const auto items = call.items();
  std::vector<std::pair<Value, std::size_t>> keyed;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Value key = call.body(i);
    if (key.is_unknown()) return key;
    keyed.emplace_back(key, i);
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return order(a.first, b.first) < 0; });
  Value* out = call.evaluator().arena().allocate_array<Value>(items.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) out[i] = items[keyed[i].second];
  return Value::list({out, items.size()});
}

// Maximal runs of elements between those for which the body (the break
// condition) is true; breaking elements belong to no run.
Value runs_of(BinderCall& call) {
  const auto items = call.items();
  Value* out = call.evaluator().arena().allocate_array<Value>(items.size());
  std::size_t n = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= items.size(); ++i) {
    bool breaks = i == items.size();
    if (!breaks) {
      const Value b = call.body(i);
      if (b.is_unknown()) return b;
      breaks = b.is_true();
    }
    if (breaks) {
      if (i > start) out[n++] = Value::list(items.subspan(start, i - start));
      start = i + 1;
    }
  }
  return Value::list({out, n});
}

std::optional<TypeId> boolean_body(TypeTable& t, const std::vector<TypeId>& a, std::string& m, TypeId result) {
  if (a[1] != t.none() && !signature::is(t, a[1], dsl::TypeKind::boolean)) {
    m = fmt::format("the condition after ':' must be true, false or unknown; found {}", t.describe(a[1]));
    return std::nullopt;
  }
  return result;
}

void add(std::vector<Builtin>& table, std::string name, std::string summary,
         std::optional<TypeId> (*result)(TypeTable&, const std::vector<TypeId>&, std::string&), BinderFn fn,
         bool keeps_sources = false, ElementFn keeps_element = nullptr) {
  table.push_back(Builtin{{std::move(name), BuiltinSignature::Form::comprehension, {}, 0, result, std::move(summary)},
                          nullptr, fn, nullptr, false, false, keeps_sources, keeps_element});
}

}  // namespace

void add_comprehension_builtins(std::vector<Builtin>& table) {
  using R = std::optional<TypeId>;
  using A = const std::vector<TypeId>&;
  add(table, "any", "true if the condition holds for some element",
      [](TypeTable& t, A a, std::string& m) -> R { return boolean_body(t, a, m, t.boolean()); }, any_of);
  add(table, "all", "true if the condition holds for every element kept by 'where'",
      [](TypeTable& t, A a, std::string& m) -> R { return boolean_body(t, a, m, t.boolean()); }, all_of);
  add(table, "none", "true if the condition holds for no element",
      [](TypeTable& t, A a, std::string& m) -> R { return boolean_body(t, a, m, t.boolean()); },
      [](BinderCall& call) { return logical_not(any_of(call)); });
  add(table, "count", "the number of elements for which the condition holds",
      [](TypeTable& t, A a, std::string& m) -> R { return boolean_body(t, a, m, t.number()); }, count_of);
  add(table, "select", "the elements for which the condition holds",
      [](TypeTable& t, A a, std::string& m) -> R { return boolean_body(t, a, m, t.list_of(a[0])); }, select_of, true,
      select_element);
  add(table, "first", "the first element for which the condition holds; unknown if none",
      [](TypeTable& t, A a, std::string& m) -> R { return boolean_body(t, a, m, a[0]); },
      [](BinderCall& call) { return pick(call, false); });
  add(table, "last", "the last element for which the condition holds; unknown if none",
      [](TypeTable& t, A a, std::string& m) -> R { return boolean_body(t, a, m, a[0]); },
      [](BinderCall& call) { return pick(call, true); });
  add(table, "map", "the body for each element kept by 'where'",
      [](TypeTable& t, A a, std::string& m) -> R {
        if (a[1] == t.none()) {
          m = "map needs a body: map(x in LIST: EXPRESSION)";
          return std::nullopt;
        }
        return t.list_of(a[1]);
      },
      map_of);
  const auto ordered_result = [](TypeTable& t, A a, std::string& m) -> R {
    const TypeId value = a[1] == t.none() ? a[0] : a[1];
    if (!signature::orderable(t, value)) {
      m = fmt::format("needs numbers, quantities, durations or dates; found {}", t.describe(value));
      return std::nullopt;
    }
    return value;
  };
  add(table, "min", "the smallest body value; unknown if there is none or one is unknown", ordered_result,
      [](BinderCall& call) { return fold(call, 0); });
  add(table, "max", "the largest body value; unknown if there is none or one is unknown", ordered_result,
      [](BinderCall& call) { return fold(call, 1); });
  add(table, "sum", "the sum of the body values (0 for none)", ordered_result,
      [](BinderCall& call) { return fold(call, 2); });
  add(table, "mean", "the mean of the body values; unknown if there is none", ordered_result,
      [](BinderCall& call) { return fold(call, 3); });
  add(table, "sort", "the elements ordered by the body (a key), stable",
      [](TypeTable& t, A a, std::string& m) -> R {
        if (a[1] == t.none() || !signature::orderable(t, a[1])) {
          m = "sort needs a key: sort(x in LIST: KEY)";
          return std::nullopt;
        }
        return t.list_of(a[0]);
      },
      sort_of);
  add(table, "runs", "maximal runs of adjacent elements, split where the body (the break condition) is true",
      [](TypeTable& t, A a, std::string& m) -> R {
        if (a[1] == t.none()) {
          m = "runs needs a break condition: runs(x in LIST: BREAKS)";
          return std::nullopt;
        }
        return boolean_body(t, a, m, t.list_of(t.list_of(a[0])));
      },
      runs_of);
}

}  // namespace tacit::interpreter
