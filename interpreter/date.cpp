#include "interpreter/date.hpp"

#include <array>
#include <chrono>

namespace tacit::interpreter {
namespace {

namespace chrono = std::chrono;

constexpr std::array<std::string_view, 12> month_names = {"January", "February", "March",     "April",
                                                          "May",     "June",     "July",      "August",
                                                          "September", "October", "November", "December"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
  for (const char c : text) {
    if (!is_digit(c)) {
      return false;
    }
  }
  return !text.empty();
}

unsigned number(std::string_view digits) {
  unsigned value = 0;
  for (const char c : digits) {
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

// The shape YYYY-MM-DD, whatever the values.
bool has_date_shape(std::string_view text) {
  return text.size() == 10 && all_digits(text.substr(0, 4)) && text[4] == '-' && all_digits(text.substr(5, 2)) &&
         text[7] == '-' && all_digits(text.substr(8, 2));
}

// The date parts of "Y-M-D" with one or two digits for M and D, if that is the shape.
std::optional<std::string> zero_padded(std::string_view text) {
  const std::size_t first = text.find('-');
  const std::size_t second = text.find('-', first + 1);
  if (first != 4 || second == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view year = text.substr(0, 4);
  const std::string_view month = text.substr(5, second - 5);
  const std::string_view day = text.substr(second + 1);
  if (!all_digits(year) || !all_digits(month) || !all_digits(day) || month.size() > 2 || day.size() > 2) {
    return std::nullopt;
  }
  return fmt::format("{}-{:0>2}-{:0>2}", year, month, day);
}

std::string explain_day(int year, unsigned month, unsigned day) {
  if (month < 1 || month > 12) {
    return fmt::format("there is no month {:02}", month);
  }
  const chrono::year_month_day_last last{chrono::year{year} / chrono::month{month} / chrono::last};
  const auto days = static_cast<unsigned>(last.day());
  if (day == 0) {
    return "there is no day 00";
  }
  if (month == 2) {
    return fmt::format("no such day: February {} has {} days", year, days);
  }
  return fmt::format("no such day: {} has {} days", month_names[month - 1], days);
}

}  // namespace

std::optional<Date> make_date(int year, unsigned month, unsigned day) {
  const chrono::year_month_day ymd{chrono::year{year}, chrono::month{month}, chrono::day{day}};
  if (!ymd.ok()) {
    return std::nullopt;
  }
  return static_cast<Date>(chrono::sys_days{ymd}.time_since_epoch().count());
}

CivilDate civil_date(Date date) {
  const chrono::year_month_day ymd{chrono::sys_days{chrono::days{date}}};
  return CivilDate{static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day())};
}

std::optional<Date> parse_date(std::string_view text) {
  if (!has_date_shape(text)) {
    return std::nullopt;
  }
  return make_date(static_cast<int>(number(text.substr(0, 4))), number(text.substr(5, 2)), number(text.substr(8, 2)));
}

std::string explain_bad_date(std::string_view text) {
  if (text.empty()) {
    return "an empty string; write null when the date is unknown";
  }
  if (text == "0000-00-00") {
    return "a placeholder, not a date; write null when the date is unknown";
  }
  if (has_date_shape(text)) {
    return explain_day(static_cast<int>(number(text.substr(0, 4))), number(text.substr(5, 2)),
                       number(text.substr(8, 2)));
  }
  if (text.size() > 10 && has_date_shape(text.substr(0, 10))) {
    const std::string_view rest = text.substr(10);
    if ((rest[0] == 'T' || rest[0] == ' ') && rest.size() > 1 && is_digit(rest[1])) {
      return "a time is not allowed: the timeline has day resolution";
    }
    return "unexpected text after the date";
  }
  if ((text.size() == 7 && all_digits(text.substr(0, 4)) && text[4] == '-' && all_digits(text.substr(5))) ||
      (text.size() == 4 && all_digits(text))) {
    return "a partial date: the day is required";
  }
  if (text.size() == 8 && all_digits(text)) {
    return fmt::format("dashes are required: {}-{}-{}", text.substr(0, 4), text.substr(4, 2), text.substr(6, 2));
  }
  if (const std::optional<std::string> padded = zero_padded(text)) {
    return fmt::format("month and day need two digits: {}", *padded);
  }
  if (text.find('/') != std::string_view::npos || text.find('.') != std::string_view::npos) {
    return "the order must be year-month-day, with dashes";
  }
  return {};
}

std::string format_date(Date date) {
  const CivilDate civil = civil_date(date);
  if (civil.year >= 0 && civil.year <= 9999) {
    return fmt::format("{:04}-{:02}-{:02}", civil.year, civil.month, civil.day);
  }
  return fmt::format("{:+05}-{:02}-{:02}", civil.year, civil.month, civil.day);
}

}  // namespace tacit::interpreter
