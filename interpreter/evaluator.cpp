#include "interpreter/evaluator.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "dsl/ast_walk.hpp"
#include "dsl/types.hpp"
#include "interpreter/builtins.hpp"
#include "interpreter/operators.hpp"

namespace tacit::interpreter {

using dsl::ExprId;
using dsl::kNoExpr;
using dsl::Resolution;

namespace {

// Slots for nested frames; functions cannot recurse, so the stack depth is
// bounded by the program, and this is checked when a frame is pushed.
constexpr std::size_t kStackSlots = 1 << 14;

// Slots of the call table kept from one patient to the next (16 KiB).
constexpr std::size_t kCallSlotsKept = 4096;

}  // namespace

// Whether a function's result can change from one as-of day to the next: it
// reads the timeline (events, as_of) or a let or clause, directly or through the
// functions it calls. Only those calls are worth caching.
bool reads_the_day(const dsl::Program& program, std::uint32_t fn, std::vector<int>& state) {
  if (state[fn] != 0) return state[fn] == 2;
  state[fn] = 1;  // no recursion exists (checked), but guard anyway
  const dsl::Global& g = program.globals[fn];
  const dsl::CheckedFile& file = program.files[g.file];
  bool reads = false;
  dsl::for_each_node(file.ast, std::get<dsl::Fn>(file.ast.items[g.item].node).body, [&](ExprId id) {
    const Resolution& r = file.resolutions[id];
    if (r.kind == Resolution::Kind::builtin) {
      const auto& name = builtins()[r.index].signature.name;
      if (name == "events" || name == "as_of") reads = true;
    } else if (r.kind == Resolution::Kind::global) {
      const dsl::Global& callee = program.globals[r.index];
      if (callee.kind == dsl::Global::Kind::let || callee.kind == dsl::Global::Kind::clause) reads = true;
      if (callee.kind == dsl::Global::Kind::fn && reads_the_day(program, r.index, state)) reads = true;
    }
  });
  state[fn] = reads ? 2 : 3;
  return reads;
}

bool Evaluator::CallKey::operator==(const CallKey& other) const {
  if (fn != other.fn || count != other.count) return false;
  for (std::uint32_t i = 0; i < count; ++i) {
    if (!args[i].identical(other.args[i])) return false;
  }
  return true;
}

std::size_t Evaluator::CallKeyHash::operator()(const CallKey& key) const {
  std::uint64_t h = key.fn * 0x9E3779B97F4A7C15ULL + key.count;
  for (std::uint32_t i = 0; i < key.count; ++i) {
    h ^= key.args[i].payload_bits() + static_cast<std::uint64_t>(key.args[i].kind()) * 0x100000001B3ULL + (h << 6) + (h >> 2);
  }
  return static_cast<std::size_t>(h);
}

Evaluator::Evaluator(const dsl::Program& program, std::span<const Value> params)
    : program_(program), params_(params), stack_(kStackSlots) {
  cache_.resize(program.globals.size());
  cache_touches_.resize(program.globals.size());
  memoizable_.assign(program.globals.size(), false);
  std::vector<int> state(program.globals.size(), 0);
  for (std::uint32_t id = 0; id < program.globals.size(); ++id) {
    if (program.globals[id].kind == dsl::Global::Kind::fn) memoizable_[id] = reads_the_day(program, id, state);
  }
  event_memo_slot_.assign(program.globals.size(), -1);
  for (std::uint32_t id = 0; id < program.globals.size(); ++id) {
    const dsl::Global& g = program.globals[id];
    if (g.kind != dsl::Global::Kind::fn || memoizable_[id]) continue;
    if (std::get<dsl::Fn>(program.files[g.file].ast.items[g.item].node).params.size() != 1) continue;
    event_memo_slot_[id] = static_cast<std::int32_t>(event_memo_.size());
    event_memo_.emplace_back();
  }
  plan_prefix_selects();
  plan_stable_selects();
  constants_.resize(program.files.size());
  has_constant_.resize(program.files.size());
  for (std::size_t f = 0; f < program.files.size(); ++f) {
    constants_[f].resize(program.files[f].ast.exprs.size());
    has_constant_[f].assign(program.files[f].ast.exprs.size(), false);
  }
}

void Evaluator::begin_patient(const Patient& patient, Arena& arena) {
  // A patient rejected in the middle of an evaluation (EvalError, ArenaFull)
  // leaves frames, read records and a touch sink in use: none of it carries over.
  frame_base_ = 0;
  frame_top_ = 0;
  reads_.clear();
  sink_ = nullptr;
  patient_ = &patient;
  arena_ = &arena;
  all_events_.clear();
  by_type_.clear();
  typed_storage_.clear();
  for (const Event& event : patient.events) all_events_.push_back(Value::event(&event));
  // Events grouped by type, each group in timeline order.
  for (const Event& event : patient.events) {
    const auto it = std::find_if(by_type_.begin(), by_type_.end(), [&](const TypedEvents& t) { return t.type == event.type; });
    if (it == by_type_.end()) by_type_.push_back(TypedEvents{event.type, 0, 0});
  }
  for (TypedEvents& group : by_type_) {
    group.begin = typed_storage_.size();
    for (const Event& event : patient.events) {
      if (event.type == group.type) typed_storage_.push_back(Value::event(&event));
    }
    group.count = typed_storage_.size() - group.begin;
  }
  ++patient_generation_;
  // A table that one large patient grew is given back rather than cleared for
  // every later patient.
  call_entries_.clear();
  if (call_slots_.size() > kCallSlotsKept) {
    call_slots_ = {};
  } else {
    std::fill(call_slots_.begin(), call_slots_.end(), 0U);
  }
  prefix_selects_.clear();
  growing_lists_.clear();
  kept_touches_.clear();
  if (!all_events_.empty()) growing_lists_.push_back(GrowingList{all_events_.data(), static_cast<std::uint32_t>(all_events_.size())});
  for (const TypedEvents& group : by_type_) {
    growing_lists_.push_back(GrowingList{typed_storage_.data() + group.begin, static_cast<std::uint32_t>(group.count)});
  }
  incremental_ = allow_incremental_ && by_type_.size() <= kMaxTrackedTypes;
}

void Evaluator::set_as_of(Date as_of) { as_of_ = as_of; }

Date Evaluator::next_event_after(std::size_t type, Date day) const {
  const TypedEvents& group = by_type_[type];
  const auto events = std::span<const Value>(typed_storage_).subspan(group.begin, group.count);
  const auto it =
      std::upper_bound(events.begin(), events.end(), day, [](Date d, const Value& v) { return d < v.as_event()->date; });
  return it == events.end() ? kWholeList : it->as_event()->date;
}

bool Evaluator::valid(const Reads& validity, Date then) const {
  return still_valid(validity, then, as_of_, [this](std::size_t type, Date day) { return next_event_after(type, day); });
}

void Evaluator::begin_reads() {
  reads_.emplace_back();
  if (!incremental_) reads_.back().as_of = true;  // too many types: valid only on the same day
}

Reads Evaluator::end_reads() {
  Reads reads = reads_.back();
  reads_.pop_back();
  return reads;
}

Value Evaluator::events(std::string_view type) {
  std::span<const Value> all;
  SourceMask sources = 0;
  if (type.empty()) {
    all = all_events_;
    sources = static_cast<SourceMask>((1U << std::min(by_type_.size(), kMaxTrackedTypes)) - 1U);
  } else {
    const auto it = std::find_if(by_type_.begin(), by_type_.end(), [&](const TypedEvents& t) { return t.type == type; });
    // A type the patient has no event of: empty whatever the day.
    if (it == by_type_.end()) return Value::list({});
    const auto index = static_cast<std::size_t>(it - by_type_.begin());
    sources = index < kMaxTrackedTypes ? static_cast<SourceMask>(1U << index) : 0;
    all = std::span<const Value>(typed_storage_).subspan(it->begin, it->count);
  }
  // Events are sorted by date: the visible ones are a prefix.
  const auto end = std::upper_bound(all.begin(), all.end(), as_of_,
                                    [](Date d, const Value& v) { return d < v.as_event()->date; });
  return Value::list(all.first(static_cast<std::size_t>(end - all.begin())), sources);
}

const Missing* Evaluator::because(std::string_view message) {
  const std::string_view text = arena_->copy(message);
  return arena_->create<Missing>(Missing{Missing::Kind::message, no_symbol, nullptr, text.data(),
                                         static_cast<std::uint32_t>(text.size()), nullptr, nullptr});
}

const Missing* Evaluator::join(const Missing* a, const Missing* b) {
  if (a == nullptr) return b;
  if (b == nullptr || a == b) return a;
  return arena_->create<Missing>(Missing{Missing::Kind::join, no_symbol, nullptr, nullptr, 0, a, b});
}

Value Evaluator::datum_value(const Datum* datum, const Event* event, SymbolId field) {
  if (datum == nullptr || datum->is_null()) {
    return Value::unknown(arena_->create<Missing>(Missing{Missing::Kind::field, field, event, nullptr, 0, nullptr, nullptr}));
  }
  switch (datum->kind()) {
    case DatumKind::boolean:
      return Value::boolean(datum->as_bool());
    case DatumKind::number:
      return Value::number(datum->as_number());
    case DatumKind::string:
      return Value::string(datum->as_string());
    case DatumKind::array: {
      const auto items = datum->as_array();
      Value* out = arena_->allocate_array<Value>(items.size());
      for (std::size_t i = 0; i < items.size(); ++i) out[i] = datum_value(&items[i], event, field);
      return Value::list({out, items.size()});
    }
    case DatumKind::object:
      return Value::object(datum);
    case DatumKind::null:
      break;
  }
  return Value::unknown();
}

Value Evaluator::field_of(const Value& object, SymbolId symbol) {
  switch (object.kind()) {
    case ValueKind::event: {
      const Event* event = object.as_event();
      touch(event, symbol);
      return datum_value(event->object->find(symbol), event, symbol);
    }
    case ValueKind::object:
      return datum_value(object.as_object()->find(symbol), nullptr, symbol);
    case ValueKind::record:
      for (const RecordEntry& entry : object.as_record()) {
        if (entry.symbol == symbol) return entry.value;
      }
      return Value::unknown();
    case ValueKind::unknown:
      return object;
    default:
      throw EvalError(fmt::format("expected an object with a field '{}', found {}", symbol_name(symbol),
                                  text_of(object)));
  }
}

Value Evaluator::global(std::uint32_t id) {
  CachedGlobal& cached = cache_[id];
  const bool explaining = sink_ != nullptr;
  // The events a computation touched are exact only for the day it ran on: a
  // value can stay valid while later events were looked at and rejected.
  if (cached.patient == patient_generation_ && valid(cached.validity, cached.as_of) &&
      (!explaining || (!cache_touches_[id].empty() && cached.as_of == as_of_))) {
    if (!reads_.empty()) reads_.back().merge(cached.reads);
    if (explaining) sink_->insert(sink_->end(), cache_touches_[id].begin(), cache_touches_[id].end());
    return cached.value;
  }
  const dsl::Global& g = program_.globals[id];
  Value value;
  Reads reads;
  if (g.kind == dsl::Global::Kind::param) {
    value = params_[id];
  } else {
    const dsl::Item& item = program_.files[g.file].ast.items[g.item];
    const ExprId body = g.kind == dsl::Global::Kind::let ? std::get<dsl::Let>(item.node).value
                                                          : std::get<dsl::Clause>(item.node).body;
    const std::size_t mark = sink_ != nullptr ? sink_->size() : 0;
    begin_reads();
    value = evaluate_root(g.file, body, g.frame_size);
    reads = end_reads();
    if (sink_ != nullptr) {
      cache_touches_[id].assign(sink_->begin() + static_cast<std::ptrdiff_t>(mark), sink_->end());
    } else {
      cache_touches_[id].clear();
    }
  }
  if (!reads_.empty()) reads_.back().merge(reads);
  // The value itself may be a list of events: it changes when they grow.
  Reads validity = reads;
  validity.read(value.sources(), kWholeList);
  cached = CachedGlobal{value, patient_generation_, reads, validity, as_of_};
  return value;
}

Value Evaluator::evaluate_root(std::uint32_t file, ExprId expr, std::uint32_t frame_size) {
  const std::size_t saved_base = frame_base_;
  const std::size_t saved_top = frame_top_;
  if (frame_top_ + frame_size > stack_.size()) throw EvalError("rule evaluation nested too deeply");
  frame_base_ = frame_top_;
  frame_top_ += frame_size;
  const Value value = eval(file, expr);
  frame_base_ = saved_base;
  frame_top_ = saved_top;
  return value;
}

Value Evaluator::call_user(std::uint32_t global_id, std::span<const Value> args) {
  // A pure function of one event (svd(i), is_session(t), ...) is called again
  // and again for the same events as the days go by: its value is kept per event
  // for the patient, with the events it touched once an explanation needed them.
  if (incremental_ && event_memo_slot_[global_id] >= 0 && args.size() == 1 && args[0].kind() == ValueKind::event &&
      patient_->events.size() <= kMaxEventMemoEvents) {
    return call_of_event(global_id, args[0].as_event());
  }
  // Calls whose value can change with the day are cached with what they read
  // (and, when computed for an explanation, with the events they touched).
  if (!memoizable_[global_id] || args.size() > 4) return call_fn(global_id, args);
  const bool explaining = sink_ != nullptr;
  CallKey key{global_id, static_cast<std::uint32_t>(args.size()), {}};
  std::copy(args.begin(), args.end(), key.args.begin());
  const std::size_t hash = CallKeyHash{}(key);
  if (const CachedCall* cached = find_call(key, hash);
      cached != nullptr && valid(cached->validity, cached->as_of) &&
      (!explaining || (cached->has_touches && cached->as_of == as_of_))) {
    if (!reads_.empty()) reads_.back().merge(cached->reads);
    if (explaining) sink_->insert(sink_->end(), cached->touches.begin(), cached->touches.end());
    return cached->value;
  }
  const std::size_t mark = explaining ? sink_->size() : 0;
  begin_reads();
  const Value value = call_fn(global_id, args);
  const Reads reads = end_reads();
  Touches mine;
  if (explaining) mine.assign(sink_->begin() + static_cast<std::ptrdiff_t>(mark), sink_->end());
  if (!reads_.empty()) reads_.back().merge(reads);
  Reads validity = reads;
  validity.read(value.sources(), kWholeList);
  store_call(key, hash, CachedCall{value, reads, validity, as_of_, explaining, std::move(mine)});
  return value;
}

Evaluator::CachedCall* Evaluator::find_call(const CallKey& key, std::size_t hash) {
  if (call_slots_.empty()) return nullptr;
  const std::size_t mask = call_slots_.size() - 1;
  for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
    const std::uint32_t index = call_slots_[slot];
    if (index == 0) return nullptr;
    CallEntry& entry = call_entries_[index - 1];
    if (entry.hash == hash && entry.key == key) return &entry.call;
  }
}

