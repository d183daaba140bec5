// Stage 1: text to syntax tree. The grammar is dsl/grammar.hpp; the actions below
// build the owning AST with a stack machine; the control adds error messages and
// the nesting limit; parse_file() drives the item-by-item recovery.
#include "dsl/parser.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <map>

#include <fmt/format.h>

#include "dsl/grammar.hpp"
#include "dsl/limits.hpp"

namespace tacit::dsl {
namespace {

namespace pegtl = tao::pegtl;
namespace g = grammar;

// --- error messages: what was expected where a must<> failed ---------------------

template <typename Rule>
inline constexpr const char* error_message = nullptr;

// clang-format off
template <> inline constexpr auto error_message<g::header_kind> = "'definition' or 'module' at the start of the file";
template <> inline constexpr auto error_message<g::definition_name> = "a name (letters, digits, '-' or '_')";
template <> inline constexpr auto error_message<g::meta_value> = "a string, a number or a word";
template <> inline constexpr auto error_message<g::date_text> = "a date YYYY-MM-DD after '@'";
template <> inline constexpr auto error_message<g::string_escape_char> = "an escape sequence (\\\" \\\\ \\n \\t \\{ \\})";
template <> inline constexpr auto error_message<g::string_body> = "a closing '\"' on the same line";
template <> inline constexpr auto error_message<g::expression> = "an expression";
template <> inline constexpr auto error_message<g::interpolation_close> = "'}' closing the interpolation";
template <> inline constexpr auto error_message<g::paren_close> = "')'";
template <> inline constexpr auto error_message<g::bracket_close> = "',' or ']'";
template <> inline constexpr auto error_message<g::brace_close> = "',' or '}'";
template <> inline constexpr auto error_message<g::colon> = "':'";
template <> inline constexpr auto error_message<g::kw_in> = "'in'";
template <> inline constexpr auto error_message<g::field_name> = "a field name after '.'";
template <> inline constexpr auto error_message<g::let_binding_name> = "a name after 'let'";
template <> inline constexpr auto error_message<g::kw_then> = "'then'";
template <> inline constexpr auto error_message<g::kw_else> = "'else'";
template <> inline constexpr auto error_message<g::unary> = "an operand";
template <> inline constexpr auto error_message<g::multiplicative> = "an operand";
template <> inline constexpr auto error_message<g::additive> = "an operand";
template <> inline constexpr auto error_message<g::coalescing> = "an operand";
template <> inline constexpr auto error_message<g::known_word> = "'known' or 'unknown' after 'is'";
template <> inline constexpr auto error_message<g::not_operand> = "an operand";
template <> inline constexpr auto error_message<g::and_expression> = "an operand";
template <> inline constexpr auto error_message<g::type_expr> = "a type (bool, number, string, date, duration, event, record, any, list<T>, a unit or a choice \"a\" | \"b\")";
template <> inline constexpr auto error_message<g::type_list_close> = "'>'";
template <> inline constexpr auto error_message<g::range_low> = "a lower bound";
template <> inline constexpr auto error_message<g::range_dots> = "'..' between the bounds";
template <> inline constexpr auto error_message<g::range_high> = "an upper bound";
template <> inline constexpr auto error_message<g::import_name> = "a module name after 'import'";
template <> inline constexpr auto error_message<g::name_token> = "a name";
template <> inline constexpr auto error_message<g::param_name> = "a parameter name after 'param'";
template <> inline constexpr auto error_message<g::equals> = "'='";
template <> inline constexpr auto error_message<g::field_decl_name> = "a field name after 'field'";
template <> inline constexpr auto error_message<g::let_name> = "a name after 'let'";
template <> inline constexpr auto error_message<g::fn_name> = "a function name after 'fn'";
template <> inline constexpr auto error_message<g::clause_name> = "a clause name after 'clause'";
template <> inline constexpr auto error_message<g::string_literal> = "a string";
template <> inline constexpr auto error_message<g::description> = "a description string";
template <> inline constexpr auto error_message<g::call_args> = "arguments";
template <> inline constexpr auto error_message<g::tok<pegtl::one<'('>>> = "'('";
template <> inline constexpr auto error_message<g::tok<pegtl::one<'<'>>> = "'<'";
template <> inline constexpr auto error_message<g::tok<pegtl::one<'='>>> = "'='";
// clang-format on

// Thrown for errors that are not "expected X" (limits, bad literals).
struct StopError {
  std::string message;
  std::uint32_t begin;
  std::uint32_t end;
};

// --- parse state --------------------------------------------------------------------

struct CallFrame {
  std::size_t args_mark = 0;
  bool binder = false;
  std::string variable;
  Span variable_span;
  ExprId source = kNoExpr;
  ExprId filter = kNoExpr;
  ExprId body = kNoExpr;
  std::string pending_name;
  Span pending_name_span;
};

struct RecordFrame {
  std::size_t mark = 0;
  std::vector<std::pair<std::string, Span>> keys;
};

struct State {
  const SourceFile& file;
  const char* base;
  FileAst ast;
  Diagnostics diagnostics;
  std::vector<std::uint32_t> depths;  // per ExprId: height of the subtree
  std::size_t nesting = 0;

