//! The forecaster: evaluates each dose a person had and forecasts the next dose of every
//! vaccine group, from the profile's routine schedule.
//!
//! It follows the CDC's CDSi logic specification: doses are split into their antigens; each
//! series of an antigen evaluates the doses against its target doses (age, intervals, live-virus
//! spacing, products, skips) and forecasts the next one; the best series is chosen per antigen;
//! antigens are merged into vaccine groups. The day is a parameter: nothing reads the clock.

use std::cell::{Cell, RefCell};

use chrono::{Datelike, Days, NaiveDate};
use serde::Serialize;

use crate::immunization::*;
use crate::span::Span;

mod propose;

pub use propose::{Proposal, Verdict, propose};

/// Who is being forecast.
#[derive(Debug, Clone, Copy)]
pub struct Patient<'a> {
    /// Date of birth.
    pub birth: NaiveDate,
    /// Gender code, if known.
    pub gender: Option<&'a str>,
    /// Region code where the person lives, if known.
    pub region: Option<&'a str>,
    /// Condition codes (for risk series).
    pub conditions: &'a [String],
}

/// A dose given, by product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Given {
    /// The day it was given.
    pub date: NaiveDate,
    /// The product.
    pub product: ProductId,
}

/// Whether a dose counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EvalStatus {
    /// It counts.
    Valid,
    /// It does not count and must be repeated.
    NotValid,
    /// It was not needed (the series was complete, or the person too old).
    Extraneous,
}

/// Why a dose does not count; the snake_case code is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DoseReason {
    /// Given below the minimum age.
    TooYoung,
    /// Given at or after the maximum age.
    TooOld,
    /// Given too soon after an earlier dose.
    TooSoon,
    /// Given too soon after another live-virus vaccine.
    LiveVirusConflict,
    /// The product is neither preferable nor allowable for this dose.
    NotAllowable,
    /// The product was given by mistake for this antigen.
    Inadvertent,
    /// The series was already complete.
    SeriesComplete,
    /// No series of the profile covers the product.
    NotEvaluated,
}

impl DoseReason {
    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            DoseReason::TooYoung => "too_young",
            DoseReason::TooOld => "too_old",
            DoseReason::TooSoon => "too_soon",
            DoseReason::LiveVirusConflict => "live_virus_conflict",
            DoseReason::NotAllowable => "not_allowable",
            DoseReason::Inadvertent => "inadvertent",
            DoseReason::SeriesComplete => "series_complete",
            DoseReason::NotEvaluated => "not_evaluated",
        }
    }
}

/// A dose's evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Evaluation {
    /// Valid, not valid or extraneous.
    pub status: EvalStatus,
    /// Why not valid.
    pub reason: Option<DoseReason>,
}

impl Evaluation {
    const VALID: Evaluation = Evaluation {
        status: EvalStatus::Valid,
        reason: None,
    };

    fn not_valid(reason: DoseReason) -> Self {
        Self {
            status: EvalStatus::NotValid,
            reason: Some(reason),
        }
    }

    fn extraneous(reason: DoseReason) -> Self {
        Self {
            status: EvalStatus::Extraneous,
            reason: Some(reason),
        }
    }

    /// Whether the dose counts.
    pub fn is_valid(&self) -> bool {
        self.status == EvalStatus::Valid
    }

    /// The worse of two evaluations of one dose (not valid, then extraneous, then valid).
    fn worst(self, other: Evaluation) -> Evaluation {
        let rank = |e: &Evaluation| match e.status {
            EvalStatus::NotValid => 2,
            EvalStatus::Extraneous => 1,
            EvalStatus::Valid => 0,
        };
        if rank(&other) > rank(&self) {
            other
        } else {
            self
        }
    }
}

/// Where a series or vaccine group stands; the snake_case code is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// More doses are due.
    NotComplete,
    /// Every dose is done.
    Complete,
    /// Too old to finish the series.
    AgedOut,
    /// Taken to be immune.
    Immune,
    /// No dose is recommended now.
    NotRecommended,
}

impl Status {
    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Status::NotComplete => "not_complete",
            Status::Complete => "complete",
            Status::AgedOut => "aged_out",
            Status::Immune => "immune",
            Status::NotRecommended => "not_recommended",
        }
    }
}

/// The forecast of one vaccine group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GroupForecast {
    /// Index in [`Schedule::groups`].
    pub group: usize,
    /// Where the person stands.
    pub status: Status,
    /// The number of the dose due (1-based), when one is.
    pub next_dose: Option<u32>,
    /// The earliest day it may be given.
    pub earliest: Option<NaiveDate>,
    /// The day it is recommended.
    pub recommended: Option<NaiveDate>,
    /// The last day before it is overdue.
    pub past_due: Option<NaiveDate>,
    /// The last day it may be given.
    pub latest: Option<NaiveDate>,
    /// Products the forecast names.
    pub products: Vec<ProductId>,
    /// Each dose that counts for the group's antigens: its index in the input, and how it was judged.
    pub evaluations: Vec<(usize, Evaluation)>,
    /// The code of the series followed for each antigen, in the group's order.
    pub series: Vec<usize>,
}

/// The whole answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    /// One evaluation per dose given, in the input's order.
    pub doses: Vec<Evaluation>,
    /// One forecast per vaccine group, in the profile's order.
    pub groups: Vec<GroupForecast>,
}

/// Input the forecaster cannot answer about.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ForecastError {
    /// A dose names a product index the schedule does not have.
    #[error("dose {0}: unknown product")]
    UnknownProduct(usize),
    /// A dose is dated before the birth.
    #[error("dose {0} is dated before the birth")]
    BeforeBirth(usize),
}

