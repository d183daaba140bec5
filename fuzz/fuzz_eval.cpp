// Fuzz target: arbitrary bytes as one patient's JSON, evaluated by every bundled
// definition.
//
// The Engine (rules/ with stdlib/) is loaded once; one Session evaluates each input
// as `tacit eval` evaluates one record (parse, check against the vocabulary, every
// definition with its reasons and missing data), and the report is formatted as
// ndjson results (interpreter/result_format.hpp). Besides crashes, hangs (libFuzzer's
// -timeout), leaks and sanitizer reports, a line of the formatted results that is
// not valid JSON is a finding (the target aborts).
// Seeds: rules/examples/scenarios.ndjson, examples/*.ndjson lines, the patients of
// the rules' worked examples and tests/golden/timeline (scripts/fuzz.sh).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "interpreter/engine.hpp"
#include "interpreter/record_reader.hpp"
#include "interpreter/result_format.hpp"

namespace {

using namespace tacit::interpreter;

const Engine& bundled_engine() {
  static const std::unique_ptr<Engine> engine = [] {
    EngineOptions options;
    options.rule_paths = {TACIT_SOURCE_DIR "/rules"};
    options.stdlib_dir = TACIT_SOURCE_DIR "/stdlib";
    Engine::Loaded loaded = Engine::load(options);
    if (!loaded.engine) {
      std::fprintf(stderr, "fuzz_eval: the bundled rules do not load\n");
      std::abort();
    }
    return std::move(loaded.engine);
  }();
  return *engine;
}

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "fuzz_eval: %s\n%s\n", what, detail.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const Engine& engine = bundled_engine();
  static Session session(engine);
  static const ResultFormatter formatter(engine.definition_infos(), FormatOptions{OutputFormat::ndjson, false});
  static simdjson::dom::parser json;

  RawRecord record;
  record.text.assign(std::string_view(reinterpret_cast<const char*>(data), size));
  record.origin = RecordOrigin{"fuzz.ndjson", 1, 1, 0};
  const PatientReport report = session.evaluate(record, VerdictOptions{});
  const std::string results = formatter.patient(report, true);

  // Every line of ndjson results is one JSON object.
  std::string_view rest = results;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    const std::string_view line = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    if (line.empty()) continue;
    simdjson::dom::element element;
    if (json.parse(line.data(), line.size(), true).get(element) != simdjson::SUCCESS || !element.is_object()) {
      finding("a results line is not a JSON object", std::string(line));
    }
  }
  return 0;
}