void Evaluator::store_call(const CallKey& key, std::size_t hash, CachedCall call) {
  // Looked up again: the nested calls that computed it may have grown the table.
  if (CachedCall* existing = find_call(key, hash)) {
    *existing = std::move(call);
    return;
  }
  // The first free slot from the entry's hash on.
  const auto place = [this](std::size_t index) {
    const std::size_t mask = call_slots_.size() - 1;
    std::size_t slot = call_entries_[index].hash & mask;
    while (call_slots_[slot] != 0) slot = (slot + 1) & mask;
    call_slots_[slot] = static_cast<std::uint32_t>(index + 1);
  };
  call_entries_.push_back(CallEntry{key, hash, std::move(call)});
  // At most half full: grow, and place every entry again, before that.
  if (call_entries_.size() * 2 > call_slots_.size()) {
    call_slots_.assign(std::max<std::size_t>(256, call_slots_.size() * 2), 0);
    for (std::size_t i = 0; i + 1 < call_entries_.size(); ++i) place(i);
  }
  place(call_entries_.size() - 1);
}

Value Evaluator::call_fn(std::uint32_t global_id, std::span<const Value> args) {
  const dsl::Global& g = program_.globals[global_id];
  const auto& fn = std::get<dsl::Fn>(program_.files[g.file].ast.items[g.item].node);
  const std::size_t saved_base = frame_base_;
  const std::size_t saved_top = frame_top_;
  if (frame_top_ + g.frame_size > stack_.size()) throw EvalError("rule evaluation nested too deeply");
  frame_base_ = frame_top_;
  frame_top_ += g.frame_size;
  for (std::size_t i = 0; i < args.size(); ++i) stack_[frame_base_ + i] = args[i];
  const Value value = eval(g.file, fn.body);
  frame_base_ = saved_base;
  frame_top_ = saved_top;
  return value;
}

