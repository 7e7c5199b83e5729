//! `GET /api/v1/admin/facilities/{code}/sessions`: a facility's sessions with bookings.

use actix_web::{HttpResponse, web};
use chrono::Days;
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::planning::{self, AdminSession};
use vaxkit_core::types::parse_date;

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// First day.
    pub from: String,
    /// Last day; seven days from `from` when left out (at most 62).
    pub until: Option<String>,
    /// Answer language.
    pub lang: Option<String>,
}

/// Lists sessions, cancelled ones included; vaccinators see their own facility's.
#[utoipa::path(get, path = "/api/v1/admin/facilities/{code}/sessions", operation_id = "listFacilitySessions", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path, description = "Facility code"), Range),
    responses((status = 200, body = Vec<AdminSession>), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    path: web::Path<String>,
    query: Query<Range>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let q = query.into_inner();
    let from = parse_date(&q.from)?;
    let until = match &q.until {
        Some(u) => parse_date(u)?,
        None => from
            .checked_add_days(Days::new(6))
            .ok_or(ErrorCode::InvalidDate)?,
    };
    let list = state
        .run(move |core| planning::list(core, &me, &code, from, until))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
