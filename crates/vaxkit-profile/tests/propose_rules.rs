//! `forecast::propose` honours the two rules the forecaster reads besides ages and intervals:
//! skip conditions on a target dose (CDSi "conditional skip"), and live-virus spacing between
//! live products given on different days. Each answer is also compared with the forecaster's
//! for the same history, so that booking and forecasting agree.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use vaxkit_profile::forecast::{
    DoseReason, EvalStatus, Forecast, Given, GroupForecast, Patient, Proposal, Verdict, forecast,
    propose,
};
use vaxkit_profile::{LoadOptions, Profile, load};

fn shipped(code: &str) -> &'static Profile {
    static US: OnceLock<Profile> = OnceLock::new();
    static KE: OnceLock<Profile> = OnceLock::new();
    let cell = match code {
        "us" => &US,
        "ke" => &KE,
        other => panic!("no profile {other} here"),
    };
    cell.get_or_init(|| {
        load(
            &Path::new("../../country-profiles").join(code),
            &LoadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn patient(birth: &str) -> Patient<'static> {
    Patient {
        birth: day(birth),
        gender: None,
        region: None,
        conditions: &[],
    }
}

fn given(p: &Profile, doses: &[(&str, &str)]) -> Vec<Given> {
    doses
        .iter()
        .map(|(date, code)| Given {
            date: day(date),
            product: p
                .schedule
                .product(code)
                .unwrap_or_else(|| panic!("no product {code}")),
        })
        .collect()
}

fn ask(p: &Profile, birth: &str, doses: &[(&str, &str)], product: &str, on: &str) -> Proposal {
    let s = &p.schedule;
    propose(
        s,
        &patient(birth),
        &given(p, doses),
        s.product(product).unwrap(),
        day(on),
        None,
    )
    .unwrap()
}

fn forecast_of(p: &Profile, birth: &str, doses: &[(&str, &str)], on: &str) -> Forecast {
    forecast(
        &p.schedule,
        &patient(birth),
        &given(p, doses),
        day(on),
        None,
    )
    .unwrap()
}

fn group<'f>(p: &Profile, f: &'f Forecast, code: &str) -> &'f GroupForecast {
    let index = p
        .schedule
        .groups
        .iter()
        .position(|g| g.code == code)
        .unwrap_or_else(|| panic!("no group {code}"));
    f.groups.iter().find(|g| g.group == index).unwrap()
}

// --- live-virus spacing -------------------------------------------------------------------

const CHILD: &str = "2020-01-01";

#[test]
fn a_live_vaccine_waits_for_the_conflict_after_another_to_end() {
    let us = shipped("us");
    let mmr = [("2021-01-05", "cvx-3")];
    // Varicella ten days after MMR: the CDSi data keeps them 28 days apart.
    let a = ask(us, CHILD, &mmr, "cvx-21", "2021-01-15");
    assert_eq!(a.verdict, Verdict::TooSoon, "{a:?}");
    assert_eq!(a.earliest, Some(day("2021-02-02")), "MMR + 28 days");
    assert_eq!(a.dose, Some(1));
    // The day before the end is still too soon; the end itself is due.
    assert_eq!(
        ask(us, CHILD, &mmr, "cvx-21", "2021-02-01").verdict,
        Verdict::TooSoon
    );
    let a = ask(us, CHILD, &mmr, "cvx-21", "2021-02-02");
    assert_eq!(a.verdict, Verdict::Due, "{a:?}");
    // Given the same day, live vaccines do not conflict.
    let a = ask(us, CHILD, &mmr, "cvx-21", "2021-01-05");
    assert_eq!(a.verdict, Verdict::Due, "{a:?}");
    // A non-live vaccine is not held back.
    let a = ask(us, CHILD, &mmr, "cvx-83", "2021-01-15");
    assert!(a.verdict.allowed(), "hepatitis A after MMR: {a:?}");

    // The forecaster agrees: it waits for the same day, and a dose given inside the window
    // does not count.
    let f = forecast_of(us, CHILD, &mmr, "2021-01-15");
    assert_eq!(group(us, &f, "var").earliest, Some(day("2021-02-02")));
    let inside = [("2021-01-05", "cvx-3"), ("2021-01-15", "cvx-21")];
    let f = forecast_of(us, CHILD, &inside, "2021-01-15");
    assert_eq!(f.doses[1].status, EvalStatus::NotValid);
    assert_eq!(f.doses[1].reason, Some(DoseReason::LiveVirusConflict));
}

#[test]
fn a_conflict_is_waited_out_after_the_interval_too() {
    let us = shipped("us");
    // Varicella dose 2 comes 12 weeks after dose 1 (from 30 March); an MMR the day before the
    // day asked about opens a conflict that holds that day, so the earliest is its end.
    let doses = [("2021-01-05", "cvx-21"), ("2021-03-19", "cvx-3")];
    let a = ask(us, "2016-01-01", &doses, "cvx-21", "2021-03-20");
    assert_eq!(a.verdict, Verdict::TooSoon, "{a:?}");
    assert_eq!(a.dose, Some(2));
    assert_eq!(a.earliest, Some(day("2021-04-16")), "MMR + 28 days");
    let f = forecast_of(us, "2016-01-01", &doses, "2021-03-20");
    assert_eq!(group(us, &f, "var").earliest, a.earliest);
    // Without the MMR, the interval alone.
    let a = ask(us, "2016-01-01", &doses[..1], "cvx-21", "2021-03-20");
    assert_eq!(
        (a.verdict, a.earliest),
        (Verdict::TooSoon, Some(day("2021-03-30")))
    );
}

