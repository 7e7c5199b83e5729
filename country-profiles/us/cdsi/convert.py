#!/usr/bin/env python3
"""Writes the routine schedule of country-profiles/us/profile.toml from the CDC's CDSi
supporting data in this folder (see SOURCE.md). Run from the repository root:

    python3 country-profiles/us/cdsi/convert.py > country-profiles/us/schedule.toml.part

The output is the part of profile.toml after the line `# --- Routine schedule`; the part above
it (country, ID schemes, settings) is written by hand.

Standard and evaluation-only series are converted; risk series (which need medical conditions)
are left out. Influenza's season, dated in the data, becomes a yearly season from 1 July to
30 June, and counts "during the current season" / "before the current season" become
`season-start` / `season-end` bounds, so the schedule does not expire each summer.
"""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).parent

# Antigen (as the data names it) -> profile code, and the vaccine groups of the CDSi test cases.
ANTIGENS = [
    ("Diphtheria", "diphtheria"), ("Tetanus", "tetanus"), ("Pertussis", "pertussis"),
    ("Polio", "polio"), ("Hib", "hib"), ("HepB", "hepb"), ("Measles", "measles"),
    ("Mumps", "mumps"), ("Rubella", "rubella"), ("Varicella", "varicella"), ("HepA", "hepa"),
    ("HPV", "hpv"), ("Pneumococcal", "pneumococcal"), ("Rotavirus", "rotavirus"),
    ("Meningococcal", "meningococcal"), ("Influenza", "influenza"), ("Zoster", "zoster"),
    ("COVID-19", "covid-19"),
]
GROUPS = [
    ("dtap", "DTaP/Tdap/Td", ["diphtheria", "tetanus", "pertussis"], False),
    ("pol", "Polio", ["polio"], False),
    ("hib", "Hib", ["hib"], False),
    ("hepb", "Hepatitis B", ["hepb"], False),
    ("mmr", "MMR", ["measles", "mumps", "rubella"], True),
    ("var", "Varicella", ["varicella"], False),
    ("hepa", "Hepatitis A", ["hepa"], False),
    ("hpv", "HPV", ["hpv"], False),
    ("pcv", "Pneumococcal", ["pneumococcal"], False),
    ("rota", "Rotavirus", ["rotavirus"], False),
    ("mcv", "Meningococcal ACWY", ["meningococcal"], False),
    ("flu", "Influenza", ["influenza"], False),
    ("zoster", "Zoster", ["zoster"], False),
    ("covid-19", "COVID-19", ["covid-19"], False),
]
CODE = dict(ANTIGENS)


def q(s):
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def t(el, tag):
    v = el.findtext(tag) if el is not None else None
    v = (v or "").strip()
    return "" if v.lower() == "n/a" else v


def slug(s):
    s = s.lower().replace("+", " plus ").replace("&", " and ")
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def ymd(s):
    s = s.strip()
    if re.fullmatch(r"\d{8}", s):
        return f"{s[:4]}-{s[4:6]}-{s[6:]}"
    m = re.fullmatch(r"(\d{2})/(\d{2})/(\d{4})", s)
    if m:
        return f"{m.group(3)}-{m.group(1)}-{m.group(2)}"
    raise ValueError(s)


def cvx(s):
    return s.strip().lstrip("0") or "0"


schedule = ET.parse(HERE / "ScheduleSupportingData.xml").getroot()
short = {}
assoc = {}
for m in schedule.find("cvxToAntigenMap"):
    c = cvx(t(m, "cvx"))
    short[c] = t(m, "shortDescription")
    for a in m.findall("association"):
        name = t(a, "antigen")
        if name in CODE:
            assoc.setdefault(c, []).append((CODE[name], t(a, "associationBeginAge"), t(a, "associationEndAge")))

series_out = []
used = set()
antigen_lines = []
SEASON = {}


def use(c):
    if c.strip():
        used.add(cvx(c))
    return cvx(c)


def product_list(c_list):
    return [use(c) for c in re.split(r"[;,]\s*", c_list) if c.strip()]


def span(s):
    s = s.strip()
    return s if s else None


def kv(pairs):
    parts = [f"{k} = {v}" for k, v in pairs if v is not None]
    return "{ " + ", ".join(parts) + " }"


