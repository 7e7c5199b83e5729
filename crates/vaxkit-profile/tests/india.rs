//! India's Covid-19 schedule as Co-WIN applied it, from the shipped India profile:
//! Covishield's changing dose gap, the precaution dose and its own rules, Corbevax as a
//! heterologous precaution dose, and days counted in India Standard Time.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::sync::OnceLock;

use chrono::{NaiveDate, TimeZone, Utc};
use vaxkit_profile::schedule::{Answer, Birth, PastDose, Reason, evaluate};
use vaxkit_profile::{LoadOptions, Profile, load};

fn india() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(|| {
        load(
            Path::new("../../country-profiles/in"),
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
    evaluate(india(), vaccine, birth, doses, d(on)).unwrap()
}

#[test]
fn covishield_gap_follows_the_rule_of_the_day() {
    let b = Birth::Year(1960);
    let a = ask(
        "covishield",
        b,
        &[dose("2021-03-01", "covishield")],
        "2021-03-25",
    );
    assert_eq!(a.reason, Reason::TooEarly);
    assert_eq!(
        (a.earliest, a.latest),
        (Some(d("2021-03-29")), Some(d("2021-04-26"))),
        "4-8 weeks from 22 March 2021"
    );

    let first = [dose("2021-04-01", "covishield")];
    let a = ask("covishield", b, &first, "2021-05-12");
    assert!(a.eligible);
    assert_eq!(
        (a.earliest, a.latest),
        (Some(d("2021-04-29")), Some(d("2021-05-27")))
    );
    let a = ask("covishield", b, &first, "2021-05-13");
    assert_eq!(a.reason, Reason::TooEarly, "12-16 weeks from 13 May 2021");
    assert_eq!(
        (a.earliest, a.latest),
        (Some(d("2021-06-24")), Some(d("2021-07-22")))
    );
}

#[test]
fn the_day_is_the_day_in_india() {
    // 19:00 UTC on 12 May is 00:30 on 13 May in India, when the 84-day gap began.
    let day = india().local_date(Utc.with_ymd_and_hms(2021, 5, 12, 19, 0, 0).unwrap());
    assert_eq!(day, d("2021-05-13"));
    let a = evaluate(
        india(),
        "covishield",
        Birth::Year(1960),
        &[dose("2021-04-01", "covishield")],
        day,
    )
    .unwrap();
    assert_eq!(a.reason, Reason::TooEarly);
}

#[test]
fn covaxin_second_dose_after_28_days() {
    let a = ask(
        "covaxin",
        Birth::Year(1980),
        &[dose("2021-06-01", "covaxin")],
        "2021-06-28",
    );
    assert_eq!(a.reason, Reason::TooEarly);
    assert_eq!(a.earliest, Some(d("2021-06-29")));
    assert!(
        ask(
            "covaxin",
            Birth::Year(1980),
            &[dose("2021-06-01", "covaxin")],
            "2021-06-29"
        )
        .eligible
    );
}

#[test]
fn age_groups_opened_in_phases() {
    let fifty = Birth::Year(1971);
    assert!(matches!(
        ask("covishield", fifty, &[], "2021-03-15").reason,
        Reason::TooYoung { min_years: 60, .. }
    ));
    assert!(ask("covishield", fifty, &[], "2021-04-01").eligible);
    let teen = Birth::Year(2006);
    assert!(
        ask("covaxin", teen, &[], "2022-01-03").eligible,
        "Covaxin for 15-17 from 3 January 2022"
    );
    assert!(matches!(
        ask("covishield", teen, &[], "2022-01-03").reason,
        Reason::TooYoung { min_years: 18, .. }
    ));
}

#[test]
fn precaution_dose_gap_and_age_changed_over_2022() {
    let two = [
        dose("2021-05-01", "covishield"),
        dose("2021-08-01", "covishield"),
    ];
    let a = ask("covishield", Birth::Year(1977), &two, "2022-02-01");
    assert!(
        matches!(a.reason, Reason::TooYoung { min_years: 60, .. }),
        "60+ only from 10 January 2022: {a:?}"
    );
    let a = ask("covishield", Birth::Year(1955), &two, "2022-02-01");
    assert_eq!(a.reason, Reason::TooEarly);
    assert_eq!(a.earliest, Some(d("2022-05-01")), "39 weeks");
    assert!(a.booster);
    let a = ask("covishield", Birth::Year(1977), &two, "2022-07-10");
    assert!(
        a.eligible && a.booster,
        "26 weeks and 18+ from 6 July 2022: {a:?}"
    );
    assert_eq!(a.earliest, Some(d("2022-01-30")));
    let three = [
        two[0].clone(),
        two[1].clone(),
        dose("2022-07-10", "covishield"),
    ];
    assert_eq!(
        ask("covishield", Birth::Year(1977), &three, "2023-01-01").reason,
        Reason::SeriesComplete
    );
}

#[test]
fn corbevax_became_a_precaution_dose_for_covishield_and_covaxin() {
    let two = [
        dose("2021-05-01", "covishield"),
        dose("2021-08-01", "covishield"),
    ];
    let a = ask("corbevax", Birth::Year(1977), &two, "2022-08-01");
    assert_eq!(
        a.reason,
        Reason::ProductMix {
            expected: "covishield".into()
        }
    );
    let a = ask("corbevax", Birth::Year(1977), &two, "2022-08-20");
    assert!(a.eligible && a.booster, "{a:?}");
    assert!(
        a.products.contains(&"corbevax".to_string())
            && a.products.contains(&"covishield".to_string())
    );
    // Never as a second primary dose.
    let a = ask("corbevax", Birth::Year(1977), &two[..1], "2022-08-20");
    assert_eq!(
        a.reason,
        Reason::ProductMix {
            expected: "covishield".into()
        }
    );
}
