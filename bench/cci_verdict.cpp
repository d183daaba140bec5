#include "cci_verdict.hpp"

#include <algorithm>

namespace bench::cci {
namespace {

// Profile P0 (brief §9).
constexpr int kMinSessions = 3;          // cci.min_sessions
constexpr int32_t kPostMinDays = 28;     // post_min_days
constexpr int32_t kPostMaxDays = 92;     // post_max_days
constexpr double kPdThreshold = 1.20;    // cci.pd_threshold, inclusive
constexpr double kRelativeTolerance = 1e-9;

bool is_pd(double svd, double baseline) {
  return svd >= kPdThreshold * baseline - kRelativeTolerance * std::max(1.0, baseline);
}

}  // namespace

Result evaluate(const Timeline& timeline) {
  const std::vector<Event>& events = timeline.events;
  const size_t n = events.size();
  Result result;
  bool unknown = false;
  bool met = false;

  size_t last_scan = SIZE_MAX;  // the latest scan seen so far
  size_t baseline = SIZE_MAX;   // B0 of the current run
  int run_length = 0;
  for (size_t i = 0; i < n; ++i) {
    const Event& e = events[i];
    if (e.kind == Kind::scan) {
      last_scan = i;
      continue;
    }
    if (e.kind == Kind::treatment || e.suboptimal) {
      run_length = 0;
      continue;
    }
    if (run_length == 0) baseline = last_scan;
    if (++run_length < kMinSessions) continue;

    // Session k >= 3: look at the scans between it and the next TACE.
    const bool baseline_known = baseline != SIZE_MAX && events[baseline].svd_known;
    size_t deciding = SIZE_MAX;
    for (size_t j = i + 1; j < n && events[j].kind != Kind::session; ++j) {
      const Event& scan = events[j];
      if (scan.kind != Kind::scan) continue;
      const int32_t delay = scan.date - e.date;
      if (delay < kPostMinDays || delay > kPostMaxDays) continue;
      deciding = j;
      // Only the last study of a day is "the latest" as of that day.
      const bool last_of_day = [&] {
        for (size_t k = j + 1; k < n && events[k].date == scan.date && events[k].kind != Kind::session; ++k) {
          if (events[k].kind == Kind::scan) return false;
        }
        return true;
      }();
      if (last_of_day && baseline_known && scan.svd_known && is_pd(scan.svd, events[baseline].svd)) {
        if (!met || scan.date < result.first_met) result.first_met = scan.date;
        met = true;
      }
    }
    if (deciding == SIZE_MAX || !baseline_known || !events[deciding].svd_known) unknown = true;
  }
  result.verdict = met ? Verdict::met : unknown ? Verdict::indeterminate : Verdict::not_met;
  return result;
}

}  // namespace bench::cci
