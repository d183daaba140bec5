// Writes a planned patient (cohort_model.hpp) as one NDJSON line in the
// timeline format (/work/shared/spec/timeline.md), in the layout of
// scenarios.ndjson. This is where the data gets its real-world untidiness:
// unit variants chosen per site, optional fields left out, some values null
// (about 5-10% of the optional fields), defaults sometimes written and
// sometimes not, and now and then events out of date order.
#pragma once

#include "cohort_model.hpp"
#include "json_out.hpp"
#include "rng.hpp"

namespace bench::cohort {

// Appends the patient's line (with its newline) to `out`; `id_width` is the
// number of digits of the zero-padded id ("P0000042").
void write_patient(const PatientPlan& plan, Rng& rng, int id_width, JsonOut& out);

}  // namespace bench::cohort
