// Visiting the children of an expression node: one definition of the tree's
// shape, shared by the checker, the analyses and the formatter's helpers.
#pragma once

#include <vector>

#include "dsl/ast.hpp"

namespace tacit::dsl {

template <typename Visit>
void for_each_child(const FileAst& ast, ExprId id, Visit&& visit) {
  const auto child = [&](ExprId c) {
    if (c != kNoExpr) visit(c);
  };
  std::visit(
      [&](const auto& node) {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, StringLiteral>) {
          for (const auto& part : node.parts) child(part.expr);
        } else if constexpr (std::is_same_v<T, FieldAccess>) {
          child(node.object);
        } else if constexpr (std::is_same_v<T, Call>) {
          for (const auto& arg : node.args) child(arg.value);
        } else if constexpr (std::is_same_v<T, Comprehension>) {
          child(node.source);
          child(node.filter);
          child(node.body);
        } else if constexpr (std::is_same_v<T, Unary>) {
          child(node.operand);
        } else if constexpr (std::is_same_v<T, Binary>) {
          child(node.left);
          child(node.right);
        } else if constexpr (std::is_same_v<T, IsKnown>) {
          child(node.operand);
        } else if constexpr (std::is_same_v<T, Conditional>) {
          child(node.condition);
          child(node.then_branch);
          child(node.else_branch);
        } else if constexpr (std::is_same_v<T, ListLiteral>) {
          for (ExprId e : node.elements) child(e);
        } else if constexpr (std::is_same_v<T, RecordLiteral>) {
          for (const auto& entry : node.entries) child(entry.value);
        } else if constexpr (std::is_same_v<T, LetIn>) {
          child(node.value);
          child(node.body);
        } else if constexpr (std::is_same_v<T, Parenthesized>) {
          child(node.inner);
        }
      },
      ast.expr(id).node);
  (void)ast;
}

// Every node of the subtree, the root first. Iterative: trees are bounded in
// depth by the parser, but the walk need not rely on that.
template <typename Visit>
void for_each_node(const FileAst& ast, ExprId root, Visit&& visit) {
  std::vector<ExprId> stack{root};
  while (!stack.empty()) {
    const ExprId id = stack.back();
    stack.pop_back();
    visit(id);
    for_each_child(ast, id, [&](ExprId c) { stack.push_back(c); });
  }
}

}  // namespace tacit::dsl
