//! India's Universal Immunisation Programme in the shipped India profile, against the WHO's
//! recommended minimum ages and intervals ("Summary of WHO position papers: recommendations for
//! routine immunization", Table 2): a child vaccinated on the earliest day the profile allows
//! gets every dose at the age India's National Immunization Schedule names, and never before the
//! WHO's minimum age or interval.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use vaxkit_profile::forecast::{Given, Patient, Status, forecast};
use vaxkit_profile::{LoadOptions, Profile, Span, load};

fn india() -> Profile {
    load(
        Path::new("../../country-profiles/in"),
        &LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

fn span(s: &str) -> Span {
    Span::parse(s).unwrap()
}

/// One row: group, dose number, the NIS age of that dose, the WHO minimum age, and the WHO
/// minimum interval from the dose before.
const TABLE: &[(&str, u32, &str, &str, Option<&str>)] = &[
    ("tuberculosis", 1, "0 days", "0 days", None),
    ("hepb", 1, "0 days", "0 days", None),
    ("hepb", 2, "6 weeks", "6 weeks", Some("4 weeks")),
    ("hepb", 3, "10 weeks", "6 weeks", Some("4 weeks")),
    ("hepb", 4, "14 weeks", "6 weeks", Some("4 weeks")),
    ("polio", 1, "0 days", "0 days", None),
    ("polio", 2, "6 weeks", "6 weeks", Some("4 weeks")),
    ("polio", 3, "10 weeks", "6 weeks", Some("4 weeks")),
    ("polio", 4, "14 weeks", "6 weeks", Some("4 weeks")),
    ("polio-ipv", 1, "6 weeks", "6 weeks", None),
    ("polio-ipv", 2, "14 weeks", "6 weeks", Some("4 weeks")),
    ("dtp", 1, "6 weeks", "6 weeks", None),
    ("dtp", 2, "10 weeks", "6 weeks", Some("4 weeks")),
    ("dtp", 3, "14 weeks", "6 weeks", Some("4 weeks")),
    ("dtp", 4, "16 months", "12 months", Some("6 months")),
    ("hib", 1, "6 weeks", "6 weeks", None),
    ("hib", 2, "10 weeks", "6 weeks", Some("4 weeks")),
    ("hib", 3, "14 weeks", "6 weeks", Some("4 weeks")),
    ("rotavirus", 1, "6 weeks", "6 weeks", None),
    ("rotavirus", 2, "10 weeks", "6 weeks", Some("4 weeks")),
    ("rotavirus", 3, "14 weeks", "6 weeks", Some("4 weeks")),
    ("pneumococcal", 1, "6 weeks", "6 weeks", None),
    ("pneumococcal", 2, "14 weeks", "6 weeks", Some("8 weeks")),
    ("pneumococcal", 3, "9 months", "9 months", Some("8 weeks")),
    ("mr", 1, "9 months", "9 months", None),
    ("mr", 2, "16 months", "9 months", Some("4 weeks")),
    ("je", 1, "9 months", "8 months", None),
    ("je", 2, "16 months", "8 months", Some("4 weeks")),
];

/// Gives each group's doses on the earliest day the forecast allows, up to the age of 2.
fn vaccinate_on_time(profile: &Profile, birth: NaiveDate) -> BTreeMap<String, Vec<NaiveDate>> {
    let s = &profile.schedule;
    let patient = Patient {
        birth,
        gender: Some("female"),
        region: Some("IN-UP"),
        conditions: &[],
    };
    let end = Span::years(2).after(birth).unwrap();
    let mut given: Vec<Given> = Vec::new();

    let mut today = birth;
    for _ in 0..200 {
        let f = forecast(s, &patient, &given, today, Some(&profile.regions)).unwrap();
        // The next dose due across all groups, in the order of its earliest day.
        let next = f
            .groups
            .iter()
            .filter(|g| g.status == Status::NotComplete && !g.products.is_empty())
            .filter_map(|g| Some((g.earliest?, g)))
            .filter(|(e, _)| *e <= end)
            .min_by_key(|(e, g)| (*e, g.group));
        let Some((day, _)) = next else { break };
        // Forecast again on the day the dose is due: skips depend on the day asked about.
        if day > today {
            today = day;
            continue;
        }
        // Everything due that day is given at the same visit, as clinics do (live vaccines
        // given together do not delay each other; one recorded first would).
        let mut products: Vec<usize> = Vec::new();
        for g in f.groups.iter().filter(|g| g.status == Status::NotComplete) {
            if g.earliest.is_some_and(|e| e <= today)
                && let Some(p) = g.products.first()
                && !products.contains(p)
            {
                products.push(*p);
            }
        }

        given.extend(products.into_iter().map(|product| Given {
            date: today,
            product,
        }));
    }
    // A pentavalent dose counts for five antigens: read each group's valid doses back.
    let f = forecast(s, &patient, &given, end, Some(&profile.regions)).unwrap();
    let mut by_group: BTreeMap<String, Vec<NaiveDate>> = BTreeMap::new();
    for g in &f.groups {
        let dates = g
            .evaluations
            .iter()
            .filter(|(_, e)| e.is_valid())
            .map(|(i, _)| given[*i].date);
        by_group
            .entry(s.groups[g.group].code.clone())
            .or_default()
            .extend(dates);
    }
    by_group
}

#[test]
fn every_dose_at_the_national_age_and_never_before_the_who_minimum() {
    let profile = india();
    let birth = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
    let doses = vaccinate_on_time(&profile, birth);
    for (group, n, nis_age, who_age, who_interval) in TABLE {
        let dates = doses
            .get(*group)
            .unwrap_or_else(|| panic!("no {group} dose was due: {doses:?}"));
        let i = (*n - 1) as usize;
        let day = *dates
            .get(i)
            .unwrap_or_else(|| panic!("{group} dose {n} was never due: {dates:?}"));
        assert_eq!(
            day,
            span(nis_age).after(birth).unwrap(),
            "{group} dose {n}: NIS age {nis_age}"
        );
        assert!(
            day >= span(who_age).after(birth).unwrap(),
            "{group} dose {n} before the WHO age {who_age}"
        );
        if let Some(gap) = who_interval {
            let before = dates[i - 1];
            assert!(
                day >= span(gap).after(before).unwrap(),
                "{group} dose {n} within {gap} of dose {}",
                n - 1
            );
        }
    }
}

#[test]
fn je_is_forecast_only_where_the_profile_gives_it() {
    let profile = india();
    let birth = NaiveDate::from_ymd_opt(2024, 1, 15).unwrap();
    let on = NaiveDate::from_ymd_opt(2024, 11, 1).unwrap();
    let group = |region: &str| {
        let patient = Patient {
            birth,
            gender: None,
            region: Some(region),
            conditions: &[],
        };
        let f = forecast(&profile.schedule, &patient, &[], on, Some(&profile.regions)).unwrap();
        f.groups
            .iter()
            .any(|g| profile.schedule.groups[g.group].code == "je")
    };
    assert!(group("IN-AS"), "Assam has JE-endemic districts");
    assert!(!group("IN-KL"), "Kerala is not listed");
}

#[test]
fn measles_rubella_is_due_at_nine_months_not_270_days() {
    let profile = india();
    let birth = NaiveDate::from_ymd_opt(2024, 5, 31).unwrap();
    let patient = Patient {
        birth,
        gender: None,
        region: None,
        conditions: &[],
    };
    let on = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let f = forecast(&profile.schedule, &patient, &[], on, None).unwrap();
    let mr = f
        .groups
        .iter()
        .find(|g| profile.schedule.groups[g.group].code == "mr")
        .unwrap();
    // 31 May + 9 months is 31 February, which does not exist: 1 March (CDSi CALCDT-5).
    assert_eq!(mr.earliest, NaiveDate::from_ymd_opt(2025, 3, 1));
    assert_ne!(mr.earliest, birth.checked_add_days(chrono::Days::new(270)));
}
