// Syntax tree back to text, in the one canonical layout (`tacit fmt`).
//
// Reviewers read and diff rule files, so every file has exactly one layout: two
// authors who write the same rules get the same text, and a diff shows only what
// changed in meaning. format_file() takes the tree of a file that parsed without
// errors and its source (for the comments and the author's blank lines) and
// returns the canonical text. It is idempotent (formatting its output changes
// nothing) and keeps meaning (the output parses to the same tree).
//
// Layout rules:
// * Items start at column 1, one per line; everything else is indented, because
//   a word at column 1 starts an item. Indentation is spaces, two per level;
//   lines end in "\n", carry no trailing blanks, and the file ends with one
//   newline. Lines are filled to 100 columns.
// * Header: `definition NAME` (or `module NAME`), then each metadata entry on its
//   own line, indented 2, keys left-aligned and values in one column two spaces
//   after the longest key (`  title    "..."`).
// * Items: `import m [as a]`; `let NAME = EXPR`; `fn NAME(a: T, b: T) = EXPR`;
//   `check "description" = EXPR`; `verdict EXPR`;
//   `param NAME: TYPE = DEFAULT [in LOW..HIGH]`, its description on the next
//   line indented 2; `field NAME: TYPE [in LOW..HIGH] "description"` (the
//   description on the next line, indented 2, when the line would pass 100
//   columns); `clause NAME "description"`, each `cite "..."` on its own line
//   indented 2, then `  = EXPR`. An empty description ("") is the same as none
//   and is left out, except in `check`, where it is required.
// * Expressions: one space around binary operators and after `,` and `:`;
//   `f(a, b: c)`, `any(x in xs where P: body)`, `[a, b]`, `{a: 1, b: 2}`,
//   `not x`, `-x`, `x is known`. Numbers exactly as written, quantities as
//   `NUMBER UNIT` with one space (`µmol/L` is written `umol/L`), dates
//   `@YYYY-MM-DD`, strings re-escaped (`\" \\ \n \t \{ \}`). Parentheses exactly
//   where the author wrote them: none added, none removed.
// * An item that fits in 100 columns is one line. Otherwise:
//   - the expression of `let`, `fn`, `check` and `param` goes on the next line,
//     indented 2, after `... =`; when it does not fit there either and is a
//     call, list, record or comprehension, its bracket opens on the item's line
//     instead (`let runs = sessions.runs(`). A `fn` whose head alone passes 100
//     columns puts one parameter per line, indented 4, then `) =`;
//   - a chain of operators of one precedence (`and`, `or`, `??`, `+ -`, `* /`,
//     and a comparison as a chain of two) puts each further operand on its own
//     line, the operator first. Those lines are aligned with the chain when it
//     starts its line (`let x =` / `  a` / `  and b`), else indented one level
//     more than its line (`  = a` / `    and b`; `verdict a` / `  or b`). The
//     loosest chain breaks first; operands break the same way, one level deeper;
//   - a call, list or record puts one element per line, one level deeper than
//     the line that opens it, the closing bracket ending the last element;
//   - a comprehension keeps `op(x in xs where P:` on its line and puts the body
//     on the next, one level deeper; `where P` goes on its own line too when the
//     head does not fit;
//   - `if C then A` / `else if D then B` / `else E`, one line per branch;
//     `then A` gets its own line when `if C then A` does not fit, and a branch
//     that does not fit after its keyword goes on the next line, one level
//     deeper;
//   - `let x = V in`, then the body on the next line, placed like the
//     operators of a chain.
//   Strings, types and range bounds never break, so a line may pass 100 columns
//   when nothing in it can break.
// * Comments are never dropped and keep their order. An own-line comment stays
//   on its own line before the item, metadata entry or continuation line it
//   preceded, indented like that line. A comment at the end of a line stays at
//   the end of the line holding the token it followed. A comment that stood
//   between two tokens now on one line moves to the nearest line break: an
//   end-of-line comment to the end of that line, an own-line comment to just
//   before it (so before the item when the item became one line). When a line
//   already ends in a comment, a further one goes on its own line after it.
//   End-of-line comments on consecutive lines are aligned one space after the
//   longest of those lines.
// * Blank lines: at most one in a row, and never inside an item. Between items
//   (and between the header lines, and among the own-line comments between
//   them) one blank line is kept where the source had one or more, and none is
//   added, except that there is always exactly one after the header block and
//   around every `fn`, `clause` and `verdict` item.
#pragma once

#include <string>

#include "dsl/ast.hpp"
#include "dsl/source.hpp"

namespace tacit::dsl {

// The width the formatter fills before it breaks a line.
inline constexpr int kFormatColumns = 100;

// The canonical text of `source`, whose tree `ast` parse_file() produced without
// errors. (A partial tree of a file with errors gives unspecified text.)
[[nodiscard]] std::string format_file(const FileAst& ast, const SourceFile& source);

}  // namespace tacit::dsl
