//! The campaign rules of every shipped profile answered two ways — from the `[[vaccines]]` rules
//! as written (`schedule::evaluate_by_rules`) and from the series they translate to
//! (`schedule::evaluate`) — over seeded random histories: births by year or by date, zero to four
//! earlier doses of random products on random days, a random day asked about. Every answer
//! (allowed or refused, reason, dates, dose number, products) and every error must be the same.
//! Variants of two profiles add rules no shipped profile uses: product mixing allowed, and age
//! groups with an upper age.
//!
//! The booking and the recording of a dose ask the engine the same question (vaxkit-core's
//! purpose only names the action in a refusal), so one comparison covers both.
//!
//! A second test checks that the comparison would notice a rule the translation dropped: each
//! age rule, interval rule and `may_follow` rule of each product is left out of the series in
//! turn (and each number of a rule moved by one), and some history must then get another answer.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{Datelike, Days, NaiveDate};
use vaxkit_profile::schedule::{Answer, Birth, PastDose, ScheduleError};
use vaxkit_profile::schedule::{evaluate, evaluate_by_rules};
use vaxkit_profile::{LoadOptions, Profile, Vaccine, campaign, load};

/// Histories per profile in the comparison.
const HISTORIES: usize = 40_000;
/// Histories tried per mutated rule before it counts as unnoticed.
const MUTATION_TRIES: usize = 20_000;

/// SplitMix64: small, seeded, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as usize) as i64
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

fn shift(day: NaiveDate, days: i64) -> NaiveDate {
    if days >= 0 {
        day.checked_add_days(Days::new(days as u64)).unwrap_or(day)
    } else {
        day.checked_sub_days(Days::new(days.unsigned_abs()))
            .unwrap_or(day)
    }
}

/// What the generator draws from: the profile's own dates, gaps and ages, so that histories
/// land on the edges of its rules.
struct Material {
    codes: Vec<String>,
    days: Vec<NaiveDate>,
    gaps: Vec<i64>,
    ages: Vec<i64>,
    start: NaiveDate,
    end: NaiveDate,
}

impl Material {
    fn of(vaccines: &[Vaccine]) -> Self {
        let mut days = Vec::new();
        let mut gaps = vec![0, 1, 7, 14, 21, 28, 42, 56, 84, 90, 180, 273, 365];
        let mut ages = vec![0, 12, 15, 18, 45, 60];
        for v in vaccines {
            let mut periods = vec![v.available];
            periods.extend(v.ages.iter().map(|r| r.period));
            periods.extend(v.intervals.iter().map(|r| r.period));
            periods.extend(v.may_follow.iter().map(|r| r.period));
            for p in periods {
                for d in [p.from, p.until].into_iter().flatten() {
                    days.extend([shift(d, -1), d, shift(d, 1)]);
                }
            }
            for r in &v.ages {
                ages.push(i64::from(r.min_years));
                ages.extend(r.max_years.map(|m| i64::from(m) + 1));
            }
            for r in &v.intervals {
                gaps.extend(
                    [r.min_days, r.min_days.saturating_sub(1), r.min_days + 1].map(i64::from),
                );
                if let Some(m) = r.max_days {
                    gaps.extend([m, m + 1].map(i64::from));
                }
                ages.extend(r.min_age_years.map(i64::from));
            }
        }
        days.sort();
        days.dedup();
        let start = NaiveDate::from_ymd_opt(2020, 12, 1).unwrap();
        let end = NaiveDate::from_ymd_opt(2024, 6, 30).unwrap();
        Material {
            codes: vaccines.iter().map(|v| v.code.clone()).collect(),
            days,
            gaps,
            ages,
            start,
            end,
        }
    }

    fn day(&self, rng: &mut Rng, focus: &[NaiveDate]) -> NaiveDate {
        if !focus.is_empty() && rng.chance(40) {
            return *rng.pick(focus);
        }
        if !self.days.is_empty() && rng.chance(30) {
            return *rng.pick(&self.days);
        }
        let span = (self.end - self.start).num_days();
        shift(self.start, rng.between(0, span))
    }

    fn gap(&self, rng: &mut Rng) -> i64 {
        if rng.chance(60) {
            *rng.pick(&self.gaps)
        } else {
            rng.between(0, 500)
        }
    }
}

/// One question: who, what they had, what is asked about and on which day.
#[derive(Debug, Clone)]
struct Question {
    vaccine: String,
    birth: Birth,
    doses: Vec<PastDose>,
    on: NaiveDate,
}

