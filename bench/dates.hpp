// Calendar dates as days since 1970-01-01, the representation tacit uses
// (docs/architecture.md). Shared by the generator (which computes dates) and
// the native baseline (which reads and compares them).
//
// Howard Hinnant's civil-date algorithms: exact for the proleptic Gregorian
// calendar, branch-light, no libc time functions (whose behaviour depends on
// the time zone and the platform).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace bench {

constexpr int32_t days_from_civil(int32_t y, int32_t m, int32_t d) {
  y -= m <= 2 ? 1 : 0;
  const int32_t era = (y >= 0 ? y : y - 399) / 400;
  const int32_t yoe = y - era * 400;
  const int32_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct CivilDate {
  int32_t year;
  int32_t month;
  int32_t day;
};

constexpr CivilDate civil_from_days(int32_t z) {
  z += 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t d = doy - (153 * mp + 2) / 5 + 1;
  const int32_t m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_leap(int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr int32_t days_in_month(int32_t y, int32_t m) {
  constexpr int32_t table[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : table[m - 1];
}

// Parses exactly "YYYY-MM-DD" (the timeline format allows nothing else).
constexpr std::optional<int32_t> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int32_t parts[3] = {0, 0, 0};
  constexpr int starts[3] = {0, 5, 8};
  constexpr int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      const char c = s[static_cast<size_t>(starts[p] + i)];
      if (c < '0' || c > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (parts[1] < 1 || parts[1] > 12) return std::nullopt;
  if (parts[2] < 1 || parts[2] > days_in_month(parts[0], parts[1])) return std::nullopt;
  return days_from_civil(parts[0], parts[1], parts[2]);
}

// Writes "YYYY-MM-DD" into out[0..10) (years 0..9999).
inline void format_date(int32_t days, char* out) {
  const CivilDate c = civil_from_days(days);
  const int32_t values[3] = {c.year, c.month, c.day};
  constexpr int widths[3] = {4, 2, 2};
  int pos = 0;
  for (int p = 0; p < 3; ++p) {
    int32_t v = values[p];
    for (int i = widths[p] - 1; i >= 0; --i) {
      out[pos + i] = static_cast<char>('0' + v % 10);
      v /= 10;
    }
    pos += widths[p];
    if (p < 2) out[pos++] = '-';
  }
}

static_assert(days_from_civil(1970, 1, 1) == 0);
static_assert(days_from_civil(2024, 3, 1) - days_from_civil(2024, 2, 28) == 2);
static_assert(parse_date("2024-02-29").has_value() && !parse_date("2023-02-29").has_value());

}  // namespace bench