/// Evaluates the doses and forecasts every vaccine group on `on`. Doses dated after `on` are
/// evaluated too (records may be entered late), as CDSi does.
pub fn forecast(
    schedule: &Schedule,
    patient: &Patient<'_>,
    doses: &[Given],
    on: NaiveDate,
    regions: Option<&crate::regions::Regions>,
) -> Result<Forecast, ForecastError> {
    for (i, d) in doses.iter().enumerate() {
        if d.product >= schedule.products.len() {
            return Err(ForecastError::UnknownProduct(i + 1));
        }
        if d.date < patient.birth {
            return Err(ForecastError::BeforeBirth(i + 1));
        }
    }
    let mut order: Vec<usize> = (0..doses.len()).collect();
    order.sort_by_key(|&i| doses.get(i).map(|d| d.date));
    // Most products are not live: knowing which are spares scanning every conflict per dose,
    // and every earlier dose per live one.
    let mut live = vec![false; schedule.products.len()];
    let mut live_before = vec![false; schedule.products.len()];
    for c in &schedule.conflicts {
        for p in &c.current {
            if let Some(slot) = live.get_mut(*p) {
                *slot = true;
            }
        }
        for p in &c.previous {
            if let Some(slot) = live_before.get_mut(*p) {
                *slot = true;
            }
        }
    }
    // The doses that may open a conflict, in date order.
    let openers: Vec<usize> = order
        .iter()
        .copied()
        .filter(|&i| {
            doses
                .get(i)
                .is_some_and(|d| live_before.get(d.product).copied().unwrap_or(false))
        })
        .collect();
    let ctx = Context {
        schedule,
        patient,
        doses,
        on,
        live_invalid: live_invalid(schedule, doses, &order, &live, &openers),
        live,
        openers,
        regions,
        ages: AgeDates::new(patient.birth),
        spare: RefCell::new(Vec::new()),
    };
    let mut best: Vec<Option<AntigenOutcome>> = Vec::with_capacity(schedule.antigens.len());
    for antigen in 0..schedule.antigens.len() {
        best.push(ctx.antigen(antigen, &order));
    }
    let mut out_doses = vec![Evaluation::not_valid(DoseReason::NotEvaluated); doses.len()];
    let mut seen = vec![false; doses.len()];
    let mut groups = Vec::with_capacity(schedule.groups.len());
    for (gi, g) in schedule.groups.iter().enumerate() {
        let outcomes: Vec<&AntigenOutcome> = g
            .antigens
            .iter()
            .filter_map(|a| best.get(*a).and_then(Option::as_ref))
            .collect();
        let Some(gf) = group_forecast(gi, g, &outcomes, doses) else {
            continue;
        };
        for (i, e) in &gf.evaluations {
            if let (Some(slot), Some(s)) = (out_doses.get_mut(*i), seen.get_mut(*i)) {
                *slot = if *s { slot.worst(*e) } else { *e };
                *s = true;
            }
        }
        groups.push(gf);
    }
    Ok(Forecast {
        doses: out_doses,
        groups,
    })
}

/// For each dose, whether it is itself in a live-virus conflict with an earlier dose: the
/// conflict after such a dose lasts the full `end`, not the shorter `min_end`.
fn live_invalid(
    schedule: &Schedule,
    doses: &[Given],
    order: &[usize],
    live: &[bool],
    openers: &[usize],
) -> Vec<bool> {
    let mut invalid = vec![false; doses.len()];
    if schedule.conflicts.is_empty() {
        return invalid;
    }
    // No conflict lasts longer than this many days.
    let reach = schedule
        .conflicts
        .iter()
        .flat_map(|c| [c.end, c.min_end])
        .map(most_days)
        .max()
        .unwrap_or(0);
    // Each dose's place in date order.
    let mut rank = vec![0usize; doses.len()];
    for (k, &i) in order.iter().enumerate() {
        if let Some(slot) = rank.get_mut(i) {
            *slot = k;
        }
    }
    for (k, &j) in order.iter().enumerate() {
        let Some(cur) = doses.get(j) else { continue };
        if !live.get(cur.product).copied().unwrap_or(false) {
            continue;
        }
        // The doses before this one in date order that may open a conflict, recently enough
        // for one to reach it (a yearly live vaccine need not be compared with every year's).
        let before = |i: &&usize| {
            rank.get(**i).is_some_and(|r| *r < k)
                && doses
                    .get(**i)
                    .is_some_and(|prev| (cur.date - prev.date).num_days() <= reach)
        };
        let conflicted = openers.iter().filter(before).any(|&i| {
            doses.get(i).is_some_and(|prev| {
                conflict_end(
                    schedule,
                    prev,
                    cur.product,
                    invalid.get(i).copied().unwrap_or(false),
                )
                .is_some_and(|(begin, end)| begin <= cur.date && cur.date < end)
            })
        });
        if let Some(slot) = invalid.get_mut(j) {
            *slot = conflicted;
        }
    }
    invalid
}

/// At least as many days as the span adds to any date: a year is at most 366 days, a month at
/// most 31, and a day that does not exist moves on by at most 3; negative parts are left out.
fn most_days(span: Span) -> i64 {
    i64::from(span.years.max(0)) * 366
        + i64::from(span.months.max(0)) * 31
        + i64::from(span.days.max(0))
        + 3
}

/// The conflict window a previous dose opens for a product, if they conflict.
fn conflict_end(
    schedule: &Schedule,
    prev: &Given,
    current: ProductId,
    prev_invalid: bool,
) -> Option<(NaiveDate, NaiveDate)> {
    let mut window: Option<(NaiveDate, NaiveDate)> = None;
    for c in &schedule.conflicts {
        if c.current.contains(&current) && c.previous.contains(&prev.product) {
            let end_span = if prev_invalid { c.end } else { c.min_end };
            let begin = c.begin.after(prev.date)?;
            let end = end_span.after(prev.date)?;
            window = Some(match window {
                Some((b, e)) => (b.min(begin), e.max(end)),
                None => (begin, end),
            });
        }
    }
    window
}

struct Context<'a> {
    schedule: &'a Schedule,
    patient: &'a Patient<'a>,
    doses: &'a [Given],
    on: NaiveDate,
    live_invalid: Vec<bool>,
    live: Vec<bool>,
    /// The doses whose product may open a live-virus conflict, in date order.
    openers: Vec<usize>,
    regions: Option<&'a crate::regions::Regions>,
    ages: AgeDates,
    /// Runs no antigen chose, kept for their lists.
    spare: RefCell<Vec<SeriesRun>>,
}

/// Slots in [`AgeDates`]: more than the distinct ages of a large schedule use.
const AGE_SLOTS: usize = 256;

