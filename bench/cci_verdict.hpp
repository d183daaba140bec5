// CCI 2022 TACE refractoriness under profile P0 (domain brief §4.2, §9),
// written by hand: the native baseline that `tacit eval
// rules/cci-2022-refractory.tacit` is measured and cross-checked against.
// The numbers below are the P0 defaults; in tacit they live in the rule file,
// here they are constants because this program exists only to be compared.
//
// Reading of the definition: where the brief leaves room, this follows the
// project's decisions (docs/rules.md, D-numbers) so that a disagreement with
// the interpreter points at a bug, not at a second reading.
// * A session is a `tace` whose `completed` is not false (an aborted attempt
//   is not one and is ignored everywhere). `suboptimal` absent means not
//   suboptimal (D5).
// * Runs of consecutive sessions: a session with `suboptimal: true` breaks
//   the run and belongs to no run; a `treatment` dated strictly between two
//   sessions breaks it too, while one on a session's own date is a combined
//   procedure (D30).
// * A run's baseline: the last multiphasic CT/MRI on or before its first
//   session (same-day imaging sorts before the TACE, D7). When a treatment
//   separates the run from the previous session, the baseline must be dated
//   after that treatment, else it is missing (D31). The first run's
//   baseline is B0.
// * SVD: the sum of viable_mm over lesions with `target: true` (unknown if
//   one lacks it); without target lesions, target_viable_sum_mm; unknown
//   when measurable_target is false.
// * The evaluation of session k: multiphasic CT/MRI 28..92 days after it
//   (inclusive) and before the next session. With several, the latest
//   decides; because `first_met` is "the earliest date met using only events
//   up to that date", each such study is the latest one as of its own date,
//   so any of them showing PD makes the definition met on that date, and a
//   later good study does not undo it (brief A18).
// * PD: SVD(eval) >= 1.20 x SVD(baseline), with a relative tolerance of 1e-9
//   so that decimal inputs exactly at the threshold (60 vs 1.2 x 50, S04;
//   35.9 + 24.1 vs 1.2 x 50.0) count as equal despite binary rounding (D12).
// * met if any session at position >= 3 of its run has PD; otherwise
//   indeterminate if any such session's deciding evaluation or its baseline
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
