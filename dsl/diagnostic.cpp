#include "dsl/diagnostic.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace tacit::dsl {
namespace {

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}

std::string_view severity_colour(Severity severity) {
  switch (severity) {
    case Severity::error:
      return "\x1b[1;31m";
    case Severity::warning:
      return "\x1b[1;35m";
    case Severity::note:
      return "\x1b[1;36m";
  }
  return "";
}

// Source lines longer than this are shown as a window around the caret.
constexpr std::size_t kExcerptWidth = 100;

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The line as it can be printed: bytes that are not well-formed UTF-8 become '?',
// so a message about a bad byte does not print the bad byte itself.
std::string printable(std::string_view line) {
  std::string out;
  for (std::size_t i = 0; i < line.size();) {
    const auto c = static_cast<unsigned char>(line[i]);
    std::size_t length = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    bool valid = length > 0 && i + length <= line.size();
    for (std::size_t k = 1; valid && k < length; ++k) valid = is_continuation(static_cast<unsigned char>(line[i + k]));
    if (!valid) {
      out += '?';
      ++i;
      continue;
    }
    out.append(line.substr(i, length));
    i += length;
  }
  return out;
}

// The source line and a caret under the span (a tilde run for the rest of a
// multi-character span on the same line). The caret is placed by characters, not
// bytes, and tabs are kept so it lines up.
void append_excerpt(std::string& out, const SourceFile& file, const Span& span, bool colour) {
  std::string line = printable(file.line_text(span.begin.line));
  std::size_t caret = std::min<std::size_t>(span.begin.column - 1, line.size());
  std::size_t width = 1;
  if (span.end.line == span.begin.line && span.end.column > span.begin.column) {
    width = span.end.column - span.begin.column;
  }
  if (line.size() > kExcerptWidth) {
    const std::size_t from = caret > kExcerptWidth / 2 ? caret - kExcerptWidth / 2 : 0;
    const std::size_t to = std::min(line.size(), from + kExcerptWidth);
    std::string window = (from > 0 ? "..." : "") + line.substr(from, to - from) + (to < line.size() ? "..." : "");
    caret = caret - from + (from > 0 ? 3 : 0);
    line = std::move(window);
  }
  width = std::max<std::size_t>(1, std::min(width, line.size() + 1 - std::min(caret, line.size())));
  out += fmt::format("  {}\n  ", line);
  for (std::size_t i = 0; i < caret && i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (is_continuation(c)) continue;
    out += line[i] == '\t' ? '\t' : ' ';
  }
  if (colour) {
    out += "\x1b[1;32m";
  }
  out += '^';
  out.append(width - 1, '~');
  if (colour) {
    out += "\x1b[0m";
  }
  out += '\n';
}

void append_located(std::string& out, Severity severity, const std::string& message, const SourceFile* file,
                    const Span& span, bool colour) {
  if (file != nullptr) {
    out += fmt::format("{}:{}:{}: ", file->name(), span.begin.line, span.begin.column);
  }
  if (colour) {
    out += fmt::format("{}{}:\x1b[0m {}\n", severity_colour(severity), severity_name(severity), message);
  } else {
    out += fmt::format("{}: {}\n", severity_name(severity), message);
  }
  if (file != nullptr) {
    append_excerpt(out, *file, span, colour);
  }
}

}  // namespace

bool has_errors(const Diagnostics& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::error; });
}

std::string render_diagnostic(const Diagnostic& diagnostic, bool colour) {
  std::string out;
  append_located(out, diagnostic.severity, diagnostic.message, diagnostic.file, diagnostic.span, colour);
  for (const Note& note : diagnostic.notes) {
    append_located(out, Severity::note, note.message, note.file, note.span, colour);
  }
  return out;
}

}  // namespace tacit::dsl
