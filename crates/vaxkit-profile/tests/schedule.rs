//! The schedule engine against the example profile, whose comments promise each rule
//! checked here (effective-dated ages and intervals, boosters, product mixing, the
//! product's availability window).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::sync::OnceLock;

use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use vaxkit_profile::schedule::{Answer, Birth, PastDose, Reason, ScheduleError, evaluate};
use vaxkit_profile::{LoadOptions, Profile, load};

fn profile() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(|| {
        load(
            Path::new("../../country-profiles/example"),
            &LoadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn dose(date: &str, product: &str) -> PastDose {
    PastDose {
        date: d(date),
        product: product.into(),
    }
}

fn ask(vaccine: &str, birth: Birth, doses: &[PastDose], on: &str) -> Answer {
    evaluate(profile(), vaccine, birth, doses, d(on)).unwrap()
}

const ADULT: Birth = Birth::Year(1970);

#[test]
fn age_rules_change_on_their_dates() {
    let fifty = Birth::Date(d("1971-01-01"));
    let a = ask("comirnaty", fifty, &[], "2021-03-15");
    assert!(!a.eligible);
    // Not 60 until 2031, but the profile already opens the 18+ group on 1 April.
    assert_eq!(
        a.reason,
        Reason::TooYoung {
            min_years: 60,
            date: Some(d("2021-04-01"))
        }
    );
    let a = ask("comirnaty", fifty, &[], "2021-04-01");
    assert!(a.eligible, "{a:?}");
    assert_eq!(a.next_dose, Some(1));
    assert_eq!(
        a.earliest,
        Some(d("2021-04-01")),
        "qualified the day the 18+ rule began"
    );
    // A 70-year-old has been admitted since the 60+ rule of 1 January, without a break.
    let a = ask("comirnaty", Birth::Year(1951), &[], "2021-05-01");
    assert_eq!(a.earliest, Some(d("2021-01-01")));
}

#[test]
fn age_groups_decide_who_starts_not_who_finishes() {
    // A 13-year-old who started in the 12+ phase gets dose 2; age groups are about
    // who may start a series.
    let thirteen = Birth::Date(d("2008-06-01"));
    let first = [dose("2021-09-01", "comirnaty")];
    let a = ask("comirnaty", thirteen, &first, "2021-11-01");
    assert!(a.eligible, "{a:?}");
    // Vaxzevria is 18+ to start; a dose 2 is not refused by that rule.
    let az = [dose("2021-04-01", "vaxzevria")];
    let a = ask("vaxzevria", thirteen, &az, "2021-06-01");
    assert!(a.eligible, "dose 2 is not an age-group decision: {a:?}");
    // Starting it is another matter; and this person turns 18 only after the product
    // is withdrawn, so there is no day to offer.
    assert_eq!(
        ask("vaxzevria", thirteen, &[], "2021-06-01").reason,
        Reason::TooYoung {
            min_years: 18,
            date: None
        }
    );
}

#[test]
fn too_young_says_when_the_person_qualifies() {
    let child = Birth::Date(d("2009-10-02"));
    let a = ask("comirnaty", child, &[], "2021-09-15");
    assert_eq!(
        a.reason,
        Reason::TooYoung {
            min_years: 12,
            date: Some(d("2021-10-02"))
        }
    );
    assert_eq!(a.earliest, Some(d("2021-10-02")));
    assert!(ask("comirnaty", child, &[], "2021-10-02").eligible);
    assert!(!ask("comirnaty", child, &[], "2021-10-01").eligible);
}

#[test]
fn year_of_birth_counts_calendar_years() {
    // Co-WIN counted age as the difference of calendar years.
    let a = ask("comirnaty", Birth::Year(2009), &[], "2021-09-01");
    assert!(a.eligible, "2021 - 2009 = 12: {a:?}");
    let a = ask("comirnaty", Birth::Year(2010), &[], "2021-12-31");
    assert_eq!(
        a.reason,
        Reason::TooYoung {
            min_years: 12,
            date: Some(d("2022-01-01"))
        }
    );
}

#[test]
fn the_interval_in_force_on_the_day_applies() {
    let first = [dose("2021-05-01", "comirnaty")];
    // Until 31 May: 21-42 days.
    let a = ask("comirnaty", ADULT, &first, "2021-05-25");
    assert!(a.eligible);
    assert_eq!(
        (a.earliest, a.latest),
        (Some(d("2021-05-22")), Some(d("2021-06-12")))
    );
    assert_eq!(a.next_dose, Some(2));
    // From 1 June: 42-84 days, so the same person must now wait.
    let a = ask("comirnaty", ADULT, &first, "2021-06-05");
    assert!(!a.eligible);
    assert_eq!(a.reason, Reason::TooEarly);
    assert_eq!(
        (a.earliest, a.latest),
        (Some(d("2021-06-12")), Some(d("2021-07-24")))
    );
}

#[test]
fn late_doses_are_overdue_but_allowed() {
    let a = ask(
        "comirnaty",
        ADULT,
        &[dose("2021-06-10", "comirnaty")],
        "2021-10-01",
    );
    assert!(a.eligible);
    assert_eq!(a.reason, Reason::Overdue);
    assert_eq!(a.latest, Some(d("2021-09-02")));
}

#[test]
fn boosters_follow_their_own_rules() {
    let two = [
        dose("2021-07-01", "comirnaty"),
        dose("2021-08-15", "comirnaty"),
    ];
    let a = ask("comirnaty", ADULT, &two, "2021-09-20");
    assert_eq!(
        a.reason,
        Reason::NotOffered,
        "no booster rule before 2021-10-01"
    );
    assert!(a.booster);
    assert_eq!(a.next_dose, Some(3));
    let a = ask("comirnaty", ADULT, &two, "2022-01-01");
    assert_eq!(a.reason, Reason::TooEarly);
    assert_eq!(a.earliest, Some(d("2022-02-11")));
    assert_eq!(a.latest, None);
    let a = ask("comirnaty", ADULT, &two, "2022-03-01");
    assert!(a.eligible && a.booster);
    // The booster has its own minimum age (18) above the vaccine's (12).
    let teen = Birth::Date(d("2005-06-01"));
    let a = ask("comirnaty", teen, &two, "2022-03-01");
    assert_eq!(
        a.reason,
        Reason::TooYoung {
            min_years: 18,
            date: Some(d("2023-06-01"))
        }
    );
}

#[test]
fn a_complete_series_has_no_next_dose() {
    let three = [
        dose("2021-07-01", "comirnaty"),
        dose("2021-08-15", "comirnaty"),
        dose("2022-03-01", "comirnaty"),
    ];
    let a = ask("comirnaty", ADULT, &three, "2023-01-01");
    assert!(!a.eligible);
    assert_eq!(a.reason, Reason::SeriesComplete);
    assert_eq!(a.next_dose, None);
    assert!(a.products.is_empty(), "{:?}", a.products);
}

#[test]
fn past_doses_may_come_in_any_order() {
    let shuffled = [
        dose("2021-08-15", "comirnaty"),
        dose("2021-07-01", "comirnaty"),
    ];
    let a = ask("comirnaty", ADULT, &shuffled, "2022-03-01");
    assert_eq!(
        a.earliest,
        Some(d("2022-02-11")),
        "counted from the later dose"
    );
}

#[test]
fn products_mix_only_where_the_profile_allows() {
    let az = [dose("2021-04-01", "vaxzevria")];
    let a = ask("comirnaty", ADULT, &az, "2021-05-20");
    assert_eq!(
        a.reason,
        Reason::ProductMix {
            expected: "vaxzevria".into()
        }
    );
    assert_eq!(a.products, vec!["vaxzevria".to_string()]);
    let a = ask("comirnaty", ADULT, &az, "2021-07-01");
    assert!(
        a.eligible,
        "comirnaty may follow vaxzevria from 2021-06-01: {a:?}"
    );
    assert_eq!(
        a.products,
        vec!["comirnaty".to_string(), "vaxzevria".to_string()]
    );
    // Not the other way round.
    let a = ask(
        "vaxzevria",
        ADULT,
        &[dose("2021-04-01", "comirnaty")],
        "2021-07-01",
    );
    assert_eq!(
        a.reason,
        Reason::ProductMix {
            expected: "comirnaty".into()
        }
    );
}

#[test]
fn a_single_dose_series_is_followed_by_another_products_booster() {
    let j = [dose("2021-05-01", "ad26")];
    let a = ask("ad26", ADULT, &j, "2022-01-01");
    assert_eq!(
        a.reason,
        Reason::SeriesComplete,
        "ad26 offers no booster of its own"
    );
    let a = ask("comirnaty", ADULT, &j, "2022-01-01");
    assert!(a.eligible && a.booster, "{a:?}");
    assert_eq!(a.next_dose, Some(2));
    assert_eq!(
        a.earliest,
        Some(d("2021-10-28")),
        "comirnaty's booster gap of 180 days"
    );
    assert_eq!(a.products, vec!["comirnaty".to_string()]);
}

#[test]
fn a_withdrawn_product_is_not_available() {
    let a = ask("vaxzevria", ADULT, &[], "2023-01-05");
    assert_eq!(a.reason, Reason::NotAvailable);
    assert!(ask("vaxzevria", ADULT, &[], "2022-12-31").eligible);
    let a = ask("vaxzevria", ADULT, &[], "2021-01-15");
    assert_eq!(a.reason, Reason::NotAvailable);
    assert_eq!(a.earliest, Some(d("2021-02-01")));
}

#[test]
fn the_day_is_counted_in_the_profiles_time_zone() {
    // 20:30 UTC on 31 May is already 1 June in Dubai (UTC+4), when the longer gap begins.
    let instant = Utc.with_ymd_and_hms(2021, 5, 31, 20, 30, 0).unwrap();
    let day = profile().local_date(instant);
    assert_eq!(day, d("2021-06-01"));
    let first = [dose("2021-05-01", "comirnaty")];
    let a = evaluate(profile(), "comirnaty", ADULT, &first, day).unwrap();
    assert_eq!(a.reason, Reason::TooEarly);
    let utc_day = instant.date_naive();
    let a = evaluate(profile(), "comirnaty", ADULT, &first, utc_day).unwrap();
    assert!(a.eligible, "by the UTC date the old rule would still apply");
}

#[test]
fn leap_day_births_come_of_age_on_the_first_of_march() {
    let b = Birth::Date(d("2004-02-29"));
    assert_eq!(b.reaches_age(18), Some(d("2022-03-01")));
    assert_eq!(b.age_on(d("2022-02-28")), 17);
    assert_eq!(b.age_on(d("2022-03-01")), 18);
    assert_eq!(b.reaches_age(20), Some(d("2024-02-29")));
}

#[test]
fn impossible_histories_are_errors_not_answers() {
    let p = profile();
    let on = d("2022-01-01");
    assert_eq!(
        evaluate(p, "nope", ADULT, &[], on).unwrap_err(),
        ScheduleError::UnknownVaccine("nope".into())
    );
    assert_eq!(
        evaluate(p, "comirnaty", ADULT, &[dose("2021-06-01", "sputnik")], on).unwrap_err(),
        ScheduleError::UnknownProduct(1, "sputnik".into())
    );
    assert_eq!(
        evaluate(
            p,
            "comirnaty",
            Birth::Year(2000),
            &[dose("1999-06-01", "comirnaty")],
            on
        )
        .unwrap_err(),
        ScheduleError::BeforeBirth(1)
    );
    assert_eq!(
        evaluate(
            p,
            "comirnaty",
            ADULT,
            &[dose("2022-06-01", "comirnaty")],
            on
        )
        .unwrap_err(),
        ScheduleError::InFuture(1, on)
    );
}

fn any_day() -> impl Strategy<Value = NaiveDate> {
    (0i64..365 * 6).prop_map(|n| d("2020-06-01") + chrono::Days::new(n as u64))
}

proptest! {
    /// Whatever the history, an answer is consistent: eligible means the day is inside
    /// the window's start, and the window never ends before it starts.
    #[test]
    fn answers_are_consistent(
        days in proptest::collection::vec(any_day(), 0..4),
        on in any_day(),
        birth_year in 1920i32..2015,
        products in proptest::collection::vec(0usize..3, 4),
        vaccine in 0usize..3,
    ) {
        let names = ["comirnaty", "vaxzevria", "ad26"];
        let doses: Vec<PastDose> = days
            .iter()
            .zip(&products)
            .filter(|(day, _)| **day <= on)
            .map(|(day, p)| PastDose { date: *day, product: names[*p].into() })
            .collect();
        let a = evaluate(profile(), names[vaccine], Birth::Year(birth_year), &doses, on).unwrap();
        if a.eligible {
            prop_assert!(a.earliest.is_none_or(|e| e <= on), "{a:?}");
            prop_assert!(a.products.contains(&a.vaccine), "{a:?}");
        }
        if let (Some(e), Some(l)) = (a.earliest, a.latest) {
            prop_assert!(e <= l, "{a:?}");
        }
        prop_assert_eq!(a.next_dose.is_none(), a.reason == Reason::SeriesComplete);
    }
}
