// A rule file held in memory, and positions inside it.
//
// Every AST node and every diagnostic carries a Span, so that any stage can point
// at the exact text a message is about. Offsets are bytes; line and column are
// 1-based, the column counted in bytes of the line (what editors call "byte column").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tacit::dsl {

struct Position {
  std::uint32_t offset = 0;
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

struct Span {
  Position begin;
  Position end;  // one past the last byte
};

// The text of one rule file (or of a command-line snippet) and its name for messages.
class SourceFile {
 public:
  SourceFile(std::string name, std::string text);

  [[nodiscard]] const std::string& name() const { return name_; }
  [[nodiscard]] std::string_view text() const { return text_; }
  // The text of a 1-based line, without its line terminator.
  [[nodiscard]] std::string_view line_text(std::uint32_t line) const;
  // The position of a byte offset.
  [[nodiscard]] Position position_at(std::uint32_t offset) const;

 private:
  std::string name_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
};

}  // namespace tacit::dsl
