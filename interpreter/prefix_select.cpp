// select over a list that grows from one day to the next.
//
// `select(l in lab_events: l.test == "AFP")` is evaluated again on every day a
// lab appears, and each time it looked at every lab from the first. When the
// condition reads only the element (its fields, parameters, pure functions, and
// local values that do not change), whether an element is kept never changes:
// the result over the first k events is the prefix of the result over all of
// them. So the evaluator keeps, per patient, the elements already decided and
// only decides the new ones. A list is known to grow this way when it is the
// patient's events of a type (events() returns a prefix of them) or the result
// of such a select; the key is the list's first element, so a shorter view of
// the same memory reads a shorter prefix of the same result.
//
// The first unknown element ends select's work (the whole result is unknown from
// then on), so elements after it are never decided, as in the plain evaluation.
// For explanations, the events each kept element's condition touched are kept
// too. The from-scratch reference mode (TACIT_NO_INCREMENTAL) uses the plain
// evaluation.
#include <algorithm>

#include "dsl/ast_walk.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/evaluator.hpp"

namespace tacit::interpreter {

using dsl::ExprId;
using dsl::Resolution;

void Evaluator::plan_prefix_selects() {
  prefix_plan_index_.resize(program_.files.size());
  for (std::size_t f = 0; f < program_.files.size(); ++f) {
    const dsl::CheckedFile& file = program_.files[f];
    prefix_plan_index_[f].assign(file.ast.exprs.size(), -1);
    for (ExprId id = 0; id < file.ast.exprs.size(); ++id) {
      const auto* node = std::get_if<dsl::Comprehension>(&file.ast.expr(id).node);
      if (node == nullptr || builtins()[file.resolutions[id].index].keeps_element == nullptr) continue;
      // Slots bound inside the condition are its own; any other local is captured.
      std::vector<std::uint32_t> bound{file.resolutions[id].slot};
      std::vector<ExprId> inside;
      for (const ExprId root : {node->filter, node->body}) {
        if (root != dsl::kNoExpr) dsl::for_each_node(file.ast, root, [&](ExprId e) { inside.push_back(e); });
      }
      for (const ExprId e : inside) {
        const auto& n = file.ast.expr(e).node;
        if (std::holds_alternative<dsl::LetIn>(n) || std::holds_alternative<dsl::Comprehension>(n)) {
          bound.push_back(file.resolutions[e].slot);
        }
      }
      PrefixPlan plan;
      bool eligible = true;
      for (const ExprId e : inside) {
        const Resolution& r = file.resolutions[e];
        switch (r.kind) {
          case Resolution::Kind::local:
            if (std::find(bound.begin(), bound.end(), r.index) != bound.end()) break;
            if (std::find(plan.captures.begin(), plan.captures.begin() + plan.capture_count, r.index) !=
                plan.captures.begin() + plan.capture_count) {
              break;
            }
            if (plan.capture_count == plan.captures.size()) {
              eligible = false;
              break;
            }
            plan.captures[plan.capture_count++] = r.index;
            break;
          case Resolution::Kind::global: {
            const dsl::Global& g = program_.globals[r.index];
            // A let or clause, or a function that reads the timeline, changes with the day.
            if (g.kind == dsl::Global::Kind::let || g.kind == dsl::Global::Kind::clause) eligible = false;
            if (g.kind == dsl::Global::Kind::fn && memoizable_[r.index]) eligible = false;
            break;
          }
          case Resolution::Kind::builtin: {
            const std::string& name = builtins()[r.index].signature.name;
            if (name == "events" || name == "as_of") eligible = false;
            break;
          }
          default:
            break;
        }
      }
      if (!eligible) continue;
      prefix_plan_index_[f][id] = static_cast<std::int32_t>(prefix_plans_.size());
      prefix_plans_.push_back(plan);
    }
  }
}

std::optional<Value> Evaluator::prefix_select(std::uint32_t file, ExprId id, const dsl::Comprehension& node,
                                              std::uint32_t slot, const Builtin& builtin, const Value& source) {
  const std::int32_t plan_index = prefix_plan_index_[file][id];
  if (plan_index < 0 || !incremental_) return std::nullopt;
  const std::span<const Value> items = source.as_list();
  if (items.empty()) return std::nullopt;
  const auto list = std::find_if(growing_lists_.begin(), growing_lists_.end(),
                                 [&](const GrowingList& g) { return g.data == items.data(); });
  if (list == growing_lists_.end() || items.size() > list->capacity) return std::nullopt;
  const std::uint32_t capacity = list->capacity;

  const PrefixPlan& plan = prefix_plans_[static_cast<std::size_t>(plan_index)];
  std::array<Value, PrefixPlan{}.captures.size()> captures{};
  for (std::uint32_t c = 0; c < plan.capture_count; ++c) {
    captures[c] = local(plan.captures[c]);
    // A captured list of events would have to be recorded as read: not worth it.
    if (captures[c].sources() != 0) return std::nullopt;
  }
  const auto found = std::find_if(prefix_selects_.begin(), prefix_selects_.end(), [&](const PrefixSelect& p) {
    if (p.file != file || p.node != id || p.source != items.data()) return false;
    for (std::uint32_t c = 0; c < plan.capture_count; ++c) {
      if (!p.captures[c].identical(captures[c])) return false;
    }
    return true;
  });
  // Deciding an element can reach another select, which may add an entry and
  // move the vector: the entry is named by its index, looked up at each use.
  const auto index = static_cast<std::size_t>(found - prefix_selects_.begin());
  const auto entry = [&]() -> PrefixSelect& { return prefix_selects_[index]; };
  if (found == prefix_selects_.end()) {
    PrefixSelect fresh;
    fresh.file = file;
    fresh.node = id;
    fresh.source = items.data();
    fresh.captures = captures;
    fresh.kept = arena_->allocate_array<Value>(capacity);
    fresh.origin = arena_->allocate_array<std::uint32_t>(capacity);
    prefix_selects_.push_back(fresh);
    growing_lists_.push_back(GrowingList{fresh.kept, capacity});
  }
  if (entry().disabled) return std::nullopt;
  // Explaining: the events a select touched are those its kept elements touched.
  Touches* const outer = sink_;
  if (outer != nullptr && entry().touches == nullptr) {
    entry().touches = arena_->allocate_array<KeptTouches>(capacity);
  }
  BinderCall call(*this, file, node, slot, items);
  Touches element;
  const auto decide = [&](std::uint32_t i) {
    element.clear();
    if (outer != nullptr) sink_ = &element;
    const Value v = builtin.keeps_element(call, i);
    sink_ = outer;
    return v;
  };

  const auto k = static_cast<std::uint32_t>(items.size());
  begin_reads();
  for (std::uint32_t i = entry().evaluated; i < k && !entry().stopped; ++i) {
    const Value v = decide(i);
    entry().evaluated = i + 1;
    if (v.is_unknown()) {
      entry().stopped = true;
      entry().stop_index = i;
      entry().stop_value = v;
    } else if (v.is_true()) {
      if (outer != nullptr) entry().touches[entry().kept_count] = keep_touches(element);
      entry().kept[entry().kept_count] = items[i];
      entry().origin[entry().kept_count++] = i;
    }
  }
  const bool stopped = entry().stopped && entry().stop_index < k;
  const auto count = static_cast<std::uint32_t>(
      std::lower_bound(entry().origin, entry().origin + entry().kept_count, k) - entry().origin);
  if (outer != nullptr) {
    // Elements kept while no explanation was asked for are decided again to
    // learn their events (the decision itself cannot change).
    for (std::uint32_t j = 0; j < count; ++j) {
      if (!entry().touches[j].known) {
        (void)decide(entry().origin[j]);
        entry().touches[j] = keep_touches(element);
      }
    }
  }
  const Reads reads = end_reads();
  // The plan should make this impossible; if an element still read the
  // timeline, its decision may change with the day: evaluate plainly.
  if (reads.types != 0 || reads.as_of) {
    entry().disabled = true;
    return std::nullopt;
  }
  if (outer != nullptr) {
    for (std::uint32_t j = 0; j < count; ++j) append_kept_touches(entry().touches[j]);
  }
  if (stopped) return entry().stop_value;
  return Value::list({entry().kept, count}, source.sources());
}

}  // namespace tacit::interpreter
