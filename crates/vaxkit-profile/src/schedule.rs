//! The schedule engine: may this person have the next dose of a vaccine on a given day?
//!
//! Everything comes from the profile's effective-dated rules, which the loader turns into series
//! of the routine-immunisation model ([`crate::campaign`]); [`evaluate`] answers from those series
//! and [`evaluate_by_rules`] from the rules as written. The day is always a parameter (never read
//! from the clock here), counted in the country's time zone by the caller through
//! [`Profile::local_date`].

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::forecast::{self, Given, Patient, Verdict};
use crate::model::{DoseKind, Profile, Vaccine};
use crate::span::Span;

/// A dose a person already had.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PastDose {
    /// The day it was given.
    pub date: NaiveDate,
    /// The product code.
    pub product: String,
}

/// A person's birth, as precisely as the profile asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Birth {
    /// Year only: age is the difference of calendar years (as Co-WIN counted it).
    Year(i32),
    /// Full date: age is counted in completed years.
    Date(NaiveDate),
}

impl Birth {
    /// Age in years on a day.
    pub fn age_on(&self, day: NaiveDate) -> i32 {
        match self {
            Birth::Year(y) => day.year() - y,
            Birth::Date(d) => {
                let had_birthday = (day.month(), day.day()) >= (d.month(), d.day());
                day.year() - d.year() - i32::from(!had_birthday)
            }
        }
    }

    /// The first day on which the person is `years` old.
    pub fn reaches_age(&self, years: u32) -> Option<NaiveDate> {
        let years = i32::try_from(years).ok()?;
        match self {
            Birth::Year(y) => NaiveDate::from_ymd_opt(y.checked_add(years)?, 1, 1),
            Birth::Date(d) => {
                let year = d.year().checked_add(years)?;
                // Someone born on 29 February comes of age on 1 March in common years.
                NaiveDate::from_ymd_opt(year, d.month(), d.day())
                    .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
            }
        }
    }

    fn first_day(&self) -> Option<NaiveDate> {
        match self {
            Birth::Year(y) => NaiveDate::from_ymd_opt(*y, 1, 1),
            Birth::Date(d) => Some(*d),
        }
    }
}

/// Why the engine answered as it did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// The next dose may be given.
    Eligible,
    /// The next dose may be given and is past its latest recommended day.
    Overdue,
    /// Below the minimum age; old enough from `date`.
    TooYoung {
        /// The minimum age in years.
        min_years: u32,
        /// The day the person reaches it.
        date: Option<NaiveDate>,
    },
    /// Above the maximum age.
    TooOld {
        /// The maximum age in years.
        max_years: u32,
    },
    /// The gap since the previous dose is too short.
    TooEarly,
    /// All primary and booster doses have been given.
    SeriesComplete,
    /// The product may not follow the earlier doses' product.
    ProductMix {
        /// The product of the earlier doses.
        expected: String,
    },
    /// No rule offers this dose on that day.
    NotOffered,
    /// The product is not in use on that day.
    NotAvailable,
}

impl Reason {
    /// The stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            Reason::Eligible => "eligible",
            Reason::Overdue => "overdue",
            Reason::TooYoung { .. } => "too_young",
            Reason::TooOld { .. } => "too_old",
            Reason::TooEarly => "too_early",
            Reason::SeriesComplete => "series_complete",
            Reason::ProductMix { .. } => "product_mix",
            Reason::NotOffered => "not_offered",
            Reason::NotAvailable => "not_available",
        }
    }
}

/// The engine's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// Whether the dose may be given on the day asked.
    pub eligible: bool,
    /// Why.
    pub reason: Reason,
    /// The vaccine asked about.
    pub vaccine: String,
    /// The number of the next dose (1-based, boosters counted after the series); `None` when complete.
    pub next_dose: Option<u32>,
    /// Whether the next dose is a booster.
    pub booster: bool,
    /// Earliest day for the next dose.
    pub earliest: Option<NaiveDate>,
    /// Latest recommended day for the next dose.
    pub latest: Option<NaiveDate>,
    /// The day the answer is for.
    pub on: NaiveDate,
    /// Products of the same disease that may be given as the next dose.
    pub products: Vec<String>,
}

