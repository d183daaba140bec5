// native_cci: CCI 2022 TACE refractoriness (P0) over an NDJSON cohort, in
// plain C++: the baseline for "a single definition in the interpreter within
// 2x native", and a second opinion on tacit's cci-2022-refractory verdicts
// (compare_verdicts). The definition as read here: cci_verdict.hpp.
//
//   native_cci --input FILE|- [--jobs N] [--as-of YYYY-MM-DD] [--out FILE]
//
// Output: one line per patient, in input order,
//   {"patient": ID, "definition": "cci-2022-refractory", "verdict": V, "first_met": DATE|null}
// Exit status as `tacit eval`: 0 all patients evaluated, 1 some rejected
// (reported on stderr, the others still evaluated), 2 usage or I/O error.
#include <simdjson.h>

#include <climits>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <vector>

#include "cci_timeline.hpp"
#include "cci_verdict.hpp"
#include "cli_args.hpp"
#include "dates.hpp"
#include "json_out.hpp"
#include "line_batches.hpp"
#include "pipeline.hpp"

namespace {

constexpr const char* kUsage =
    "usage: native_cci --input FILE|- [--jobs N] [--as-of YYYY-MM-DD] [--out FILE]\n"
    "  Evaluates CCI 2022 TACE refractoriness (profile P0) for every patient.";

// Rejections printed in full; beyond this only counted, so a wholly wrong
// file does not flood the terminal.
constexpr uint64_t kMaxReportedRejections = 20;

std::mutex stderr_mutex;

class CciWorker {
 public:
  explicit CciWorker(int32_t as_of = INT32_MAX) : as_of_(as_of) {}

  void process(const bench::LineBatch& batch, std::string& out) {
    bench::JsonOut& json = json_;
    json.clear();
    for (const bench::Line& line : batch.lines) {
      const std::string error = bench::cci::load_timeline(parser_, batch.text.data() + line.offset, line.length,
                                                          batch.capacity_from(line), as_of_, timeline_);
      if (!error.empty()) {
        reject(line.number, error);
        continue;
      }
      const bench::cci::Result result = bench::cci::evaluate(timeline_);
      json.raw("{\"patient\": ").string(timeline_.id).raw(", \"definition\": \"cci-2022-refractory\", \"verdict\": ");
      switch (result.verdict) {
        case bench::cci::Verdict::met: json.raw("\"met\", \"first_met\": ").date(result.first_met); break;
        case bench::cci::Verdict::not_met: json.raw("\"not_met\", \"first_met\": null"); break;
        case bench::cci::Verdict::indeterminate: json.raw("\"indeterminate\", \"first_met\": null"); break;
      }
      json.raw("}\n");
      ++evaluated;
    }
    out.swap(json.text());
  }

  uint64_t evaluated = 0;
  uint64_t rejected = 0;

 private:
  void reject(uint64_t line_number, const std::string& error) {
    if (rejected++ < kMaxReportedRejections) {
      std::lock_guard lock(stderr_mutex);
      std::fprintf(stderr, "native_cci: line %llu: %s\n", static_cast<unsigned long long>(line_number), error.c_str());
    }
  }

  int32_t as_of_;
  simdjson::ondemand::parser parser_;
  bench::cci::Timeline timeline_;
  bench::JsonOut json_;
};

}  // namespace

int main(int argc, char** argv) {
  bench::CliArgs args(argc, argv, kUsage);
  const std::string input = args.get("--input", "");
  const std::string output = args.get("--out", "");
  const std::string as_of_text = args.get("--as-of", "");
  const uint64_t jobs = args.get_u64("--jobs", 1);
  args.finish();
  if (input.empty()) args.fail("--input is required");
  if (jobs == 0 || jobs > 256) args.fail("--jobs must be 1..256");
  int32_t as_of = INT32_MAX;
  if (!as_of_text.empty()) {
    const auto parsed = bench::parse_date(as_of_text);
    if (!parsed) args.fail("--as-of expects YYYY-MM-DD, found '" + as_of_text + "'");
    as_of = *parsed;
  }

  std::FILE* in = input == "-" ? stdin : std::fopen(input.c_str(), "rb");
  if (!in) {
    std::fprintf(stderr, "native_cci: cannot open %s\n", input.c_str());
    return 2;
  }
  std::FILE* out = output.empty() || output == "-" ? stdout : std::fopen(output.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "native_cci: cannot create %s\n", output.c_str());
    return 2;
  }

  bench::BatchReader reader(in);
  std::vector<CciWorker> workers;
  for (uint64_t i = 0; i < jobs; ++i) workers.emplace_back(as_of);
  bool ok = bench::run_batches(reader, workers, out);
  ok = (out == stdout ? std::fflush(out) : std::fclose(out)) == 0 && ok;
  if (reader.read_error() || !ok) {
    std::fprintf(stderr, "native_cci: %s failed\n", reader.read_error() ? "reading the input" : "writing the output");
    return 2;
  }
  uint64_t rejected = 0;
  for (const CciWorker& w : workers) rejected += w.rejected;
  if (rejected > kMaxReportedRejections) {
    std::fprintf(stderr, "native_cci: %llu patients rejected in all\n", static_cast<unsigned long long>(rejected));
  }
  return rejected > 0 ? 1 : 0;
}
