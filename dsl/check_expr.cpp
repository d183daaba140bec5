#include "dsl/check_expr.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "dsl/checker.hpp"
#include "dsl/limits.hpp"

namespace tacit::dsl {
namespace {

std::optional<std::string> dotted_of(const FileAst& ast, ExprId id) {
  const Expr& e = ast.expr(id);
  if (const auto* name = std::get_if<Name>(&e.node)) return name->name;
  if (const auto* field = std::get_if<FieldAccess>(&e.node)) {
    auto base = dotted_of(ast, field->object);
    if (!base) return std::nullopt;
    return *base + "." + field->field;
  }
  return std::nullopt;
}

std::string article(const std::string& type) {
  if (type.empty()) return type;
  const char c = type.front();
  const bool vowel = c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  return fmt::format("{} {}", vowel ? "an" : "a", type);
}

}  // namespace

ExprChecker::ExprChecker(Program& program, const BuiltinCatalog& builtins, Diagnostics& diagnostics)
    : program_(program), types_(program.types), builtins_(builtins), diagnostics_(diagnostics) {}

void ExprChecker::error(std::uint32_t file, const Span& span, std::string message) {
  diagnostics_.push_back(
      Diagnostic{Severity::error, std::move(message), program_.files[file].source, span, {}});
}

void ExprChecker::expect_bool(std::uint32_t file, ExprId id, TypeId type, std::string_view what) {
  if (!assignable(types_, type, types_.boolean())) {
    error(file, expr(file, id).span, fmt::format("{} must be true, false or unknown; found {}", what,
                                                 article(types_.describe(type))));
  }
}

std::optional<std::uint32_t> ExprChecker::find_builtin(std::string_view name) const {
  for (std::uint32_t i = 0; i < builtins_.size(); ++i) {
    if (builtins_[i].name == name) return i;
  }
  return std::nullopt;
}

std::optional<std::uint32_t> ExprChecker::find_builtin(std::string_view name, BuiltinSignature::Form form) const {
  for (std::uint32_t i = 0; i < builtins_.size(); ++i) {
    if (builtins_[i].name == name && builtins_[i].form == form) return i;
  }
  return find_builtin(name);
}

TypeId ExprChecker::type_from(std::uint32_t file, const TypeExpr& type) {
  switch (type.kind) {
    case TypeExpr::Kind::named: {
      static const std::vector<std::string> names = {"bool", "number", "string", "date", "duration", "event", "record", "any"};
      const TypeId ids[] = {types_.boolean(), types_.number(), types_.string(), types_.date(),
                            types_.duration(), types_.event(), types_.open_record(), types_.any()};
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (names[i] == type.name) return ids[i];
      }
      const std::string hint = closest_name(type.name, names);
      error(file, type.span,
            fmt::format("unknown type '{}'{}", type.name,
                        hint.empty() ? "; expected bool, number, string, date, duration, event, record, any, list<T>, a unit or a choice"
                                     : fmt::format("; did you mean '{}'?", hint)));
      return types_.none();
    }
    case TypeExpr::Kind::unit: {
      if (duration_unit_days(type.name)) return types_.duration();
      const auto unit = find_unit(type.name);
      return unit ? types_.quantity(unit_info(*unit).dimension) : types_.none();
    }
    case TypeExpr::Kind::list:
      return types_.list_of(type_from(file, type.element.front()));
    case TypeExpr::Kind::choice: {
      Type t;
      t.kind = TypeKind::string;
      t.choices = type.choices;
      std::set<std::string> seen;
      for (const auto& choice : type.choices) {
        if (!seen.insert(choice).second) error(file, type.span, fmt::format("\"{}\" is listed twice", choice));
      }
      return types_.intern(std::move(t));
    }
  }
  return types_.none();
}

std::optional<double> ExprChecker::constant_number(std::uint32_t file, ExprId id) {
  const Expr& e = expr(file, id);
  if (const auto* number = std::get_if<NumberLiteral>(&e.node)) return number->value;
  if (const auto* quantity = std::get_if<QuantityLiteral>(&e.node)) {
    if (const auto days = duration_unit_days(quantity->unit)) return std::round(quantity->value * *days);
    const auto unit = find_unit(quantity->unit);
    return unit ? quantity->value * unit_info(*unit).to_base : quantity->value;
  }
  if (const auto* unary = std::get_if<Unary>(&e.node); unary != nullptr && unary->op == UnaryOp::negate) {
    const auto inner = constant_number(file, unary->operand);
    if (inner) return -*inner;
  }
  error(file, e.span, "expected a number literal as a bound");
  return std::nullopt;
}

