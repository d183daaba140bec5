// Limits on rule files, each with the reason it exists. Past a limit the parser
// reports a clear error instead of exhausting the stack or memory.
#pragma once

#include <cstddef>

namespace tacit::dsl {

// The largest bundled file is a few kB; a megabyte of rules is a mistake (a data
// file passed as a rule), not a definition.
inline constexpr std::size_t kMaxRuleFileBytes = 1024 * 1024;

// Nested brackets, operators or calls deeper than this are unreadable for a
// reviewer, and the parser, checker and evaluator all recurse over the tree.
inline constexpr std::size_t kMaxNestingDepth = 64;

// The depth of one expression tree, counting operators chained on one level
// ("a + b + c ..."), which is not bounded by the bracket depth.
inline constexpr std::size_t kMaxExpressionDepth = 256;

// Expression levels that one evaluation can nest, following names and calls
// into the bodies of the lets, clauses and functions they use: the static bound
// on the evaluator's recursion and on the checker's, which follows the same
// paths. The two limits above bound one expression; this bounds chains of them
// (`let a0 = a1 + 1`, `let a1 = a2 + 1`, ...), which a 1 MiB file can make 60,000
// long: 50,000 overflowed the stack. The deepest bundled definition needs 44
// levels; in the build with the largest frames (Debug with ASan) one level of
// such a chain takes up to ~14 KB of the checker's stack, so 256 levels stay
// under half of the usual 8 MiB stack of the main and worker threads.
inline constexpr std::size_t kMaxEvaluationDepth = 256;

// A string literal longer than this is a pasted document, not a description.
inline constexpr std::size_t kMaxStringBytes = 16 * 1024;

// Errors reported per file: past this the rest is noise from the first mistake.
inline constexpr std::size_t kMaxErrorsPerFile = 20;

// Modules imported, transitively, by one run.
inline constexpr std::size_t kMaxImportedFiles = 256;

}  // namespace tacit::dsl
