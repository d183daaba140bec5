// gen_cohort: a seeded synthetic cohort in the NDJSON timeline format.
//
//   gen_cohort --patients N --seed S [--out FILE]
//
// Patient i depends only on (seed, i): its own PRNG stream, integer
// arithmetic only, so a cohort is byte-identical on every platform and a
// 10k cohort is the first 10k lines of the 1M cohort of the same seed.
// Courses and verdict mix: cohort_model.hpp; layout and untidiness:
// cohort_writer.hpp.
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "cli_args.hpp"
#include "cohort_model.hpp"
#include "cohort_writer.hpp"
#include "json_out.hpp"
#include "rng.hpp"

namespace {

constexpr const char* kUsage =
    "usage: gen_cohort --patients N --seed S [--out FILE] [--quiet]\n"
    "  Writes N synthetic patient timelines as NDJSON (stdout without --out).";

// Patients are numbered from 1 in ids padded to at least this many digits,
// enough for 10M patients; larger cohorts just get longer ids.
constexpr int kMinIdDigits = 7;

// Output is handed to stdio in blocks of about this size.
constexpr size_t kFlushBytes = size_t{1} << 20;

int digits(uint64_t n) {
  int d = 1;
  while (n >= 10) {
    n /= 10;
    ++d;
  }
  return d;
}

}  // namespace

int main(int argc, char** argv) {
  bench::CliArgs args(argc, argv, kUsage);
  const uint64_t patients = args.get_u64("--patients", 0);
  const uint64_t seed = args.get_u64("--seed", 1);
  const std::string out_path = args.get("--out", "");
  const bool quiet = args.has("--quiet");
  args.finish();
  if (patients == 0) args.fail("--patients must be at least 1");

  std::FILE* out = out_path.empty() || out_path == "-" ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out) {
    std::fprintf(stderr, "error: cannot create %s\n", out_path.c_str());
    return 2;
  }
  const auto start = std::chrono::steady_clock::now();
  const int id_width = digits(patients) > kMinIdDigits ? digits(patients) : kMinIdDigits;
  bench::cohort::PatientPlan plan;
  bench::JsonOut buffer;
  buffer.text().reserve(kFlushBytes + (size_t{64} << 10));
  uint64_t bytes = 0;
  bool ok = true;
  for (uint64_t number = 1; number <= patients && ok; ++number) {
    bench::Rng rng(seed, number);
    bench::cohort::plan_patient(rng, number, plan);
    bench::cohort::write_patient(plan, rng, id_width, buffer);
    if (buffer.size() >= kFlushBytes) {
      bytes += buffer.size();
      ok = buffer.flush_to(out);
    }
  }
  bytes += buffer.size();
  ok = ok && buffer.flush_to(out);
  ok = (out == stdout ? std::fflush(out) : std::fclose(out)) == 0 && ok;
  if (!ok) {
    std::fprintf(stderr, "error: writing %s failed\n", out_path.empty() ? "stdout" : out_path.c_str());
    return 2;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!quiet) {
    std::fprintf(stderr, "gen_cohort: %llu patients, %.1f MB in %.2f s (%.0f patients/s, %.0f MB/s)\n",
                 static_cast<unsigned long long>(patients), static_cast<double>(bytes) / 1e6, seconds,
                 static_cast<double>(patients) / seconds, static_cast<double>(bytes) / 1e6 / seconds);
  }
  return 0;
}
