//! `GET /api/v1/facilities`: centres in a region, at a postal code, or nearest a point.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_store::repo::facilities;

use super::{FacilityOut, distance_km, region_and_descendants};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Query parameters: exactly one of `region`, `postal_code`, or `lat` with `lon`.
#[derive(Debug, Deserialize, IntoParams)]
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
    pub facilities: Vec<FacilityOut>,
}

/// Finds facilities.
#[utoipa::path(get, path = "/api/v1/facilities", tag = "places", params(FacilityQuery),
    responses((status = 200, body = FacilityList), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    query: web::Query<FacilityQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let profile = &state.profile;
    let found = match (&q.region, &q.postal_code, q.lat, q.lon) {
        (Some(region), None, None, None) => {
            if profile.regions.get(region).is_none() {
                return Err(ErrorCode::RegionNotFound.into());
            }
            let codes = region_and_descendants(profile, region);
            state
                .read(move |c| facilities::in_regions(c, &codes))
                .await?
        }
        (None, Some(postal), None, None) => {
            let postal = check_postal_code(&state, postal)?;
            state
                .read(move |c| facilities::by_postal_code(c, &postal))
                .await?
        }
        (None, None, Some(lat), Some(lon)) => {
            if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
                return Err(ErrorCode::InvalidCoordinates.into());
            }
            let limit = q.limit.unwrap_or(10);
            if !(1..=50).contains(&limit) {
                return Err(ErrorCode::InvalidQuery.into());
            }
            let mut list = nearest(&state, lat, lon, limit).await?;
            list.truncate(limit);
            return Ok(HttpResponse::Ok().json(FacilityList { facilities: list }));
        }
        _ => return Err(ErrorCode::InvalidQuery.into()),
    };
    let list = found
        .iter()
        .map(|(f, region)| FacilityOut::new(profile, f, region))
        .collect();
    Ok(HttpResponse::Ok().json(FacilityList { facilities: list }))
}

/// A postal code that matches the profile's rule.
pub fn check_postal_code(state: &AppState, postal: &str) -> Result<String, ApiError> {
    let postal = postal.trim().to_string();
    match &state.profile.country.postal_code_pattern {
        Some(p) if p.is_match(&postal) => Ok(postal),
        _ => Err(ErrorCode::InvalidPostalCode.into()),
    }
}

/// Facilities sorted by distance, searching a box that widens until enough are found.
async fn nearest(
    state: &web::Data<AppState>,
    lat: f64,
    lon: f64,
    limit: usize,
) -> Result<Vec<FacilityOut>, ApiError> {
    let mut degrees = 0.25_f64;
    loop {
        let (lat_box, lon_box) = (
            (lat - degrees, lat + degrees),
            (lon - degrees, lon + degrees),
        );
        let found = state
            .read(move |c| facilities::in_box(c, lat_box, lon_box))
            .await?;
        if found.len() >= limit || degrees >= 32.0 {
            let mut list: Vec<FacilityOut> = found
                .iter()
                .filter_map(|(f, region)| {
                    let (flat, flon) = (f.latitude?, f.longitude?);
                    let mut out = FacilityOut::new(&state.profile, f, region);
                    out.distance_km =
                        Some((distance_km(lat, lon, flat, flon) * 10.0).round() / 10.0);
                    Some(out)
                })
                .collect();
            list.sort_by(|a, b| {
                a.distance_km
                    .partial_cmp(&b.distance_km)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            return Ok(list);
        }
        degrees *= 2.0;
    }
}
