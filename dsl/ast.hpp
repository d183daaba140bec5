// The typed, owning syntax tree of one rule file.
//
// Built by the parser's actions (dsl/parser.cpp), read by the checker, the
// formatter and the evaluator. Nodes live in one vector owned by the FileAst and
// refer to each other by index (ExprId), so the tree has a single owner, copies
// cheaply, and carries no pointers into the input buffer. Every node has a Span.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "dsl/source.hpp"

namespace tacit::dsl {

using ExprId = std::uint32_t;
inline constexpr ExprId kNoExpr = 0xFFFFFFFFu;

enum class BinaryOp : std::uint8_t { or_, and_, eq, ne, lt, le, gt, ge, add, sub, mul, div, coalesce };
enum class UnaryOp : std::uint8_t { not_, negate };

// --- expressions -------------------------------------------------------------

struct BoolLiteral {
  enum class Value : std::uint8_t { false_, true_, unknown } value;
};
struct NumberLiteral {
  double value;
  std::string text;  // as written, so the formatter keeps "0.70"
};
struct QuantityLiteral {
  double value;
  std::string text;
  std::string unit;  // as written: "mm", "mg/dL", "days", "months", ...
};
struct DateLiteral {
  std::int32_t days;  // since 1970-01-01
  std::string text;   // "2024-03-14"
};
// A string with optional interpolations: parts alternate text and expressions.
struct StringLiteral {
  struct Part {
    std::string text;         // used when expr == kNoExpr
    ExprId expr = kNoExpr;
  };
  std::vector<Part> parts;
};
struct Name {
  std::string name;
};
struct FieldAccess {
  ExprId object;
  std::string field;
  Span field_span;
};
struct Argument {
  std::string name;  // empty for a positional argument
  ExprId value;
  Span name_span;
};
// f(a, b: c) or module.f(a). `callee` is the dotted name as written.
struct Call {
  std::string callee;
  Span callee_span;
  std::vector<Argument> args;
};
// any(x in xs where P: body)
struct Comprehension {
  std::string op;
  Span op_span;
  std::string variable;
  Span variable_span;
  ExprId source;
  ExprId filter = kNoExpr;
  ExprId body = kNoExpr;
};
struct Unary {
  UnaryOp op;
  ExprId operand;
};
struct Binary {
  BinaryOp op;
  ExprId left;
  ExprId right;
};
struct IsKnown {
  ExprId operand;
  bool negated;  // "is unknown"
};
struct Conditional {
  ExprId condition;
  ExprId then_branch;
  ExprId else_branch;
};
struct ListLiteral {
  std::vector<ExprId> elements;
};
struct RecordLiteral {
  struct Entry {
    std::string name;
    Span name_span;
    ExprId value;
  };
  std::vector<Entry> entries;
};
// let a = e in body
struct LetIn {
  std::string name;
  Span name_span;
  ExprId value;
  ExprId body;
};
struct Parenthesized {
  ExprId inner;
};

using ExprNode = std::variant<BoolLiteral, NumberLiteral, QuantityLiteral, DateLiteral, StringLiteral, Name, FieldAccess,
                              Call, Comprehension, Unary, Binary, IsKnown, Conditional, ListLiteral, RecordLiteral, LetIn,
                              Parenthesized>;

struct Expr {
  ExprNode node;
  Span span;
};

// --- types as written ----------------------------------------------------------

struct TypeExpr {
  enum class Kind : std::uint8_t { named, unit, list, choice };
  Kind kind = Kind::named;
  std::string name;                  // named: bool, number, ...; unit: "mg/dL"
  std::vector<std::string> choices;  // choice: the allowed strings
  std::vector<TypeExpr> element;     // list: exactly one element type
  Span span;
};

// --- items ----------------------------------------------------------------------

struct MetaEntry {
  std::string key;
  Span key_span;
  ExprId value;  // a string, number or bare word literal
  std::string word;  // status: draft | reviewed | approved (a bare word)
};

struct Header {
  enum class Kind : std::uint8_t { definition, module } kind = Kind::definition;
  std::string name;
  Span name_span;
  std::vector<MetaEntry> meta;
  Span span;
};

struct Import {
  std::string module;
  Span module_span;
  std::string alias;  // empty: the module's own name
};
struct Range {
  ExprId low = kNoExpr;
  ExprId high = kNoExpr;
};
struct Param {
  std::string name;
  Span name_span;
  TypeExpr type;
  ExprId default_value;
  std::optional<Range> range;
  std::string description;
};
struct FieldDecl {
  std::string name;
  Span name_span;
  TypeExpr type;
  std::optional<Range> range;
  std::string description;
};
struct Let {
  std::string name;
  Span name_span;
  ExprId value;
};
struct FnParam {
  std::string name;
  Span name_span;
  TypeExpr type;
};
struct Fn {
  std::string name;
  Span name_span;
  std::vector<FnParam> params;
  ExprId body;
};
struct Clause {
  std::string name;
  Span name_span;
  std::string description;
  std::vector<std::string> cites;
  ExprId body;
};
struct Verdict {
  ExprId value;
};
struct Check {
  std::string description;
  ExprId value;
};

using ItemNode = std::variant<Import, Param, FieldDecl, Let, Fn, Clause, Verdict, Check>;

struct Item {
  ItemNode node;
  Span span;
};

struct Comment {
  std::string text;  // including the leading '#'
  Span span;
  bool own_line;  // nothing but whitespace before it on its line
};

// One parsed file. `exprs` owns every expression node.
struct FileAst {
  Header header;
  std::vector<Item> items;
  std::vector<Expr> exprs;
  std::vector<Comment> comments;

  [[nodiscard]] const Expr& expr(ExprId id) const { return exprs[id]; }
};

// How operators and types are written in rule files: one spelling for the
// formatter, the AST dump and messages.
[[nodiscard]] std::string_view operator_text(BinaryOp op);
[[nodiscard]] std::string type_text(const TypeExpr& type);
// Text as it is written inside a rule-file string: \" \\ \n \t \{ \} escaped.
[[nodiscard]] std::string escape_rule_string(std::string_view text);
[[nodiscard]] std::string quote_rule_string(std::string_view text);

}  // namespace tacit::dsl
