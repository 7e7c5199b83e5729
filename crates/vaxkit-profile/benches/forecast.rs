//! Forecasts per second on one core: a person with a full childhood history (every dose of the
//! `us` profile's routine schedule given on time from birth to 18), forecast across all 14
//! vaccine groups. Baselines in the same run: copying that history (the least any caller does)
//! and the campaign engine answering one COVID-19 check on the India profile.
//!
//! `cargo bench -p vaxkit-profile --bench forecast`; see docs/benchmarks.md. With
//! `VAXKIT_BENCH_FORECASTS=N` it only forecasts N times, for counting instructions.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use vaxkit_profile::forecast::{Given, Patient, Status, forecast};
use vaxkit_profile::schedule::{Birth, PastDose, evaluate};
use vaxkit_profile::{LoadOptions, Span, load};

/// Runs `f` repeatedly for about a second, three times, and returns the best rate per second.
fn rate(mut f: impl FnMut()) -> f64 {
    for _ in 0..200 {
        f();
    }
    let mut best = 0f64;
    for _ in 0..3 {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed() < Duration::from_secs(1) {
            for _ in 0..100 {
                f();
            }
            n += 100;
        }
        best = best.max(n as f64 / start.elapsed().as_secs_f64());
    }
    best
}

fn main() {
    let us = load(
        Path::new("../../country-profiles/us"),
        &LoadOptions::default(),
    )
    .unwrap();
    let s = &us.schedule;
    let birth = NaiveDate::from_ymd_opt(2003, 3, 6).unwrap();
    let patient = Patient {
        birth,
        gender: Some("female"),
        region: None,
        conditions: &[],
    };
    // Every dose given on the day it falls due, from birth to 18.
    let end = Span::years(18).after(birth).unwrap();
    let mut given: Vec<Given> = Vec::new();
    let mut today = birth;
    for _ in 0..2000 {
        let f = forecast(s, &patient, &given, today, None).unwrap();
        let due: Vec<(NaiveDate, usize)> = f
            .groups
            .iter()
            .filter(|g| g.status == Status::NotComplete)
            .filter_map(|g| Some((g.earliest?, *g.products.first()?)))
            .collect();
        let Some(next) = due.iter().map(|(d, _)| *d).min() else {
            break;
        };
        if next > end {
            break;
        }
        if next > today {
            today = next;
            continue;
        }
        let mut products: Vec<usize> = due
            .iter()
            .filter(|(d, _)| *d <= today)
            .map(|(_, p)| *p)
            .collect();
        products.sort_unstable();
        products.dedup();
        given.extend(products.into_iter().map(|product| Given {
            date: today,
            product,
        }));
    }
    let on = end;
    let answer = forecast(s, &patient, &given, on, None).unwrap();
    let valid = answer.doses.iter().filter(|e| e.is_valid()).count();
    println!(
        "history: {} doses ({} valid), {} vaccine groups forecast",
        given.len(),
        valid,
        answer.groups.len()
    );

    // A fixed number of forecasts and nothing else, for an instruction count under
    // `valgrind --tool=callgrind` (see docs/benchmarks.md).
    if let Some(n) = std::env::var("VAXKIT_BENCH_FORECASTS")
        .ok()
        .and_then(|n| n.parse::<u32>().ok())
    {
        for _ in 0..n {
            black_box(forecast(s, black_box(&patient), black_box(&given), on, None).ok());
        }
        println!("{n} forecasts");
        return;
    }
    let forecasts = rate(|| {
        black_box(forecast(s, black_box(&patient), black_box(&given), on, None).ok());
    });
    let copies = rate(|| {
        black_box(black_box(&given).clone());
    });
    let india = load(
        Path::new("../../country-profiles/in"),
        &LoadOptions::default(),
    )
    .unwrap();
    let covid = [
        PastDose {
            date: NaiveDate::from_ymd_opt(2021, 5, 1).unwrap(),
            product: "covishield".into(),
        },
        PastDose {
            date: NaiveDate::from_ymd_opt(2021, 8, 1).unwrap(),
            product: "covishield".into(),
        },
    ];
    let day = NaiveDate::from_ymd_opt(2022, 8, 20).unwrap();
    let covid_checks = rate(|| {
        black_box(
            evaluate(
                &india,
                "corbevax",
                Birth::Year(1977),
                black_box(&covid),
                day,
            )
            .ok(),
        );
    });
    println!("| operation (one core) | per second | time each | ratio to a forecast |");
    println!("|---|---|---|---|");
    for (name, r) in [
        ("forecast, full history, all groups", forecasts),
        ("copy the history (baseline)", copies),
        (
            "one COVID-19 check, campaign engine (baseline)",
            covid_checks,
        ),
    ] {
        println!(
            "| {name} | {:.0} | {:.2} µs | {:.1} |",
            r,
            1e6 / r,
            r / forecasts
        );
    }
}