TypeId ExprChecker::field_type(const std::string& name) {
  for (const auto& field : program_.fields) {
    if (field.name == name) return field.type;
  }
  return types_.any();
}

TypeId ExprChecker::ensure_global(std::uint32_t id) {
  if (states_.size() < program_.globals.size()) {
    states_.resize(program_.globals.size(), GlobalState::unchecked);
    global_depths_.resize(program_.globals.size(), 0);
  }
  switch (states_[id]) {
    case GlobalState::done:
      reach_ = std::max(reach_, depth_ + global_depths_[id]);
      return program_.globals[id].type;
    case GlobalState::checking: {
      const Global& g = program_.globals[id];
      error(g.file, program_.files[g.file].ast.items[g.item].span,
            fmt::format("'{}' depends on itself; recursion is not allowed (rules must always terminate)", g.name));
      program_.globals[id].type = types_.none();
      states_[id] = GlobalState::done;
      return types_.none();
    }
    case GlobalState::unchecked:
      break;
  }
  states_[id] = GlobalState::checking;
  const std::uint32_t base = depth_;
  const std::uint32_t outer_reach = reach_;
  reach_ = depth_;
  checking_.push_back(id);
  const TypeId type = check_global_item(id);
  checking_.pop_back();
  global_depths_[id] = reach_ - base;
  reach_ = std::max(outer_reach, reach_);
  if (states_[id] == GlobalState::checking) program_.globals[id].type = type;
  states_[id] = GlobalState::done;
  return program_.globals[id].type;
}

TypeId ExprChecker::check_global_item(std::uint32_t id) {
  const Global g = program_.globals[id];
  const Item& item = program_.files[g.file].ast.items[g.item];
  Frame frame(g.file);
  TypeId result = types_.none();
  if (const auto* param = std::get_if<Param>(&item.node)) {
    result = type_from(g.file, param->type);
    program_.globals[id].type = result;  // the declared type, visible to the default
    const TypeId value = check(frame, param->default_value);
    if (!assignable(types_, value, result)) {
      error(g.file, expr(g.file, param->default_value).span,
            fmt::format("the default of '{}' is {}, but its type is {}", param->name, article(types_.describe(value)),
                        types_.describe(result)));
    }
    if (param->range) {
      const TypeKind kind = types_.get(result).kind;
      if (kind != TypeKind::number && kind != TypeKind::quantity && kind != TypeKind::duration) {
        error(g.file, expr(g.file, param->range->low).span,
              fmt::format("a range 'in LOW..HIGH' needs a number, quantity or duration parameter, not {}",
                          types_.describe(result)));
      } else {
        const auto low = constant_number(g.file, param->range->low);
        const auto high = constant_number(g.file, param->range->high);
        const auto value_number = constant_number(g.file, param->default_value);
        if (low && high && *low > *high) {
          error(g.file, expr(g.file, param->range->low).span, "the lower bound is above the upper bound");
        } else if (low && high && value_number && (*value_number < *low || *value_number > *high)) {
          error(g.file, expr(g.file, param->default_value).span,
                fmt::format("the default of '{}' is outside its range", param->name));
        }
      }
    }
  } else if (const auto* let = std::get_if<Let>(&item.node)) {
    result = check(frame, let->value);
  } else if (const auto* fn = std::get_if<Fn>(&item.node)) {
    std::set<std::string> seen;
    std::vector<TypeId>& param_types = fn_param_types_[id];
    for (const auto& p : fn->params) {
      if (!seen.insert(p.name).second) error(g.file, p.name_span, fmt::format("parameter '{}' is listed twice", p.name));
      param_types.push_back(type_from(g.file, p.type));
      frame.push(p.name, param_types.back());
    }
    result = check(frame, fn->body);
  } else if (const auto* clause = std::get_if<Clause>(&item.node)) {
    const TypeId body = check(frame, clause->body);
    expect_bool(g.file, clause->body, body, fmt::format("clause '{}'", clause->name));
    result = types_.boolean();
  }
  program_.globals[id].frame_size = frame.max_slot;
  return result;
}

