// Stage 2 output: a checked program, ready to evaluate.
//
// A Program is every rule file of a run (the definitions asked for and the modules
// they import), each with its syntax tree plus two side tables indexed by ExprId:
// what every name refers to and the static type of every expression. The
// evaluator walks the syntax tree and reads these tables; it never resolves a
// name by string at run time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "dsl/ast.hpp"
#include "dsl/source.hpp"
#include "dsl/types.hpp"

namespace tacit::dsl {

// What an expression node refers to, decided by the checker.
struct Resolution {
  enum class Kind : std::uint8_t {
    none,
    local,         // index: slot in the current frame
    global,        // index: Program::globals
    builtin,       // index: position in the builtin catalog (calls, comprehensions, constants)
    binding,       // let-in: slot holds the variable
    event_field,   // index: field symbol; reading a field of an event
    record_field,  // index: field symbol; a record literal's or a data object's field
    event_date,    // e.date
    event_type,    // e.type
  };
  Kind kind = Kind::none;
  std::uint32_t index = 0;
  std::uint32_t slot = 0;  // comprehension and let-in: the slot of the bound variable
};

struct Global {
  enum class Kind : std::uint8_t { param, let, fn, clause } kind;
  std::uint32_t file;
  std::uint32_t item;
  std::string name;  // as declared (dotted parameter names included)
  TypeId type = 0;   // value type; for fn the result type
  std::uint32_t frame_size = 0;  // local slots of a fn body or a top-level expression
};

// A builtin's signature as the checker sees it. The interpreter's registry
// provides the implementations, in the same order.
struct BuiltinSignature {
  std::string name;
  enum class Form : std::uint8_t { call, comprehension, constant } form = Form::call;
  std::vector<std::string> params;  // names, for named arguments and messages
  std::size_t min_args = 0;
  // Result type from argument types; on a type error returns nullopt and sets message.
  // For a comprehension the arguments are (element type, body type or none).
  std::optional<TypeId> (*result)(TypeTable& types, const std::vector<TypeId>& args, std::string& message) = nullptr;
  std::string summary;
};
using BuiltinCatalog = std::vector<BuiltinSignature>;

struct CheckedFile {
  const SourceFile* source = nullptr;  // owned by Program::sources
  FileAst ast;
  std::vector<Resolution> resolutions;  // per ExprId
  std::vector<TypeId> types;            // per ExprId
  std::unordered_map<std::string, std::uint32_t> names;    // own globals by name
  std::unordered_map<std::string, std::uint32_t> imports;  // alias -> file index
  std::vector<std::uint32_t> clauses;                      // global ids, in file order
  ExprId verdict = kNoExpr;
  std::uint32_t verdict_frame_size = 0;
  struct CheckItem {
    std::string description;
    ExprId value;
    std::uint32_t frame_size;
    Span span;
  };
  std::vector<CheckItem> checks;

  [[nodiscard]] bool is_definition() const { return ast.header.kind == Header::Kind::definition; }
  [[nodiscard]] const std::string& name() const { return ast.header.name; }
  // A metadata value as text ("" when absent).
  [[nodiscard]] std::string meta(std::string_view key) const;
};

// A declared event field, for validating timelines when they are read.
struct FieldDeclaration {
  std::string name;
  std::uint32_t symbol;
  TypeId type;
  std::optional<double> low;
  std::optional<double> high;
  std::uint32_t file;
  Span span;
};

struct Program {
  std::vector<std::unique_ptr<SourceFile>> sources;
  TypeTable types;
  std::vector<CheckedFile> files;
  std::vector<Global> globals;
  std::vector<std::string> symbols;  // field symbol -> name: every field name a rule reads
  std::unordered_map<std::string, std::uint32_t> symbol_ids;
  std::vector<FieldDeclaration> fields;
  std::vector<std::uint32_t> definitions;  // file indexes, in the order asked for

  // Per definition file: the event types its verdict can read, or nullopt when it
  // reads events of any type (events() without a literal type).
  std::unordered_map<std::uint32_t, std::optional<std::vector<std::string>>> event_types;

  std::uint32_t symbol(const std::string& name);
};

}  // namespace tacit::dsl