/// The days a person reaches each age a forecast asks about, each worked out once: the same
/// ages come up for every dose and every series.
struct AgeDates {
    birth: NaiveDate,
    slots: [Cell<Option<AgeSlot>>; AGE_SLOTS],
}

/// An age and the day the person reaches it.
type AgeSlot = (Span, Option<NaiveDate>);

impl AgeDates {
    fn new(birth: NaiveDate) -> Self {
        Self {
            birth,
            slots: [const { Cell::new(None) }; AGE_SLOTS],
        }
    }

    /// The day the person reaches `span` of age (`None` beyond the calendar).
    fn get(&self, span: Span) -> Option<NaiveDate> {
        let hash = (span.years as u32)
            .wrapping_mul(0x9E37_79B9)
            .wrapping_add((span.months as u32).wrapping_mul(0x85EB_CA6B))
            .wrapping_add((span.days as u32).wrapping_mul(0xC2B2_AE35));
        let slot = self.slots.get((hash >> 24) as usize % AGE_SLOTS)?;
        if let Some((key, date)) = slot.get()
            && key == span
        {
            return date;
        }
        let date = span.after(self.birth);
        slot.set(Some((span, date)));
        date
    }
}

/// A dose as one antigen sees it.
#[derive(Debug, Clone, Copy)]
struct ADose {
    index: usize,
    date: NaiveDate,
    product: ProductId,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Target {
    Satisfied(usize),
    Skipped,
}

#[derive(Debug, Clone)]
struct SeriesRun {
    series: usize,
    evals: Vec<Evaluation>,
    inadvertent: Vec<bool>,
    targets: Vec<Target>,
    status: Status,
    next: Option<usize>,
    earliest: Option<NaiveDate>,
    recommended: Option<NaiveDate>,
    past_due: Option<NaiveDate>,
    latest: Option<NaiveDate>,
    priority_override: bool,
    products: Vec<ProductId>,
}

impl SeriesRun {
    fn valid_count(&self) -> usize {
        self.targets
            .iter()
            .filter(|t| matches!(t, Target::Satisfied(_)))
            .count()
    }
}

/// The best series of an antigen, with the doses it saw.
#[derive(Debug, Clone)]
struct AntigenOutcome {
    run: SeriesRun,
    adoses: Vec<ADose>,
}

fn add(birth: NaiveDate, span: Option<Span>) -> Option<NaiveDate> {
    span.and_then(|s| s.after(birth))
}

fn day_before(d: NaiveDate) -> Option<NaiveDate> {
    d.pred_opt()
}

/// The season containing `day`, as `[start, end]` inclusive, or `None` between seasons.
fn season_around(season: &Season, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
    let md = (day.month(), day.day());
    let make = |y: i32, (m, d): (u32, u32)| {
        NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, m, d - 1))
    };
    if season.start <= season.end {
        if season.start <= md && md <= season.end {
            return Some((
                make(day.year(), season.start)?,
                make(day.year(), season.end)?,
            ));
        }
        return None;
    }
    let start_year = if md >= season.start {
        day.year()
    } else {
        day.year() - 1
    };
    if md > season.end && md < season.start {
        return None;
    }
    Some((
        make(start_year, season.start)?,
        make(start_year + 1, season.end)?,
    ))
}

/// The first day of the season after the one around `day` (or of the next one to begin).
fn season_after(season: &Season, day: NaiveDate) -> Option<NaiveDate> {
    let (m, d) = season.start;
    let this_year = NaiveDate::from_ymd_opt(day.year(), m, d)?;
    match season_around(season, day) {
        Some((start, _)) => NaiveDate::from_ymd_opt(start.year() + 1, m, d),
        None if this_year > day => Some(this_year),
        None => NaiveDate::from_ymd_opt(day.year() + 1, m, d),
    }
}

