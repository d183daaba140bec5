// Why a text is not valid JSON, and where: the explanations behind the loader's
// syntax errors.
//
// simdjson decides whether a record is valid JSON, very fast, but says only what
// kind of defect it met ("TAPE_ERROR"), not where. That is not enough for a hospital
// data engineer with a 40,000-line export. When simdjson rejects a record, this
// slow, careful scanner reads it again and finds the first defect: its byte offset,
// the path of the value being read (events[3].date) and a message in the loader's
// template ("expected ',' or '}' after member "date", found '"type"'"). The same
// scanner locates the value at a path in valid text, so that errors found later
// (a date that is not a day) point at the exact line and column.
//
// Only for the error path: it allocates and is several times slower than simdjson.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tacit::interpreter {

// A step of a path into a JSON value: a member name, or an array index.
struct PathStep {
  std::string name;         // the member name (unescaped) when index < 0
  std::int64_t index = -1;  // the array index, or -1 for a member

  [[nodiscard]] static PathStep member(std::string_view name) { return {std::string(name), -1}; }
  [[nodiscard]] static PathStep element(std::uint64_t index) { return {{}, static_cast<std::int64_t>(index)}; }
  [[nodiscard]] bool is_member() const { return index < 0; }
};

// "lesions[1].viable_mm"; a name that is not a plain word is quoted: ["two words"].
[[nodiscard]] std::string render_path(std::span<const PathStep> path);

struct JsonDefect {
  std::size_t offset = 0;  // byte offset of the defect in the text
  std::vector<PathStep> path;  // the value being read there ([] = the top-level value)
  std::string message;  // "expected X, found Y"
};

// The first defect of `text` as JSON (RFC 8259, as simdjson reads it: integers must
// fit 64 bits, other numbers a double) or nesting deeper than
// limits::max_nesting_depth; nothing when the text is valid. `end_name` is what
// messages call the end of the text.
[[nodiscard]] std::optional<JsonDefect> find_json_defect(std::string_view text,
                                                         std::string_view end_name = "the end of the line");

// The byte offset where the value at `path` starts, if the text up to it is valid.
[[nodiscard]] std::optional<std::size_t> find_json_value(std::string_view text, std::span<const PathStep> path);

// What the text at `offset` is, as an error message says after "found": a token
// (tru, 01), a string literal, a quoted character ('}'), "byte 0xFF", "the end of
// the line" (`end_name`).
[[nodiscard]] std::string describe_text_at(std::string_view text, std::size_t offset,
                                           std::string_view end_name = "the end of the line");

// The value of the JSON string literal that starts at `offset`, if there is one.
[[nodiscard]] std::optional<std::string> read_json_string(std::string_view text, std::size_t offset);

}  // namespace tacit::interpreter
