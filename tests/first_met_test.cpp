// first_met is defined as "the earliest day on which the definition is met using
// only events up to that day". The engine only evaluates days on which an event
// the definition reads appears; these tests check that this shortcut gives the
// same verdicts and dates as trying every day, and as running with --as-of, for
// every bundled definition over the worked scenarios and the example cohort. The
// reference evaluates every day from scratch, with no value reused across days,
// so it also checks the incremental evaluation (interpreter/memo.hpp).
#include <doctest/doctest.h>

#include <filesystem>

#include "interpreter/engine.hpp"
#include "interpreter/timeline.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit::interpreter;

struct Counts {
  std::size_t results = 0;
  std::size_t met = 0;
};

void check_equivalence(const fs::path& timeline, Counts& counts) {
  EngineOptions options;
  options.rule_paths = {fs::path(TACIT_SOURCE_DIR) / "rules"};
  options.stdlib_dir = fs::path(TACIT_SOURCE_DIR) / "stdlib";
  auto loaded = Engine::load(options);
  REQUIRE_MESSAGE(loaded.engine, "the bundled rules must load");
  const Engine& engine = *loaded.engine;
  REQUIRE(!engine.definitions().empty());
  Session session(engine);
  Evaluator reference(engine.program(), engine.params());
  reference.set_incremental(false);
  RecordReader reader(timeline.string());
  RawRecord record;
  while (reader.next(record)) {
    PatientReport report;
    const Patient* patient = session.load(record, report);
    REQUIRE_MESSAGE(patient != nullptr, timeline.string() << ": a patient was rejected");
    Evaluator& evaluator = session.evaluator();
    evaluator.begin_patient(*patient, session.arena());
    reference.begin_patient(*patient, session.arena());
    for (const std::uint32_t file : engine.definitions()) {
      const std::string where = std::string(patient->id) + " " + engine.program().files[file].name();
      VerdictOptions fast;
      fast.explain = false;
      VerdictOptions every_day = fast;
      every_day.every_day = true;
      const DefinitionOutcome a = evaluate_definition(evaluator, file, fast);
      const DefinitionOutcome b = evaluate_definition(reference, file, every_day);
      CHECK_MESSAGE(a.verdict == b.verdict, where);
      CHECK_MESSAGE(a.first_met == b.first_met, where);
      ++counts.results;
      if (!a.first_met) continue;
      ++counts.met;
      // As of the first-met day: met, that day. As of the day before: not met.
      VerdictOptions on_day = fast;
      on_day.as_of = *a.first_met;
      const DefinitionOutcome c = evaluate_definition(evaluator, file, on_day);
      CHECK_MESSAGE(c.verdict == Truth::true_, where);
      CHECK_MESSAGE(c.first_met == a.first_met, where);
      VerdictOptions day_before = fast;
      day_before.as_of = *a.first_met - 1;
      const DefinitionOutcome d = evaluate_definition(evaluator, file, day_before);
      CHECK_MESSAGE(d.verdict != Truth::true_, where);
    }
  }
}

}  // namespace

TEST_CASE("first_met: event-day search equals every-day search and --as-of") {
  Counts counts;
  check_equivalence(fs::path(TACIT_SOURCE_DIR) / "rules" / "examples" / "scenarios.ndjson", counts);
  check_equivalence(fs::path(TACIT_SOURCE_DIR) / "examples" / "cohort.ndjson", counts);
  MESSAGE("first_met equivalence: " << counts.results << " results, " << counts.met << " met");
  CHECK(counts.met > 20);
}
