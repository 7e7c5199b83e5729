//! Writes the forecasts of many random histories, one line each, so that two builds of the
//! forecaster can be compared byte for byte: random products on random days, and histories
//! given near the days the forecaster says doses fall due, on every profile with a routine
//! schedule.
//!
//! `cargo run --release -p vaxkit-profile --example forecast_answers -- OUT [HISTORIES]`
//! (run from `crates/vaxkit-profile`; `HISTORIES` per profile, 4,000 by default).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::print_stdout
)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

use chrono::{Days, NaiveDate};
use vaxkit_profile::forecast::{Given, Patient, Status, forecast};
use vaxkit_profile::{LoadOptions, Profile, load};

/// A small deterministic generator (xorshift64*), so every run draws the same histories.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// What varies about the person besides the doses.
struct Person {
    birth: NaiveDate,
    gender: Option<&'static str>,
    region: Option<String>,
    conditions: Vec<String>,
    with_regions: bool,
}

fn person(rng: &mut Rng, profile: &Profile, old: bool) -> Person {
    let base = NaiveDate::from_ymd_opt(1940, 1, 1).unwrap();
    let days = if old {
        rng.below(85 * 366)
    } else {
        (45 * 366) + rng.below(40 * 366)
    };
    let birth = base + Days::new(days);
    let gender = match rng.below(4) {
        0 => None,
        1 => Some("male"),
        2 => Some("other"),
        _ => Some("female"),
    };
    let s = &profile.schedule;
    let mut regions: Vec<&String> = s.series.iter().flat_map(|x| &x.regions).collect();
    regions.extend(profile.regions.list.iter().map(|r| &r.code));
    let region = if regions.is_empty() || rng.chance(40) {
        None
    } else {
        Some(regions[rng.below(regions.len() as u64) as usize].clone())
    };
    let all: Vec<&String> = s.series.iter().flat_map(|x| &x.conditions).collect();
    let conditions = all
        .iter()
        .filter(|_| rng.chance(20))
        .map(|c| (*c).clone())
        .collect();
    Person {
        birth,
        gender,
        region,
        conditions,
        with_regions: rng.chance(70),
    }
}

/// Forecasts one history and appends a line with the question and the answer.
fn answer(out: &mut String, profile: &Profile, who: &Person, given: &[Given], on: NaiveDate) {
    let patient = Patient {
        birth: who.birth,
        gender: who.gender,
        region: who.region.as_deref(),
        conditions: &who.conditions,
    };
    let regions = who.with_regions.then_some(&profile.regions);
    let f = forecast(&profile.schedule, &patient, given, on, regions);
    let doses: Vec<(NaiveDate, usize)> = given.iter().map(|g| (g.date, g.product)).collect();
    writeln!(
        out,
        "{} {:?} {:?} {:?} {:?} {} {:?} => {:?}",
        profile.country.code, who.birth, who.gender, who.region, who.conditions, on, doses, f
    )
    .unwrap();
}

