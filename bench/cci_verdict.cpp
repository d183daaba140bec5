#include "cci_verdict.hpp"

#include <algorithm>
#include <climits>
#include <vector>

namespace bench::cci {
namespace {

// Profile P0 (brief §9).
constexpr int kMinSessions = 3;          // cci.min_sessions
constexpr int32_t kPostMinDays = 28;     // post_min_days
constexpr int32_t kPostMaxDays = 92;     // post_max_days
constexpr double kPdThreshold = 1.20;    // cci.pd_threshold, inclusive
constexpr double kRelativeTolerance = 1e-9;

// Treatment dates seen since the previous session; reused across patients
// (one per thread) so evaluation allocates nothing in the steady state.
std::vector<int32_t>& scratch_treatments() {
  thread_local std::vector<int32_t> dates;
  return dates;
}

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

  size_t last_scan = SIZE_MAX;         // the latest scan seen so far
  bool any_session = false;            // a session (suboptimal or not) was seen
  bool previous_broke = false;         // the previous session was suboptimal
  int32_t previous_date = 0;           // date of the previous session
  std::vector<int32_t>& treatments = scratch_treatments();  // since the previous session
  treatments.clear();
  bool baseline_known = false;         // the current run's baseline has a known SVD
  double baseline_svd = 0;
  int run_length = 0;
  for (size_t i = 0; i < n; ++i) {
    const Event& e = events[i];
    if (e.kind == Kind::scan) {
      last_scan = i;
      continue;
    }
    if (e.kind == Kind::treatment) {
      if (any_session && e.date > previous_date) treatments.push_back(e.date);
      continue;
    }
    // The last treatment strictly between the previous session and this one (D30).
    int32_t separating = INT32_MIN;
    for (const int32_t date : treatments) {
      if (date < e.date) separating = date;
    }
    treatments.clear();
    const bool first = !any_session;
    any_session = true;
    previous_date = e.date;
    if (e.suboptimal) {
      previous_broke = true;
      run_length = 0;
      continue;
    }
    if (first || previous_broke || separating != INT32_MIN) {
      run_length = 0;
      // D31: after a separating treatment, the baseline must follow it.
      const bool found = last_scan != SIZE_MAX && (separating == INT32_MIN || events[last_scan].date > separating);
      baseline_known = found && events[last_scan].svd_known;
      baseline_svd = baseline_known ? events[last_scan].svd : 0;
    }
    previous_broke = false;
    if (++run_length < kMinSessions) continue;

    // Session k >= 3: the scans between it and the next session.
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
      if (last_of_day && baseline_known && scan.svd_known && is_pd(scan.svd, baseline_svd)) {
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
