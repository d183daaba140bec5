// Builtins on single values: quantities from data, unit conversion, missing-data
// annotations, and a little arithmetic.
#include <cmath>

#include <fmt/format.h>

#include "dsl/types.hpp"
#include "interpreter/builtin_types.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/operators.hpp"

namespace tacit::interpreter {
namespace {

using dsl::BuiltinSignature;
using dsl::TypeId;
using dsl::TypeKind;
using dsl::TypeTable;
using signature::is;

std::optional<TypeId> numeric(TypeTable& t, const std::vector<TypeId>& a, std::string& m) {
  for (TypeId arg : a) {
    const auto kind = t.get(arg).kind;
    if (kind != TypeKind::number && kind != TypeKind::quantity && kind != TypeKind::duration && kind != TypeKind::any) {
      m = fmt::format("expected a number, quantity or duration, found {}", t.describe(arg));
      return std::nullopt;
    }
  }
  return a[0];
}

Value first_unknown(std::span<const Value> args) {
  for (const Value& arg : args) {
    if (arg.is_unknown()) return arg;
  }
  return Value::boolean(true);
}

Value unary_math(std::span<const Value> args, double (*fn)(double)) {
  if (args[0].is_unknown()) return args[0];
  if (args[0].kind() == ValueKind::quantity) return Value::quantity(fn(args[0].as_number()), args[0].unit());
  if (args[0].kind() == ValueKind::duration) {
    return Value::duration(static_cast<std::int32_t>(fn(static_cast<double>(args[0].as_days()))));
  }
  return Value::number(fn(args[0].as_number()));
}

}  // namespace

void add_value_builtins(std::vector<Builtin>& table) {
  table.push_back(Builtin{
      {"quantity", BuiltinSignature::Form::call, {"value", "unit"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!is(t, a[0], TypeKind::number) || !is(t, a[1], TypeKind::string)) {
           m = "expected quantity(NUMBER, UNIT STRING), e.g. quantity(l.value, l.unit)";
           return std::nullopt;
         }
         return t.any();
       },
       "a quantity from a number and a unit read from data; unknown for a unit tacit does not know"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (Value u = first_unknown(args); u.is_unknown()) return u;
        const auto unit = dsl::find_unit(args[1].as_string());
        if (!unit) return ev.unknown_because(fmt::format("unit \"{}\" is not one tacit converts", args[1].as_string()));
        return Value::quantity(args[0].as_number() * dsl::unit_info(*unit).to_base, *unit);
      }});
  table.push_back(Builtin{
      {"value_in", BuiltinSignature::Form::call, {"quantity", "unit"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!is(t, a[0], TypeKind::quantity) || !is(t, a[1], TypeKind::string)) {
           m = "expected value_in(QUANTITY, UNIT STRING), e.g. value_in(albumin, \"g/L\")";
           return std::nullopt;
         }
         return t.number();
       },
       "the number a quantity is in a unit of its dimension"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (Value u = first_unknown(args); u.is_unknown()) return u;
        const auto unit = dsl::find_unit(args[1].as_string());
        if (!unit || args[0].kind() != ValueKind::quantity ||
            dsl::unit_info(*unit).dimension != dsl::unit_info(args[0].unit()).dimension) {
          return ev.unknown_because(fmt::format("cannot express {} in {}", ev.text_of(args[0]), args[1].as_string()));
        }
        return Value::number(args[0].as_number() / dsl::unit_info(*unit).to_base);
      }});
  table.push_back(Builtin{
      {"unit_of", BuiltinSignature::Form::call, {"quantity"}, 1,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!is(t, a[0], TypeKind::quantity)) {
           m = "expected a quantity";
           return std::nullopt;
         }
         return t.string();
       },
       "the unit a quantity was written or recorded in"},
      [](Evaluator&, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        return Value::string(dsl::unit_info(args[0].unit()).name);
      }});
  table.push_back(Builtin{
      {"missing", BuiltinSignature::Form::call, {"value", "because"}, 2,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!is(t, a[1], TypeKind::string)) {
           m = "the reason must be a string";
           return std::nullopt;
         }
         return a[0];
       },
       "the value; when it is unknown, the reason is what explanations list as missing data"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (!args[0].is_unknown()) return args[0];
        if (args[1].is_unknown()) return args[0];
        return ev.unknown_because(args[1].as_string());
      },
                          nullptr, nullptr, true});
  table.push_back(Builtin{{"abs", BuiltinSignature::Form::call, {"x"}, 1, numeric, "the absolute value"},
                          [](Evaluator&, std::span<const Value> args) { return unary_math(args, [](double x) { return std::fabs(x); }); }});
  table.push_back(Builtin{
      {"round", BuiltinSignature::Form::call, {"x"}, 1, numeric, "the nearest whole number (halves away from zero)"},
      [](Evaluator&, std::span<const Value> args) { return unary_math(args, [](double x) { return std::round(x); }); }});
  table.push_back(Builtin{
      {"log10", BuiltinSignature::Form::call, {"x"}, 1,
       [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
         if (!is(t, a[0], TypeKind::number)) {
           m = "expected a number (take value_in(q, UNIT) of a quantity first)";
           return std::nullopt;
         }
         return t.number();
       },
       "the base-10 logarithm; unknown for zero or negative numbers"},
      [](Evaluator& ev, std::span<const Value> args) {
        if (args[0].is_unknown()) return args[0];
        if (args[0].as_number() <= 0) return ev.unknown_because("log10 of a number that is not positive");
        return Value::number(std::log10(args[0].as_number()));
      }});
  const auto pair_result = [](TypeTable& t, const std::vector<TypeId>& a, std::string& m) -> std::optional<TypeId> {
    if (!signature::orderable(t, a[0]) || !dsl::assignable(t, a[0], a[1])) {
      m = fmt::format("expected two values of one kind, found {} and {}", t.describe(a[0]), t.describe(a[1]));
      return std::nullopt;
    }
    return a[0];
  };
  table.push_back(Builtin{{"min", BuiltinSignature::Form::call, {"a", "b"}, 2, pair_result, "the smaller of two values"},
                          [](Evaluator&, std::span<const Value> args) {
                            if (Value u = first_unknown(args); u.is_unknown()) return u;
                            return order(args[1], args[0]) < 0 ? args[1] : args[0];
                          }});
  table.push_back(Builtin{{"max", BuiltinSignature::Form::call, {"a", "b"}, 2, pair_result, "the larger of two values"},
                          [](Evaluator&, std::span<const Value> args) {
                            if (Value u = first_unknown(args); u.is_unknown()) return u;
                            return order(args[1], args[0]) > 0 ? args[1] : args[0];
                          }});
}

}  // namespace tacit::interpreter