  std::vector<ExprId> exprs;
  std::vector<StringLiteral> strings;
  std::vector<std::uint32_t> string_begins;
  std::vector<BinaryOp> ops;
  std::vector<bool> known_negated;
  std::vector<CallFrame> calls;
  std::vector<Argument> args;
  std::vector<std::size_t> list_marks;
  std::vector<RecordFrame> records;
  std::vector<std::pair<std::string, Span>> names;
  std::vector<std::size_t> type_marks;
  std::vector<TypeExpr> types;
  std::map<std::uint32_t, Comment> comments;

  // Pending parts of the item being parsed.
  std::optional<Range> range;
  std::optional<std::string> description;
  std::optional<std::string> alias;
  std::vector<std::string> cites;
  std::vector<FnParam> fn_params;
  std::string meta_key;
  Span meta_key_span;
  std::string meta_word;

  State(const SourceFile& f) : file(f), base(f.text().data()) {}

  Span span(std::uint32_t begin, std::uint32_t end) const {
    return Span{file.position_at(begin), file.position_at(end)};
  }

  // The span of an action's input without its leading blanks and comments.
  template <typename Input>
  Span token_span(const Input& in) const {
    const auto begin = static_cast<std::uint32_t>(in.begin() - base);
    const auto end = static_cast<std::uint32_t>(in.end() - base);
    return span(skip_blanks(begin, end), end);
  }

  template <typename Input>
  std::string token_text(const Input& in) const {
    const auto begin = static_cast<std::uint32_t>(in.begin() - base);
    const auto end = static_cast<std::uint32_t>(in.end() - base);
    const auto start = skip_blanks(begin, end);
    return std::string(file.text().substr(start, end - start));
  }

  std::uint32_t skip_blanks(std::uint32_t at, std::uint32_t end) const {
    const std::string_view text = file.text();
    while (at < end) {
      const char c = text[at];
      if (c == '#') {
        while (at < end && text[at] != '\n') ++at;
      } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f') {
        ++at;
      } else {
        break;
      }
    }
    return at;
  }

  ExprId add(ExprNode node, Span node_span, std::initializer_list<ExprId> children) {
    std::uint32_t depth = 1;
    for (ExprId child : children) {
      if (child != kNoExpr) depth = std::max(depth, depths[child] + 1);
    }
    return add_with_depth(std::move(node), node_span, depth);
  }

  ExprId add_with_depth(ExprNode node, Span node_span, std::uint32_t depth) {
    if (depth > kMaxExpressionDepth) {
      throw StopError{fmt::format("expression nested deeper than {} levels; split it into named lets or functions",
                                  kMaxExpressionDepth),
                      node_span.begin.offset, node_span.begin.offset + 1};
    }
    const auto id = static_cast<ExprId>(ast.exprs.size());
    ast.exprs.push_back(Expr{std::move(node), node_span});
    depths.push_back(depth);
    return id;
  }

  ExprId pop() {
    const ExprId id = exprs.back();
    exprs.pop_back();
    return id;
  }
  std::pair<std::string, Span> pop_name() {
    auto name = std::move(names.back());
    names.pop_back();
    return name;
  }
  TypeExpr pop_type() {
    TypeExpr type = std::move(types.back());
    types.pop_back();
    return type;
  }
  const Span& span_of(ExprId id) const { return ast.exprs[id].span; }
  Span join(ExprId first, ExprId last) const { return Span{span_of(first).begin, span_of(last).end}; }
  Span join(ExprId first, const Span& last) const { return Span{span_of(first).begin, last.end}; }

  std::string take_plain_string(ExprId id) {
    const auto* literal = std::get_if<StringLiteral>(&ast.exprs[id].node);
    std::string text;
    for (const auto& part : literal->parts) {
      if (part.expr != kNoExpr) {
        diagnostics.push_back(Diagnostic{Severity::error, "expected a plain string, found an interpolation '{...}'",
                                         &file, span_of(part.expr), {}});
        continue;
      }
      text += part.text;
    }
    return text;
  }

