#!/usr/bin/env python3
"""Writes the example cohort: examples/cohort.ndjson, examples/cohort-expected.tsv and
examples/tour-patient.json.

Python 3 standard library only, deterministic (no randomness): run it again and the
files come out byte-identical.

    python3 examples/make_cohort.py            # writes the files next to this script
    python3 examples/make_cohort.py --check    # exits 1 if the committed files differ

Every patient below is written by hand as a short clinical story. Its expected
verdicts under the default profile P0 (docs/rules.md) are written next to it, also by
hand, and were checked against the clause-by-clause reasoning in docs/rules.md. The
generator only turns the story into timeline events; it computes no verdict.

Conventions shared by every patient (the same as the worked scenarios in
/work/shared/domain/scenarios.md, so that no verdict rests on an unwritten default):
* a "visit" is bilirubin, albumin, INR and AFP plus one clinical assessment (ECOG,
  ascites, refractory-ascites flag, encephalopathy grade, hepatorenal flag), with the
  patient's current values;
* every scan has a visit on the same day; every TACE has a visit the day before and
  14 days after, so AFP has a pre-TACE value and at least two post-TACE values;
* imaging writes tumor_count, viable_pct, new_lesions, vascular_invasion,
  extrahepatic_spread and intrahepatic_untreatable out; baseline scans also write the
  inputs of the JSH 2021 "TACE-unsuitable" rule (morphology, lesion sizes);
* every TACE writes completed, selective, standardized and suboptimal out.
"""
import datetime
import json
import os
import sys

# ---------------------------------------------------------------------------
# Timeline building blocks
# ---------------------------------------------------------------------------


def add(date, days):
    """ISO date plus a number of days."""
    return (datetime.date.fromisoformat(date) + datetime.timedelta(days=days)).isoformat()


def days(a, b):
    return (datetime.date.fromisoformat(b) - datetime.date.fromisoformat(a)).days


AGENTS = {
    "cTACE": ["epirubicin", "lipiodol"],
    "DEB-TACE": ["doxorubicin", "DC Bead"],
    "TILA-TACE": ["epirubicin", "lipiodol"],
}


class Patient:
    """Accumulates the events of one patient, in the order they are written."""

    def __init__(self, pid, intent="palliative", sex="M", birth_date="1956-01-01", **attrs):
        self.p = {"id": pid}
        if intent is not None:
            self.p["intent"] = intent
        self.p["sex"] = sex
        self.p["birth_date"] = birth_date
        self.p.update(attrs)
        self.events = []
        # Current state used by visit(); change it with set().
        self.state = dict(bili=0.8, bili_unit="mg/dL", alb=4.0, alb_unit="g/dL", inr=1.1,
                          afp=5.0, dcp=None, afp_l3=None, ecog=0, ascites="none",
                          refractory=False, he=0, hrs=False, on_vka=None)

    # -- state and visits ---------------------------------------------------
    def set(self, **kw):
        for k in kw:
            if k not in self.state:
                raise KeyError(k)
        self.state.update(kw)
        return self

    def lab(self, date, test, value, unit):
        self.events.append({"date": date, "type": "lab", "test": test, "value": value, "unit": unit})
        return self

    def clinical(self, date, **fields):
        e = {"date": date, "type": "clinical"}
        e.update(fields)
        self.events.append(e)
        return self

    def visit(self, date, labs=("bilirubin", "albumin", "INR", "AFP", "DCP", "AFP-L3"), clinical=True, **override):
        s = dict(self.state)
        s.update(override)
        if "bilirubin" in labs and s["bili"] is not None:
            self.lab(date, "bilirubin", s["bili"], s["bili_unit"])
        if "albumin" in labs and s["alb"] is not None:
            self.lab(date, "albumin", s["alb"], s["alb_unit"])
        if "INR" in labs and s["inr"] is not None:
            self.lab(date, "INR", s["inr"], "1")
        if "AFP" in labs and s["afp"] is not None:
            self.lab(date, "AFP", s["afp"], "ng/mL")
        if "DCP" in labs and s["dcp"] is not None:
            self.lab(date, "DCP", s["dcp"], "mAU/mL")
        if "AFP-L3" in labs and s["afp_l3"] is not None:
            self.lab(date, "AFP-L3", s["afp_l3"], "%")
        if clinical:
            c = {"ecog": s["ecog"], "ascites": s["ascites"], "ascites_refractory": s["refractory"],
                 "encephalopathy_grade": s["he"], "hepatorenal_syndrome": s["hrs"], "on_vka": s["on_vka"]}
            # A value set to None is left out (unknown), never written as a default.
            self.clinical(date, **{k: v for k, v in c.items() if v is not None})
        return self

    # -- imaging ----------------------------------------------------------------
    def img(self, date, svd=None, lesions=None, count=2, vpct=100, new=(), vi=False, grade=None,
            ehs=False, untreatable=False, modality="CT", multiphasic=True, nontarget=None,
            measurable=None, response=None, visit=True, **extra):
        """One CT/MRI study. svd: target_viable_sum_mm; lesions: [(viable_mm, longest_mm), ...]
        for targets, or dicts for full control. new: [(site, size_mm, typical), ...]."""
        e = {"date": date, "type": "imaging", "modality": modality, "multiphasic": multiphasic}
        if lesions is not None:
            out = []
            for i, l in enumerate(lesions):
                if isinstance(l, dict):
                    out.append(dict({"id": "L%d" % (i + 1)}, **l))
                else:
                    out.append({"id": "L%d" % (i + 1), "target": True, "viable_mm": l[0], "longest_mm": l[1]})
            e["lesions"] = out
        if svd is not None:
            e["target_viable_sum_mm"] = svd
        if measurable is not None:
            e["measurable_target"] = measurable
        if nontarget is not None:
            e["nontarget"] = nontarget
        if response is not None:
            e["response"] = response
        if count is not None:
            e["tumor_count"] = count
        if vpct is not None:
            e["viable_pct"] = vpct
        e["new_lesions"] = [{"site": s, "size_mm": z, "typical": t} for (s, z, t) in new]
        e["vascular_invasion"] = vi
        if grade is not None:
            e["vascular_invasion_grade"] = grade
        e["extrahepatic_spread"] = ehs
        e["intrahepatic_untreatable"] = untreatable
        e.update(extra)
        e = {k: v for k, v in e.items() if v is not None}  # None means "leave out"
        self.events.append(e)
        if visit:
            self.visit(date)
        return self

    # -- procedures and other events ----------------------------------------------
    def tace(self, date, completed=True, technique="cTACE", suboptimal=False, selective=True,
             standardized=True, visits=True, **extra):
        """One TACE session with its visits the day before and 14 days after."""
        if visits:
            self.visit(add(date, -1))
        e = {"date": date, "type": "tace", "completed": completed, "technique": technique,
             "agents": list(AGENTS.get(technique, ["epirubicin", "lipiodol"]))}
        if completed:
            e.update({"selective": selective, "standardized": standardized, "suboptimal": suboptimal})
        e.update(extra)
        self.events.append(e)
        if visits:
            self.visit(add(date, 14))
        return self

    def treatment(self, date, therapy, agent=None):
        e = {"date": date, "type": "treatment", "therapy": therapy}
        if agent:
            e["agent"] = agent
        self.events.append(e)
        return self

    def finding(self, date, finding, present=True):
        self.events.append({"date": date, "type": "finding", "finding": finding, "present": present})
        return self

    def build(self):
        p = dict(self.p)
        # Keep the file chronological for readability; same-day events keep their
        # written order (visits before the TACE of that day).
        order = {id(e): i for i, e in enumerate(self.events)}
        p["events"] = sorted(self.events, key=lambda e: (e["date"], order[id(e)]))
        return p


