//! `GET /api/v1/facilities`: centres in a region, at a postal code, or nearest a point.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_core::places::{self, FacilityView, Near};

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters: exactly one of `region`, `postal_code`, or `lat` with `lon`.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct FacilityQuery {
    /// A region code: facilities in it and in every region under it.
    pub region: Option<String>,
    /// A postal code.
    pub postal_code: Option<String>,
    /// Latitude of the point to search near.
    pub lat: Option<f64>,
    /// Longitude of the point to search near.
    pub lon: Option<f64>,
    /// How many to return near a point (1 to 50, default 10).
    pub limit: Option<usize>,
    /// Answer language.
    pub lang: Option<String>,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct FacilityList {
    /// Facilities, by name (or by distance near a point).
    pub facilities: Vec<FacilityView>,
}

/// Finds facilities.
#[utoipa::path(get, path = "/api/v1/facilities", operation_id = "findFacilities", tag = "places", params(FacilityQuery),
    responses((status = 200, body = FacilityList), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    query: Query<FacilityQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let near = match (q.region, q.postal_code, q.lat, q.lon) {
        (Some(region), None, None, None) => Near::Region(region),
        (None, Some(postal), None, None) => Near::PostalCode(postal),
        (None, None, Some(lat), Some(lon)) => Near::Point(lat, lon, q.limit.unwrap_or(10)),
        _ => return Err(ErrorCode::InvalidQuery.into()),
    };
    let facilities = state
        .run(move |core| places::facilities_near(core, &near))
        .await?;
    Ok(HttpResponse::Ok().json(FacilityList { facilities }))
}