Value Evaluator::eval(std::uint32_t file, ExprId id) { return eval_node(file, id); }

Value Evaluator::constant(std::uint32_t file, ExprId id) {
  if (has_constant_[file][id]) return constants_[file][id];
  const dsl::Expr& e = program_.files[file].ast.expr(id);
  Value value;
  if (const auto* number = std::get_if<dsl::NumberLiteral>(&e.node)) {
    value = Value::number(number->value);
  } else if (const auto* quantity = std::get_if<dsl::QuantityLiteral>(&e.node)) {
    if (const auto days = dsl::duration_unit_days(quantity->unit)) {
      value = Value::duration(static_cast<std::int32_t>(std::lround(quantity->value * *days)));
    } else {
      const auto unit = dsl::find_unit(quantity->unit).value_or(0);
      value = Value::quantity(quantity->value * dsl::unit_info(unit).to_base, unit);
    }
  } else if (const auto* date = std::get_if<dsl::DateLiteral>(&e.node)) {
    value = Value::date(date->days);
  }
  constants_[file][id] = value;
  has_constant_[file][id] = true;
  return value;
}

Value Evaluator::eval_node(std::uint32_t file, ExprId id) {
  const dsl::CheckedFile& checked = program_.files[file];
  const dsl::Expr& e = checked.ast.expr(id);
  const Resolution& r = checked.resolutions[id];
  switch (e.node.index()) {
    case 0: {  // BoolLiteral
      const auto& node = std::get<dsl::BoolLiteral>(e.node);
      if (node.value == dsl::BoolLiteral::Value::unknown) return Value::unknown();
      return Value::boolean(node.value == dsl::BoolLiteral::Value::true_);
    }
    case 1:  // NumberLiteral
    case 2:  // QuantityLiteral
    case 3:  // DateLiteral
      return constant(file, id);
    case 4:
      return eval_string(file, std::get<dsl::StringLiteral>(e.node));
    case 5: {  // Name
      switch (r.kind) {
        case Resolution::Kind::local:
          return local(r.index);
        case Resolution::Kind::global:
          return global(r.index);
        case Resolution::Kind::builtin:
          return builtins()[r.index].constant(*this);
        default:
          throw EvalError("internal error: unresolved name");
      }
    }
    case 6:
      return eval_field(file, id, std::get<dsl::FieldAccess>(e.node));
    case 7:
      return eval_call(file, id, std::get<dsl::Call>(e.node));
    case 8:
      return eval_comprehension(file, id, std::get<dsl::Comprehension>(e.node));
    case 9: {  // Unary
      const auto& node = std::get<dsl::Unary>(e.node);
      const Value operand = eval(file, node.operand);
      if (node.op == dsl::UnaryOp::not_) return logical_not(operand);
      return negate(operand);
    }
    case 10:
      return eval_binary(file, std::get<dsl::Binary>(e.node));
    case 11: {  // IsKnown
      const auto& node = std::get<dsl::IsKnown>(e.node);
      const Value operand = eval(file, node.operand);
      read_list(operand);  // whether a select is known depends on all its elements
      const bool known = !operand.is_unknown();
      return Value::boolean(node.negated ? !known : known);
    }
    case 12: {  // Conditional
      const auto& node = std::get<dsl::Conditional>(e.node);
      const Value condition = eval(file, node.condition);
      if (condition.is_true()) return eval(file, node.then_branch);
      if (condition.is_false()) return eval(file, node.else_branch);
      // Unknown condition: the answer is known only if both branches agree, and
      // then it depends on both of them whole.
      const Value a = eval(file, node.then_branch);
      const Value b = eval(file, node.else_branch);
      read_list(a);
      read_list(b);
      if (!a.is_unknown() && !b.is_unknown() && equal(a, b).is_true()) return a;
      return Value::unknown(join(condition.missing(), join(a.is_unknown() ? a.missing() : nullptr,
                                                            b.is_unknown() ? b.missing() : nullptr)));
    }
    case 13: {  // ListLiteral
      const auto& node = std::get<dsl::ListLiteral>(e.node);
      Value* items = arena_->allocate_array<Value>(node.elements.size());
      for (std::size_t i = 0; i < node.elements.size(); ++i) {
        items[i] = eval(file, node.elements[i]);
        read_list(items[i]);
      }
      return Value::list({items, node.elements.size()});
    }
    case 14: {  // RecordLiteral
      const auto& node = std::get<dsl::RecordLiteral>(e.node);
      RecordEntry* entries = arena_->allocate_array<RecordEntry>(node.entries.size());
      for (std::size_t i = 0; i < node.entries.size(); ++i) {
        const auto symbol = static_cast<SymbolId>(program_.symbol_ids.at(node.entries[i].name));
        entries[i] = RecordEntry{symbol, eval(file, node.entries[i].value)};
        read_list(entries[i].value);
      }
      return Value::record({entries, node.entries.size()});
    }
    case 15: {  // LetIn
      const auto& node = std::get<dsl::LetIn>(e.node);
      local(r.slot) = eval(file, node.value);
      return eval(file, node.body);
    }
    case 16:
      return eval(file, std::get<dsl::Parenthesized>(e.node).inner);
    default:
      throw EvalError("internal error: unknown expression");
  }
}

