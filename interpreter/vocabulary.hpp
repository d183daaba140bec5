// The declared event fields: what kind of value each named field must hold.
//
// The rule language declares fields (`field viable_pct: number in 0..100`,
// `field modality: "CT" | "MRI" | "CEUS" | "US"`); the checker turns those
// declarations into this Vocabulary before any patient is read. The loader then
// checks every event against it, so a field of the wrong kind is reported with the
// patient, the event and the field when the data is read, not as a puzzling verdict
// later. A declaration applies to the member of that name of every event, whatever
// the event's type. Fields nobody declared are accepted as they are. null is always
// allowed: it means unknown.
//
// Built once, then shared read-only by all workers, like the SymbolTable.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/symbols.hpp"

namespace tacit::interpreter {

enum class FieldKind : std::uint8_t {
  number,   // a JSON number, within [min, max] when they are given
  boolean,  // true or false
  string,   // any string
  choice,   // one of `choices`, compared exactly (case-sensitive)
  date,     // a string "YYYY-MM-DD" naming a real day
  array,    // any array
  object,   // any object
};

struct FieldSpec {
  std::string name;
  FieldKind kind = FieldKind::string;
  std::vector<std::string> choices;  // FieldKind::choice only
  std::optional<double> min;         // FieldKind::number only; inclusive
  std::optional<double> max;         // FieldKind::number only; inclusive
};

class Vocabulary {
 public:
  // Declares a field and gives its name a symbol. A name declared twice keeps its
  // first declaration and returns false (the checker reports the conflict).
  bool declare(FieldSpec spec, SymbolTable& symbols) {
    const SymbolId symbol = symbols.intern(spec.name);
    const auto slot = static_cast<std::size_t>(symbol);
    if (slot < by_symbol_.size() && by_symbol_[slot] >= 0) {
      return false;
    }
    if (slot >= by_symbol_.size()) {
      by_symbol_.resize(slot + 1, -1);
    }
    by_symbol_[slot] = static_cast<std::int32_t>(fields_.size());
    fields_.push_back(std::move(spec));
    return true;
  }

  // The declaration of the field with this symbol, or null. The pointer is valid
  // until the next declare().
  [[nodiscard]] const FieldSpec* find(SymbolId symbol) const noexcept {
    const auto slot = static_cast<std::size_t>(symbol);
    if (symbol < 0 || slot >= by_symbol_.size() || by_symbol_[slot] < 0) {
      return nullptr;
    }
    return &fields_[static_cast<std::size_t>(by_symbol_[slot])];
  }

  [[nodiscard]] std::span<const FieldSpec> fields() const { return fields_; }
  [[nodiscard]] bool empty() const { return fields_.empty(); }

 private:
  std::vector<FieldSpec> fields_;
  std::vector<std::int32_t> by_symbol_;  // index in fields_ by symbol, -1 when undeclared
};

}  // namespace tacit::interpreter
