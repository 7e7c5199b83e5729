//! `GET /api/v1/reports/doses`: doses per day by region, vaccine, dose, age band and
//! gender, within the caller's scope.

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
pub struct DoseQuery {
    /// First day.
    pub from: String,
    /// Last day (at most 366 days after `from`).
    pub until: String,
    /// Only this region and the regions under it.
    pub region: Option<String>,
    /// `json` (default) or `csv`.
    pub format: Option<String>,
    /// Answer language.
    pub lang: Option<String>,
}

/// One row.
#[derive(Debug, Serialize, ToSchema)]
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

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
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

/// The report; national and region admins and auditors, within their scope.
#[utoipa::path(get, path = "/api/v1/reports/doses", tag = "reports", security(("bearer" = [])), params(DoseQuery),
    responses((status = 200, body = DoseReport), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    query: web::Query<DoseQuery>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[Role::NationalAdmin, Role::RegionAdmin, Role::Auditor])?;
    let q = query.into_inner();
    let csv = wants_csv(q.format.as_deref())?;
    let (from, until) = (parse_date(&q.from)?, parse_date(&q.until)?);
    if until < from || (until - from).num_days() > 366 {
        return Err(ErrorCode::InvalidQuery.into());
    }
    if let Some(r) = &q.region {
        if state.profile.regions.get(r).is_none() {
            return Err(ErrorCode::RegionNotFound.into());
        }
        if !me.covers_region(&state.profile, r) {
            return Err(ErrorCode::Forbidden.into());
        }
    }
    let rows = state.read(move |c| doses::counted(c, from, until)).await?;
    let regions = &state.profile.regions;
    let rows: Vec<DoseRow> = rows
        .into_iter()
        .filter(|r| me.covers_region(&state.profile, &r.region_code))
        .filter(|r| {
            q.region
                .as_deref()
                .is_none_or(|scope| regions.is_within(&r.region_code, scope))
        })
        .map(|r| DoseRow {
            day: r.day,
            region: r.region_code,
            vaccine: r.vaccine,
            dose: r.dose,
            age_band: r.age_band,
            gender: r.gender,
            count: r.count,
        })
        .collect();
    if csv {
        let lines = rows
            .iter()
            .map(|r| {
                vec![
                    r.day.to_string(),
                    r.region.clone(),
                    r.vaccine.clone(),
                    r.dose.to_string(),
                    r.age_band.clone(),
                    r.gender.clone(),
                    r.count.to_string(),
                ]
            })
            .collect();
        return csv_response(
            "doses.csv",
            &[
                "day", "region", "vaccine", "dose", "age_band", "gender", "count",
            ],
            lines,
        );
    }
    let total = rows.iter().map(|r| r.count).sum();
    Ok(HttpResponse::Ok().json(DoseReport {
        from,
        until,
        rows,
        total,
    }))
}
