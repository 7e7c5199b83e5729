//! `GET /api/v1/sessions`: sessions on a day by region or postal code.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_core::sessions::{self, CentresPage, Filters, Found, Place};
use vaxkit_core::types::parse_date;

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters: `date` and one of `region` or `postal_code`; filters optional.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct SessionQuery {
    /// The day, `YYYY-MM-DD`.
    pub date: String,
    /// A region code (its sub-regions included).
    pub region: Option<String>,
    /// A postal code.
    pub postal_code: Option<String>,
    /// Only this product.
    pub vaccine: Option<String>,
    /// Only sessions offering this dose number.
    pub dose: Option<u32>,
    /// Only sessions open to this age.
    pub age: Option<i64>,
    /// Which page of centres, from 1 (default 1); the profile's
    /// `appointments.search_page_size` centres a page.
    pub page: Option<u32>,
    /// Answer language.
    pub lang: Option<String>,
}

/// Answer: one page of the facilities with sessions that day.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionSearch {
    /// The day.
    pub date: NaiveDate,
    /// The page: its facilities with their sessions, its number, how many pages and
    /// facilities there are.
    #[serde(flatten)]
    pub found: CentresPage,
}

/// Finds sessions; answers may come from a cache for the profile's
/// `appointments.search_cache_seconds`, dropped whenever a booking changes capacity.
#[utoipa::path(get, path = "/api/v1/sessions", operation_id = "searchSessions", tag = "sessions", params(SessionQuery),
    responses((status = 200, body = SessionSearch), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    query: Query<SessionQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let profile = &state.core.profile;
    let date = parse_date(&q.date)?;
    let filters = Filters::check(profile, q.vaccine, q.dose, q.age)?;
    let place = match (q.region, q.postal_code) {
        (Some(region), None) => Place::Region(region),
        (None, Some(postal)) => Place::PostalCode(postal),
        _ => return Err(ErrorCode::InvalidQuery.into()),
    }
    .check(profile)?;
    let search = sessions::day(place, date, filters);
    let page = q.page.unwrap_or(1);
    let answer = |found: &Found| -> Result<SessionSearch, ApiError> {
        Ok(SessionSearch {
            date,
            found: found.centres_page(profile, page)?,
        })
    };
    if page == 1 {
        // The first page, which nearly every search asks for, is kept as the bytes sent.
        return super::answer_json(&state, search, "api-v1-sessions", answer).await;
    }
    // A later page is made from what the search found (kept), and not kept itself: its
    // number is the client's to choose, and each one kept would take a place in the cache.
    let found = super::find(&state, search).await?;
    Ok(HttpResponse::Ok().json(answer(&found)?))
}
