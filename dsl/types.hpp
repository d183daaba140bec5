// Static types and units of the rule language.
//
// Types are checked when a rule file loads, so an editor's mistake is caught
// before any patient is read. `any` is the type of data whose kind is only known
// at run time (undeclared event fields, patient attributes); it is accepted
// wherever a type is expected and checked when used.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tacit::dsl {

// Physical dimensions of quantities. Values of one dimension convert; values of
// different dimensions never compare.
enum class Dimension : std::uint8_t {
  none,
  length,         // mm, cm
  fraction,       // %
  mass_conc,      // ng/mL, mg/dL, g/dL, g/L
  substance_conc, // umol/L
  activity,       // U/L
  arbitrary,      // mAU/mL
  cell_count,     // 10^9/L
  ratio,          // "1" (INR)
};

struct UnitInfo {
  std::string_view name;
  Dimension dimension;
  double to_base;  // value in unit * to_base = value in the dimension's base unit
};

// The unit named as in rule files and in the timeline spec ("mg/dL", "umol/L",
// "µmol/L", "%", ...), or nullopt.
[[nodiscard]] std::optional<std::uint8_t> find_unit(std::string_view name);
[[nodiscard]] const UnitInfo& unit_info(std::uint8_t unit);
[[nodiscard]] std::string_view dimension_name(Dimension dimension);
// Days in a duration unit word ("days", "week", "months"...), or nullopt.
[[nodiscard]] std::optional<double> duration_unit_days(std::string_view word);

using TypeId = std::uint32_t;

enum class TypeKind : std::uint8_t { any, boolean, number, quantity, duration, date, string, event, list, record, none };

struct RecordField {
  std::string name;
  TypeId type;
};

struct Type {
  TypeKind kind = TypeKind::any;
  Dimension dimension = Dimension::none;  // quantity
  TypeId element = 0;                     // list
  std::vector<RecordField> fields;        // record; empty: fields unknown (open record)
  std::vector<std::string> choices;       // string: allowed values, empty: any string
};

// Interns types so that a TypeId names one structure.
class TypeTable {
 public:
  TypeTable();
  TypeId intern(Type type);
  [[nodiscard]] const Type& get(TypeId id) const { return types_[id]; }
  [[nodiscard]] std::string describe(TypeId id) const;

  TypeId any() const { return 0; }
  TypeId boolean() const { return 1; }
  TypeId number() const { return 2; }
  TypeId duration() const { return 3; }
  TypeId date() const { return 4; }
  TypeId string() const { return 5; }
  TypeId event() const { return 6; }
  TypeId open_record() const { return 7; }
  TypeId none() const { return 8; }  // the type of a failed expression: no cascade of errors
  TypeId list_of(TypeId element);
  TypeId quantity(Dimension dimension);

 private:
  std::vector<Type> types_;
};

// Whether a value of type `from` may be used where `to` is expected.
[[nodiscard]] bool assignable(const TypeTable& types, TypeId from, TypeId to);

}  // namespace tacit::dsl
