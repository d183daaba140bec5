// tacit explain: the whole evaluation of one patient, clause by clause.
#include <fmt/format.h>

#include "cli/commands.hpp"
#include "cli/common.hpp"
#include "cli/engine_setup.hpp"
#include "interpreter/arena.hpp"
#include "interpreter/limits.hpp"
#include "interpreter/timeline.hpp"

namespace tacit::cli {
namespace {

std::string_view truth_text(interpreter::Truth truth) {
  switch (truth) {
    case interpreter::Truth::true_:
      return "met";
    case interpreter::Truth::false_:
      return "not met";
    case interpreter::Truth::unknown:
      return "indeterminate";
  }
  return "?";
}

void print_definition(interpreter::Evaluator& evaluator, const interpreter::Engine& engine, std::uint32_t file,
                      const interpreter::VerdictOptions& options) {
  const dsl::CheckedFile& definition = engine.program().files[file];
  const auto outcome = interpreter::evaluate_definition(evaluator, file, options);
  std::string out = fmt::format("\n{} {}: {}\n", definition.name(), definition.meta("version"), definition.meta("title"));
  out += fmt::format("  verdict: {}", truth_text(outcome.verdict));
  if (outcome.first_met) out += fmt::format(", first met {}", interpreter::format_date(*outcome.first_met));
  if (outcome.as_of) out += fmt::format(" (as of {})", interpreter::format_date(*outcome.as_of));
  out += "\n";
  const interpreter::Date day = outcome.first_met.value_or(outcome.as_of.value_or(0));
  out += fmt::format("  clauses as of {}:\n", interpreter::format_date(day));
  for (const auto& reason : interpreter::trace_clauses(evaluator, file, day)) {
    out += fmt::format("    {:<32} {:<14} {}\n", reason.clause, truth_text(reason.value), reason.description);
    // One event a line: what the clause looked at.
    std::string_view detail = reason.detail;
    while (!detail.empty()) {
      const auto end = detail.find("; ");
      out += fmt::format("        {}\n", detail.substr(0, end));
      detail = end == std::string_view::npos ? std::string_view{} : detail.substr(end + 2);
    }
  }
  for (const auto& missing : outcome.missing) out += fmt::format("  missing: {}\n", missing);
  std::fputs(out.c_str(), stdout);
}

}  // namespace

int run_explain(const ExplainArgs& args) {
  auto setup = load_engine(args.rules, args.params, args.definitions, args.as_of);
  if (!setup.engine) return kExitUsage;
  const interpreter::Engine& engine = *setup.engine;
  interpreter::RecordReader reader(args.input);
  interpreter::Session session(engine);
  interpreter::RawRecord record;
  while (reader.next(record)) {
    interpreter::PatientReport report;
    const interpreter::Patient* patient = session.load(record, report);
    if (report.patient_id != args.patient) continue;
    if (patient == nullptr) {
      for (const auto& error : report.errors) {
        std::fprintf(stderr, "error: %s\n", interpreter::render_data_error(error).c_str());
      }
      return kExitRejected;
    }
    std::fputs(fmt::format("patient {} ({}:{}), {} events\n", patient->id, record.origin.file, record.origin.line,
                           patient->events.size())
                   .c_str(),
               stdout);
    interpreter::Evaluator& evaluator = session.evaluator();
    evaluator.begin_patient(*patient, session.arena());
    interpreter::VerdictOptions options;
    options.as_of = setup.as_of;
    try {
      for (const std::uint32_t file : engine.definitions()) print_definition(evaluator, engine, file, options);
    } catch (const interpreter::EvalError& error) {
      std::fprintf(stderr, "error: patient %s: %s\n", std::string(patient->id).c_str(), error.what());
      return kExitRejected;
    } catch (const interpreter::ArenaFull&) {
      std::fprintf(stderr, "error: patient %s: evaluating it needs more than %zu MiB of memory\n",
                   std::string(patient->id).c_str(),
                   interpreter::limits::max_patient_arena_bytes / interpreter::limits::mebibyte);
      return kExitRejected;
    }
    return kExitOk;
  }
  std::fprintf(stderr, "tacit: no patient with id \"%s\" in %s\n", args.patient.c_str(), args.input.c_str());
  return kExitRejected;
}

}  // namespace tacit::cli