  void reset_pending() {
    range.reset();
    description.reset();
    alias.reset();
    cites.clear();
    fn_params.clear();
  }
};

std::uint32_t depth_of(const State& st, ExprId id) { return id == kNoExpr ? 0 : st.depths[id]; }

// --- actions ------------------------------------------------------------------------

template <typename Rule>
struct action : pegtl::nothing<Rule> {};

template <>
struct action<g::comment> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const auto begin = static_cast<std::uint32_t>(in.begin() - st.base);
    std::string text = in.string();
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    const auto end = begin + static_cast<std::uint32_t>(text.size());
    const Position at = st.file.position_at(begin);
    const std::string_view line = st.file.line_text(at.line);
    const bool own_line = line.substr(0, at.column - 1).find_first_not_of(" \t") == std::string_view::npos;
    st.comments.emplace(begin, Comment{std::move(text), st.span(begin, end), own_line});
  }
};

template <>
struct action<g::number_literal> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const std::string text = st.token_text(in);
    std::size_t digits_end = 0;
    while (digits_end < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits_end])) != 0 || text[digits_end] == '.')) {
      ++digits_end;
    }
    const std::string number = text.substr(0, digits_end);
    double value = 0;
    std::from_chars(number.data(), number.data() + number.size(), value);
    std::size_t unit_begin = digits_end;
    while (unit_begin < text.size() && (text[unit_begin] == ' ' || text[unit_begin] == '\t')) ++unit_begin;
    const Span span = st.token_span(in);
    if (unit_begin >= text.size()) {
      st.exprs.push_back(st.add(NumberLiteral{value, number}, span, {}));
    } else {
      std::string unit = text.substr(unit_begin);
      if (unit == "\xC2\xB5mol/L") unit = "umol/L";
      st.exprs.push_back(st.add(QuantityLiteral{value, number, unit}, span, {}));
    }
  }
};

template <>
struct action<g::date_literal> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const std::string text = st.token_text(in).substr(1);
    const Span span = st.token_span(in);
    int y = 0;
    unsigned m = 0;
    unsigned d = 0;
    std::from_chars(text.data(), text.data() + 4, y);
    std::from_chars(text.data() + 5, text.data() + 7, m);
    std::from_chars(text.data() + 8, text.data() + 10, d);
    const std::chrono::year_month_day ymd{std::chrono::year{y}, std::chrono::month{m}, std::chrono::day{d}};
    std::int32_t days = 0;
    if (!ymd.ok()) {
      st.diagnostics.push_back(
          Diagnostic{Severity::error, fmt::format("expected a calendar date, found '@{}' (no such day)", text), &st.file, span, {}});
    } else {
      days = static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count());
    }
    st.exprs.push_back(st.add(DateLiteral{days, text}, span, {}));
  }
};

template <>
struct action<g::string_open> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.strings.emplace_back();
    st.string_begins.push_back(static_cast<std::uint32_t>(in.begin() - st.base));
  }
};

void append_text(StringLiteral& literal, std::string_view text) {
  if (literal.parts.empty() || literal.parts.back().expr != kNoExpr) {
    literal.parts.push_back(StringLiteral::Part{});
  }
  literal.parts.back().text += text;
}

template <>
struct action<g::string_plain> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    append_text(st.strings.back(), in.string_view());
  }
};

template <>
struct action<g::string_escape_char> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const char c = *in.begin();
    const char* replacement = c == 'n' ? "\n" : c == 't' ? "\t" : nullptr;
    append_text(st.strings.back(), replacement != nullptr ? std::string_view(replacement) : in.string_view());
  }
};

template <>
struct action<g::string_interpolation> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.strings.back().parts.push_back(StringLiteral::Part{{}, st.pop()});
  }
};

template <>
struct action<g::string_literal> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    StringLiteral literal = std::move(st.strings.back());
    st.strings.pop_back();
    const std::uint32_t begin = st.string_begins.back();
    st.string_begins.pop_back();
    const auto end = static_cast<std::uint32_t>(in.end() - st.base);
    if (end - begin > kMaxStringBytes + 2) {  // the text between the quotes
      throw StopError{fmt::format("string longer than {} bytes", kMaxStringBytes), begin, begin + 1};
    }
    std::uint32_t depth = 1;
    for (const auto& part : literal.parts) depth = std::max(depth, depth_of(st, part.expr) + 1);
    st.exprs.push_back(st.add_with_depth(std::move(literal), st.span(begin, end), depth));
  }
};

