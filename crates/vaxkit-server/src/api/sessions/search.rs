//! `GET /api/v1/sessions`: sessions on a day by region or postal code.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::{CACHE_PREFIX, CentreSessions, Filters, Place, group, load, parse_date};
use crate::api::places::facilities::check_postal_code;
use crate::api::places::region_and_descendants;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Query parameters: `date` and one of `region` or `postal_code`; filters optional.
#[derive(Debug, Deserialize, IntoParams)]
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
    /// Answer language.
    pub lang: Option<String>,
}

/// Answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionSearch {
    /// The day.
    pub date: NaiveDate,
    /// Facilities with sessions that day.
    pub centres: Vec<CentreSessions>,
}

/// Finds sessions; answers may come from a cache for the profile's
/// `appointments.search_cache_seconds`, dropped whenever a booking changes capacity.
#[utoipa::path(get, path = "/api/v1/sessions", tag = "sessions", params(SessionQuery),
    responses((status = 200, body = SessionSearch), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    query: web::Query<SessionQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let date = parse_date(&q.date)?;
    let filters = Filters::check(&state, q.vaccine, q.dose, q.age)?;
    let (key, place) = match (&q.region, &q.postal_code) {
        (Some(region), None) => {
            if state.profile.regions.get(region).is_none() {
                return Err(ErrorCode::RegionNotFound.into());
            }
            (
                format!("region={region}"),
                Place::Regions(region_and_descendants(&state.profile, region)),
            )
        }
        (None, Some(postal)) => {
            let postal = check_postal_code(&state, postal)?;
            (format!("postal={postal}"), Place::PostalCode(postal))
        }
        _ => return Err(ErrorCode::InvalidQuery.into()),
    };
    let cache_key = format!("{CACHE_PREFIX}search:{key}&date={date}&{}", filters.key());
    let st = state.clone();
    let answer = state
        .cache
        .get_or_insert(&cache_key, state.search_ttl(), || async move {
            let (found, list) = st.read(move |c| load(c, &place, date, date)).await?;
            Ok::<_, ApiError>(SessionSearch {
                date,
                centres: group(&st, &found, &list, &filters),
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(answer))
}
