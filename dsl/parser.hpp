// Stage 1: text to syntax tree.
//
// parse_file() reads one rule file into a FileAst. It never throws: syntax errors
// come back as Diagnostics with the position, the source line and what was
// expected. After an error inside an item, parsing resumes at the next line that
// starts an item, so one run reports several independent mistakes. The tree of a
// file with errors is partial and must not be checked or evaluated.
#pragma once

#include "dsl/ast.hpp"
#include "dsl/diagnostic.hpp"
#include "dsl/source.hpp"

namespace tacit::dsl {

struct ParseResult {
  FileAst ast;
  Diagnostics diagnostics;
};

[[nodiscard]] ParseResult parse_file(const SourceFile& file);

}  // namespace tacit::dsl