template <BoolLiteral::Value V>
struct bool_action {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.exprs.push_back(st.add(BoolLiteral{V}, st.token_span(in), {}));
  }
};
template <>
struct action<g::literal_true> : bool_action<BoolLiteral::Value::true_> {};
template <>
struct action<g::literal_false> : bool_action<BoolLiteral::Value::false_> {};
template <>
struct action<g::literal_unknown> : bool_action<BoolLiteral::Value::unknown> {};

template <>
struct action<g::name_reference> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.exprs.push_back(st.add(Name{st.token_text(in)}, st.token_span(in), {}));
  }
};

template <>
struct action<g::field_tail> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId object = st.pop();
    std::string text = st.token_text(in);  // ". name", possibly with blanks and comments between
    const Span whole = st.token_span(in);
    // The name is the identifier at the end (a comment before it is not part of it).
    std::size_t start = text.size();
    while (start > 1 && (std::isalnum(static_cast<unsigned char>(text[start - 1])) != 0 || text[start - 1] == '_')) {
      --start;
    }
    const std::string field = text.substr(start);
    const Span field_span{st.file.position_at(whole.end.offset - static_cast<std::uint32_t>(field.size())), whole.end};
    st.exprs.push_back(st.add(FieldAccess{object, field, field_span}, st.join(object, whole), {object}));
  }
};

template <>
struct action<g::parenthesized> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId inner = st.pop();
    st.exprs.push_back(st.add(Parenthesized{inner}, st.token_span(in), {inner}));
  }
};

// --- calls ---

template <>
struct action<g::call_open> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    CallFrame frame;
    frame.args_mark = st.args.size();
    st.calls.push_back(std::move(frame));
  }
};

template <>
struct action<g::binder_variable> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.calls.back().binder = true;
    st.calls.back().variable = st.token_text(in);
    st.calls.back().variable_span = st.token_span(in);
  }
};

template <>
struct action<g::binder_filter> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.calls.back().filter = st.pop();
  }
};

template <>
struct action<g::binder_body> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.calls.back().body = st.pop();
  }
};

template <>
struct action<g::binder_args> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.calls.back().source = st.pop();
  }
};

template <>
struct action<g::argument_name> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.calls.back().pending_name = st.token_text(in);
    st.calls.back().pending_name_span = st.token_span(in);
  }
};

template <>
struct action<g::argument> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    CallFrame& frame = st.calls.back();
    st.args.push_back(Argument{std::move(frame.pending_name), st.pop(), frame.pending_name_span});
    frame.pending_name.clear();
  }
};

// The dotted name of a callee written as a name or a chain of field accesses.
bool callee_name(const FileAst& ast, ExprId id, std::string& out) {
  const Expr& expr = ast.expr(id);
  if (const auto* name = std::get_if<Name>(&expr.node)) {
    out = name->name;
    return true;
  }
  if (const auto* field = std::get_if<FieldAccess>(&expr.node)) {
    if (!callee_name(ast, field->object, out)) return false;
    out += '.';
    out += field->field;
    return true;
  }
  return false;
}

template <>
struct action<g::call_tail> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    CallFrame frame = std::move(st.calls.back());
    st.calls.pop_back();
    std::vector<Argument> arguments(st.args.begin() + static_cast<std::ptrdiff_t>(frame.args_mark), st.args.end());
    st.args.resize(frame.args_mark);
    const ExprId callee = st.pop();
    const Span callee_span = st.span_of(callee);
    const Span span = st.join(callee, st.token_span(in));
    std::string name;
    if (!callee_name(st.ast, callee, name)) {
      throw StopError{"expected a function name before '(', found an expression", callee_span.begin.offset,
                      callee_span.end.offset};
    }
    if (frame.binder) {
      st.exprs.push_back(st.add(Comprehension{std::move(name), callee_span, std::move(frame.variable),
                                              frame.variable_span, frame.source, frame.filter, frame.body},
                                span, {frame.source, frame.filter, frame.body}));
      return;
    }
    std::uint32_t depth = 1;
    for (const auto& arg : arguments) depth = std::max(depth, depth_of(st, arg.value) + 1);
    st.exprs.push_back(st.add_with_depth(Call{std::move(name), callee_span, std::move(arguments)}, span, depth));
  }
};

// --- operators ---

template <>
struct action<g::negation> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId operand = st.pop();
    st.exprs.push_back(st.add(Unary{UnaryOp::negate, operand}, st.token_span(in), {operand}));
  }
};

template <>
struct action<g::not_expression> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId operand = st.pop();
    st.exprs.push_back(st.add(Unary{UnaryOp::not_, operand}, st.token_span(in), {operand}));
  }
};