impl Answer {
    /// The Fluent message id explaining the answer.
    pub fn message_id(&self) -> &'static str {
        match &self.reason {
            Reason::Eligible if self.latest.is_some() => "schedule-eligible-until",
            Reason::Eligible => "schedule-eligible",
            Reason::Overdue => "schedule-overdue",
            Reason::TooYoung { date: Some(_), .. } => "schedule-too-young",
            Reason::TooYoung { date: None, .. } => "schedule-too-young-no-date",
            Reason::TooOld { .. } => "schedule-too-old",
            Reason::TooEarly => "schedule-too-early",
            Reason::SeriesComplete => "schedule-series-complete",
            Reason::ProductMix { .. } => "schedule-product-mix",
            Reason::NotOffered => "schedule-not-offered",
            Reason::NotAvailable => "schedule-not-available",
        }
    }

    /// The variables of the message.
    pub fn message_args(&self) -> Vec<(&'static str, MessageArg)> {
        let date =
            |d: Option<NaiveDate>| MessageArg::Text(d.map_or_else(String::new, |d| d.to_string()));
        let mut args = vec![
            (
                "dose",
                MessageArg::Number(i64::from(self.next_dose.unwrap_or(0))),
            ),
            ("earliest", date(self.earliest)),
            ("latest", date(self.latest)),
            ("date", date(Some(self.on))),
            ("product", MessageArg::Text(self.vaccine.clone())),
        ];
        match &self.reason {
            Reason::TooYoung { min_years, date: d } => {
                args.push(("min_years", MessageArg::Number(i64::from(*min_years))));
                if let Some(entry) = args.iter_mut().find(|(k, _)| *k == "date") {
                    entry.1 = date(*d);
                }
            }
            Reason::TooOld { max_years } => {
                args.push(("max_years", MessageArg::Number(i64::from(*max_years))))
            }
            Reason::ProductMix { expected } => {
                args.push(("expected", MessageArg::Text(expected.clone())))
            }
            _ => {}
        }
        args
    }
}

/// A message variable: numbers stay numbers so plural rules can pick the right form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MessageArg {
    /// Text, such as a date or a product code.
    Text(String),
    /// A whole number, such as a dose number or an age.
    Number(i64),
}

/// Input the engine cannot answer about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScheduleError {
    /// The vaccine code is not in the profile.
    #[error("unknown vaccine `{0}`")]
    UnknownVaccine(String),
    /// A past dose names a product not in the profile.
    #[error("dose {0}: unknown product `{1}`")]
    UnknownProduct(usize, String),
    /// A past dose is of a vaccine against another disease.
    #[error("dose {0}: `{1}` protects against {2}, not {3}")]
    OtherDisease(usize, String, String, String),
    /// A past dose is dated before the birth.
    #[error("dose {0} is dated before the birth")]
    BeforeBirth(usize),
    /// A past dose is dated after the day asked about.
    #[error("dose {0} is dated after {1}")]
    InFuture(usize, NaiveDate),
}

/// Answers whether dose `doses.len() + 1` of `vaccine` may be given on `on`.
/// Past doses may come in any order; they are sorted by date.
///
/// The answer comes from the series the campaign products' rules translate to
/// ([`crate::campaign`]), judged by [`forecast::propose`]: every dose on record counts, and only
/// the next one is judged.
pub fn evaluate(
    profile: &Profile,
    vaccine: &str,
    birth: Birth,
    doses: &[PastDose],
    on: NaiveDate,
) -> Result<Answer, ScheduleError> {
    let (v, past) = checked(profile, vaccine, birth, doses, on)?;
    // A birth year beyond the calendar's range has no day to count from; the rules as written
    // still answer for it.
    Ok(from_series(profile, v, birth, &past, on)
        .unwrap_or_else(|| by_rules(profile, v, birth, past, on)))
}

/// The same question answered from the `[[vaccines]]` rules as written, without their series:
/// the reference the translation into series is checked against.
pub fn evaluate_by_rules(
    profile: &Profile,
    vaccine: &str,
    birth: Birth,
    doses: &[PastDose],
    on: NaiveDate,
) -> Result<Answer, ScheduleError> {
    let (v, past) = checked(profile, vaccine, birth, doses, on)?;
    Ok(by_rules(profile, v, birth, past, on))
}

/// A past dose with its product.
type Past<'a> = (&'a PastDose, &'a Vaccine);

/// The vaccine asked about and the past doses with their products, in date order; or why the
/// question cannot be answered.
fn checked<'a>(
    profile: &'a Profile,
    vaccine: &str,
    birth: Birth,
    doses: &'a [PastDose],
    on: NaiveDate,
) -> Result<(&'a Vaccine, Vec<Past<'a>>), ScheduleError> {
    let v = profile
        .vaccine(vaccine)
        .ok_or_else(|| ScheduleError::UnknownVaccine(vaccine.to_string()))?;
    let mut past: Vec<Past<'a>> = Vec::with_capacity(doses.len());
    for (i, d) in doses.iter().enumerate() {
        let n = i + 1;
        let product = profile
            .vaccine(&d.product)
            .ok_or_else(|| ScheduleError::UnknownProduct(n, d.product.clone()))?;
        if product.disease != v.disease {
            return Err(ScheduleError::OtherDisease(
                n,
                product.code.clone(),
                product.disease.clone(),
                v.disease.clone(),
            ));
        }
        if birth.first_day().is_some_and(|b| d.date < b) {
            return Err(ScheduleError::BeforeBirth(n));
        }
        if d.date > on {
            return Err(ScheduleError::InFuture(n, on));
        }
        past.push((d, product));
    }
    past.sort_by_key(|(d, _)| d.date);
    Ok((v, past))
}

