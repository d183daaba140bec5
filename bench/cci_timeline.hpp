// The part of a patient timeline that CCI 2022 refractoriness reads, loaded
// straight from one NDJSON line by the native baseline (native_cci.cpp).
//
// Only three kinds of event matter: multiphasic CT/MRI scans (with their sum
// of viable target diameters), TACE sessions, and other tumour-directed
// treatments. Everything else is skipped by simdjson On-Demand without being
// materialised; that selective reading is what a hand-written program gets
// for free and a general interpreter cannot, and it is part of what the
// "within 2x native" goal measures.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bench::cci {

enum class Kind : uint8_t {
  scan,       // multiphasic CT or MRI: usable for response assessment
  session,    // completed TACE; `suboptimal` says whether it breaks the run
  treatment,  // other HCC-directed therapy: breaks the run
};

struct Event {
  int32_t date;        // days since 1970-01-01
  uint32_t input_index;// position in the patient's `events`, for stable ordering
  Kind kind;
  bool same_day_first; // imaging (and labs/clinical, not kept) precede a TACE on its date
  bool suboptimal;     // sessions only
  bool svd_known;      // scans only: false when the sum cannot be computed
  double svd;          // scans only: sum of viable target diameters, mm
};

struct Timeline {
  std::string id;
  std::vector<Event> events;  // sorted by the timeline spec's order after load
};

// Loads one patient line. Returns an empty string on success, otherwise a
// message naming the patient (when known), the event index and the field.
// Events after `as_of` (days; INT32_MAX for none) are dropped, as
// `tacit eval --as-of` does.
std::string load_timeline(simdjson::ondemand::parser& parser, const char* line, size_t length, size_t capacity,
                          int32_t as_of, Timeline& out);

}  // namespace bench::cci
