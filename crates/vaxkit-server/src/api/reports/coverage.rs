//! `GET /api/v1/reports/coverage`: doses by dose number against the population given in
//! regions.csv, for each region directly under the one asked about.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_store::repo::doses;

use super::{csv_response, wants_csv};
use crate::api::sessions::parse_date;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CoverageQuery {
    /// The region whose sub-regions are listed; the top level when left out.
    pub region: Option<String>,
    /// Count doses up to this day; today when left out.
    pub until: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// Answer language.
    pub lang: Option<String>,
}

/// One region's coverage.
#[derive(Debug, Serialize, ToSchema)]
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

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Coverage {
    /// The region asked about (none: the country).
    pub region: Option<String>,
    /// Counted up to this day.
    pub until: NaiveDate,
    /// One row per sub-region.
    pub rows: Vec<CoverageRow>,
}

/// The report; national and region admins and auditors, within their scope.
#[utoipa::path(get, path = "/api/v1/reports/coverage", tag = "reports", security(("bearer" = [])), params(CoverageQuery),
    responses((status = 200, body = Coverage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    query: web::Query<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[Role::NationalAdmin, Role::RegionAdmin, Role::Auditor])?;
    let q = query.into_inner();
    let csv = wants_csv(q.format.as_deref())?;
    let profile = &state.profile;
    let region = q.region.clone().or_else(|| me.region.clone());
    match &region {
        Some(r) if profile.regions.get(r).is_none() => return Err(ErrorCode::RegionNotFound.into()),
        Some(r) if !me.covers_region(profile, r) => return Err(ErrorCode::Forbidden.into()),
        _ => {}
    }
    let until = match &q.until {
        Some(u) => parse_date(u)?,
        None => profile.local_date(state.clock.now()),
    };
    let from = NaiveDate::from_ymd_opt(1900, 1, 1).ok_or(ErrorCode::InvalidDate)?;
    let counted = state.read(move |c| doses::counted(c, from, until)).await?;
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
    if csv {
        let max_dose = rows
            .iter()
            .flat_map(|r| r.doses.keys())
            .filter_map(|k| k.parse::<u32>().ok())
            .max()
            .unwrap_or(1);
        let mut header: Vec<String> = vec!["code".into(), "name".into(), "population".into()];
        header.extend((1..=max_dose).map(|d| format!("dose_{d}")));
        header.push("first_dose_percent".into());
        let lines = rows
            .iter()
            .map(|r| {
                let mut line = vec![
                    r.code.clone(),
                    r.name.clone(),
                    r.population.map(|p| p.to_string()).unwrap_or_default(),
                ];
                line.extend((1..=max_dose).map(|d| {
                    r.doses
                        .get(&d.to_string())
                        .copied()
                        .unwrap_or(0)
                        .to_string()
                }));
                line.push(
                    r.first_dose_percent
                        .map(|p| p.to_string())
                        .unwrap_or_default(),
                );
                line
            })
            .collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        return csv_response("coverage.csv", &header, lines);
    }
    Ok(HttpResponse::Ok().json(Coverage {
        region,
        until,
        rows,
    }))
}
