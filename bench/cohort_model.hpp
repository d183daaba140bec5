// The synthetic patient: a disease course planned first, written as a
// timeline afterwards (cohort_writer.hpp). Planning is separate from writing
// so the trajectory logic (who responds, who progresses, when imaging falls
// outside the window) reads on its own, without JSON syntax around it.
//
// The shape follows /work/shared/domain/scenarios.ndjson: a baseline scan
// and visit, then per TACE session a pre-procedure visit, the session, a
// 14-day visit and an evaluation scan with its visit; 25 to 40 events in all.
// Courses are mixed so that every verdict of every bundled definition occurs.
#pragma once

#include <cstdint>
#include <vector>

#include "rng.hpp"

namespace bench::cohort {

enum class Course : uint8_t { responder, stable, progressor, mixed };

// Lengths are in tenths of a millimetre so the trajectory is integer
// arithmetic (identical output everywhere).
struct Lesion {
  int32_t viable = 0;
  int32_t longest = 0;
  bool target = true;
};

struct NewLesion {
  bool extrahepatic = false;
  int32_t size_mm = 0;
  bool typical = true;
};

enum class Modality : uint8_t { CT, MRI, CEUS, US };
enum class NonTarget : uint8_t { none, CR, nonCR_nonPD, PD };

struct Scan {
  Modality modality = Modality::CT;
  bool multiphasic = true;
  bool measurable = true;  // false: infiltrative, no measurable target
  uint8_t lesion_count = 0;
  Lesion lesions[3];
  uint8_t new_count = 0;
  NewLesion new_lesions[2];
  int32_t tumor_count = 0;
  int32_t viable_pct = 100;
  NonTarget nontarget = NonTarget::none;
  bool vascular_invasion = false;
  uint8_t vi_grade = 0;  // index into the writer's grade names
  bool extrahepatic_spread = false;
  bool untreatable = false;
};

enum class Technique : uint8_t { cTACE, DEB_TACE, TAE, TILA_TACE, other };

struct Session {
  bool completed = true;
  bool suboptimal = false;
  bool selective = true;
  bool standardized = true;
  bool agent_changed = false;
  bool feeder_reanalyzed = false;
  Technique technique = Technique::cTACE;
  uint8_t agents = 0;  // index into the writer's agent lists
};

enum class Therapy : uint8_t { ablation, resection, radiotherapy, systemic, HAIC, transplant };

struct Treatment {
  Therapy therapy = Therapy::ablation;
  uint8_t agent = 0;
};

struct Finding {
  uint8_t kind = 0;  // index into the writer's finding names
  bool present = true;
};

// Liver function and markers at one visit, in integer units:
// bilirubin mg/dL x100, albumin g/dL x10, INR x100, AFP ng/mL x10.
struct Visit {
  uint8_t event_count = 0;  // how many of the visit's labs / clinical items are written
  uint8_t priority = 0;     // 0 baseline/evaluation, 1 pre-TACE, 2 14 days after, 3 follow-up
  int32_t bilirubin = 80;
  int32_t albumin = 40;
  int32_t inr = 110;
  int32_t afp = 50;
  int32_t dcp = 30;
  int32_t platelets = 150;
  int32_t ast = 35;
  int32_t alt = 30;
  int32_t creatinine = 90;  // mg/dL x100
  int32_t afp_l3 = 5;
  uint8_t ecog = 0;
  uint8_t ascites = 0;  // none, mild, moderate, severe
  bool ascites_refractory = false;
  uint8_t encephalopathy = 0;
  bool hepatorenal = false;
};

// How many items a visit can hold (labs + one clinical event), and how many
// make the usual panel (bilirubin, albumin, INR, AFP, clinical: Child-Pugh
// and the marker).
constexpr int kVisitItems = 11;
constexpr int kPanelItems = 5;

enum class StepKind : uint8_t { scan, visit, session, finding, treatment };

struct Step {
  int32_t date;
  StepKind kind;
  uint32_t index;  // into the plan's vector of that kind
};

struct PatientPlan {
  uint64_t number = 0;  // 1-based patient number, for the id
  Course course = Course::stable;
  bool bilirubin_umol = false;  // site reports bilirubin in umol/L
  bool albumin_gl = false;      // ... albumin in g/L
  bool creatinine_umol = false;
  bool decimal_mm = false;      // lesion sizes with one decimal
  bool sum_only = false;        // target_viable_sum_mm instead of lesions
  bool dcp_measured = false;
  bool on_vka = false;
  bool shuffled = false;        // events written out of date order
  uint8_t intent = 0;           // 0 palliative, 1 curative
  bool male = true;
  int32_t birth_date = 0;
  std::vector<Scan> scans;
  std::vector<Session> sessions;
  std::vector<Treatment> treatments;
  std::vector<Finding> findings;
  std::vector<Visit> visits;
  std::vector<Step> steps;  // in date order
};

// Plans patient `number` (1-based) of the cohort of `seed`. Reuses the
// vectors of `plan`. `rng` is left positioned for the writer's draws.
void plan_patient(Rng& rng, uint64_t number, PatientPlan& plan);

}  // namespace bench::cohort
