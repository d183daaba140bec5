// One definition, one patient: the verdict, the first date it was met, and why.
//
// The verdict as of day D is the definition's verdict expression evaluated with
// the events up to and including D. A definition is *met* as of the as-of date if
// it was met as of some day on or before it (a later good response does not undo
// refractoriness, brief A18); first_met is the earliest such day. Otherwise the
// verdict is the expression's value as of the as-of date: not met, or
// indeterminate when the data cannot decide.
//
// The expression can only change on a day when an event it reads appears, so only
// those days are tried (the event types a definition reads are known when it is
// checked); the result is the same as evaluating every day, which a test checks.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "dsl/program.hpp"
#include "interpreter/evaluator.hpp"

namespace tacit::interpreter {

struct ClauseReason {
  std::string clause;
  std::string description;
  Truth value = Truth::unknown;
  std::vector<const Event*> events;  // timeline order, each once
  std::string detail;                // the fields read, with their values
};

struct DefinitionOutcome {
  std::uint32_t file = 0;
  Truth verdict = Truth::unknown;
  std::optional<Date> first_met;
  std::optional<Date> as_of;  // null: a patient without events
  std::vector<ClauseReason> reasons;
  std::vector<std::string> missing;
};

struct VerdictOptions {
  std::optional<Date> as_of;  // default: the date of the patient's last event
  bool explain = true;        // compute reasons and missing data
  bool every_day = false;     // try every day, not only event days (tests)
};

// Evaluates definition `file` of the program for the patient the evaluator is at.
[[nodiscard]] DefinitionOutcome evaluate_definition(Evaluator& evaluator, std::uint32_t file,
                                                    const VerdictOptions& options);
// The same for several definitions at once (one outcome per file, in order), which
// shares the work of what they have in common.
[[nodiscard]] std::vector<DefinitionOutcome> evaluate_definitions(Evaluator& evaluator,
                                                                  std::span<const std::uint32_t> files,
                                                                  const VerdictOptions& options);

// The clauses of a definition with their values and the events they read, as of
// one day: the trace behind `tacit explain`.
[[nodiscard]] std::vector<ClauseReason> trace_clauses(Evaluator& evaluator, std::uint32_t file, Date as_of);

// The reasons of an unknown value, as sentences, each once.
[[nodiscard]] std::vector<std::string> describe_missing(const Evaluator& evaluator, const Missing* why);

}  // namespace tacit::interpreter
