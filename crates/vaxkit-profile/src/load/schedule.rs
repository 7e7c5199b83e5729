//! Checking the routine-schedule sections and building [`Schedule`]: every code resolved to an
//! index, every age and interval parsed, every mistake reported at its key.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Checker, suggest};
use crate::immunization::*;
use crate::model::Period;
use crate::regions::Regions;
use crate::schema::{ProfileFile, VaccineFile};
use crate::schema_schedule::*;
use crate::span::Span;

/// The antigen code of a product's antigen entry.
pub(super) fn antigen_code(a: &ProductAntigenFile) -> String {
    match a {
        ProductAntigenFile::Code(c) => c.clone(),
        ProductAntigenFile::Limited(l) => l.antigen.clone(),
    }
}

/// A date far enough from month ends that comparing two spans after it orders them.
fn probe() -> NaiveDate {
    NaiveDate::from_ymd_opt(2001, 1, 1).unwrap_or_default()
}

impl Checker<'_, '_> {
    pub(super) fn schedule(&mut self, f: &ProfileFile, regions: Option<&Regions>) -> Schedule {
        let v2_sections = [
            ("antigens", !f.antigens.is_empty()),
            ("vaccine_groups", !f.vaccine_groups.is_empty()),
            ("live_virus_conflicts", !f.live_virus_conflicts.is_empty()),
            ("series", !f.series.is_empty()),
        ];
        if f.version == 1 {
            for (key, present) in v2_sections {
                if present {
                    self.help(
                        key,
                        format!("`{key}` needs profile format version 2"),
                        "set version = 2, or run `vaxkit profile upgrade` on the folder",
                    );
                }
            }
            return self.v1_schedule(&f.vaccines);
        }
        let antigens = self.antigens(&f.antigens);
        let antigen_codes: Vec<&str> = antigens.iter().map(|a| a.code.as_str()).collect();
        let products = self.products(&f.vaccines, &antigen_codes);
        let product_codes: Vec<String> = products.iter().map(|p| p.code.clone()).collect();
        let product_codes: Vec<&str> = product_codes.iter().map(String::as_str).collect();
        let groups = self.groups(&f.vaccine_groups, &antigens);
        let conflicts = self.conflicts(&f.live_virus_conflicts, &product_codes);
        let mut series = Vec::new();
        let mut seen = HashSet::new();
        for (i, s) in f.series.iter().enumerate() {
            let at = format!("series[{i}]");
            self.code(&format!("{at}.code"), &s.code, "series code");
            if !seen.insert(s.code.as_str()) {
                self.err(
                    &format!("{at}.code"),
                    format!("series code `{}` is used twice", s.code),
                );
            }
            if let Some(one) = self.series(&at, s, &antigen_codes, &product_codes, regions) {
                series.push(one);
            }
        }
        Schedule {
            antigens,
            products,
            groups,
            series,
            conflicts,
        }
    }

    /// A version-1 profile: one antigen per disease, the products, no routine series.
    fn v1_schedule(&mut self, list: &[VaccineFile]) -> Schedule {
        let mut antigens: Vec<Antigen> = Vec::new();
        let mut products = Vec::new();
        for v in list {
            let Some(disease) = &v.disease else { continue };
            let id = match antigens.iter().position(|a| &a.code == disease) {
                Some(id) => id,
                None => {
                    antigens.push(Antigen {
                        code: disease.clone(),
                        name: disease.clone(),
                        immune_if_born_before: None,
                    });
                    antigens.len() - 1
                }
            };
            products.push(Product {
                code: v.code.clone(),
                name: v.name.clone(),
                manufacturer: v.manufacturer.clone().unwrap_or_default(),
                codes: v.codes.clone(),
                antigens: vec![ProductAntigen {
                    antigen: id,
                    from_age: None,
                    to_age: None,
                }],
                available: Period {
                    from: super::parse_day(&v.available_from),
                    until: super::parse_day(&v.available_until),
                },
            });
        }
        let groups = implicit_groups(&antigens, Vec::new());
        Schedule {
            antigens,
            products,
            groups,
            series: Vec::new(),
            conflicts: Vec::new(),
        }
    }

