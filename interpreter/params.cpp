#include "interpreter/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include <fmt/format.h>

#include "dsl/checker.hpp"
#include "dsl/types.hpp"

namespace tacit::interpreter {
namespace {

const dsl::Param& param_of(const dsl::Program& program, const dsl::Global& g) {
  return std::get<dsl::Param>(program.files[g.file].ast.items[g.item].node);
}

std::optional<double> parse_number(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// The value of a literal default (the checker allows only literals there).
Value literal_value(const dsl::Program& program, std::uint32_t file, dsl::ExprId id, Arena& storage) {
  const dsl::Expr& e = program.files[file].ast.expr(id);
  if (const auto* b = std::get_if<dsl::BoolLiteral>(&e.node)) {
    if (b->value == dsl::BoolLiteral::Value::unknown) return Value::unknown();
    return Value::boolean(b->value == dsl::BoolLiteral::Value::true_);
  }
  if (const auto* n = std::get_if<dsl::NumberLiteral>(&e.node)) return Value::number(n->value);
  if (const auto* q = std::get_if<dsl::QuantityLiteral>(&e.node)) {
    if (const auto days = dsl::duration_unit_days(q->unit)) {
      return Value::duration(static_cast<std::int32_t>(std::lround(q->value * *days)));
    }
    const auto unit = dsl::find_unit(q->unit).value_or(0);
    return Value::quantity(q->value * dsl::unit_info(unit).to_base, unit);
  }
  if (const auto* d = std::get_if<dsl::DateLiteral>(&e.node)) return Value::date(d->days);
  if (const auto* s = std::get_if<dsl::StringLiteral>(&e.node)) {
    std::string text;
    for (const auto& part : s->parts) text += part.text;
    return Value::string(storage.copy(text));
  }
  if (const auto* u = std::get_if<dsl::Unary>(&e.node); u != nullptr && u->op == dsl::UnaryOp::negate) {
    const Value inner = literal_value(program, file, u->operand, storage);
    if (inner.kind() == ValueKind::number) return Value::number(-inner.as_number());
    if (inner.kind() == ValueKind::quantity) return Value::quantity(-inner.as_number(), inner.unit());
    if (inner.kind() == ValueKind::duration) return Value::duration(-inner.as_days());
  }
  if (const auto* p = std::get_if<dsl::Parenthesized>(&e.node)) return literal_value(program, file, p->inner, storage);
  if (const auto* l = std::get_if<dsl::ListLiteral>(&e.node)) {
    Value* items = storage.allocate_array<Value>(l->elements.size());
    for (std::size_t i = 0; i < l->elements.size(); ++i) items[i] = literal_value(program, file, l->elements[i], storage);
    return Value::list({items, l->elements.size()});
  }
  return Value::unknown();
}

std::optional<Value> parse_as(const dsl::Program& program, dsl::TypeId type_id, const std::string& text,
                              Arena& storage, std::string& problem) {
  const dsl::Type& type = program.types.get(type_id);
  switch (type.kind) {
    case dsl::TypeKind::boolean:
      if (text == "true") return Value::boolean(true);
      if (text == "false") return Value::boolean(false);
      problem = "expected true or false";
      return std::nullopt;
    case dsl::TypeKind::number:
      if (const auto n = parse_number(text)) return Value::number(*n);
      problem = "expected a number";
      return std::nullopt;
    case dsl::TypeKind::duration: {
      std::string_view number = text;
      double days_per = 1;
      if (const auto space = text.find(' '); space != std::string::npos) {
        const auto unit = dsl::duration_unit_days(std::string_view(text).substr(space + 1));
        if (!unit) {
          problem = "expected a number of days, or a number and days/weeks/months";
          return std::nullopt;
        }
        days_per = *unit;
        number = std::string_view(text).substr(0, space);
      }
      if (const auto n = parse_number(number)) return Value::duration(static_cast<std::int32_t>(std::lround(*n * days_per)));
      problem = "expected a number of days";
      return std::nullopt;
    }
    case dsl::TypeKind::quantity: {
      std::string_view number = text;
      std::optional<std::uint8_t> unit;
      if (const auto space = text.find(' '); space != std::string::npos) {
        unit = dsl::find_unit(std::string_view(text).substr(space + 1));
        number = std::string_view(text).substr(0, space);
        if (!unit || dsl::unit_info(*unit).dimension != type.dimension) {
          problem = fmt::format("expected a {} unit", dsl::dimension_name(type.dimension));
          return std::nullopt;
        }
      }
      const auto n = parse_number(number);
      if (!n) {
        problem = "expected a number and a unit";
        return std::nullopt;
      }
      if (!unit) {
        problem = "expected a number with its unit, e.g. \"3 mg/dL\"";
        return std::nullopt;
      }
      return Value::quantity(*n * dsl::unit_info(*unit).to_base, *unit);
    }
    case dsl::TypeKind::date: {
      std::string literal = "x";
      (void)literal;
      if (text.size() == 10) {
        int y = 0;
        unsigned m = 0;
        unsigned d = 0;
        if (std::sscanf(text.c_str(), "%4d-%2u-%2u", &y, &m, &d) == 3) {
          const auto date = make_date(y, m, d);
          if (date) return Value::date(*date);
        }
      }
      problem = "expected a date YYYY-MM-DD";
      return std::nullopt;
    }
    case dsl::TypeKind::string:
      if (!type.choices.empty() && std::find(type.choices.begin(), type.choices.end(), text) == type.choices.end()) {
        problem = fmt::format("expected one of {}", fmt::join(type.choices, ", "));
        return std::nullopt;
      }
      return Value::string(storage.copy(text));
    default:
      problem = fmt::format("parameters of type {} cannot be set from the command line", program.types.describe(type_id));
      return std::nullopt;
  }
}

double as_number(const Value& v) {
  return v.kind() == ValueKind::duration ? static_cast<double>(v.as_days()) : v.as_number();
}

}  // namespace

std::optional<ParamOverride> parse_override(std::string_view text) {
  const auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0) return std::nullopt;
  return ParamOverride{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

std::vector<Value> resolve_params(const dsl::Program& program, const std::vector<ParamOverride>& overrides,
                                  Arena& storage, std::vector<std::string>& errors) {
  std::vector<Value> values(program.globals.size());
  std::vector<std::string> declared;
  for (std::uint32_t id = 0; id < program.globals.size(); ++id) {
    const dsl::Global& g = program.globals[id];
    if (g.kind != dsl::Global::Kind::param) continue;
    declared.push_back(g.name);
    values[id] = literal_value(program, g.file, param_of(program, g).default_value, storage);
  }
  for (const ParamOverride& override : overrides) {
    bool found = false;
    for (std::uint32_t id = 0; id < program.globals.size(); ++id) {
      const dsl::Global& g = program.globals[id];
      if (g.kind != dsl::Global::Kind::param || g.name != override.name) continue;
      found = true;
      std::string problem;
      const auto value = parse_as(program, g.type, override.value, storage, problem);
      const std::string where = program.files[g.file].name();
      if (!value) {
        errors.push_back(fmt::format("--param {}={}: {} (parameter of {}, type {})", override.name, override.value,
                                     problem, where, program.types.describe(g.type)));
        continue;
      }
      const dsl::Param& param = param_of(program, g);
      if (param.range) {
        const Value low = literal_value(program, g.file, param.range->low, storage);
        const Value high = literal_value(program, g.file, param.range->high, storage);
        if (as_number(*value) < as_number(low) || as_number(*value) > as_number(high)) {
          errors.push_back(fmt::format("--param {}={}: outside the allowed range {}..{} of {}", override.name,
                                       override.value, as_number(low), as_number(high), where));
          continue;
        }
      }
      values[id] = *value;
    }
    if (!found) {
      const std::set<std::string> unique(declared.begin(), declared.end());
      const std::string hint = dsl::closest_name(override.name, std::vector<std::string>(unique.begin(), unique.end()));
      errors.push_back(fmt::format("--param {}: no loaded rule declares a parameter '{}'{}", override.name, override.name,
                                   hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
    }
  }
  return values;
}

}  // namespace tacit::interpreter