impl Context<'_> {
    fn age_date(&self, span: Option<Span>) -> Option<NaiveDate> {
        self.ages.get(span?)
    }

    fn within_ages(&self, date: NaiveDate, from: Option<Span>, to: Option<Span>) -> bool {
        self.age_date(from).is_none_or(|f| f <= date) && self.age_date(to).is_none_or(|t| date < t)
    }

    fn antigen(&self, antigen: AntigenId, order: &[usize]) -> Option<AntigenOutcome> {
        let mut adoses: Vec<ADose> = Vec::with_capacity(order.len());
        adoses.extend(order.iter().filter_map(|&i| {
            let d = self.doses.get(i)?;
            let p = self.schedule.products.get(d.product)?;
            p.antigens
                .iter()
                .any(|a| a.antigen == antigen && self.within_ages(d.date, a.from_age, a.to_age))
                .then_some(ADose {
                    index: i,
                    date: d.date,
                    product: d.product,
                })
        }));
        let mut runs: Vec<SeriesRun> = Vec::with_capacity(4);
        for (si, s) in self.schedule.series.iter().enumerate() {
            if s.antigen != antigen || !self.relevant(s) {
                continue;
            }
            let run = self.run(si, s, &adoses, &runs);
            runs.push(run);
        }
        let best = select(self, &runs, &adoses)?;
        // Take the chosen run out rather than copying it.
        let index = runs.iter().position(|r| std::ptr::eq(r, best))?;
        let mut run = runs.swap_remove(index);
        self.spare.borrow_mut().append(&mut runs);
        self.forecast_products(&mut run);
        Some(AntigenOutcome { run, adoses })
    }

    /// The products a forecast names: the dose's preferable products marked `forecast` (all of
    /// them when none is), at the age and on the day of the earliest date. Only the chosen
    /// series needs them.
    fn forecast_products(&self, run: &mut SeriesRun) {
        let (Some(next), Some(earliest)) = (run.next, run.earliest) else {
            return;
        };
        let Some(s) = self.schedule.series.get(run.series) else {
            return;
        };
        let Some(td) = s.doses.get(next).or(s.doses.last()) else {
            return;
        };
        run.products = td
            .preferable
            .iter()
            .filter(|p| p.forecast || td.preferable.iter().all(|q| !q.forecast))
            .filter(|p| {
                self.within_ages(earliest, p.from_age, p.to_age) && p.period.contains(earliest)
            })
            .map(|p| p.product)
            .collect();
    }

    fn relevant(&self, s: &Series) -> bool {
        relevant(s, self.patient, self.regions)
    }

    /// Evaluates the doses against one series, then forecasts its next dose.
    fn run(&self, si: usize, s: &Series, adoses: &[ADose], earlier: &[SeriesRun]) -> SeriesRun {
        let n = s.doses.len();
        let last_recurring = s.doses.last().is_some_and(|d| d.recurring);
        // A recurring dose recurs at most once per dose given, plus the one forecast: a skip
        // rule that always holds then ends the series instead of looping.
        let recurrences = n + adoses.len() + 1;
        let dose_at = |t: usize| -> Option<&SeriesDose> {
            if t < n {
                s.doses.get(t)
            } else if last_recurring && t < recurrences {
                s.doses.last()
            } else {
                None
            }
        };
        // The lists of a run another antigen did not choose, emptied, save allocating anew.
        let (evals, inadvertent, targets) = match self.spare.borrow_mut().pop() {
            Some(mut r) => {
                r.evals.clear();
                r.inadvertent.clear();
                r.targets.clear();
                (r.evals, r.inadvertent, r.targets)
            }
            None => (
                Vec::with_capacity(adoses.len()),
                Vec::with_capacity(adoses.len()),
                Vec::with_capacity(n.max(adoses.len()) + 1),
            ),
        };
        let mut run = SeriesRun {
            series: si,
            evals,
            inadvertent,
            targets,
            status: Status::NotComplete,
            next: None,
            earliest: None,
            recommended: None,
            past_due: None,
            latest: None,
            priority_override: false,
            products: Vec::new(),
        };
        for (i, ad) in adoses.iter().enumerate() {
            let mut td = dose_at(run.targets.len());
            while let Some(d) = td {
                if self.skip(
                    d,
                    SkipContext::Evaluation,
                    ad.date,
                    &run,
                    adoses,
                    i,
                    s,
                    earlier,
                ) {
                    run.targets.push(Target::Skipped);
                    td = dose_at(run.targets.len());
                } else {
                    break;
                }
            }
            let Some(td) = td else {
                run.evals
                    .push(Evaluation::extraneous(DoseReason::SeriesComplete));
                run.inadvertent.push(false);
                continue;
            };
            let (eval, inadvertent) = self.evaluate(td, ad, i, &run, adoses);
            if eval.is_valid() {
                run.targets.push(Target::Satisfied(i));
            }
            run.evals.push(eval);
            run.inadvertent.push(inadvertent);
        }
        self.forecast_series(s, &mut run, adoses, earlier, dose_at);
        run
    }

    fn evaluate(
        &self,
        td: &SeriesDose,
        ad: &ADose,
        i: usize,
        run: &SeriesRun,
        adoses: &[ADose],
    ) -> (Evaluation, bool) {
        if td.inadvertent.contains(&ad.product) {
            return (Evaluation::not_valid(DoseReason::Inadvertent), true);
        }
        let first_target = run.targets.is_empty();
        // A grace period is not given right after a dose that was itself too young or too soon.
        let previous_bad = i
            .checked_sub(1)
            .and_then(|p| Some((adoses.get(p)?, run.evals.get(p)?)))
            .is_some_and(|(p, e)| {
                matches!(e.reason, Some(DoseReason::TooYoung | DoseReason::TooSoon))
                    && Span::years(1).after(p.date).is_some_and(|y| ad.date < y)
            });
        let grace = first_target || !previous_bad;
        // Age.
        let mut age_ok = true;
        if let Some(age) = td.ages.iter().find(|a| a.period.contains(ad.date)) {
            let min = self.age_date(age.min);
            let abs = self.age_date(age.absolute_min.or(age.min));
            if self.age_date(age.max).is_some_and(|m| ad.date >= m) {
                return (Evaluation::extraneous(DoseReason::TooOld), false);
            }
            if abs.is_some_and(|a| ad.date < a) || (min.is_some_and(|m| ad.date < m) && !grace) {
                age_ok = false;
            }
        }
        if !age_ok {
            return (Evaluation::not_valid(DoseReason::TooYoung), false);
        }
        // Intervals.
        let mut interval_ok = true;
        let for_this = |iv: &&Interval| {
            iv.period.contains(ad.date)
                && (iv.for_products.is_empty() || iv.for_products.contains(&ad.product))
        };
        for iv in td.intervals.iter().filter(for_this) {
            let Some(reference) = self.reference(iv, i, run, adoses) else {
                continue;
            };
            if !iv.after_products.is_empty() && !iv.after_products.contains(&reference.1) {
                continue;
            }
            let min = add(reference.0, iv.min);
            let abs = add(reference.0, iv.absolute_min.or(iv.min));
            if abs.is_some_and(|a| ad.date < a) || (min.is_some_and(|m| ad.date < m) && !grace) {
                interval_ok = false;
            }
        }
        if !interval_ok && !td.allowable_intervals.is_empty() {
            interval_ok = td.allowable_intervals.iter().filter(for_this).all(|iv| {
                self.reference(iv, i, run, adoses).is_none_or(|r| {
                    add(r.0, iv.absolute_min.or(iv.min)).is_none_or(|a| ad.date >= a)
                })
            });
        }
        if !interval_ok {
            return (Evaluation::not_valid(DoseReason::TooSoon), false);
        }
        if self.live_invalid.get(ad.index).copied().unwrap_or(false) {
            return (Evaluation::not_valid(DoseReason::LiveVirusConflict), false);
        }
        let earlier = adoses.get(..i).unwrap_or_default();
        let accepted = |list: &[DoseProduct]| {
            list.iter().any(|p| {
                p.product == ad.product
                    && p.period.contains(ad.date)
                    && self.within_ages(ad.date, p.from_age, p.to_age)
                    && p.may_follow(earlier.iter().map(|d| d.product), ad.date)
            })
        };
        if !accepted(&td.preferable) && !accepted(&td.allowable) {
            return (Evaluation::not_valid(DoseReason::NotAllowable), false);
        }
        (Evaluation::VALID, false)
    }

    /// The date (and product) an interval is counted from, for the dose at `i` (or, with
    /// `i == adoses.len()`, for the forecast).
    fn reference(
        &self,
        iv: &Interval,
        i: usize,
        run: &SeriesRun,
        adoses: &[ADose],
    ) -> Option<(NaiveDate, ProductId)> {
        match &iv.from {
            IntervalFrom::Previous => (0..i).rev().find_map(|j| {
                let e = run.evals.get(j)?;
                let counted = e.status != EvalStatus::Extraneous
                    && !run.inadvertent.get(j).copied().unwrap_or(false);
                counted
                    .then(|| adoses.get(j).map(|d| (d.date, d.product)))
                    .flatten()
            }),
            IntervalFrom::Dose(n) => {
                let t = usize::try_from(*n).ok()?.checked_sub(1)?;
                match run.targets.get(t)? {
                    Target::Satisfied(j) => adoses.get(*j).map(|d| (d.date, d.product)),
                    Target::Skipped => None,
                }
            }
            IntervalFrom::LastOf(products) => (0..i).rev().find_map(|j| {
                let d = adoses.get(j)?;
                (products.contains(&d.product) && !run.inadvertent.get(j).copied().unwrap_or(false))
                    .then_some((d.date, d.product))
            }),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn skip(
        &self,
        td: &SeriesDose,
        context: SkipContext,
        reference: NaiveDate,
        run: &SeriesRun,
        adoses: &[ADose],
        upto: usize,
        series: &Series,
        earlier: &[SeriesRun],
    ) -> bool {
        td.skips.iter().any(|skip| {
            if skip.context != SkipContext::Both && skip.context != context {
                return false;
            }
            let mut sets = skip
                .sets
                .iter()
                .filter(|s| s.period.contains(reference))
                .peekable();
            if sets.peek().is_none() {
                return false;
            }
            let mut met = sets.map(|set| {
                let mut results = set
                    .conditions
                    .iter()
                    .map(|c| self.condition(c, td, reference, run, adoses, upto, series, earlier));
                if set.all {
                    results.all(|r| r)
                } else {
                    results.any(|r| r)
                }
            });
            if skip.all_sets {
                met.all(|m| m)
            } else {
                met.any(|m| m)
            }
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn condition(
        &self,
        c: &SkipCondition,
        td: &SeriesDose,
        reference: NaiveDate,
        run: &SeriesRun,
        adoses: &[ADose],
        upto: usize,
        series: &Series,
        earlier: &[SeriesRun],
    ) -> bool {
        match c {
            SkipCondition::Age { from, to } => self.within_ages(reference, *from, *to),
            SkipCondition::Interval(span) => upto
                .checked_sub(1)
                .and_then(|p| adoses.get(p))
                .and_then(|p| span.after(p.date))
                .is_some_and(|d| reference >= d),
            SkipCondition::Count {
                products,
                from_age,
                to_age,
                from_date,
                to_date,
                valid_only,
                compare,
                count,
            } => {
                let season = td.season.as_ref().and_then(|s| season_around(s, reference));
                let bound = |b: &Option<DateBound>| -> Option<Option<NaiveDate>> {
                    match b {
                        None => Some(None),
                        Some(DateBound::Day(d)) => Some(Some(*d)),
                        Some(DateBound::SeasonStart) => season.map(|s| Some(s.0)),
                        Some(DateBound::SeasonEnd) => season.and_then(|s| s.1.succ_opt()).map(Some),
                    }
                };
                let (Some(start), Some(end)) = (bound(from_date), bound(to_date)) else {
                    return false;
                };
                let by_age = from_age.is_some() || to_age.is_some();
                let n = adoses
                    .iter()
                    .take(upto)
                    .enumerate()
                    .filter(|(j, d)| {
                        (products.is_empty() || products.contains(&d.product))
                            && (!*valid_only || run.evals.get(*j).is_some_and(Evaluation::is_valid))
                            && if by_age {
                                self.within_ages(d.date, *from_age, *to_age)
                            } else {
                                start.is_none_or(|s| s <= d.date) && end.is_none_or(|e| d.date < e)
                            }
                    })
                    .count();
                let n = u32::try_from(n).unwrap_or(u32::MAX);
                match compare {
                    CountCompare::Greater => n > *count,
                    CountCompare::Equal => n == *count,
                    CountCompare::Less => n < *count,
                }
            }
            SkipCondition::CompletedSeries(sets) => earlier.iter().any(|r| {
                r.status == Status::Complete
                    && self
                        .schedule
                        .series
                        .get(r.series)
                        .is_some_and(|o| o.antigen == series.antigen && sets.contains(&o.set))
            }),
        }
    }

    fn forecast_series<'s>(
        &self,
        s: &Series,
        run: &mut SeriesRun,
        adoses: &[ADose],
        earlier: &[SeriesRun],
        dose_at: impl Fn(usize) -> Option<&'s SeriesDose>,
    ) {
        let all = adoses.len();
        let mut reference = self.on;
        // A yearly dose already given this season is next due when the next season starts.
        let mut next_season: Option<NaiveDate> = None;
        let recurring_from = s.doses.len().saturating_sub(1);
        let last_recurring = s.doses.last().is_some_and(|d| d.recurring);
        loop {
            let mut td = dose_at(run.targets.len());
            while let Some(d) = td {
                if self.skip(
                    d,
                    SkipContext::Forecast,
                    reference,
                    run,
                    adoses,
                    all,
                    s,
                    earlier,
                ) {
                    if last_recurring
                        && next_season.is_none()
                        && run.targets.len() >= recurring_from
                        && let Some(start) = d
                            .season
                            .as_ref()
                            .and_then(|season| season_after(season, reference))
                    {
                        reference = start;
                        next_season = Some(start);
                        continue;
                    }
                    run.targets.push(Target::Skipped);
                    td = dose_at(run.targets.len());
                } else {
                    break;
                }
            }
            let Some(td) = td else {
                run.status = if run.valid_count() > 0 {
                    Status::Complete
                } else {
                    Status::NotRecommended
                };
                return;
            };
            let antigen = self.schedule.antigens.get(s.antigen);
            if antigen
                .and_then(|a| a.immune_if_born_before)
                .is_some_and(|d| self.patient.birth < d)
            {
                run.status = Status::Immune;
                return;
            }
            let age = td
                .ages
                .iter()
                .find(|a| a.period.contains(self.on))
                .copied()
                .unwrap_or_default();
            let max = self.age_date(age.max);
            if max.is_some_and(|m| self.on >= m) {
                run.status = Status::AgedOut;
                return;
            }
            let season = match &td.season {
                Some(season) => match season_around(season, self.on) {
                    Some(bounds) => Some(bounds),
                    None => {
                        run.status = Status::NotRecommended;
                        return;
                    }
                },
                None => None,
            };
            // Intervals in force, each with the day it counts from (a closure, not a list: this
            // runs for every series of every antigen).
            // Intervals for one product are read for the product the dose names first.
            let named = td
                .preferable
                .first()
                .or(td.allowable.first())
                .map(|p| p.product);
            let intervals = || {
                td.intervals
                    .iter()
                    .filter(|iv| iv.period.contains(self.on))
                    .filter(|iv| {
                        iv.for_products.is_empty()
                            || named.is_some_and(|p| iv.for_products.contains(&p))
                    })
                    .filter_map(|iv| {
                        let r = self.reference(iv, all, run, adoses)?;
                        (iv.after_products.is_empty() || iv.after_products.contains(&r.1))
                            .then_some((iv, r.0))
                    })
            };
            let latest_of = |spans: &dyn Fn(&Interval) -> Option<Span>| {
                intervals().filter_map(|(iv, r)| add(r, spans(iv))).max()
            };
            let min_interval = latest_of(&|iv| iv.min);
            let conflict = self.conflict_end_for(td, all, adoses);
            let inadvertent = adoses
                .iter()
                .zip(&run.inadvertent)
                .filter(|(_, i)| **i)
                .map(|(d, _)| d.date)
                .max();
            let last = adoses.last().map(|d| d.date);
            let earliest = [
                self.age_date(age.min),
                min_interval,
                conflict,
                season.map(|s| s.0),
                next_season,
                inadvertent,
                last,
            ]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(self.patient.birth);
            let recommended = self
                .age_date(age.earliest)
                .or_else(|| latest_of(&|iv| iv.earliest))
                .unwrap_or(earliest)
                .max(earliest);
            let past_due = self
                .age_date(age.latest)
                .or_else(|| latest_of(&|iv| iv.latest))
                .and_then(day_before)
                .map(|p| p.max(earliest));
            let latest = max.and_then(day_before);
            let priority_override = intervals().any(|(iv, _)| iv.priority_override);
            // A forecast whose earliest day already lets the dose be skipped is for the next dose.
            if reference != earliest
                && self.skip(
                    td,
                    SkipContext::Forecast,
                    earliest,
                    run,
                    adoses,
                    all,
                    s,
                    earlier,
                )
            {
                reference = earliest;
                run.targets.push(Target::Skipped);
                continue;
            }
            if latest.is_some_and(|l| earliest >= l) {
                run.status = Status::AgedOut;
                return;
            }
            run.status = Status::NotComplete;
            run.next = Some(run.targets.len());
            run.earliest = Some(earliest);
            run.recommended = Some(recommended);
            run.past_due = past_due;
            run.latest = latest;
            run.priority_override = priority_override;
            return;
        }
    }

    /// The end of the latest live-virus conflict that the dose's products would fall into.
    fn conflict_end_for(
        &self,
        td: &SeriesDose,
        _all: usize,
        _adoses: &[ADose],
    ) -> Option<NaiveDate> {
        if self.schedule.conflicts.is_empty() {
            return None;
        }
        let mut end: Option<NaiveDate> = None;
        let live = td
            .preferable
            .iter()
            .map(|p| p.product)
            .filter(|p| self.live.get(*p).copied().unwrap_or(false));
        for p in live {
            for &i in &self.openers {
                let Some(d) = self.doses.get(i) else { continue };
                let invalid = self.live_invalid.get(i).copied().unwrap_or(false);
                if let Some((_, e)) = conflict_end(self.schedule, d, p, invalid) {
                    end = Some(end.map_or(e, |x| x.max(e)));
                }
            }
        }
        end
    }
}

/// Whether a series is for this person: gender, region and, for a risk series, a condition.
fn relevant(s: &Series, patient: &Patient<'_>, regions: Option<&crate::regions::Regions>) -> bool {
    if !s.genders.is_empty()
        && !patient
            .gender
            .is_some_and(|g| s.genders.iter().any(|x| x == g))
    {
        return false;
    }
    if !s.regions.is_empty() {
        let Some(region) = patient.region else {
            return false;
        };
        let inside = s
            .regions
            .iter()
            .any(|r| r == region || regions.is_some_and(|all| all.is_within(region, r)));
        if !inside {
            return false;
        }
    }
    match s.kind {
        SeriesKind::Risk => s.conditions.iter().any(|c| patient.conditions.contains(c)),
        _ => true,
    }
}

/// Chooses the best series of an antigen (CDSi chapter 8).
fn select<'r>(ctx: &Context<'_>, runs: &'r [SeriesRun], adoses: &[ADose]) -> Option<&'r SeriesRun> {
    if runs.len() == 1 {
        return runs.first();
    }
    let series = |r: &SeriesRun| ctx.schedule.series.get(r.series);
    let mut sets: Vec<u32> = runs
        .iter()
        .filter_map(|r| series(r).map(|s| s.set))
        .collect();
    sets.sort_unstable();
    sets.dedup();
    let mut prioritized: Vec<&SeriesRun> = Vec::new();
    for set in &sets {
        let in_set: Vec<&SeriesRun> = runs
            .iter()
            .filter(|r| series(r).is_some_and(|s| s.set == *set))
            .collect();
        if let Some(p) = prioritize(ctx, &in_set, adoses) {
            prioritized.push(p);
        }
    }
    // A set for older people (pneumococcal from 65) says nothing yet to someone younger
    // who has had none of its doses.
    prioritized.retain(|r| {
        r.valid_count() > 0
            || series(r)
                .and_then(|s| ctx.age_date(s.min_age_to_start))
                .is_none_or(|m| ctx.on >= m)
    });
    let best: Vec<&SeriesRun> = prioritized
        .iter()
        .copied()
        .filter(|r| {
            let Some(s) = series(r) else { return false };
            if r.status == Status::Complete {
                return true;
            }
            let equivalent = |o: &&&SeriesRun| {
                series(o).is_some_and(|os| {
                    s.equivalent_sets.contains(&os.set) || os.equivalent_sets.contains(&s.set)
                })
            };
            if prioritized
                .iter()
                .filter(equivalent)
                .any(|o| o.status == Status::Complete)
            {
                return false;
            }
            match s.kind {
                SeriesKind::EvaluationOnly => false,
                SeriesKind::Risk => true,
                SeriesKind::Standard => !prioritized
                    .iter()
                    .filter(equivalent)
                    .any(|o| series(o).is_some_and(|os| os.kind == SeriesKind::Risk)),
            }
        })
        .collect();
    // Several best series (a childhood and an adult one): the one with a dose due soonest.
    best.iter()
        .copied()
        .filter(|r| r.status == Status::NotComplete)
        .min_by_key(|r| r.earliest)
        .or_else(|| best.iter().copied().find(|r| r.status == Status::Complete))
        .or_else(|| best.first().copied())
        .or_else(|| prioritized.first().copied())
        .or_else(|| runs.first())
}

fn prioritize<'r>(
    ctx: &Context<'_>,
    runs: &[&'r SeriesRun],
    adoses: &[ADose],
) -> Option<&'r SeriesRun> {
    let series = |r: &SeriesRun| ctx.schedule.series.get(r.series);
    let scorable: Vec<&SeriesRun> = runs
        .iter()
        .copied()
        .filter(|r| {
            let Some(s) = series(r) else { return false };
            match s.kind {
                SeriesKind::Risk => true,
                SeriesKind::EvaluationOnly => r.status == Status::Complete,
                SeriesKind::Standard => {
                    let first_valid = r
                        .evals
                        .iter()
                        .zip(adoses)
                        .find(|(e, _)| e.is_valid())
                        .map(|(_, d)| d.date);
                    !adoses.is_empty()
                        && first_valid
                            .is_some_and(|f| ctx.age_date(s.max_age_to_start).is_none_or(|m| f < m))
                }
            }
        })
        .collect();
    let default = || {
        runs.iter()
            .copied()
            .filter(|r| {
                series(r).is_some_and(|s| {
                    s.default && ctx.age_date(s.min_age_to_start).is_none_or(|m| ctx.on >= m)
                })
            })
            .min_by_key(|r| series(r).map(|s| s.preference))
    };
    if scorable.is_empty() {
        return default().or_else(|| {
            runs.iter()
                .copied()
                .filter(|r| series(r).is_some_and(|s| s.kind != SeriesKind::EvaluationOnly))
                .min_by_key(|r| series(r).map(|s| s.preference))
        });
    }
    if scorable.len() == 1 {
        return scorable.first().copied();
    }
    let complete: Vec<&SeriesRun> = scorable
        .iter()
        .copied()
        .filter(|r| r.status == Status::Complete)
        .collect();
    let in_process: Vec<&SeriesRun> = scorable
        .iter()
        .copied()
        .filter(|r| r.status != Status::Complete && r.valid_count() > 0)
        .collect();
    if complete.len() == 1 {
        return complete.first().copied();
    }
    if complete.is_empty() && in_process.len() == 1 {
        return in_process.first().copied();
    }
    if complete.is_empty()
        && in_process.is_empty()
        && let Some(d) = default().filter(|d| scorable.iter().any(|s| std::ptr::eq(*s, *d)))
    {
        return Some(d);
    }
    let pool: Vec<&SeriesRun> = if complete.len() >= 2 {
        complete
    } else if in_process.len() >= 2 {
        in_process
    } else {
        scorable
    };
    let mut scores = vec![0i32; pool.len()];
    // +win for the only best, 0 when tied, -lose for the others.
    let mut award =
        |values: Vec<Option<i64>>, higher_is_better: bool, win: i32, lose: i32, ties_zero: bool| {
            let best = values
                .iter()
                .flatten()
                .copied()
                .reduce(|a, b| if (b > a) == higher_is_better { b } else { a });
            let n_best = values
                .iter()
                .filter(|v| **v == best && best.is_some())
                .count();
            for (score, v) in scores.iter_mut().zip(&values) {
                if v.is_some() && *v == best {
                    *score += if n_best > 1 && ties_zero { 0 } else { win };
                } else {
                    *score -= lose;
                }
            }
        };
    let valid = |r: &SeriesRun| i64::try_from(r.valid_count()).unwrap_or(0);
    let finish = |r: &SeriesRun| finish_date(ctx, r);
    let completable = |r: &SeriesRun| {
        let last_max = series(r)
            .and_then(|s| s.doses.last())
            .and_then(|d| d.ages.first())
            .and_then(|a| a.max);
        r.status == Status::NotComplete
            && finish(r).is_some_and(|f| ctx.age_date(last_max).is_none_or(|m| f < m))
    };
    let day = |d: Option<NaiveDate>| d.map(|d| i64::from(d.num_days_from_ce()));
    if pool.iter().all(|r| r.status == Status::Complete) {
        // The path that was complete first: doses after it were not needed.
        let completed = |r: &SeriesRun| {
            r.targets.iter().rev().find_map(|t| match t {
                Target::Satisfied(j) => {
                    adoses.get(*j).map(|d| i64::from(d.date.num_days_from_ce()))
                }
                Target::Skipped => None,
            })
        };
        award(
            pool.iter().map(|r| completed(r)).collect(),
            false,
            1,
            1,
            true,
        );
    } else if pool.iter().any(|r| r.valid_count() > 0) {
        let product_all_valid: Vec<Option<i64>> = pool
            .iter()
            .map(|r| {
                let yes = series(r).is_some_and(|s| s.product_path)
                    && r.evals.iter().all(Evaluation::is_valid);
                Some(i64::from(yes))
            })
            .collect();
        award(product_all_valid, true, 2, 2, false);
        award(
            pool.iter()
                .map(|r| Some(i64::from(completable(r))))
                .collect(),
            true,
            3,
            3,
            false,
        );
        award(
            pool.iter().map(|r| Some(valid(r))).collect(),
            true,
            2,
            2,
            true,
        );
        let remaining: Vec<Option<i64>> = pool
            .iter()
            .map(|r| {
                let n = series(r).map_or(0, |s| s.doses.len());
                Some(i64::try_from(n.saturating_sub(r.targets.len())).unwrap_or(0))
            })
            .collect();
        award(remaining, false, 2, 2, true);
        let finishes: Vec<Option<i64>> = pool
            .iter()
            .map(|r| if completable(r) { day(finish(r)) } else { None })
            .collect();
        award(finishes, false, 1, 1, true);
    } else {
        award(
            pool.iter().map(|r| day(r.earliest)).collect(),
            false,
            1,
            1,
            true,
        );
        award(
            pool.iter()
                .map(|r| Some(i64::from(completable(r))))
                .collect(),
            true,
            1,
            1,
            false,
        );
        let product: Vec<Option<i64>> = pool
            .iter()
            .map(|r| Some(i64::from(!series(r).is_some_and(|s| s.product_path))))
            .collect();
        award(product, true, 1, 1, false);
    }
    pool.iter()
        .zip(&scores)
        .max_by(|(a, sa), (b, sb)| {
            sa.cmp(sb).then_with(|| {
                let pa = series(a).map_or(u32::MAX, |s| s.preference);
                let pb = series(b).map_or(u32::MAX, |s| s.preference);
                pb.cmp(&pa)
            })
        })
        .map(|(r, _)| *r)
}

/// The forecast earliest day plus the minimum intervals of the doses still to come.
fn finish_date(ctx: &Context<'_>, r: &SeriesRun) -> Option<NaiveDate> {
    let s = ctx.schedule.series.get(r.series)?;
    let mut day = r.earliest?;
    for d in s.doses.iter().skip(r.next? + 1) {
        let gap = d
            .intervals
            .iter()
            .filter_map(|iv| iv.min)
            .map(|m| m.after(day))
            .max()
            .flatten();
        if let Some(g) = gap {
            day = g;
        }
        if let Some(m) = ctx.age_date(d.ages.first().and_then(|a| a.min)) {
            day = day.max(m);
        }
    }
    Some(day)
}

/// Merges the antigens' best series into the vaccine group's forecast (CDSi chapter 9).
fn group_forecast(
    gi: usize,
    g: &VaccineGroup,
    outcomes: &[&AntigenOutcome],
    doses: &[Given],
) -> Option<GroupForecast> {
    let first = outcomes.first()?;
    let mut evaluations: Vec<(usize, Evaluation)> =
        Vec::with_capacity(outcomes.iter().map(|o| o.adoses.len()).max().unwrap_or(0));
    for o in outcomes {
        for (ad, e) in o.adoses.iter().zip(&o.run.evals) {
            match evaluations.iter_mut().find(|(i, _)| *i == ad.index) {
                Some((_, cur)) => *cur = cur.worst(*e),
                None => evaluations.push((ad.index, *e)),
            }
        }
    }
    evaluations.sort_by_key(|(i, _)| (doses.get(*i).map(|d| d.date), *i));
    let series = outcomes.iter().map(|o| o.run.series).collect();
    if outcomes.len() == 1 || g.antigens.len() == 1 {
        let r = &first.run;
        return Some(GroupForecast {
            group: gi,
            status: r.status,
            next_dose: r.next.and_then(|n| u32::try_from(n + 1).ok()),
            earliest: r.earliest,
            recommended: r.recommended,
            past_due: r.past_due,
            latest: r.latest,
            products: r.products.clone(),
            evaluations,
            series,
        });
    }
    let statuses: Vec<Status> = outcomes.iter().map(|o| o.run.status).collect();
    let status = if statuses.contains(&Status::NotComplete) {
        Status::NotComplete
    } else if statuses.iter().all(|s| *s == Status::Immune) {
        Status::Immune
    } else if statuses.iter().all(|s| *s == Status::AgedOut) {
        Status::AgedOut
    } else if statuses.contains(&Status::Complete) {
        Status::Complete
    } else {
        statuses.first().copied().unwrap_or(Status::NotRecommended)
    };
    let pending: Vec<&SeriesRun> = outcomes
        .iter()
        .map(|o| &o.run)
        .filter(|r| r.status == Status::NotComplete)
        .collect();
    if status != Status::NotComplete || pending.is_empty() {
        return Some(GroupForecast {
            group: gi,
            status,
            next_dose: None,
            earliest: None,
            recommended: None,
            past_due: None,
            latest: None,
            products: Vec::new(),
            evaluations,
            series,
        });
    }
    let earliest = if pending.iter().any(|r| r.priority_override) {
        let last = outcomes
            .iter()
            .flat_map(|o| o.adoses.iter().map(|d| d.date))
            .max();
        pending.iter().filter_map(|r| r.earliest).min().max(last)
    } else {
        pending.iter().filter_map(|r| r.earliest).max()
    };
    let floor = |d: Option<NaiveDate>| match (d, earliest) {
        (Some(d), Some(e)) => Some(d.max(e)),
        (d, _) => d,
    };
    let mut products: Vec<ProductId> = Vec::new();
    for r in &pending {
        for p in &r.products {
            if !products.contains(p) {
                products.push(*p);
            }
        }
    }
    Some(GroupForecast {
        group: gi,
        status,
        next_dose: pending
            .first()
            .and_then(|r| r.next)
            .and_then(|n| u32::try_from(n + 1).ok()),
        earliest,
        recommended: floor(pending.iter().filter_map(|r| r.recommended).min()),
        past_due: floor(pending.iter().filter_map(|r| r.past_due).min()),
        latest: pending.iter().filter_map(|r| r.latest).min(),
        products,
        evaluations,
        series,
    })
}

/// Adds whole days to a date (for callers building histories).
pub fn plus_days(date: NaiveDate, days: u64) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(days))
}
