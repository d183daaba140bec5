#include "cohort_writer.hpp"

#include <string_view>
#include <vector>

namespace bench::cohort {
namespace {

constexpr std::string_view kModality[] = {"CT", "MRI", "CEUS", "US"};
constexpr std::string_view kNonTarget[] = {"", "CR", "nonCR-nonPD", "PD"};
constexpr std::string_view kViGrade[] = {"Vp1", "Vp2", "Vp3", "Vp4", "Vv1", "Vv2", "Vv3"};
constexpr std::string_view kTechnique[] = {"cTACE", "DEB-TACE", "TAE", "TILA-TACE", "balloon-occluded TACE"};
constexpr std::string_view kAgents[][2] = {
    {"epirubicin", "lipiodol"}, {"doxorubicin", "lipiodol"}, {"idarubicin", "lipiodol"}};
constexpr std::string_view kTherapy[] = {"ablation", "resection", "radiotherapy", "systemic", "HAIC", "transplant"};
constexpr std::string_view kSystemicAgent[] = {"sorafenib", "lenvatinib", "atezolizumab-bevacizumab", "regorafenib"};
constexpr std::string_view kFinding[] = {
    "hepatic_artery_occlusion", "diffuse_arterioportal_fistula", "diffuse_arteriovenous_fistula"};
constexpr std::string_view kAscites[] = {"none", "mild", "moderate", "severe"};
constexpr std::string_view kReaderResponse[] = {"PR", "SD", "PD"};

enum class Presence { written, missing, null };

class Writer {
 public:
  Writer(const PatientPlan& plan, Rng& rng, JsonOut& out) : plan_(plan), rng_(rng), out_(out) {}

  void patient(int id_width) {
    out_.raw("{\"id\": \"P");
    char digits[24];
    int n = 0;
    for (uint64_t v = plan_.number; v > 0 || n == 0; v /= 10) digits[n++] = static_cast<char>('0' + v % 10);
    for (int i = n; i < id_width; ++i) out_.raw("0");
    while (n > 0) out_.text().push_back(digits[--n]);
    out_.raw("\"");
    if (Presence p = presence(50, 20); p != Presence::missing) {
      key("intent");
      if (p == Presence::null) {
        out_.raw("null");
      } else {
        out_.raw(plan_.intent == 1 ? "\"curative\"" : "\"palliative\"");
      }
    }
    if (!rng_.chance(10)) key("sex").raw(plan_.male ? "\"M\"" : "\"F\"");
    if (!rng_.chance(20)) key("birth_date").date(plan_.birth_date);
    out_.raw(", \"events\": [");
    if (plan_.shuffled) {
      shuffled_events();
    } else {
      for (const Step& s : plan_.steps) step(s);
    }
    out_.raw("]}\n");
  }

 private:
  // Events in a random order, as an export sorted by event id rather than
  // by date would give: the reader must sort them itself. Events are written
  // to a scratch buffer without separators, then copied out permuted.
  void shuffled_events() {
    scratch_.clear();
    starts_.clear();
    out_ptr_ = &scratch_;
    for (const Step& s : plan_.steps) step(s);
    out_ptr_ = &out_;
    const std::string_view text(scratch_.text());
    starts_.push_back(text.size());
    order_.clear();
    for (size_t i = 0; i + 1 < starts_.size(); ++i) order_.push_back(i);
    for (size_t i = order_.size(); i > 1; --i) {
      const auto j = static_cast<size_t>(rng_.range(0, static_cast<int32_t>(i - 1)));
      std::swap(order_[i - 1], order_[j]);
    }
    for (size_t i = 0; i < order_.size(); ++i) {
      if (i > 0) out_.raw(", ");
      out_.raw(text.substr(starts_[order_[i]], starts_[order_[i] + 1] - starts_[order_[i]]));
    }
  }

  JsonOut& out() { return *out_ptr_; }

  Presence presence(int32_t missing_pm, int32_t null_pm) {
    const int32_t r = rng_.range(0, 999);
    return r < missing_pm ? Presence::missing : r < missing_pm + null_pm ? Presence::null : Presence::written;
  }

  JsonOut& key(std::string_view name) {
    JsonOut& o = out();
    o.raw(", \"").raw(name).raw("\": ");
    return o;
  }

  // Writes `name` unless the draw drops it; returns true if a value must follow.
  bool optional_key(std::string_view name, int32_t missing_pm, int32_t null_pm) {
    const Presence p = presence(missing_pm, null_pm);
    if (p == Presence::missing) return false;
    key(name);
    if (p == Presence::null) {
      out().raw("null");
      return false;
    }
    return true;
  }

