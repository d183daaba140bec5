#include "cohort_model.hpp"

#include <algorithm>

#include "dates.hpp"

namespace bench::cohort {
namespace {

// Where in a day's order a step goes: the timeline spec puts imaging, labs
// and clinical visits before a TACE on the same date.
int rank(StepKind kind) { return static_cast<int>(kind); }

class Planner {
 public:
  Planner(Rng& rng, PatientPlan& plan) : rng_(rng), plan_(plan) {}

  void run() {
    choose_patient();
    choose_tumour();
    choose_liver();
    plan_course();
    fill_visits();
    std::stable_sort(plan_.steps.begin(), plan_.steps.end(), [](const Step& a, const Step& b) {
      return a.date != b.date ? a.date < b.date : rank(a.kind) < rank(b.kind);
    });
  }

 private:
  void choose_patient() {
    plan_.course = static_cast<Course>(rng_.pick({35, 30, 20, 15}));
    plan_.intent = rng_.chance(250) ? 1 : 0;
    plan_.male = rng_.chance(800);
    plan_.birth_date = days_from_civil(1935, 1, 1) + rng_.range(0, 40 * 365);
    plan_.bilirubin_umol = rng_.chance(300);
    plan_.albumin_gl = rng_.chance(300);
    plan_.creatinine_umol = rng_.chance(400);
    plan_.decimal_mm = rng_.chance(250);
    plan_.sum_only = rng_.chance(200);
    plan_.dcp_measured = rng_.chance(400);
    plan_.on_vka = rng_.chance(30);
    plan_.shuffled = rng_.chance(20);
    measurable_ = !rng_.chance(30);
  }

  void choose_tumour() {
    lesion_count_ = rng_.chance(700) ? 2 : 1;
    for (int i = 0; i < lesion_count_; ++i) {
      Lesion& l = lesions_[i];
      l.target = true;
      l.viable = rng_.range(150, 700);
      l.longest = l.viable + rng_.range(0, 150);
    }
    if (rng_.chance(300)) {
      Lesion& l = lesions_[lesion_count_++];
      l.target = false;
      l.viable = 0;
      l.longest = rng_.range(80, 250);
      nontarget_ = NonTarget::nonCR_nonPD;
    }
    tumor_count_ = lesion_count_ + (rng_.chance(200) ? rng_.range(1, 3) : 0);
    vascular_invasion_ = rng_.chance(40);
    if (vascular_invasion_) vi_grade_ = static_cast<uint8_t>(rng_.range(0, 6));
  }

  void choose_liver() {
    liver_.bilirubin = rng_.range(30, 180);
    liver_.albumin = rng_.range(28, 46);
    liver_.inr = rng_.range(95, 150);
    const int afp_class = rng_.pick({30, 40, 30});
    liver_.afp = afp_class == 0 ? rng_.range(20, 90) : afp_class == 1 ? rng_.range(100, 4000) : rng_.range(4000, 200000);
    liver_.dcp = rng_.range(15, 3000);
    liver_.platelets = rng_.range(50, 260);
    liver_.ast = rng_.range(18, 120);
    liver_.alt = rng_.range(12, 100);
    liver_.creatinine = rng_.range(55, 150);
    liver_.afp_l3 = rng_.range(1, 40);
    liver_.ecog = static_cast<uint8_t>(rng_.pick({60, 30, 8, 2}));
    liver_.ascites = static_cast<uint8_t>(rng_.pick({82, 12, 5, 1}));
    liver_.encephalopathy = static_cast<uint8_t>(rng_.pick({92, 6, 2}));
    decompensates_at_ = rng_.chance(80) ? rng_.range(0, 3) : -1;
    afp_at_b0_ = liver_.afp;
  }

  int session_count() {
    switch (plan_.course) {
      case Course::responder: return 1 + rng_.pick({15, 35, 35, 15});
      case Course::stable: return 2 + rng_.pick({20, 35, 30, 15});
      case Course::progressor: return 1 + rng_.pick({10, 25, 35, 20, 10});
      case Course::mixed: return 3 + rng_.pick({35, 35, 20, 10});
    }
    return 1;
  }