    fn span(&mut self, path: &str, text: Option<&String>) -> Option<Span> {
        let text = text?;
        match Span::parse(text) {
            Ok(s) => Some(s),
            Err(e) => {
                self.help(
                    path,
                    format!("`{text}` is not an age or interval: {e}"),
                    "write e.g. \"6 weeks\", \"9 months\", \"6 weeks - 4 days\" or \"3 months + 4 weeks\"",
                );
                None
            }
        }
    }

    fn reference(&mut self, path: &str, code: &str, known: &[&str], what: &str) -> Option<usize> {
        if let Some(i) = known.iter().position(|k| *k == code) {
            return Some(i);
        }
        let help = match suggest(code, known) {
            Some(s) => format!("did you mean `{s}`?"),
            None if known.len() <= 12 => format!("use one of: {}", known.join(", ")),
            None => format!(
                "declare it first, or use one of the {} {what}s",
                known.len()
            ),
        };
        self.help(path, format!("unknown {what} `{code}`"), help);
        None
    }

    fn references(
        &mut self,
        path: &str,
        codes: &[String],
        known: &[&str],
        what: &str,
    ) -> Vec<usize> {
        codes
            .iter()
            .enumerate()
            .filter_map(|(i, c)| self.reference(&format!("{path}[{i}]"), c, known, what))
            .collect()
    }

    fn antigens(&mut self, list: &[AntigenFile]) -> Vec<Antigen> {
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for (i, a) in list.iter().enumerate() {
            let at = format!("antigens[{i}]");
            self.code(&format!("{at}.code"), &a.code, "antigen code");
            if !seen.insert(a.code.as_str()) {
                self.err(
                    &format!("{at}.code"),
                    format!("antigen `{}` is declared twice", a.code),
                );
            }
            let immune = self.date(
                &format!("{at}.immune_if_born_before"),
                &a.immune_if_born_before,
            );
            out.push(Antigen {
                code: a.code.clone(),
                name: a.name.clone(),
                immune_if_born_before: immune,
            });
        }
        out
    }

    fn products(&mut self, list: &[VaccineFile], antigens: &[&str]) -> Vec<Product> {
        let mut out = Vec::new();
        for (i, v) in list.iter().enumerate() {
            let at = format!("vaccines[{i}]");
            if v.disease.is_some() {
                let help = match &v.disease {
                    Some(d) => format!("write antigens = [\"{d}\"] and declare it in [[antigens]]"),
                    None => String::new(),
                };
                self.help(
                    &format!("{at}.disease"),
                    "`disease` is the version-1 key; version 2 lists the antigens a dose counts for",
                    help,
                );
            }
            let mut list_out = Vec::new();
            match &v.antigens {
                None if v.disease.is_some() => {}
                None => self.missing(&at, "antigens"),
                Some(list) => {
                    for (j, a) in list.iter().enumerate() {
                        let path = format!("{at}.antigens[{j}]");
                        let (code, from, to) = match a {
                            ProductAntigenFile::Code(c) => (c, None, None),
                            ProductAntigenFile::Limited(l) => (
                                &l.antigen,
                                self.span(&format!("{path}.from_age"), l.from_age.as_ref()),
                                self.span(&format!("{path}.to_age"), l.to_age.as_ref()),
                            ),
                        };
                        if let Some(antigen) = self.reference(&path, code, antigens, "antigen") {
                            list_out.push(ProductAntigen {
                                antigen,
                                from_age: from,
                                to_age: to,
                            });
                        }
                    }
                }
            }
            let available = Period {
                from: super::parse_day(&v.available_from),
                until: super::parse_day(&v.available_until),
            };
            out.push(Product {
                code: v.code.clone(),
                name: v.name.clone(),
                manufacturer: v.manufacturer.clone().unwrap_or_default(),
                codes: v.codes.clone(),
                antigens: list_out,
                available,
            });
        }
        out
    }

