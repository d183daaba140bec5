// Incremental evaluation across as-of days: what a cached value depended on.
//
// To find the first day a definition is met, the verdict is evaluated day after
// day. Most of the work repeats: a session's evaluation does not change when a lab
// result arrives. So every let, clause and every call of a function that reads the
// timeline is cached with the event lists it read (which types, and how many of
// each were visible) and whether it read `as_of`. On a later day the cached value is
// reused if none of those lists has grown: the rule language is pure, so the same
// inputs give the same value. This is the "verifying trace" of build systems; a
// test checks that it changes no verdict (tests/first_met_test.cpp).
#pragma once

#include <array>
#include <bit>
#include <cstdint>

#include "interpreter/date.hpp"

namespace tacit::interpreter {

// Event types a patient may have for incremental evaluation to apply; a patient
// with more types is evaluated day by day from scratch (correct, slower).
inline constexpr std::size_t kMaxTrackedTypes = 16;

// Bits 0..15: event types read (by index in the patient's type table); bit 62:
// all events read; bit 63: the as-of day read.
using DependencyMask = std::uint64_t;
inline constexpr DependencyMask kReadsAllEvents = DependencyMask{1} << 62;
inline constexpr DependencyMask kReadsAsOf = DependencyMask{1} << 63;

// The visible event counts of every type on one day, and that day.
struct Visibility {
  std::array<std::uint16_t, kMaxTrackedTypes> counts{};
  std::uint32_t types = 0;  // number of types in use
  std::uint32_t all = 0;    // events visible in total
  Date as_of = 0;
};

// Whether a value computed when `then` held, reading `mask`, is still valid `now`.
inline bool still_valid(DependencyMask mask, const Visibility& then, const Visibility& now) {
  if ((mask & kReadsAsOf) != 0 && then.as_of != now.as_of) return false;
  if ((mask & kReadsAllEvents) != 0 && then.all != now.all) return false;
  DependencyMask types = mask & ~(kReadsAsOf | kReadsAllEvents);
  while (types != 0) {
    const int t = std::countr_zero(types);
    if (then.counts[static_cast<std::size_t>(t)] != now.counts[static_cast<std::size_t>(t)]) return false;
    types &= types - 1;
  }
  return true;
}

}  // namespace tacit::interpreter