/// The answer of the v2 engine on the product's series; `None` when the birth has no first
/// day or a product is missing from the schedule.
fn from_series(
    profile: &Profile,
    v: &Vaccine,
    birth: Birth,
    past: &[Past<'_>],
    on: NaiveDate,
) -> Option<Answer> {
    let s = &profile.schedule;
    let product = s.product(&v.code)?;
    let given = past
        .iter()
        .map(|(d, _)| {
            Some(Given {
                date: d.date,
                product: s.product(&d.product)?,
            })
        })
        .collect::<Option<Vec<Given>>>()?;
    let patient = Patient {
        birth: birth.first_day()?,
        gender: None,
        region: None,
        conditions: &[],
    };
    let p = forecast::propose(s, &patient, &given, product, on, None).ok()?;
    let code = |id: usize| {
        s.products
            .get(id)
            .map_or_else(String::new, |p| p.code.clone())
    };
    let whole_years = |span: Span| u32::try_from(span.years).unwrap_or(0);
    let reason = match p.verdict {
        Verdict::Due => Reason::Eligible,
        Verdict::Overdue => Reason::Overdue,
        Verdict::Complete => Reason::SeriesComplete,
        Verdict::MayNotFollow(last) => Reason::ProductMix {
            expected: code(last),
        },
        Verdict::NotAvailable => Reason::NotAvailable,
        Verdict::NotOffered => Reason::NotOffered,
        Verdict::TooYoung(min) => Reason::TooYoung {
            min_years: whole_years(min),
            date: p.earliest,
        },
        // The series counts the age from which the dose is no longer given; the reason names
        // the last age at which it is.
        Verdict::TooOld(max) => Reason::TooOld {
            max_years: whole_years(max).saturating_sub(1),
        },
        Verdict::TooSoon => Reason::TooEarly,
    };
    Some(Answer {
        eligible: p.verdict.allowed(),
        reason,
        vaccine: v.code.clone(),
        next_dose: p.dose,
        booster: p.booster,
        earliest: p.earliest,
        latest: p.past_due,
        on,
        products: p.products.into_iter().map(code).collect(),
    })
}

/// The answer from the `[[vaccines]]` rules as written.
fn by_rules(
    profile: &Profile,
    v: &Vaccine,
    birth: Birth,
    past: Vec<Past<'_>>,
    on: NaiveDate,
) -> Answer {
    let first_product = past.first().map_or(v, |(_, p)| *p);
    let series_doses = first_product.doses;
    let next = u32::try_from(past.len())
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    let booster = next > series_doses;
    let products = profile
        .vaccines
        .iter()
        .filter(|c| c.disease == v.disease && c.available.contains(on))
        .filter(|c| may_follow(profile, c, &past, booster, on).is_ok())
        .filter(|c| next <= series_doses + c.boosters)
        .map(|c| c.code.clone())
        .collect();
    let mut answer = Answer {
        eligible: false,
        reason: Reason::SeriesComplete,
        vaccine: v.code.clone(),
        next_dose: Some(next),
        booster,
        earliest: None,
        latest: None,
        on,
        products,
    };

    if next > series_doses + v.boosters {
        answer.next_dose = None;
        answer.booster = false;
        return answer;
    }
    if let Err(expected) = may_follow(profile, v, &past, booster, on) {
        answer.reason = Reason::ProductMix { expected };
        return answer;
    }
    if !v.available.contains(on) {
        answer.reason = Reason::NotAvailable;
        answer.earliest = v.available.from.filter(|f| *f > on);
        return answer;
    }

    // The rule numbering of the product being given: its own series, then its boosters.
    let rule_dose = if booster {
        v.doses + (next - series_doses) - 1
    } else {
        next - 1
    };
    let interval = (next > 1).then(|| {
        v.intervals
            .iter()
            .find(|r| r.after_dose == rule_dose && r.period.contains(on))
    });
    if let Some(None) = interval {
        answer.reason = Reason::NotOffered;
        return answer;
    }
    let interval = interval.flatten();

    // The vaccine's age rules decide who may start the series; a later dose follows the
    // first whatever age group is being called that day (only its own interval rule may
    // set an age, as boosters do).
    let starting = next == 1;
    let age_rule = if starting {
        v.ages.iter().find(|r| r.period.contains(on))
    } else {
        None
    };
    if starting && !v.ages.is_empty() && age_rule.is_none() {
        answer.reason = Reason::NotOffered;
        return answer;
    }
    let min_years = age_rule
        .map_or(0, |r| r.min_years)
        .max(interval.and_then(|r| r.min_age_years).unwrap_or(0));
    let age = birth.age_on(on);
    if age < i32::try_from(min_years).unwrap_or(i32::MAX) {
        // The day the person qualifies: under today's rule, or sooner under a rule the
        // profile already has for later (an age group opening up).
        let date = if starting {
            first_admitted_on_or_after(v, birth, on)
        } else {
            birth.reaches_age(min_years)
        };
        answer.reason = Reason::TooYoung { min_years, date };
        answer.earliest = date;
        return answer;
    }
    if let Some(max_years) = age_rule.and_then(|r| r.max_years)
        && age > i32::try_from(max_years).unwrap_or(i32::MAX)
    {
        answer.reason = Reason::TooOld { max_years };
        return answer;
    }

    let last = past.last().map(|(d, _)| d.date);
    match (interval, last) {
        (Some(rule), Some(last)) => {
            answer.earliest = last.checked_add_days(Days::new(rule.min_days.into()));
            answer.latest = rule
                .max_days
                .and_then(|m| last.checked_add_days(Days::new(m.into())));
        }
        _ => {
            // First dose: from the day the person has been admitted without a break.
            answer.earliest = admitted_since(v, birth, on);
        }
    }
    if answer.earliest.is_some_and(|e| on < e) {
        answer.reason = Reason::TooEarly;
        return answer;
    }
    answer.eligible = true;
    answer.reason = if answer.latest.is_some_and(|l| on > l) {
        Reason::Overdue
    } else {
        Reason::Eligible
    };
    answer
}

/// Whether the vaccine's rules let this person start the series on a day.
fn admits(v: &Vaccine, birth: Birth, day: NaiveDate) -> bool {
    if !v.available.contains(day) {
        return false;
    }
    if v.ages.is_empty() {
        return true;
    }
    let age = birth.age_on(day);
    v.ages.iter().any(|r| {
        r.period.contains(day)
            && age >= i32::try_from(r.min_years).unwrap_or(i32::MAX)
            && r.max_years
                .is_none_or(|m| age <= i32::try_from(m).unwrap_or(i32::MAX))
    })
}

/// The first day from `on` on which the person may start the series: the candidates are
/// the days a rule begins or the person reaches a rule's minimum age.
fn first_admitted_on_or_after(v: &Vaccine, birth: Birth, on: NaiveDate) -> Option<NaiveDate> {
    let mut days: Vec<NaiveDate> = v
        .ages
        .iter()
        .flat_map(|r| [r.period.from, birth.reaches_age(r.min_years)])
        .chain([v.available.from])
        .flatten()
        .map(|d| d.max(on))
        .collect();
    days.sort();
    days.into_iter().find(|d| admits(v, birth, *d))
}

/// The first day of the unbroken run of days, ending on `on`, on which the person may
/// start the series.
fn admitted_since(v: &Vaccine, birth: Birth, on: NaiveDate) -> Option<NaiveDate> {
    let mut boundaries: Vec<NaiveDate> = v
        .ages
        .iter()
        .flat_map(|r| {
            [
                r.period.from,
                r.period.until.and_then(|u| u.succ_opt()),
                birth.reaches_age(r.min_years),
            ]
        })
        .chain([v.available.from, birth.first_day()])
        .flatten()
        .filter(|d| *d <= on)
        .collect();
    boundaries.sort();
    boundaries.dedup();
    // Between two boundaries nothing changes, so checking each boundary suffices.
    let mut since = on;
    for day in boundaries.into_iter().rev() {
        if admits(v, birth, day) {
            since = day;
        } else {
            break;
        }
    }
    Some(since)
}

/// Whether `candidate` may follow the past doses; on refusal, the product expected.
fn may_follow(
    profile: &Profile,
    candidate: &Vaccine,
    past: &[(&PastDose, &Vaccine)],
    booster: bool,
    on: NaiveDate,
) -> Result<(), String> {
    let Some((_, last)) = past.last() else {
        return Ok(());
    };
    let others: Vec<&str> = past
        .iter()
        .map(|(_, p)| p.code.as_str())
        .filter(|c| *c != candidate.code)
        .collect();
    if others.is_empty() || profile.appointments.allow_product_mix {
        return Ok(());
    }
    let allowed = others.iter().all(|other| {
        candidate.may_follow.iter().any(|rule| {
            let kind_ok = match rule.doses {
                DoseKind::Any => true,
                DoseKind::Primary => !booster,
                DoseKind::Booster => booster,
            };
            kind_ok && rule.period.contains(on) && rule.products.iter().any(|p| p == other)
        })
    });
    if allowed {
        Ok(())
    } else {
        Err(last.code.clone())
    }
}