template <>
struct action<g::mul_op> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.ops.push_back(st.token_text(in) == "*" ? BinaryOp::mul : BinaryOp::div);
  }
};
template <>
struct action<g::add_op> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.ops.push_back(st.token_text(in) == "+" ? BinaryOp::add : BinaryOp::sub);
  }
};
template <>
struct action<g::coalesce_op> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.ops.push_back(BinaryOp::coalesce);
  }
};
template <>
struct action<g::compare_op> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const std::string op = st.token_text(in);
    st.ops.push_back(op == "==" ? BinaryOp::eq
                     : op == "!=" ? BinaryOp::ne
                     : op == "<=" ? BinaryOp::le
                     : op == ">=" ? BinaryOp::ge
                     : op == "<"  ? BinaryOp::lt
                                  : BinaryOp::gt);
  }
};
template <>
struct action<g::kw_and> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.ops.push_back(BinaryOp::and_);
  }
};
template <>
struct action<g::kw_or> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.ops.push_back(BinaryOp::or_);
  }
};

struct binary_action {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    const ExprId right = st.pop();
    const ExprId left = st.pop();
    const BinaryOp op = st.ops.back();
    st.ops.pop_back();
    st.exprs.push_back(st.add(Binary{op, left, right}, st.join(left, right), {left, right}));
  }
};
template <>
struct action<g::mul_tail> : binary_action {};
template <>
struct action<g::add_tail> : binary_action {};
template <>
struct action<g::coalesce_tail> : binary_action {};
template <>
struct action<g::compare_tail> : binary_action {};
template <>
struct action<g::and_tail> : binary_action {};
template <>
struct action<g::or_tail> : binary_action {};

template <>
struct action<g::known_word> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.known_negated.push_back(st.token_text(in) == "unknown");
  }
};
template <>
struct action<g::is_tail> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId operand = st.pop();
    const bool negated = st.known_negated.back();
    st.known_negated.pop_back();
    st.exprs.push_back(st.add(IsKnown{operand, negated}, st.join(operand, st.token_span(in)), {operand}));
  }
};

template <>
struct action<g::conditional> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId otherwise = st.pop();
    const ExprId then = st.pop();
    const ExprId condition = st.pop();
    st.exprs.push_back(st.add(Conditional{condition, then, otherwise}, st.token_span(in), {condition, then, otherwise}));
  }
};

template <>
struct action<g::let_binding_name> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.names.emplace_back(st.token_text(in), st.token_span(in));
  }
};
template <>
struct action<g::let_expression> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId body = st.pop();
    const ExprId value = st.pop();
    auto [name, name_span] = st.pop_name();
    st.exprs.push_back(st.add(LetIn{std::move(name), name_span, value, body}, st.token_span(in), {value, body}));
  }
};

template <>
struct action<g::list_open> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.list_marks.push_back(st.exprs.size());
  }
};
template <>
struct action<g::list_literal> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const std::size_t mark = st.list_marks.back();
    st.list_marks.pop_back();
    std::vector<ExprId> elements(st.exprs.begin() + static_cast<std::ptrdiff_t>(mark), st.exprs.end());
    st.exprs.resize(mark);
    std::uint32_t depth = 1;
    for (ExprId e : elements) depth = std::max(depth, depth_of(st, e) + 1);
    st.exprs.push_back(st.add_with_depth(ListLiteral{std::move(elements)}, st.token_span(in), depth));
  }
};

template <>
struct action<g::record_open> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.records.push_back(RecordFrame{st.exprs.size(), {}});
  }
};
template <>
struct action<g::record_key> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.records.back().keys.emplace_back(st.token_text(in), st.token_span(in));
  }
};
template <>
struct action<g::record_literal> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    RecordFrame frame = std::move(st.records.back());
    st.records.pop_back();
    RecordLiteral record;
    std::uint32_t depth = 1;
    for (std::size_t i = 0; i < frame.keys.size(); ++i) {
      const ExprId value = st.exprs[frame.mark + i];
      depth = std::max(depth, depth_of(st, value) + 1);
      record.entries.push_back(RecordLiteral::Entry{std::move(frame.keys[i].first), frame.keys[i].second, value});
    }
    st.exprs.resize(frame.mark);
    st.exprs.push_back(st.add_with_depth(std::move(record), st.token_span(in), depth));
  }
};

// --- types ---

