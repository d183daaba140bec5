#include "interpreter/operators.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "dsl/types.hpp"
#include "interpreter/evaluator.hpp"

namespace tacit::interpreter {
namespace {

constexpr double kRelativeTolerance = 1e-9;

// Relative to the larger magnitude, with a floor of one `unit` (a number's unit
// is 1; a quantity's is its written unit in base units, so 200 ng/mL, stored as
// 2e-4 g/L, still compares to a millionth of a ng/mL).
int order_numbers(double a, double b, double unit = 1.0) {
  const double scale = std::max({std::fabs(a), std::fabs(b), unit});
  if (std::fabs(a - b) <= kRelativeTolerance * scale) return 0;
  return a < b ? -1 : 1;
}

std::string_view kind_text(ValueKind kind) {
  switch (kind) {
    case ValueKind::unknown:
      return "unknown";
    case ValueKind::boolean:
      return "a bool";
    case ValueKind::number:
      return "a number";
    case ValueKind::quantity:
      return "a quantity";
    case ValueKind::duration:
      return "a duration";
    case ValueKind::date:
      return "a date";
    case ValueKind::string:
      return "a string";
    case ValueKind::event:
      return "an event";
    case ValueKind::list:
      return "a list";
    case ValueKind::record:
    case ValueKind::object:
      return "a record";
  }
  return "a value";
}

[[noreturn]] void mismatch(std::string_view verb, const Value& a, const Value& b) {
  throw EvalError(fmt::format("cannot {} {} and {} (a field of the data has an unexpected kind)", verb,
                              kind_text(a.kind()), kind_text(b.kind())));
}

bool same_dimension(const Value& a, const Value& b) {
  return dsl::unit_info(a.unit()).dimension == dsl::unit_info(b.unit()).dimension;
}

}  // namespace

Value logical_not(const Value& value) {
  if (value.is_unknown()) return value;
  if (value.kind() != ValueKind::boolean) throw EvalError(fmt::format("'not' needs a bool, found {}", kind_text(value.kind())));
  return Value::boolean(!value.as_bool());
}

Value negate(const Value& value) {
  switch (value.kind()) {
    case ValueKind::unknown:
      return value;
    case ValueKind::number:
      return Value::number(-value.as_number());
    case ValueKind::quantity:
      return Value::quantity(-value.as_number(), value.unit());
    case ValueKind::duration:
      return Value::duration(-value.as_days());
    default:
      throw EvalError(fmt::format("cannot negate {}", kind_text(value.kind())));
  }
}

int order(const Value& a, const Value& b) {
  switch (a.kind()) {
    case ValueKind::number:
      return order_numbers(a.as_number(), b.as_number());
    case ValueKind::quantity:
      return order_numbers(a.as_number(), b.as_number(),
                           std::min(dsl::unit_info(a.unit()).to_base, dsl::unit_info(b.unit()).to_base));
    case ValueKind::duration:
    case ValueKind::date:
      return a.as_days() < b.as_days() ? -1 : a.as_days() > b.as_days() ? 1 : 0;
    case ValueKind::string:
      return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() == b.as_string() ? 0 : 1;
    case ValueKind::boolean:
      return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
    default:
      return 0;
  }
}

Value equal(const Value& a, const Value& b) {
  if (a.is_unknown() || b.is_unknown()) return Value::unknown();
  if (a.kind() != b.kind()) {
    // A number of the data compared with a quantity literal is a rule error the
    // checker lets through for undeclared fields.
    mismatch("compare", a, b);
  }
  switch (a.kind()) {
    case ValueKind::quantity:
      if (!same_dimension(a, b)) mismatch("compare", a, b);
      return Value::boolean(order(a, b) == 0);
    case ValueKind::event:
      return Value::boolean(a.as_event() == b.as_event());
    case ValueKind::list: {
      const auto x = a.as_list();
      const auto y = b.as_list();
      if (x.size() != y.size()) return Value::boolean(false);
      bool unknown = false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        const Value e = equal(x[i], y[i]);
        if (e.is_false()) return e;
        if (e.is_unknown()) unknown = true;
      }
      return unknown ? Value::unknown() : Value::boolean(true);
    }
    case ValueKind::record:
    case ValueKind::object:
      return Value::boolean(a.as_object() == b.as_object());
    default:
      return Value::boolean(order(a, b) == 0);
  }
}

