// Run-time values of the rule language.
//
// A Value is 16 bytes and owns nothing: lists, records and strings it points to
// live in the worker's Arena (reset between patients) or in the patient's data.
// Unknown is a value like any other; it carries, when known, *why* it is unknown
// (a Missing node), so an indeterminate verdict can say which data would decide it.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <string_view>

#include "interpreter/data.hpp"
#include "interpreter/date.hpp"
#include "interpreter/symbols.hpp"

namespace tacit::interpreter {

struct Event;

enum class ValueKind : std::uint8_t { unknown, boolean, number, quantity, duration, date, string, event, list, record, object };

// Why a value is unknown: a small DAG in the Arena, formatted only when an
// indeterminate verdict is reported.
struct Missing {
  enum class Kind : std::uint8_t { field, message, join } kind;
  SymbolId field = no_symbol;      // field: the missing field ...
  const Event* event = nullptr;    // ... of this event (null: of the patient)
  const char* text = nullptr;      // message
  std::uint32_t text_size = 0;
  const Missing* left = nullptr;   // join
  const Missing* right = nullptr;
};

struct RecordEntry;

class Value {
 public:
  Value() : number_(0) {}

  static Value unknown(const Missing* why = nullptr) {
    Value v;
    v.kind_ = ValueKind::unknown;
    v.missing_ = why;
    return v;
  }
  static Value boolean(bool b) {
    Value v;
    v.kind_ = ValueKind::boolean;
    v.flag_ = b;
    return v;
  }
  static Value number(double n) {
    Value v;
    v.kind_ = ValueKind::number;
    v.number_ = n;
    return v;
  }
  // `base` is the value in the dimension's base unit; `unit` is kept for display.
  static Value quantity(double base, std::uint8_t unit) {
    Value v;
    v.kind_ = ValueKind::quantity;
    v.number_ = base;
    v.aux_ = unit;
    return v;
  }
  static Value duration(std::int32_t days) {
    Value v;
    v.kind_ = ValueKind::duration;
    v.days_ = days;
    return v;
  }
  static Value date(Date d) {
    Value v;
    v.kind_ = ValueKind::date;
    v.days_ = d;
    return v;
  }
  static Value string(std::string_view s) {
    Value v;
    v.kind_ = ValueKind::string;
    v.size_ = static_cast<std::uint32_t>(s.size());
    v.chars_ = s.data();
    return v;
  }
  static Value event(const Event* e) {
    Value v;
    v.kind_ = ValueKind::event;
    v.event_ = e;
    return v;
  }
  // `sources`: the event types the elements are events of (memo.hpp), 0 for a
  // list of anything else.
  // `sources`: the event types the list's events come from (memo.hpp);
  // `may_turn_unknown`: a select's result that a later element can make unknown
  // (stable_select.cpp).
  static Value list(std::span<const Value> items, std::uint16_t sources = 0, bool may_turn_unknown = false) {
    Value v;
    v.kind_ = ValueKind::list;
    v.size_ = static_cast<std::uint32_t>(items.size());
    v.items_ = items.data();
    v.aux_ = sources;
    v.flag_ = may_turn_unknown;
    return v;
  }
  static Value record(std::span<const RecordEntry> entries);
  // An object of the patient's data (a lesion, the patient itself), read by name.
  static Value object(const Datum* datum) {
    Value v;
    v.kind_ = ValueKind::object;
    v.datum_ = datum;
    return v;
  }

  [[nodiscard]] ValueKind kind() const { return kind_; }
  [[nodiscard]] bool is_unknown() const { return kind_ == ValueKind::unknown; }
  [[nodiscard]] bool is_true() const { return kind_ == ValueKind::boolean && flag_; }
  [[nodiscard]] bool is_false() const { return kind_ == ValueKind::boolean && !flag_; }
  [[nodiscard]] bool as_bool() const { return flag_; }
  [[nodiscard]] double as_number() const { return number_; }
  [[nodiscard]] std::uint8_t unit() const { return static_cast<std::uint8_t>(aux_); }
  [[nodiscard]] std::uint16_t sources() const { return kind_ == ValueKind::list ? aux_ : 0; }
  [[nodiscard]] bool may_turn_unknown() const { return kind_ == ValueKind::list && flag_; }
  [[nodiscard]] std::int32_t as_days() const { return days_; }
  [[nodiscard]] std::string_view as_string() const { return {chars_, size_}; }
  [[nodiscard]] const Event* as_event() const { return event_; }
  [[nodiscard]] std::span<const Value> as_list() const { return {items_, size_}; }
  [[nodiscard]] std::span<const RecordEntry> as_record() const;
  [[nodiscard]] const Datum* as_object() const { return datum_; }
  [[nodiscard]] const Missing* missing() const { return missing_; }

  // Identity of representation (same kind and same bits), for memo keys: two
  // equal strings at different addresses are different keys, which only costs a
  // cache miss.
  [[nodiscard]] bool identical(const Value& other) const {
    return kind_ == other.kind_ && aux_ == other.aux_ && flag_ == other.flag_ && size_ == other.size_ &&
           payload_bits() == other.payload_bits();
  }
  [[nodiscard]] std::uint64_t payload_bits() const {
    std::uint64_t bits = 0;
    std::memcpy(&bits, &number_, sizeof bits);
    return bits;
  }

 private:
  ValueKind kind_ = ValueKind::unknown;
  bool flag_ = false;
  std::uint16_t aux_ = 0;  // quantity: unit; list: source event types
  std::uint32_t size_ = 0;
  union {
    double number_;
    std::int32_t days_;
    const char* chars_;
    const Event* event_;
    const Value* items_;
    const RecordEntry* entries_;
    const Datum* datum_;
    const Missing* missing_;
  };
};

static_assert(sizeof(Value) == 16, "a Value is two words");

struct RecordEntry {
  SymbolId symbol;
  Value value;
};

inline Value Value::record(std::span<const RecordEntry> entries) {
  Value v;
  v.kind_ = ValueKind::record;
  v.size_ = static_cast<std::uint32_t>(entries.size());
  v.entries_ = entries.data();
  return v;
}

inline std::span<const RecordEntry> Value::as_record() const { return {entries_, size_}; }

// Three-valued truth of a verdict or clause.
enum class Truth : std::uint8_t { false_, true_, unknown };

inline Truth truth_of(const Value& v) {
  if (v.kind() == ValueKind::boolean) return v.as_bool() ? Truth::true_ : Truth::false_;
  return Truth::unknown;
}

}  // namespace tacit::interpreter