for name, code in ANTIGENS:
    root = ET.parse(HERE / f"AntigenSupportingData- {name}-508.xml").getroot()
    born = None
    imm = root.find("immunity")
    if imm is not None:
        for dob in imm.findall("dateOfBirth"):
            if t(dob, "immunityBirthDate"):
                born = ymd(t(dob, "immunityBirthDate"))
    antigen_lines.append((code, name, born))
    for s in root.findall("series"):
        kind = t(s, "seriesType")
        if kind == "Risk":
            continue
        sel = s.find("selectSeries")
        lines = ["[[series]]"]
        scode = f"{code}-{slug(t(s, 'seriesName'))}"
        lines.append(f"code = {q(scode)}")
        lines.append(f"name = {q(t(s, 'seriesName'))}")
        lines.append(f"antigen = {q(code)}")
        if kind == "Evaluation Only":
            lines.append('kind = "evaluation-only"')
        genders = [g.text.strip().lower() for g in s.findall("requiredGender") if g.text and g.text.strip()]
        if genders:
            lines.append("genders = [" + ", ".join(q(g) for g in genders) + "]")
        if t(sel, "defaultSeries") == "Yes":
            lines.append("default = true")
        if t(sel, "productPath") == "Yes":
            lines.append("product_path = true")
        if t(sel, "seriesGroup") not in ("", "1"):
            lines.append(f"set = {int(t(sel, 'seriesGroup'))}")
        eq = [int(x) for x in re.split(r"[;,]\s*", t(s, "equivalentSeriesGroups")) if x.strip()]
        if eq:
            lines.append("equivalent_sets = [" + ", ".join(map(str, eq)) + "]")
        if t(sel, "seriesPriority") not in ("", "A"):
            lines.append(f"priority = {q(t(sel, 'seriesPriority'))}")
        lines.append(f"preference = {int(t(sel, 'seriesPreference') or 1)}")
        for key, tag in (("min_age_to_start", "minAgeToStart"), ("max_age_to_start", "maxAgeToStart")):
            if t(sel, tag):
                lines.append(f"{key} = {q(t(sel, tag))}")
        for dose_index, d in enumerate(s.findall("seriesDose")):
            lines.append("")
            lines.append("[[series.doses]]")
            ages = []
            for a in d.findall("age"):
                pairs = [(k, q(t(a, tag)) if t(a, tag) else None) for k, tag in (
                    ("absolute_min", "absMinAge"), ("min", "minAge"), ("earliest", "earliestRecAge"),
                    ("latest", "latestRecAge"), ("max", "maxAge"))]
                if t(a, "effectiveDate"):
                    pairs.append(("from", ymd(t(a, "effectiveDate"))))
                if t(a, "cessationDate"):
                    pairs.append(("until", ymd(t(a, "cessationDate"))))
                if any(v for _, v in pairs):
                    ages.append(kv(pairs))
            if len(ages) == 1 and "from" not in ages[0] and "until" not in ages[0]:
                lines.append(f"age = {ages[0]}")
            elif ages:
                lines.append("ages = [" + ", ".join(ages) + "]")

            def intervals(tag):
                out = []
                for i in d.findall(tag):
                    pairs = []
                    if t(i, "fromRelevantObs") or (i.find("fromRelevantObs") is not None and t(i.find("fromRelevantObs"), "code")):
                        continue
                    if t(i, "fromPrevious") == "N" and t(i, "fromTargetDose"):
                        pairs.append(("from_dose", str(int(t(i, "fromTargetDose")))))
                    elif t(i, "fromPrevious") == "N" and t(i, "fromMostRecent"):
                        pairs.append(("from_last_of", "[" + ", ".join(q("cvx-" + c) for c in product_list(t(i, "fromMostRecent"))) + "]"))
                    elif t(i, "fromPrevious") != "Y" or dose_index == 0:
                        # A first dose has no dose before it (the data has one such 0-day rule).
                        continue
                    for k, tg in (("absolute_min", "absMinInt"), ("min", "minInt"),
                                  ("earliest", "earliestRecInt"), ("latest", "latestRecInt")):
                        if t(i, tg):
                            pairs.append((k, q(t(i, tg))))
                    if t(i, "intervalPriority").lower() == "override":
                        pairs.append(("override", "true"))
                    if t(i, "effectiveDate"):
                        pairs.append(("from", ymd(t(i, "effectiveDate"))))
                    if t(i, "cessationDate"):
                        pairs.append(("until", ymd(t(i, "cessationDate"))))
                    if len(pairs) > 0 and any(k in ("absolute_min", "min", "earliest", "latest") for k, _ in pairs):
                        out.append(kv(pairs))
                return out

            ivs = intervals("interval")
            if ivs:
                lines.append("intervals = [" + ", ".join(ivs) + "]")
            aivs = intervals("allowableInterval")
            if aivs:
                lines.append("allowable_intervals = [" + ", ".join(aivs) + "]")

            def products(tag, with_forecast):
                out = []
                for p in d.findall(tag):
                    if not t(p, "cvx"):
                        continue
                    c = use(t(p, "cvx"))
                    pairs = [("vaccine", q("cvx-" + c))]
                    if t(p, "beginAge"):
                        pairs.append(("from_age", q(t(p, "beginAge"))))
                    if t(p, "endAge"):
                        pairs.append(("to_age", q(t(p, "endAge"))))
                    if with_forecast and t(p, "forecastVaccineType") == "Y":
                        pairs.append(("forecast", "true"))
                    out.append(q("cvx-" + c) if len(pairs) == 1 else kv(pairs))
                return out

            pref = products("preferableVaccine", True)
            allow = products("allowableVaccine", False)
            if pref:
                lines.append("preferable = [" + ", ".join(pref) + "]")
            if allow:
                lines.append("allowable = [" + ", ".join(allow) + "]")
            inad = [q("cvx-" + use(t(p, "cvx"))) for p in d.findall("inadvertentVaccine") if t(p, "cvx")]
            if inad:
                lines.append("inadvertent = [" + ", ".join(inad) + "]")
            if t(d, "recurringDose") == "Yes":
                lines.append("recurring = true")
            season = d.find("seasonalRecommendation")
            season_dates = None
            if season is not None and t(season, "startDate"):
                start, end = ymd(t(season, "startDate")), ymd(t(season, "endDate"))
                season_dates = (start, end)
                lines.append(f'season = {{ start = "{start[5:]}", end = "{end[5:]}" }}')
            for cs in d.findall("conditionalSkip"):
                if not t(cs, "context"):
                    continue
                lines.append("")
                lines.append("[[series.doses.skip]]")
                lines.append(f"context = {q(t(cs, 'context').lower())}")
                if t(cs, "setLogic").upper() == "AND":
                    lines.append('logic = "all"')
                for st in cs.findall("set"):
                    lines.append("")
                    lines.append("[[series.doses.skip.sets]]")
                    lines.append(f"description = {q(t(st, 'setDescription'))}")
                    if t(st, "conditionLogic").upper() == "OR":
                        lines.append('logic = "any"')
                    if t(st, "effectiveDate"):
                        lines.append(f"from = {ymd(t(st, 'effectiveDate'))}")
                    if t(st, "cessationDate"):
                        lines.append(f"until = {ymd(t(st, 'cessationDate'))}")
                    conds = []
                    for c in st.findall("condition"):
                        ctype = t(c, "conditionType")
                        pairs = []
                        if ctype == "Age":
                            pairs.append(("type", '"age"'))
                        elif ctype == "Interval":
                            pairs += [("type", '"interval"'), ("interval", q(t(c, "interval")))]
                        elif ctype.startswith("Vaccine Count"):
                            pairs.append(("type", '"count"'))
                        elif ctype == "Completed Series":
                            sets = [x for x in re.split(r"[;,]\s*", t(c, "seriesGroups")) if x.strip()]
                            pairs += [("type", '"completed"'), ("sets", "[" + ", ".join(sets) + "]")]
                        else:
                            raise ValueError(ctype)
                        if ctype in ("Age", "Vaccine Count by Age"):
                            if t(c, "beginAge"):
                                pairs.append(("from_age", q(t(c, "beginAge"))))
                            if t(c, "endAge"):
                                pairs.append(("to_age", q(t(c, "endAge"))))
                        if ctype == "Vaccine Count by Date":
                            for k, tg in (("from_date", "startDate"), ("to_date", "endDate")):
                                if not t(c, tg):
                                    continue
                                day = ymd(t(c, tg))
                                if season_dates and day == season_dates[0]:
                                    pairs.append((k, '"season-start"'))
                                elif season_dates and day == season_dates[1]:
                                    pairs.append((k, '"season-end"'))
                                else:
                                    pairs.append((k, day))
                        if ctype.startswith("Vaccine Count"):
                            pairs.append(("vaccines", "[" + ", ".join(q("cvx-" + x) for x in product_list(t(c, "vaccineTypes"))) + "]"))
                            pairs.append(("doses", q(t(c, "doseType").lower())))
                            logic = {"greater than": "greater", "equal to": "equal", "less than": "less"}[t(c, "doseCountLogic").lower()]
                            pairs.append(("compare", q(logic)))
                            pairs.append(("count", str(int(t(c, "doseCount")))))
                        conds.append(kv(pairs))
                    lines.append("conditions = [" + ", ".join(conds) + "]")
        series_out.append("\n".join(lines))

