// Golden evaluation tests: tests/golden/eval/<case>.tacit evaluated over
// <case>.ndjson must give <case>.expected exactly: the ndjson results (verdicts,
// first-met dates, reasons, missing data, rejections) and the messages on stderr.
#include <doctest/doctest.h>

#include <cstdio>
#include <string>

#include "interpreter/cohort.hpp"
#include "tests/golden.hpp"

namespace {

namespace fs = std::filesystem;
using namespace tacit::interpreter;

std::string read_all(std::FILE* file) {
  std::rewind(file);
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out.append(buffer, n);
  return out;
}

std::string evaluate_case(const fs::path& rules, OutputFormat format) {
  EngineOptions options;
  options.rule_paths = {rules};
  options.stdlib_dir = fs::path(TACIT_SOURCE_DIR) / "stdlib";
  auto loaded = Engine::load(options);
  if (!loaded.engine) return "(rules do not load)\n";
  fs::path timeline = rules;
  timeline.replace_extension(".ndjson");
  RecordReader reader(timeline.string(), timeline.filename().string());
  ResultFormatter formatter(loaded.engine->definition_infos(), FormatOptions{format, false});
  CohortOptions cohort;
  cohort.jobs = 2;
  cohort.batch_size = 2;
  std::FILE* out = std::tmpfile();
  std::string errors;
  const auto summary = run_cohort(*loaded.engine, reader, formatter, cohort, out, [&](const PatientReport& report) {
    for (const auto& error : report.errors) errors += "error: " + render_data_error(error) + "\n";
  });
  std::string text = read_all(out);
  std::fclose(out);
  return text + errors + fmt::format("evaluated {}, rejected {}\n", summary.evaluated, summary.rejected);
}

}  // namespace

TEST_CASE("golden: evaluation results (ndjson)") {
  tacit::testing::run_golden_dir("eval", "tacit", [](const fs::path& input) {
    return evaluate_case(input, OutputFormat::ndjson) + "--- text\n" + evaluate_case(input, OutputFormat::text) +
           "--- csv\n" + evaluate_case(input, OutputFormat::csv);
  });
}