template <>
struct action<g::type_choice> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    TypeExpr type;
    type.kind = TypeExpr::Kind::choice;
    type.span = st.token_span(in);
    const std::size_t mark = st.type_marks.back();
    for (std::size_t i = mark; i < st.exprs.size(); ++i) type.choices.push_back(st.take_plain_string(st.exprs[i]));
    st.exprs.resize(mark);
    st.types.push_back(std::move(type));
  }
};
template <>
struct action<g::type_list> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    TypeExpr type;
    type.kind = TypeExpr::Kind::list;
    type.span = st.token_span(in);
    type.element.push_back(st.pop_type());
    st.types.push_back(std::move(type));
  }
};
template <>
struct action<g::type_unit> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    std::string unit = st.token_text(in);
    if (unit == "\xC2\xB5mol/L") unit = "umol/L";
    st.types.push_back(TypeExpr{TypeExpr::Kind::unit, std::move(unit), {}, {}, st.token_span(in)});
  }
};
template <>
struct action<g::type_name> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.types.push_back(TypeExpr{TypeExpr::Kind::named, st.token_text(in), {}, {}, st.token_span(in)});
  }
};

// --- items ---

template <typename Rule>
struct push_name {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.names.emplace_back(st.token_text(in), st.token_span(in));
  }
};
template <>
struct action<g::import_name> : push_name<g::import_name> {};
template <>
struct action<g::param_name> : push_name<g::param_name> {};
template <>
struct action<g::field_decl_name> : push_name<g::field_decl_name> {};
template <>
struct action<g::let_name> : push_name<g::let_name> {};
template <>
struct action<g::fn_name> : push_name<g::fn_name> {};
template <>
struct action<g::clause_name> : push_name<g::clause_name> {};
template <>
struct action<g::import_alias> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    std::string text = st.token_text(in);  // "as name"
    st.alias = text.substr(text.find_last_of(" \t\n") + 1);
  }
};

template <>
struct action<g::range_clause> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    const ExprId high = st.pop();
    const ExprId low = st.pop();
    st.range = Range{low, high};
  }
};
template <>
struct action<g::description> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.description = st.take_plain_string(st.pop());
  }
};
template <>
struct action<g::clause_cite> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.cites.push_back(st.take_plain_string(st.pop()));
  }
};

template <>
struct action<g::type_begin> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.type_marks.push_back(st.exprs.size());
  }
};
template <>
struct action<g::type_expr> {
  template <typename Input>
  static void apply(const Input& /*in*/, State& st) {
    st.type_marks.pop_back();
  }
};

void add_item(State& st, ItemNode node, Span span) { st.ast.items.push_back(Item{std::move(node), span}); }

template <>
struct action<g::import_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    std::string alias;
    if (st.alias) {
      alias = std::move(*st.alias);
      st.alias.reset();
    }
    auto [module, module_span] = st.pop_name();
    add_item(st, Import{std::move(module), module_span, std::move(alias)}, st.token_span(in));
  }
};
template <>
struct action<g::param_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId value = st.pop();
    TypeExpr type = st.pop_type();
    auto [name, name_span] = st.pop_name();
    add_item(st, Param{std::move(name), name_span, std::move(type), value, st.range, st.description.value_or("")},
             st.token_span(in));
  }
};
template <>
struct action<g::field_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    TypeExpr type = st.pop_type();
    auto [name, name_span] = st.pop_name();
    add_item(st, FieldDecl{std::move(name), name_span, std::move(type), st.range, st.description.value_or("")},
             st.token_span(in));
  }
};
template <>
struct action<g::let_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId value = st.pop();
    auto [name, name_span] = st.pop_name();
    add_item(st, Let{std::move(name), name_span, value}, st.token_span(in));
  }
};
template <>
struct action<g::fn_param> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    TypeExpr type = st.pop_type();
    std::string text = st.token_text(in);
    const std::size_t name_end = text.find_first_of(" \t\n:#");
    st.fn_params.push_back(FnParam{text.substr(0, name_end), st.token_span(in), std::move(type)});
    Span& span = st.fn_params.back().name_span;
    span.end = st.file.position_at(span.begin.offset + static_cast<std::uint32_t>(st.fn_params.back().name.size()));
  }
};
template <>
struct action<g::fn_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId body = st.pop();
    auto [name, name_span] = st.pop_name();
    add_item(st, Fn{std::move(name), name_span, std::move(st.fn_params), body}, st.token_span(in));
    st.fn_params.clear();
  }
};
template <>
struct action<g::clause_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId body = st.pop();
    auto [name, name_span] = st.pop_name();
    add_item(st, Clause{std::move(name), name_span, st.description.value_or(""), std::move(st.cites), body},
             st.token_span(in));
    st.cites.clear();
  }
};
template <>
struct action<g::verdict_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    add_item(st, Verdict{st.pop()}, st.token_span(in));
  }
};
template <>
struct action<g::check_item> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId value = st.pop();
    add_item(st, Check{st.description.value_or(""), value}, st.token_span(in));
  }
};

// --- header ---

