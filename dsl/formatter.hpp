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
//   a word at column 1 starts an item. Indentation is spaces; lines end in "\n",
//   carry no trailing blanks, and the file ends with one newline.
// * Header: `definition NAME` (or `module NAME`), then each metadata entry on its
//   own line, indented 2, keys left-aligned and values in one column two spaces
//   after the longest key (`  title    "..."`).
// * `import m [as a]`
//   `param NAME: TYPE = DEFAULT [in LOW..HIGH]`, the description on the next
//   line indented 2.
//   `field NAME: TYPE [in LOW..HIGH] "description"` (the description moves to the
//   next line, indented 2, when the line would pass 100 columns).
//   `let NAME = EXPR`, `fn NAME(a: T, b: T) = EXPR`, `verdict EXPR`,
//   `check "description" = EXPR`.
//   `clause NAME "description"`, each `cite "..."` on its own line indented 2,
//   then `  = EXPR`.
//   An empty description ("") is the same as none and is left out, except in
//   `check`, where it is required.
// * Expressions: one space around binary operators and after `,` and `:`;
//   `f(a, b: c)`, `any(x in xs where P: body)`, `[a, b]`, `{a: 1, b: 2}`,
//   `not x`, `-x`, `x is known`. Numbers exactly as written, quantities as
//   `NUMBER UNIT` with one space (`µmol/L` is written `umol/L`), dates
//   `@YYYY-MM-DD`, strings re-escaped (`\" \\ \n \t \{ \}`). Parentheses exactly
//   where the author wrote them: none added, none removed.
// * Line breaking: an item that fits in 100 columns is one line. Otherwise the
//   top-level `and`/`or` chain breaks first: each further operand on its own
//   line, indented 4, starting with the operator (`    and ...`). Then, inside
//   an operand that is still too long, calls, lists and records put one argument
//   per line (indented 4 more than the line that opens them, the closing bracket
//   ending the last line); a comprehension keeps `op(x in xs where P:` on its
//   line and puts the body on the next (`where P` gets its own line when the head
//   alone is too long); `if`/`then`/`else` and `let ... in` put each part on its
//   own line. Nested and/or chains inside an operand break the same way, 4
//   columns deeper. Strings, types and range bounds never break, so a line may
//   pass 100 columns when nothing in it can break.
// * Comments are never dropped. An own-line comment stays on its own line
//   before the item, metadata entry or continuation line it preceded, indented
//   like that line. A comment at the end of a line stays at the end of the line
//   holding the token it followed, after one space. A comment that fell between
//   two tokens now on one line moves to the nearest line break: an end-of-line
//   comment to the end of that line, an own-line comment to just before it (so
//   before the item when the item became one line). When a line already ends in
//   a comment, a further one goes on its own line after it.
// * Blank lines: at most one in a row, and never inside an item. Between items
//   (and between the header lines, and among the own-line comments between
//   them) one blank line is kept where the source had one or more and none is
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
