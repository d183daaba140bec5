// The canonical layout (rules in dsl/formatter.hpp), in two passes:
// 1. lay out: the tree is printed into lines; each line records the source
//    offsets of the first and last token it holds;
// 2. weave: every comment goes to the line break nearest to where it stood in the
//    source, found by comparing its offset with those of the lines.
// Layout depends on the tree alone, never on the comments, which is what makes
// formatting idempotent.
#include "dsl/formatter.hpp"

#include <algorithm>
#include <limits>

namespace tacit::dsl {
namespace {

constexpr int kLevel = 2;  // one level of indentation
constexpr std::uint32_t kNoOffset = std::numeric_limits<std::uint32_t>::max();

// Display width: code points, not bytes.
int width(std::string_view text) {
  int n = 0;
  for (const char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
  return n;
}

// Operators of one precedence form a chain that breaks as a whole; comparisons
// do not chain (the grammar allows one per operand).
int precedence(BinaryOp op) {
  switch (op) {
    case BinaryOp::or_: return 1;
    case BinaryOp::and_: return 2;
    case BinaryOp::eq: case BinaryOp::ne: case BinaryOp::lt: case BinaryOp::le: case BinaryOp::gt: case BinaryOp::ge:
      return 3;
    case BinaryOp::coalesce: return 4;
    case BinaryOp::add: case BinaryOp::sub: return 5;
    case BinaryOp::mul: case BinaryOp::div: return 6;
  }
  return 0;
}


std::string rtrim(std::string text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.pop_back();
  return text;
}

// --- finding tokens the tree keeps no span for (descriptions, cites, '=') ---------

std::uint32_t skip_trivia(std::string_view text, std::uint32_t at) {
  while (at < text.size()) {
    if (text[at] == '#') {
      while (at < text.size() && text[at] != '\n') ++at;
    } else if (text[at] == ' ' || text[at] == '\t' || text[at] == '\n' || text[at] == '\r' || text[at] == '\v' ||
               text[at] == '\f') {
      ++at;
    } else {
      break;
    }
  }
  return at;
}

// `at` is on the opening quote of a string without interpolation; returns the
// offset past its closing quote.
std::uint32_t skip_string(std::string_view text, std::uint32_t at) {
  for (++at; at < text.size() && text[at] != '"'; ++at) {
    if (text[at] == '\\') ++at;
  }
  return std::min(at + 1, static_cast<std::uint32_t>(text.size()));
}

// --- output lines -------------------------------------------------------------------

// What a line belongs to: decides the blank lines the layout adds.
enum class Block : std::uint8_t { header, import, param, field, let, fn, clause, verdict, check };

struct Line {
  int indent = 0;
  std::string text;
  std::uint32_t begin = kNoOffset;  // source offset of the first token placed (keywords aside)
  std::uint32_t end = 0;            // source offset past the last token placed
  Block block = Block::header;
  bool starts_block = false;           // the first line of a header entry or an item
  std::vector<const Comment*> before;  // own-line comments printed before the line
  std::string trailing;                // a comment at the end of the line
};

bool is_spaced(Block block) { return block == Block::fn || block == Block::clause || block == Block::verdict; }

// Whether the layout puts a blank line between a block and the next item.
bool needs_blank(Block previous, Block next, bool next_is_item) {
  if (!next_is_item) return false;
  return previous == Block::header || is_spaced(previous) || is_spaced(next);
}

template <typename... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <typename... F>
Overloaded(F...) -> Overloaded<F...>;

class Formatter {
 public:
  Formatter(const FileAst& ast, const SourceFile& source) : ast_(ast), source_(source), flat_(ast.exprs.size()) {}

  std::string run() {
    header();
    for (const Item& item : ast_.items) std::visit([&](const auto& node) { layout(node, item); }, item.node);
    weave_comments();
    return render();
  }

 private:
  // --- building lines ---

  void start(Block block, int indent, std::uint32_t begin) {
    lines_.push_back(Line{indent, {}, begin, begin, block, true, {}, {}});
  }
  void newline(int indent) { lines_.push_back(Line{indent, {}, kNoOffset, 0, lines_.back().block, false, {}, {}}); }
  void put(std::string_view text) { lines_.back().text += text; }
  void mark(std::uint32_t begin, std::uint32_t end) {
    Line& line = lines_.back();
    if (line.begin == kNoOffset) line.begin = begin;
    line.end = std::max(line.end, end);
  }
  void mark(const Span& span) { mark(span.begin.offset, span.end.offset); }
  // Marks the keyword or operator of `length` bytes that follows `before` in the
  // source (only blanks and comments lie between), so that a line holding only
  // a keyword still has its place among the comments.
  void mark_token(const Span& before, std::uint32_t length) {
    const std::uint32_t at = skip_trivia(source_.text(), before.end.offset);
    mark(at, at + length);
  }
  int column() const { return lines_.back().indent + width(lines_.back().text); }
  bool fits(int extra) const { return column() + extra <= kFormatColumns; }

  int line_indent() const { return lines_.back().indent; }
  // The level of what follows text already on the line: one deeper than the line.
  int follow_level() const { return line_indent() + kLevel; }
  // Where the contents of a bracket opened by a node of `level` go: one level
  // deeper than the line, and not left of the node's own continuation lines.
  int inside_level(int level) const { return std::max(follow_level(), level); }

  // --- header and items ---

  void header() {
    const Header& h = ast_.header;
    start(Block::header, 0, h.span.begin.offset);
    put(h.kind == Header::Kind::definition ? "definition " : "module ");
    put(h.name);
    mark(h.name_span);
    int key_width = 0;
    for (const auto& meta : h.meta) key_width = std::max(key_width, width(meta.key));
    for (const auto& meta : h.meta) {
      start(Block::header, kLevel, meta.key_span.begin.offset);
      put(meta.key + std::string(static_cast<std::size_t>(key_width - width(meta.key) + 2), ' '));
      if (meta.word.empty()) {
        emit(meta.value, follow_level(), 0);
      } else {
        put(meta.word);
        mark(ast_.expr(meta.value).span);
      }
    }
  }

  void layout(const Import& node, const Item& item) {
    start(Block::import, 0, item.span.begin.offset);
    put("import " + node.module + (node.alias.empty() ? "" : " as " + node.alias));
    mark(item.span);
  }

  void layout(const Param& node, const Item& item) {
    start(Block::param, 0, item.span.begin.offset);
    put("param " + node.name + ": " + type_text(node.type));
    body_after_equals(node.default_value, range_text(node.range));
    if (node.range) mark(ast_.expr(node.range->high).span);
    if (node.description.empty()) return;
    const ExprId last = node.range ? node.range->high : node.default_value;
    description_line(node.description, ast_.expr(last).span.end.offset, item);
  }

  void layout(const FieldDecl& node, const Item& item) {
    start(Block::field, 0, item.span.begin.offset);
    put("field " + node.name + ": " + type_text(node.type) + range_text(node.range));
    mark(node.type.span);
    if (node.range) mark(ast_.expr(node.range->high).span);
    if (node.description.empty()) return;
    const std::string text = quote_rule_string(node.description);
    if (!fits(1 + width(text))) {
      description_line(node.description,
                       node.range ? ast_.expr(node.range->high).span.end.offset : node.type.span.end.offset, item);
      return;
    }
    put(" " + text);
    mark(item.span);
  }

  void layout(const Let& node, const Item& item) {
    start(Block::let, 0, item.span.begin.offset);
    put("let " + node.name);
    body_after_equals(node.value, "");
  }

  // Parameters one per line, two levels deep, when the head alone is too long.
  void layout(const Fn& node, const Item& item) {
    start(Block::fn, 0, item.span.begin.offset);
    put("fn " + node.name + "(");
    std::string joined;
    for (const auto& p : node.params) joined += (joined.empty() ? "" : ", ") + p.name + ": " + type_text(p.type);
    if (node.params.empty() || fits(width(joined) + 3)) {  // ") ="
      put(joined + ")");
      body_after_equals(node.body, "");
      return;
    }
    for (std::size_t i = 0; i < node.params.size(); ++i) {
      const FnParam& p = node.params[i];
      newline(2 * kLevel);
      put(p.name + ": " + type_text(p.type) + (i + 1 == node.params.size() ? ") =" : ","));
      mark(p.name_span.begin.offset, p.type.span.end.offset);
    }
    newline(kLevel);
    emit(node.body, kLevel, 0);
  }

  void layout(const Clause& node, const Item& item) {
    const std::string_view text = source_.text();
    start(Block::clause, 0, item.span.begin.offset);
    put("clause " + node.name);
    mark(node.name_span);
    std::uint32_t at = skip_trivia(text, node.name_span.end.offset);
    if (at < text.size() && text[at] == '"') {  // the description, possibly ""
      at = skip_string(text, at);
      if (!node.description.empty()) {
        put(" " + quote_rule_string(node.description));
        mark(at, at);
      }
    }
    for (const auto& cite : node.cites) {
      const std::uint32_t cite_begin = skip_trivia(text, at);
      at = skip_string(text, skip_trivia(text, cite_begin + 4));
      newline(kLevel);
      put("cite " + quote_rule_string(cite));
      mark(cite_begin, at);
    }
    const std::uint32_t equals = skip_trivia(text, at);
    newline(kLevel);
    put("= ");
    mark(equals, equals + 1);
    emit(node.body, follow_level(), 0);
  }

  void layout(const Verdict& node, const Item& item) {
    start(Block::verdict, 0, item.span.begin.offset);
    put("verdict ");
    emit(node.value, follow_level(), 0);
  }

  void layout(const Check& node, const Item& item) {
    start(Block::check, 0, item.span.begin.offset);
    put("check " + quote_rule_string(node.description));
    body_after_equals(node.value, "");
  }

  // " = EXPR" and `suffix` on the item's line when they fit. Else the
  // expression goes on the next line, one level deep, unless it does not fit
  // there either and opens a bracket: then the bracket opens on the item's line.
  void body_after_equals(ExprId body, const std::string& suffix) {
    const int body_width = width(flat(body)) + width(suffix);
    const std::string opening = bracket_opening(body);
    if (fits(3 + body_width)) {
      put(" = ");
    } else if (kLevel + body_width > kFormatColumns && !opening.empty() && fits(3 + width(opening))) {
      put(" = ");
      emit(body, 0, width(suffix));
      put(suffix);
      return;
    } else {
      put(" =");
      newline(kLevel);
    }
    emit(body, line_indent(), width(suffix));
    put(suffix);
  }

  // The text up to the opening bracket of a call, list, record or comprehension.
  std::string bracket_opening(ExprId id) const {
    return std::visit(Overloaded{
                          [](const Call& n) { return n.callee + "("; },
                          [](const Comprehension& n) { return comprehension_head(n); },
                          [](const ListLiteral&) { return std::string("["); },
                          [](const RecordLiteral&) { return std::string("{"); },
                          [](const auto&) { return std::string(); },
                      },
                      ast_.expr(id).node);
  }

  std::string range_text(const std::optional<Range>& range) {
    return range ? " in " + flat(range->low) + ".." + flat(range->high) : std::string();
  }

  // The description of a param or field on its own line: the first token after
  // offset `after`, and the item's last.
  void description_line(const std::string& description, std::uint32_t after, const Item& item) {
    newline(kLevel);
    put(quote_rule_string(description));
    mark(skip_trivia(source_.text(), after), item.span.end.offset);
  }

  // --- expressions on one line ---

  const std::string& flat(ExprId id) {
    if (flat_[id].empty()) {
      flat_[id] = std::visit([&](const auto& node) { return flat_node(node); }, ast_.expr(id).node);
    }
    return flat_[id];
  }

  std::string flat_node(const BoolLiteral& n) {
    return n.value == BoolLiteral::Value::true_ ? "true" : n.value == BoolLiteral::Value::false_ ? "false" : "unknown";
  }
  std::string flat_node(const NumberLiteral& n) { return n.text; }
  std::string flat_node(const QuantityLiteral& n) { return n.text + " " + n.unit; }
  std::string flat_node(const DateLiteral& n) { return "@" + n.text; }
  std::string flat_node(const StringLiteral& n) {
    std::string out = "\"";
    for (const auto& part : n.parts) out += part.expr == kNoExpr ? escape_rule_string(part.text) : "{" + flat(part.expr) + "}";
    return out + "\"";
  }
  std::string flat_node(const Name& n) { return n.name; }
  std::string flat_node(const FieldAccess& n) { return flat(n.object) + "." + n.field; }
  std::string flat_node(const Call& n) {
    std::string out = n.callee + "(";
    for (std::size_t i = 0; i < n.args.size(); ++i) {
      out += (i == 0 ? "" : ", ") + argument_prefix(n.args[i]) + flat(n.args[i].value);
    }
    return out + ")";
  }
  std::string flat_node(const Comprehension& n) {
    return comprehension_head(n) + flat(n.source) + (n.filter == kNoExpr ? "" : " where " + flat(n.filter)) +
           (n.body == kNoExpr ? "" : ": " + flat(n.body)) + ")";
  }
  std::string flat_node(const Unary& n) { return unary_prefix(n) + flat(n.operand); }
  std::string flat_node(const Binary& n) { return flat(n.left) + spaced_operator(n.op) + flat(n.right); }
  std::string flat_node(const IsKnown& n) { return flat(n.operand) + is_suffix(n); }
  std::string flat_node(const Conditional& n) {
    return "if " + flat(n.condition) + " then " + flat(n.then_branch) + " else " + flat(n.else_branch);
  }
  std::string flat_node(const ListLiteral& n) {
    std::string out = "[";
    for (std::size_t i = 0; i < n.elements.size(); ++i) out += (i == 0 ? "" : ", ") + flat(n.elements[i]);
    return out + "]";
  }
  std::string flat_node(const RecordLiteral& n) {
    std::string out = "{";
    for (std::size_t i = 0; i < n.entries.size(); ++i) {
      out += (i == 0 ? "" : ", ") + n.entries[i].name + ": " + flat(n.entries[i].value);
    }
    return out + "}";
  }
  std::string flat_node(const LetIn& n) { return let_head(n) + flat(n.value) + " in " + flat(n.body); }
  std::string flat_node(const Parenthesized& n) { return "(" + flat(n.inner) + ")"; }

  static std::string spaced_operator(BinaryOp op) { return " " + std::string(dsl::operator_text(op)) + " "; }
  static std::string argument_prefix(const Argument& arg) { return arg.name.empty() ? "" : arg.name + ": "; }
  static std::string comprehension_head(const Comprehension& n) { return n.op + "(" + n.variable + " in "; }
  static std::string is_suffix(const IsKnown& n) { return n.negated ? " is unknown" : " is known"; }
  static std::string let_head(const LetIn& n) { return "let " + n.name + " = "; }
  // "- -x": two minus signs in a row would not parse as a double negation.
  std::string unary_prefix(const Unary& n) const {
    if (n.op == UnaryOp::not_) return "not ";
    const auto* inner = std::get_if<Unary>(&ast_.expr(n.operand).node);
    return inner != nullptr && inner->op == UnaryOp::negate ? "- " : "-";
  }

  // --- expressions over several lines ---

  // Prints expression `id` from the current column. `level` is the indentation
  // of its continuation lines (operators of a chain, `else`, the body after
  // `in`); what it encloses goes one level deeper. `trail` is the width of what
  // must follow it on its last line (closing brackets, operators).
  void emit(ExprId id, int level, int trail) {
    const Expr& e = ast_.expr(id);
    const std::string& text = flat(id);
    if (fits(width(text) + trail)) {
      put(text);
      mark(e.span);
      return;
    }
    std::visit([&](const auto& node) { emit_node(node, e.span, level, trail); }, e.node);
  }

  // Literals, names and strings cannot break.
  template <typename Node>
  void emit_node(const Node& node, const Span& span, int /*level*/, int /*trail*/) {
    put(flat_node(node));
    mark(span);
  }
  void emit_node(const Binary& n, const Span& /*span*/, int level, int trail) { emit_binary(n, level, trail); }
  void emit_node(const Call& n, const Span& span, int level, int trail) {
    put(n.callee);
    mark(n.callee_span);
    std::vector<std::pair<std::string, ExprId>> args;
    for (const auto& arg : n.args) args.emplace_back(argument_prefix(arg), arg.value);
    emit_elements("(", ")", args, span, level, trail);
  }
  void emit_node(const ListLiteral& n, const Span& span, int level, int trail) {
    std::vector<std::pair<std::string, ExprId>> elements;
    for (ExprId element : n.elements) elements.emplace_back("", element);
    emit_elements("[", "]", elements, span, level, trail);
  }
  void emit_node(const RecordLiteral& n, const Span& span, int level, int trail) {
    std::vector<std::pair<std::string, ExprId>> entries;
    for (const auto& entry : n.entries) entries.emplace_back(entry.name + ": ", entry.value);
    emit_elements("{", "}", entries, span, level, trail);
  }
  void emit_node(const Comprehension& n, const Span& span, int level, int trail) {
    emit_comprehension(n, span, level, trail);
  }
  void emit_node(const Conditional& n, const Span& span, int level, int trail) {
    emit_conditional(n, span, level, trail);
  }
  void emit_node(const Parenthesized& n, const Span& span, int /*level*/, int trail) {
    put("(");
    mark(span.begin.offset, span.begin.offset + 1);
    emit(n.inner, follow_level(), trail + 1);
    put(")");
    mark(span);
  }
  void emit_node(const Unary& n, const Span& span, int /*level*/, int trail) {
    put(unary_prefix(n));
    mark(span.begin.offset, span.begin.offset + 1);
    emit(n.operand, follow_level(), trail);
  }
  void emit_node(const IsKnown& n, const Span& span, int level, int trail) {
    emit(n.operand, level + kLevel, trail + width(is_suffix(n)));
    put(is_suffix(n));
    mark(span);
  }
  void emit_node(const FieldAccess& n, const Span& /*span*/, int level, int trail) {
    emit(n.object, level, trail + 1 + width(n.field));
    put("." + n.field);
    mark(n.field_span);
  }
  // let x = V in / BODY: the body on the next line at the level.
  void emit_node(const LetIn& n, const Span& span, int level, int trail) {
    put(let_head(n));
    mark(span.begin.offset, n.name_span.end.offset);
    emit(n.value, follow_level(), 3);
    put(" in");
    mark_token(ast_.expr(n.value).span, 2);
    newline(level);
    emit(n.body, level, trail);
  }

  // A chain of operators of one precedence (a and b and c, a + b - c; a
  // comparison is a chain of two) puts each further operand on its own line at
  // the level, the operator first; the operands are one level deeper.
  void emit_binary(const Binary& n, int level, int trail) {
    // The chain is left-nested, ((a op b) op c): its operands are on the left spine.
    std::vector<std::pair<BinaryOp, ExprId>> operands{{n.op, n.right}};
    ExprId left = n.left;
    for (const Binary* inner = std::get_if<Binary>(&ast_.expr(left).node);
         inner != nullptr && precedence(inner->op) == precedence(n.op);
         inner = std::get_if<Binary>(&ast_.expr(left).node)) {
      operands.emplace_back(inner->op, inner->right);
      left = inner->left;
    }
    std::reverse(operands.begin(), operands.end());
    emit(left, level + kLevel, 0);
    for (std::size_t i = 0; i < operands.size(); ++i) {
      newline(level);
      put(std::string(dsl::operator_text(operands[i].first)) + " ");
      mark_token(ast_.expr(i == 0 ? left : operands[i - 1].second).span,
                 static_cast<std::uint32_t>(dsl::operator_text(operands[i].first).size()));
      emit(operands[i].second, level + kLevel, i + 1 == operands.size() ? trail : 0);
    }
  }

  // open, then one element per line one level deep (each after its prefix, if
  // any), then close at the end of the last element.
  void emit_elements(std::string_view open, std::string_view close,
                     const std::vector<std::pair<std::string, ExprId>>& elements, const Span& span, int level,
                     int trail) {
    put(open);
    mark(span.begin.offset, span.begin.offset + 1);
    const int inside = inside_level(level);
    for (std::size_t i = 0; i < elements.size(); ++i) {
      const auto& [prefix, element] = elements[i];
      newline(inside);
      put(prefix);
      const bool last = i + 1 == elements.size();
      emit(element, prefix.empty() ? line_indent() : follow_level(), last ? trail + 1 : 1);
      if (!last) put(",");
    }
    put(close);
    mark(span);
  }

  // op(x in xs where P: body): the body on its own line one level deep; `where P`
  // too when the head does not fit.
  void emit_comprehension(const Comprehension& n, const Span& span, int level, int trail) {
    put(comprehension_head(n));
    mark(n.op_span);
    const int inside = inside_level(level);
    const bool has_filter = n.filter != kNoExpr;
    const bool has_body = n.body != kNoExpr;
    const std::string filter = has_filter ? " where " + flat(n.filter) : "";
    const int after_head = has_body ? 1 : 1 + trail;  // ':' or ')'
    const bool head_fits = fits(width(flat(n.source)) + width(filter) + after_head);
    emit(n.source, follow_level(), has_filter ? (head_fits ? width(filter) + after_head : 0) : after_head);
    if (has_filter) {
      if (head_fits) {
        put(" where ");
      } else {
        newline(inside);
        put("where ");
      }
      mark_token(ast_.expr(n.source).span, 5);
      emit(n.filter, follow_level(), after_head);
    }
    if (has_body) {
      put(":");
      mark_token(ast_.expr(has_filter ? n.filter : n.source).span, 1);
      newline(inside);
      emit(n.body, line_indent(), trail + 1);
    }
    put(")");
    mark(span);
  }

  // if C then A / else if D then B / else E: one line per branch, `else` at the
  // level; `then` goes on its own line only when `if C then A` does not fit.
  void emit_conditional(const Conditional& first, const Span& first_span, int level, int trail) {
    const Conditional* n = &first;
    put("if ");
    mark(first_span.begin.offset, first_span.begin.offset + 2);
    ExprId otherwise = kNoExpr;
    while (n != nullptr) {
      const std::string then_text = " then " + flat(n->then_branch);
      if (fits(width(flat(n->condition)) + width(then_text))) {
        emit(n->condition, follow_level(), width(then_text));
        put(" then ");
        mark_token(ast_.expr(n->condition).span, 4);
        emit(n->then_branch, follow_level(), 0);
      } else {
        emit(n->condition, follow_level(), 0);
        newline(level);
        put("then");
        mark_token(ast_.expr(n->condition).span, 4);
        emit_branch(n->then_branch, level, 0);
      }
      newline(level);
      put("else");
      mark_token(ast_.expr(n->then_branch).span, 4);
      otherwise = n->else_branch;
      n = std::get_if<Conditional>(&ast_.expr(otherwise).node);
      if (n != nullptr) {
        put(" if ");
        mark(ast_.expr(otherwise).span.begin.offset, ast_.expr(otherwise).span.begin.offset + 2);
      }
    }
    emit_branch(otherwise, level, trail);
  }

  // After `then` or `else`: on the same line when it fits, else on its own line
  // one level deeper.
  void emit_branch(ExprId branch, int level, int trail) {
    if (fits(1 + width(flat(branch)) + trail)) {
      put(" ");
      emit(branch, follow_level(), trail);
      return;
    }
    newline(level + kLevel);
    emit(branch, level + kLevel, trail);
  }

  // --- comments ---

  // Whether a comment can still go at the end of line `at`: nothing was placed
  // after the line yet, so the comments keep their order.
  bool can_trail(std::size_t at) const {
    if (!lines_[at].trailing.empty()) return false;
    return at + 1 < lines_.size() ? lines_[at + 1].before.empty() : tail_.empty();
  }

  void place_own_line(std::size_t before_line, const Comment* comment) {
    if (before_line < lines_.size()) {
      lines_[before_line].before.push_back(comment);
    } else {
      tail_.push_back(comment);
    }
  }

  void weave_comments() {
    for (std::size_t i = 1; i < lines_.size(); ++i) lines_[i].end = std::max(lines_[i].end, lines_[i - 1].end);
    std::vector<const Comment*> comments;
    for (const Comment& c : ast_.comments) comments.push_back(&c);
    std::sort(comments.begin(), comments.end(),
              [](const Comment* a, const Comment* b) { return a->span.begin.offset < b->span.begin.offset; });
    std::size_t k = 0;  // the first line ending after the comment
    for (const Comment* c : comments) {
      const std::uint32_t at = c->span.begin.offset;
      while (k < lines_.size() && lines_[k].end <= at) ++k;
      if (c->own_line) {
        // Inside line k it moves before the line, or after it once a comment ends it.
        const bool after = k < lines_.size() && at >= lines_[k].begin && !lines_[k].trailing.empty();
        place_own_line(after ? k + 1 : k, c);
        continue;
      }
      // Before the first token of line k it follows the previous line's last token.
      const bool in_gap = k == lines_.size() || (k > 0 && at < lines_[k].begin);
      const std::size_t line = in_gap ? k - 1 : k;
      if (can_trail(line)) {
        lines_[line].trailing = rtrim(c->text);
      } else {
        place_own_line(line + 1, c);
      }
    }
  }

  // --- text ---

  std::uint32_t source_line(std::uint32_t offset) const { return source_.position_at(offset).line; }

  // Where the source had a blank line between two top-level lines.
  bool blank_between(std::uint32_t previous_line, std::uint32_t next_offset) const {
    return previous_line != 0 && source_line(next_offset) >= previous_line + 2;
  }

  // One line of output: code, an own-line comment, or blank.
  struct Text {
    std::string code;
    std::string comment;  // at the end of the code
  };

  // The own-line comments before a header entry or item, with the blank lines.
  void render_block_gap(std::vector<Text>& out, std::size_t k, std::uint32_t& previous_line) const {
    const Line& line = lines_[k];
    bool forced = k > 0 && needs_blank(lines_[k - 1].block, line.block, line.block != Block::header);
    for (const Comment* c : line.before) {
      // A comment moved out of the line counts as standing just before it.
      if (forced || blank_between(previous_line, std::min(c->span.begin.offset, line.begin))) out.emplace_back();
      forced = false;
      out.push_back(Text{std::string(static_cast<std::size_t>(line.indent), ' ') + rtrim(c->text), {}});
      previous_line = source_line(std::min(c->span.end.offset, line.begin));
    }
    if (forced || blank_between(previous_line, line.begin)) out.emplace_back();
  }

  std::string render() const {
    std::vector<Text> out;
    std::uint32_t previous_line = 0;  // source line of what was printed last at top level
    for (std::size_t k = 0; k < lines_.size(); ++k) {
      const Line& line = lines_[k];
      const std::string pad(static_cast<std::size_t>(line.indent), ' ');
      if (line.starts_block) {
        render_block_gap(out, k, previous_line);
      } else {
        for (const Comment* c : line.before) out.push_back(Text{pad + rtrim(c->text), {}});
      }
      out.push_back(Text{pad + line.text, line.trailing});
      previous_line = source_line(line.end);
    }
    for (const Comment* c : tail_) {
      if (blank_between(previous_line, c->span.begin.offset)) out.emplace_back();
      out.push_back(Text{rtrim(c->text), {}});
      previous_line = source_line(c->span.end.offset);
    }
    return join_aligned(out);
  }

  // End-of-line comments on consecutive lines start in one column, one space
  // after the longest of those lines.
  static std::string join_aligned(const std::vector<Text>& lines) {
    std::string out;
    for (std::size_t run = 0; run < lines.size();) {
      std::size_t end = run;
      int column = 0;
      while (end < lines.size() && !lines[end].comment.empty()) column = std::max(column, width(lines[end++].code));
      if (end == run) ++end;
      for (; run < end; ++run) {
        const Text& line = lines[run];
        out += line.code;
        if (!line.comment.empty()) {
          out += std::string(static_cast<std::size_t>(column - width(line.code) + 1), ' ') + line.comment;
        }
        out += '\n';
      }
    }
    return out;
  }

  const FileAst& ast_;
  const SourceFile& source_;
  std::vector<std::string> flat_;  // memo of flat(), by ExprId
  std::vector<Line> lines_;
  std::vector<const Comment*> tail_;  // own-line comments after the last line
};

}  // namespace

std::string format_file(const FileAst& ast, const SourceFile& source) { return Formatter(ast, source).run(); }

}  // namespace tacit::dsl