template <>
struct action<g::header_kind> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.ast.header.kind = st.token_text(in) == "module" ? Header::Kind::module : Header::Kind::definition;
    st.ast.header.span = st.token_span(in);
  }
};
template <>
struct action<g::definition_name> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.ast.header.name = st.token_text(in);
    st.ast.header.name_span = st.token_span(in);
  }
};
template <>
struct action<g::meta_key> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.meta_key = st.token_text(in);
    st.meta_key_span = st.token_span(in);
    st.meta_word.clear();
  }
};
template <>
struct action<g::meta_word> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    st.meta_word = st.token_text(in);
    // A bare word is stored as a string literal so every meta value is an expression.
    StringLiteral literal;
    literal.parts.push_back(StringLiteral::Part{st.meta_word, kNoExpr});
    st.exprs.push_back(st.add(std::move(literal), st.token_span(in), {}));
  }
};
template <>
struct action<g::meta_entry> {
  template <typename Input>
  static void apply(const Input& in, State& st) {
    const ExprId value = st.pop();
    st.ast.header.meta.push_back(MetaEntry{std::move(st.meta_key), st.meta_key_span, value, std::move(st.meta_word)});
    st.ast.header.span.end = st.token_span(in).end;
    st.meta_word.clear();
  }
};

// --- control: error messages and the nesting limit -------------------------------

struct ExpectedError {
  std::string expected;
  std::uint32_t offset;
  bool at_token = true;  // false: report the exact position (inside a string)
};

template <typename Rule>
struct raising_control : pegtl::normal<Rule> {
  template <typename Input, typename... States>
  [[noreturn]] static void raise(const Input& in, States&&... /*unused*/) {
    const char* message = error_message<Rule>;
    throw ExpectedError{message != nullptr ? message : "valid syntax",
                        static_cast<std::uint32_t>(in.current() - in.begin()),
                        !std::is_same_v<Rule, g::string_body> && !std::is_same_v<Rule, g::string_escape_char>};
  }
};

template <typename Rule>
struct control : raising_control<Rule> {};

// Counts one level of nesting toward kMaxNestingDepth while Rule matches.
template <typename Rule>
struct nesting_control : raising_control<Rule> {
  template <pegtl::apply_mode A, pegtl::rewind_mode M, template <typename...> class Action,
            template <typename...> class Control, typename Input>
  static bool match(Input& in, State& st) {
    if (++st.nesting > kMaxNestingDepth) {
      const auto at = static_cast<std::uint32_t>(in.current() - st.base);
      throw StopError{fmt::format("{} nested deeper than {} levels",
                                  std::is_same_v<Rule, g::type_expr> ? "types" : "expressions", kMaxNestingDepth),
                      at, at + 1};
    }
    struct Leave {
      State& s;
      ~Leave() { --s.nesting; }
    } leave{st};
    return pegtl::normal<Rule>::template match<A, M, Action, Control>(in, st);
  }
};

// Every level of bracket, operator or call nesting passes through `unary`, and
// every level of a type (list<list<...>> nests types) through `type_expr`.
template <>
struct control<g::unary> : nesting_control<g::unary> {};
template <>
struct control<g::type_expr> : nesting_control<g::type_expr> {};

// --- the driver ---------------------------------------------------------------------

// What stands at an error position, for "found X".
std::string describe_found(std::string_view text, std::uint32_t at) {
  if (at >= text.size()) return "end of file";
  const char c = text[at];
  if (c == '\n' || c == '\r') return "end of line";
  std::size_t end = at;
  const auto is_word = [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '_' || ch == '.'; };
  if (is_word(c)) {
    while (end < text.size() && is_word(text[end]) && end - at < 40) ++end;
  } else if (static_cast<unsigned char>(c) >= 0x80) {
    end = at + 1;
    while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
  } else {
    end = at + 1;
  }
  return fmt::format("'{}'", text.substr(at, end - at));
}

bool starts_item(std::string_view rest) {
  static constexpr std::string_view keywords[] = {"import", "param", "field", "let", "fn", "clause", "verdict", "check"};
  for (const std::string_view keyword : keywords) {
    if (rest.substr(0, keyword.size()) == keyword &&
        (rest.size() == keyword.size() ||
         (std::isalnum(static_cast<unsigned char>(rest[keyword.size()])) == 0 && rest[keyword.size()] != '_'))) {
      return true;
    }
  }
  return false;
}

