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
    let live = LiveSpacing::new(schedule, doses, &order);
    let ctx = Context {
        schedule,
        patient,
        doses,
        on,
        live,
        regions,
        ages: AgeDates::new(patient.birth),
        // Sized once rather than grown run by run.
        spare: RefCell::new(Vec::with_capacity(schedule.series.len())),
        runs: RefCell::new(Vec::with_capacity(schedule.series.len())),
        chosen: RefCell::new(Vec::with_capacity(4)),
        pool: RefCell::new(Vec::with_capacity(4)),
        conflict_ends: RefCell::new(Vec::with_capacity(4)),
        last_season: Cell::new(None),
    };
    // Each antigen's doses, in date order, side by side in one list.
    let antigens = schedule.antigens.len();
    let mut pairs: Vec<(AntigenId, ADose)> = Vec::with_capacity(2 * doses.len());
    for &i in &order {
        let Some(d) = doses.get(i) else { continue };
        ctx.dose_antigens(i, |a| {
            if a < antigens {
                let dose = ADose {
                    index: i,
                    date: d.date,
                    product: d.product,
                };
                pairs.push((a, dose));
            }
        });
    }
    let mut starts = vec![0usize; antigens + 1];
    for (a, _) in &pairs {
        if let Some(n) = starts.get_mut(a + 1) {
            *n += 1;
        }
    }
    for a in 0..antigens {
        let before = starts.get(a).copied().unwrap_or(0);
        if let Some(n) = starts.get_mut(a + 1) {
            *n += before;
        }
    }
    let mut next = starts.clone();
    let mut adoses: Vec<ADose> = pairs.iter().map(|(_, d)| *d).collect();
    for (a, d) in &pairs {
        if let Some(k) = next.get_mut(*a)
            && let Some(slot) = adoses.get_mut(*k)
        {
            *slot = *d;
            *k += 1;
        }
    }
    let mut best: Vec<Option<AntigenOutcome<'_>>> = Vec::with_capacity(antigens);
    for antigen in 0..antigens {
        let range = starts.get(antigen).copied().unwrap_or(0)
            ..starts.get(antigen + 1).copied().unwrap_or(0);
        best.push(ctx.antigen(antigen, adoses.get(range).unwrap_or_default()));
    }
    let mut out_doses = vec![Evaluation::not_valid(DoseReason::NotEvaluated); doses.len()];
    let mut seen = vec![false; doses.len()];
    let mut groups = Vec::with_capacity(schedule.groups.len());
    let mut outcomes: Vec<&AntigenOutcome<'_>> = Vec::new();
    for (gi, g) in schedule.groups.iter().enumerate() {
        outcomes.clear();
        outcomes.extend(
            g.antigens
                .iter()
                .filter_map(|a| best.get(*a).and_then(Option::as_ref)),
        );
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

/// Live-virus spacing among a person's doses, worked out once for the forecaster and for
/// [`propose`]: which products are live, which doses may open a conflict, and which doses were
/// themselves given in one.
struct LiveSpacing {
    /// By product: whether a conflict names it as the later product.
    live: Vec<bool>,
    /// The doses whose product may open a live-virus conflict, in date order.
    openers: Vec<usize>,
    /// By dose: whether it was given in a conflict with an earlier dose.
    invalid: Vec<bool>,
    /// No live-virus conflict lasts longer than this many days.
    reach: i64,
}

impl LiveSpacing {
    /// `order` lists the indices of `doses` in date order.
    fn new(schedule: &Schedule, doses: &[Given], order: &[usize]) -> Self {
        // Most products are not live: knowing which are spares scanning every conflict per
        // dose, and every earlier dose per live one.
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
        let openers: Vec<usize> = order
            .iter()
            .copied()
            .filter(|&i| {
                doses
                    .get(i)
                    .is_some_and(|d| live_before.get(d.product).copied().unwrap_or(false))
            })
            .collect();
        let reach = conflict_reach(schedule);
        let invalid = live_invalid(schedule, doses, order, &live, &openers, reach);
        Self {
            live,
            openers,
            invalid,
            reach,
        }
    }

    /// Whether a conflict names the product as the later one.
    fn is_live(&self, product: ProductId) -> bool {
        self.live.get(product).copied().unwrap_or(false)
    }

    /// Whether the dose at this index was given in a conflict with an earlier dose.
    fn invalid(&self, i: usize) -> bool {
        self.invalid.get(i).copied().unwrap_or(false)
    }

    /// For each dose that may open a conflict, latest first: its day, and the window
    /// `[begin, end)` in which it forbids a dose of `product`, if it does.
    fn windows<'s>(
        &'s self,
        schedule: &'s Schedule,
        doses: &'s [Given],
        product: ProductId,
    ) -> impl Iterator<Item = (NaiveDate, Option<(NaiveDate, NaiveDate)>)> + 's {
        // Only the conflicts in which the product comes second can apply.
        let conflicts: Vec<&LiveVirusConflict> = if self.is_live(product) {
            schedule
                .conflicts
                .iter()
                .filter(|c| c.current.contains(&product))
                .collect()
        } else {
            Vec::new()
        };
        let openers = if conflicts.is_empty() {
            &[][..]
        } else {
            &self.openers[..]
        };
        openers.iter().rev().filter_map(move |&i| {
            let d = doses.get(i)?;
            let window = conflict_end(conflicts.iter().copied(), d, product, self.invalid(i));
            Some((d.date, window))
        })
    }
}

