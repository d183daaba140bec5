#include "interpreter/data.hpp"


namespace tacit::interpreter {
namespace {

// Longest JSON text describe_value() shows in full.
constexpr std::size_t shown_value_bytes = 60;
// Bytes of a long string shown before "...".
constexpr std::size_t shown_prefix_bytes = 24;

void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

void append_json(std::string& out, const Datum& value) {
  switch (value.kind()) {
    case DatumKind::null:
      out += "null";
      return;
    case DatumKind::boolean:
      out += value.as_bool() ? "true" : "false";
      return;
    case DatumKind::number:
      out += fmt::format("{}", value.as_number());
      return;
    case DatumKind::string:
      append_json_string(out, value.as_string());
      return;
    case DatumKind::array: {
      out += '[';
      const char* separator = "";
      for (const Datum& item : value.as_array()) {
        out += separator;
        append_json(out, item);
        separator = ", ";
      }
      out += ']';
      return;
    }
    case DatumKind::object: {
      out += '{';
      const char* separator = "";
      for (const Member& member : value.as_object()) {
        out += separator;
        append_json_string(out, member.name());
        out += ": ";
        append_json(out, member.value);
        separator = ", ";
      }
      out += '}';
      return;
    }
  }
}

// The longest prefix of `text` of at most `bytes` bytes that does not cut a UTF-8
// sequence.
std::string_view utf8_prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) {
    return text;
  }
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) {
    --bytes;
  }
  return text.substr(0, bytes);
}

}  // namespace

const Datum* Datum::find(SymbolId symbol) const noexcept {
  if (kind_ != DatumKind::object || symbol == no_symbol) {
    return nullptr;
  }
  for (const Member& member : std::span<const Member>(members_, size_)) {
    if (member.symbol == symbol) {
      return &member.value;
    }
  }
  return nullptr;
}

const Datum* Datum::find(std::string_view name) const noexcept {
  if (kind_ != DatumKind::object) {
    return nullptr;
  }
  for (const Member& member : std::span<const Member>(members_, size_)) {
    // The first byte first: most names differ there, and it saves a call to memcmp.
    if (member.name_size == name.size() && (name.empty() || member.name_data[0] == name[0]) && member.name() == name) {
      return &member.value;
    }
  }
  return nullptr;
}

std::string_view kind_name(DatumKind kind) {
  switch (kind) {
    case DatumKind::null:
      return "null";
    case DatumKind::boolean:
      return "a boolean";
    case DatumKind::number:
      return "a number";
    case DatumKind::string:
      return "a string";
    case DatumKind::array:
      return "an array";
    case DatumKind::object:
      return "an object";
  }
  return "a value";
}

std::string describe_value(const Datum& value) {
  if (value.is_string() && value.size() > shown_value_bytes) {
    std::string prefix;
    append_json_string(prefix, utf8_prefix(value.as_string(), shown_prefix_bytes));
    prefix.insert(prefix.size() - 1, "...");
    return fmt::format("a string of {} bytes starting {}", value.size(), prefix);
  }
  std::string json;
  append_json(json, value);
  if (json.size() <= shown_value_bytes) {
    return json;
  }
  if (value.is_array()) {
    return fmt::format("an array of {} elements", value.size());
  }
  if (value.is_object()) {
    return fmt::format("an object with {} members", value.size());
  }
  return json;
}

std::string quote_json(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

}  // namespace tacit::interpreter

fmt::format_context::iterator fmt::formatter<tacit::interpreter::Datum>::format(const tacit::interpreter::Datum& value,
                                                                             fmt::format_context& ctx) const {
  std::string json;
  tacit::interpreter::append_json(json, value);
  return fmt::format_to(ctx.out(), "{}", json);
}