    fn groups(&mut self, list: &[VaccineGroupFile], antigens: &[Antigen]) -> Vec<VaccineGroup> {
        let codes: Vec<&str> = antigens.iter().map(|a| a.code.as_str()).collect();
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        let mut grouped = HashSet::new();
        for (i, g) in list.iter().enumerate() {
            let at = format!("vaccine_groups[{i}]");
            self.code(&format!("{at}.code"), &g.code, "vaccine group code");
            if !seen.insert(g.code.as_str()) {
                self.err(
                    &format!("{at}.code"),
                    format!("vaccine group `{}` is declared twice", g.code),
                );
            }
            let ids = self.references(&format!("{at}.antigens"), &g.antigens, &codes, "antigen");
            for (j, id) in ids.iter().enumerate() {
                if !grouped.insert(*id) {
                    self.help(
                        &format!("{at}.antigens[{j}]"),
                        format!(
                            "antigen `{}` is already in another vaccine group",
                            codes.get(*id).copied().unwrap_or_default()
                        ),
                        "an antigen belongs to one vaccine group",
                    );
                }
            }
            if ids.is_empty() && g.antigens.is_empty() {
                self.err(
                    &format!("{at}.antigens"),
                    "a vaccine group needs an antigen",
                );
            }
            out.push(VaccineGroup {
                code: g.code.clone(),
                name: g.name.clone(),
                antigens: ids,
                administer_full_group: g.administer_full_group,
            });
        }
        implicit_groups(antigens, out)
    }

    fn conflicts(&mut self, list: &[ConflictFile], products: &[&str]) -> Vec<LiveVirusConflict> {
        let mut out = Vec::new();
        for (i, c) in list.iter().enumerate() {
            let at = format!("live_virus_conflicts[{i}]");
            let previous =
                self.references(&format!("{at}.previous"), &c.previous, products, "vaccine");
            let current =
                self.references(&format!("{at}.current"), &c.current, products, "vaccine");
            let begin = self.span(&format!("{at}.begin"), Some(&c.begin));
            let end = self.span(&format!("{at}.end"), Some(&c.end));
            let min_end = match &c.min_end {
                Some(t) => self.span(&format!("{at}.min_end"), Some(t)),
                None => end,
            };
            if let (Some(begin), Some(min_end), Some(end)) = (begin, min_end, end) {
                out.push(LiveVirusConflict {
                    previous,
                    current,
                    begin,
                    min_end,
                    end,
                });
            }
        }
        out
    }

    fn series(
        &mut self,
        at: &str,
        s: &SeriesFile,
        antigens: &[&str],
        products: &[&str],
        regions: Option<&Regions>,
    ) -> Option<Series> {
        let antigen = self.reference(&format!("{at}.antigen"), &s.antigen, antigens, "antigen");
        let kind = match s.kind.as_str() {
            "standard" => SeriesKind::Standard,
            "risk" => SeriesKind::Risk,
            "evaluation-only" => SeriesKind::EvaluationOnly,
            other => {
                let names = ["standard", "risk", "evaluation-only"];
                let help = match suggest(other, &names) {
                    Some(x) => format!("did you mean `{x}`?"),
                    None => "use standard, risk or evaluation-only".into(),
                };
                self.help(
                    &format!("{at}.kind"),
                    format!("unknown series kind `{other}`"),
                    help,
                );
                SeriesKind::Standard
            }
        };
        if kind == SeriesKind::Risk && s.conditions.is_empty() {
            self.help(
                &format!("{at}.conditions"),
                "a risk series needs the conditions it is for",
                "list condition codes, e.g. conditions = [\"asplenia\"]",
            );
        }
        if let Some(regions) = regions {
            for (i, r) in s.regions.iter().enumerate() {
                if regions.get(r).is_none() {
                    self.help(
                        &format!("{at}.regions[{i}]"),
                        format!("unknown region `{r}`"),
                        "use a region code from regions.csv",
                    );
                }
            }
        }
        for (i, g) in s.genders.iter().enumerate() {
            self.code(&format!("{at}.genders[{i}]"), g, "gender");
        }
        let set = self.count(&format!("{at}.set"), s.set, 1, 99);
        let equivalent_sets = s
            .equivalent_sets
            .iter()
            .enumerate()
            .map(|(i, e)| self.count(&format!("{at}.equivalent_sets[{i}]"), *e, 1, 99))
            .collect();
        let preference = self.count(&format!("{at}.preference"), s.preference, 1, 99);
        let min_age_to_start = self.span(
            &format!("{at}.min_age_to_start"),
            s.min_age_to_start.as_ref(),
        );
        let max_age_to_start = self.span(
            &format!("{at}.max_age_to_start"),
            s.max_age_to_start.as_ref(),
        );
        if s.doses.is_empty() {
            self.help(
                &format!("{at}.doses"),
                "a series needs at least one dose",
                "add a [[series.doses]] table per dose",
            );
        }
        let mut doses = Vec::new();
        for (i, d) in s.doses.iter().enumerate() {
            doses.push(self.dose(&format!("{at}.doses[{i}]"), d, i, products));
        }
        if let Some(first) = s.doses.iter().position(|d| d.booster) {
            for (i, d) in s.doses.iter().enumerate().skip(first + 1) {
                if !d.booster {
                    self.help(
                        &format!("{at}.doses[{i}]"),
                        format!(
                            "dose {} is not a booster, but dose {} before it is",
                            i + 1,
                            first + 1
                        ),
                        "boosters come after the primary series: set booster = true on every dose after the first booster, or remove it from the doses of the primary series",
                    );
                }
            }
        }
        Some(Series {
            code: s.code.clone(),
            name: s.name.clone(),
            antigen: antigen?,
            kind,
            genders: s.genders.clone(),
            regions: s.regions.clone(),
            conditions: s.conditions.clone(),
            default: s.default,
            product_path: s.product_path,
            set,
            equivalent_sets,
            priority: s.priority.clone(),
            preference,
            min_age_to_start,
            max_age_to_start,
            doses,
        })
    }