/// For each dose, whether it is itself in a live-virus conflict with an earlier dose: the
/// conflict after such a dose lasts the full `end`, not the shorter `min_end`.
fn live_invalid(
    schedule: &Schedule,
    doses: &[Given],
    order: &[usize],
    live: &[bool],
    openers: &[usize],
    reach: i64,
) -> Vec<bool> {
    let mut invalid = vec![false; doses.len()];
    if schedule.conflicts.is_empty() {
        return invalid;
    }
    // The openers dated before the dose in hand, in date order, are a prefix of `openers`.
    let mut earlier = 0;
    for &j in order {
        let Some(cur) = doses.get(j) else { continue };
        if live.get(cur.product).copied().unwrap_or(false) {
            // Only openers recent enough for a conflict to reach this dose (a yearly live
            // vaccine need not be compared with every year's): latest first, until one is too old.
            let mut recent = openers
                .get(..earlier)
                .unwrap_or_default()
                .iter()
                .rev()
                .map_while(|&i| {
                    doses
                        .get(i)
                        .filter(|prev| (cur.date - prev.date).num_days() <= reach)
                        .map(|prev| (i, prev))
                });
            let conflicted = recent.any(|(i, prev)| {
                conflict_end(
                    &schedule.conflicts,
                    prev,
                    cur.product,
                    invalid.get(i).copied().unwrap_or(false),
                )
                .is_some_and(|(begin, end)| begin <= cur.date && cur.date < end)
            });
            if let Some(slot) = invalid.get_mut(j) {
                *slot = conflicted;
            }
        }
        if openers.get(earlier) == Some(&j) {
            earlier += 1;
        }
    }
    invalid
}

/// No live-virus conflict of the schedule lasts longer than this many days.
fn conflict_reach(schedule: &Schedule) -> i64 {
    schedule
        .conflicts
        .iter()
        .flat_map(|c| [c.end, c.min_end])
        .map(most_days)
        .max()
        .unwrap_or(0)
}

/// At least as many days as the span adds to any date: a year is at most 366 days, a month at
/// most 31, and a day that does not exist moves on by at most 3; negative parts are left out.
fn most_days(span: Span) -> i64 {
    i64::from(span.years.max(0)) * 366
        + i64::from(span.months.max(0)) * 31
        + i64::from(span.days.max(0))
        + 3
}

/// The conflict window a previous dose opens for a product, if they conflict, by the conflicts
/// given (the schedule's, or those of them that name the product).
fn conflict_end<'c>(
    conflicts: impl IntoIterator<Item = &'c LiveVirusConflict>,
    prev: &Given,
    current: ProductId,
    prev_invalid: bool,
) -> Option<(NaiveDate, NaiveDate)> {
    let mut window: Option<(NaiveDate, NaiveDate)> = None;
    for c in conflicts {
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
    live: LiveSpacing,
    regions: Option<&'a crate::regions::Regions>,
    ages: AgeDates,
    /// Runs no antigen chose, kept for their lists.
    spare: RefCell<Vec<SeriesRun>>,
    /// The list of an antigen's runs, kept for the next antigen.
    runs: RefCell<Vec<SeriesRun>>,
    /// The series selection's list of the best run of each set, kept between antigens.
    chosen: RefCell<Vec<usize>>,
    /// The series selection's list of the runs of a set it scores, with their scores by each
    /// criterion, kept between sets.
    pool: RefCell<Vec<(usize, [Option<i64>; CRITERIA])>>,
    /// The end of the latest live-virus conflict each product falls into, once worked out.
    conflict_ends: RefCell<Vec<(ProductId, Option<NaiveDate>)>>,
    /// The last season worked out around a day: the skip rules of a seasonal dose ask for the
    /// same one several times.
    last_season: Cell<Option<SeasonAround>>,
}

/// A season, a day, and the season's bounds around that day.
type SeasonAround = (Season, NaiveDate, Option<(NaiveDate, NaiveDate)>);

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
    /// One evaluation per dose; a dose of a product given by mistake is `Inadvertent`.
    evals: Vec<Evaluation>,
    targets: Vec<Target>,
    /// How many targets are satisfied.
    valid: usize,
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
        self.valid
    }

    /// Whether the dose at `j` was of a product given by mistake.
    fn inadvertent(&self, j: usize) -> bool {
        self.evals
            .get(j)
            .is_some_and(|e| e.reason == Some(DoseReason::Inadvertent))
    }
}

