// The expression half of the checker: resolves every name of an expression and
// computes its type, filling the file's side tables. Used by dsl/checker.cpp.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "dsl/diagnostic.hpp"
#include "dsl/program.hpp"

namespace tacit::dsl {

// Local variables of one function body or top-level expression, in slots.
struct Frame {
  explicit Frame(std::uint32_t file_index) : file(file_index) {}
  std::uint32_t file;
  struct Local {
    std::string name;
    std::uint32_t slot;
    TypeId type;
  };
  std::vector<Local> scope;
  std::uint32_t max_slot = 0;

  std::uint32_t push(std::string name, TypeId type) {
    const auto slot = static_cast<std::uint32_t>(scope.size());
    scope.push_back(Local{std::move(name), slot, type});
    max_slot = std::max<std::uint32_t>(max_slot, slot + 1);
    return slot;
  }
  void pop() { scope.pop_back(); }
};

class ExprChecker {
 public:
  ExprChecker(Program& program, const BuiltinCatalog& builtins, Diagnostics& diagnostics);

  // The type of an expression; records resolutions and types as it goes.
  TypeId check(Frame& frame, ExprId id);
  // Checks a global on first use and returns its type; reports recursion.
  TypeId ensure_global(std::uint32_t id);
  TypeId type_from(std::uint32_t file, const TypeExpr& type);
  std::optional<double> constant_number(std::uint32_t file, ExprId id);
  void expect_bool(std::uint32_t file, ExprId id, TypeId type, std::string_view what);

 private:
  enum class GlobalState : std::uint8_t { unchecked, checking, done };

  TypeId check_node(Frame& frame, ExprId id);
  TypeId check_name(Frame& frame, ExprId id, const Name& name);
  TypeId check_field(Frame& frame, ExprId id, const FieldAccess& field);
  TypeId check_call(Frame& frame, ExprId id, const Call& call);
  TypeId check_user_call(Frame& frame, ExprId id, const Call& call, std::uint32_t global);
  TypeId check_builtin_call(Frame& frame, ExprId id, const Call& call, std::uint32_t builtin);
  TypeId check_comprehension(Frame& frame, ExprId id, const Comprehension& comprehension);
  TypeId check_binary(Frame& frame, ExprId id, const Binary& binary);
  TypeId check_global_item(std::uint32_t id);
  TypeId field_type(const std::string& name);
  std::optional<std::uint32_t> find_builtin(std::string_view name) const;
  std::optional<std::uint32_t> find_builtin(std::string_view name, BuiltinSignature::Form form) const;
  std::optional<std::uint32_t> resolve_dotted(std::uint32_t file, const std::string& dotted, const Span& span, bool& reported);
  std::vector<std::string> names_in_scope(const Frame& frame) const;
  TypeId join(std::uint32_t file, const Span& span, TypeId a, TypeId b, std::string_view what);

  void error(std::uint32_t file, const Span& span, std::string message);
  void report_too_deep(std::uint32_t file, ExprId id);
  const Expr& expr(std::uint32_t file, ExprId id) const { return program_.files[file].ast.expr(id); }
  void record(std::uint32_t file, ExprId id, Resolution resolution) {
    program_.files[file].resolutions[id] = resolution;
  }

  Program& program_;
  TypeTable& types_;
  const BuiltinCatalog& builtins_;
  Diagnostics& diagnostics_;
  std::vector<GlobalState> states_;
  // The static depth of evaluation (kMaxEvaluationDepth): expression levels open
  // now, across the globals being checked; the deepest level reached by the
  // global being checked, its dependencies included; per checked global, the
  // levels its evaluation can nest.
  std::uint32_t depth_ = 0;
  std::uint32_t reach_ = 0;
  std::vector<std::uint32_t> global_depths_;
  std::vector<std::uint32_t> checking_;  // the globals being checked, outermost first
  bool too_deep_reported_ = false;
  std::unordered_map<std::uint32_t, std::vector<TypeId>> fn_param_types_;  // by fn global id
};

}  // namespace tacit::dsl
