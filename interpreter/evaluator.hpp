// Stage 3: evaluating checked rule expressions against one patient.
//
// An Evaluator belongs to one worker thread. begin_patient() points it at a
// patient (whose data lives in the worker's Arena); set_as_of() fixes the day the
// timeline is cut at, so only events on or before it are visible. Globals (lets,
// clauses) are computed once per (patient, as-of day) and cached.
//
// Logic is Kleene's: unknown is a value, `false and unknown` is false, and an
// unknown carries the reasons (Missing) that made it unknown. A data error that no
// rule can give meaning to (a string compared with a number) throws EvalError; the
// caller reports the patient as rejected.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "interpreter/arena.hpp"
#include "interpreter/memo.hpp"
#include "interpreter/timeline.hpp"
#include "interpreter/value.hpp"

namespace tacit::interpreter {

struct EvalError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Events and fields read while a clause was evaluated, for explanations.
struct Touch {
  const Event* event;
  SymbolId field;  // no_symbol: the event's date or type
};
using Touches = std::vector<Touch>;

class Evaluator;
struct Builtin;

// What a comprehension builtin (any, count, first, ...) sees: the source list and
// the filter and body of `op(x in LIST where FILTER: BODY)` as callbacks.
class BinderCall {
 public:
  BinderCall(Evaluator& evaluator, std::uint32_t file, const dsl::Comprehension& node, std::uint32_t slot,
             std::span<const Value> items)
      : evaluator_(evaluator), file_(file), node_(node), slot_(slot), items_(items) {}

  [[nodiscard]] std::span<const Value> items() const { return items_; }
  [[nodiscard]] bool has_filter() const { return node_.filter != dsl::kNoExpr; }
  [[nodiscard]] bool has_body() const { return node_.body != dsl::kNoExpr; }
  // The filter for element i (true when there is none).
  Value filter(std::size_t i);
  // The body for element i (the element itself when there is none).
  Value body(std::size_t i);
  Evaluator& evaluator() { return evaluator_; }

  // Explanations: events read for element i are kept only if keep() is called
  // for it (the witness of `any`, the element `first` picked).
  void begin_element();
  void keep_element();
  void end_element();
  // At the end: whether the elements not kept also explain the result (a false
  // `any` was decided by every element).
  void finish(bool keep_all);

 private:
  Value evaluate_with(std::size_t i, dsl::ExprId expr);

  Evaluator& evaluator_;
  std::uint32_t file_;
  const dsl::Comprehension& node_;
  std::uint32_t slot_;
  std::span<const Value> items_;
  Touches* outer_ = nullptr;
  Touches element_;
  Touches pending_;  // touches of elements not kept, until finish()
  bool keep_ = false;
};

class Evaluator {
 public:
  // `params` holds the value of every parameter, indexed by global id.
  Evaluator(const dsl::Program& program, std::span<const Value> params);

  void begin_patient(const Patient& patient, Arena& arena);
  // Off: nothing computed as of one day is reused on another (the reference the
  // incremental evaluation is tested against).
  void set_incremental(bool on) { allow_incremental_ = on; }
  void set_as_of(Date as_of);

  // The value of a let, clause or parameter (cached per patient and as-of day).
  Value global(std::uint32_t id);
  // A top-level expression of a file (the verdict, a check).
  Value evaluate_root(std::uint32_t file, dsl::ExprId expr, std::uint32_t frame_size);

  // No frame, read record or touch sink in use: true after every completed
  // evaluation, and from begin_patient() on after an interrupted one.
  [[nodiscard]] bool at_rest() const { return frame_top_ == 0 && reads_.empty() && sink_ == nullptr; }

  // Explanations: while a sink is set, every event field read is recorded in it.
  void set_touch_sink(Touches* sink) { sink_ = sink; }
  [[nodiscard]] Touches* touch_sink() const { return sink_; }