Value Evaluator::eval_field(std::uint32_t file, ExprId id, const dsl::FieldAccess& node) {
  const Resolution& r = program_.files[file].resolutions[id];
  switch (r.kind) {
    case Resolution::Kind::global:
      return global(r.index);
    case Resolution::Kind::event_date: {
      const Value object = eval(file, node.object);
      if (object.is_unknown()) return object;
      touch(object.as_event(), no_symbol);
      return Value::date(object.as_event()->date);
    }
    case Resolution::Kind::event_type: {
      const Value object = eval(file, node.object);
      if (object.is_unknown()) return object;
      return Value::string(object.as_event()->type);
    }
    case Resolution::Kind::event_field:
    case Resolution::Kind::record_field:
      return field_of(eval(file, node.object), static_cast<SymbolId>(r.index));
    default:
      throw EvalError("internal error: unresolved field");
  }
}

Value Evaluator::eval_binary(std::uint32_t file, const dsl::Binary& node) {
  using dsl::BinaryOp;
  switch (node.op) {
    case BinaryOp::and_:
    case BinaryOp::or_: {
      // Kleene with commutative short-circuit: the deciding operand wins whichever
      // side it is on; explanations keep only the deciding side's events.
      // Both sides record into the sink in turn; when the right side decides,
      // the left side's records are dropped.
      const bool is_and = node.op == BinaryOp::and_;
      const std::size_t left_mark = sink_ != nullptr ? sink_->size() : 0;
      const Value left = eval(file, node.left);
      const bool decides = is_and ? left.is_false() : left.is_true();
      if (decides) return left;
      const std::size_t right_mark = sink_ != nullptr ? sink_->size() : 0;
      const Value right = eval(file, node.right);
      const bool right_decides = is_and ? right.is_false() : right.is_true();
      if (right_decides) {
        if (sink_ != nullptr) {
          sink_->erase(sink_->begin() + static_cast<std::ptrdiff_t>(left_mark),
                       sink_->begin() + static_cast<std::ptrdiff_t>(right_mark));
        }
        return right;
      }
      if (left.is_unknown() || right.is_unknown()) {
        return Value::unknown(join(left.is_unknown() ? left.missing() : nullptr,
                                   right.is_unknown() ? right.missing() : nullptr));
      }
      return right;  // both true (and) / both false (or)
    }
    case BinaryOp::coalesce: {
      const Value left = eval(file, node.left);
      if (!left.is_unknown()) return left;
      return eval(file, node.right);
    }
    default:
      break;
  }
  const Value left = eval(file, node.left);
  const Value right = eval(file, node.right);
  if (left.is_unknown() || right.is_unknown()) {
    return Value::unknown(join(left.is_unknown() ? left.missing() : nullptr, right.is_unknown() ? right.missing() : nullptr));
  }
  switch (node.op) {
    case BinaryOp::eq:
      read_list(left);
      read_list(right);
      return equal(left, right);
    case BinaryOp::ne:
      read_list(left);
      read_list(right);
      return logical_not(equal(left, right));
    case BinaryOp::lt:
    case BinaryOp::le:
    case BinaryOp::gt:
    case BinaryOp::ge:
      return compare(node.op, left, right);
    default:
      return arithmetic(*this, node.op, left, right);
  }
}