  void plan_course() {
    const int32_t d0 = days_from_civil(2015, 1, 1) + rng_.range(0, 9 * 365);
    if (!rng_.chance(25)) add_scan(d0, /*baseline=*/true);
    add_visit(d0, 0);
    svd_b0_ = target_sum();

    const int sessions = session_count();
    switch_at_ = rng_.range(1, 2);
    int32_t t = d0 + rng_.range(3, 21);
    int32_t last_eval = t;
    for (int s = 0; s < sessions; ++s) {
      add_visit(t - 1, 1);
      if (rng_.chance(30)) {  // an aborted attempt is not a session
        add_session(t, /*completed=*/false);
        if (rng_.chance(350)) {
          add_finding(t, 0, true);
          break;  // the feeder cannot be reached: the TACE course ends here
        }
        t += rng_.range(3, 10);
      }
      add_session(t, /*completed=*/true);
      add_visit(t + 14, 2);
      respond(s);
      if (s == decompensates_at_) decompensate();

      const int32_t eval = t + evaluation_delay();
      const bool evaluated = !rng_.chance(50);
      if (evaluated) {
        if (rng_.chance(30)) add_extra_scan(t, eval);
        add_scan(eval, false);
        add_visit(eval, 0);
        last_eval = eval;
      }
      const int32_t after = evaluated ? eval : t + rng_.range(40, 70);
      const int32_t next = after + rng_.range(4, 25);
      if (s + 1 < sessions && next - after >= 3 && rng_.chance(60)) {
        add_treatment(after + rng_.range(1, next - after - 1), pick_local_therapy());
      }
      t = next;
    }
    finish_course(last_eval);
    if (rng_.chance(15)) add_finding(last_eval, static_cast<uint8_t>(rng_.range(1, 2)), rng_.chance(700));
  }

  int32_t evaluation_delay() {
    switch (rng_.pick({870, 50, 30, 25, 25})) {
      case 0: return rng_.range(28, 70);  // the usual 1-3-month evaluation
      case 1: return rng_.range(14, 27);  // too early
      case 2: return rng_.range(93, 110); // too late
      case 3: return 28;                  // window edges, inclusive
      default: return 92;
    }
  }

  Therapy pick_local_therapy() {
    constexpr Therapy options[] = {Therapy::ablation, Therapy::radiotherapy, Therapy::HAIC, Therapy::systemic};
    return options[rng_.pick({45, 25, 20, 10})];
  }

  void finish_course(int32_t last_eval) {
    const bool progressing = plan_.course == Course::progressor || plan_.course == Course::mixed;
    if (progressing && rng_.chance(400)) {
      add_treatment(last_eval + rng_.range(7, 30), Therapy::systemic);
    } else if (plan_.intent == 1 && plan_.course == Course::responder && rng_.chance(200)) {
      add_treatment(last_eval + rng_.range(20, 120), rng_.chance(700) ? Therapy::transplant : Therapy::resection);
    }
  }

  // One session's effect on every lesion, by course. Factors are per mille.
  void respond(int session) {
    const bool late_mixed = plan_.course == Course::mixed && session >= switch_at_;
    for (int i = 0; i < lesion_count_; ++i) {
      Lesion& l = lesions_[i];
      if (!l.target) continue;
      int32_t factor = 1000;
      switch (plan_.course) {
        case Course::responder: factor = rng_.range(450, 850); break;
        case Course::stable: factor = rng_.range(880, 1120); break;
        case Course::progressor: factor = rng_.range(1050, 1400); break;
        case Course::mixed: factor = late_mixed ? rng_.range(1150, 1500) : rng_.range(500, 800); break;
      }
      if (l.viable == 0 && factor > 1000) l.viable = rng_.range(50, 150);  // recurrence after CR
      l.viable = l.viable * factor / 1000;
      if (plan_.course == Course::responder && l.viable < 80 && rng_.chance(500)) l.viable = 0;
      l.longest = std::max(l.longest, l.viable);
    }
    const bool progressing = plan_.course == Course::progressor || late_mixed;
    new_count_ = 0;
    if (progressing && rng_.chance(300)) {
      new_count_ = static_cast<uint8_t>(rng_.range(1, 2));
      for (int i = 0; i < new_count_; ++i) {
        NewLesion& n = new_lesions_[i];
        n.extrahepatic = rng_.chance(150);
        n.size_mm = rng_.range(5, 30);
        n.typical = rng_.chance(700);
        if (!n.extrahepatic && n.typical && n.size_mm >= 10) ++tumor_count_;
        if (n.extrahepatic) extrahepatic_spread_ = true;
      }
    }
    if (progressing && !vascular_invasion_ && rng_.chance(80)) {
      vascular_invasion_ = true;
      vi_grade_ = static_cast<uint8_t>(rng_.range(0, 6));
    }
    if (progressing && rng_.chance(40)) extrahepatic_spread_ = true;
    if (progressing && session >= 2 && rng_.chance(150)) untreatable_ = true;
    if (nontarget_ != NonTarget::none) {
      nontarget_ = progressing ? (rng_.chance(300) ? NonTarget::PD : NonTarget::nonCR_nonPD)
                               : (rng_.chance(200) ? NonTarget::CR : NonTarget::nonCR_nonPD);
    }
    // Markers follow the viable tumour.
    const int32_t svd = target_sum();
    if (svd_b0_ > 0) {
      const int64_t scaled = int64_t{afp_at_b0_} * svd / svd_b0_;
      liver_.afp = static_cast<int32_t>(std::clamp<int64_t>(scaled, 10, 10'000'000)) + rng_.range(0, 20);
    }
  }

