//! The routine immunisation schedule of a profile, checked: antigens, products and the
//! antigens they contain, series of doses with their ages, intervals and products, vaccine
//! groups and live-virus spacing.
//!
//! The shape follows the CDC's CDSi supporting data (antigen series, series doses, preferable
//! and allowable vaccines, conditional skips) so that a schedule written from it, or from a
//! ministry's or the WHO's tables, needs no code. Cross-references are indices, resolved once
//! when the profile loads, so the forecaster never compares strings.

use chrono::NaiveDate;

use crate::model::{Period, VaccineCodes};
use crate::span::Span;

/// Index of an antigen in [`Schedule::antigens`].
pub type AntigenId = usize;
/// Index of a product in [`Schedule::products`].
pub type ProductId = usize;

/// Everything the forecaster reads.
#[derive(Debug, Clone, Default)]
pub struct Schedule {
    /// Target diseases.
    pub antigens: Vec<Antigen>,
    /// Every product of the profile, campaign or routine.
    pub products: Vec<Product>,
    /// Vaccine groups in the order forecasts are listed.
    pub groups: Vec<VaccineGroup>,
    /// Series of doses, each for one antigen.
    pub series: Vec<Series>,
    /// Spacing between live-virus products.
    pub conflicts: Vec<LiveVirusConflict>,
}

impl Schedule {
    /// The product with this code.
    pub fn product(&self, code: &str) -> Option<ProductId> {
        self.products.iter().position(|p| p.code == code)
    }

    /// The product with this CDC CVX code (leading zeros ignored).
    pub fn product_by_cvx(&self, cvx: &str) -> Option<ProductId> {
        let want = cvx.trim_start_matches('0');
        self.products.iter().position(|p| {
            p.codes
                .cvx
                .as_deref()
                .is_some_and(|c| c.trim_start_matches('0') == want)
        })
    }

    /// The vaccine group with this code.
    pub fn group(&self, code: &str) -> Option<&VaccineGroup> {
        self.groups.iter().find(|g| g.code == code)
    }
}

/// A target disease.
#[derive(Debug, Clone)]
pub struct Antigen {
    /// Stable code, e.g. `measles`.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// People born before this day are taken to be immune (e.g. measles in the U.S.: 1957).
    pub immune_if_born_before: Option<NaiveDate>,
}

/// A vaccine product: what is recorded when a dose is given.
#[derive(Debug, Clone)]
pub struct Product {
    /// Stable product code.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// Manufacturer, when known.
    pub manufacturer: String,
    /// International codes (CVX, ATC, SNOMED...).
    pub codes: VaccineCodes,
    /// The antigens a dose of it counts for.
    pub antigens: Vec<ProductAntigen>,
    /// When it may be given.
    pub available: Period,
}

/// One antigen of a product, possibly only at some ages (a zoster vaccine given before 50
/// counts for varicella).
#[derive(Debug, Clone)]
pub struct ProductAntigen {
    /// The antigen.
    pub antigen: AntigenId,
    /// From this age on (inclusive).
    pub from_age: Option<Span>,
    /// Before this age.
    pub to_age: Option<Span>,
}

/// Antigens forecast together, e.g. DTaP = diphtheria, tetanus and pertussis.
#[derive(Debug, Clone)]
pub struct VaccineGroup {
    /// Stable code, e.g. `dtap`.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// Its antigens.
    pub antigens: Vec<AntigenId>,
    /// Whether every antigen of the group must be given together (MMR): a group that is not
    /// complete for one antigen is not complete.
    pub administer_full_group: bool,
}

/// What a series is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SeriesKind {
    /// Recommended for everyone of its gender, region and ages.
    Standard,
    /// Recommended only to people with one of its conditions.
    Risk,
    /// Never forecast, but a completed one counts (e.g. a vaccine given abroad).
    EvaluationOnly,
}

