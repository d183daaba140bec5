// Which select results can turn unknown as their list grows.
//
// A select is unknown as a whole as soon as one element's condition is unknown.
// So when a later element's condition is unknown, a result that was a list as of
// one day is unknown as of a later one, whatever happened in the window a reader
// looked at: carry_forward(xs, d, ...), before(xs, e), previous(xs, e) and
// up_to(xs, d) read a list only up to a day (memo.hpp), which is sound only for
// lists that cannot turn unknown. The evaluator marks a select's result when its
// condition can be unknown (or its source could turn unknown), and those readers
// then record that they read the whole list.
//
// Whether a condition can be unknown is decided here, once per program: it cannot
// when it is built from literals, parameters, `is known`, `??` with a known side,
// dates and types of events, comparisons and arithmetic of such values, and calls
// of functions whose bodies are of that kind, given their arguments. A condition
// that reads a local value from outside the select (a function's parameter) is
// known provided those values are: those slots are checked at run time.
#include <algorithm>
#include <optional>
#include <unordered_map>

#include "dsl/ast_walk.hpp"
#include "dsl/limits.hpp"
#include "dsl/types.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/evaluator.hpp"

namespace tacit::interpreter {
namespace {

using dsl::ExprId;
using dsl::Resolution;

// nullopt: the expression can be unknown; otherwise the outer local slots whose
// values must be known for it to be known (empty: always known).
using Known = std::optional<std::vector<std::uint32_t>>;

Known always() { return std::vector<std::uint32_t>{}; }

Known both(const Known& a, const Known& b) {
  if (!a || !b) return std::nullopt;
  std::vector<std::uint32_t> slots = *a;
  for (const std::uint32_t s : *b) {
    if (std::find(slots.begin(), slots.end(), s) == slots.end()) slots.push_back(s);
  }
  return slots;
}

class Analysis {
 public:
  Analysis(const dsl::Program& program, std::span<const Value> params) : program_(program), params_(params) {}

  // `frame`: what is known of the slots bound so far in the frame being analysed;
  // `outer`: whether slots not in it are the select's captured locals (the
  // select's own frame) or cannot occur (an inlined function's frame).
  struct Frame {
    std::vector<std::pair<std::uint32_t, Known>> slots;
    bool outer = true;
  };

  Known expr(std::uint32_t file, ExprId id, Frame& frame, int depth) {
    if (depth > static_cast<int>(dsl::kMaxEvaluationDepth)) return std::nullopt;
    const dsl::CheckedFile& checked = program_.files[file];
    const Resolution& r = checked.resolutions[id];
    // An error that only a later element would raise must not go unnoticed
    // while the readers stay cached: see reads_unchecked_data().
    if (reads_unchecked_data(file, id)) return std::nullopt;
    return std::visit(
        [&](const auto& node) -> Known {
          using T = std::decay_t<decltype(node)>;
          if constexpr (std::is_same_v<T, dsl::BoolLiteral>) {
            return node.value == dsl::BoolLiteral::Value::unknown ? Known{} : always();
          } else if constexpr (std::is_same_v<T, dsl::NumberLiteral> || std::is_same_v<T, dsl::QuantityLiteral> ||
                               std::is_same_v<T, dsl::DateLiteral> || std::is_same_v<T, dsl::StringLiteral> ||
                               std::is_same_v<T, dsl::ListLiteral> || std::is_same_v<T, dsl::RecordLiteral> ||
                               std::is_same_v<T, dsl::IsKnown>) {
            // The value itself is known (a list or record may hold unknown items;
            // `contains` looks inside). What is inside must not fail either: it
            // holds no untyped value (checked above for the whole subtree).
            return always();
          } else if constexpr (std::is_same_v<T, dsl::Name>) {
            return name(r, frame);
          } else if constexpr (std::is_same_v<T, dsl::FieldAccess>) {
            if (r.kind == Resolution::Kind::global) return name(r, frame);
            if (r.kind == Resolution::Kind::event_date || r.kind == Resolution::Kind::event_type) {
              return expr(file, node.object, frame, depth + 1);
            }
            return std::nullopt;  // a field may be absent
          } else if constexpr (std::is_same_v<T, dsl::Call>) {
            return call(file, r, node, frame, depth);
          } else if constexpr (std::is_same_v<T, dsl::Comprehension>) {
            const std::string& op = builtins()[r.index].signature.name;
            if (op != "any" && op != "all" && op != "none" && op != "count") return std::nullopt;
            // Its elements may be unknown (a list literal, a list field).
            frame.slots.emplace_back(r.slot, std::nullopt);
            Known known = expr(file, node.source, frame, depth + 1);
            if (node.filter != dsl::kNoExpr) known = both(known, expr(file, node.filter, frame, depth + 1));
            if (node.body != dsl::kNoExpr) known = both(known, expr(file, node.body, frame, depth + 1));
            frame.slots.pop_back();
            return known;
          } else if constexpr (std::is_same_v<T, dsl::Unary>) {
            return expr(file, node.operand, frame, depth + 1);
          } else if constexpr (std::is_same_v<T, dsl::Binary>) {
            return binary(file, node, frame, depth);
          } else if constexpr (std::is_same_v<T, dsl::Conditional>) {
            return both(expr(file, node.condition, frame, depth + 1),
                        both(expr(file, node.then_branch, frame, depth + 1), expr(file, node.else_branch, frame, depth + 1)));
          } else if constexpr (std::is_same_v<T, dsl::LetIn>) {
            frame.slots.emplace_back(r.slot, expr(file, node.value, frame, depth + 1));
            Known known = expr(file, node.body, frame, depth + 1);
            frame.slots.pop_back();
            return known;
          } else if constexpr (std::is_same_v<T, dsl::Parenthesized>) {
            return expr(file, node.inner, frame, depth + 1);
          } else {
            return std::nullopt;
          }
        },
        checked.ast.expr(id).node);
  }

