// The one error type of every stage: parser, checker, loader and evaluator.
//
// The library never prints. It returns Diagnostics; the command-line front renders
// them with render_diagnostic() as
//   file:line:col: error: message
//     <source line>
//     ^~~~~
// Messages follow one template, "expected X, found Y" where something specific was
// expected, and start with a lower-case letter without a final period.
#pragma once

#include <string>
#include <vector>

#include "dsl/source.hpp"

namespace tacit::dsl {

enum class Severity { error, warning, note };

struct Note {
  std::string message;
  const SourceFile* file = nullptr;  // null: no location
  Span span;
};

struct Diagnostic {
  Severity severity = Severity::error;
  std::string message;
  const SourceFile* file = nullptr;  // null: not about a rule file (e.g. command line)
  Span span;
  std::vector<Note> notes;
};

using Diagnostics = std::vector<Diagnostic>;

[[nodiscard]] bool has_errors(const Diagnostics& diagnostics);

// "file:line:col: error: message", the source line and a caret line, then the notes.
// With colour, the severity and the caret are highlighted (ANSI).
[[nodiscard]] std::string render_diagnostic(const Diagnostic& diagnostic, bool colour = false);

}  // namespace tacit::dsl