TypeId ExprChecker::check(Frame& frame, ExprId id) {
  // Evaluation follows the same paths as this check, into the lets and functions
  // an expression uses: past the limit, neither goes deeper.
  if (depth_ >= kMaxEvaluationDepth) {
    report_too_deep(frame.file, id);
    program_.files[frame.file].types[id] = types_.none();
    return types_.none();
  }
  ++depth_;
  reach_ = std::max(reach_, depth_);
  const TypeId type = check_node(frame, id);
  --depth_;
  if (reach_ > kMaxEvaluationDepth) report_too_deep(frame.file, id);
  program_.files[frame.file].types[id] = type;
  return type;
}

void ExprChecker::report_too_deep(std::uint32_t file, ExprId id) {
  if (too_deep_reported_) return;
  too_deep_reported_ = true;
  std::string chain;
  for (std::size_t i = 0; i < checking_.size(); ++i) {
    if (checking_.size() > 8 && i == 4) {
      chain += fmt::format(" -> ... ({} more)", checking_.size() - 8);
      i = checking_.size() - 4;
    }
    chain += fmt::format("{}'{}'", chain.empty() ? "" : " -> ", program_.globals[checking_[i]].name);
  }
  error(file, expr(file, id).span,
        fmt::format("evaluating this nests expressions deeper than {} levels through the lets and functions it uses{}; "
                    "shorten the chain",
                    kMaxEvaluationDepth, chain.empty() ? "" : fmt::format(" ({})", chain)));
}

std::vector<std::string> ExprChecker::names_in_scope(const Frame& frame) const {
  std::vector<std::string> names;
  for (const auto& local : frame.scope) names.push_back(local.name);
  const CheckedFile& file = program_.files[frame.file];
  for (const auto& [name, id] : file.names) names.push_back(name);
  for (const auto& [alias, index] : file.imports) names.push_back(alias);
  for (const auto& builtin : builtins_) names.push_back(builtin.name);
  return names;
}

TypeId ExprChecker::join(std::uint32_t file, const Span& span, TypeId a, TypeId b, std::string_view what) {
  if (assignable(types_, a, b) && assignable(types_, b, a)) {
    if (types_.get(a).kind == TypeKind::any || types_.get(a).kind == TypeKind::none) return b;
    if (types_.get(a).kind == TypeKind::string) return types_.string();
    return a;
  }
  if (types_.get(a).kind == TypeKind::string && types_.get(b).kind == TypeKind::string) return types_.string();
  if (types_.get(a).kind == TypeKind::record && types_.get(b).kind == TypeKind::record) return types_.open_record();
  error(file, span, fmt::format("{} have different types: {} and {}", what, types_.describe(a), types_.describe(b)));
  return types_.none();
}

