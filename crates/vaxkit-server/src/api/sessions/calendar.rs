//! `GET /api/v1/facilities/{code}/calendar`: a facility's sessions for seven days.

use actix_web::{HttpResponse, web};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{CACHE_PREFIX, CentreSessions, Filters, Place, group, load, parse_date};
use crate::api::places::FacilityOut;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
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
#[utoipa::path(get, path = "/api/v1/facilities/{code}/calendar", tag = "sessions",
    params(("code" = String, Path, description = "Facility code"), CalendarQuery),
    responses((status = 200, body = Calendar), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    path: web::Path<String>,
    query: web::Query<CalendarQuery>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let q = query.into_inner();
    let from = parse_date(&q.date)?;
    let until = from
        .checked_add_days(Days::new(6))
        .ok_or(ErrorCode::InvalidDate)?;
    let filters = Filters::check(&state, q.vaccine, q.dose, q.age)?;
    let cache_key = format!(
        "{CACHE_PREFIX}calendar:{code}&date={from}&{}",
        filters.key()
    );
    let st = state.clone();
    let answer = state
        .cache
        .get_or_insert(&cache_key, state.search_ttl(), || async move {
            let place = Place::FacilityCode(code);
            let (found, list) = st.read(move |c| load(c, &place, from, until)).await?;
            let (facility, region) = found
                .into_iter()
                .next()
                .ok_or(ErrorCode::FacilityNotFound)?;
            let mut centres = group(&st, &[(facility.clone(), region.clone())], &list, &filters);
            let centre = centres.pop().unwrap_or_else(|| CentreSessions {
                facility: FacilityOut::new(&st.profile, &facility, &region),
                sessions: Vec::new(),
            });
            Ok::<_, ApiError>(Calendar {
                from,
                until,
                centre,
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
