#include "interpreter/json_syntax.hpp"

#include <charconv>

#include <fmt/format.h>

#include "interpreter/data.hpp"
#include "interpreter/limits.hpp"

namespace tacit::interpreter {
namespace {

// Bytes of a token shown after "found".
constexpr std::size_t shown_token_bytes = 32;

unsigned byte_at(std::string_view text, std::size_t pos) { return static_cast<unsigned char>(text[pos]); }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '.' || c == '+' ||
         c == '-';
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

// The four hex digits at `pos` as a number, or -1.
int hex4(std::string_view text, std::size_t pos) {
  if (pos + 4 > text.size()) {
    return -1;
  }
  int value = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    const int digit = hex_value(text[pos + i]);
    if (digit < 0) {
      return -1;
    }
    value = value * 16 + digit;
  }
  return value;
}

// The length of the well-formed UTF-8 sequence at `pos` (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_length(std::string_view text, std::size_t pos) {
  const unsigned b0 = byte_at(text, pos);
  const auto continuation = [&](std::size_t i, unsigned low = 0x80, unsigned high = 0xBF) {
    return pos + i < text.size() && byte_at(text, pos + i) >= low && byte_at(text, pos + i) <= high;
  };
  if (b0 < 0x80) {
    return 1;
  }
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    return continuation(1) ? 2 : 0;
  }
  if (b0 == 0xE0) {
    return continuation(1, 0xA0) && continuation(2) ? 3 : 0;
  }
  if (b0 == 0xED) {
    return continuation(1, 0x80, 0x9F) && continuation(2) ? 3 : 0;
  }
  if (b0 >= 0xE1 && b0 <= 0xEF) {
    return continuation(1) && continuation(2) ? 3 : 0;
  }
  if (b0 == 0xF0) {
    return continuation(1, 0x90) && continuation(2) && continuation(3) ? 4 : 0;
  }
  if (b0 >= 0xF1 && b0 <= 0xF3) {
    return continuation(1) && continuation(2) && continuation(3) ? 4 : 0;
  }
  if (b0 == 0xF4) {
    return continuation(1, 0x80, 0x8F) && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

std::string invalid_utf8_message(std::string_view text, std::size_t pos) {
  return fmt::format(
      "expected UTF-8 text, found byte 0x{:02X} (a file in Latin-1 or Windows-1252 can be converted with "
      "iconv -f windows-1252 -t utf-8)",
      byte_at(text, pos));
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// The value of the raw text between the quotes of a valid string literal.
std::string unescape(std::string_view raw) {
  std::string out;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 >= raw.size()) {
      out += raw[i];
      continue;
    }
    const char c = raw[++i];
    switch (c) {
      case 'b':
        out += '\b';
        break;
      case 'f':
        out += '\f';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 't':
        out += '\t';
        break;
      case 'u': {
        auto code = static_cast<std::uint32_t>(hex4(raw, i + 1));
        i += 4;
        if (code >= 0xD800 && code <= 0xDBFF && i + 6 < raw.size() && raw.substr(i + 1, 2) == "\\u") {
          const auto low = static_cast<std::uint32_t>(hex4(raw, i + 3));
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
          i += 6;
        }
        append_utf8(out, code);
        break;
      }
      default:
        out += c;  // " \ /
    }
  }
  return out;
}

bool is_plain_name(std::string_view name) {
  if (name.empty() || is_digit(name[0]) || name[0] == '-') {
    return false;
  }
  for (const char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) || c == '_' || c == '-')) {
      return false;
    }
  }
  return true;
}

// Bytes of the input quoted in a message: a control byte or a byte that is not
// part of well-formed UTF-8 becomes '?', so that messages (and the JSON results
// that carry them) are always valid UTF-8 text.
std::string printable(std::string_view bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size();) {
    const std::size_t length = utf8_length(bytes, i);
    if (length == 0 || byte_at(bytes, i) < 0x20) {
      out += '?';
      ++i;
      continue;
    }
    out += bytes.substr(i, length);
    i += length;
  }
  return out;
}

