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

struct Reads {
  std::array<Date, kMaxTrackedTypes> horizon;  // per event type: kNotRead, a day, or kWholeList
  bool as_of = false;                          // read the as-of day itself

  Reads() { horizon.fill(kNotRead); }

  void read(SourceMask types, Date up_to) {
    for (std::size_t t = 0; types != 0; ++t, types >>= 1) {
      if ((types & 1U) != 0) horizon[t] = std::max(horizon[t], up_to);
    }
  }
  void merge(const Reads& other) {
    for (std::size_t t = 0; t < kMaxTrackedTypes; ++t) horizon[t] = std::max(horizon[t], other.horizon[t]);
    as_of = as_of || other.as_of;
  }
};

// Whether a value computed as of `then`, having read `reads`, is still valid as of
// `now`. `count(type, day)` is the number of events of the type dated on or before
// the day.
template <typename Count>
bool still_valid(const Reads& reads, Date then, Date now, const Count& count) {
  if (then == now) return true;
  if (reads.as_of) return false;
  const Date earlier = std::min(then, now);
  for (std::size_t t = 0; t < kMaxTrackedTypes; ++t) {
    const Date h = reads.horizon[t];
    if (h == kNotRead || h <= earlier) continue;  // events appear only after `earlier`
    if (count(t, std::min(h, then)) != count(t, std::min(h, now))) return false;
  }
  return true;
}

}  // namespace tacit::interpreter