def baseline(pt, date, largest=None, morphology="simple_nodular", **img):
    """Baseline study with the JSH 2021 inputs written out."""
    extra = {"morphology": morphology}
    if largest is not None:
        extra["largest_tumor_mm"] = largest
    img.update(extra)
    return pt.img(date, **img)


# ---------------------------------------------------------------------------
# The cohort
# ---------------------------------------------------------------------------
# Each entry: (story, expected, builder). expected maps definition id to
# "met YYYY-MM-DD", "not_met" or "indeterminate" under P0 (europe-2014 uses the
# patient's own intent).

DEFS = ["epoihcc-2013", "jsh-lcsgj-2014", "europe-2014", "cci-2022-refractory",
        "cci-2022-unsuitable", "jsh-2021-unsuitable"]
COHORT = []


def patient(story, **expected):
    def wrap(fn):
        exp = {}
        for k, v in expected.items():
            exp[k] = v
        COHORT.append((fn.__name__.upper(), story, exp, fn))
        return fn
    return wrap


def sessions(p, plan):
    """plan: [(tace_date, [(scan_date, img_kwargs), ...], tace_kwargs), ...]"""
    for item in plan:
        date, scans = item[0], item[1]
        kw = item[2] if len(item) > 2 else {}
        p.tace(date, **kw)
        for d, img in scans:
            p.img(d, **img)
    return p


def L(*pairs):
    """Target lesions (viable_mm, longest_mm)."""
    return list(pairs)


NT = lambda longest: {"target": False, "longest_mm": longest}  # non-target lesion


