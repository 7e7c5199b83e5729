//! Reports from the aggregate counters — a national dashboard reads grouped counter rows, never
//! the dose records — within the reader's scope, and the audit log for auditors.
//!
//! The summed counter rows of a report are kept for [`REPORT_CACHE_SECONDS`] (by report and
//! days asked, before any reader's scope is applied) in a cache of their own holding at most
//! [`REPORTS_KEPT`] of them, so administrators and the public dashboard reading the same
//! figures at once cost about one query each time they expire (readers who arrive while it runs
//! run it too), and asking for many different periods neither grows memory without bound nor
//! pushes other answers out of the core's main cache. A report's figures are at most that old
//! (plus the query's time), on every node alike.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use vaxkit_store::repo::{audit, doses};

use crate::Core;
use crate::actor::Actor;
use crate::error::{ErrorCode, Result};
use crate::staff::Role;

/// The roles that read reports.
pub const READERS: &[Role] = &[Role::NationalAdmin, Role::RegionAdmin, Role::Auditor];

/// Seconds the summed counter rows of a report are kept and answered again: how old a report's
/// figures may be.
pub const REPORT_CACHE_SECONDS: u64 = 10;

/// Reports' summed rows kept at once (by report and days asked); when all are fresh and one
/// more is asked for, they are all dropped.
pub const REPORTS_KEPT: usize = 64;

/// Prefix of the cache keys of report rows.
const CACHE_PREFIX: &str = "reports:";

/// The rows `read` sums, kept under `key` for [`REPORT_CACHE_SECONDS`].
fn kept<T: Send + Sync + 'static>(
    core: &Core,
    key: &str,
    read: impl FnMut(&mut vaxkit_store::DbConnection) -> vaxkit_store::StoreResult<Vec<T>>,
) -> Result<Arc<Vec<T>>> {
    core.reports.get_or_insert(
        &format!("{CACHE_PREFIX}{key}"),
        Duration::from_secs(REPORT_CACHE_SECONDS),
        || Ok(Arc::new(core.store.read(read)?)),
    )
}

/// One row of the doses report.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoseRow {
    /// Day.
    pub day: NaiveDate,
    /// Region code of the facilities.
    pub region: String,
    /// Product code.
    pub vaccine: String,
    /// Dose number.
    pub dose: i64,
    /// Age band.
    pub age_band: String,
    /// Gender code.
    pub gender: String,
    /// Doses given.
    pub count: i64,
}

/// Doses per day by region, vaccine, dose, age band and gender.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoseReport {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub until: NaiveDate,
    /// Rows, by day, region, vaccine, dose.
    pub rows: Vec<DoseRow>,
    /// Sum of the rows.
    pub total: i64,
}

/// The doses report between two days (at most 366 days apart), within the actor's scope and,
/// if asked, one region and the regions under it.
pub fn doses(
    core: &Core,
    actor: &Actor,
    from: NaiveDate,
    until: NaiveDate,
    region: Option<&str>,
) -> Result<DoseReport> {
    let me = actor.staff(READERS)?;
    if until < from || (until - from).num_days() > 366 {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let profile = &core.profile;
    if let Some(r) = region {
        if profile.regions.get(r).is_none() {
            return Err(ErrorCode::RegionNotFound.into());
        }
        if !me.covers_region(profile, r) {
            return Err(ErrorCode::Forbidden.into());
        }
    }
    let rows = kept(core, &format!("doses:{from}:{until}"), |c| {
        doses::counted(c, from, until)
    })?;
    let regions = &profile.regions;
    let rows: Vec<DoseRow> = rows
        .iter()
        .filter(|r| me.covers_region(profile, &r.region_code))
        .filter(|r| region.is_none_or(|scope| regions.is_within(&r.region_code, scope)))
        .map(|r| DoseRow {
            day: r.day,
            region: r.region_code.clone(),
            vaccine: r.vaccine.clone(),
            dose: r.dose,
            age_band: r.age_band.clone(),
            gender: r.gender.clone(),
            count: r.count,
        })
        .collect();
    let total = rows.iter().map(|r| r.count).sum();
    Ok(DoseReport {
        from,
        until,
        rows,
        total,
    })
}

/// One region's coverage.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CoverageRow {
    /// Region code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Population from regions.csv, if known.
    pub population: Option<u64>,
    /// Doses given, by dose number (as text keys: "1", "2"...).
    pub doses: BTreeMap<String, i64>,
    /// Dose 1 per 100 people, when the population is known.
    pub first_dose_percent: Option<f64>,
}

/// Doses by dose number against the population, for each region directly under one.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Coverage {
    /// The region asked about (none: the country).
    pub region: Option<String>,
    /// Counted up to this day.
    pub until: NaiveDate,
    /// One row per sub-region.
    pub rows: Vec<CoverageRow>,
}