fn question(
    rng: &mut Rng,
    m: &Material,
    focus_code: Option<&str>,
    focus: &[NaiveDate],
) -> Question {
    let pick_code = |rng: &mut Rng| -> String {
        match focus_code {
            Some(c) if rng.chance(50) => c.to_owned(),
            _ => rng.pick(&m.codes).clone(),
        }
    };
    // The day the person's age matters, and a birth that reaches one of the profile's ages
    // around it.
    let anchor = m.day(rng, focus);
    let birth = if rng.chance(60) {
        let years = *rng.pick(&m.ages);
        let year = anchor.year() - years as i32 + rng.between(-1, 1) as i32;
        if rng.chance(50) {
            Birth::Year(year)
        } else {
            let day = NaiveDate::from_ymd_opt(year, anchor.month(), anchor.day())
                .unwrap_or_else(|| NaiveDate::from_ymd_opt(year, 2, 28).unwrap());
            Birth::Date(shift(day, rng.between(-3, 3)))
        }
    } else if rng.chance(50) {
        Birth::Year(rng.between(1925, 2016) as i32)
    } else if rng.chance(5) {
        Birth::Date(NaiveDate::from_ymd_opt(rng.between(0, 20) as i32 * 4 + 1928, 2, 29).unwrap())
    } else {
        Birth::Date(shift(
            NaiveDate::from_ymd_opt(1925, 1, 1).unwrap(),
            rng.between(0, 33_000),
        ))
    };
    let born = match birth {
        Birth::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1).unwrap(),
        Birth::Date(d) => d,
    };
    let count = *rng.pick(&[0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4]);
    let mut doses: Vec<PastDose> = Vec::new();
    let mut day = m.day(rng, focus).max(born);
    for i in 0..count {
        if i > 0 {
            day = shift(day, m.gap(rng));
        }
        let product = match doses.first() {
            Some(first) if rng.chance(60) => first.product.clone(),
            _ => pick_code(rng),
        };
        doses.push(PastDose { date: day, product });
    }
    let on = if rng.chance(3) {
        shift(born, -rng.between(1, 400))
    } else if !doses.is_empty() && rng.chance(50) {
        shift(day, m.gap(rng))
    } else {
        m.day(rng, focus).max(day)
    };
    if rng.chance(20) {
        // Records come in any order.
        let i = rng.below(doses.len().max(1));
        let j = rng.below(doses.len().max(1));
        if i < doses.len() && j < doses.len() {
            doses.swap(i, j);
        }
    }
    let vaccine = if rng.chance(1) {
        "not-a-product".to_owned()
    } else if let Some(last) = doses.last().filter(|_| rng.chance(50)) {
        last.product.clone()
    } else {
        pick_code(rng)
    };
    Question {
        vaccine,
        birth,
        doses,
        on,
    }
}

type Outcome = Result<Answer, ScheduleError>;

fn by_rules(p: &Profile, q: &Question) -> Outcome {
    evaluate_by_rules(p, &q.vaccine, q.birth, &q.doses, q.on)
}

fn by_series(p: &Profile, q: &Question) -> Outcome {
    evaluate(p, &q.vaccine, q.birth, &q.doses, q.on)
}

/// The question again on the edges of the first answer's window.
fn probes(q: &Question, first: &Outcome) -> Vec<Question> {
    let Ok(a) = first else { return Vec::new() };
    [a.earliest, a.latest]
        .into_iter()
        .flatten()
        .flat_map(|d| [shift(d, -1), d, shift(d, 1)])
        .map(|on| Question { on, ..q.clone() })
        .collect()
}

fn shipped() -> Vec<(String, Profile)> {
    let root = Path::new("../../country-profiles");
    let mut dirs: Vec<_> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("profile.toml").is_file())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|d| {
            let name = d.file_name().unwrap().to_string_lossy().into_owned();
            let p = load(&d, &LoadOptions::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
            (name, p)
        })
        .filter(|(_, p)| !p.vaccines.is_empty())
        .collect()
}

/// The profile with other campaign rules, translated again as loading would.
fn variant(p: &Profile, vaccines: Vec<Vaccine>, allow_product_mix: bool) -> Profile {
    let mut v = p.clone();
    let translated = campaign::series(&p.vaccines, &p.schedule, p.appointments.allow_product_mix);
    let declared = v.schedule.series.len() - translated.len();
    v.schedule.series.truncate(declared);
    v.schedule
        .series
        .extend(campaign::series(&vaccines, &v.schedule, allow_product_mix));
    v.vaccines = vaccines;
    v.appointments.allow_product_mix = allow_product_mix;
    v
}