# Live-virus conflicts, gathered by their three spans and the set of earlier products.
groups = {}
for c in schedule.find("liveVirusConflicts"):
    key = (t(c, "conflictBeginInterval"), t(c, "minConflictEndInterval"), t(c, "conflictEndInterval"))
    cur = cvx(t(c.find("current"), "cvx"))
    prev = cvx(t(c.find("previous"), "cvx"))
    for side in ("current", "previous"):
        short.setdefault(cvx(t(c.find(side), "cvx")), t(c.find(side), "vaccineType"))
    groups.setdefault(key, {}).setdefault(cur, set()).add(prev)
conflicts = []
for (begin, min_end, end), currents in groups.items():
    by_prev = {}
    for cur, prevs in currents.items():
        by_prev.setdefault(frozenset(prevs), []).append(cur)
    for prevs, curs in by_prev.items():
        for x in list(prevs) + curs:
            used.add(x)
        conflicts.append((sorted(prevs, key=int), sorted(curs, key=int), begin, min_end, end))

out = []
w = out.append
w("# --- Routine schedule: written by cdsi/convert.py from the CDC's CDSi supporting data 4.18")
w("# (cdsi/SOURCE.md). Edit the converter, not the lines below.")
w("")
for code, name, born in antigen_lines:
    w("[[antigens]]")
    w(f"code = {q(code)}")
    w(f"name = {q(name)}")
    if born:
        w(f"immune_if_born_before = {born}")
    w("")