  void decompensate() {
    liver_.bilirubin = liver_.bilirubin * rng_.range(180, 400) / 100;
    liver_.albumin = std::max(18, liver_.albumin - rng_.range(5, 12));
    liver_.inr += rng_.range(20, 60);
    liver_.ascites = static_cast<uint8_t>(std::min(3, liver_.ascites + rng_.range(1, 2)));
    liver_.ascites_refractory = rng_.chance(300);
    liver_.encephalopathy = static_cast<uint8_t>(std::min(4, liver_.encephalopathy + rng_.range(0, 2)));
    liver_.ecog = static_cast<uint8_t>(std::min(4, liver_.ecog + rng_.range(0, 2)));
    liver_.hepatorenal = rng_.chance(100);
  }

  int32_t target_sum() const {
    int32_t sum = 0;
    for (int i = 0; i < lesion_count_; ++i) sum += lesions_[i].target ? lesions_[i].viable : 0;
    return sum;
  }

  void add_step(int32_t date, StepKind kind, size_t index) {
    plan_.steps.push_back({date, kind, static_cast<uint32_t>(index)});
  }

  void add_scan(int32_t date, bool baseline) {
    Scan scan;
    scan.modality = rng_.chance(650) ? Modality::CT : Modality::MRI;
    if (baseline && rng_.chance(20)) {  // baseline by ultrasound only: unusable as B0
      scan.modality = Modality::US;
      scan.multiphasic = false;
    }
    scan.measurable = measurable_;
    scan.lesion_count = static_cast<uint8_t>(lesion_count_);
    std::copy(lesions_, lesions_ + lesion_count_, scan.lesions);
    scan.new_count = baseline ? 0 : new_count_;
    std::copy(new_lesions_, new_lesions_ + new_count_, scan.new_lesions);
    scan.tumor_count = tumor_count_;
    int32_t viable = 0;
    int32_t longest = 0;
    for (int i = 0; i < lesion_count_; ++i) {
      if (!lesions_[i].target) continue;
      viable += lesions_[i].viable;
      longest += lesions_[i].longest;
    }
    scan.viable_pct = baseline ? 100 : (longest > 0 ? viable * 100 / longest : 0);
    scan.nontarget = nontarget_;
    scan.vascular_invasion = vascular_invasion_;
    scan.vi_grade = vi_grade_;
    scan.extrahepatic_spread = extrahepatic_spread_;
    scan.untreatable = untreatable_;
    plan_.scans.push_back(scan);
    add_step(date, StepKind::scan, plan_.scans.size() - 1);
  }

  // A second study after the session: an ultrasound, or an earlier CT/MRI
  // inside the window (two candidates for one evaluation).
  void add_extra_scan(int32_t session_date, int32_t eval) {
    add_scan(std::max(session_date + 14, eval - rng_.range(3, 20)), false);
    Scan& extra = plan_.scans.back();
    if (rng_.chance(500)) {
      extra.modality = rng_.chance(500) ? Modality::US : Modality::CEUS;
      extra.multiphasic = extra.modality == Modality::CEUS;
    }
  }