 private:
  Known name(const Resolution& r, const Frame& frame) {
    switch (r.kind) {
      case Resolution::Kind::local: {
        // The innermost binding of the slot decides.
        for (auto it = frame.slots.rbegin(); it != frame.slots.rend(); ++it) {
          if (it->first == r.index) return it->second;
        }
        if (!frame.outer) return std::nullopt;
        return std::vector<std::uint32_t>{r.index};
      }
      case Resolution::Kind::global: {
        const dsl::Global& g = program_.globals[r.index];
        if (g.kind == dsl::Global::Kind::param && !params_[r.index].is_unknown()) return always();
        return std::nullopt;  // a let or clause may be unknown
      }
      case Resolution::Kind::builtin:
        return always();  // as_of, patient
      default:
        return std::nullopt;
    }
  }

  Known call(std::uint32_t file, const Resolution& r, const dsl::Call& node, Frame& frame, int depth) {
    std::vector<Known> args;
    for (const dsl::Argument& arg : node.args) args.push_back(expr(file, arg.value, frame, depth + 1));
    if (r.kind == Resolution::Kind::global) {
      // A function's body, its parameters standing for the arguments.
      const dsl::Global& g = program_.globals[r.index];
      // Whether it reads the timeline does not matter here: only whether its value
      // can be unknown, for any data.
      if (g.kind != dsl::Global::Kind::fn) return std::nullopt;
      const auto& fn = std::get<dsl::Fn>(program_.files[g.file].ast.items[g.item].node);
      if (args.size() != fn.params.size()) return std::nullopt;  // named or defaulted arguments: not followed
      Frame inner;
      inner.outer = false;
      for (std::uint32_t i = 0; i < args.size(); ++i) inner.slots.emplace_back(i, args[i]);
      // The parameters carry the arguments' requirements, so the body's are in
      // the caller's terms.
      return expr(g.file, fn.body, inner, depth + 1);
    }
    if (r.kind != Resolution::Kind::builtin) return std::nullopt;
    const std::string& callee = builtins()[r.index].signature.name;
    Known all_args = always();
    for (const Known& a : args) all_args = both(all_args, a);
    if (callee == "count" || callee == "days_between" || callee == "days") return all_args;
    if (callee == "contains" && node.args.size() == 2) {
      // Unknown only if the list might hold the value: a literal list of known
      // scalars, and a known scalar (lists compare item by item, and an item may
      // be unknown).
      const auto* list = std::get_if<dsl::ListLiteral>(&program_.files[file].ast.expr(node.args[0].value).node);
      if (list == nullptr || !scalar(file, node.args[1].value)) return std::nullopt;
      Known known = args[1];
      for (const ExprId element : list->elements) {
        if (!scalar(file, element)) return std::nullopt;
        known = both(known, expr(file, element, frame, depth + 1));
      }
      return known;
    }
    return std::nullopt;
  }