for code, name, antigens, full in GROUPS:
    w("[[vaccine_groups]]")
    w(f"code = {q(code)}")
    w(f"name = {q(name)}")
    w("antigens = [" + ", ".join(q(a) for a in antigens) + "]")
    if full:
        w("administer_full_group = true")
    w("")
for c in sorted(used, key=int):
    if c not in short:
        print(f"CVX {c} is not in the CVX map", file=sys.stderr)
        continue
    w("[[vaccines]]")
    w(f"code = {q('cvx-' + c)}")
    w(f"name = {q(short[c])}")
    ants = []
    for a, begin, end in assoc.get(c, []):
        if begin and begin != "0 days" or end:
            pairs = [("antigen", q(a))]
            if begin and begin != "0 days":
                pairs.append(("from_age", q(begin)))
            if end:
                pairs.append(("to_age", q(end)))
            ants.append(kv(pairs))
        else:
            ants.append(q(a))
    if not ants:
        w("# Counts for none of the antigens here; named for live-virus spacing or as a mistake.")
    w("antigens = [" + ", ".join(ants) + "]")
    w(f'codes = {{ cvx = "{c.zfill(2)}" }}')
    w("")
for prevs, curs, begin, min_end, end in conflicts:
    w("[[live_virus_conflicts]]")
    w("previous = [" + ", ".join(q("cvx-" + p) for p in prevs) + "]")
    w("current = [" + ", ".join(q("cvx-" + p) for p in curs) + "]")
    w(f"begin = {q(begin)}")
    w(f"min_end = {q(min_end)}")
    w(f"end = {q(end)}")
    w("")
w("\n\n".join(series_out))
print("\n".join(out))
