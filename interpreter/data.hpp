// The data of a timeline: an immutable JSON-like tree, allocated in an Arena.
//
// The timeline contract is schema-flexible (a rule may read any field of any event),
// so a patient is kept whole, as a tree of Datum: null, boolean, number (double),
// string, array and object. A Datum is 16 bytes and owns nothing: strings, elements
// and members live in the Arena of the worker that parsed the patient and die with
// its reset(). Object members keep their name and, when a rule mentions that name,
// its SymbolId, so the evaluator looks fields up by integer.
//
// JSON text becomes a Datum tree in timeline.cpp (PatientParser); this header is
// only the tree and its text forms: JSON (fmt::formatter<Datum>) and the short
// description used in error messages (describe_value).
#pragma once

#include <cassert>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "interpreter/symbols.hpp"

namespace tacit::interpreter {

enum class DatumKind : std::uint8_t { null, boolean, number, string, array, object };

struct Member;

class Datum {
 public:
  constexpr Datum() = default;  // null

  [[nodiscard]] static Datum make_bool(bool value) {
    Datum d(DatumKind::boolean);
    d.bool_ = value;
    return d;
  }
  [[nodiscard]] static Datum make_number(double value) {
    Datum d(DatumKind::number);
    d.number_ = value;
    return d;
  }
  // The characters must outlive the Datum (copy them into the Arena first).
  [[nodiscard]] static Datum make_string(std::string_view text) {
    Datum d(DatumKind::string);
    d.size_ = static_cast<std::uint32_t>(text.size());
    d.chars_ = text.data();
    return d;
  }
  [[nodiscard]] static Datum make_array(std::span<const Datum> items) {
    Datum d(DatumKind::array);
    d.size_ = static_cast<std::uint32_t>(items.size());
    d.items_ = items.data();
    return d;
  }
  [[nodiscard]] static Datum make_object(std::span<const Member> members);

  [[nodiscard]] DatumKind kind() const { return kind_; }
  [[nodiscard]] bool is_null() const { return kind_ == DatumKind::null; }
  [[nodiscard]] bool is_bool() const { return kind_ == DatumKind::boolean; }
  [[nodiscard]] bool is_number() const { return kind_ == DatumKind::number; }
  [[nodiscard]] bool is_string() const { return kind_ == DatumKind::string; }
  [[nodiscard]] bool is_array() const { return kind_ == DatumKind::array; }
  [[nodiscard]] bool is_object() const { return kind_ == DatumKind::object; }

  // Each accessor requires the matching kind.
  [[nodiscard]] bool as_bool() const {
    assert(is_bool());
    return bool_;
  }
  [[nodiscard]] double as_number() const {
    assert(is_number());
    return number_;
  }
  [[nodiscard]] std::string_view as_string() const {
    assert(is_string());
    return {chars_, size_};
  }
  [[nodiscard]] std::span<const Datum> as_array() const {
    assert(is_array());
    return {items_, size_};
  }
  [[nodiscard]] std::span<const Member> as_object() const;

  // Elements of an array, members of an object, bytes of a string; 0 otherwise.
  [[nodiscard]] std::size_t size() const { return size_; }

  // The value of an object's member, or null when this is not an object or has no
  // such member. With duplicate names the first wins (the loader rejects them).
  [[nodiscard]] const Datum* find(SymbolId symbol) const noexcept;
  [[nodiscard]] const Datum* find(std::string_view name) const noexcept;

 private:
  constexpr explicit Datum(DatumKind kind) : kind_(kind) {}

  DatumKind kind_ = DatumKind::null;
  bool bool_ = false;
  std::uint32_t size_ = 0;
  union {
    double number_ = 0;
    const char* chars_;
    const Datum* items_;
    const Member* members_;
  };
};

struct Member {
  const char* name_data = nullptr;
  std::uint32_t name_size = 0;
  SymbolId symbol = no_symbol;  // no_symbol: no rule mentions this name
  Datum value;

  [[nodiscard]] std::string_view name() const { return {name_data, name_size}; }
};

static_assert(sizeof(Datum) == 16, "a Datum is two words");
static_assert(sizeof(Member) == 32, "a Member is a name, a symbol and a Datum");

inline Datum Datum::make_object(std::span<const Member> members) {
  Datum d(DatumKind::object);
  d.size_ = static_cast<std::uint32_t>(members.size());
  d.members_ = members.data();
  return d;
}

inline std::span<const Member> Datum::as_object() const {
  assert(is_object());
  return {members_, size_};
}

// "null", "a boolean", "a number", "a string", "an array", "an object".
[[nodiscard]] std::string_view kind_name(DatumKind kind);

// A value as an error message shows it after "found": the JSON text when it is
// short (`150`, `"2024-02-30"`, `[1, 2]`), otherwise its kind and size
// (`a string of 70000 bytes starting "iVBORw0KGgo..."`, `an array of 12 elements`).
[[nodiscard]] std::string describe_value(const Datum& value);

// `text` as a JSON string literal, with quotes and escapes.
[[nodiscard]] std::string quote_json(std::string_view text);

}  // namespace tacit::interpreter

// Compact JSON: fmt::format("{}", datum).
template <>
struct fmt::formatter<tacit::interpreter::Datum> {
  constexpr auto parse(fmt::format_parse_context& ctx) { return ctx.begin(); }
  fmt::format_context::iterator format(const tacit::interpreter::Datum& value, fmt::format_context& ctx) const;
};