  // --- for builtins ---
  [[nodiscard]] Arena& arena() { return *arena_; }
  // The as-of day; reading it makes the computation in progress depend on it.
  [[nodiscard]] Date as_of() {
    if (!reads_.empty()) reads_.back().as_of = true;
    return as_of_;
  }
  [[nodiscard]] const Patient& patient() const { return *patient_; }
  [[nodiscard]] const dsl::Program& program() const { return program_; }
  // The patient's events of a type (all types when empty), visible as of now, as
  // a list that knows its event types.
  Value events(std::string_view type);
  // Records that the computation in progress read a list's events dated up to
  // `up_to` (kWholeList: all of them). Builtins that read only the past of a date
  // say so; everything else reads the whole list.
  void read_list(const Value& list, Date up_to = kWholeList) {
    if (!reads_.empty() && list.kind() == ValueKind::list && list.sources() != 0) reads_.back().read(list.sources(), up_to);
  }
  const Missing* because(std::string_view message);
  const Missing* join(const Missing* a, const Missing* b);
  Value unknown_because(std::string_view message) { return Value::unknown(because(message)); }
  Value field_of(const Value& object, SymbolId symbol);
  Value datum_value(const Datum* datum, const Event* event, SymbolId field);
  std::string_view text_of(const Value& value);  // interpolation and messages
  [[nodiscard]] std::string_view symbol_name(SymbolId symbol) const { return program_.symbols[static_cast<std::size_t>(symbol)]; }

  Value eval(std::uint32_t file, dsl::ExprId id);

 private:
  friend class BinderCall;

  Value eval_node(std::uint32_t file, dsl::ExprId id);
  Value eval_binary(std::uint32_t file, const dsl::Binary& node);
  Value eval_call(std::uint32_t file, dsl::ExprId id, const dsl::Call& node);
  Value eval_comprehension(std::uint32_t file, dsl::ExprId id, const dsl::Comprehension& node);
  Value eval_string(std::uint32_t file, const dsl::StringLiteral& node);
  Value eval_field(std::uint32_t file, dsl::ExprId id, const dsl::FieldAccess& node);
  Value call_user(std::uint32_t global, std::span<const Value> args);
  // select over a list that grows with the days (prefix_select.cpp): the value,
  // or nothing when the plain evaluation must be used.
  std::optional<Value> prefix_select(std::uint32_t file, dsl::ExprId id, const dsl::Comprehension& node,
                                     std::uint32_t slot, const Builtin& builtin, const Value& source);
  void plan_prefix_selects();
  // Whether a select's result can turn unknown as its source grows (stable_select.cpp).
  bool may_turn_unknown(std::uint32_t file, dsl::ExprId id, const Value& source);
  void plan_stable_selects();
  Value call_fn(std::uint32_t global, std::span<const Value> args);
  Value constant(std::uint32_t file, dsl::ExprId id);

  Value& local(std::uint32_t slot) { return stack_[frame_base_ + slot]; }
  void touch(const Event* event, SymbolId field) {
    if (sink_ != nullptr) sink_->push_back(Touch{event, field});
  }

  const dsl::Program& program_;
  std::span<const Value> params_;
  const Patient* patient_ = nullptr;
  Arena* arena_ = nullptr;
  Date as_of_ = 0;

  // Events in timeline order, all and by type, as event Values.
  std::vector<Value> all_events_;
  struct TypedEvents {
    std::string_view type;
    std::size_t begin;
    std::size_t count;
  };
  std::vector<TypedEvents> by_type_;
  std::vector<Value> typed_storage_;

  std::vector<Value> stack_;
  std::size_t frame_base_ = 0;
  std::size_t frame_top_ = 0;

  // Cached globals, valid while what they read is unchanged (memo.hpp).
  struct CachedGlobal {
    Value value;
    std::uint32_t patient = 0;  // patient generation it was computed for
    Reads reads;                // what a reader of the value depends on
    Reads validity;             // reads, plus the value's own event lists in full
    Date as_of = 0;
  };
  std::vector<CachedGlobal> cache_;
  std::vector<Touches> cache_touches_;
  std::uint32_t patient_generation_ = 0;

  // Cached calls of timeline-reading functions, per patient.
  struct CallKey {
    std::uint32_t fn;
    std::uint32_t count;
    std::array<Value, 4> args;
    bool operator==(const CallKey& other) const;
  };
  struct CallKeyHash {
    std::size_t operator()(const CallKey& key) const;
  };
  struct CachedCall {
    Value value;
    Reads reads;
    Reads validity;
    Date as_of = 0;
    bool has_touches = false;  // computed while explaining: `touches` are its reads
    Touches touches;
  };
  // Open addressing with linear probing over call_entries_, which only grows
  // during a patient; both are emptied by begin_patient().
  struct CallEntry {
    CallKey key;
    std::size_t hash;
    CachedCall call;
  };
  std::vector<CallEntry> call_entries_;
  std::vector<std::uint32_t> call_slots_;  // 0: empty; else an index in call_entries_ plus one
  CachedCall* find_call(const CallKey& key, std::size_t hash);
  void store_call(const CallKey& key, std::size_t hash, CachedCall call);
  std::vector<bool> memoizable_;  // per global id: a fn whose result can depend on the day