    fn dose(
        &mut self,
        at: &str,
        d: &SeriesDoseFile,
        index: usize,
        products: &[&str],
    ) -> SeriesDose {
        let mut ages = Vec::new();
        if d.age.is_some() && !d.ages.is_empty() {
            self.help(
                &format!("{at}.ages"),
                "both `age` and `ages` are given",
                "use `age` for one rule, or `ages` for effective-dated rules",
            );
        }
        let age_files: Vec<(String, &AgeFile)> = match &d.age {
            Some(a) => vec![(format!("{at}.age"), a)],
            None => d
                .ages
                .iter()
                .enumerate()
                .map(|(i, a)| (format!("{at}.ages[{i}]"), a))
                .collect(),
        };
        for (path, a) in age_files {
            ages.push(self.age(&path, a));
        }
        let preferable = self.dose_products(&format!("{at}.preferable"), &d.preferable, products);
        let allowable = self.dose_products(&format!("{at}.allowable"), &d.allowable, products);
        // With an unknown product among them (already reported) the list is not known.
        let listed: Option<Vec<ProductId>> = (preferable.len() + allowable.len()
            == d.preferable.len() + d.allowable.len())
        .then(|| {
            preferable
                .iter()
                .chain(&allowable)
                .map(|p| p.product)
                .collect()
        });
        let dose_products = DoseProducts {
            codes: products,
            listed: listed.as_deref(),
        };
        let intervals = self.intervals_of(
            at,
            "interval",
            &d.interval,
            &d.intervals,
            index,
            dose_products,
        );
        let allowable_intervals = self.intervals_of(
            at,
            "allowable_interval",
            &d.allowable_interval,
            &d.allowable_intervals,
            index,
            dose_products,
        );
        if preferable.is_empty()
            && allowable.is_empty()
            && d.preferable.is_empty()
            && d.allowable.is_empty()
        {
            self.help(
                at,
                "the dose names no vaccine",
                "list the products that may be given, e.g. preferable = [\"bcg\"]",
            );
        }
        let inadvertent = self.references(
            &format!("{at}.inadvertent"),
            &d.inadvertent,
            products,
            "vaccine",
        );
        let skips = d
            .skip
            .iter()
            .enumerate()
            .filter_map(|(i, s)| self.skip(&format!("{at}.skip[{i}]"), s, products))
            .collect();
        let season = d
            .season
            .as_ref()
            .and_then(|s| self.season(&format!("{at}.season"), s));
        SeriesDose {
            ages,
            intervals,
            allowable_intervals,
            preferable,
            allowable,
            inadvertent,
            skips,
            recurring: d.recurring,
            booster: d.booster,
            season,
        }
    }

    fn age(&mut self, path: &str, a: &AgeFile) -> DoseAge {
        let age = DoseAge {
            absolute_min: self.span(&format!("{path}.absolute_min"), a.absolute_min.as_ref()),
            min: self.span(&format!("{path}.min"), a.min.as_ref()),
            earliest: self.span(&format!("{path}.earliest"), a.earliest.as_ref()),
            latest: self.span(&format!("{path}.latest"), a.latest.as_ref()),
            max: self.span(&format!("{path}.max"), a.max.as_ref()),
            period: self.period(
                [&format!("{path}.from"), &format!("{path}.until")],
                &a.from,
                &a.until,
            ),
        };
        self.ordered(
            path,
            &[
                ("absolute_min", age.absolute_min),
                ("min", age.min),
                ("earliest", age.earliest),
                ("latest", age.latest),
                ("max", age.max),
            ],
        );
        age
    }

