//! May this product be given on this day, as the person's next dose? The question a booking or
//! a dose being recorded asks, answered from the series of the model.
//!
//! Unlike the forecast, which judges each dose given, this takes the doses on record as they
//! stand: each was checked (or knowingly overridden) when it was recorded, so every one counts,
//! in date order, and only the proposed dose is judged. The course is the series whose first
//! dose accepts the product of the first dose given (of the product proposed, when none was).
//! The doses given fill the series' target doses in turn, passing over a target whose skip
//! rules for evaluation hold on the day of the dose (as the forecaster does); the proposed dose
//! is the next target whose skip rules, for evaluation or for forecasting, do not hold on the
//! day: a dose given that day would not fill such a target, and it is not needed. The checks
//! then run in a fixed order and the first refusal is the answer: the series has a dose for the
//! product; the product may follow the doses given; it is available; a rule offers it that day;
//! the person is old enough and not too old; the interval has passed, and no live-virus
//! conflict with a dose given on another day forbids the day.

use chrono::NaiveDate;

use super::{
    ADose, ForecastError, Given, LiveSpacing, Patient, SkipFacts, relevant, season_around, skipped,
};
use crate::immunization::{
    DoseAge, DoseProduct, IntervalFrom, ProductId, Schedule, Season, Series, SeriesDose,
    SkipContext,
};
use crate::model::Period;
use crate::regions::Regions;
use crate::span::Span;

/// The answer about a proposed dose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    /// Index in [`Schedule::series`] of the course the doses follow, when one does.
    pub series: Option<usize>,
    /// The number the dose would have (1-based); `None` when the course has no further dose of
    /// the product.
    pub dose: Option<u32>,
    /// Whether that dose is a booster.
    pub booster: bool,
    /// The verdict.
    pub verdict: Verdict,
    /// The earliest day the dose may be given, when known.
    pub earliest: Option<NaiveDate>,
    /// The last day before the dose is past due, when it has one.
    pub past_due: Option<NaiveDate>,
    /// Products that may be given as that dose on the day: available, and allowed to follow the
    /// doses given (ages and intervals not checked).
    pub products: Vec<ProductId>,
}

/// Whether the proposed dose may be given, and if not why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// It may be given.
    Due,
    /// It may be given, and is past due.
    Overdue,
    /// The course has no further dose of this product.
    Complete,
    /// The product may not follow the doses given; the product of the last of them.
    MayNotFollow(ProductId),
    /// The product is not available on the day.
    NotAvailable,
    /// No rule offers the dose on the day.
    NotOffered,
    /// Below the minimum age (`earliest` is the first day the person may have it, if any).
    TooYoung(Span),
    /// At or above the age from which the dose is no longer given.
    TooOld(Span),
    /// Too soon after an earlier dose.
    TooSoon,
}

impl Verdict {
    /// Whether the dose may be given.
    pub fn allowed(self) -> bool {
        matches!(self, Verdict::Due | Verdict::Overdue)
    }
}

/// Judges a dose of `product` on `on` as the next dose after `doses`, in the course of each
/// antigen the product counts for; the first refusal is the answer, else the first antigen's.
/// An antigen none of whose series the doses (or the product) can start says nothing; with no
/// course at all, the dose is not offered.
pub fn propose(
    schedule: &Schedule,
    patient: &Patient<'_>,
    doses: &[Given],
    product: ProductId,
    on: NaiveDate,
    regions: Option<&Regions>,
) -> Result<Proposal, ForecastError> {
    for (i, d) in doses.iter().enumerate() {
        if d.product >= schedule.products.len() {
            return Err(ForecastError::UnknownProduct(i + 1));
        }
        if d.date < patient.birth {
            return Err(ForecastError::BeforeBirth(i + 1));
        }
    }
    let p = schedule
        .products
        .get(product)
        .ok_or(ForecastError::UnknownProduct(doses.len() + 1))?;
    let mut order: Vec<usize> = (0..doses.len()).collect();
    order.sort_by_key(|&i| doses.get(i).map(|d| d.date));
    let judge = Judge {
        schedule,
        patient,
        regions,
        product,
        on,
        doses,
        live: LiveSpacing::new(schedule, doses, &order),
    };
    let mut answer: Option<Proposal> = None;
    for a in &p.antigens {
        let Some(one) = judge.antigen(a.antigen, doses) else {
            continue;
        };
        if !one.verdict.allowed() {
            return Ok(one);
        }
        answer.get_or_insert(one);
    }
    Ok(answer.unwrap_or(Proposal {
        series: None,
        dose: None,
        booster: false,
        verdict: Verdict::NotOffered,
        earliest: None,
        past_due: None,
        products: Vec::new(),
    }))
}