/// The best series of an antigen, with the doses it saw.
#[derive(Debug, Clone)]
struct AntigenOutcome<'d> {
    run: SeriesRun,
    adoses: &'d [ADose],
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

/// What the skip rules of a target dose are judged against. The forecaster answers from the
/// series run it is building; [`propose`] from the course as it stands.
trait SkipFacts {
    /// The day the person reaches an age (`None` for no age, or beyond the calendar).
    fn age_date(&self, span: Option<Span>) -> Option<NaiveDate>;
    /// The season containing a day.
    fn season_around(&self, season: &Season, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)>;
    /// The antigen's doses before the one judged (all of them for a forecast), in date order.
    fn before(&self) -> &[ADose];
    /// Whether the dose at this index of [`SkipFacts::before`] is valid.
    fn valid(&self, j: usize) -> bool;
    /// Whether a series of one of these sets, of the same antigen, is complete.
    fn completed(&self, sets: &[u32]) -> bool;
}

/// Whether a skip rule of `td` for `context` lets the target dose be skipped on `reference`.
fn skipped(
    facts: &impl SkipFacts,
    td: &SeriesDose,
    context: SkipContext,
    reference: NaiveDate,
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
                .map(|c| condition_met(facts, c, td, reference));
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

fn condition_met(
    facts: &impl SkipFacts,
    c: &SkipCondition,
    td: &SeriesDose,
    reference: NaiveDate,
) -> bool {
    match c {
        SkipCondition::Age { from, to } => {
            facts.age_date(*from).is_none_or(|f| f <= reference)
                && facts.age_date(*to).is_none_or(|t| reference < t)
        }
        SkipCondition::Interval(span) => facts
            .before()
            .last()
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
            let by_season = |b: &Option<DateBound>| {
                matches!(b, Some(DateBound::SeasonStart | DateBound::SeasonEnd))
            };
            let season = if by_season(from_date) || by_season(to_date) {
                td.season
                    .as_ref()
                    .and_then(|s| facts.season_around(s, reference))
            } else {
                None
            };
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
            // The doses counted were given within a window of days: between the ages when
            // there are ages, else between the days. The doses are in date order, so the
            // window is a run of them.
            let (from, until) = if from_age.is_some() || to_age.is_some() {
                (facts.age_date(*from_age), facts.age_date(*to_age))
            } else {
                (start, end)
            };
            let given = facts.before();
            let first = from.map_or(0, |f| given.partition_point(|d| d.date < f));
            let n = given
                .iter()
                .enumerate()
                .skip(first)
                .take_while(|(_, d)| until.is_none_or(|u| d.date < u))
                .filter(|(j, d)| {
                    (!*valid_only || facts.valid(*j))
                        && (products.is_empty() || products.contains(&d.product))
                })
                // One more than `count` answers every comparison.
                .take(usize::try_from(*count).map_or(usize::MAX, |c| c.saturating_add(1)))
                .count();
            let n = u32::try_from(n).unwrap_or(u32::MAX);
            match compare {
                CountCompare::Greater => n > *count,
                CountCompare::Equal => n == *count,
                CountCompare::Less => n < *count,
            }
        }
        SkipCondition::CompletedSeries(sets) => facts.completed(sets),
    }
}

/// The forecaster's view of a series run for its skip rules: the doses before the one judged.
struct RunFacts<'r, 'c> {
    ctx: &'r Context<'c>,
    run: &'r SeriesRun,
    before: &'r [ADose],
    series: &'r Series,
    earlier: &'r [SeriesRun],
}