TypeId ExprChecker::check_node(Frame& frame, ExprId id) {
  const std::uint32_t f = frame.file;
  const Expr& e = expr(f, id);
  return std::visit(
      [&](const auto& node) -> TypeId {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, BoolLiteral>) {
          // The literal unknown belongs to every type: "missing data of any kind".
          return node.value == BoolLiteral::Value::unknown ? types_.any() : types_.boolean();
        } else if constexpr (std::is_same_v<T, NumberLiteral>) {
          return types_.number();
        } else if constexpr (std::is_same_v<T, QuantityLiteral>) {
          if (duration_unit_days(node.unit)) return types_.duration();
          const auto unit = find_unit(node.unit);
          return unit ? types_.quantity(unit_info(*unit).dimension) : types_.none();
        } else if constexpr (std::is_same_v<T, DateLiteral>) {
          return types_.date();
        } else if constexpr (std::is_same_v<T, StringLiteral>) {
          for (const auto& part : node.parts) {
            if (part.expr != kNoExpr) check(frame, part.expr);
          }
          return types_.string();
        } else if constexpr (std::is_same_v<T, Name>) {
          return check_name(frame, id, node);
        } else if constexpr (std::is_same_v<T, FieldAccess>) {
          return check_field(frame, id, node);
        } else if constexpr (std::is_same_v<T, Call>) {
          return check_call(frame, id, node);
        } else if constexpr (std::is_same_v<T, Comprehension>) {
          return check_comprehension(frame, id, node);
        } else if constexpr (std::is_same_v<T, Unary>) {
          const TypeId operand = check(frame, node.operand);
          if (node.op == UnaryOp::not_) {
            expect_bool(f, node.operand, operand, "the operand of 'not'");
            return types_.boolean();
          }
          const TypeKind kind = types_.get(operand).kind;
          if (kind != TypeKind::number && kind != TypeKind::quantity && kind != TypeKind::duration &&
              kind != TypeKind::any && kind != TypeKind::none) {
            error(f, e.span, fmt::format("cannot negate {}", article(types_.describe(operand))));
            return types_.none();
          }
          return operand;
        } else if constexpr (std::is_same_v<T, Binary>) {
          return check_binary(frame, id, node);
        } else if constexpr (std::is_same_v<T, IsKnown>) {
          check(frame, node.operand);
          return types_.boolean();
        } else if constexpr (std::is_same_v<T, Conditional>) {
          expect_bool(f, node.condition, check(frame, node.condition), "the condition of 'if'");
          const TypeId then_type = check(frame, node.then_branch);
          const TypeId else_type = check(frame, node.else_branch);
          return join(f, e.span, then_type, else_type, "the branches of 'if'");
        } else if constexpr (std::is_same_v<T, ListLiteral>) {
          TypeId element = types_.any();
          bool first = true;
          for (ExprId item : node.elements) {
            const TypeId t = check(frame, item);
            element = first ? t : join(f, expr(f, item).span, element, t, "the elements of a list");
            first = false;
          }
          return types_.list_of(element);
        } else if constexpr (std::is_same_v<T, RecordLiteral>) {
          Type record;
          record.kind = TypeKind::record;
          std::set<std::string> seen;
          for (const auto& entry : node.entries) {
            if (!seen.insert(entry.name).second) {
              error(f, entry.name_span, fmt::format("field '{}' is given twice", entry.name));
            }
            program_.symbol(entry.name);
            record.fields.push_back(RecordField{entry.name, check(frame, entry.value)});
          }
          if (record.fields.empty()) return types_.open_record();
          return types_.intern(std::move(record));
        } else if constexpr (std::is_same_v<T, LetIn>) {
          const TypeId value = check(frame, node.value);
          const std::uint32_t slot = frame.push(node.name, value);
          record(f, id, Resolution{Resolution::Kind::binding, 0, slot});
          const TypeId body = check(frame, node.body);
          frame.pop();
          return body;
        } else if constexpr (std::is_same_v<T, Parenthesized>) {
          return check(frame, node.inner);
        }
        return types_.none();
      },
      e.node);
}