  // Values of pure one-parameter functions called with an event, per event index.
  // Events touched by values that do not depend on the day (pure calls of an
  // event, the elements a select keeps), for explanations; this patient's.
  Touches kept_touches_;
  // A range of kept_touches_, `known` once recorded.
  struct KeptTouches {
    std::uint32_t begin = 0;
    std::uint32_t count = 0;
    bool known = false;
  };
  KeptTouches keep_touches(std::span<const Touch> touches) {
    const KeptTouches kept{static_cast<std::uint32_t>(kept_touches_.size()), static_cast<std::uint32_t>(touches.size()),
                           true};
    kept_touches_.insert(kept_touches_.end(), touches.begin(), touches.end());
    return kept;
  }
  void append_kept_touches(const KeptTouches& kept) {
    sink_->insert(sink_->end(), kept_touches_.begin() + kept.begin, kept_touches_.begin() + kept.begin + kept.count);
  }
  struct EventMemo {
    Value value;
    std::uint32_t patient = 0;  // patient generation; 0: not computed
    KeptTouches touches;        // known when computed for an explanation
  };
  // select over growing lists (prefix_select.cpp). A plan per comprehension
  // whose condition reads only its element and the captured local slots.
  struct PrefixPlan {
    std::uint32_t capture_count = 0;
    std::array<std::uint32_t, 4> captures{};
  };
  struct PrefixSelect {
    std::uint32_t file = 0;
    dsl::ExprId node = 0;
    const Value* source = nullptr;  // the first element of the growing list
    std::array<Value, 4> captures{};
    std::uint32_t evaluated = 0;  // elements decided
    bool stopped = false;         // an unknown element ended the work ...
    std::uint32_t stop_index = 0;  // ... at this index
    Value stop_value;
    bool disabled = false;
    Value* kept = nullptr;  // the elements kept, and their indices in the source
    std::uint32_t* origin = nullptr;
    std::uint32_t kept_count = 0;
    // Per element kept: the events its condition touched, once an explanation
    // needed them.
    KeptTouches* touches = nullptr;
  };
  struct GrowingList {
    const Value* data;
    std::uint32_t capacity;  // the length it can grow to
  };
  struct StabilityPlan {
    bool always_unstable = false;  // its condition can be unknown
    std::uint32_t slot_count = 0;  // else: unknown only if one of these captured slots is
    std::array<std::uint32_t, 4> slots{};
  };
  std::vector<std::vector<std::int32_t>> stability_index_;  // per file and expression: plan or -1
  std::vector<StabilityPlan> stability_plans_;
  std::vector<std::vector<std::int32_t>> prefix_plan_index_;  // per file and expression: plan or -1
  std::vector<PrefixPlan> prefix_plans_;
  std::vector<PrefixSelect> prefix_selects_;  // this patient's
  std::vector<GrowingList> growing_lists_;    // this patient's

  // Patients with more events evaluate pure calls of one event without keeping
  // their values (bounds the memo's memory: about 32 bytes per event and function).
  static constexpr std::size_t kMaxEventMemoEvents = 4096;
  std::vector<std::int32_t> event_memo_slot_;  // per global id: index in event_memo_, or -1
  std::vector<std::vector<EventMemo>> event_memo_;
  Value call_of_event(std::uint32_t global_id, const Event* event);

  // What the computations in progress have read (innermost last).
  std::vector<Reads> reads_;
  bool incremental_ = true;  // false for patients with too many event types
  bool allow_incremental_ = true;
  // The date of the first event of a type index dated after a day (kWholeList: none).
  [[nodiscard]] Date next_event_after(std::size_t type, Date day) const;
  [[nodiscard]] bool valid(const Reads& validity, Date then) const;
  // Starts and ends a cached computation; end_reads() returns what it read.
  void begin_reads();
  Reads end_reads();


  // Literals converted once (quantities to base units, strings).
  std::vector<std::vector<Value>> constants_;
  std::vector<std::vector<bool>> has_constant_;

  Touches* sink_ = nullptr;
};

}  // namespace tacit::interpreter
