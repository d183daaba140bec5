// CCI 2022 TACE refractoriness under profile P0 (domain brief §4.2, §9),
// written by hand: the native baseline that `tacit eval
// rules/cci-2022-refractory.tacit` is measured and cross-checked against.
// The numbers below are the P0 defaults; in tacit they live in the rule file,
// here they are constants because this program exists only to be compared.
//
// Reading of the definition (each choice is where the brief leaves room):
// * A session is a completed `tace` (an aborted attempt is not one). Runs of
//   consecutive sessions are broken by any `treatment` event between two
//   sessions and by a session with `suboptimal: true`, which itself belongs
//   to no run (it is not a standardised session).
// * B0 of a run: the last multiphasic CT/MRI on or before the run's first
//   session (same-day imaging sorts before the TACE), whether or not it is
//   measurable.
// * The evaluation of session k: multiphasic CT/MRI 28..92 days after it
//   (inclusive) and before the next completed TACE (suboptimal ones
//   included). With several, the latest decides; because `first_met` is
//   "the earliest date met using only events up to that date", each such
//   study is the latest one on its own date, so any of them showing PD makes
//   the definition met on that date (and a later good study does not undo it,
//   brief A18).
// * PD: SVD(eval) >= 1.20 x SVD(B0), compared with a relative tolerance of
//   1e-9 so that decimal inputs at exactly the threshold (60 vs 1.2 x 50, S04)
//   count as equal despite binary rounding.
// * met if any session k >= 3 of a run has PD; otherwise indeterminate if any
//   such session's deciding evaluation is missing or unassessable or its B0
//   is missing or unassessable; otherwise not_met ("not enough sessions yet"
//   is not_met).
#pragma once

#include <cstdint>

#include "cci_timeline.hpp"

namespace bench::cci {

enum class Verdict : uint8_t { met, not_met, indeterminate };

struct Result {
  Verdict verdict = Verdict::not_met;
  int32_t first_met = 0;  // days since 1970-01-01; meaningful when met
};

// `timeline.events` must be sorted (load_timeline does it).
Result evaluate(const Timeline& timeline);

}  // namespace bench::cci