TypeId ExprChecker::check_name(Frame& frame, ExprId id, const Name& name) {
  const std::uint32_t f = frame.file;
  for (auto it = frame.scope.rbegin(); it != frame.scope.rend(); ++it) {
    if (it->name == name.name) {
      record(f, id, Resolution{Resolution::Kind::local, it->slot, it->slot});
      return it->type;
    }
  }
  const CheckedFile& file = program_.files[f];
  const Span& span = expr(f, id).span;
  if (const auto global = file.names.find(name.name); global != file.names.end()) {
    const Global& g = program_.globals[global->second];
    if (g.kind == Global::Kind::fn) {
      error(f, span, fmt::format("'{}' is a function; call it with arguments: {}(...)", name.name, name.name));
      return types_.none();
    }
    record(f, id, Resolution{Resolution::Kind::global, global->second});
    return ensure_global(global->second);
  }
  if (const auto builtin = find_builtin(name.name, BuiltinSignature::Form::constant)) {
    const BuiltinSignature& signature = builtins_[*builtin];
    if (signature.form != BuiltinSignature::Form::constant) {
      error(f, span, fmt::format("'{}' is a function; call it with arguments: {}(...)", name.name, name.name));
      return types_.none();
    }
    record(f, id, Resolution{Resolution::Kind::builtin, *builtin});
    std::string message;
    return signature.result(types_, {}, message).value_or(types_.any());
  }
  if (file.imports.count(name.name) != 0) {
    error(f, span, fmt::format("'{}' is a module; name one of its definitions: {}.NAME", name.name, name.name));
    return types_.none();
  }
  const std::string hint = closest_name(name.name, names_in_scope(frame));
  error(f, span, fmt::format("unknown name '{}'{}", name.name, hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
  return types_.none();
}

// "a.b.c" names a dotted global of this file, or a definition of an imported
// module; returns the global, or nullopt when the dotted name is not a name.
std::optional<std::uint32_t> ExprChecker::resolve_dotted(std::uint32_t f, const std::string& dotted, const Span& span,
                                                         bool& reported) {
  const CheckedFile& file = program_.files[f];
  if (const auto it = file.names.find(dotted); it != file.names.end()) return it->second;
  const std::string first = dotted.substr(0, dotted.find('.'));
  const std::string rest = dotted.substr(first.size() + 1);
  if (const auto module = file.imports.find(first); module != file.imports.end()) {
    const CheckedFile& target = program_.files[module->second];
    if (const auto it = target.names.find(rest); it != target.names.end()) return it->second;
    std::vector<std::string> candidates;
    for (const auto& [name, gid] : target.names) candidates.push_back(name);
    // Only complain when no prefix of the rest names something (m.x.field is a field of m.x).
    const std::string rest_first = rest.substr(0, rest.find('.'));
    if (target.names.count(rest_first) == 0) {
      const std::string hint = closest_name(rest, candidates);
      error(f, span, fmt::format("module '{}' has no '{}'{}", first, rest, hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
      reported = true;
    }
    return std::nullopt;
  }
  // A dotted parameter with a typo: "cci.min_sesions".
  if (file.names.count(first) == 0 && find_builtin(first) == std::nullopt) {
    std::vector<std::string> dotted_names;
    for (const auto& [name, gid] : file.names) {
      if (name.find('.') != std::string::npos) dotted_names.push_back(name);
    }
    const std::string hint = closest_name(dotted, dotted_names);
    if (!hint.empty()) {
      error(f, span, fmt::format("unknown name '{}'; did you mean '{}'?", dotted, hint));
      reported = true;
    }
  }
  return std::nullopt;
}

TypeId ExprChecker::check_field(Frame& frame, ExprId id, const FieldAccess& field) {
  const std::uint32_t f = frame.file;
  const CheckedFile& file = program_.files[f];
  const Span& span = expr(f, id).span;
  if (const auto dotted = dotted_of(file.ast, id)) {
    const std::string first = dotted->substr(0, dotted->find('.'));
    const bool local = std::any_of(frame.scope.begin(), frame.scope.end(), [&](const auto& l) { return l.name == first; });
    if (!local) {
      bool reported = false;
      if (const auto global = resolve_dotted(f, *dotted, span, reported)) {
        const Global& g = program_.globals[*global];
        if (g.kind == Global::Kind::fn) {
          error(f, span, fmt::format("'{}' is a function; call it with arguments: {}(...)", *dotted, *dotted));
          return types_.none();
        }
        record(f, id, Resolution{Resolution::Kind::global, *global});
        return ensure_global(*global);
      }
      if (reported) return types_.none();
    }
  }
  const TypeId object = check(frame, field.object);
  const Type& type = types_.get(object);
  const std::uint32_t symbol = program_.symbol(field.field);
  switch (type.kind) {
    case TypeKind::event:
      if (field.field == "date") {
        record(f, id, Resolution{Resolution::Kind::event_date, 0});
        return types_.date();
      }
      if (field.field == "type") {
        record(f, id, Resolution{Resolution::Kind::event_type, 0});
        return types_.string();
      }
      record(f, id, Resolution{Resolution::Kind::event_field, symbol});
      return field_type(field.field);
    case TypeKind::record: {
      record(f, id, Resolution{Resolution::Kind::record_field, symbol});
      if (type.fields.empty()) return field_type(field.field);
      for (const auto& member : type.fields) {
        if (member.name == field.field) return member.type;
      }
      std::vector<std::string> names;
      for (const auto& member : type.fields) names.push_back(member.name);
      const std::string hint = closest_name(field.field, names);
      error(f, field.field_span,
            fmt::format("this record has no field '{}'{}", field.field,
                        hint.empty() ? fmt::format("; its fields are {}", fmt::join(names, ", "))
                                     : fmt::format("; did you mean '{}'?", hint)));
      return types_.none();
    }
    case TypeKind::any:
      record(f, id, Resolution{Resolution::Kind::record_field, symbol});
      return field_type(field.field);
    case TypeKind::none:
      return types_.none();
    default:
      error(f, field.field_span,
            fmt::format("{} has no fields; '.{}' needs an event or a record", article(types_.describe(object)), field.field));
      return types_.none();
  }
}

TypeId ExprChecker::check_call(Frame& frame, ExprId id, const Call& call) {
  const std::uint32_t f = frame.file;
  const CheckedFile& file = program_.files[f];
  const auto dot = call.callee.find('.');
  if (dot != std::string::npos) {
    const std::string module = call.callee.substr(0, dot);
    const std::string rest = call.callee.substr(dot + 1);
    const auto it = file.imports.find(module);
    if (it == file.imports.end()) {
      std::vector<std::string> aliases;
      for (const auto& [alias, index] : file.imports) aliases.push_back(alias);
      const std::string hint = closest_name(module, aliases);
      error(f, call.callee_span,
            fmt::format("unknown module '{}'{}", module,
                        hint.empty() ? fmt::format("; import it first: import {}", module) : fmt::format("; did you mean '{}'?", hint)));
      for (const auto& arg : call.args) check(frame, arg.value);
      return types_.none();
    }
    const CheckedFile& target = program_.files[it->second];
    const auto global = target.names.find(rest);
    if (global == target.names.end() || program_.globals[global->second].kind != Global::Kind::fn) {
      std::vector<std::string> fns;
      for (const auto& [name, gid] : target.names) {
        if (program_.globals[gid].kind == Global::Kind::fn) fns.push_back(name);
      }
      const std::string hint = closest_name(rest, fns);
      error(f, call.callee_span,
            fmt::format("module '{}' has no function '{}'{}", module, rest, hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
      for (const auto& arg : call.args) check(frame, arg.value);
      return types_.none();
    }
    return check_user_call(frame, id, call, global->second);
  }
  if (const auto global = file.names.find(call.callee); global != file.names.end()) {
    if (program_.globals[global->second].kind != Global::Kind::fn) {
      error(f, call.callee_span, fmt::format("'{}' is not a function", call.callee));
      return types_.none();
    }
    return check_user_call(frame, id, call, global->second);
  }
  if (const auto builtin = find_builtin(call.callee, BuiltinSignature::Form::call)) {
    return check_builtin_call(frame, id, call, *builtin);
  }
  std::vector<std::string> candidates;
  for (const auto& [name, gid] : file.names) {
    if (program_.globals[gid].kind == Global::Kind::fn) candidates.push_back(name);
  }
  for (const auto& builtin : builtins_) {
    if (builtin.form == BuiltinSignature::Form::call) candidates.push_back(builtin.name);
  }
  const std::string hint = closest_name(call.callee, candidates);
  error(f, call.callee_span,
        fmt::format("unknown function '{}'{}", call.callee, hint.empty() ? "" : fmt::format("; did you mean '{}'?", hint)));
  for (const auto& arg : call.args) check(frame, arg.value);
  return types_.none();
}

TypeId ExprChecker::check_user_call(Frame& frame, ExprId id, const Call& call, std::uint32_t global) {
  const std::uint32_t f = frame.file;
  const Global& g = program_.globals[global];
  const Fn& fn = std::get<Fn>(program_.files[g.file].ast.items[g.item].node);
  record(f, id, Resolution{Resolution::Kind::global, global});
  const Span& span = expr(f, id).span;
  const TypeId result = ensure_global(global);
  const std::vector<TypeId>& param_types = fn_param_types_[global];
  if (call.args.size() != fn.params.size()) {
    error(f, span, fmt::format("'{}' takes {} argument{}, found {}", call.callee, fn.params.size(),
                               fn.params.size() == 1 ? "" : "s", call.args.size()));
  }
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    const TypeId arg = check(frame, call.args[i].value);
    if (i >= fn.params.size()) continue;
    if (!call.args[i].name.empty() && call.args[i].name != fn.params[i].name) {
      error(f, call.args[i].name_span, fmt::format("argument {} of '{}' is '{}', found '{}'", i + 1, call.callee,
                                                   fn.params[i].name, call.args[i].name));
    }
    const TypeId wanted = i < param_types.size() ? param_types[i] : types_.any();
    if (!assignable(types_, arg, wanted)) {
      error(f, expr(f, call.args[i].value).span,
            fmt::format("argument '{}' of '{}' must be {}, found {}", fn.params[i].name, call.callee,
                        article(types_.describe(wanted)), article(types_.describe(arg))));
    }
  }
  return result;
}

TypeId ExprChecker::check_builtin_call(Frame& frame, ExprId id, const Call& call, std::uint32_t builtin) {
  const std::uint32_t f = frame.file;
  const BuiltinSignature& signature = builtins_[builtin];
  const Span& span = expr(f, id).span;
  record(f, id, Resolution{Resolution::Kind::builtin, builtin});
  std::vector<TypeId> args;
  for (const auto& arg : call.args) args.push_back(check(frame, arg.value));
  if (signature.form == BuiltinSignature::Form::constant) {
    error(f, call.callee_span, fmt::format("'{}' is a value, not a function; write it without '(...)'", call.callee));
    return types_.none();
  }
  if (signature.form == BuiltinSignature::Form::comprehension) {
    error(f, span, fmt::format("'{}' is written {}(x in LIST: ...)", call.callee, call.callee));
    return types_.none();
  }
  if (call.args.size() < signature.min_args || call.args.size() > signature.params.size()) {
    const std::string count = signature.min_args == signature.params.size()
                                  ? fmt::format("{}", signature.min_args)
                                  : fmt::format("{} to {}", signature.min_args, signature.params.size());
    error(f, span, fmt::format("'{}' takes {} argument{} ({}), found {}", call.callee, count,
                               signature.params.size() == 1 ? "" : "s", fmt::join(signature.params, ", "), call.args.size()));
    return types_.none();
  }
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    if (!call.args[i].name.empty() && call.args[i].name != signature.params[i]) {
      error(f, call.args[i].name_span, fmt::format("argument {} of '{}' is '{}', found '{}'", i + 1, call.callee,
                                                   signature.params[i], call.args[i].name));
    }
  }
  if (std::any_of(args.begin(), args.end(), [&](TypeId t) { return t == types_.none(); })) return types_.none();
  std::string message;
  const auto result = signature.result(types_, args, message);
  if (!result) {
    error(f, span, fmt::format("'{}': {}", call.callee, message));
    return types_.none();
  }
  return *result;
}

TypeId ExprChecker::check_comprehension(Frame& frame, ExprId id, const Comprehension& c) {
  const std::uint32_t f = frame.file;
  const Span& span = expr(f, id).span;
  const TypeId source = check(frame, c.source);
  TypeId element = types_.any();
  const Type& source_type = types_.get(source);
  if (source_type.kind == TypeKind::list) {
    element = source_type.element;
  } else if (source_type.kind != TypeKind::any && source_type.kind != TypeKind::none) {
    error(f, expr(f, c.source).span, fmt::format("expected a list after 'in', found {}", article(types_.describe(source))));
  }
  const std::uint32_t slot = frame.push(c.variable, element);
  if (c.filter != kNoExpr) expect_bool(f, c.filter, check(frame, c.filter), "the 'where' condition");
  const TypeId body = c.body != kNoExpr ? check(frame, c.body) : types_.none();
  frame.pop();
  const auto builtin = find_builtin(c.op, BuiltinSignature::Form::comprehension);
  if (!builtin || builtins_[*builtin].form != BuiltinSignature::Form::comprehension) {
    std::vector<std::string> names;
    for (const auto& b : builtins_) {
      if (b.form == BuiltinSignature::Form::comprehension) names.push_back(b.name);
    }
    const std::string hint = closest_name(c.op, names);
    error(f, c.op_span,
          fmt::format("'{}' cannot be written with 'x in LIST'{}", c.op,
                      hint.empty() ? fmt::format("; that form is for {}", fmt::join(names, ", "))
                                   : fmt::format("; did you mean '{}'?", hint)));
    return types_.none();
  }
  record(f, id, Resolution{Resolution::Kind::builtin, *builtin, slot});
  std::string message;
  const auto result = builtins_[*builtin].result(types_, {element, body}, message);
  if (!result) {
    error(f, span, fmt::format("'{}': {}", c.op, message));
    return types_.none();
  }
  return *result;
}

TypeId ExprChecker::check_binary(Frame& frame, ExprId id, const Binary& b) {
  const std::uint32_t f = frame.file;
  const Span& span = expr(f, id).span;
  const TypeId left = check(frame, b.left);
  const TypeId right = check(frame, b.right);
  const Type& l = types_.get(left);
  const Type& r = types_.get(right);
  if (l.kind == TypeKind::none || r.kind == TypeKind::none) return b.op <= BinaryOp::ge ? types_.boolean() : types_.none();
  const bool dynamic = l.kind == TypeKind::any || r.kind == TypeKind::any;
  const auto mismatch = [&](std::string_view verb) {
    error(f, span, fmt::format("cannot {} {} and {}", verb, article(types_.describe(left)), article(types_.describe(right))));
    return types_.none();
  };
  switch (b.op) {
    case BinaryOp::and_:
    case BinaryOp::or_:
      expect_bool(f, b.left, left, fmt::format("the left operand of '{}'", operator_text(b.op)));
      expect_bool(f, b.right, right, fmt::format("the right operand of '{}'", operator_text(b.op)));
      return types_.boolean();
    case BinaryOp::eq:
    case BinaryOp::ne: {
      if (!assignable(types_, left, right) && !assignable(types_, right, left)) {
        const bool strings = l.kind == TypeKind::string && r.kind == TypeKind::string;
        if (!strings) return mismatch("compare"), types_.boolean();
      }
      // A choice compared with a literal: the literal must be one of the choices.
      const auto check_choice = [&](const Type& choice_type, ExprId literal_id) {
        const auto* literal = std::get_if<StringLiteral>(&expr(f, literal_id).node);
        if (choice_type.choices.empty() || literal == nullptr || literal->parts.size() != 1 ||
            literal->parts.front().expr != kNoExpr) {
          return;
        }
        const std::string& text = literal->parts.front().text;
        if (std::find(choice_type.choices.begin(), choice_type.choices.end(), text) == choice_type.choices.end()) {
          const std::string hint = closest_name(text, choice_type.choices);
          std::vector<std::string> quoted;
          for (const auto& c : choice_type.choices) quoted.push_back(fmt::format("\"{}\"", c));
          error(f, expr(f, literal_id).span,
                fmt::format("\"{}\" is not one of {}{}", text, fmt::join(quoted, " | "),
                            hint.empty() ? "" : fmt::format("; did you mean \"{}\"?", hint)));
        }
      };
      check_choice(l, b.right);
      check_choice(r, b.left);
      return types_.boolean();
    }
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge: {
      const auto ordered = [](TypeKind k) {
        return k == TypeKind::number || k == TypeKind::quantity || k == TypeKind::date || k == TypeKind::duration ||
               k == TypeKind::any;
      };
      if (!ordered(l.kind) || !ordered(r.kind) || (!dynamic && !assignable(types_, left, right))) {
        mismatch("compare");
      }
      return types_.boolean();
    }
    case BinaryOp::coalesce:
      return join(f, span, left, right, "the two sides of '?\?'");
    case BinaryOp::add:
    case BinaryOp::sub: {
      if (dynamic) return l.kind == TypeKind::any ? right : left;
      if (l.kind == TypeKind::date && r.kind == TypeKind::duration) return types_.date();
      if (b.op == BinaryOp::sub && l.kind == TypeKind::date && r.kind == TypeKind::date) return types_.duration();
      if (b.op == BinaryOp::add && l.kind == TypeKind::duration && r.kind == TypeKind::date) return types_.date();
      if ((l.kind == TypeKind::number || l.kind == TypeKind::quantity || l.kind == TypeKind::duration) &&
          assignable(types_, left, right)) {
        return left;
      }
      return mismatch(b.op == BinaryOp::add ? "add" : "subtract");
    }
    case BinaryOp::mul: {
      if (dynamic) return l.kind == TypeKind::any ? right : left;
      if (l.kind == TypeKind::number && (r.kind == TypeKind::number || r.kind == TypeKind::quantity || r.kind == TypeKind::duration)) {
        return right;
      }
      if ((l.kind == TypeKind::quantity || l.kind == TypeKind::duration) && r.kind == TypeKind::number) return left;
      return mismatch("multiply");
    }
    case BinaryOp::div: {
      if (dynamic) return l.kind == TypeKind::any ? types_.any() : left;
      if (r.kind == TypeKind::number && (l.kind == TypeKind::number || l.kind == TypeKind::quantity || l.kind == TypeKind::duration)) {
        return left;
      }
      if ((l.kind == TypeKind::quantity || l.kind == TypeKind::duration) && assignable(types_, left, right)) {
        return types_.number();
      }
      return mismatch("divide");
    }
  }
  return types_.none();
}

}  // namespace tacit::dsl
