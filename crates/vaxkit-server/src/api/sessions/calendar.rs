//! `GET /api/v1/facilities/{code}/calendar`: a facility's sessions for seven days.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_core::sessions::{self, CentreSessions, Filters, Place};
use vaxkit_core::types::parse_date;

use crate::error::{ApiError, ErrorBody};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct CalendarQuery {
    /// First day, `YYYY-MM-DD`.
    pub date: String,
    /// Only this product.
    pub vaccine: Option<String>,
    /// Only sessions offering this dose number.
    pub dose: Option<u32>,
    /// Only sessions open to this age.
    pub age: Option<i64>,
    /// Answer language.
    pub lang: Option<String>,
}

/// Answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Calendar {
    /// First day.
    pub from: NaiveDate,
    /// Last day (six days later).
    pub until: NaiveDate,
    /// The facility and its sessions in those days.
    pub centre: CentreSessions,
}

/// The week from `date` at one facility.
#[utoipa::path(get, path = "/api/v1/facilities/{code}/calendar", operation_id = "getFacilityCalendar", tag = "sessions",
    params(("code" = String, Path, description = "Facility code"), CalendarQuery),
    responses((status = 200, body = Calendar), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: Query<CalendarQuery>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let q = query.into_inner();
    let profile = &state.core.profile;
    let from = parse_date(&q.date)?;
    let week = sessions::week(Place::FacilityCode(code), from, Filters::default())?;
    let filters = Filters::check(profile, q.vaccine, q.dose, q.age)?;
    let search = sessions::Search { filters, ..week };
    let (from, until) = (search.from, search.until);
    super::answer_json(&state, search, "api-v1-calendar", |found| {
        Ok(Calendar {
            from,
            until,
            centre: sessions::facility_week(found, profile)?,
        })
    })
    .await
}
