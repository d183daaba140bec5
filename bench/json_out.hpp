// An append-only text buffer with the few JSON pieces the bench tools write.
// Numbers are written from integers (a value and a count of decimals), never
// from doubles, so the generator's output is byte-identical everywhere and
// costs no float formatting.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "dates.hpp"

namespace bench {

class JsonOut {
 public:
  std::string& text() { return text_; }
  size_t size() const { return text_.size(); }
  void clear() { text_.clear(); }

  JsonOut& raw(std::string_view s) {
    text_.append(s);
    return *this;
  }

  JsonOut& integer(int64_t v) {
    char buf[24];
    const auto result = std::to_chars(buf, buf + sizeof buf, v);
    text_.append(buf, result.ptr);
    return *this;
  }

  // Writes scaled / 10^decimals with exactly that many decimals, dropping
  // trailing zeros (1.50 -> 1.5, 2.00 -> 2) as a human export would.
  JsonOut& fixed(int64_t scaled, int decimals) {
    if (scaled < 0) {
      text_.push_back('-');
      scaled = -scaled;
    }
    int64_t unit = 1;
    for (int i = 0; i < decimals; ++i) unit *= 10;
    integer(scaled / unit);
    int64_t frac = scaled % unit;
    if (frac == 0) return *this;
    text_.push_back('.');
    for (int64_t place = unit / 10; place > 0 && frac > 0; place /= 10) {
      text_.push_back(static_cast<char>('0' + frac / place));
      frac %= place;
    }
    return *this;
  }

  JsonOut& date(int32_t days) {
    char buf[12];
    buf[0] = '"';
    format_date(days, buf + 1);
    buf[11] = '"';
    text_.append(buf, 12);
    return *this;
  }

  // A JSON string; escapes what JSON requires (ids from real exports may
  // hold quotes or backslashes).
  JsonOut& string(std::string_view s) {
    text_.push_back('"');
    for (const char c : s) {
      const auto u = static_cast<unsigned char>(c);
      if (c == '"' || c == '\\') {
        text_.push_back('\\');
        text_.push_back(c);
      } else if (u < 0x20) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", u);
        text_.append(buf);
      } else {
        text_.push_back(c);
      }
    }
    text_.push_back('"');
    return *this;
  }

  JsonOut& boolean(bool b) { return raw(b ? "true" : "false"); }

  // Writes the buffer to `out` and empties it. Returns false on a write error.
  bool flush_to(std::FILE* out) {
    const bool ok = std::fwrite(text_.data(), 1, text_.size(), out) == text_.size();
    text_.clear();
    return ok;
  }

 private:
  std::string text_;
};

}  // namespace bench
