#include "dsl/ast_dump.hpp"

#include <fmt/format.h>

namespace tacit::dsl {
namespace {

class Dumper {
 public:
  explicit Dumper(const FileAst& ast) : ast_(ast) {}

  void expr(ExprId id, int indent) {
    const Expr& e = ast_.expr(id);
    const auto pad = std::string(static_cast<std::size_t>(indent) * 2, ' ');
    const auto at = fmt::format("@{}:{}", e.span.begin.line, e.span.begin.column);
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, BoolLiteral>) {
            line(pad, fmt::format("bool {} {}", node.value == BoolLiteral::Value::true_ ? "true"
                                                : node.value == BoolLiteral::Value::false_ ? "false"
                                                                                            : "unknown", at));
          } else if constexpr (std::is_same_v<T, NumberLiteral>) {
            line(pad, fmt::format("number {} {}", node.text, at));
          } else if constexpr (std::is_same_v<T, QuantityLiteral>) {
            line(pad, fmt::format("quantity {} {} {}", node.text, node.unit, at));
          } else if constexpr (std::is_same_v<T, DateLiteral>) {
            line(pad, fmt::format("date {} {}", node.text, at));
          } else if constexpr (std::is_same_v<T, StringLiteral>) {
            line(pad, fmt::format("string {}", at));
            for (const auto& part : node.parts) {
              if (part.expr == kNoExpr) {
                line(pad + "  ", fmt::format("text \"{}\"", part.text));
              } else {
                expr(part.expr, indent + 1);
              }
            }
          } else if constexpr (std::is_same_v<T, Name>) {
            line(pad, fmt::format("name {} {}", node.name, at));
          } else if constexpr (std::is_same_v<T, FieldAccess>) {
            line(pad, fmt::format("field .{} {}", node.field, at));
            expr(node.object, indent + 1);
          } else if constexpr (std::is_same_v<T, Call>) {
            line(pad, fmt::format("call {} {}", node.callee, at));
            for (const auto& arg : node.args) {
              if (!arg.name.empty()) line(pad + "  ", fmt::format("{}:", arg.name));
              expr(arg.value, indent + 1);
            }
          } else if constexpr (std::is_same_v<T, Comprehension>) {
            line(pad, fmt::format("{} {} in {}", node.op, node.variable, at));
            expr(node.source, indent + 1);
            if (node.filter != kNoExpr) {
              line(pad + "  ", "where");
              expr(node.filter, indent + 2);
            }
            if (node.body != kNoExpr) {
              line(pad + "  ", ":");
              expr(node.body, indent + 2);
            }
          } else if constexpr (std::is_same_v<T, Unary>) {
            line(pad, fmt::format("{} {}", node.op == UnaryOp::not_ ? "not" : "negate", at));
            expr(node.operand, indent + 1);
          } else if constexpr (std::is_same_v<T, Binary>) {
            line(pad, fmt::format("{} {}", operator_text(node.op), at));
            expr(node.left, indent + 1);
            expr(node.right, indent + 1);
          } else if constexpr (std::is_same_v<T, IsKnown>) {
            line(pad, fmt::format("is {} {}", node.negated ? "unknown" : "known", at));
            expr(node.operand, indent + 1);
          } else if constexpr (std::is_same_v<T, Conditional>) {
            line(pad, fmt::format("if {}", at));
            expr(node.condition, indent + 1);
            expr(node.then_branch, indent + 1);
            expr(node.else_branch, indent + 1);
          } else if constexpr (std::is_same_v<T, ListLiteral>) {
            line(pad, fmt::format("list {}", at));
            for (ExprId element : node.elements) expr(element, indent + 1);
          } else if constexpr (std::is_same_v<T, RecordLiteral>) {
            line(pad, fmt::format("record {}", at));
            for (const auto& entry : node.entries) {
              line(pad + "  ", fmt::format("{}:", entry.name));
              expr(entry.value, indent + 2);
            }
          } else if constexpr (std::is_same_v<T, LetIn>) {
            line(pad, fmt::format("let {} {}", node.name, at));
            expr(node.value, indent + 1);
            expr(node.body, indent + 1);
          } else if constexpr (std::is_same_v<T, Parenthesized>) {
            line(pad, fmt::format("parens {}", at));
            expr(node.inner, indent + 1);
          }
        },
        e.node);
  }

  void item(const Item& item) {
    const auto at = fmt::format("@{}:{}", item.span.begin.line, item.span.begin.column);
    std::visit(
        [&](const auto& node) {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, Import>) {
            line("", fmt::format("import {}{} {}", node.module, node.alias.empty() ? "" : " as " + node.alias, at));
          } else if constexpr (std::is_same_v<T, Param>) {
            line("", fmt::format("param {}: {} {}", node.name, type_text(node.type), at));
            expr(node.default_value, 1);
            range(node.range);
            if (!node.description.empty()) line("  ", fmt::format("description \"{}\"", node.description));
          } else if constexpr (std::is_same_v<T, FieldDecl>) {
            line("", fmt::format("field {}: {} {}", node.name, type_text(node.type), at));
            range(node.range);
          } else if constexpr (std::is_same_v<T, Let>) {
            line("", fmt::format("let {} {}", node.name, at));
            expr(node.value, 1);
          } else if constexpr (std::is_same_v<T, Fn>) {
            std::string params;
            for (const auto& p : node.params) params += fmt::format("{}{}: {}", params.empty() ? "" : ", ", p.name, type_text(p.type));
            line("", fmt::format("fn {}({}) {}", node.name, params, at));
            expr(node.body, 1);
          } else if constexpr (std::is_same_v<T, Clause>) {
            line("", fmt::format("clause {} \"{}\" {}", node.name, node.description, at));
            for (const auto& cite : node.cites) line("  ", fmt::format("cite \"{}\"", cite));
            expr(node.body, 1);
          } else if constexpr (std::is_same_v<T, Verdict>) {
            line("", fmt::format("verdict {}", at));
            expr(node.value, 1);
          } else if constexpr (std::is_same_v<T, Check>) {
            line("", fmt::format("check \"{}\" {}", node.description, at));
            expr(node.value, 1);
          }
        },
        item.node);
  }

  std::string run() {
    const Header& h = ast_.header;
    line("", fmt::format("{} {}", h.kind == Header::Kind::definition ? "definition" : "module", h.name));
    for (const auto& meta : h.meta) {
      line("  ", fmt::format("meta {}", meta.key));
      expr(meta.value, 2);
    }
    for (const auto& i : ast_.items) item(i);
    return std::move(out_);
  }

 private:
  void range(const std::optional<Range>& r) {
    if (!r) return;
    line("  ", "range");
    expr(r->low, 2);
    expr(r->high, 2);
  }
  void line(const std::string& pad, const std::string& text) { out_ += fmt::format("{}{}\n", pad, text); }

  const FileAst& ast_;
  std::string out_;
};

}  // namespace

std::string dump_ast(const FileAst& ast) { return Dumper(ast).run(); }

}  // namespace tacit::dsl