Value compare(dsl::BinaryOp op, const Value& a, const Value& b) {
  const bool orderable = a.kind() == ValueKind::number || a.kind() == ValueKind::quantity ||
                         a.kind() == ValueKind::duration || a.kind() == ValueKind::date;
  if (a.kind() != b.kind() || !orderable) mismatch("compare", a, b);
  if (a.kind() == ValueKind::quantity && !same_dimension(a, b)) mismatch("compare", a, b);
  const int o = order(a, b);
  switch (op) {
    case dsl::BinaryOp::lt:
      return Value::boolean(o < 0);
    case dsl::BinaryOp::le:
      return Value::boolean(o <= 0);
    case dsl::BinaryOp::gt:
      return Value::boolean(o > 0);
    default:
      return Value::boolean(o >= 0);
  }
}

Value arithmetic(Evaluator& evaluator, dsl::BinaryOp op, const Value& a, const Value& b) {
  using dsl::BinaryOp;
  const ValueKind x = a.kind();
  const ValueKind y = b.kind();
  switch (op) {
    case BinaryOp::add:
      if (x == ValueKind::number && y == ValueKind::number) return Value::number(a.as_number() + b.as_number());
      if (x == ValueKind::quantity && y == ValueKind::quantity && same_dimension(a, b)) {
        return Value::quantity(a.as_number() + b.as_number(), a.unit());
      }
      if (x == ValueKind::duration && y == ValueKind::duration) return Value::duration(a.as_days() + b.as_days());
      if (x == ValueKind::date && y == ValueKind::duration) return Value::date(a.as_days() + b.as_days());
      if (x == ValueKind::duration && y == ValueKind::date) return Value::date(a.as_days() + b.as_days());
      mismatch("add", a, b);
    case BinaryOp::sub:
      if (x == ValueKind::number && y == ValueKind::number) return Value::number(a.as_number() - b.as_number());
      if (x == ValueKind::quantity && y == ValueKind::quantity && same_dimension(a, b)) {
        return Value::quantity(a.as_number() - b.as_number(), a.unit());
      }
      if (x == ValueKind::duration && y == ValueKind::duration) return Value::duration(a.as_days() - b.as_days());
      if (x == ValueKind::date && y == ValueKind::duration) return Value::date(a.as_days() - b.as_days());
      if (x == ValueKind::date && y == ValueKind::date) return Value::duration(a.as_days() - b.as_days());
      mismatch("subtract", a, b);
    case BinaryOp::mul:
      if (x == ValueKind::number && y == ValueKind::number) return Value::number(a.as_number() * b.as_number());
      if (x == ValueKind::quantity && y == ValueKind::number) return Value::quantity(a.as_number() * b.as_number(), a.unit());
      if (x == ValueKind::number && y == ValueKind::quantity) return Value::quantity(a.as_number() * b.as_number(), b.unit());
      if (x == ValueKind::duration && y == ValueKind::number) {
        return Value::duration(static_cast<std::int32_t>(std::lround(a.as_days() * b.as_number())));
      }
      if (x == ValueKind::number && y == ValueKind::duration) {
        return Value::duration(static_cast<std::int32_t>(std::lround(a.as_number() * b.as_days())));
      }
      mismatch("multiply", a, b);
    case BinaryOp::div: {
      const bool zero = (y == ValueKind::number || y == ValueKind::quantity) ? b.as_number() == 0.0
                        : y == ValueKind::duration                         ? b.as_days() == 0
                                                                           : false;
      if (zero) return evaluator.unknown_because("division by zero");
      if (x == ValueKind::number && y == ValueKind::number) return Value::number(a.as_number() / b.as_number());
      if (x == ValueKind::quantity && y == ValueKind::number) return Value::quantity(a.as_number() / b.as_number(), a.unit());
      if (x == ValueKind::quantity && y == ValueKind::quantity && same_dimension(a, b)) {
        return Value::number(a.as_number() / b.as_number());
      }
      if (x == ValueKind::duration && y == ValueKind::duration) {
        return Value::number(static_cast<double>(a.as_days()) / b.as_days());
      }
      if (x == ValueKind::duration && y == ValueKind::number) {
        return Value::duration(static_cast<std::int32_t>(std::lround(a.as_days() / b.as_number())));
      }
      mismatch("divide", a, b);
    }
    default:
      mismatch("combine", a, b);
  }
}

}  // namespace tacit::interpreter