Value Evaluator::eval_call(std::uint32_t file, ExprId id, const dsl::Call& node) {
  const Resolution& r = program_.files[file].resolutions[id];
  // Arguments live in a small local buffer (calls have few), else in the arena.
  Value local_args[8];
  const std::size_t count = node.args.size();
  Value* const args = count <= 8 ? local_args : arena_->allocate_array<Value>(count);
  if (r.kind == Resolution::Kind::global) {
    for (std::size_t i = 0; i < count; ++i) args[i] = eval(file, node.args[i].value);
    return call_user(r.index, {args, count});
  }
  const Builtin& builtin = builtins()[r.index];
  for (std::size_t i = 0; i < count; ++i) {
    args[i] = eval(file, node.args[i].value);
    if (i == 0 && builtin.first_if_known && !args[0].is_unknown()) return args[0];
  }
  if (!reads_.empty()) {
    for (std::size_t i = 0; i < count; ++i) {
      Date up_to = kWholeList;
      // A list that can turn unknown as it grows is read whole (stable_select.cpp).
      if (i == 0 && builtin.reads_past_of_second && count > 1 && !args[0].may_turn_unknown()) {
        if (args[1].kind() == ValueKind::date) up_to = args[1].as_days();
        if (args[1].kind() == ValueKind::event) up_to = args[1].as_event()->date;
      }
      read_list(args[i], up_to);
    }
  }
  return builtin.call(*this, {args, count});
}

