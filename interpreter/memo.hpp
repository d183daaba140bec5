// Incremental evaluation across as-of days: what a cached value depended on.
//
// To find the first day a definition is met, the verdict is evaluated day after
// day, and most of the work repeats. So every let, clause and call of a function
// that reads the timeline is cached with what it read: for each event type, how
// far into the past it looked (its horizon), and whether it read `as_of`. On a later
// day the cached value is reused when no event of a type it read has appeared
// within its horizon. The rule language is pure, so the same inputs give the same
// value: this is the "verifying trace" of build systems.
//
// Horizons make facts about the past stay cached: the Child-Pugh score on a past
// assessment date reads labs only up to that date (carry_forward), so a later lab
// does not invalidate it. Event lists carry the types they come from (`sources`);
// reading a list records its types with the horizon of the read: carry_forward,
// before and previous read up to a date, everything else reads the whole list.
// tests/first_met_test.cpp checks that this changes no verdict.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <limits>

#include "interpreter/date.hpp"

namespace tacit::interpreter {

// Event types a patient may have for incremental evaluation to apply; a patient
// with more types is evaluated day by day from scratch (correct, slower). Lists
// carry their types as a 16-bit mask.
inline constexpr std::size_t kMaxTrackedTypes = 16;
using SourceMask = std::uint16_t;

inline constexpr Date kNotRead = std::numeric_limits<Date>::min();
inline constexpr Date kWholeList = std::numeric_limits<Date>::max();

// Calls f(t) for each event type index t in the mask, in increasing order.
template <typename F>
void for_each_type(SourceMask types, const F& f) {
  for (std::size_t t = 0; types != 0; ++t, types = static_cast<SourceMask>(types >> 1U)) {
    if ((types & 1U) != 0) f(t);
  }
}

struct Reads {
  std::array<Date, kMaxTrackedTypes> horizon;  // per event type: kNotRead, a day, or kWholeList
  SourceMask types = 0;                        // the types whose horizon is not kNotRead
  bool as_of = false;                          // read the as-of day itself

  Reads() { horizon.fill(kNotRead); }

  void read(SourceMask read_types, Date up_to) {
    types = static_cast<SourceMask>(types | read_types);
    for_each_type(read_types, [&](std::size_t t) { horizon[t] = std::max(horizon[t], up_to); });
  }
  void merge(const Reads& other) {
    for_each_type(other.types, [&](std::size_t t) { horizon[t] = std::max(horizon[t], other.horizon[t]); });
    types = static_cast<SourceMask>(types | other.types);
    as_of = as_of || other.as_of;
  }
};

// Whether a value computed as of `then`, having read `reads`, is still valid as of
// `now`: no event of a type it read is dated after the earlier of the two days and
// on or before the later one, within the read's horizon. `next(type, day)` is the
// date of the first event of the type dated after the day (kWholeList if none).
template <typename Next>
bool still_valid(const Reads& reads, Date then, Date now, const Next& next) {
  if (then == now) return true;
  if (reads.as_of) return false;
  const Date earlier = std::min(then, now);
  const Date later = std::max(then, now);
  SourceMask types = reads.types;
  for (std::size_t t = 0; types != 0; ++t, types >>= 1) {
    if ((types & 1U) == 0) continue;
    const Date h = reads.horizon[t];
    if (h <= earlier) continue;  // events appear only after `earlier`
    if (next(t, earlier) <= std::min(h, later)) return false;
  }
  return true;
}

}  // namespace tacit::interpreter