/// Rules no shipped profile uses: product mixing allowed, and age groups with an upper age.
fn variants(shipped: &[(String, Profile)]) -> Vec<(String, Profile)> {
    let mut out = Vec::new();
    for (name, p) in shipped.iter().filter(|(n, _)| n == "example" || n == "in") {
        out.push((
            format!("{name} with product mixing"),
            variant(p, p.vaccines.clone(), true),
        ));
        let mut capped = p.vaccines.clone();
        for (i, v) in capped.iter_mut().enumerate() {
            for (j, r) in v.ages.iter_mut().enumerate() {
                r.max_years = Some(r.min_years + 5 + 7 * ((i + j) as u32 % 6));
            }
        }
        out.push((
            format!("{name} with upper ages"),
            variant(p, capped, p.appointments.allow_product_mix),
        ));
    }
    out
}

#[test]
fn the_series_answer_as_the_rules_do_on_every_shipped_profile() {
    let mut profiles = shipped();
    assert!(
        profiles.len() >= 4,
        "expected the shipped profiles with campaign products"
    );
    profiles.extend(variants(&profiles));
    let mut total_histories = 0usize;
    let mut total_questions = 0usize;
    let mut reasons: BTreeMap<String, usize> = BTreeMap::new();
    for (name, p) in &profiles {
        let m = Material::of(&p.vaccines);
        let mut rng = Rng(0x5EED_0000
            ^ name
                .bytes()
                .fold(0u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b))));
        let mut questions = 0usize;
        let mut mismatches: Vec<String> = Vec::new();
        for _ in 0..HISTORIES {
            let q = question(&mut rng, &m, None, &[]);
            let reference = by_rules(p, &q);
            let mut asked = vec![q.clone()];
            asked.extend(probes(&q, &reference));
            for one in &asked {
                let old = by_rules(p, one);
                let new = by_series(p, one);
                questions += 1;
                let code = match &old {
                    Ok(a) => a.reason.code().to_owned(),
                    Err(_) => "error".to_owned(),
                };
                *reasons.entry(code).or_default() += 1;
                if old != new && mismatches.len() < 5 {
                    mismatches.push(format!("{one:?}\n  rules:  {old:?}\n  series: {new:?}"));
                }
            }
        }
        println!("{name}: {HISTORIES} histories, {questions} questions, all the same");
        assert!(
            mismatches.is_empty(),
            "{name}: the series and the rules disagree:\n{}",
            mismatches.join("\n")
        );
        total_histories += HISTORIES;
        total_questions += questions;
    }
    println!(
        "{} profiles and variants: {total_histories} histories, {total_questions} questions compared; answers by reason: {reasons:?}",
        profiles.len()
    );
    for code in [
        "eligible",
        "overdue",
        "too_young",
        "too_old",
        "too_early",
        "series_complete",
        "product_mix",
        "not_offered",
        "not_available",
        "error",
    ] {
        assert!(
            reasons.get(code).copied().unwrap_or(0) >= 20,
            "too few `{code}` answers to compare: {reasons:?}"
        );
    }
}

/// A rule changed in one product's catalogue entry, named for the report.
struct Mutation {
    label: String,
    vaccine: String,
    days: Vec<NaiveDate>,
    vaccines: Vec<Vaccine>,
}