// --- skip conditions ----------------------------------------------------------------------

#[test]
fn a_dose_not_needed_at_the_persons_age_is_passed_over() {
    // Kenya's OPV 0 is given in the first two weeks of life only; later the course starts at
    // OPV 1, from 6 weeks.
    let ke = shipped("ke");
    let birth = "2024-01-01";
    let a = ask(ke, birth, &[], "bopv", "2024-02-20");
    assert_eq!((a.verdict, a.dose), (Verdict::Due, Some(2)), "{a:?}");
    let a = ask(ke, birth, &[], "bopv", "2024-02-05");
    assert_eq!(a.verdict, Verdict::TooYoung(vaxkit_profile::Span::days(42)));
    assert_eq!((a.dose, a.earliest), (Some(2), Some(day("2024-02-12"))));
    // In the first two weeks OPV 0 is still the dose.
    let a = ask(ke, birth, &[], "bopv", "2024-01-05");
    assert_eq!((a.verdict, a.dose), (Verdict::Due, Some(1)), "{a:?}");
    let f = forecast_of(ke, birth, &[], "2024-02-20");
    assert_eq!(group(ke, &f, "polio").next_dose, Some(2));
}

#[test]
fn a_dose_not_needed_after_an_earlier_one_at_an_age_moves_to_the_next() {
    // The U.S. polio series: dose 3 is not needed from 4 years of age, and a dose given then
    // counts as dose 4, the last.
    let us = shipped("us");
    let birth = "2015-01-01";
    let two = [("2015-03-01", "cvx-10"), ("2015-05-01", "cvx-10")];
    let a = ask(us, birth, &two, "cvx-10", "2019-06-01");
    assert_eq!((a.verdict, a.dose), (Verdict::Due, Some(4)), "{a:?}");
    let f = forecast_of(us, birth, &two, "2019-06-01");
    assert_eq!(group(us, &f, "pol").next_dose, Some(4));
    // Before 4 years dose 3 is still needed (and past due).
    let a = ask(us, birth, &two, "cvx-10", "2018-06-01");
    assert_eq!((a.verdict, a.dose), (Verdict::Overdue, Some(3)), "{a:?}");
    // The dose at 4 years and 5 months filled dose 4: the course is complete.
    let three = [two[0], two[1], ("2019-06-01", "cvx-10")];
    let a = ask(us, birth, &three, "cvx-10", "2020-01-01");
    assert_eq!((a.verdict, a.dose), (Verdict::Complete, None), "{a:?}");
    let f = forecast_of(us, birth, &three, "2020-01-01");
    assert_eq!(
        group(us, &f, "pol").status,
        vaxkit_profile::forecast::Status::Complete
    );
}

/// A small profile whose dose 2 is not needed when dose 1 was given at or after 15 months
/// (the Hib rule of the CDSi data, shortened).
const HIB: &str = r#"version = 2

[country]
code = "XX"
name = "Minimalia"
timezone = "Asia/Kolkata"
languages = ["en"]
phone = { calling_code = "91", pattern = "[6-9][0-9]{9}" }
regions = { levels = ["state"], file = "regions.csv" }

[[antigens]]
code = "hib"
name = "Hib"

[[vaccines]]
code = "hib"
name = "Hib"
antigens = ["hib"]

[[series]]
code = "hib"
name = "Hib"
antigen = "hib"

[[series.doses]]
age = { min = "2 months" }
preferable = ["hib"]

[[series.doses]]
age = { min = "4 months" }
interval = { min = "4 weeks" }
preferable = ["hib"]

[[series.doses.skip]]
[[series.doses.skip.sets]]
description = "Not needed when dose 1 was given at 15 months or later."
conditions = [{ type = "count", from_age = "15 months", vaccines = ["hib"], compare = "greater", count = 0 }]

[[series.doses]]
age = { min = "12 months" }
interval = { min = "8 weeks" }
preferable = ["hib"]
booster = true
"#;

#[test]
fn a_count_condition_on_an_earlier_dose_skips_the_target() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("profile.toml"), HIB).unwrap();
    std::fs::write(
        dir.path().join("regions.csv"),
        "code,name,level,parent,population\nS1,State One,state,,\n",
    )
    .unwrap();
    let p = load(dir.path(), &LoadOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    let birth = "2020-01-01";
    // Dose 1 at 17 months: dose 2 is not needed, so the next is the booster, 8 weeks on.
    let late = [("2021-06-01", "hib")];
    let a = ask(&p, birth, &late, "hib", "2021-07-10");
    assert_eq!(
        (a.verdict, a.dose, a.booster),
        (Verdict::TooSoon, Some(3), true),
        "{a:?}"
    );
    assert_eq!(a.earliest, Some(day("2021-07-27")));
    let f = forecast_of(&p, birth, &late, "2021-07-10");
    let g = group(&p, &f, "hib");
    assert_eq!((g.next_dose, g.earliest), (Some(3), a.earliest));
    // Dose 1 at 3 months: dose 2 follows 4 weeks later as usual.
    let early = [("2020-04-01", "hib")];
    let a = ask(&p, birth, &early, "hib", "2020-05-10");
    assert_eq!(
        (a.verdict, a.dose, a.booster),
        (Verdict::Due, Some(2), false),
        "{a:?}"
    );
}