    /// Each given value must not come before the ones named before it.
    fn ordered(&mut self, path: &str, values: &[(&str, Option<Span>)]) {
        let mut before: Option<(&str, Span)> = None;
        for (key, value) in values {
            let Some(value) = value else { continue };
            if let Some((prev_key, prev)) = before
                && value.after(probe()) < prev.after(probe())
            {
                self.help(
                    &format!("{path}.{key}"),
                    format!("{key} ({value}) comes before {prev_key} ({prev})"),
                    "the order is absolute_min <= min <= earliest <= latest <= max",
                );
            }
            before = Some((key, *value));
        }
    }

    fn intervals_of(
        &mut self,
        at: &str,
        key: &str,
        one: &Option<IntervalFile>,
        many: &[IntervalFile],
        index: usize,
        products: DoseProducts<'_>,
    ) -> Vec<Interval> {
        let files: Vec<(String, &IntervalFile)> = match one {
            Some(i) => {
                if !many.is_empty() {
                    self.help(
                        &format!("{at}.{key}s"),
                        format!("both `{key}` and `{key}s` are given"),
                        format!("use `{key}` for one rule, or `{key}s` for several"),
                    );
                }
                vec![(format!("{at}.{key}"), i)]
            }
            None => many
                .iter()
                .enumerate()
                .map(|(i, f)| (format!("{at}.{key}s[{i}]"), f))
                .collect(),
        };
        for (path, f) in &files {
            if index == 0 && f.from_last_of.is_none() {
                self.help(
                    path,
                    "the first dose of a series has no dose before it",
                    "count from another product with from_last_of, or remove the interval",
                );
            }
        }
        files
            .into_iter()
            .map(|(path, f)| self.interval(&path, f, index, products))
            .collect()
    }

    fn interval(
        &mut self,
        path: &str,
        f: &IntervalFile,
        index: usize,
        dose_products: DoseProducts<'_>,
    ) -> Interval {
        let products = dose_products.codes;
        let from = match (f.from_dose, &f.from_last_of) {
            (Some(_), Some(_)) => {
                self.help(
                    &format!("{path}.from_last_of"),
                    "both from_dose and from_last_of are given",
                    "an interval is counted from one dose",
                );
                IntervalFrom::Previous
            }
            (Some(n), None) => {
                let max = i64::try_from(index).unwrap_or(1).max(1);
                IntervalFrom::Dose(self.count(&format!("{path}.from_dose"), n, 1, max))
            }
            (None, Some(list)) => IntervalFrom::LastOf(self.references(
                &format!("{path}.from_last_of"),
                list,
                products,
                "vaccine",
            )),
            (None, None) => IntervalFrom::Previous,
        };
        let interval = Interval {
            from,
            absolute_min: self.span(&format!("{path}.absolute_min"), f.absolute_min.as_ref()),
            min: self.span(&format!("{path}.min"), f.min.as_ref()),
            earliest: self.span(&format!("{path}.earliest"), f.earliest.as_ref()),
            latest: self.span(&format!("{path}.latest"), f.latest.as_ref()),
            priority_override: f.priority_override,
            after_products: self.references(
                &format!("{path}.after_vaccines"),
                &f.after_vaccines,
                products,
                "vaccine",
            ),
            for_products: self.for_vaccines(path, &f.for_vaccines, dose_products),
            period: self.period(
                [&format!("{path}.from"), &format!("{path}.until")],
                &f.from,
                &f.until,
            ),
        };
        self.ordered(
            path,
            &[
                ("absolute_min", interval.absolute_min),
                ("min", interval.min),
                ("earliest", interval.earliest),
                ("latest", interval.latest),
            ],
        );
        interval
    }

