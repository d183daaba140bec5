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

// The source line and a caret under the span (a tilde run for the rest of a
// multi-character span on the same line). Tabs are kept so the caret lines up.
void append_excerpt(std::string& out, const SourceFile& file, const Span& span, bool colour) {
  const std::string_view line = file.line_text(span.begin.line);
  out += fmt::format("  {}\n  ", line);
  const std::uint32_t caret_column = std::min<std::uint32_t>(span.begin.column, static_cast<std::uint32_t>(line.size()) + 1);
  for (std::uint32_t i = 1; i < caret_column; ++i) {
    out += line[i - 1] == '\t' ? '\t' : ' ';
  }
  std::uint32_t width = 1;
  if (span.end.line == span.begin.line && span.end.column > span.begin.column) {
    width = span.end.column - span.begin.column;
  }
  width = std::min<std::uint32_t>(width, std::max<std::uint32_t>(1, static_cast<std::uint32_t>(line.size()) + 1 - caret_column + 1));
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
