// A debug view of stage 1: the syntax tree as an indented outline, for
// `tacit parse --dump-ast` and for golden tests of the parser.
#pragma once

#include <string>

#include "dsl/ast.hpp"

namespace tacit::dsl {

[[nodiscard]] std::string dump_ast(const FileAst& ast);

}  // namespace tacit::dsl