/// One path to immunity against an antigen.
#[derive(Debug, Clone)]
pub struct Series {
    /// Stable code.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// The antigen it protects against.
    pub antigen: AntigenId,
    /// Standard, risk or evaluation only.
    pub kind: SeriesKind,
    /// Genders it is for; empty for everyone.
    pub genders: Vec<String>,
    /// Region codes it is for (a region and everything under it); empty for everywhere.
    pub regions: Vec<String>,
    /// Conditions (observation codes) that make a risk series apply.
    pub conditions: Vec<String>,
    /// The series to follow when nothing distinguishes the others.
    pub default: bool,
    /// A series whose doses must all be one product.
    pub product_path: bool,
    /// Series that compete are in the same set; one best series is chosen per set.
    pub set: u32,
    /// Sets whose best series may stand in for this one's.
    pub equivalent_sets: Vec<u32>,
    /// Priority within the set: `A` before `B`.
    pub priority: String,
    /// Tie-breaker: lower is preferred.
    pub preference: u32,
    /// The series may be started at this age or later.
    pub min_age_to_start: Option<Span>,
    /// The series must be started before this age.
    pub max_age_to_start: Option<Span>,
    /// The doses, in order.
    pub doses: Vec<SeriesDose>,
}

/// One dose of a series, as it should be given.
#[derive(Debug, Clone, Default)]
pub struct SeriesDose {
    /// Age rules, effective-dated.
    pub ages: Vec<DoseAge>,
    /// Preferable intervals: all that apply must be met.
    pub intervals: Vec<Interval>,
    /// Intervals that also make a dose valid when a preferable one is missed.
    pub allowable_intervals: Vec<Interval>,
    /// Products recommended for the dose.
    pub preferable: Vec<DoseProduct>,
    /// Products accepted for the dose.
    pub allowable: Vec<DoseProduct>,
    /// Products given by mistake: never valid, and the interval is counted from the dose before.
    pub inadvertent: Vec<ProductId>,
    /// When the dose is not needed.
    pub skips: Vec<Skip>,
    /// The dose repeats after the last (a yearly or ten-yearly dose).
    pub recurring: bool,
    /// A booster: a dose after the primary series.
    pub booster: bool,
    /// The dose is given in a season each year.
    pub season: Option<Season>,
}

/// The ages at which a dose may and should be given.
#[derive(Debug, Clone, Copy, Default)]
pub struct DoseAge {
    /// Below this a dose is never valid (the minimum less a grace period).
    pub absolute_min: Option<Span>,
    /// The minimum age.
    pub min: Option<Span>,
    /// The age from which the dose is recommended.
    pub earliest: Option<Span>,
    /// The age from which the dose is past due (the past-due date is the day before).
    pub latest: Option<Span>,
    /// From this age the dose is no longer given.
    pub max: Option<Span>,
    /// When the rule applies (by the day of the dose, or of the forecast).
    pub period: Period,
}

/// Where an interval is counted from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IntervalFrom {
    /// The dose given just before.
    Previous,
    /// The dose that met this dose number (1-based) of the series.
    Dose(u32),
    /// The most recent dose of one of these products.
    LastOf(Vec<ProductId>),
}

/// A gap before a dose.
#[derive(Debug, Clone)]
pub struct Interval {
    /// Counted from.
    pub from: IntervalFrom,
    /// Below this a dose is never valid.
    pub absolute_min: Option<Span>,
    /// The minimum interval.
    pub min: Option<Span>,
    /// From this interval the dose is recommended.
    pub earliest: Option<Span>,
    /// From this interval the dose is past due.
    pub latest: Option<Span>,
    /// In a vaccine group, this dose may come as soon as any antigen allows it.
    pub priority_override: bool,
    /// Applies only when the dose counted from was one of these products (empty: any).
    pub after_products: Vec<ProductId>,
    /// Applies only when the dose being given is one of these products (empty: any): the gap
    /// may depend on the product given as well as on the one before.
    pub for_products: Vec<ProductId>,
    /// When the rule applies.
    pub period: Period,
}