/// Products a series names, so that random doses mostly count for something.
fn series_products(profile: &Profile) -> Vec<usize> {
    let mut v: Vec<usize> = profile
        .schedule
        .series
        .iter()
        .flat_map(|s| &s.doses)
        .flat_map(|d| d.preferable.iter().chain(&d.allowable))
        .map(|p| p.product)
        .chain(
            profile
                .schedule
                .series
                .iter()
                .flat_map(|s| &s.doses)
                .flat_map(|d| d.inadvertent.iter().copied()),
        )
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Random products on random days.
fn random_history(rng: &mut Rng, profile: &Profile, named: &[usize], out: &mut String) {
    let who = person(rng, profile, true);
    let span = rng.between(0, 80 * 366);
    let on = who.birth + Days::new(span as u64);
    let long = rng.chance(20);
    let n = rng.below(if long { 40 } else { 14 });
    let all = profile.schedule.products.len() as u64;
    let mut given = Vec::new();
    for _ in 0..n {
        let product = if rng.chance(85) {
            named[rng.below(named.len() as u64) as usize]
        } else {
            rng.below(all) as usize
        };
        let day = rng.between(0, span + 400);
        given.push(Given {
            date: who.birth + Days::new(day as u64),
            product,
        });
        // Doses on the same day, or a few days apart, exercise the live-virus rules.
        if rng.chance(25) {
            let again = (day + rng.between(0, 40)).max(0);
            given.push(Given {
                date: who.birth + Days::new(again as u64),
                product: named[rng.below(named.len() as u64) as usize],
            });
        }
    }
    answer(out, profile, &who, &given, on);
}

/// Doses given near the days the forecaster says they fall due (early, on time or late,
/// sometimes of another product), with a forecast after every visit.
fn due_history(rng: &mut Rng, profile: &Profile, named: &[usize], out: &mut String) {
    let old = rng.chance(15);
    let who = person(rng, profile, old);
    let s = &profile.schedule;
    let until = who.birth + Days::new(rng.below(20 * 366) + 30);
    let patient = Patient {
        birth: who.birth,
        gender: who.gender,
        region: who.region.as_deref(),
        conditions: &who.conditions,
    };
    let regions = who.with_regions.then_some(&profile.regions);
    let mut given: Vec<Given> = Vec::new();
    let mut today = who.birth;
    for _ in 0..60 {
        let Ok(f) = forecast(s, &patient, &given, today, regions) else {
            break;
        };
        let due: Vec<(NaiveDate, Vec<usize>)> = f
            .groups
            .iter()
            .filter(|g| g.status == Status::NotComplete)
            .filter_map(|g| Some((g.earliest?, g.products.clone())))
            .collect();
        let Some(next) = due.iter().map(|(d, _)| *d).min() else {
            break;
        };
        // Off the day by a little (early doses are too soon, late ones overdue).
        let jitter = match rng.below(10) {
            0 => rng.between(-30, -1),
            1 => rng.between(30, 400),
            2..=4 => rng.between(0, 20),
            _ => 0,
        };
        let visit = if jitter < 0 {
            next.checked_sub_days(Days::new(jitter.unsigned_abs()))
                .unwrap_or(next)
                .max(who.birth)
        } else {
            next + Days::new(jitter as u64)
        };
        if visit > until {
            break;
        }
        today = today.max(visit);
        for (day, products) in &due {
            if *day > visit + Days::new(14) || rng.chance(5) {
                continue;
            }
            let product = if products.is_empty() || rng.chance(10) {
                named[rng.below(named.len() as u64) as usize]
            } else {
                products[rng.below(products.len() as u64) as usize]
            };
            given.push(Given {
                date: visit,
                product,
            });
        }
        if rng.chance(50) {
            answer(out, profile, &who, &given, today);
        }
    }
    // Records entered out of order.
    if given.len() > 1 && rng.chance(30) {
        let a = rng.below(given.len() as u64) as usize;
        let b = rng.below(given.len() as u64) as usize;
        given.swap(a, b);
    }
    answer(out, profile, &who, &given, until);
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .expect("usage: forecast_answers OUT [HISTORIES]");
    let per_profile: u64 = args.get(2).map_or(4000, |n| n.parse().unwrap());
    let mut file = std::fs::File::create(path).unwrap();
    let mut lines = 0usize;
    for code in ["us", "in", "ke"] {
        let dir = format!("../../country-profiles/{code}");
        let profile = load(Path::new(&dir), &LoadOptions::default()).unwrap();
        if profile.schedule.series.is_empty() {
            continue;
        }
        let named = series_products(&profile);
        let mut rng =
            Rng(0x9E37_79B9_7F4A_7C15 ^ code.len() as u64 ^ u64::from(code.as_bytes()[0]));
        for i in 0..per_profile {
            let mut out = String::new();
            if i % 2 == 0 {
                random_history(&mut rng, &profile, &named, &mut out);
            } else {
                due_history(&mut rng, &profile, &named, &mut out);
            }
            lines += out.lines().count();
            file.write_all(out.as_bytes()).unwrap();
        }
    }
    println!("{lines} forecasts written to {path}");
}