/// Coverage up to `until` of each region directly under `region` (the actor's own region, or
/// the top level, when `None`), against the population given in regions.csv.
pub fn coverage(
    core: &Core,
    actor: &Actor,
    region: Option<&str>,
    until: NaiveDate,
) -> Result<Coverage> {
    let me = actor.staff(READERS)?;
    let profile = &core.profile;
    let region = region.map(str::to_string).or_else(|| me.region.clone());
    match &region {
        Some(r) if profile.regions.get(r).is_none() => {
            return Err(ErrorCode::RegionNotFound.into());
        }
        Some(r) if !me.covers_region(profile, r) => return Err(ErrorCode::Forbidden.into()),
        _ => {}
    }
    let counted = kept(core, &format!("coverage:{until}"), |c| {
        doses::counted_by_region_dose(c, until)
    })?;
    let rows: Vec<CoverageRow> = profile
        .regions
        .children(region.as_deref())
        .map(|child| {
            let mut by_dose: BTreeMap<String, i64> = BTreeMap::new();
            for r in counted
                .iter()
                .filter(|r| profile.regions.is_within(&r.region_code, &child.code))
            {
                *by_dose.entry(r.dose.to_string()).or_default() += r.count;
            }
            let first = by_dose.get("1").copied().unwrap_or(0);
            #[allow(clippy::cast_precision_loss)]
            let percent = child
                .population
                .filter(|p| *p > 0)
                .map(|p| ((first as f64) * 10_000.0 / (p as f64)).round() / 100.0);
            CoverageRow {
                code: child.code.clone(),
                name: child.name.clone(),
                population: child.population,
                doses: by_dose,
                first_dose_percent: percent,
            }
        })
        .collect();
    Ok(Coverage {
        region,
        until,
        rows,
    })
}

/// One audit entry.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditOut {
    /// When, in UTC (RFC 3339).
    pub at: DateTime<Utc>,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Kind of record.
    pub entity: String,
    /// Its reference.
    pub reference: String,
    /// Before (JSON text).
    pub before: Option<String>,
    /// After (JSON text).
    pub after: Option<String>,
}

/// The audit log for auditors and national admins: one record's whole history, oldest first
/// (with `entity` and `reference`), or the newest entries (1 to 1000), optionally of one kind of
/// record. Region-scoped auditors do not read it: entries are not kept by region.
pub fn audit_log(
    core: &Core,
    actor: &Actor,
    entity: Option<&str>,
    reference: Option<&str>,
    limit: i64,
) -> Result<Vec<AuditOut>> {
    let me = actor.staff(&[Role::NationalAdmin, Role::Auditor])?;
    if me.region.is_some() {
        return Err(ErrorCode::Forbidden.into());
    }
    if !(1..=1000).contains(&limit) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let entries = core.store.read(|c| match (entity, reference) {
        (Some(e), Some(r)) => audit::for_entity(c, e, r),
        (e, None) => audit::recent(c, e, limit),
        (None, Some(_)) => Ok(Vec::new()),
    })?;
    Ok(entries
        .into_iter()
        .map(|e| AuditOut {
            at: e.at.and_utc(),
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            reference: e.entity_ref,
            before: e.before,
            after: e.after,
        })
        .collect())
}

/// A count under a name (a day, a region, a vaccine).
#[derive(Debug, Clone, Serialize)]
pub struct NamedCount {
    /// The key: a day (`YYYY-MM-DD`), a region code or a product code.
    pub key: String,
    /// What people read: the day, the region's or the product's name.
    pub name: String,
    /// Doses.
    pub count: i64,
}

/// The public dashboard: doses from the counters, with no personal data — totals, per day, per
/// top-level region and per vaccine.
#[derive(Debug, Clone, Serialize)]
pub struct Dashboard {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub until: NaiveDate,
    /// Every dose in the period.
    pub total: i64,
    /// Doses per day, every day of the period (zero included), oldest first.
    pub per_day: Vec<NamedCount>,
    /// Doses per top-level region, in the profile's order.
    pub per_region: Vec<NamedCount>,
    /// Doses per vaccine, in the catalogue's order.
    pub per_vaccine: Vec<NamedCount>,
}

/// Most days the public dashboard shows at once.
pub const DASHBOARD_MAX_DAYS: i64 = 92;

/// The public dashboard's figures for `from..=until` (anyone may read them), at most
/// [`REPORT_CACHE_SECONDS`] old.
pub fn dashboard(core: &Core, from: NaiveDate, until: NaiveDate) -> Result<Dashboard> {
    if until < from || (until - from).num_days() >= DASHBOARD_MAX_DAYS {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let rows = kept(core, &format!("dashboard:{from}:{until}"), |c| {
        doses::counted_by_day_region_vaccine(c, from, until)
    })?;
    let profile = &core.profile;
    let regions = &profile.regions;
    let top_of = |code: &str| -> String {
        let mut current = code.to_owned();
        while let Some(parent) = regions.get(&current).and_then(|r| r.parent.clone()) {
            current = parent;
        }
        current
    };
    let mut days: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    let mut day = from;
    while day <= until {
        days.insert(day, 0);
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    let mut by_region: BTreeMap<String, i64> = BTreeMap::new();
    let mut by_vaccine: BTreeMap<String, i64> = BTreeMap::new();
    let mut total = 0;
    for row in rows.iter() {
        total += row.count;
        *days.entry(row.day).or_default() += row.count;
        *by_region.entry(top_of(&row.region_code)).or_default() += row.count;
        *by_vaccine.entry(row.vaccine.clone()).or_default() += row.count;
    }
    let per_region = regions
        .children(None)
        .map(|r| NamedCount {
            key: r.code.clone(),
            name: r.name.clone(),
            count: by_region.get(&r.code).copied().unwrap_or(0),
        })
        .collect();
    let per_vaccine = profile
        .vaccines
        .iter()
        .filter_map(|v| {
            by_vaccine.get(&v.code).map(|count| NamedCount {
                key: v.code.clone(),
                name: v.name.clone(),
                count: *count,
            })
        })
        .collect();
    Ok(Dashboard {
        from,
        until,
        total,
        per_day: days
            .into_iter()
            .map(|(day, count)| NamedCount {
                key: day.to_string(),
                name: day.to_string(),
                count,
            })
            .collect(),
        per_region,
        per_vaccine,
    })
}