    /// An interval's `for_vaccines`: each a product of the profile, and one the dose accepts,
    /// since a dose of any other product is not valid whatever the interval.
    fn for_vaccines(
        &mut self,
        path: &str,
        codes: &[String],
        dose_products: DoseProducts<'_>,
    ) -> Vec<ProductId> {
        let mut out = Vec::new();
        for (i, code) in codes.iter().enumerate() {
            let at = format!("{path}.for_vaccines[{i}]");
            let Some(product) = self.reference(&at, code, dose_products.codes, "vaccine") else {
                continue;
            };
            if dose_products.listed.is_some_and(|l| !l.contains(&product)) {
                self.help(
                    &at,
                    format!("the dose does not accept `{code}`, so this interval would never apply"),
                    format!(
                        "add `{code}` to the dose's preferable or allowable vaccines, or remove it from for_vaccines"
                    ),
                );
            }
            out.push(product);
        }
        out
    }

    fn dose_products(
        &mut self,
        path: &str,
        list: &[DoseProductFile],
        products: &[&str],
    ) -> Vec<DoseProduct> {
        let mut out = Vec::new();
        for (i, p) in list.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let entry = match p {
                DoseProductFile::Code(code) => {
                    self.reference(&at, code, products, "vaccine")
                        .map(|product| DoseProduct {
                            product,
                            from_age: None,
                            to_age: None,
                            forecast: false,
                            period: Period::default(),
                            may_follow: None,
                        })
                }
                DoseProductFile::Limited(l) => {
                    let product =
                        self.reference(&format!("{at}.vaccine"), &l.vaccine, products, "vaccine");
                    let from_age = self.span(&format!("{at}.from_age"), l.from_age.as_ref());
                    let to_age = self.span(&format!("{at}.to_age"), l.to_age.as_ref());
                    let period = self.period(
                        [&format!("{at}.from"), &format!("{at}.until")],
                        &l.from,
                        &l.until,
                    );
                    let may_follow = l.may_follow.as_ref().map(|rules| {
                        rules
                            .iter()
                            .enumerate()
                            .map(|(j, r)| {
                                let path = format!("{at}.may_follow[{j}]");
                                if r.vaccines.is_empty() {
                                    self.help(
                                        &format!("{path}.vaccines"),
                                        "a may_follow rule needs the vaccines it lets this one follow",
                                        "list them, e.g. vaccines = [\"covishield\"]; to allow no other vaccine, write may_follow = []",
                                    );
                                }
                                FollowRule {
                                    products: self.references(
                                        &format!("{path}.vaccines"),
                                        &r.vaccines,
                                        products,
                                        "vaccine",
                                    ),
                                    period: self.period(
                                        [&format!("{path}.from"), &format!("{path}.until")],
                                        &r.from,
                                        &r.until,
                                    ),
                                }
                            })
                            .collect()
                    });
                    product.map(|product| DoseProduct {
                        product,
                        from_age,
                        to_age,
                        forecast: l.forecast,
                        period,
                        may_follow,
                    })
                }
            };
            out.extend(entry);
        }
        out
    }

    fn skip(&mut self, at: &str, s: &SkipFile, products: &[&str]) -> Option<Skip> {
        let context = match s.context.as_str() {
            "evaluation" => SkipContext::Evaluation,
            "forecast" => SkipContext::Forecast,
            "both" => SkipContext::Both,
            other => {
                self.help(
                    &format!("{at}.context"),
                    format!("unknown skip context `{other}`"),
                    "use evaluation, forecast or both",
                );
                return None;
            }
        };
        let all_sets = self.logic(&format!("{at}.logic"), &s.logic);
        let mut sets = Vec::new();
        for (i, set) in s.sets.iter().enumerate() {
            let path = format!("{at}.sets[{i}]");
            let all = self.logic(&format!("{path}.logic"), &set.logic);
            let period = self.period(
                [&format!("{path}.from"), &format!("{path}.until")],
                &set.from,
                &set.until,
            );
            let conditions = set
                .conditions
                .iter()
                .enumerate()
                .filter_map(|(j, c)| {
                    self.condition(&format!("{path}.conditions[{j}]"), c, products)
                })
                .collect();
            sets.push(SkipSet {
                description: set.description.clone(),
                all,
                period,
                conditions,
            });
        }
        Some(Skip {
            context,
            all_sets,
            sets,
        })
    }

    fn logic(&mut self, path: &str, text: &str) -> bool {
        match text {
            "all" => true,
            "any" => false,
            other => {
                self.help(path, format!("unknown logic `{other}`"), "use all or any");
                true
            }
        }
    }

    fn condition(
        &mut self,
        at: &str,
        c: &ConditionFile,
        products: &[&str],
    ) -> Option<SkipCondition> {
        let from_age = self.span(&format!("{at}.from_age"), c.from_age.as_ref());
        let to_age = self.span(&format!("{at}.to_age"), c.to_age.as_ref());
        match c.kind.as_str() {
            "age" => Some(SkipCondition::Age {
                from: from_age,
                to: to_age,
            }),
            "interval" => match &c.interval {
                Some(t) => self
                    .span(&format!("{at}.interval"), Some(t))
                    .map(SkipCondition::Interval),
                None => {
                    self.missing(at, "interval");
                    None
                }
            },
            "count" => {
                let compare = match c.compare.as_deref() {
                    Some("greater") => CountCompare::Greater,
                    Some("equal") => CountCompare::Equal,
                    Some("less") => CountCompare::Less,
                    Some(other) => {
                        self.help(
                            &format!("{at}.compare"),
                            format!("unknown comparison `{other}`"),
                            "use greater, equal or less",
                        );
                        return None;
                    }
                    None => {
                        self.missing(at, "compare");
                        return None;
                    }
                };
                let valid_only = match c.doses.as_deref() {
                    None | Some("valid") => true,
                    Some("total") => false,
                    Some(other) => {
                        self.help(
                            &format!("{at}.doses"),
                            format!("unknown dose kind `{other}`"),
                            "use valid or total",
                        );
                        true
                    }
                };
                let Some(count) = c.count else {
                    self.missing(at, "count");
                    return None;
                };
                let count = self.count(&format!("{at}.count"), count, 0, 100);
                Some(SkipCondition::Count {
                    products: self.references(
                        &format!("{at}.vaccines"),
                        &c.vaccines,
                        products,
                        "vaccine",
                    ),
                    from_age,
                    to_age,
                    from_date: self.bound(&format!("{at}.from_date"), &c.from_date),
                    to_date: self.bound(&format!("{at}.to_date"), &c.to_date),
                    valid_only,
                    compare,
                    count,
                })
            }
            "completed" => Some(SkipCondition::CompletedSeries(
                c.sets
                    .iter()
                    .map(|s| u32::try_from(*s).unwrap_or(0))
                    .collect(),
            )),
            other => {
                let names = ["age", "interval", "count", "completed"];
                let help = match suggest(other, &names) {
                    Some(x) => format!("did you mean `{x}`?"),
                    None => "use age, interval, count or completed".into(),
                };
                self.help(
                    &format!("{at}.type"),
                    format!("unknown condition type `{other}`"),
                    help,
                );
                None
            }
        }
    }

    fn bound(&mut self, path: &str, text: &Option<crate::schema::DateText>) -> Option<DateBound> {
        match text.as_ref().map(|t| t.0.as_str()) {
            None => None,
            Some("season-start") => Some(DateBound::SeasonStart),
            Some("season-end") => Some(DateBound::SeasonEnd),
            Some(_) => self.date(path, text).map(DateBound::Day),
        }
    }

    fn season(&mut self, path: &str, s: &SeasonFile) -> Option<Season> {
        let mut parse = |key: &str, text: &str| -> Option<(u32, u32)> {
            let parsed = text.split_once('-').and_then(|(m, d)| {
                let (m, d) = (m.parse().ok()?, d.parse().ok()?);
                NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
            });
            if parsed.is_none() {
                self.help(
                    &format!("{path}.{key}"),
                    format!("`{text}` is not a day of the year"),
                    "write MM-DD, e.g. \"07-01\"",
                );
            }
            parsed
        };
        let start = parse("start", &s.start);
        let end = parse("end", &s.end);
        Some(Season {
            start: start?,
            end: end?,
        })
    }
}

/// Every antigen outside a declared group forms a group of its own, named after it.
fn implicit_groups(antigens: &[Antigen], mut groups: Vec<VaccineGroup>) -> Vec<VaccineGroup> {
    for (id, a) in antigens.iter().enumerate() {
        if !groups.iter().any(|g| g.antigens.contains(&id)) {
            groups.push(VaccineGroup {
                code: a.code.clone(),
                name: a.name.clone(),
                antigens: vec![id],
                administer_full_group: false,
            });
        }
    }
    groups
}

/// The products a dose may name: every product of the profile by code, and those the dose
/// accepts (`None` when one of its own is unknown, already reported).
#[derive(Clone, Copy)]
struct DoseProducts<'p> {
    codes: &'p [&'p str],
    listed: Option<&'p [ProductId]>,
}
