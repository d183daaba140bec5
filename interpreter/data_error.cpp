#include "interpreter/data_error.hpp"

#include <algorithm>

#include "interpreter/data.hpp"

namespace tacit::interpreter {
namespace {

// Bytes of a patient id shown in a message; ids are short, a long one is a defect
// that is reported on its own.
constexpr std::size_t shown_id_bytes = 64;

std::string shown_id(std::string_view id) {
  if (id.size() <= shown_id_bytes) {
    return quote_json(id);
  }
  std::size_t cut = shown_id_bytes;
  while (cut > 0 && (static_cast<unsigned char>(id[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  std::string quoted = quote_json(id.substr(0, cut));
  quoted.insert(quoted.size() - 1, "...");
  return quoted;
}

}  // namespace

std::string render_data_error(const DataError& error) {
  std::string out = error.file;
  if (error.line > 0) {
    out += fmt::format(":{}", error.line);
    if (error.column > 0) {
      out += fmt::format(":{}", error.column);
    }
  }
  out += ": ";
  if (error.patient_index) {
    out += fmt::format("patients[{}]", *error.patient_index);
    if (!error.patient_id.empty()) {
      out += ' ';
      out += shown_id(error.patient_id);
    }
    std::string path;
    if (error.event_index) {
      path = fmt::format("events[{}]", *error.event_index);
      if (!error.field.empty() && error.field.front() != '[') {
        path += '.';
      }
    }
    path += error.field;
    if (!path.empty()) {
      out += ", ";
      out += path;
    }
    out += ": ";
  }
  out += error.message;
  return out;
}

TextPosition position_in_record(std::string_view text, std::size_t offset, const RecordOrigin& origin) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const auto newlines = static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
  if (newlines == 0) {
    return {origin.line, origin.column + offset};
  }
  const std::size_t line_start = before.rfind('\n') + 1;
  return {origin.line + newlines, offset - line_start + 1};
}

}  // namespace tacit::interpreter