  Known binary(std::uint32_t file, const dsl::Binary& node, Frame& frame, int depth) {
    using dsl::BinaryOp;
    const Known left = expr(file, node.left, frame, depth + 1);
    const Known right = expr(file, node.right, frame, depth + 1);
    switch (node.op) {
      case BinaryOp::coalesce:
        return right ? right : left;
      case BinaryOp::div:
        return std::nullopt;  // division by zero is unknown
      case BinaryOp::eq:
      case BinaryOp::ne: {
        // Lists and records compare element by element, and an element may be unknown.
        for (const ExprId side : {node.left, node.right}) {
          if (!scalar(file, side)) return std::nullopt;
        }
        return both(left, right);
      }
      default:
        return both(left, right);
    }
  }

  // A value compared as a whole: not a list, record or value of unknown type.
  bool scalar(std::uint32_t file, ExprId id) const {
    const dsl::TypeKind kind = program_.types.get(program_.files[file].types[id]).kind;
    return kind != dsl::TypeKind::list && kind != dsl::TypeKind::record && kind != dsl::TypeKind::any &&
           kind != dsl::TypeKind::none;
  }

  // Whether the subtree reads data whose kind the loader did not check, on which
  // an operation can fail (a string compared with a number): an undeclared field
  // (type `any`), or a field of something that is not an event, such as an
  // element of a list field (a lesion), whose items the loader does not check.
  // The fields of events that the vocabulary declares have checked kinds.
  bool reads_unchecked_data(std::uint32_t file, ExprId root) {
    const auto key = (static_cast<std::uint64_t>(file) << 32) | root;
    if (const auto it = unchecked_.find(key); it != unchecked_.end()) return it->second;
    const dsl::CheckedFile& checked = program_.files[file];
    bool unchecked = false;
    dsl::for_each_node(checked.ast, root, [&](ExprId e) {
      if (!std::holds_alternative<dsl::FieldAccess>(checked.ast.expr(e).node)) return;
      const Resolution::Kind kind = checked.resolutions[e].kind;
      if (kind == Resolution::Kind::record_field ||
          (kind == Resolution::Kind::event_field && program_.types.get(checked.types[e]).kind == dsl::TypeKind::any)) {
        unchecked = true;
      }
    });
    unchecked_.emplace(key, unchecked);
    return unchecked;
  }

  const dsl::Program& program_;
  std::span<const Value> params_;
  std::unordered_map<std::uint64_t, bool> unchecked_;
};

}  // namespace

void Evaluator::plan_stable_selects() {
  Analysis analysis(program_, params_);
  stability_index_.resize(program_.files.size());
  for (std::uint32_t f = 0; f < program_.files.size(); ++f) {
    const dsl::CheckedFile& file = program_.files[f];
    stability_index_[f].assign(file.ast.exprs.size(), -1);
    for (ExprId id = 0; id < file.ast.exprs.size(); ++id) {
      const auto* node = std::get_if<dsl::Comprehension>(&file.ast.expr(id).node);
      if (node == nullptr || !builtins()[file.resolutions[id].index].keeps_sources) continue;
      // The select's own element is an event of its source: never unknown.
      Analysis::Frame frame;
      frame.slots.emplace_back(file.resolutions[id].slot, std::vector<std::uint32_t>{});
      Known known = std::vector<std::uint32_t>{};
      if (node->filter != dsl::kNoExpr) known = both(known, analysis.expr(f, node->filter, frame, 0));
      if (node->body != dsl::kNoExpr) known = both(known, analysis.expr(f, node->body, frame, 0));
      StabilityPlan plan;
      if (!known || known->size() > plan.slots.size()) {
        plan.always_unstable = true;
      } else {
        plan.slot_count = static_cast<std::uint32_t>(known->size());
        std::copy(known->begin(), known->end(), plan.slots.begin());
      }
      stability_index_[f][id] = static_cast<std::int32_t>(stability_plans_.size());
      stability_plans_.push_back(plan);
    }
  }
}

bool Evaluator::may_turn_unknown(std::uint32_t file, ExprId id, const Value& source) {
  if (source.may_turn_unknown()) return true;
  const std::int32_t index = stability_index_[file][id];
  if (index < 0) return true;
  const StabilityPlan& plan = stability_plans_[static_cast<std::size_t>(index)];
  if (plan.always_unstable) return true;
  for (std::uint32_t s = 0; s < plan.slot_count; ++s) {
    if (local(plan.slots[s]).is_unknown()) return true;
  }
  return false;
}

}  // namespace tacit::interpreter