  void begin_event(int32_t date, std::string_view type) {
    if (out_ptr_ == &scratch_) {
      starts_.push_back(scratch_.size());
    } else if (!first_event_) {
      out_.raw(", ");
    }
    first_event_ = false;
    out().raw("{\"date\": ").date(date).raw(", \"type\": \"").raw(type).raw("\"");
  }

  void step(const Step& s) {
    switch (s.kind) {
      case StepKind::scan: scan(s.date, plan_.scans[s.index]); break;
      case StepKind::visit: visit(s.date, plan_.visits[s.index]); break;
      case StepKind::session: session(s.date, plan_.sessions[s.index]); break;
      case StepKind::finding: finding(s.date, plan_.findings[s.index]); break;
      case StepKind::treatment: treatment(s.date, plan_.treatments[s.index]); break;
    }
  }

  void millimetres(int32_t tenths) {
    if (plan_.decimal_mm) {
      out().fixed(tenths, 1);
    } else {
      out().integer((tenths + 5) / 10);
    }
  }

  void scan(int32_t date, const Scan& sc) {
    begin_event(date, "imaging");
    if (optional_key("modality", 0, 3)) out().raw("\"").raw(kModality[static_cast<int>(sc.modality)]).raw("\"");
    const bool dynamic = sc.modality == Modality::CT || sc.modality == Modality::MRI;
    if (dynamic ? !rng_.chance(5) : rng_.chance(500)) key("multiphasic").boolean(sc.multiphasic);
    if (!dynamic) {
      out().raw("}");
      return;
    }
    if (!sc.measurable) {
      key("measurable_target").boolean(false);
      if (optional_key("response", 100, 0)) out().raw("\"").raw(kReaderResponse[rng_.range(0, 2)]).raw("\"");
    } else {
      if (rng_.chance(100)) key("measurable_target").boolean(true);
      measurements(sc);
    }
    if (optional_key("tumor_count", 50, 10)) out().integer(sc.tumor_count);
    if (optional_key("viable_pct", 30, 40)) out().integer(sc.viable_pct);
    if (sc.nontarget != NonTarget::none && optional_key("nontarget", 50, 20)) {
      out().raw("\"").raw(kNonTarget[static_cast<int>(sc.nontarget)]).raw("\"");
    }
    new_lesions(sc);
    if (optional_key("vascular_invasion", 20, 30)) out().boolean(sc.vascular_invasion);
    if (sc.vascular_invasion && optional_key("vascular_invasion_grade", 150, 0)) {
      out().raw("\"").raw(kViGrade[sc.vi_grade]).raw("\"");
    }
    if (optional_key("extrahepatic_spread", 40, 10)) out().boolean(sc.extrahepatic_spread);
    if (optional_key("intrahepatic_untreatable", 300, 0)) out().boolean(sc.untreatable);
    out().raw("}");
  }

  void measurements(const Scan& sc) {
    if (plan_.sum_only) {
      int32_t sum = 0;
      for (int i = 0; i < sc.lesion_count; ++i) {
        if (!sc.lesions[i].target) continue;
        sum += plan_.decimal_mm ? sc.lesions[i].viable : (sc.lesions[i].viable + 5) / 10 * 10;
      }
      if (optional_key("target_viable_sum_mm", 0, 10)) millimetres(sum);
      return;
    }
    JsonOut& o = key("lesions");
    o.raw("[");
    for (int i = 0; i < sc.lesion_count; ++i) {
      const Lesion& l = sc.lesions[i];
      if (i > 0) o.raw(", ");
      o.raw("{\"id\": \"L").integer(i + 1).raw("\", \"target\": ").boolean(l.target);
      if (l.target && optional_key("viable_mm", 0, 8)) millimetres(l.viable);
      o.raw(", \"longest_mm\": ");
      millimetres(l.longest);
      o.raw("}");
    }
    o.raw("]");
  }

  void new_lesions(const Scan& sc) {
    if (sc.new_count == 0 && rng_.chance(100)) return;  // default: empty
    JsonOut& o = key("new_lesions");
    o.raw("[");
    for (int i = 0; i < sc.new_count; ++i) {
      const NewLesion& n = sc.new_lesions[i];
      if (i > 0) o.raw(", ");
      o.raw("{\"site\": ").raw(n.extrahepatic ? "\"extrahepatic\"" : "\"intrahepatic\"");
      o.raw(", \"size_mm\": ").integer(n.size_mm).raw(", \"typical\": ").boolean(n.typical).raw("}");
    }
    o.raw("]");
  }