struct Judge<'a> {
    schedule: &'a Schedule,
    patient: &'a Patient<'a>,
    regions: Option<&'a Regions>,
    product: ProductId,
    on: NaiveDate,
    /// Every dose given, of any antigen: live-virus spacing crosses antigens.
    doses: &'a [Given],
    live: LiveSpacing,
}

impl Judge<'_> {
    fn age_date(&self, span: Option<Span>) -> Option<NaiveDate> {
        span.unwrap_or_default().after(self.patient.birth)
    }

    fn available(&self, product: ProductId) -> Period {
        self.schedule
            .products
            .get(product)
            .map(|p| p.available)
            .unwrap_or_default()
    }

    fn antigen(&self, antigen: usize, doses: &[Given]) -> Option<Proposal> {
        let mut standing: Vec<&Given> = doses
            .iter()
            .filter(|d| {
                self.schedule.products.get(d.product).is_some_and(|p| {
                    p.antigens.iter().any(|a| {
                        a.antigen == antigen
                            && self.age_date(a.from_age).is_none_or(|f| f <= d.date)
                            && a.to_age
                                .and_then(|t| t.after(self.patient.birth))
                                .is_none_or(|t| d.date < t)
                    })
                })
            })
            .collect();
        standing.sort_by_key(|d| d.date);
        let first = standing.first().map_or(self.product, |d| d.product);
        let lists = |d: &SeriesDose, p: ProductId| entries(d, p).next().is_some();
        // A campaign product's own course (`campaign-<code>`) comes before any declared series
        // that also lists the product.
        let own_course = self
            .schedule
            .products
            .get(first)
            .map(|p| format!("{}{}", crate::campaign::SERIES_PREFIX, p.code));
        let (index, series) = self
            .schedule
            .series
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.antigen == antigen
                    && s.kind != crate::immunization::SeriesKind::EvaluationOnly
                    && relevant(s, self.patient, self.regions)
                    && s.doses.first().is_some_and(|d| lists(d, first))
            })
            .min_by_key(|(_, s)| own_course.as_deref() != Some(s.code.as_str()))?;
        let given: Vec<ADose> = standing
            .iter()
            .enumerate()
            .map(|(i, d)| ADose {
                index: i,
                date: d.date,
                product: d.product,
            })
            .collect();
        let (targets, next) = self.course(series, &given);
        let mut answer = Proposal {
            series: Some(index),
            dose: next.and_then(|t| u32::try_from(t + 1).ok()),
            booster: false,
            verdict: Verdict::NotOffered,
            earliest: None,
            past_due: None,
            products: Vec::new(),
        };
        let earlier = || standing.iter().map(|d| d.product);
        // With nothing given yet any course may start: the products of the first dose each
        // course would give.
        let candidates: Vec<&SeriesDose> = if standing.is_empty() {
            self.schedule
                .series
                .iter()
                .filter(|s| {
                    s.antigen == antigen
                        && s.kind != crate::immunization::SeriesKind::EvaluationOnly
                        && relevant(s, self.patient, self.regions)
                })
                .filter_map(|s| self.course(s, &[]).1.and_then(|t| dose_at(&s.doses, t)))
                .collect()
        } else {
            next.and_then(|t| dose_at(&series.doses, t))
                .into_iter()
                .collect()
        };
        let mut products: Vec<ProductId> = candidates
            .iter()
            .flat_map(|d| d.preferable.iter().chain(&d.allowable))
            .map(|e| e.product)
            .collect();
        products.sort_unstable();
        products.dedup();
        products.retain(|p| {
            self.available(*p).contains(self.on)
                && candidates
                    .iter()
                    .any(|d| entries(d, *p).any(|e| e.may_follow(earlier(), self.on)))
        });
        answer.products = products;

        let Some(dose) = next
            .and_then(|t| dose_at(&series.doses, t))
            .filter(|d| lists(d, self.product))
        else {
            answer.dose = None;
            answer.verdict = Verdict::Complete;
            return Some(answer);
        };
        answer.booster = dose.booster;
        if !entries(dose, self.product).any(|e| e.may_follow(earlier(), self.on)) {
            let last = standing.last().map_or(self.product, |d| d.product);
            answer.verdict = Verdict::MayNotFollow(last);
            return Some(answer);
        }
        let available = self.available(self.product);
        if !available.contains(self.on) {
            answer.verdict = Verdict::NotAvailable;
            answer.earliest = available.from.filter(|f| *f > self.on);
            return Some(answer);
        }
        let Some(entry) = entries(dose, self.product).find(|e| e.period.contains(self.on)) else {
            return Some(answer);
        };
        let age = dose.ages.iter().find(|a| a.period.contains(self.on));
        if !dose.ages.is_empty() && age.is_none() {
            return Some(answer);
        }
        // The minimum age: the dose's, or the product's for the dose when that is later.
        let min = [age.and_then(|a| a.min), entry.from_age]
            .into_iter()
            .flatten()
            .max_by_key(|m| self.age_date(Some(*m)))
            .unwrap_or_default();
        if self.age_date(Some(min)).is_none_or(|m| self.on < m) {
            answer.verdict = Verdict::TooYoung(min);
            answer.earliest = if given.is_empty() {
                self.first_admitted(&dose.ages, available)
            } else {
                self.age_date(Some(min))
            };
            return Some(answer);
        }
        for max in [age.and_then(|a| a.max), entry.to_age]
            .into_iter()
            .flatten()
        {
            if self.age_date(Some(max)).is_some_and(|m| self.on >= m) {
                answer.verdict = Verdict::TooOld(max);
                return Some(answer);
            }
        }
        // The gap since the doses it is counted from, by the rules in force on the day.
        let window: Vec<(NaiveDate, Option<NaiveDate>)> = dose
            .intervals
            .iter()
            .filter(|iv| iv.period.contains(self.on))
            .filter(|iv| iv.for_products.is_empty() || iv.for_products.contains(&self.product))
            .filter_map(|iv| {
                let from = match &iv.from {
                    IntervalFrom::Previous => standing.last().copied(),
                    // A target passed over has no dose to count from.
                    IntervalFrom::Dose(k) => usize::try_from(*k)
                        .ok()
                        .and_then(|k| k.checked_sub(1))
                        .and_then(|k| targets.get(k).copied().flatten())
                        .and_then(|i| standing.get(i).copied()),
                    IntervalFrom::LastOf(list) => standing
                        .iter()
                        .rev()
                        .find(|d| list.contains(&d.product))
                        .copied(),
                }?;
                if !iv.after_products.is_empty() && !iv.after_products.contains(&from.product) {
                    return None;
                }
                let earliest = iv.min.unwrap_or_default().after(from.date)?;
                let past_due = iv
                    .latest
                    .and_then(|l| l.after(from.date))
                    .and_then(|l| l.pred_opt());
                Some((earliest, past_due))
            })
            .collect();
        if window.is_empty() {
            answer.earliest = Some(self.admitted_since(&dose.ages, available));
        } else {
            answer.earliest = window.iter().map(|w| w.0).max();
            answer.past_due = window.iter().filter_map(|w| w.1).max();
        }
        if let Some(end) =
            self.live_conflict_end(answer.earliest.map_or(self.on, |e| e.max(self.on)))
        {
            answer.earliest = Some(end);
        }
        answer.verdict = if answer.earliest.is_some_and(|e| self.on < e) {
            Verdict::TooSoon
        } else if answer.past_due.is_some_and(|p| self.on > p) {
            Verdict::Overdue
        } else {
            Verdict::Due
        };
        Some(answer)
    }

    /// The target dose of `series` each dose given fills (`None` for a target passed over, as
    /// the forecaster does when its skip rules for evaluation hold on the day of the dose), and
    /// the target a dose on the day asked about would fill: the next whose skip rules for
    /// evaluation or for forecasting do not hold that day (`None` when none is left).
    fn course(&self, series: &Series, given: &[ADose]) -> (Vec<Option<usize>>, Option<usize>) {
        // A recurring dose whose skip rule always holds ends the course rather than looping.
        let limit = series.doses.len() + given.len() + 1;
        let target = |t: usize| dose_at(&series.doses, t).filter(|_| t < limit);
        let facts = |upto: usize| CourseFacts {
            birth: self.patient.birth,
            before: given.get(..upto).unwrap_or_default(),
        };
        let mut targets: Vec<Option<usize>> = Vec::with_capacity(given.len() + 1);
        for (i, d) in given.iter().enumerate() {
            let facts = facts(i);
            while target(targets.len())
                .is_some_and(|td| skipped(&facts, td, SkipContext::Evaluation, d.date))
            {
                targets.push(None);
            }
            targets.push(Some(i));
        }
        let facts = facts(given.len());
        while target(targets.len()).is_some_and(|td| {
            skipped(&facts, td, SkipContext::Evaluation, self.on)
                || skipped(&facts, td, SkipContext::Forecast, self.on)
        }) {
            targets.push(None);
        }
        let next = targets.len();
        (targets, (next < limit).then_some(next))
    }

    /// The first day from `from` on that no live-virus conflict with a dose given on another
    /// day forbids for the product, when one forbids `from`: the forecaster's windows, each
    /// opened by an earlier live dose.
    fn live_conflict_end(&self, from: NaiveDate) -> Option<NaiveDate> {
        // Doses older than the longest conflict cannot reach the day.
        let windows: Vec<(NaiveDate, NaiveDate)> = self
            .live
            .windows(self.schedule, self.doses, self.product)
            .take_while(|(day, _)| (from - *day).num_days() <= self.live.reach)
            .filter_map(|(_, w)| w)
            .collect();
        let mut day = from;
        // Each step moves to the end of a window holding the day, so it ends.
        while let Some((_, end)) = windows.iter().find(|(b, e)| *b <= day && day < *e) {
            day = *end;
        }
        (day != from).then_some(day)
    }

    /// Whether the age rules (and the product's availability) admit the person on a day.
    fn admits(&self, ages: &[DoseAge], available: Period, day: NaiveDate) -> bool {
        available.contains(day)
            && (ages.is_empty()
                || ages.iter().any(|a| {
                    a.period.contains(day)
                        && self.age_date(a.min).is_some_and(|m| m <= day)
                        && a.max
                            .is_none_or(|m| self.age_date(Some(m)).is_none_or(|m| day < m))
                }))
    }

    /// The first day from the day asked about on which the age rules admit the person: the
    /// candidates are the days a rule begins, the person reaches a rule's minimum age, or the
    /// product becomes available.
    fn first_admitted(&self, ages: &[DoseAge], available: Period) -> Option<NaiveDate> {
        let mut days: Vec<NaiveDate> = ages
            .iter()
            .flat_map(|a| [a.period.from, self.age_date(a.min)])
            .chain([available.from])
            .flatten()
            .map(|d| d.max(self.on))
            .collect();
        days.sort();
        days.into_iter().find(|d| self.admits(ages, available, *d))
    }

    /// The first day of the unbroken run of days, ending on the day asked about, on which the
    /// age rules admit the person.
    fn admitted_since(&self, ages: &[DoseAge], available: Period) -> NaiveDate {
        let mut boundaries: Vec<NaiveDate> = ages
            .iter()
            .flat_map(|a| {
                [
                    a.period.from,
                    a.period.until.and_then(|u| u.succ_opt()),
                    self.age_date(a.min),
                ]
            })
            .chain([available.from, Some(self.patient.birth)])
            .flatten()
            .filter(|d| *d <= self.on)
            .collect();
        boundaries.sort();
        boundaries.dedup();
        // Between two boundaries nothing changes, so checking each boundary suffices.
        let mut since = self.on;
        for day in boundaries.into_iter().rev() {
            if self.admits(ages, available, day) {
                since = day;
            } else {
                break;
            }
        }
        since
    }
}

/// The dose at `index` (0-based), the last dose again when it recurs.
fn dose_at(doses: &[SeriesDose], index: usize) -> Option<&SeriesDose> {
    doses
        .get(index)
        .or_else(|| doses.last().filter(|d| d.recurring && index >= doses.len()))
}

/// The dose's entries for a product, preferable then allowable.
fn entries(dose: &SeriesDose, product: ProductId) -> impl Iterator<Item = &DoseProduct> {
    dose.preferable
        .iter()
        .chain(&dose.allowable)
        .filter(move |e| e.product == product)
}

/// The course as it stands, for the skip rules: every dose given counts.
struct CourseFacts<'g> {
    birth: NaiveDate,
    before: &'g [ADose],
}

impl SkipFacts for CourseFacts<'_> {
    fn age_date(&self, span: Option<Span>) -> Option<NaiveDate> {
        span?.after(self.birth)
    }

    fn season_around(&self, season: &Season, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        season_around(season, day)
    }

    fn before(&self) -> &[ADose] {
        self.before
    }

    fn valid(&self, _: usize) -> bool {
        true
    }

    /// Only the course followed is judged here, not the other series of the antigen, so no
    /// other series is known to be complete.
    fn completed(&self, _: &[u32]) -> bool {
        false
    }
}