std::string describe_at(std::string_view text, std::size_t pos, std::string_view end_name) {
  if (pos >= text.size()) {
    return std::string(end_name);
  }
  const char c = text[pos];
  if (c == '"') {
    std::size_t end = pos + 1;
    while (end < text.size() && end - pos <= shown_token_bytes && text[end] != '"') {
      end += text[end] == '\\' ? 2 : 1;
    }
    const bool closed = end < text.size() && text[end] == '"';
    end = std::min(end, text.size());
    // A shortened string ends at a character boundary, not inside a character.
    while (!closed && end < text.size() && end > pos + 1 && (byte_at(text, end) & 0xC0) == 0x80) {
      --end;
    }
    const std::string shown = printable(text.substr(pos, (closed ? end + 1 : end) - pos));
    return closed ? shown : shown + "...";
  }
  if (is_word_char(c)) {
    std::size_t end = pos;
    while (end < text.size() && is_word_char(text[end])) {
      ++end;
    }
    if (end - pos > shown_token_bytes) {
      return fmt::format("{}...", text.substr(pos, shown_token_bytes));
    }
    return std::string(text.substr(pos, end - pos));
  }
  if (byte_at(text, pos) < 0x20 || c == 0x7F) {
    return fmt::format("the control byte 0x{:02X}", byte_at(text, pos));
  }
  if (byte_at(text, pos) >= 0x80) {
    const std::size_t length = utf8_length(text, pos);
    if (length == 0) {
      return fmt::format("byte 0x{:02X}", byte_at(text, pos));
    }
    if (text.substr(pos, length) == "\xEF\xBB\xBF") {
      return "a byte order mark (U+FEFF), which is allowed only at the start of the file";
    }
    return fmt::format("'{}'", text.substr(pos, length));
  }
  return fmt::format("'{}'", c);
}

// A recursive-descent reader of JSON that stops at the first defect, or, when
// locating, at the start of the value at `target`.
class Scanner {
 public:
  Scanner(std::string_view text, std::span<const PathStep> target, bool locating,
          std::string_view end_name = "the end of the line")
      : text_(text), target_(target), locating_(locating), end_name_(end_name) {}

  void run() {
    skip_space();
    if (at_end()) {
      fail(pos_, "expected a JSON value, found nothing");
      return;
    }
    const char first = text_[pos_];
    if (!value(1)) {
      return;
    }
    skip_space();
    if (!at_end()) {
      fail(pos_, fmt::format("expected {} after the top-level value, found {}{}", end_name_, found_at(pos_),
                             first == '{' && text_[pos_] == '{' ? " (NDJSON has one patient per line)" : ""));
    }
  }

  std::optional<JsonDefect> defect;
  std::optional<std::size_t> located;

  // Reads the string literal at pos_ and returns its raw content, or nothing.
  std::optional<std::string_view> string_at(std::size_t offset) {
    pos_ = offset;
    std::string_view raw;
    if (at_end() || text_[pos_] != '"' || !string(&raw)) {
      return std::nullopt;
    }
    return raw;
  }

 private:
  struct Step {
    std::string_view raw_name;
    std::int64_t index;
  };

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_space() {
    while (!at_end() && is_space(text_[pos_])) {
      ++pos_;
    }
  }

  bool fail(std::size_t offset, std::string message) {
    if (!defect) {
      JsonDefect d;
      d.offset = offset;
      d.message = std::move(message);
      for (const Step& step : path_) {
        d.path.push_back(step.index < 0 ? PathStep::member(unescape(step.raw_name))
                                        : PathStep::element(static_cast<std::uint64_t>(step.index)));
      }
      defect = std::move(d);
    }
    return false;
  }

  bool at_target() const {
    if (path_.size() != target_.size()) {
      return false;
    }
    for (std::size_t i = 0; i < path_.size(); ++i) {
      const Step& step = path_[i];
      const PathStep& wanted = target_[i];
      if (step.index != wanted.index) {
        return false;
      }
      if (step.index < 0 && step.raw_name != wanted.name &&
          (step.raw_name.find('\\') == std::string_view::npos || unescape(step.raw_name) != wanted.name)) {
        return false;
      }
    }
    return true;
  }

  std::string found_at(std::size_t pos) const { return describe_at(text_, pos, end_name_); }

