// Calendar dates of the timeline: days since 1970-01-01 (proleptic Gregorian).
//
// The timeline contract has day resolution and full dates only, so a date is one
// integer: comparisons and durations are integer arithmetic. parse_date() accepts
// exactly "YYYY-MM-DD" (four-digit year, two-digit month and day, a real calendar
// day); when it refuses a text, explain_bad_date() says why in words a data
// engineer can act on ("no such day: February 2023 has 28 days").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace tacit::interpreter {

using Date = std::int32_t;

struct CivilDate {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

// The date of a calendar day, or nothing if there is no such day (2023-02-29).
[[nodiscard]] std::optional<Date> make_date(int year, unsigned month, unsigned day);
[[nodiscard]] CivilDate civil_date(Date date);

// Strict "YYYY-MM-DD"; anything else (2024-2-1, 2024-03, 2024-03-14T10:00,
// 2024-02-30, trailing spaces) gives nothing.
[[nodiscard]] std::optional<Date> parse_date(std::string_view text);

// Why parse_date() refused `text`: a short phrase for an error message, or an empty
// string when there is nothing more useful to say than "expected YYYY-MM-DD".
[[nodiscard]] std::string explain_bad_date(std::string_view text);

// "YYYY-MM-DD" (years outside 0..9999 get a sign or more digits, as ISO 8601 allows).
[[nodiscard]] std::string format_date(Date date);

// A Date to format as text: fmt::format("{}", IsoDate{d}) gives "2024-03-14".
// (Date is an integer, so it cannot have a formatter of its own.)
struct IsoDate {
  Date date;
};

}  // namespace tacit::interpreter

template <>
struct fmt::formatter<tacit::interpreter::IsoDate> : fmt::formatter<std::string_view> {
  template <typename FormatContext>
  auto format(tacit::interpreter::IsoDate date, FormatContext& ctx) const {
    return fmt::formatter<std::string_view>::format(tacit::interpreter::format_date(date.date), ctx);
  }
};
