//! Properties of the forecaster over random histories on the `us` profile: a forecast never
//! comes before the absolute minimum age of the dose it forecasts, and adding a valid dose never
//! moves that group's next earliest day earlier.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::Path;
use std::sync::OnceLock;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;
use vaxkit_profile::forecast::{Given, Patient, Status, forecast};
use vaxkit_profile::{LoadOptions, Profile, load};

fn us() -> &'static Profile {
    static P: OnceLock<Profile> = OnceLock::new();
    P.get_or_init(|| {
        load(
            Path::new("../../country-profiles/us"),
            &LoadOptions::default(),
        )
        .unwrap_or_else(|e| panic!("{e}"))
    })
}

/// Childhood products by CVX: DTaP, IPV, Hib, HepB, MMR, varicella, HepA, PCV13, rotavirus,
/// DTaP-HepB-IPV, DTaP-IPV/Hib, MMRV.
const CVX: &[&str] = &[
    "20", "10", "48", "08", "03", "21", "83", "133", "116", "110", "120", "94",
];

fn history() -> impl Strategy<Value = (i64, Vec<(u64, usize)>, u64)> {
    (
        0i64..3650,
        proptest::collection::vec((0u64..2500, 0usize..CVX.len()), 0..12),
        0u64..3000,
    )
}

fn run(
    birth: NaiveDate,
    doses: &[(u64, usize)],
    on: NaiveDate,
) -> (Vec<Given>, vaxkit_profile::forecast::Forecast) {
    let s = &us().schedule;
    let given: Vec<Given> = doses
        .iter()
        .map(|(day, p)| Given {
            date: birth + Days::new(*day),
            product: s.product_by_cvx(CVX[*p]).unwrap(),
        })
        .filter(|g| g.date <= on)
        .collect();
    let patient = Patient {
        birth,
        gender: Some("female"),
        region: None,
        conditions: &[],
    };
    let f = forecast(s, &patient, &given, on, None).unwrap();
    (given, f)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn never_before_the_absolute_minimum_age((birth_offset, doses, on_offset) in history()) {
        let birth = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + Days::new(birth_offset as u64);
        let on = birth + Days::new(on_offset);
        let (_, f) = run(birth, &doses, on);
        let s = &us().schedule;
        for g in f.groups.iter().filter(|g| g.status == Status::NotComplete) {
            let (Some(earliest), Some(n)) = (g.earliest, g.next_dose) else { continue };
            for series in &g.series {
                let doses = &s.series[*series].doses;
                let dose = doses.get(n as usize - 1).or(doses.last()).unwrap();
                for age in dose.ages.iter().filter(|a| a.period.contains(on)) {
                    if let Some(abs) = age.absolute_min.or(age.min) {
                        prop_assert!(earliest >= abs.after(birth).unwrap(),
                            "{}: dose {n} on {earliest}, before {abs}", s.groups[g.group].code);
                    }
                }
            }
            if let (Some(r), Some(p)) = (g.recommended, g.past_due) {
                prop_assert!(earliest <= r && earliest <= p, "{g:?}");
            }
        }
    }

    #[test]
    fn a_valid_dose_never_moves_the_next_dose_earlier((birth_offset, doses, on_offset) in history()) {
        let birth = NaiveDate::from_ymd_opt(2010, 1, 1).unwrap() + Days::new(birth_offset as u64);
        let on = birth + Days::new(on_offset);
        let (given, before) = run(birth, &doses, on);
        let s = &us().schedule;
        for g in before.groups.iter().filter(|g| g.status == Status::NotComplete) {
            let (Some(e1), Some(product)) = (g.earliest, g.products.first()) else { continue };
            if e1 > on {
                continue;
            }
            let mut more = given.clone();
            more.push(Given { date: e1, product: *product });
            let patient = Patient { birth, gender: Some("female"), region: None, conditions: &[] };
            let after = forecast(s, &patient, &more, on, None).unwrap();
            let same = after.groups.iter().find(|x| x.group == g.group).unwrap();
            let new_dose_valid = same
                .evaluations
                .iter()
                .any(|(i, e)| *i == more.len() - 1 && e.is_valid());
            if new_dose_valid && let Some(e2) = same.earliest {
                prop_assert!(e2 >= e1, "{}: {e1} became {e2}", s.groups[g.group].code);
            }
        }
    }
}

/// The interval before a dose can depend on the product of the dose before it.
#[test]
fn a_heterologous_interval_depends_on_the_earlier_product() {
    let p = load(
        Path::new("tests/data/heterologous"),
        &LoadOptions::default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let s = &p.schedule;
    let (sinovac, az) = (
        s.product("coronavac").unwrap(),
        s.product("vaxzevria").unwrap(),
    );
    let birth = NaiveDate::from_ymd_opt(1980, 1, 1).unwrap();
    let first = NaiveDate::from_ymd_opt(2021, 7, 12).unwrap();
    let patient = Patient {
        birth,
        gender: None,
        region: None,
        conditions: &[],
    };
    let ask = |earlier: usize, second: Option<NaiveDate>| {
        let mut given = vec![Given {
            date: first,
            product: earlier,
        }];
        given.extend(second.map(|date| Given { date, product: az }));
        let on = NaiveDate::from_ymd_opt(2021, 8, 10).unwrap();
        forecast(s, &patient, &given, on, None).unwrap()
    };
    let day = |n: u64| first + Days::new(n);
    let after_sinovac = &ask(sinovac, None).groups[0];
    assert_eq!(
        (after_sinovac.earliest, after_sinovac.past_due),
        (Some(day(21)), Some(day(27)))
    );
    let after_az = &ask(az, None).groups[0];
    assert_eq!(
        (after_az.earliest, after_az.past_due),
        (Some(day(70)), Some(day(83)))
    );
    // The same second dose, 25 days on, counts after CoronaVac and not after AstraZeneca.
    assert!(ask(sinovac, Some(day(25))).doses[1].is_valid());
    let f = ask(az, Some(day(25)));
    assert_eq!(f.doses[1].reason.map(|r| r.code()), Some("too_soon"));
    assert_eq!(
        ask(sinovac, Some(day(25))).groups[0].status,
        Status::Complete
    );
}
