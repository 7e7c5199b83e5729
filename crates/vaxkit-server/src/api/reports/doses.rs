//! `GET /api/v1/reports/doses`: doses per day by region, vaccine, dose, age band and
//! gender, within the caller's scope.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::reports::{self, DoseReport};
use vaxkit_core::types::parse_date;

use super::{csv_response, wants_csv};
use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
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

/// The report; national and region admins and auditors, within their scope.
#[utoipa::path(get, path = "/api/v1/reports/doses", operation_id = "getDoseReport", tag = "reports", security(("bearer" = [])), params(DoseQuery),
    responses((status = 200, body = DoseReport), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    query: Query<DoseQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let csv = wants_csv(q.format.as_deref())?;
    let (from, until) = (parse_date(&q.from)?, parse_date(&q.until)?);
    let report = state
        .run(move |core| reports::doses(core, &me, from, until, q.region.as_deref()))
        .await?;
    if csv {
        return doses_csv(&report);
    }
    Ok(HttpResponse::Ok().json(report))
}

/// The dose report as CSV (`day,region,vaccine,dose,age_band,gender,count`); shared with the
/// administrator's report page.
pub fn doses_csv(report: &DoseReport) -> Result<HttpResponse, ApiError> {
    let lines = report
        .rows
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
    csv_response(
        "doses.csv",
        &[
            "day", "region", "vaccine", "dose", "age_band", "gender", "count",
        ],
        lines,
    )
}