@patient("Good responder: PR after T1, CR after T2.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p001():
    p = Patient("P001", sex="F", birth_date="1958-02-11")
    baseline(p, "2022-03-07", lesions=L((32, 35), (18, 22)), count=2)
    return sessions(p, [
        ("2022-03-14", [("2022-04-19", dict(lesions=L((12, 35), (6, 22)), vpct=25))]),
        ("2022-04-28", [("2022-06-06", dict(lesions=L((0, 35), (0, 22)), vpct=0))])])


@patient("DEB-TACE twice, 80% and 70% viable (SD, SD): JSH A1 and European NR2; switched to lenvatinib.",
         epo="not_met", jsh="met 2022-08-01", eu="met 2022-08-01", ccir="not_met", cciu="not_met", j21="not_met")
def p002():
    p = Patient("P002", sex="M", birth_date="1951-06-30")
    baseline(p, "2022-05-10", svd=70, count=3, largest=38)
    sessions(p, [
        ("2022-05-16", [("2022-06-20", dict(svd=64, count=3, vpct=80))], dict(technique="DEB-TACE")),
        ("2022-06-27", [("2022-08-01", dict(svd=62, count=3, vpct=70))], dict(technique="DEB-TACE"))])
    return p.treatment("2022-08-15", "systemic", "lenvatinib")


@patient("SD, SD, then PD (+24% over baseline) after the 3rd session: every refractoriness definition met.",
         epo="met 2023-01-09", jsh="met 2022-11-28", eu="met 2022-11-28", ccir="met 2023-01-09",
         cciu="not_met", j21="not_met")
def p003():
    p = Patient("P003", sex="M", birth_date="1949-05-17")
    baseline(p, "2022-09-05", svd=50, count=2, largest=35)
    return sessions(p, [
        ("2022-09-12", [("2022-10-17", dict(svd=46, vpct=70))]),
        ("2022-10-24", [("2022-11-28", dict(svd=49, vpct=80))]),
        ("2022-12-05", [("2023-01-09", dict(svd=62, vpct=90))])])


@patient("Single 48 mm tumour, on-demand TACE x3 with a maintained PR: nothing met.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p004():
    p = Patient("P004", sex="F", birth_date="1962-09-03")
    baseline(p, "2023-02-06", lesions=L((45, 48)), count=1)
    return sessions(p, [
        ("2023-02-13", [("2023-03-20", dict(lesions=L((25, 48)), count=1, vpct=40))]),
        ("2023-04-17", [("2023-05-22", dict(lesions=L((20, 48)), count=1, vpct=30))]),
        ("2023-07-03", [("2023-08-07", dict(lesions=L((18, 48)), count=1, vpct=25))])])


@patient("Curative (bridging to transplant): CR after T1 and after T2, then liver transplant. Nothing met.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p005():
    p = Patient("P005", intent="curative", sex="M", birth_date="1965-12-01")
    baseline(p, "2023-03-01", lesions=L((28, 30)), count=1, modality="MRI")
    sessions(p, [
        ("2023-03-08", [("2023-04-12", dict(lesions=L((0, 30)), count=1, vpct=0, modality="MRI"))]),
        ("2023-05-10", [("2023-06-14", dict(lesions=L((0, 30)), count=1, vpct=0, modality="MRI"))])])
    return p.treatment("2023-07-20", "transplant")


@patient("New typical nodules after each session (2 -> 3 -> 5): JSH A2; overall PD twice (European NR2).",
         epo="not_met", jsh="met 2023-06-26", eu="met 2023-06-26", ccir="not_met", cciu="not_met", j21="not_met")
def p006():
    p = Patient("P006", sex="M", birth_date="1955-04-11")
    baseline(p, "2023-04-03", lesions=L((25, 30), (15, 20)), count=2, modality="MRI")
    return sessions(p, [
        ("2023-04-10", [("2023-05-15", dict(lesions=L((19, 30), (11, 20)), count=3, vpct=40, modality="MRI",
                                            new=[("intrahepatic", 13, True)]))]),
        ("2023-05-22", [("2023-06-26", dict(lesions=L((18, 30), (11, 20)), count=5, vpct=45, modality="MRI",
                                            new=[("intrahepatic", 11, True), ("intrahepatic", 16, True)]))])])


@patient("AFP 250 -> 230 -> 410 after T1 despite an imaging PR: JSH B (markers); switched to systemic therapy.",
         epo="not_met", jsh="met 2023-06-12", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p007():
    p = Patient("P007", sex="F", birth_date="1953-06-27")
    p.set(afp=250.0)
    baseline(p, "2023-05-02", svd=50, count=2, largest=32)
    p.visit("2023-05-07")
    p.tace("2023-05-08", visits=False)
    p.set(afp=230.0).visit("2023-05-22")
    p.set(afp=410.0).img("2023-06-12", svd=24, vpct=30)
    p.visit("2023-06-18")
    p.tace("2023-06-19", visits=False)
    p.set(afp=520.0).visit("2023-07-03")
    p.set(afp=600.0).img("2023-07-24", svd=22, vpct=30)
    return p.treatment("2023-08-07", "systemic", "lenvatinib")


@patient("New Vp1 portal branch invasion at the 2nd evaluation despite a target PR: JSH C, European UP1; then HAIC.",
         epo="not_met", jsh="met 2023-08-28", eu="met 2023-08-28", ccir="not_met", cciu="not_met", j21="not_met")
def p008():
    p = Patient("P008", sex="M", birth_date="1948-01-16")
    baseline(p, "2023-06-05", lesions=L((40, 45), (22, 25)), count=2)
    sessions(p, [
        ("2023-06-12", [("2023-07-17", dict(lesions=L((24, 45), (12, 25)), vpct=35))]),
        ("2023-07-24", [("2023-08-28", dict(lesions=L((22, 45), (12, 25)), vpct=30, vi=True, grade="Vp1"))])])
    return p.treatment("2023-09-11", "HAIC")


@patient("Lung metastases at the first evaluation (target PR): JSH D, European UP2; atezolizumab-bevacizumab.",
         epo="not_met", jsh="met 2023-08-14", eu="met 2023-08-14", ccir="not_met", cciu="not_met", j21="not_met")
def p009():
    p = Patient("P009", sex="M", birth_date="1960-10-05")
    baseline(p, "2023-07-03", svd=55, count=2, largest=40)
    sessions(p, [("2023-07-10", [("2023-08-14", dict(svd=35, vpct=40, ehs=True, new=[("extrahepatic", 12, True)]))])])
    return p.treatment("2023-08-28", "systemic", "atezolizumab-bevacizumab")


@patient("On warfarin (on_vka): DCP 80 -> 260 is not interpretable; AFP normal and flat; PR then CR. Nothing met.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p010():
    p = Patient("P010", sex="F", birth_date="1947-03-22")
    p.set(on_vka=True, dcp=80.0)
    baseline(p, "2023-08-07", lesions=L((30, 34)), count=1)
    p.visit("2023-08-13")
    p.tace("2023-08-14", visits=False)
    p.set(dcp=110.0).visit("2023-08-28")
    p.set(dcp=180.0).img("2023-09-18", lesions=L((14, 34)), count=1, vpct=30)
    p.visit("2023-10-01")
    p.tace("2023-10-02", visits=False)
    p.set(dcp=220.0).visit("2023-10-16")
    p.set(dcp=260.0).img("2023-11-06", lesions=L((0, 34)), count=1, vpct=0)
    return p


@patient("AFP-negative, DCP-producing HCC: DCP 300 -> 280 -> 450 after T1 (JSH B); SD, SD (European NR2).",
         epo="not_met", jsh="met 2023-10-16", eu="met 2023-11-27", ccir="not_met", cciu="not_met", j21="not_met")
def p011():
    p = Patient("P011", sex="M", birth_date="1957-07-07")
    p.set(dcp=300.0)
    baseline(p, "2023-09-04", svd=48, count=2, largest=30)
    p.visit("2023-09-10")
    p.tace("2023-09-11", visits=False)
    p.set(dcp=280.0).visit("2023-09-25")
    p.set(dcp=450.0).img("2023-10-16", svd=40, vpct=45)
    p.visit("2023-10-22")
    p.tace("2023-10-23", visits=False)
    p.set(dcp=500.0).visit("2023-11-06")
    p.set(dcp=620.0).img("2023-11-27", svd=41, vpct=50)
    return p


@patient("Viable exactly 50% twice (not > 50%): JSH not met; SD twice meets European NR2.",
         epo="not_met", jsh="not_met", eu="met 2023-12-26", ccir="not_met", cciu="not_met", j21="not_met")
def p012():
    p = Patient("P012", sex="F", birth_date="1950-02-19")
    baseline(p, "2023-10-02", lesions=L((40, 44)), count=1, modality="MRI")
    return sessions(p, [
        ("2023-10-09", [("2023-11-13", dict(lesions=L((36, 44)), count=1, vpct=50, modality="MRI"))], dict(technique="DEB-TACE")),
        ("2023-11-20", [("2023-12-26", dict(lesions=L((35, 44)), count=1, vpct=50, modality="MRI"))], dict(technique="DEB-TACE"))])


@patient("SD, PR, then PD against the nadir within 86 days: EPOIHCC only (the PR breaks JSH/EU pairs; 45 < 72 for CCI).",
         epo="met 2024-03-13", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p013():
    p = Patient("P013", sex="M", birth_date="1952-12-23")
    baseline(p, "2023-11-06", svd=60, count=2, largest=40)
    return sessions(p, [
        ("2023-11-13", [("2023-12-18", dict(svd=55, vpct=80))]),
        ("2023-12-27", [("2024-01-31", dict(svd=30, vpct=30))]),
        ("2024-02-07", [("2024-03-13", dict(svd=45, vpct=70))])])


@patient("Three sessions over 196 days, SD throughout: no EPOIHCC set; JSH A1 and NR2 after T2.",
         epo="not_met", jsh="met 2022-05-30", eu="met 2022-05-30", ccir="not_met", cciu="not_met", j21="not_met")
def p014():
    p = Patient("P014", sex="M", birth_date="1946-03-30")
    baseline(p, "2022-01-10", svd=60, count=2, largest=38)
    return sessions(p, [
        ("2022-01-17", [("2022-02-21", dict(svd=55, vpct=85))]),
        ("2022-04-25", [("2022-05-30", dict(svd=58, vpct=80))]),
        ("2022-08-01", [("2022-09-05", dict(svd=60, vpct=85))])])


@patient("Early PR (50 -> 30) then no further response over T2-T4 within 98 days: EPOIHCC (set baseline 30) only.",
         epo="met 2024-07-15", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p015():
    p = Patient("P015", sex="F", birth_date="1959-11-14")
    baseline(p, "2024-01-08", svd=50, count=2, largest=30)
    return sessions(p, [
        ("2024-01-15", [("2024-02-19", dict(svd=30, vpct=40))]),
        ("2024-03-04", [("2024-04-08", dict(svd=28, vpct=35))]),
        ("2024-04-22", [("2024-05-27", dict(svd=25, vpct=30))]),
        ("2024-06-10", [("2024-07-15", dict(svd=26, vpct=30))])])


@patient("Target sum 40 -> 36 -> 38 -> 48 (exactly 1.2 x baseline after T3): all four refractoriness definitions.",
         epo="met 2024-06-10", jsh="met 2024-04-29", eu="met 2024-04-29", ccir="met 2024-06-10",
         cciu="not_met", j21="not_met")
def p016():
    p = Patient("P016", sex="M", birth_date="1954-11-08")
    baseline(p, "2024-02-05", lesions=L((25, 28), (15, 18)), count=2)
    return sessions(p, [
        ("2024-02-12", [("2024-03-18", dict(lesions=L((22, 28), (14, 18)), vpct=60))]),
        ("2024-03-25", [("2024-04-29", dict(lesions=L((23, 28), (15, 18)), vpct=55))]),
        ("2024-05-06", [("2024-06-10", dict(lesions=L((29, 30), (19, 20)), vpct=85))])])


@patient("RFA of a separate nodule between T2 and T3 breaks the CCI run; EPOIHCC (no break by default) and NR2 met.",
         epo="met 2024-07-22", jsh="not_met", eu="met 2024-05-27", ccir="not_met", cciu="not_met", j21="not_met")
def p017():
    p = Patient("P017", sex="M", birth_date="1958-08-08")
    baseline(p, "2024-03-04", svd=45, count=3, largest=28)
    sessions(p, [
        ("2024-03-11", [("2024-04-15", dict(svd=40, count=3, vpct=45))]),
        ("2024-04-22", [("2024-05-27", dict(svd=42, count=3, vpct=45))])])
    p.treatment("2024-06-05", "ablation")
    return sessions(p, [
        ("2024-06-17", [("2024-07-22", dict(svd=55, count=3, vpct=50))]),
        ("2024-07-29", [("2024-09-02", dict(svd=60, count=3, vpct=50))])])


@patient("T2 technically suboptimal (unstable microcatheter): the CCI run is broken; JSH, EU, EPOIHCC still count it.",
         epo="met 2024-08-05", jsh="met 2024-06-24", eu="met 2024-06-24", ccir="not_met", cciu="not_met", j21="not_met")
def p018():
    p = Patient("P018", sex="F", birth_date="1961-01-29")
    baseline(p, "2024-04-01", svd=40, count=2, largest=30)
    return sessions(p, [
        ("2024-04-08", [("2024-05-13", dict(svd=38, vpct=70))]),
        ("2024-05-20", [("2024-06-24", dict(svd=44, vpct=80))], dict(suboptimal=True)),
        ("2024-07-01", [("2024-08-05", dict(svd=50, vpct=85))])])


@patient("Recurrence three years after resection; SD, SD, then +23% over baseline after T3: CCI, EPOIHCC, NR2.",
         epo="met 2024-09-09", jsh="not_met", eu="met 2024-07-29", ccir="met 2024-09-09", cciu="not_met", j21="not_met")
def p019():
    p = Patient("P019", sex="M", birth_date="1956-05-05")
    p.treatment("2021-09-15", "resection")
    baseline(p, "2024-05-06", svd=35, count=2, largest=25)
    return sessions(p, [
        ("2024-05-13", [("2024-06-17", dict(svd=30, vpct=40))]),
        ("2024-06-24", [("2024-07-29", dict(svd=33, vpct=45))]),
        ("2024-08-05", [("2024-09-09", dict(svd=43, vpct=60))])])


@patient("Curative (bridging): PR but no CR after T2 -> European curative failure; transplanted later.",
         epo="not_met", jsh="not_met", eu="met 2024-08-26", ccir="not_met", cciu="not_met", j21="not_met")
def p020():
    p = Patient("P020", intent="curative", sex="M", birth_date="1963-04-18")
    baseline(p, "2024-06-03", lesions=L((30, 32)), count=1, modality="MRI")
    sessions(p, [
        ("2024-06-10", [("2024-07-15", dict(lesions=L((12, 32)), count=1, vpct=25, modality="MRI"))]),
        ("2024-07-22", [("2024-08-26", dict(lesions=L((6, 32)), count=1, vpct=10, modality="MRI"))])])
    return p.treatment("2024-10-15", "transplant")


@patient("Curative, early HCC unsuitable for ablation: PR after T1, CR after T2. Nothing met.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p021():
    p = Patient("P021", intent="curative", sex="F", birth_date="1966-08-09")
    baseline(p, "2024-07-01", lesions=L((24, 26)), count=1, modality="MRI")
    return sessions(p, [
        ("2024-07-08", [("2024-08-12", dict(lesions=L((8, 26)), count=1, vpct=15, modality="MRI"))], dict(technique="TILA-TACE")),
        ("2024-08-19", [("2024-09-23", dict(lesions=L((0, 26)), count=1, vpct=0, modality="MRI"))], dict(technique="TILA-TACE"))])


@patient("Responding tumour, but Child-Pugh 5 -> 8 four weeks after T2 (European UP3; not CCI-unsuitable: class B).",
         epo="not_met", jsh="not_met", eu="met 2024-10-21", ccir="not_met", cciu="not_met", j21="not_met")
def p022():
    p = Patient("P022", sex="M", birth_date="1950-09-25")
    baseline(p, "2024-08-05", svd=40, count=2, largest=28)
    sessions(p, [("2024-08-12", [("2024-09-16", dict(svd=24, vpct=35))]), ("2024-09-23", [])])
    p.set(bili=2.3, alb=3.1, inr=1.3, ascites="mild").visit("2024-10-21")
    return p.img("2024-10-28", svd=20, vpct=30)


@patient("ECOG 0 -> 1 after T1 (European UP4); ECOG 1 is not CCI-unsuitable.",
         epo="not_met", jsh="not_met", eu="met 2024-10-07", ccir="not_met", cciu="not_met", j21="not_met")
def p023():
    p = Patient("P023", sex="F", birth_date="1955-12-12")
    baseline(p, "2024-09-02", svd=38, count=1, largest=38)
    sessions(p, [("2024-09-09", [])])
    p.set(ecog=1).visit("2024-10-07")
    return p.img("2024-10-14", svd=20, count=1, vpct=30)


@patient("Reader judges the intrahepatic disease no longer treatable by TACE at I2 (European UP5); then systemic.",
         epo="not_met", jsh="not_met", eu="met 2024-12-30", ccir="not_met", cciu="not_met", j21="not_met")
def p024():
    p = Patient("P024", sex="M", birth_date="1949-07-31")
    baseline(p, "2024-10-07", svd=45, count=3, largest=25)
    sessions(p, [
        ("2024-10-14", [("2024-11-18", dict(svd=30, count=3, vpct=40))]),
        ("2024-11-25", [("2024-12-30", dict(svd=30, count=3, vpct=45, untreatable=True))])])
    return p.treatment("2025-01-13", "systemic", "lenvatinib")


@patient("Intent not recorded; SD twice with 70% and 65% viable: both European readings met on the same day.",
         epo="not_met", jsh="met 2025-03-31", eu="met 2025-03-31", ccir="not_met", cciu="not_met", j21="not_met")
def p025():
    p = Patient("P025", intent=None, sex="M", birth_date="1953-10-10")
    baseline(p, "2025-01-06", svd=52, count=2, largest=33)
    return sessions(p, [
        ("2025-01-13", [("2025-02-17", dict(svd=48, vpct=70))]),
        ("2025-02-24", [("2025-03-31", dict(svd=47, vpct=65))])])


@patient("Intent not recorded; PR twice: palliative reading not met, curative reading met -> indeterminate.",
         epo="not_met", jsh="not_met", eu="indeterminate", ccir="not_met", cciu="not_met", j21="not_met")
def p026():
    p = Patient("P026", intent=None, sex="F", birth_date="1958-04-04")
    baseline(p, "2025-02-03", lesions=L((30, 33)), count=1)
    return sessions(p, [
        ("2025-02-10", [("2025-03-17", dict(lesions=L((18, 33)), count=1, vpct=35))]),
        ("2025-03-24", [("2025-04-28", dict(lesions=L((12, 33)), count=1, vpct=20))])])


@patient("Child-Pugh A6 with albumin 3.3 (mALBI 2b: JSH 2021 TACE-unsuitable); collapses to Child-Pugh C 12 after T1.",
         epo="not_met", jsh="not_met", eu="met 2025-03-31", ccir="not_met", cciu="met 2025-03-31", j21="met 2025-03-03")
def p027():
    p = Patient("P027", sex="M", birth_date="1947-01-16")
    p.set(alb=3.3)
    baseline(p, "2025-03-03", svd=45, count=2, largest=30)
    sessions(p, [("2025-03-10", [])])
    p.set(bili=3.6, alb=2.6, inr=1.9, ascites="moderate").visit("2025-03-31")
    return p.img("2025-04-14", svd=40, vpct=85)


@patient("Labs in umol/L and g/L; bilirubin 62 umol/L (3.6 mg/dL) after T2: CCI severe jaundice, Child-Pugh 8 (UP3).",
         epo="not_met", jsh="not_met", eu="met 2022-08-22", ccir="not_met", cciu="met 2022-08-22", j21="not_met")
def p028():
    p = Patient("P028", sex="F", birth_date="1951-05-09")
    p.set(bili=12.0, bili_unit="umol/L", alb=41.0, alb_unit="g/L")
    baseline(p, "2022-06-06", svd=42, count=2, largest=27)
    sessions(p, [("2022-06-13", [("2022-07-18", dict(svd=25, vpct=35))]), ("2022-07-25", [])])
    p.set(bili=62.0, alb=34.0, inr=1.3).visit("2022-08-22")
    return p.img("2022-08-29", svd=22, vpct=30)


@patient("Performance status falls to ECOG 3 three weeks after T1: CCI U3 and European UP4.",
         epo="not_met", jsh="not_met", eu="met 2022-08-01", ccir="not_met", cciu="met 2022-08-01", j21="not_met")
def p029():
    p = Patient("P029", sex="M", birth_date="1944-02-02")
    baseline(p, "2022-07-04", svd=36, count=1, largest=36)
    sessions(p, [("2022-07-11", [])])
    p.set(ecog=3).visit("2022-08-01")
    return p.img("2022-08-15", svd=20, count=1, vpct=30)


@patient("Overt hepatic encephalopathy (grade 2) after T2: CCI U2; Child-Pugh 8 (UP3).",
         epo="not_met", jsh="not_met", eu="met 2022-10-10", ccir="not_met", cciu="met 2022-10-10", j21="not_met")
def p030():
    p = Patient("P030", sex="F", birth_date="1952-11-30")
    baseline(p, "2022-08-01", svd=40, count=2, largest=26)
    sessions(p, [("2022-08-08", [("2022-09-12", dict(svd=26, vpct=40))]), ("2022-09-19", [])])
    p.set(bili=1.5, alb=3.4, inr=1.2, ascites="mild", he=2).visit("2022-10-10")
    return p.img("2022-10-24", svd=24, vpct=35)


@patient("Second TACE aborted: hepatic artery occluded, no catheterisable feeder (CCI U1); sorafenib.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="met 2022-11-21", j21="not_met")
def p031():
    p = Patient("P031", sex="M", birth_date="1957-07-09")
    baseline(p, "2022-10-03", svd=55, count=2, largest=35)
    sessions(p, [
        ("2022-10-10", [("2022-11-14", dict(svd=50, vpct=75))]),
        ("2022-11-21", [], dict(completed=False))])
    p.finding("2022-11-21", "hepatic_artery_occlusion")
    return p.treatment("2022-12-12", "systemic", "sorafenib")


@patient("Diffuse arterioportal fistula seen at the second TACE (CCI U4); tumour responding.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="met 2022-12-27", j21="not_met")
def p032():
    p = Patient("P032", sex="F", birth_date="1960-03-03")
    baseline(p, "2022-11-07", svd=44, count=2, largest=28)
    sessions(p, [("2022-11-14", [("2022-12-19", dict(svd=28, vpct=40))])])
    p.finding("2022-12-27", "diffuse_arterioportal_fistula")
    return sessions(p, [("2022-12-27", [("2023-01-31", dict(svd=25, vpct=35))])])


@patient("Refractory ascites after T2: CCI U2 (Child-Pugh only 8) and European UP3.",
         epo="not_met", jsh="not_met", eu="met 2023-02-20", ccir="not_met", cciu="met 2023-02-20", j21="not_met")
def p033():
    p = Patient("P033", sex="M", birth_date="1945-10-21")
    baseline(p, "2022-12-05", svd=38, count=1, largest=38)
    sessions(p, [("2022-12-12", [("2023-01-16", dict(svd=22, count=1, vpct=30))]), ("2023-01-23", [])])
    p.set(bili=1.2, alb=3.1, inr=1.3, ascites="severe", refractory=True).visit("2023-02-20")
    return p.img("2023-02-27", svd=20, count=1, vpct=25)


@patient("Hepatorenal syndrome three weeks after T1 (CCI U2; Child-Pugh 9 -> UP3).",
         epo="not_met", jsh="not_met", eu="met 2023-02-06", ccir="not_met", cciu="met 2023-02-06", j21="not_met")
def p034():
    p = Patient("P034", sex="F", birth_date="1943-06-15")
    baseline(p, "2023-01-09", svd=50, count=2, largest=32)
    sessions(p, [("2023-01-16", [])])
    p.set(bili=2.2, alb=2.9, inr=1.5, ascites="moderate", hrs=True).visit("2023-02-06")
    return p.img("2023-02-20", svd=40, vpct=60)


@patient("Both follow-up scans only 20 days after TACE (outside 28-92 days): JSH and European undecidable.",
         epo="not_met", jsh="indeterminate", eu="indeterminate", ccir="not_met", cciu="not_met", j21="not_met")
def p035():
    p = Patient("P035", sex="M", birth_date="1959-09-02")
    baseline(p, "2023-02-13", svd=60, count=2, largest=38)
    return sessions(p, [
        ("2023-02-20", [("2023-03-12", dict(svd=58, vpct=90))]),
        ("2023-03-27", [("2023-04-16", dict(svd=57, vpct=85))])])


@patient("Only bilirubin and ECOG at the follow-up; albumin, INR, ascites, HE last seen 38 days earlier: undecidable.",
         epo="not_met", jsh="not_met", eu="indeterminate", ccir="not_met", cciu="indeterminate", j21="not_met")
def p036():
    p = Patient("P036", sex="F", birth_date="1954-12-12")
    baseline(p, "2023-03-06", svd=40, count=1, largest=40)
    p.visit("2023-03-08", labs=("AFP",), clinical=False)
    p.tace("2023-03-09", visits=False)
    p.visit("2023-03-23", labs=("AFP",), clinical=False)
    p.img("2023-04-13", svd=20, count=1, vpct=30, visit=False)
    p.lab("2023-04-13", "bilirubin", 1.0, "mg/dL").lab("2023-04-13", "AFP", 5.0, "ng/mL")
    return p.clinical("2023-04-13", ecog=0, hepatorenal_syndrome=False)


@patient("80% viable after T1; no scan after T2 (moved to systemic therapy elsewhere): JSH and European undecidable.",
         epo="not_met", jsh="indeterminate", eu="indeterminate", ccir="not_met", cciu="not_met", j21="not_met")
def p037():
    p = Patient("P037", sex="M", birth_date="1950-01-01")
    baseline(p, "2023-04-03", svd=55, count=2, largest=35)
    sessions(p, [("2023-04-10", [("2023-05-15", dict(svd=52, vpct=80))]), ("2023-05-22", [])])
    p.visit("2023-06-26")
    return p.treatment("2023-07-10", "systemic", "lenvatinib")


@patient("Infiltrative HCC without a measurable target (non-CR/non-PD): EPOIHCC and CCI undecidable, JSH (70%, 80%) and NR2 met; JSH 2021 unsuitable.",
         epo="indeterminate", jsh="met 2023-07-24", eu="met 2023-07-24", ccir="indeterminate", cciu="not_met",
         j21="met 2023-05-01")
def p038():
    p = Patient("P038", sex="F", birth_date="1948-08-18")
    inf = dict(measurable=False, nontarget="nonCR-nonPD", count=1, modality="MRI")
    baseline(p, "2023-05-01", largest=80, morphology="infiltrative", vpct=100, **inf)
    return sessions(p, [
        ("2023-05-08", [("2023-06-12", dict(vpct=70, **inf))]),
        ("2023-06-19", [("2023-07-24", dict(vpct=80, **inf))]),
        ("2023-07-31", [("2023-09-04", dict(vpct=85, **inf))])])


@patient("Good responder whose baseline report gives no macroscopic type: JSH 2021 undecidable.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="indeterminate")
def p039():
    p = Patient("P039", sex="M", birth_date="1961-02-14")
    p.img("2023-06-05", lesions=L((26, 28)), count=1)
    return sessions(p, [
        ("2023-06-12", [("2023-07-17", dict(lesions=L((10, 28)), count=1, vpct=20))]),
        ("2023-07-31", [("2023-09-04", dict(lesions=L((0, 28)), count=1, vpct=0))])])


@patient("Good responder, ECOG never documented: CCI unsuitable and European UP4 undecidable.",
         epo="not_met", jsh="not_met", eu="indeterminate", ccir="not_met", cciu="indeterminate", j21="not_met")
def p040():
    p = Patient("P040", sex="F", birth_date="1956-06-06")
    p.set(ecog=None)
    baseline(p, "2023-07-03", svd=34, count=1, largest=34)
    return sessions(p, [
        ("2023-07-10", [("2023-08-14", dict(svd=15, count=1, vpct=20))]),
        ("2023-08-28", [("2023-10-02", dict(svd=0, count=1, vpct=0))])])


@patient("Good responder, labs in umol/L and g/L (bilirubin 12, albumin 41). Nothing met.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p041():
    p = Patient("P041", sex="M", birth_date="1964-04-24")
    p.set(bili=12.0, bili_unit="umol/L", alb=41.0, alb_unit="g/L")
    baseline(p, "2023-08-07", lesions=L((34, 36), (16, 20)), count=2)
    return sessions(p, [
        ("2023-08-14", [("2023-09-18", dict(lesions=L((14, 36), (6, 20)), vpct=30))]),
        ("2023-10-02", [("2023-11-06", dict(lesions=L((0, 36), (0, 20)), vpct=0))])])


@patient("Child-Pugh A6 (albumin 3.3 g/dL): mALBI 2b, JSH 2021 TACE-unsuitable at baseline; responds well.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="met 2023-09-04")
def p042():
    p = Patient("P042", sex="F", birth_date="1949-09-09")
    p.set(alb=3.3)
    baseline(p, "2023-09-04", svd=30, count=1, largest=30)
    return sessions(p, [
        ("2023-09-11", [("2023-10-16", dict(svd=12, count=1, vpct=20))]),
        ("2023-10-30", [("2023-12-04", dict(svd=0, count=1, vpct=0))])])


@patient("Bilobar multinodular (largest 62 mm, 4 tumours: beyond up-to-7), 85% and 80% viable: JSH, NR2, JSH 2021.",
         epo="not_met", jsh="met 2023-12-25", eu="met 2023-12-25", ccir="not_met", cciu="not_met", j21="met 2023-10-02")
def p043():
    p = Patient("P043", sex="M", birth_date="1952-05-05")
    nt = dict(count=4, nontarget="nonCR-nonPD")
    baseline(p, "2023-10-02", lesions=L((55, 62), (40, 45), NT(25), NT(18)), vpct=100, **nt)
    sessions(p, [
        ("2023-10-09", [("2023-11-13", dict(lesions=L((50, 62), (38, 45), NT(25), NT(18)), vpct=85, **nt))]),
        ("2023-11-20", [("2023-12-25", dict(lesions=L((49, 62), (37, 45), NT(25), NT(18)), vpct=80, **nt))])])
    return p.treatment("2024-01-08", "systemic", "atezolizumab-bevacizumab")


@patient("Biopsy: poorly differentiated HCC (JSH 2021 unsuitable from the biopsy date); responds (PR, PR).",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="met 2023-10-20")
def p044():
    p = Patient("P044", sex="F", birth_date="1957-03-13")
    p.finding("2023-10-20", "poorly_differentiated")
    baseline(p, "2023-11-06", svd=32, count=1, largest=32)
    return sessions(p, [
        ("2023-11-13", [("2023-12-18", dict(svd=14, count=1, vpct=25))]),
        ("2024-01-08", [("2024-02-12", dict(svd=8, count=1, vpct=15))])])


@patient("Sarcomatous change with rapid growth after T2 (90%, 95% viable; PD): JSH, NR2, JSH 2021.",
         epo="not_met", jsh="met 2024-02-26", eu="met 2024-02-26", ccir="not_met", cciu="not_met", j21="met 2024-02-26")
def p045():
    p = Patient("P045", sex="M", birth_date="1955-08-20")
    baseline(p, "2023-12-04", svd=48, count=2, largest=30)
    return sessions(p, [
        ("2023-12-11", [("2024-01-15", dict(svd=52, vpct=90))]),
        ("2024-01-22", [("2024-02-26", dict(svd=66, vpct=95, modality="MRI", sarcomatous_change=True))])])


@patient("Vp2 portal vein tumour thrombus already at baseline (CNLC IIIa), stable, target responding: nothing met.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p046():
    p = Patient("P046", sex="M", birth_date="1950-12-31")
    vi = dict(vi=True, grade="Vp2", nontarget="nonCR-nonPD", count=1)
    baseline(p, "2024-01-08", lesions=L((38, 42)), **vi)
    return sessions(p, [
        ("2024-01-15", [("2024-02-19", dict(lesions=L((20, 42)), vpct=35, **vi))]),
        ("2024-03-04", [("2024-04-08", dict(lesions=L((10, 42)), vpct=20, **vi))])])


@patient("Curative (downstaging): the scan after T2 came on day 100, CR after T3: whether T2 reached CR is unknown.",
         epo="not_met", jsh="not_met", eu="indeterminate", ccir="not_met", cciu="not_met", j21="not_met")
def p047():
    p = Patient("P047", intent="curative", sex="F", birth_date="1962-07-07")
    baseline(p, "2024-02-05", lesions=L((36, 40)), count=1, modality="MRI")
    sessions(p, [
        ("2024-02-12", [("2024-03-18", dict(lesions=L((15, 40)), count=1, vpct=25, modality="MRI"))]),
        ("2024-03-25", [])])
    p.visit("2024-05-14")
    p.img("2024-07-03", lesions=L((8, 40)), count=1, vpct=10, modality="MRI")
    return sessions(p, [("2024-07-08", [("2024-08-12", dict(lesions=L((0, 40)), count=1, vpct=0, modality="MRI"))])])


@patient("Staged bilobar TACE (right lobe, left lobe 21 days later), then PR: the first session has no evaluation of its own; nothing met.",
         epo="not_met", jsh="not_met", eu="not_met", ccir="not_met", cciu="not_met", j21="not_met")
def p048():
    p = Patient("P048", sex="M", birth_date="1953-03-27")
    baseline(p, "2024-03-04", lesions=L((30, 33), (24, 26)), count=2)
    return sessions(p, [
        ("2024-03-11", []),
        ("2024-04-01", [("2024-05-06", dict(lesions=L((12, 33), (8, 26)), vpct=25))]),
        ("2024-06-10", [("2024-07-15", dict(lesions=L((4, 33), (0, 26)), vpct=10))])])


# ---------------------------------------------------------------------------
# The README tour patient
# ---------------------------------------------------------------------------
TOUR_EXPECTED = {"epoihcc-2013": "not_met", "jsh-lcsgj-2014": "met 2024-04-01", "europe-2014": "met 2024-04-01",
                 "cci-2022-refractory": "not_met", "cci-2022-unsuitable": "not_met",
                 "jsh-2021-unsuitable": "met 2024-01-08"}


def tour():
    """Mr K., 67, HBV cirrhosis, Child-Pugh A5, ECOG 0, three nodules (BCLC-B, beyond up-to-7),
    palliative cTACE. Two sessions leave 80% and 75% of the tumour viable (SD twice), although
    the second used a different agent after cone-beam CT re-analysis of the feeders. JSH: A1 on
    2024-04-01. Europe (palliative): no objective response twice, same day. CCI would need a third
    consecutive session with PD against baseline; the tumour board switched to
    atezolizumab-bevacizumab instead. JSH 2021 would have called him TACE-unsuitable from the start."""
    p = Patient("TOUR", sex="M", birth_date="1956-09-14", etiology="HBV")
    p.set(afp=85.0)
    baseline(p, "2024-01-08", lesions=L((48, 52), (30, 34), NT(16)), count=3, nontarget="nonCR-nonPD")
    p.visit("2024-01-14")
    p.tace("2024-01-15", visits=False, technique="cTACE")
    p.set(afp=60.0).visit("2024-01-29")
    p.set(afp=72.0).img("2024-02-19", lesions=L((44, 52), (28, 34), NT(16)), count=3, vpct=80, nontarget="nonCR-nonPD")
    p.set(afp=75.0).visit("2024-02-25")
    p.tace("2024-02-26", visits=False, agents=["miriplatin", "lipiodol"], agent_changed=True, feeder_reanalyzed=True)
    p.set(afp=64.0).visit("2024-03-11")
    p.set(afp=70.0).img("2024-04-01", lesions=L((43, 52), (27, 34), NT(16)), count=3, vpct=75, nontarget="nonCR-nonPD")
    return p.treatment("2024-04-15", "systemic", "atezolizumab-bevacizumab")


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
KEYS = {"epo": "epoihcc-2013", "jsh": "jsh-lcsgj-2014", "eu": "europe-2014", "ccir": "cci-2022-refractory",
        "cciu": "cci-2022-unsuitable", "j21": "jsh-2021-unsuitable"}


README_HEAD = """# Example cohort

Synthetic, hand-checked patient timelines for regression tests, demos and the README tour.
Nothing here is real patient data.

| File | What |
|---|---|
| `cohort.ndjson` | 48 patients, `P001`–`P048`, one per line, in the timeline format (`/work/shared/spec/timeline.md`). |
| `cohort-expected.tsv` | The expected verdict of every patient under every bundled definition with the default profile P0: columns `patient`, `definition`, `params` (empty = P0), `verdict`, `first_met`, as in `scenarios-expected.tsv`. |
| `tour-patient.json` | One patient as a `tacit-timeline/1` JSON document, for the README tour (below). |
| `make_cohort.py` | Writes all of the above and this README (Python 3 standard library, deterministic). `python3 examples/make_cohort.py --check` exits 1 if a committed file differs from what it would write. |

Each patient is a short clinical story written by hand in `make_cohort.py`, with its expected
verdicts next to it. The verdicts were worked out by hand from the clause definitions in
`docs/rules.md`, not computed by tacit. Dates run from 2021 to 2025.

How the timelines are written (the same conventions as the shared worked scenarios, so that no
verdict rests on an unwritten default):

* every scan has a visit on the same day, and every TACE has a visit the day before and 14 days
  after it. A visit is bilirubin, albumin, INR and AFP (plus DCP where the story has it) and one
  clinical assessment (ECOG, ascites, refractory flag, encephalopathy grade, hepatorenal flag);
* scans write `tumor_count`, `viable_pct`, `new_lesions`, `vascular_invasion`,
  `extrahepatic_spread` and `intrahepatic_untreatable` out. About half the patients give target
  `lesions`, the others `target_viable_sum_mm`. Baseline scans also give the JSH 2021 inputs
  proposed in docs/rules.md §7 (`morphology`, and `largest_tumor_mm` when there are no `lesions`);
* TACE sessions write `completed`, `selective`, `standardized` and `suboptimal` out;
* intent: {intents}. Labs in umol/L and g/L: P028, P041.

## Patients

Columns: EPO = `epoihcc-2013`, JSH = `jsh-lcsgj-2014`, EU = `europe-2014` (with the patient's
own intent), CCI-R = `cci-2022-refractory`, CCI-U = `cci-2022-unsuitable`, JSH21 =
`jsh-2021-unsuitable`. "–" = `not_met`, "indet." = `indeterminate`, a date = `met` with that
`first_met`.
"""

README_TAIL = """
## Rows that depend on a documented decision

Every row was decided by hand; none was left open. These rows depend on an interpretation
choice of docs/rules.md §10 and are the first place to look when a rule change breaks them:

* P010: DCP is ignored while `on_vka` is true (D25); with DCP used, JSH would be met.
* P015: each EPOIHCC set has its own baseline (D21); against the course baseline every
  evaluation is a PR and EPOIHCC would not be met.
* P017: EPOIHCC sets are not broken by an ablation in P0, CCI runs are (D30/§5).
* P018: a suboptimal session breaks only the CCI run (D4, D5).
* P025, P026: intent missing: the verdict is the common value of both European readings (D27).
* P027, P042: mALBI 2b with albumin 3.3 g/dL and normal bilirubin (ALBI -2.06) is JSH 2021
  TACE-unsuitable; P027 is met on the baseline date.
* P036: the follow-up visit has bilirubin and ECOG only; albumin, INR, ascites and HE are 38 days
  old (D10), so Child-Pugh is anywhere in 5..13 (D13).
* P038: JSH uses the reported viable percentage without a measurable target (D23); the overall
  response is non-CR/non-PD, which is "no objective response" for Europe.
* P040: ECOG never documented: CCI U3 and European UP4 unknown (open world).
* P044: the biopsy finding predates the baseline scan, so JSH 2021 is met on the biopsy date.
* P046: portal invasion present at baseline never "appears" (D18).
* P047, P048: the JSH tumour-count comparison uses the last scan before the session, not only a
  valid evaluation of the previous session (D37). Read literally, brief A6 would make both JSH
  rows `indeterminate`; these two rows were the only ones where the first hand computation
  differed, and D37 was adopted after review.
* P031: an aborted attempt is not a session, and technical infeasibility is not European
  untreatable progression in P0 (S20).

## The tour patient (`tour-patient.json`)

Mr K., 67, hepatitis B cirrhosis, Child-Pugh A5, ECOG 0, three nodules (52, 34 and 16 mm:
BCLC-B, beyond up-to-7), treated with palliative cTACE.

* 2024-01-15 T1 (epirubicin-lipiodol). CT on 2024-02-19: the two target nodules still 80 %
  viable, viable sum 78 -> 72 mm (SD).
* 2024-02-26 T2, with a different agent (miriplatin) after cone-beam CT re-analysis of the
  feeders. CT on 2024-04-01: 75 % viable, 70 mm (SD).
* AFP 85 -> 60 -> 72 -> 75 -> 64 -> 70 ng/mL: no continuous rise.
* 2024-04-15: the tumour board switches him to atezolizumab-bevacizumab.

| Definition | Expected | Why |
|---|---|---|
| `jsh-lcsgj-2014` | met 2024-04-01 | A1: two consecutive sessions with > 50 % viable tumour, despite the agent change. |
| `europe-2014` (palliative) | met 2024-04-01 | NR2: two consecutive evaluations without objective response (SD, SD). |
| `cci-2022-refractory` | not_met | CCI needs three consecutive sessions and PD against the pre-TACE sum. |
| `epoihcc-2013` | not_met | Needs three sessions within six months. |
| `cci-2022-unsuitable` | not_met | Liver function and performance status preserved. |
| `jsh-2021-unsuitable` | met 2024-01-08 | 5.2 cm + 3 tumours = 8.2: beyond up-to-7 at baseline. |
"""


def outputs():
    here = os.path.dirname(os.path.abspath(__file__))
    files = {}
    lines, rows = [], ["patient\tdefinition\tparams\tverdict\tfirst_met"]
    ids = set()
    for pid, story, exp, fn in COHORT:
        pt = fn().build()
        assert pt["id"] == pid and pid not in ids, pid
        ids.add(pid)
        lines.append(json.dumps(pt, ensure_ascii=False))
        assert sorted(exp) == sorted(KEYS), pid
        for k in ["epo", "jsh", "eu", "ccir", "cciu", "j21"]:
            v = exp[k].split()
            rows.append("\t".join([pid, KEYS[k], "", v[0], v[1] if len(v) > 1 else ""]))
    files[os.path.join(here, "cohort.ndjson")] = "\n".join(lines) + "\n"
    files[os.path.join(here, "cohort-expected.tsv")] = "\n".join(rows) + "\n"
    t = tour().build()
    head = json.dumps({k: v for k, v in t.items() if k != "events"}, ensure_ascii=False)[:-1]
    events = ",\n".join("    " + json.dumps(e, ensure_ascii=False) for e in t["events"])
    files[os.path.join(here, "tour-patient.json")] = (
        '{"format": "tacit-timeline/1",\n "patients": [\n  ' + head + ', "events": [\n' + events + "\n  ]}\n ]}\n")
    files[os.path.join(here, "README.md")] = readme()
    return files


def cell(v):
    if v == "not_met":
        return "–"
    if v == "indeterminate":
        return "indet."
    return v.replace("met ", "**met** ")


def readme():
    intents = [fn().p.get("intent", "missing") for _, _, _, fn in COHORT]
    counts = ", ".join("%d %s" % (intents.count(k), k) for k in ("palliative", "curative", "missing"))
    out = [README_HEAD.replace("{intents}", counts)]
    out.append("| Patient | Intent | Story | EPO | JSH | EU | CCI-R | CCI-U | JSH21 |")
    out.append("|---|---|---|---|---|---|---|---|---|")
    for pid, story, exp, fn in COHORT:
        intent = fn().p.get("intent", "*(missing)*")
        out.append("| %s | %s | %s | %s |" % (pid, intent, story, " | ".join(
            cell(exp[k]) for k in ["epo", "jsh", "eu", "ccir", "cciu", "j21"])))
    out.append(README_TAIL)
    return "\n".join(out) + "\n"


def main():
    files = outputs()
    if "--check" in sys.argv:
        bad = [f for f, text in files.items() if not os.path.exists(f) or open(f, encoding="utf-8").read() != text]
        for f in bad:
            print("differs:", f)
        sys.exit(1 if bad else 0)
    for f, text in files.items():
        with open(f, "w", encoding="utf-8") as out:
            out.write(text)
    print("wrote %d patients" % len(COHORT))


if __name__ == "__main__":
    main()