  void add_session(int32_t date, bool completed) {
    Session s;
    s.completed = completed;
    s.technique = static_cast<Technique>(rng_.pick({50, 35, 5, 5, 5}));
    s.agents = static_cast<uint8_t>(rng_.range(0, 2));
    if (completed) {
      s.suboptimal = rng_.chance(50);
      s.selective = rng_.chance(850);
      s.standardized = rng_.chance(850);
      s.agent_changed = !plan_.sessions.empty() && rng_.chance(80);
      s.feeder_reanalyzed = !plan_.sessions.empty() && rng_.chance(60);
    }
    plan_.sessions.push_back(s);
    add_step(date, StepKind::session, plan_.sessions.size() - 1);
  }

  void add_treatment(int32_t date, Therapy therapy) {
    plan_.treatments.push_back({therapy, static_cast<uint8_t>(rng_.range(0, 3))});
    add_step(date, StepKind::treatment, plan_.treatments.size() - 1);
  }

  void add_finding(int32_t date, uint8_t kind, bool present) {
    plan_.findings.push_back({kind, present});
    add_step(date, StepKind::finding, plan_.findings.size() - 1);
  }

  void add_visit(int32_t date, uint8_t priority) {
    // Day-to-day variation of the labs around the patient's current state.
    Visit v = liver_;
    v.priority = priority;
    v.bilirubin = std::max(10, v.bilirubin + rng_.range(-15, 15));
    v.albumin = std::max(15, v.albumin + rng_.range(-2, 2));
    v.inr = std::max(80, v.inr + rng_.range(-8, 8));
    v.platelets = std::max(20, v.platelets + rng_.range(-20, 20));
    v.ast = std::max(10, v.ast + rng_.range(-10, 10));
    v.alt = std::max(8, v.alt + rng_.range(-10, 10));
    plan_.visits.push_back(v);
    add_step(date, StepKind::visit, plan_.visits.size() - 1);
  }

  // Spreads labs and clinical events over the visits so the patient has 25
  // to 40 events, as real exports of this size do: full panels first at the
  // baseline and evaluations, then before each TACE, then 14 days after;
  // what is left adds extra labs. A visit given nothing is not written.
  void fill_visits() {
    const int target = rng_.range(25, 40);
    const int skeleton = static_cast<int>(plan_.steps.size() - plan_.visits.size());
    int remaining = std::max(0, target - skeleton);
    int32_t last_date = 0;
    for (const Step& s : plan_.steps) last_date = std::max(last_date, s.date);
    while (remaining > kVisitItems * static_cast<int>(plan_.visits.size())) {
      last_date += 30;
      add_visit(last_date, 3);
    }
    for (uint8_t priority = 0; priority <= 3; ++priority) {
      for (Visit& v : plan_.visits) {
        if (v.priority != priority) continue;
        const int give = std::min(kPanelItems, remaining);
        v.event_count = static_cast<uint8_t>(give);
        remaining -= give;
      }
    }
    while (remaining > 0) {
      for (uint8_t priority = 0; priority <= 3 && remaining > 0; ++priority) {
        for (Visit& v : plan_.visits) {
          if (remaining == 0) break;
          if (v.priority != priority || v.event_count >= kVisitItems) continue;
          ++v.event_count;
          --remaining;
        }
      }
    }
  }

  Rng& rng_;
  PatientPlan& plan_;
  bool measurable_ = true;
  Lesion lesions_[3];
  int lesion_count_ = 0;
  NewLesion new_lesions_[2];
  uint8_t new_count_ = 0;
  int32_t tumor_count_ = 0;
  NonTarget nontarget_ = NonTarget::none;
  bool vascular_invasion_ = false;
  uint8_t vi_grade_ = 0;
  bool extrahepatic_spread_ = false;
  bool untreatable_ = false;
  Visit liver_;
  int32_t afp_at_b0_ = 0;
  int32_t svd_b0_ = 0;
  int decompensates_at_ = -1;
  int switch_at_ = 1;
};

}  // namespace

void plan_patient(Rng& rng, uint64_t number, PatientPlan& plan) {
  plan.number = number;
  plan.scans.clear();
  plan.sessions.clear();
  plan.treatments.clear();
  plan.findings.clear();
  plan.visits.clear();
  plan.steps.clear();
  Planner(rng, plan).run();
}

}  // namespace bench::cohort