  bool value(std::size_t depth) {
    if (locating_ && at_target()) {
      located = pos_;
      return false;
    }
    if (at_end()) {
      return fail(pos_, fmt::format("expected a value, found {}", end_name_));
    }
    const char c = text_[pos_];
    if (c == '{') {
      return object(depth);
    }
    if (c == '[') {
      return array(depth);
    }
    if (c == '"') {
      std::string_view raw;
      return string(&raw);
    }
    if (c == '-' || is_digit(c)) {
      return number();
    }
    return word();
  }

  bool too_deep(std::size_t depth) {
    if (depth <= limits::max_nesting_depth) {
      return false;
    }
    fail(pos_, fmt::format("expected at most {} levels of nested arrays and objects, found more",
                           limits::max_nesting_depth));
    return true;
  }

  bool object(std::size_t depth) {
    if (too_deep(depth)) {
      return false;
    }
    ++pos_;
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return true;
    }
    bool after_comma = false;
    for (;;) {
      skip_space();
      if (peek() != '"') {
        if (after_comma && peek() == '}') {
          return fail(pos_, "expected another member after ',', found '}' (JSON has no trailing commas)");
        }
        if (peek() == '\'') {
          return fail(pos_, fmt::format("expected a member name in double quotes, found {} (JSON needs double quotes)",
                                        single_quoted(pos_)));
        }
        return fail(pos_, fmt::format("expected a member name in double quotes, found {}", found_at(pos_)));
      }
      std::string_view name;
      if (!string(&name)) {
        return false;
      }
      skip_space();
      if (peek() != ':') {
        return fail(pos_, fmt::format("expected ':' after the member name \"{}\", found {}", name, found_at(pos_)));
      }
      ++pos_;
      skip_space();
      path_.push_back(Step{name, -1});
      if (!value(depth + 1)) {
        return false;
      }
      path_.pop_back();
      skip_space();
      if (peek() == ',') {
        ++pos_;
        after_comma = true;
        continue;
      }
      if (peek() == '}') {
        ++pos_;
        return true;
      }
      return fail(pos_, fmt::format("expected ',' or '}}' after the value of \"{}\", found {}", name, found_at(pos_)));
    }
  }

  bool array(std::size_t depth) {
    if (too_deep(depth)) {
      return false;
    }
    ++pos_;
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return true;
    }
    for (std::int64_t index = 0;; ++index) {
      skip_space();
      if (index > 0 && peek() == ']') {
        return fail(pos_, "expected another element after ',', found ']' (JSON has no trailing commas)");
      }
      path_.push_back(Step{{}, index});
      if (!value(depth + 1)) {
        return false;
      }
      path_.pop_back();
      skip_space();
      if (peek() == ',') {
        ++pos_;
        continue;
      }
      if (peek() == ']') {
        ++pos_;
        return true;
      }
      return fail(pos_, fmt::format("expected ',' or ']' after element [{}], found {}", index, found_at(pos_)));
    }
  }

  std::string single_quoted(std::size_t pos) const {
    const std::size_t close = text_.find('\'', pos + 1);
    if (close == std::string_view::npos || close - pos > shown_token_bytes) {
      return found_at(pos);
    }
    return printable(text_.substr(pos, close - pos + 1));
  }

  bool string(std::string_view* raw) {
    const std::size_t open = pos_++;
    for (;;) {
      if (at_end()) {
        return fail(open, fmt::format("expected '\"' to close the string that starts here, found {}", end_name_));
      }
      const unsigned c = byte_at(text_, pos_);
      if (c == '"') {
        *raw = text_.substr(open + 1, pos_ - open - 1);
        ++pos_;
        return true;
      }
      if (c == '\\') {
        if (!escape()) {
          return false;
        }
      } else if (c < 0x20) {
        return fail(pos_, control_message(c));
      } else if (c < 0x80) {
        ++pos_;
      } else {
        const std::size_t length = utf8_length(text_, pos_);
        if (length == 0) {
          return fail(pos_, invalid_utf8_message(text_, pos_));
        }
        pos_ += length;
      }
    }
  }

  static std::string control_message(unsigned c) {
    switch (c) {
      case '\t':
        return "expected control characters in a string to be escaped, found a tab (write \\t)";
      case '\n':
        return "expected control characters in a string to be escaped, found a line break (write \\n)";
      case '\r':
        return "expected control characters in a string to be escaped, found a carriage return (write \\r)";
      default:
        return fmt::format("expected control characters in a string to be escaped, found the byte 0x{:02X} "
                           "(write \\u{:04X})",
                           c, c);
    }
  }

  bool escape() {
    const std::size_t backslash = pos_;
    if (backslash + 1 >= text_.size()) {
      return fail(backslash, fmt::format("expected an escaped character after '\\', found {}", end_name_));
    }
    const char c = text_[backslash + 1];
    if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' || c == 't') {
      pos_ += 2;
      return true;
    }
    if (c != 'u') {
      const bool printable = c > ' ' && c < 0x7F;
      return fail(backslash, fmt::format("expected an escape (\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX), found {} "
                                         "(write a backslash as \\\\)",
                                         printable ? fmt::format("\\{}", c) : found_at(backslash + 1)));
    }
    const int code = hex4(text_, backslash + 2);
    if (code < 0) {
      return fail(backslash, fmt::format("expected four hex digits after \\u, found \\u{}", found_at(backslash + 2)));
    }
    pos_ = backslash + 6;
    if (code >= 0xDC00 && code <= 0xDFFF) {
      return fail(backslash, fmt::format("expected a character, found the lone low surrogate \\u{:04X}", code));
    }
    if (code >= 0xD800 && code <= 0xDBFF) {
      const int low = text_.substr(pos_, 2) == "\\u" ? hex4(text_, pos_ + 2) : -1;
      if (low < 0xDC00 || low > 0xDFFF) {
        return fail(backslash, fmt::format("expected a low surrogate \\uDC00..\\uDFFF after \\u{:04X}, found {}", code,
                                           found_at(pos_)));
      }
      pos_ += 6;
    }
    return true;
  }

  bool number() {
    const std::size_t start = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && is_word_char(text_[end])) {
      ++end;
    }
    const std::string_view token = text_.substr(start, end - start);
    std::size_t i = token[0] == '-' ? 1 : 0;
    const auto digits = [&] {
      const std::size_t from = i;
      while (i < token.size() && is_digit(token[i])) {
        ++i;
      }
      return i - from;
    };
    if (i == token.size()) {
      return fail(start, fmt::format("expected a digit after '-', found {}", found_at(start + 1)));
    }
    if (!is_digit(token[i])) {
      return fail(start, non_number_message(token.substr(i), token));
    }
    std::size_t magnitude = 0;  // digits before the decimal point, leading zeros excluded
    if (token[i] == '0') {
      ++i;
      if (i < token.size() && is_digit(token[i])) {
        return fail(start, fmt::format("expected a number without leading zeros, found {}", shown(token)));
      }
    } else {
      magnitude = digits();
    }
    bool integer = true;
    if (i < token.size() && token[i] == '.') {
      ++i;
      integer = false;
      if (digits() == 0) {
        return fail(start, fmt::format("expected a digit after the decimal point, found {}", shown(token)));
      }
    }
    long exponent = 0;
    if (i < token.size() && (token[i] == 'e' || token[i] == 'E')) {
      ++i;
      integer = false;
      const bool negative = i < token.size() && token[i] == '-';
      if (i < token.size() && (token[i] == '+' || token[i] == '-')) {
        ++i;
      }
      const std::size_t from = i;
      if (digits() == 0) {
        return fail(start, fmt::format("expected digits in the exponent, found {}", shown(token)));
      }
      const std::string_view exponent_digits = token.substr(from, std::min<std::size_t>(i - from, 6));
      std::from_chars(exponent_digits.data(), exponent_digits.data() + exponent_digits.size(), exponent);
      exponent = negative ? -exponent : exponent;
    }
    if (i != token.size()) {
      return fail(start, fmt::format("expected a number, found {}", shown(token)));
    }
    if (integer) {
      const bool fits = token[0] == '-' ? fits_integer<std::int64_t>(token) : fits_integer<std::uint64_t>(token);
      if (!fits) {
        return fail(start, fmt::format("expected an integer within 64 bits, found {}", shown(token)));
      }
    } else {
      double value = 0;
      const auto result = std::from_chars(token.data(), token.data() + token.size(), value);
      // Out of range with digits above the decimal point means overflow; tiny numbers
      // become 0 and are accepted, as simdjson does.
      if (result.ec == std::errc::result_out_of_range && static_cast<long>(magnitude) + exponent > 0) {
        return fail(start, fmt::format("expected a number within the range of a double (about 1.8e308), found {}",
                                       shown(token)));
      }
    }
    pos_ = end;
    return true;
  }

  template <typename Integer>
  static bool fits_integer(std::string_view token) {
    Integer value{};
    const auto result = std::from_chars(token.data(), token.data() + token.size(), value);
    return result.ec == std::errc{};
  }

  static std::string shown(std::string_view token) {
    if (token.size() > shown_token_bytes) {
      return fmt::format("{}...", token.substr(0, shown_token_bytes));
    }
    return std::string(token);
  }

  static std::string non_number_message(std::string_view word, std::string_view token) {
    if (word == "NaN" || word == "nan" || word == "Infinity" || word == "inf" || word == "Inf" || word == "INF") {
      return fmt::format("expected a number, found {} (JSON has no NaN or Infinity; write null for an unknown value)",
                         shown(token));
    }
    return fmt::format("expected a number, found {}", shown(token));
  }

  bool word() {
    const std::size_t start = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && is_word_char(text_[end])) {
      ++end;
    }
    const std::string_view token = text_.substr(start, end - start);
    if (token == "true" || token == "false" || token == "null") {
      pos_ = end;
      return true;
    }
    if (token.empty()) {
      if (peek() == '\'') {
        return fail(start, fmt::format("expected a value, found {} (JSON strings need double quotes)",
                                       single_quoted(start)));
      }
      if (byte_at(text_, start) >= 0x80 && utf8_length(text_, start) == 0) {
        return fail(start, invalid_utf8_message(text_, start));
      }
      return fail(start, fmt::format("expected a value, found {}", found_at(start)));
    }
    if (token == "NaN" || token == "Infinity" || token == "nan" || token == "inf" || token == "undefined") {
      return fail(start, fmt::format("expected a value, found {} (JSON has no NaN, Infinity or undefined; write null "
                                     "for an unknown value)",
                                     token));
    }
    if (token == "True" || token == "False" || token == "None" || token == "TRUE" || token == "FALSE" ||
        token == "NULL" || token == "Null") {
      return fail(start, fmt::format("expected true, false or null (lower case), found {}", token));
    }
    for (const std::string_view literal : {"true", "false", "null"}) {
      if (literal.starts_with(token) || token.starts_with(literal)) {
        return fail(start, fmt::format("expected {}, found {}", literal, shown(token)));
      }
    }
    if (token[0] == '+') {
      return fail(start, fmt::format("expected a number without a '+' sign, found {}", shown(token)));
    }
    if (token[0] == '.') {
      return fail(start, fmt::format("expected a digit before the decimal point, found {}", shown(token)));
    }
    if (is_digit(token[0]) || token[0] == '_') {
      return fail(start, fmt::format("expected a value, found {}", shown(token)));
    }
    return fail(start, fmt::format("expected a value, found {} (a string needs double quotes: \"{}\")", shown(token),
                                   shown(token)));
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::vector<Step> path_;
  std::span<const PathStep> target_;
  bool locating_;
  std::string_view end_name_;
};

}  // namespace

std::string render_path(std::span<const PathStep> path) {
  std::string out;
  for (const PathStep& step : path) {
    if (!step.is_member()) {
      out += fmt::format("[{}]", step.index);
    } else if (is_plain_name(step.name)) {
      if (!out.empty()) {
        out += '.';
      }
      out += step.name;
    } else {
      out += fmt::format("[{}]", quote_json(step.name));
    }
  }
  return out;
}

std::optional<JsonDefect> find_json_defect(std::string_view text, std::string_view end_name) {
  Scanner scanner(text, {}, false, end_name);
  scanner.run();
  return std::move(scanner.defect);
}

std::optional<std::size_t> find_json_value(std::string_view text, std::span<const PathStep> path) {
  Scanner scanner(text, path, true);
  scanner.run();
  return scanner.located;
}

std::string describe_text_at(std::string_view text, std::size_t offset, std::string_view end_name) {
  return describe_at(text, offset, end_name);
}

std::optional<std::string> read_json_string(std::string_view text, std::size_t offset) {
  Scanner scanner(text, {}, false);
  const std::optional<std::string_view> raw = scanner.string_at(offset);
  if (!raw) {
    return std::nullopt;
  }
  return unescape(*raw);
}

}  // namespace tacit::interpreter