fn mutations(vaccines: &[Vaccine], allow_product_mix: bool) -> Vec<Mutation> {
    let mut out = Vec::new();
    let mut push = |i: usize, label: String, days: Vec<NaiveDate>, f: &dyn Fn(&mut Vaccine)| {
        let mut list = vaccines.to_vec();
        f(&mut list[i]);
        out.push(Mutation {
            label: format!("{}: {label}", vaccines[i].code),
            vaccine: vaccines[i].code.clone(),
            days,
            vaccines: list,
        });
    };
    let edges = |p: vaxkit_profile::Period| -> Vec<NaiveDate> {
        [p.from, p.until]
            .into_iter()
            .flatten()
            .flat_map(|d| [shift(d, -1), d, shift(d, 1)])
            .collect()
    };
    for (i, v) in vaccines.iter().enumerate() {
        for (j, r) in v.ages.iter().enumerate() {
            let days = edges(r.period);
            push(i, format!("ages[{j}] left out"), days.clone(), &|v| {
                v.ages.remove(j);
            });
            push(i, format!("ages[{j}].min_years + 1"), days.clone(), &|v| {
                v.ages[j].min_years += 1;
            });
            if r.max_years.is_some() {
                push(i, format!("ages[{j}].max_years + 1"), days.clone(), &|v| {
                    v.ages[j].max_years = v.ages[j].max_years.map(|m| m + 1);
                });
            }
        }
        for (j, r) in v.intervals.iter().enumerate() {
            let days = edges(r.period);
            push(i, format!("intervals[{j}] left out"), days.clone(), &|v| {
                v.intervals.remove(j);
            });
            push(
                i,
                format!("intervals[{j}].min_days + 1"),
                days.clone(),
                &|v| {
                    v.intervals[j].min_days += 1;
                },
            );
            if r.max_days.is_some() {
                push(
                    i,
                    format!("intervals[{j}].max_days + 1"),
                    days.clone(),
                    &|v| {
                        v.intervals[j].max_days = v.intervals[j].max_days.map(|m| m + 1);
                    },
                );
            }
            if r.min_age_years.is_some() {
                push(
                    i,
                    format!("intervals[{j}].min_age_years + 1"),
                    days.clone(),
                    &|v| {
                        v.intervals[j].min_age_years = v.intervals[j].min_age_years.map(|m| m + 1);
                    },
                );
            }
        }
        // With mixing allowed, `may_follow` says nothing.
        for (j, r) in v
            .may_follow
            .iter()
            .enumerate()
            .filter(|_| !allow_product_mix)
        {
            push(
                i,
                format!("may_follow[{j}] left out"),
                edges(r.period),
                &|v| {
                    v.may_follow.remove(j);
                },
            );
        }
        push(i, "doses + 1".into(), Vec::new(), &|v| v.doses += 1);
        push(i, "boosters + 1".into(), Vec::new(), &|v| v.boosters += 1);
    }
    out
}

#[test]
fn leaving_any_rule_out_of_the_series_changes_an_answer() {
    let mut checked = 0usize;
    let mut unnoticed: Vec<String> = Vec::new();
    let mut profiles = shipped();
    profiles.extend(variants(&profiles));
    for (name, p) in profiles {
        let m = Material::of(&p.vaccines);
        let translated =
            campaign::series(&p.vaccines, &p.schedule, p.appointments.allow_product_mix).len();
        let declared = p.schedule.series.len() - translated;
        for (k, mutation) in mutations(&p.vaccines, p.appointments.allow_product_mix)
            .into_iter()
            .enumerate()
        {
            let mut mutated = p.clone();
            mutated.schedule.series.truncate(declared);
            let series = campaign::series(
                &mutation.vaccines,
                &mutated.schedule,
                p.appointments.allow_product_mix,
            );
            mutated.schedule.series.extend(series);
            let mut rng = Rng(0xC0FF_EE00 + k as u64);
            let noticed = (0..MUTATION_TRIES).any(|_| {
                let q = question(&mut rng, &m, Some(&mutation.vaccine), &mutation.days);
                let reference = by_rules(&p, &q);
                let mut asked = vec![q.clone()];
                asked.extend(probes(&q, &reference));
                asked
                    .iter()
                    .any(|one| by_rules(&p, one) != by_series(&mutated, one))
            });
            checked += 1;
            if !noticed {
                unnoticed.push(format!("{name}: {}", mutation.label));
            }
        }
    }
    println!("{checked} single-rule changes to the series, each noticed by some history");
    assert!(
        unnoticed.is_empty(),
        "the comparison did not notice these changes:\n{}",
        unnoticed.join("\n")
    );
}

#[test]
fn the_forecast_follows_the_campaign_course_too() {
    use vaxkit_profile::forecast::{Given, Patient, Status, forecast};
    let profiles = shipped();
    let (_, p) = profiles.iter().find(|(n, _)| n == "example").unwrap();
    let s = &p.schedule;
    let day = |t: &str| NaiveDate::parse_from_str(t, "%Y-%m-%d").unwrap();
    let comirnaty = s.product("comirnaty").unwrap();
    let given = [
        Given {
            date: day("2021-04-10"),
            product: comirnaty,
        },
        Given {
            date: day("2021-05-20"),
            product: comirnaty,
        },
    ];
    let patient = Patient {
        birth: day("1980-01-01"),
        gender: None,
        region: None,
        conditions: &[],
    };
    let f = forecast(s, &patient, &given, day("2021-11-20"), None).unwrap();
    assert!(f.doses.iter().all(|e| e.is_valid()), "{f:?}");
    let covid = f
        .groups
        .iter()
        .find(|g| s.groups[g.group].code == "covid-19")
        .unwrap();
    // The booster, 180 days after dose 2 (as `vaxkit schedule` answers, profile guide 4.5).
    assert_eq!(covid.status, Status::NotComplete);
    assert_eq!(covid.next_dose, Some(3));
    assert_eq!(covid.earliest, Some(day("2021-11-16")));
    assert_eq!(covid.products, vec![comirnaty]);
}