/// A product accepted for a dose, within ages and dates.
#[derive(Debug, Clone)]
pub struct DoseProduct {
    /// The product.
    pub product: ProductId,
    /// From this age on.
    pub from_age: Option<Span>,
    /// Before this age.
    pub to_age: Option<Span>,
    /// Whether the forecast names this product.
    pub forecast: bool,
    /// When it is accepted.
    pub period: Period,
    /// When set, the product may follow earlier doses only of itself or of products a rule in
    /// force names; unset, it may follow any product.
    pub may_follow: Option<Vec<FollowRule>>,
}

/// Products whose earlier doses a product may follow, in a period.
#[derive(Debug, Clone)]
pub struct FollowRule {
    /// The earlier products.
    pub products: Vec<ProductId>,
    /// When the rule applies (by the day of the dose being given).
    pub period: Period,
}

impl DoseProduct {
    /// Whether a dose of this product on `day` may follow doses of the `earlier` products.
    pub fn may_follow(&self, earlier: impl IntoIterator<Item = ProductId>, day: NaiveDate) -> bool {
        let Some(rules) = &self.may_follow else {
            return true;
        };
        earlier.into_iter().filter(|p| *p != self.product).all(|p| {
            rules
                .iter()
                .any(|r| r.period.contains(day) && r.products.contains(&p))
        })
    }
}

/// Where a skip rule applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipContext {
    /// When evaluating doses given.
    Evaluation,
    /// When forecasting the next dose.
    Forecast,
    /// Both.
    Both,
}

/// When a dose is not needed: sets of conditions.
#[derive(Debug, Clone)]
pub struct Skip {
    /// Where it applies.
    pub context: SkipContext,
    /// Whether every set must be met (otherwise one suffices).
    pub all_sets: bool,
    /// The sets.
    pub sets: Vec<SkipSet>,
}

/// Conditions that together let a dose be skipped.
#[derive(Debug, Clone)]
pub struct SkipSet {
    /// What the set means, for people.
    pub description: String,
    /// Whether every condition must be met (otherwise one suffices).
    pub all: bool,
    /// When the set applies.
    pub period: Period,
    /// The conditions.
    pub conditions: Vec<SkipCondition>,
}

/// A boundary of a counting window in days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateBound {
    /// A fixed day.
    Day(NaiveDate),
    /// The first day of the season the reference day falls in.
    SeasonStart,
    /// The day after the season the reference day falls in.
    SeasonEnd,
}

/// How a count compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountCompare {
    /// More than `count`.
    Greater,
    /// Exactly `count`.
    Equal,
    /// Fewer than `count`.
    Less,
}

/// One condition of a skip set.
#[derive(Debug, Clone)]
pub enum SkipCondition {
    /// The person's age on the reference day is in `[from, to)`.
    Age {
        /// From this age.
        from: Option<Span>,
        /// Before this age.
        to: Option<Span>,
    },
    /// The reference day is at least this long after the previous dose.
    Interval(Span),
    /// The number of doses of some products, given at some ages or days, compares to `count`.
    Count {
        /// The products counted.
        products: Vec<ProductId>,
        /// Given at this age or later.
        from_age: Option<Span>,
        /// Given before this age.
        to_age: Option<Span>,
        /// Given on or after.
        from_date: Option<DateBound>,
        /// Given before.
        to_date: Option<DateBound>,
        /// Only valid doses count (otherwise every dose).
        valid_only: bool,
        /// How the count compares.
        compare: CountCompare,
        /// The number compared to.
        count: u32,
    },
    /// A series of one of these sets (of the same antigen) is complete.
    CompletedSeries(Vec<u32>),
}

/// A yearly season, by month and day (it may run over the new year).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Season {
    /// First month and day.
    pub start: (u32, u32),
    /// Last month and day.
    pub end: (u32, u32),
}

/// Doses of one live product given too soon after another are not valid.
#[derive(Debug, Clone)]
pub struct LiveVirusConflict {
    /// The earlier products.
    pub previous: Vec<ProductId>,
    /// The later products.
    pub current: Vec<ProductId>,
    /// The conflict starts this long after the earlier dose.
    pub begin: Span,
    /// It ends this long after a valid earlier dose (a grace period).
    pub min_end: Span,
    /// It ends this long after an earlier dose that was not valid.
    pub end: Span,
}