impl<'r, 'c> RunFacts<'r, 'c> {
    fn new(
        ctx: &'r Context<'c>,
        run: &'r SeriesRun,
        adoses: &'r [ADose],
        upto: usize,
        series: &'r Series,
        earlier: &'r [SeriesRun],
    ) -> Self {
        Self {
            ctx,
            run,
            before: adoses.get(..upto.min(adoses.len())).unwrap_or_default(),
            series,
            earlier,
        }
    }
}

impl SkipFacts for RunFacts<'_, '_> {
    fn age_date(&self, span: Option<Span>) -> Option<NaiveDate> {
        self.ctx.age_date(span)
    }

    fn season_around(&self, season: &Season, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        self.ctx.season_around(season, day)
    }

    fn before(&self) -> &[ADose] {
        self.before
    }

    fn valid(&self, j: usize) -> bool {
        self.run.evals.get(j).is_some_and(Evaluation::is_valid)
    }

    fn completed(&self, sets: &[u32]) -> bool {
        self.earlier.iter().any(|r| {
            r.status == Status::Complete
                && self
                    .ctx
                    .schedule
                    .series
                    .get(r.series)
                    .is_some_and(|o| o.antigen == self.series.antigen && sets.contains(&o.set))
        })
    }
}

impl Context<'_> {
    /// [`season_around`], remembering the last answer.
    fn season_around(&self, season: &Season, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        if let Some((s, d, bounds)) = self.last_season.get()
            && s == *season
            && d == day
        {
            return bounds;
        }
        let bounds = season_around(season, day);
        self.last_season.set(Some((*season, day, bounds)));
        bounds
    }

    fn age_date(&self, span: Option<Span>) -> Option<NaiveDate> {
        self.ages.get(span?)
    }

    fn within_ages(&self, date: NaiveDate, from: Option<Span>, to: Option<Span>) -> bool {
        self.age_date(from).is_none_or(|f| f <= date) && self.age_date(to).is_none_or(|t| date < t)
    }

    /// Calls `f` with each antigen a dose counts for (at the person's age that day), once each.
    fn dose_antigens(&self, i: usize, mut f: impl FnMut(AntigenId)) {
        let Some(d) = self.doses.get(i) else { return };
        let Some(p) = self.schedule.products.get(d.product) else {
            return;
        };
        let counts = |a: &ProductAntigen| self.within_ages(d.date, a.from_age, a.to_age);
        for (k, a) in p.antigens.iter().enumerate() {
            let before = p.antigens.get(..k).unwrap_or_default();
            if counts(a) && !before.iter().any(|b| b.antigen == a.antigen && counts(b)) {
                f(a.antigen);
            }
        }
    }

    /// Evaluates an antigen's doses (in date order) against each of its series and chooses the
    /// best series.
    fn antigen<'d>(&self, antigen: AntigenId, adoses: &'d [ADose]) -> Option<AntigenOutcome<'d>> {
        let mut runs = std::mem::take(&mut *self.runs.borrow_mut());
        for (si, s) in self.schedule.series.iter().enumerate() {
            if s.antigen != antigen || !self.relevant(s) {
                continue;
            }
            let run = self.run(si, s, adoses, &runs);
            runs.push(run);
        }
        let chosen = select(self, &runs, adoses);
        // Take the chosen run out rather than copying it.
        let run = chosen.map(|index| runs.swap_remove(index));
        self.spare.borrow_mut().append(&mut runs);
        *self.runs.borrow_mut() = runs;
        let mut run = run?;
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
        let (mut evals, mut targets) = match self.spare.borrow_mut().pop() {
            Some(mut r) => {
                r.evals.clear();
                r.targets.clear();
                (r.evals, r.targets)
            }
            None => (Vec::new(), Vec::new()),
        };
        evals.reserve(adoses.len());
        targets.reserve(n.max(adoses.len()) + 1);
        let mut run = SeriesRun {
            series: si,
            evals,
            targets,
            valid: 0,
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
                if skipped(
                    &RunFacts::new(self, &run, adoses, i, s, earlier),
                    d,
                    SkipContext::Evaluation,
                    ad.date,
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
                continue;
            };
            let eval = self.evaluate(td, ad, i, &run, adoses);
            if eval.is_valid() {
                run.targets.push(Target::Satisfied(i));
                run.valid += 1;
            }
            run.evals.push(eval);
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
    ) -> Evaluation {
        if td.inadvertent.contains(&ad.product) {
            return Evaluation::not_valid(DoseReason::Inadvertent);
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
        // Too early: before the absolute minimum, or before the minimum without a grace period
        // (the minimum is only worked out then).
        let too_early = |abs: Option<NaiveDate>, min: &dyn Fn() -> Option<NaiveDate>| {
            abs.is_some_and(|a| ad.date < a) || (!grace && min().is_some_and(|m| ad.date < m))
        };
        // Age.
        if let Some(age) = td.ages.iter().find(|a| a.period.contains(ad.date)) {
            if self.age_date(age.max).is_some_and(|m| ad.date >= m) {
                return Evaluation::extraneous(DoseReason::TooOld);
            }
            let abs = self.age_date(age.absolute_min.or(age.min));
            if too_early(abs, &|| self.age_date(age.min)) {
                return Evaluation::not_valid(DoseReason::TooYoung);
            }
        }
        // Intervals.
        let for_this = |iv: &&Interval| {
            iv.period.contains(ad.date)
                && (iv.for_products.is_empty() || iv.for_products.contains(&ad.product))
        };
        let mut interval_ok = td.intervals.iter().filter(for_this).all(|iv| {
            let Some(reference) = self.reference(iv, i, run, adoses) else {
                return true;
            };
            if !iv.after_products.is_empty() && !iv.after_products.contains(&reference.1) {
                return true;
            }
            let abs = add(reference.0, iv.absolute_min.or(iv.min));
            !too_early(abs, &|| add(reference.0, iv.min))
        });
        if !interval_ok && !td.allowable_intervals.is_empty() {
            interval_ok = td.allowable_intervals.iter().filter(for_this).all(|iv| {
                self.reference(iv, i, run, adoses).is_none_or(|r| {
                    add(r.0, iv.absolute_min.or(iv.min)).is_none_or(|a| ad.date >= a)
                })
            });
        }
        if !interval_ok {
            return Evaluation::not_valid(DoseReason::TooSoon);
        }
        if self.live.invalid(ad.index) {
            return Evaluation::not_valid(DoseReason::LiveVirusConflict);
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
            return Evaluation::not_valid(DoseReason::NotAllowable);
        }
        Evaluation::VALID
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
                let counted = e.status != EvalStatus::Extraneous && !run.inadvertent(j);
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
                (products.contains(&d.product) && !run.inadvertent(j))
                    .then_some((d.date, d.product))
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
                if skipped(
                    &RunFacts::new(self, run, adoses, all, s, earlier),
                    d,
                    SkipContext::Forecast,
                    reference,
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
            // Intervals for one product are read for the product the dose names first.
            let named = td
                .preferable
                .first()
                .or(td.allowable.first())
                .map(|p| p.product);
            let age_earliest = self.age_date(age.earliest);
            let age_latest = self.age_date(age.latest);
            // The intervals in force, each counted from its day: the latest minimum, and the
            // latest recommended and past-due days when the age rules give none.
            let mut min_interval = None;
            let mut interval_earliest = None;
            let mut interval_latest = None;
            let mut priority_override = false;
            let in_force = td.intervals.iter().filter(|iv| {
                iv.period.contains(self.on)
                    && (iv.for_products.is_empty()
                        || named.is_some_and(|p| iv.for_products.contains(&p)))
            });
            for iv in in_force {
                let Some((from, product)) = self.reference(iv, all, run, adoses) else {
                    continue;
                };
                if !iv.after_products.is_empty() && !iv.after_products.contains(&product) {
                    continue;
                }
                min_interval = min_interval.max(add(from, iv.min));
                if age_earliest.is_none() {
                    interval_earliest = interval_earliest.max(add(from, iv.earliest));
                }
                if age_latest.is_none() {
                    interval_latest = interval_latest.max(add(from, iv.latest));
                }
                priority_override |= iv.priority_override;
            }
            let conflict = self.conflict_end_for(td);
            let inadvertent = adoses
                .iter()
                .zip(&run.evals)
                .filter(|(_, e)| e.reason == Some(DoseReason::Inadvertent))
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
            let recommended = age_earliest
                .or(interval_earliest)
                .unwrap_or(earliest)
                .max(earliest);
            let past_due = age_latest
                .or(interval_latest)
                .and_then(day_before)
                .map(|p| p.max(earliest));
            let latest = max.and_then(day_before);
            // A forecast whose earliest day already lets the dose be skipped is for the next dose.
            if reference != earliest
                && skipped(
                    &RunFacts::new(self, run, adoses, all, s, earlier),
                    td,
                    SkipContext::Forecast,
                    earliest,
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
    fn conflict_end_for(&self, td: &SeriesDose) -> Option<NaiveDate> {
        if self.schedule.conflicts.is_empty() {
            return None;
        }
        td.preferable
            .iter()
            .map(|p| p.product)
            .filter(|p| self.live.is_live(*p))
            .filter_map(|p| self.conflict_end_of(p))
            .max()
    }

    /// The end of the latest live-virus conflict a dose of `product` would fall into, worked out
    /// once per product: the same products come up for every series of an antigen.
    fn conflict_end_of(&self, product: ProductId) -> Option<NaiveDate> {
        if let Some((_, end)) = self
            .conflict_ends
            .borrow()
            .iter()
            .find(|(p, _)| *p == product)
        {
            return *end;
        }
        // The latest opener first: one too old for any conflict to last past the latest end
        // so far ends the search, and every one before it.
        let mut end: Option<NaiveDate> = None;
        for (day, window) in self.live.windows(self.schedule, self.doses, product) {
            if end.is_some_and(|e| (e - day).num_days() > self.live.reach) {
                break;
            }
            if let Some((_, e)) = window {
                end = Some(end.map_or(e, |x| x.max(e)));
            }
        }
        self.conflict_ends.borrow_mut().push((product, end));
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

/// Chooses the best series of an antigen (CDSi chapter 8): the index of its run.
fn select(ctx: &Context<'_>, runs: &[SeriesRun], adoses: &[ADose]) -> Option<usize> {
    if runs.len() == 1 {
        return Some(0);
    }
    let series = |r: &SeriesRun| ctx.schedule.series.get(r.series);
    // The best run of each set, the sets in ascending order.
    let mut prioritized = ctx.chosen.borrow_mut();
    prioritized.clear();
    let mut last: Option<u32> = None;
    while let Some(set) = runs
        .iter()
        .filter_map(|r| series(r).map(|s| s.set))
        .filter(|s| last.is_none_or(|l| *s > l))
        .min()
    {
        last = Some(set);
        let in_set = |r: &SeriesRun| series(r).is_some_and(|s| s.set == set);
        if let Some(p) = prioritize(ctx, runs, in_set, adoses) {
            prioritized.push(p);
        }
    }
    // A set for older people (pneumococcal from 65) says nothing yet to someone younger
    // who has had none of its doses.
    prioritized.retain(|&i| {
        runs.get(i).is_some_and(|r| {
            r.valid_count() > 0
                || series(r)
                    .and_then(|s| ctx.age_date(s.min_age_to_start))
                    .is_none_or(|m| ctx.on >= m)
        })
    });
    let prioritized = &*prioritized;
    let of = |i: &usize| runs.get(*i).map(|r| (*i, r));
    let is_best = |r: &SeriesRun| {
        let Some(s) = series(r) else { return false };
        if r.status == Status::Complete {
            return true;
        }
        let equivalent = || {
            prioritized.iter().filter_map(of).filter(|(_, o)| {
                series(o).is_some_and(|os| {
                    s.equivalent_sets.contains(&os.set) || os.equivalent_sets.contains(&s.set)
                })
            })
        };
        if equivalent().any(|(_, o)| o.status == Status::Complete) {
            return false;
        }
        match s.kind {
            SeriesKind::EvaluationOnly => false,
            SeriesKind::Risk => true,
            SeriesKind::Standard => {
                !equivalent().any(|(_, o)| series(o).is_some_and(|os| os.kind == SeriesKind::Risk))
            }
        }
    };
    let best = || {
        prioritized
            .iter()
            .filter_map(of)
            .filter(|(_, r)| is_best(r))
    };
    // Several best series (a childhood and an adult one): the one with a dose due soonest.
    best()
        .filter(|(_, r)| r.status == Status::NotComplete)
        .min_by_key(|(_, r)| r.earliest)
        .or_else(|| best().find(|(_, r)| r.status == Status::Complete))
        .or_else(|| best().next())
        .map(|(i, _)| i)
        .or_else(|| prioritized.first().copied())
        .or_else(|| (!runs.is_empty()).then_some(0))
}

/// The most criteria the series selection scores runs by.
const CRITERIA: usize = 5;

/// How one criterion of the series selection scores a run: its value, whether a higher value
/// is better, the points for the only best, the points lost by the others, and whether runs
/// that share the best score nothing.
type Criterion<'c> = (&'c dyn Fn(&SeriesRun) -> Option<i64>, bool, i32, i32, bool);

/// The best value of a criterion among some runs, and how many runs have it.
fn best_value(
    values: impl Iterator<Item = Option<i64>>,
    higher_is_better: bool,
) -> (Option<i64>, usize) {
    let mut best = None;
    let mut n = 0;
    for v in values.flatten() {
        match best {
            Some(b) if v == b => n += 1,
            Some(b) if (v > b) != higher_is_better => {}
            _ => {
                best = Some(v);
                n = 1;
            }
        }
    }
    (best, n)
}

/// The best run of one set of series (CDSi chapter 8): the index of its run; `in_set` says
/// which runs are of the set.
fn prioritize(
    ctx: &Context<'_>,
    runs: &[SeriesRun],
    in_set: impl Fn(&SeriesRun) -> bool,
    adoses: &[ADose],
) -> Option<usize> {
    let series = |r: &SeriesRun| ctx.schedule.series.get(r.series);
    let members = || runs.iter().enumerate().filter(|(_, r)| in_set(r));
    let scorable = |r: &SeriesRun| {
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
    };
    let default = || {
        members()
            .filter(|(_, r)| {
                series(r).is_some_and(|s| {
                    s.default && ctx.age_date(s.min_age_to_start).is_none_or(|m| ctx.on >= m)
                })
            })
            .min_by_key(|(_, r)| series(r).map(|s| s.preference))
    };
    let complete = |r: &SeriesRun| r.status == Status::Complete;
    let in_process = |r: &SeriesRun| r.status != Status::Complete && r.valid_count() > 0;
    // The scorable runs, and how many of them are complete and in process, and the first of each.
    let mut pool = ctx.pool.borrow_mut();
    pool.clear();
    let (mut n_complete, mut first_complete) = (0, None);
    let (mut n_in_process, mut first_in_process) = (0, None);
    for (i, r) in members().filter(|(_, r)| scorable(r)) {
        pool.push((i, [None; CRITERIA]));
        if complete(r) {
            n_complete += 1;
            first_complete.get_or_insert(i);
        }
        if in_process(r) {
            n_in_process += 1;
            first_in_process.get_or_insert(i);
        }
    }
    if pool.is_empty() {
        return default()
            .or_else(|| {
                members()
                    .filter(|(_, r)| {
                        series(r).is_some_and(|s| s.kind != SeriesKind::EvaluationOnly)
                    })
                    .min_by_key(|(_, r)| series(r).map(|s| s.preference))
            })
            .map(|(i, _)| i);
    }
    if pool.len() == 1 {
        return pool.first().map(|(i, _)| *i);
    }
    if n_complete == 1 {
        return first_complete;
    }
    if n_complete == 0 && n_in_process == 1 {
        return first_in_process;
    }
    if n_complete == 0
        && n_in_process == 0
        && let Some((d, _)) = default().filter(|(_, d)| scorable(d))
    {
        return Some(d);
    }
    pool.retain(|(i, _)| {
        runs.get(*i).is_some_and(|r| {
            if n_complete >= 2 {
                complete(r)
            } else if n_in_process >= 2 {
                in_process(r)
            } else {
                true
            }
        })
    });
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
    // The path that was complete first: doses after it were not needed.
    let completed = |r: &SeriesRun| {
        r.targets.iter().rev().find_map(|t| match t {
            Target::Satisfied(j) => adoses.get(*j).map(|d| i64::from(d.date.num_days_from_ce())),
            Target::Skipped => None,
        })
    };
    let product_all_valid = |r: &SeriesRun| {
        let yes =
            series(r).is_some_and(|s| s.product_path) && r.evals.iter().all(Evaluation::is_valid);
        Some(i64::from(yes))
    };
    let can_complete = |r: &SeriesRun| Some(i64::from(completable(r)));
    let valid = |r: &SeriesRun| Some(i64::try_from(r.valid_count()).unwrap_or(0));
    let remaining = |r: &SeriesRun| {
        let n = series(r).map_or(0, |s| s.doses.len());
        Some(i64::try_from(n.saturating_sub(r.targets.len())).unwrap_or(0))
    };
    let finishes = |r: &SeriesRun| if completable(r) { day(finish(r)) } else { None };
    let earliest = |r: &SeriesRun| day(r.earliest);
    let not_product = |r: &SeriesRun| Some(i64::from(!series(r).is_some_and(|s| s.product_path)));
    let pool_runs = || pool.iter().filter_map(|(i, _)| runs.get(*i));
    let criteria: &[Criterion<'_>] = if pool_runs().all(|r| r.status == Status::Complete) {
        &[(&completed, false, 1, 1, true)]
    } else if pool_runs().any(|r| r.valid_count() > 0) {
        &[
            (&product_all_valid, true, 2, 2, false),
            (&can_complete, true, 3, 3, false),
            (&valid, true, 2, 2, true),
            (&remaining, false, 2, 2, true),
            (&finishes, false, 1, 1, true),
        ]
    } else {
        &[
            (&earliest, false, 1, 1, true),
            (&can_complete, true, 1, 1, false),
            (&not_product, true, 1, 1, false),
        ]
    };
    for (i, values) in pool.iter_mut() {
        if let Some(r) = runs.get(*i) {
            for (v, (value, ..)) in values.iter_mut().zip(criteria) {
                *v = value(r);
            }
        }
    }
    let mut bests = [(None, 0usize); CRITERIA];
    for (k, ((_, higher, ..), best)) in criteria.iter().zip(&mut bests).enumerate() {
        *best = best_value(
            pool.iter()
                .map(|(_, values)| values.get(k).copied().flatten()),
            *higher,
        );
    }
    // +win for the only best, 0 when tied, -lose for the others.
    let score = |values: &[Option<i64>; CRITERIA]| -> i32 {
        criteria
            .iter()
            .zip(&bests)
            .zip(values)
            .map(|(((_, _, win, lose, ties_zero), (best, n_best)), v)| {
                if v.is_some() && v == best {
                    if *n_best > 1 && *ties_zero { 0 } else { *win }
                } else {
                    -lose
                }
            })
            .sum()
    };
    pool.iter()
        .map(|(i, values)| {
            let preference = runs
                .get(*i)
                .and_then(series)
                .map_or(u32::MAX, |s| s.preference);
            (*i, score(values), preference)
        })
        .max_by(|(_, sa, pa), (_, sb, pb)| sa.cmp(sb).then_with(|| pb.cmp(pa)))
        .map(|(i, ..)| i)
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
    outcomes: &[&AntigenOutcome<'_>],
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
    let statuses = || outcomes.iter().map(|o| o.run.status);
    let status = if statuses().any(|s| s == Status::NotComplete) {
        Status::NotComplete
    } else if statuses().all(|s| s == Status::Immune) {
        Status::Immune
    } else if statuses().all(|s| s == Status::AgedOut) {
        Status::AgedOut
    } else if statuses().any(|s| s == Status::Complete) {
        Status::Complete
    } else {
        statuses().next().unwrap_or(Status::NotRecommended)
    };
    let pending = || {
        outcomes
            .iter()
            .map(|o| &o.run)
            .filter(|r| r.status == Status::NotComplete)
    };
    if status != Status::NotComplete || pending().next().is_none() {
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
    let earliest = if pending().any(|r| r.priority_override) {
        let last = outcomes
            .iter()
            .flat_map(|o| o.adoses.iter().map(|d| d.date))
            .max();
        pending().filter_map(|r| r.earliest).min().max(last)
    } else {
        pending().filter_map(|r| r.earliest).max()
    };
    let floor = |d: Option<NaiveDate>| match (d, earliest) {
        (Some(d), Some(e)) => Some(d.max(e)),
        (d, _) => d,
    };
    let mut products: Vec<ProductId> = Vec::new();
    for r in pending() {
        for p in &r.products {
            if !products.contains(p) {
                products.push(*p);
            }
        }
    }
    Some(GroupForecast {
        group: gi,
        status,
        next_dose: pending()
            .next()
            .and_then(|r| r.next)
            .and_then(|n| u32::try_from(n + 1).ok()),
        earliest,
        recommended: floor(pending().filter_map(|r| r.recommended).min()),
        past_due: floor(pending().filter_map(|r| r.past_due).min()),
        latest: pending().filter_map(|r| r.latest).min(),
        products,
        evaluations,
        series,
    })
}

/// Adds whole days to a date (for callers building histories).
pub fn plus_days(date: NaiveDate, days: u64) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(days))
}