// The start of the next line that begins with an item keyword: where parsing
// resumes after an error. A line starting at `from` itself counts.
std::uint32_t next_item_start(std::string_view text, std::uint32_t from, std::uint32_t not_before) {
  std::uint32_t at = from;
  while (at > 0 && text[at - 1] != '\n') --at;
  if (at > not_before && starts_item(text.substr(at))) return at;
  while (true) {
    const std::size_t newline = text.find('\n', at);
    if (newline == std::string_view::npos) return static_cast<std::uint32_t>(text.size());
    at = static_cast<std::uint32_t>(newline + 1);
    if (starts_item(text.substr(at))) return at;
  }
}

class Driver {
 public:
  explicit Driver(const SourceFile& file) : file_(file), st_(file) {}

  ParseResult run() {
    const std::string_view text = file_.text();
    if (text.size() > kMaxRuleFileBytes) {
      error(fmt::format("rule file is {} bytes, larger than the limit of {} bytes", text.size(), kMaxRuleFileBytes), 0, 1);
      return finish();
    }
    std::uint32_t at = 0;
    if (!parse_one<g::header>(at)) {
      return finish();
    }
    while (st_.diagnostics.size() < kMaxErrorsPerFile) {
      const std::uint32_t before = at;
      if (!parse_one<g::next_item>(at)) {
        at = next_item_start(text, st_.skip_blanks(std::max(at, before), static_cast<std::uint32_t>(text.size())),
                             st_.skip_blanks(before, static_cast<std::uint32_t>(text.size())));
        if (at >= text.size()) break;
        continue;
      }
      if (at >= text.size() || st_.skip_blanks(at, static_cast<std::uint32_t>(text.size())) >= text.size()) break;
    }
    return finish();
  }

 private:
  // Parses one Rule at `at`; on success advances `at`. On failure records the
  // error and returns false; the stacks are cleared so the next item starts clean.
  template <typename Rule>
  bool parse_one(std::uint32_t& at) {
    const std::string_view text = file_.text();
    st_.reset_pending();
    pegtl::memory_input<pegtl::tracking_mode::lazy> in(text.data() + at, text.data() + text.size(), file_.name());
    try {
      if (pegtl::parse<Rule, action, control>(in, st_)) {
        at = static_cast<std::uint32_t>(in.current() - text.data());
        return true;
      }
      const std::uint32_t offset = st_.skip_blanks(at, static_cast<std::uint32_t>(text.size()));
      if (std::is_same_v<Rule, g::next_item>) {
        expected("an item (import, param, field, let, fn, clause, verdict or check)", offset);
      } else {
        expected("valid syntax", offset);
      }
    } catch (const ExpectedError& e) {
      expected(e.expected, at + e.offset, e.at_token);
      at = at + e.offset;
    } catch (const StopError& e) {
      error(e.message, e.begin, e.end);
      at = e.end;
    }
    clear_stacks();
    return false;
  }

  void expected(const std::string& what, std::uint32_t offset, bool at_token = true) {
    const std::string_view text = file_.text();
    if (at_token) offset = st_.skip_blanks(offset, static_cast<std::uint32_t>(text.size()));
    if (offset >= text.size()) {
      // At the end of the file: point just after the last character, on its line.
      offset = static_cast<std::uint32_t>(text.size());
      while (offset > 0 && std::isspace(static_cast<unsigned char>(text[offset - 1])) != 0) --offset;
      const std::string message = fmt::format("expected {}, found end of file", what);
      error(message, offset, offset);
      return;
    }
    const std::string found = describe_found(text, offset);
    const std::uint32_t end = found.size() > 2 && found.front() == '\'' ? offset + static_cast<std::uint32_t>(found.size() - 2) : offset + 1;
    error(fmt::format("expected {}, found {}", what, found), offset, end);
  }

  void error(std::string message, std::uint32_t begin, std::uint32_t end) {
    st_.diagnostics.push_back(Diagnostic{Severity::error, std::move(message), &file_, st_.span(begin, end), {}});
  }

  void clear_stacks() {
    st_.exprs.clear();
    st_.strings.clear();
    st_.string_begins.clear();
    st_.ops.clear();
    st_.known_negated.clear();
    st_.calls.clear();
    st_.args.clear();
    st_.list_marks.clear();
    st_.records.clear();
    st_.names.clear();
    st_.type_marks.clear();
    st_.types.clear();
    st_.nesting = 0;
    st_.reset_pending();
  }

  ParseResult finish() {
    for (auto& [offset, comment] : st_.comments) st_.ast.comments.push_back(std::move(comment));
    return ParseResult{std::move(st_.ast), std::move(st_.diagnostics)};
  }

  const SourceFile& file_;
  State st_;
};

}  // namespace

ParseResult parse_file(const SourceFile& file) { return Driver(file).run(); }

}  // namespace tacit::dsl
