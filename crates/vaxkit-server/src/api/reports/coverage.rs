//! `GET /api/v1/reports/coverage`: doses by dose number against the population given in
//! regions.csv, for each region directly under the one asked about.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::reports::{self, Coverage};
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

/// The report; national and region admins and auditors, within their scope.
#[utoipa::path(get, path = "/api/v1/reports/coverage", operation_id = "getCoverageReport", tag = "reports", security(("bearer" = [])), params(CoverageQuery),
    responses((status = 200, body = Coverage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    query: Query<CoverageQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let csv = wants_csv(q.format.as_deref())?;
    let until = q.until.as_deref().map(parse_date).transpose()?;
    let report = state
        .run(move |core| {
            let until = until.unwrap_or_else(|| core.today(core.clock.now()));
            reports::coverage(core, &me, q.region.as_deref(), until)
        })
        .await?;
    if csv {
        let max_dose = report
            .rows
            .iter()
            .flat_map(|r| r.doses.keys())
            .filter_map(|k| k.parse::<u32>().ok())
            .max()
            .unwrap_or(1);
        let mut header: Vec<String> = vec!["code".into(), "name".into(), "population".into()];
        header.extend((1..=max_dose).map(|d| format!("dose_{d}")));
        header.push("first_dose_percent".into());
        let lines = report
            .rows
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
    Ok(HttpResponse::Ok().json(report))
}