  void session(int32_t date, const Session& s) {
    begin_event(date, "tace");
    // `completed` defaults to true; exports differ in whether they write it.
    if (!s.completed || !rng_.chance(50)) key("completed").boolean(s.completed);
    if (optional_key("technique", 20, 0)) out().raw("\"").raw(kTechnique[static_cast<int>(s.technique)]).raw("\"");
    if (s.technique != Technique::TAE) {
      JsonOut& o = key("agents");
      o.raw("[\"").raw(kAgents[s.agents][0]);
      if (s.technique == Technique::cTACE) o.raw("\", \"").raw(kAgents[s.agents][1]);
      o.raw("\"]");
    }
    if (s.completed) {
      if (optional_key("selective", 30, 20)) out().boolean(s.selective);
      if (optional_key("standardized", 40, 20)) out().boolean(s.standardized);
      key("suboptimal").boolean(s.suboptimal);  // always written: it decides CCI runs
      if (s.agent_changed) key("agent_changed").boolean(true);
      if (s.feeder_reanalyzed) key("feeder_reanalyzed").boolean(true);
    }
    out().raw("}");
  }

  void treatment(int32_t date, const Treatment& t) {
    begin_event(date, "treatment");
    key("therapy").raw("\"").raw(kTherapy[static_cast<int>(t.therapy)]).raw("\"");
    if (t.therapy == Therapy::systemic) key("agent").raw("\"").raw(kSystemicAgent[t.agent]).raw("\"");
    out().raw("}");
  }

  void finding(int32_t date, const Finding& f) {
    begin_event(date, "finding");
    key("finding").raw("\"").raw(kFinding[f.kind]).raw("\"");
    if (!f.present || !rng_.chance(300)) key("present").boolean(f.present);
    out().raw("}");
  }

  // One lab: value null or missing now and then, the unit occasionally left out.
  void lab(int32_t date, std::string_view test, int64_t scaled, int decimals, std::string_view unit) {
    begin_event(date, "lab");
    key("test").raw("\"").raw(test).raw("\"");
    if (optional_key("value", 15, 40)) out().fixed(scaled, decimals);
    if (!rng_.chance(20)) key("unit").raw("\"").raw(unit).raw("\"");
    out().raw("}");
  }

  void clinical(int32_t date, const Visit& v) {
    begin_event(date, "clinical");
    if (optional_key("ecog", 30, 10)) out().integer(v.ecog);
    if (optional_key("ascites", 40, 10)) out().raw("\"").raw(kAscites[v.ascites]).raw("\"");
    if (optional_key("ascites_refractory", 80, 0)) out().boolean(v.ascites_refractory);
    if (optional_key("encephalopathy_grade", 40, 10)) out().integer(v.encephalopathy);
    if (optional_key("hepatorenal_syndrome", 80, 0)) out().boolean(v.hepatorenal);
    if (plan_.on_vka) key("on_vka").boolean(true);
    out().raw("}");
  }

  void visit(int32_t date, const Visit& v) {
    for (int item = 0; item < v.event_count; ++item) {
      switch (item) {
        case 0:
          if (plan_.bilirubin_umol) {
            lab(date, "bilirubin", int64_t{v.bilirubin} * 171 / 100, 1, "umol/L");
          } else {
            lab(date, "bilirubin", v.bilirubin, 2, "mg/dL");
          }
          break;
        case 1:
          if (plan_.albumin_gl) {
            lab(date, "albumin", v.albumin, 0, "g/L");
          } else {
            lab(date, "albumin", v.albumin, 1, "g/dL");
          }
          break;
        case 2: lab(date, "INR", v.inr, 2, "1"); break;
        case 3: lab(date, "AFP", v.afp, 1, "ng/mL"); break;
        case 4: clinical(date, v); break;
        case 5:
          if (plan_.dcp_measured && !plan_.on_vka) {
            lab(date, "DCP", v.dcp, 0, "mAU/mL");
          } else {
            lab(date, "AFP-L3", v.afp_l3, 1, "%");
          }
          break;
        case 6: lab(date, "platelets", v.platelets, 0, "10^9/L"); break;
        case 7: lab(date, "AST", v.ast, 0, "U/L"); break;
        case 8: lab(date, "ALT", v.alt, 0, "U/L"); break;
        case 9:
          if (plan_.creatinine_umol) {
            lab(date, "creatinine", int64_t{v.creatinine} * 884 / 1000, 0, "umol/L");
          } else {
            lab(date, "creatinine", v.creatinine, 2, "mg/dL");
          }
          break;
        default: lab(date, "AFP-L3", v.afp_l3, 1, "%"); break;
      }
    }
  }

  const PatientPlan& plan_;
  Rng& rng_;
  JsonOut& out_;
  JsonOut* out_ptr_ = &out_;
  bool first_event_ = true;
  JsonOut scratch_;
  std::vector<size_t> starts_;
  std::vector<size_t> order_;
};

}  // namespace

void write_patient(const PatientPlan& plan, Rng& rng, int id_width, JsonOut& out) {
  Writer(plan, rng, out).patient(id_width);
}

}  // namespace bench::cohort
