//! Campaign products as series of the routine-immunisation model.
//!
//! A campaign product's `[[vaccines]]` rules — doses and boosters, effective-dated age rules for
//! who may start, effective-dated intervals with their own minimum ages, `may_follow` — are
//! turned into one [`Series`] per product when the profile loads. A course is the series of its
//! first dose's product: that product alone may start it; its primary doses are followed by as
//! many boosters as the most any product of the disease offers. Each later dose lists every
//! product of the disease that still has that dose in its own doses and boosters, with the
//! product's own rules for the gap: the interval rule numbered as the product counts its doses
//! (`after_dose`), whose dates become the entry's period, whose `min_age_years` its minimum age,
//! and whose days an interval given for that product. `may_follow` becomes the entry's follow
//! rules, for primary doses or boosters as the rule says. [`crate::forecast::propose`] then
//! answers the booking and dose checks from these series.

use crate::immunization::{
    DoseAge, DoseProduct, FollowRule, Interval, IntervalFrom, ProductId, Schedule, Series,
    SeriesDose, SeriesKind,
};
use crate::model::{DoseKind, IntervalRule, Period, Vaccine};
use crate::span::Span;

/// What the code of a campaign product's series starts with (the product's code follows).
pub const SERIES_PREFIX: &str = "campaign-";

/// The series the campaign products' rules translate to, one per product, in catalogue order.
pub fn series(vaccines: &[Vaccine], schedule: &Schedule, allow_product_mix: bool) -> Vec<Series> {
    vaccines
        .iter()
        .filter_map(|first| course(first, vaccines, schedule, allow_product_mix))
        .collect()
}

/// The course started with `first`.
fn course(
    first: &Vaccine,
    vaccines: &[Vaccine],
    schedule: &Schedule,
    allow_product_mix: bool,
) -> Option<Series> {
    let antigen = schedule
        .antigens
        .iter()
        .position(|a| a.code == first.disease)?;
    let own = schedule.product(&first.code)?;
    let same: Vec<(&Vaccine, ProductId)> = vaccines
        .iter()
        .filter(|v| v.disease == first.disease)
        .filter_map(|v| Some((v, schedule.product(&v.code)?)))
        .collect();
    let boosters = same.iter().map(|(v, _)| v.boosters).max().unwrap_or(0);
    let mut doses = Vec::new();
    for n in 1..=first.doses.saturating_add(boosters) {
        let booster = n > first.doses;
        let mut dose = SeriesDose {
            booster,
            ..SeriesDose::default()
        };
        if n == 1 {
            dose.ages = first.ages.iter().map(age).collect();
            dose.preferable
                .push(entry(own, Period::default(), None, None));
            doses.push(dose);
            continue;
        }
        for (v, id) in &same {
            if n > first.doses.saturating_add(v.boosters) {
                continue;
            }
            // The product counts the gap by its own doses: a booster after a shorter or
            // longer primary series still uses the product's own booster rule.
            let after = if booster {
                v.doses + (n - first.doses) - 1
            } else {
                n - 1
            };
            let rules: Vec<&IntervalRule> = v
                .intervals
                .iter()
                .filter(|r| r.after_dose == after)
                .collect();
            let follows = (!allow_product_mix).then(|| follow_rules(v, booster, schedule));
            let list = if *id == own {
                &mut dose.preferable
            } else {
                &mut dose.allowable
            };
            if rules.is_empty() {
                // The product has this dose but no rule for the gap before it: never offered.
                list.push(entry(*id, Period::NEVER, None, follows.clone()));
            }
            for r in &rules {
                let min_age = r.min_age_years.map(years);
                list.push(entry(*id, r.period, min_age, follows.clone()));
            }
            dose.intervals
                .extend(rules.iter().map(|r| interval(r, *id)));
        }
        doses.push(dose);
    }
    Some(Series {
        code: format!("{SERIES_PREFIX}{}", first.code),
        name: first.name.clone(),
        antigen,
        kind: SeriesKind::Standard,
        genders: Vec::new(),
        regions: Vec::new(),
        conditions: Vec::new(),
        default: false,
        product_path: false,
        set: 1,
        equivalent_sets: Vec::new(),
        priority: "A".to_owned(),
        preference: 1,
        min_age_to_start: None,
        max_age_to_start: None,
        doses,
    })
}

fn years(n: u32) -> Span {
    Span::years(i32::try_from(n).unwrap_or(i32::MAX))
}

/// An age rule: from `min_years` to the day before the birthday after `max_years`.
fn age(rule: &crate::model::AgeRule) -> DoseAge {
    DoseAge {
        min: Some(years(rule.min_years)),
        max: rule.max_years.map(|m| years(m.saturating_add(1))),
        period: rule.period,
        ..DoseAge::default()
    }
}

fn entry(
    product: ProductId,
    period: Period,
    from_age: Option<Span>,
    may_follow: Option<Vec<FollowRule>>,
) -> DoseProduct {
    DoseProduct {
        product,
        from_age,
        to_age: None,
        forecast: false,
        period,
        may_follow,
    }
}

/// The gap after the previous dose, for doses of `product`; `max_days` is the last day before
/// the dose is past due.
fn interval(rule: &IntervalRule, product: ProductId) -> Interval {
    let days = |d: u32| Span::days(i32::try_from(d).unwrap_or(i32::MAX));
    Interval {
        from: IntervalFrom::Previous,
        absolute_min: None,
        min: Some(days(rule.min_days)),
        earliest: None,
        latest: rule.max_days.map(|m| days(m.saturating_add(1))),
        priority_override: false,
        after_products: Vec::new(),
        for_products: vec![product],
        period: rule.period,
    }
}

/// The `may_follow` rules of `v` that cover a primary dose or a booster.
fn follow_rules(v: &Vaccine, booster: bool, schedule: &Schedule) -> Vec<FollowRule> {
    v.may_follow
        .iter()
        .filter(|r| match r.doses {
            DoseKind::Any => true,
            DoseKind::Primary => !booster,
            DoseKind::Booster => booster,
        })
        .map(|r| FollowRule {
            products: r
                .products
                .iter()
                .filter_map(|p| schedule.product(p))
                .collect(),
            period: r.period,
        })
        .collect()
}
