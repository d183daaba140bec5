#include "dsl/ast.hpp"

namespace tacit::dsl {

std::string_view operator_text(BinaryOp op) {
  static constexpr std::string_view texts[] = {"or", "and", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "?\?"};
  return texts[static_cast<int>(op)];
}

std::string escape_rule_string(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '{':
        out += "\\{";
        break;
      case '}':
        out += "\\}";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string quote_rule_string(std::string_view text) { return "\"" + escape_rule_string(text) + "\""; }

std::string type_text(const TypeExpr& type) {
  switch (type.kind) {
    case TypeExpr::Kind::named:
    case TypeExpr::Kind::unit:
      return type.name;
    case TypeExpr::Kind::list:
      return "list<" + type_text(type.element.front()) + ">";
    case TypeExpr::Kind::choice: {
      std::string out;
      for (const auto& choice : type.choices) out += (out.empty() ? "" : " | ") + quote_rule_string(choice);
      return out;
    }
  }
  return {};
}

}  // namespace tacit::dsl