Value Evaluator::eval_comprehension(std::uint32_t file, ExprId id, const dsl::Comprehension& node) {
  const Resolution& r = program_.files[file].resolutions[id];
  const Value source = eval(file, node.source);
  if (source.is_unknown()) return source;
  if (source.kind() != ValueKind::list) {
    throw EvalError(fmt::format("expected a list after 'in', found {}", text_of(source)));
  }
  const Builtin& builtin = builtins()[r.index];
  if (!builtin.keeps_sources) {
    BinderCall call(*this, file, node, r.slot, source.as_list());
    read_list(source);
    return builtin.binder(call);
  }
  Value result;
  if (const auto value = builtin.keeps_element != nullptr ? prefix_select(file, id, node, r.slot, builtin, source)
                                                          : std::nullopt) {
    result = *value;
  } else {
    BinderCall call(*this, file, node, r.slot, source.as_list());
    result = builtin.binder(call);
  }
  if (result.kind() != ValueKind::list) {
    // An unknown result carries no event types for its readers to record: it
    // depends on every element of the source, recorded here.
    read_list(source);
    return result;
  }
  return Value::list(result.as_list(), source.sources(), may_turn_unknown(file, id, source));
}

Value Evaluator::eval_string(std::uint32_t file, const dsl::StringLiteral& node) {
  if (node.parts.size() == 1 && node.parts.front().expr == kNoExpr) return Value::string(node.parts.front().text);
  if (node.parts.empty()) return Value::string({});
  std::string text;
  for (const auto& part : node.parts) {
    if (part.expr == kNoExpr) {
      text += part.text;
    } else {
      const Value value = eval(file, part.expr);
      read_list(value);
      text += text_of(value);
    }
  }
  return Value::string(arena_->copy(text));
}

