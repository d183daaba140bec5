// Values of pure one-parameter functions called with an event, kept per event.
//
// svd(i), is_session(t), lab_quantity(l) and the like read nothing but their
// event, yet the first-met search calls them again for the same events on every
// day that recomputes a caller. Their value (and, once an explanation needed
// them, the events and fields they touched) is kept per patient in a flat array
// per function indexed by the event's position in the patient's timeline: no
// hashing, and nothing to invalidate, since it cannot change with the day.
#include <functional>

#include "interpreter/evaluator.hpp"

namespace tacit::interpreter {

Value Evaluator::call_of_event(std::uint32_t global_id, const Event* event) {
  const Event* const first = patient_->events.data();
  if (std::less<>{}(event, first) || !std::less<>{}(event, first + patient_->events.size())) {
    // Not one of the patient's events (cannot happen today): evaluate plainly.
    const Value argument = Value::event(event);
    return call_fn(global_id, std::span<const Value>(&argument, 1));
  }
  const auto index = static_cast<std::size_t>(event - first);
  const auto slot = static_cast<std::size_t>(event_memo_slot_[global_id]);
  if (event_memo_[slot].size() < patient_->events.size()) event_memo_[slot].resize(patient_->events.size());
  const bool explaining = sink_ != nullptr;
  if (const EventMemo& kept = event_memo_[slot][index];
      kept.patient == patient_generation_ && (!explaining || kept.touches.known)) {
    if (explaining) append_kept_touches(kept.touches);
    return kept.value;
  }
  const Value argument = Value::event(event);
  const std::size_t mark = explaining ? sink_->size() : 0;
  begin_reads();
  const Value value = call_fn(global_id, std::span<const Value>(&argument, 1));
  const Reads reads = end_reads();
  if (!reads_.empty()) reads_.back().merge(reads);
  // A pure function reads no event list of the timeline; should one read a list
  // with sources through its event, it is evaluated each time rather than cached.
  if (reads.types != 0 || reads.as_of) return value;
  // Its events are the same whatever the day: kept for later explanations.
  const KeptTouches touches =
      explaining ? keep_touches(std::span<const Touch>(*sink_).subspan(mark)) : KeptTouches{};
  event_memo_[slot][index] = EventMemo{value, patient_generation_, touches};
  return value;
}

}  // namespace tacit::interpreter
