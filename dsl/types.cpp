#include "dsl/types.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace tacit::dsl {
namespace {

// The base unit of each dimension has to_base 1: mm, %, g/L, umol/L, U/L, mAU/mL,
// 10^9/L, 1. Substance and mass concentrations do not convert: that needs a
// molar mass, which is clinical knowledge and lives in the stdlib.
constexpr std::array<UnitInfo, 14> kUnits{{
    {"mm", Dimension::length, 1.0},
    {"cm", Dimension::length, 10.0},
    {"%", Dimension::fraction, 1.0},
    {"g/L", Dimension::mass_conc, 1.0},
    {"g/dL", Dimension::mass_conc, 10.0},
    {"mg/dL", Dimension::mass_conc, 0.01},
    {"ng/mL", Dimension::mass_conc, 1e-6},
    {"umol/L", Dimension::substance_conc, 1.0},
    {"\xC2\xB5mol/L", Dimension::substance_conc, 1.0},
    {"U/L", Dimension::activity, 1.0},
    {"mAU/mL", Dimension::arbitrary, 1.0},
    {"10^9/L", Dimension::cell_count, 1.0},
    {"1", Dimension::ratio, 1.0},
    {"mg/L", Dimension::mass_conc, 0.001},
}};

}  // namespace

std::optional<std::uint8_t> find_unit(std::string_view name) {
  for (std::size_t i = 0; i < kUnits.size(); ++i) {
    if (kUnits[i].name == name) return static_cast<std::uint8_t>(i);
  }
  return std::nullopt;
}

const UnitInfo& unit_info(std::uint8_t unit) { return kUnits.at(unit); }

std::string_view dimension_name(Dimension dimension) {
  switch (dimension) {
    case Dimension::none:
      return "number";
    case Dimension::length:
      return "length";
    case Dimension::fraction:
      return "percentage";
    case Dimension::mass_conc:
      return "mass concentration";
    case Dimension::substance_conc:
      return "substance concentration";
    case Dimension::activity:
      return "catalytic activity";
    case Dimension::arbitrary:
      return "arbitrary units";
    case Dimension::cell_count:
      return "cell count";
    case Dimension::ratio:
      return "ratio";
  }
  return "?";
}

// A month is 30.4375 days (365.25 / 12) and a year 365.25 days; durations are
// whole days, rounded to the nearest (6 months = 183 days).
std::optional<double> duration_unit_days(std::string_view word) {
  if (word == "day" || word == "days") return 1.0;
  if (word == "week" || word == "weeks") return 7.0;
  if (word == "month" || word == "months") return 30.4375;
  if (word == "year" || word == "years") return 365.25;
  return std::nullopt;
}

TypeTable::TypeTable() {
  const TypeKind basics[] = {TypeKind::any,    TypeKind::boolean, TypeKind::number, TypeKind::duration, TypeKind::date,
                             TypeKind::string, TypeKind::event,   TypeKind::record, TypeKind::none};
  for (TypeKind kind : basics) {
    Type type;
    type.kind = kind;
    types_.push_back(std::move(type));
  }
}

namespace {
bool same(const Type& a, const Type& b) {
  if (a.kind != b.kind || a.dimension != b.dimension || a.element != b.element || a.choices != b.choices ||
      a.fields.size() != b.fields.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.fields.size(); ++i) {
    if (a.fields[i].name != b.fields[i].name || a.fields[i].type != b.fields[i].type) return false;
  }
  return true;
}
}  // namespace

TypeId TypeTable::intern(Type type) {
  for (TypeId id = 0; id < types_.size(); ++id) {
    if (same(types_[id], type)) return id;
  }
  types_.push_back(std::move(type));
  return static_cast<TypeId>(types_.size() - 1);
}

TypeId TypeTable::list_of(TypeId element) {
  Type type;
  type.kind = TypeKind::list;
  type.element = element;
  return intern(std::move(type));
}

TypeId TypeTable::quantity(Dimension dimension) {
  Type type;
  type.kind = TypeKind::quantity;
  type.dimension = dimension;
  return intern(std::move(type));
}

std::string TypeTable::describe(TypeId id) const {
  const Type& type = types_[id];
  switch (type.kind) {
    case TypeKind::any:
      return "any";
    case TypeKind::boolean:
      return "bool";
    case TypeKind::number:
      return "number";
    case TypeKind::quantity:
      return fmt::format("quantity ({})", dimension_name(type.dimension));
    case TypeKind::duration:
      return "duration";
    case TypeKind::date:
      return "date";
    case TypeKind::string:
      if (!type.choices.empty()) {
        std::string out;
        for (const auto& choice : type.choices) out += fmt::format("{}\"{}\"", out.empty() ? "" : " | ", choice);
        return out;
      }
      return "string";
    case TypeKind::event:
      return "event";
    case TypeKind::list:
      return fmt::format("list<{}>", describe(type.element));
    case TypeKind::record: {
      if (type.fields.empty()) return "record";
      std::string out = "{";
      for (const auto& field : type.fields) {
        out += fmt::format("{}{}: {}", out.size() > 1 ? ", " : "", field.name, describe(field.type));
      }
      return out + "}";
    }
    case TypeKind::none:
      return "(error)";
  }
  return "?";
}

bool assignable(const TypeTable& types, TypeId from, TypeId to) {
  if (from == to) return true;
  const Type& a = types.get(from);
  const Type& b = types.get(to);
  if (a.kind == TypeKind::any || b.kind == TypeKind::any || a.kind == TypeKind::none || b.kind == TypeKind::none) {
    return true;
  }
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case TypeKind::quantity:
      return a.dimension == b.dimension;
    case TypeKind::list:
      return assignable(types, a.element, b.element);
    case TypeKind::record:
      if (b.fields.empty()) return true;
      for (const auto& wanted : b.fields) {
        bool found = false;
        for (const auto& have : a.fields) {
          if (have.name == wanted.name && assignable(types, have.type, wanted.type)) found = true;
        }
        if (!found && !a.fields.empty()) return false;
      }
      return true;
    case TypeKind::string:
      if (b.choices.empty()) return true;
      for (const auto& choice : a.choices) {
        if (std::find(b.choices.begin(), b.choices.end(), choice) == b.choices.end()) return false;
      }
      return !a.choices.empty() || true;
    default:
      return true;
  }
}

}  // namespace tacit::dsl