std::string_view Evaluator::text_of(const Value& value) {
  std::string text;
  switch (value.kind()) {
    case ValueKind::unknown:
      return "unknown";
    case ValueKind::boolean:
      return value.as_bool() ? "true" : "false";
    case ValueKind::number:
      text = fmt::format("{}", value.as_number());
      break;
    case ValueKind::quantity: {
      const dsl::UnitInfo& unit = dsl::unit_info(value.unit());
      text = fmt::format("{} {}", value.as_number() / unit.to_base, unit.name);
      break;
    }
    case ValueKind::duration:
      text = fmt::format("{} days", value.as_days());
      break;
    case ValueKind::date:
      text = format_date(value.as_days());
      break;
    case ValueKind::string:
      return value.as_string();
    case ValueKind::event:
      text = fmt::format("{} {}", value.as_event()->type, format_date(value.as_event()->date));
      break;
    case ValueKind::list:
      text = fmt::format("a list of {}", value.as_list().size());
      break;
    case ValueKind::record:
    case ValueKind::object:
      return "a record";
  }
  return arena_->copy(text);
}

// --- BinderCall -----------------------------------------------------------------

Value BinderCall::evaluate_with(std::size_t i, ExprId expr) {
  evaluator_.local(slot_) = items_[i];
  return evaluator_.eval(file_, expr);
}

Value BinderCall::filter(std::size_t i) {
  if (node_.filter == kNoExpr) return Value::boolean(true);
  return evaluate_with(i, node_.filter);
}

Value BinderCall::body(std::size_t i) {
  if (node_.body == kNoExpr) return items_[i];
  const Value value = evaluate_with(i, node_.body);
  // A list of events kept in a result (map's lists of lists) loses its event
  // types there: it is recorded as read when it is made.
  evaluator_.read_list(value);
  return value;
}

void BinderCall::begin_element() {
  outer_ = evaluator_.sink_;
  if (outer_ == nullptr) return;
  element_.clear();
  keep_ = false;
  evaluator_.sink_ = &element_;
}

void BinderCall::keep_element() { keep_ = true; }

void BinderCall::end_element() {
  if (outer_ == nullptr) return;
  evaluator_.sink_ = outer_;
  Touches& into = keep_ ? *outer_ : pending_;
  into.insert(into.end(), element_.begin(), element_.end());
}

void BinderCall::finish(bool keep_all) {
  if (outer_ != nullptr && keep_all) outer_->insert(outer_->end(), pending_.begin(), pending_.end());
  pending_.clear();
}

}  // namespace tacit::interpreter
