#include "interpreter/verdict.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include <fmt/format.h>

namespace tacit::interpreter {
namespace {

// Missing-data sentences per verdict: past this the list stops helping.
constexpr std::size_t kMaxMissingReported = 8;
// Reasons nodes visited: the Missing DAG is bounded by evaluation work anyway.
constexpr std::size_t kMaxMissingVisited = 4096;

bool reads_type(const std::optional<std::vector<std::string>>& types, std::string_view type) {
  if (!types) return true;
  return std::find(types->begin(), types->end(), type) != types->end();
}

// The days on which the verdict can change: dates of events of the types the
// definition reads, up to the as-of date, and the as-of date itself.
std::vector<Date> candidate_days(const Patient& patient, const std::optional<std::vector<std::string>>& types,
                                 Date as_of, bool every_day) {
  std::vector<Date> days;
  if (every_day && !patient.events.empty()) {
    for (Date d = patient.events.front().date; d <= as_of; ++d) days.push_back(d);
    return days;
  }
  for (const Event& event : patient.events) {
    if (event.date > as_of) break;
    if (!reads_type(types, event.type)) continue;
    if (days.empty() || days.back() != event.date) days.push_back(event.date);
  }
  if (days.empty() || days.back() != as_of) days.push_back(as_of);
  return days;
}

std::string datum_text(const Datum* datum) {
  if (datum == nullptr || datum->is_null()) return "not recorded";
  if (datum->is_string()) return std::string(datum->as_string());
  if (datum->is_array() || datum->is_object()) return describe_value(*datum);
  return fmt::format("{}", *datum);
}

ClauseReason reason_for(Evaluator& evaluator, std::uint32_t clause_global, const Value& value, const Touches& touches) {
  const dsl::Program& program = evaluator.program();
  const dsl::Global& g = program.globals[clause_global];
  const auto& clause = std::get<dsl::Clause>(program.files[g.file].ast.items[g.item].node);
  ClauseReason reason;
  reason.clause = clause.name;
  reason.description = clause.description;
  reason.value = truth_of(value);
  // Events in timeline order (address order), each with the fields read.
  std::vector<Touch> sorted = touches;
  std::stable_sort(sorted.begin(), sorted.end(), [](const Touch& a, const Touch& b) { return a.event < b.event; });
  // "type date (field value, ...); ...", the fields of each event in symbol order,
  // each once; written in place (explanations are a large part of the output).
  std::string detail;
  std::vector<SymbolId> fields;
  for (std::size_t i = 0; i < sorted.size();) {
    const Event* event = sorted[i].event;
    fields.clear();
    for (; i < sorted.size() && sorted[i].event == event; ++i) {
      if (sorted[i].field != no_symbol) fields.push_back(sorted[i].field);
    }
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    reason.events.push_back(event);
    if (!detail.empty()) detail += "; ";
    detail += event->type;
    detail += ' ';
    detail += format_date(event->date);
    for (std::size_t f = 0; f < fields.size(); ++f) {
      detail += f == 0 ? " (" : ", ";
      detail += evaluator.symbol_name(fields[f]);
      detail += ' ';
      const Datum* datum = event->object->find(fields[f]);
      if (datum != nullptr && datum->is_string()) {
        detail += datum->as_string();
      } else {
        detail += datum_text(datum);
      }
    }
    if (!fields.empty()) detail += ')';
  }
  reason.detail = std::move(detail);
  return reason;
}

// A clause's value as of the evaluator's day, with the events it read.
ClauseReason trace_clause(Evaluator& evaluator, std::uint32_t clause) {
  Touches touches;
  evaluator.set_touch_sink(&touches);
  const Value value = evaluator.global(clause);
  evaluator.set_touch_sink(nullptr);
  return reason_for(evaluator, clause, value, touches);
}

}  // namespace

std::vector<std::string> describe_missing(const Evaluator& evaluator, const Missing* why) {
  std::vector<std::string> out;
  std::vector<const Missing*> stack;
  std::set<const Missing*> seen;
  if (why != nullptr) stack.push_back(why);
  while (!stack.empty() && seen.size() < kMaxMissingVisited && out.size() < kMaxMissingReported) {
    const Missing* m = stack.back();
    stack.pop_back();
    if (!seen.insert(m).second) continue;
    std::string sentence;
    switch (m->kind) {
      case Missing::Kind::join:
        // Right first so that the left (earlier) reasons come out first.
        if (m->right != nullptr) stack.push_back(m->right);
        if (m->left != nullptr) stack.push_back(m->left);
        continue;
      case Missing::Kind::message:
        sentence = std::string(m->text, m->text_size);
        break;
      case Missing::Kind::field:
        if (m->event != nullptr) {
          sentence = fmt::format("{} {}: {} not recorded", m->event->type, format_date(m->event->date),
                                 evaluator.symbol_name(m->field));
        } else {
          sentence = fmt::format("{} not recorded", evaluator.symbol_name(m->field));
        }
        break;
    }
    if (std::find(out.begin(), out.end(), sentence) == out.end()) out.push_back(std::move(sentence));
  }
  return out;
}

std::vector<ClauseReason> trace_clauses(Evaluator& evaluator, std::uint32_t file, Date as_of) {
  evaluator.set_as_of(as_of);
  std::vector<ClauseReason> reasons;
  for (const std::uint32_t clause : evaluator.program().files[file].clauses) {
    reasons.push_back(trace_clause(evaluator, clause));
  }
  return reasons;
}

namespace {

// The deciding clauses and the missing data of an outcome whose verdict is known.
// The met clauses of a met verdict, the unknown ones of an indeterminate one, the
// not-met ones of a not-met one. Their values are cached from the search; only the
// met and unknown ones are evaluated again, recording the events they read (a
// not-met verdict lists its clauses alone).
void explain(Evaluator& evaluator, DefinitionOutcome& outcome, Date as_of) {
  const dsl::Program& program = evaluator.program();
  const dsl::CheckedFile& definition = program.files[outcome.file];
  const Date decided_on = outcome.first_met.value_or(as_of);
  evaluator.set_as_of(decided_on);
  for (const std::uint32_t clause : definition.clauses) {
    if (truth_of(evaluator.global(clause)) != outcome.verdict) continue;
    if (outcome.verdict == Truth::false_) {
      const dsl::Global& g = program.globals[clause];
      const auto& node = std::get<dsl::Clause>(program.files[g.file].ast.items[g.item].node);
      outcome.reasons.push_back(ClauseReason{node.name, node.description, Truth::false_, {}, {}});
      continue;
    }
    outcome.reasons.push_back(trace_clause(evaluator, clause));
  }
  if (outcome.verdict == Truth::unknown) {
    evaluator.set_as_of(as_of);
    const Value final_value = evaluator.evaluate_root(outcome.file, definition.verdict, definition.verdict_frame_size);
    outcome.missing = describe_missing(evaluator, final_value.missing());
  }
}

}  // namespace

std::vector<DefinitionOutcome> evaluate_definitions(Evaluator& evaluator, std::span<const std::uint32_t> files,
                                                    const VerdictOptions& options) {
  const dsl::Program& program = evaluator.program();
  const Patient& patient = evaluator.patient();
  Date as_of = std::numeric_limits<Date>::max() / 2;
  std::optional<Date> reported_as_of;
  if (options.as_of) {
    as_of = *options.as_of;
    reported_as_of = as_of;
  } else if (!patient.events.empty()) {
    as_of = patient.events.back().date;
    reported_as_of = as_of;
  }

  // The definitions are searched side by side, day after day, so that what they
  // share (the stdlib's lets and calls) is computed once per day rather than once
  // per definition: the memo keeps one value per let, valid for the day it was
  // computed on and the days after it until an event it read appears.
  struct Search {
    std::vector<Date> days;
    std::size_t next = 0;  // the next of `days` to try
    Value value;
  };
  std::vector<DefinitionOutcome> outcomes(files.size());
  std::vector<Search> searches(files.size());
  std::vector<Date> all_days;
  const std::optional<std::vector<std::string>> no_filter;
  for (std::size_t k = 0; k < files.size(); ++k) {
    outcomes[k].file = files[k];
    outcomes[k].as_of = reported_as_of;
    const auto types_it = program.event_types.find(files[k]);
    const auto& types = types_it != program.event_types.end() ? types_it->second : no_filter;
    searches[k].days = candidate_days(patient, types, as_of, options.every_day);
    all_days.insert(all_days.end(), searches[k].days.begin(), searches[k].days.end());
  }
  std::sort(all_days.begin(), all_days.end());
  all_days.erase(std::unique(all_days.begin(), all_days.end()), all_days.end());
  for (const Date day : all_days) {
    evaluator.set_as_of(day);
    for (std::size_t k = 0; k < files.size(); ++k) {
      Search& search = searches[k];
      if (outcomes[k].first_met || search.next == search.days.size() || search.days[search.next] != day) continue;
      ++search.next;
      const dsl::CheckedFile& definition = program.files[files[k]];
      search.value = evaluator.evaluate_root(files[k], definition.verdict, definition.verdict_frame_size);
      if (search.value.is_true()) outcomes[k].first_met = day;
    }
  }
  for (std::size_t k = 0; k < files.size(); ++k) outcomes[k].verdict = truth_of(searches[k].value);
  if (!options.explain) return outcomes;

  // Explained in the order of the days they were decided on, so that explanations
  // decided on the same day share the events recorded for common lets and calls.
  std::vector<std::size_t> order(files.size());
  for (std::size_t k = 0; k < order.size(); ++k) order[k] = k;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return outcomes[a].first_met.value_or(as_of) < outcomes[b].first_met.value_or(as_of);
  });
  for (const std::size_t k : order) explain(evaluator, outcomes[k], as_of);
  return outcomes;
}

DefinitionOutcome evaluate_definition(Evaluator& evaluator, std::uint32_t file, const VerdictOptions& options) {
  return evaluate_definitions(evaluator, std::span<const std::uint32_t>(&file, 1), options).front();
}

}  // namespace tacit::interpreter
