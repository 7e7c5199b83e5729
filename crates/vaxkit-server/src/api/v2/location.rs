//! `GET /api/v2/admin/location/states` and `.../districts/{state_id}`: the first two region levels
//! of the profile, with the integer keys of their database rows as ids.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use vaxkit_store::repo::regions;

use super::{public_json, ttl_seconds};
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// One state.
#[derive(Debug, Serialize)]
pub struct State {
    /// Stable id (the region's key).
    pub state_id: i64,
    /// Name.
    pub state_name: String,
}

/// Answer of `states`.
#[derive(Debug, Serialize)]
pub struct States {
    /// Top-level regions, in the profile's order.
    pub states: Vec<State>,
    /// Seconds the answer may be cached.
    pub ttl: i64,
}

/// One district.
#[derive(Debug, Serialize)]
pub struct District {
    /// Stable id (the region's key).
    pub district_id: i64,
    /// Name.
    pub district_name: String,
}

/// Answer of `districts`.
#[derive(Debug, Serialize)]
pub struct Districts {
    /// The state's regions, in the profile's order.
    pub districts: Vec<District>,
    /// Seconds the answer may be cached.
    pub ttl: i64,
}

/// Cache key of the region rows; outside the session prefix, so bookings leave it alone.
const ROWS_KEY: &str = "v2:regions";

/// How long the region rows are kept in memory. Regions are copied from the profile only at
/// start, so the rows cannot change while the server runs; the time only bounds memory use.
const ROWS_TTL: Duration = Duration::from_secs(3600);

/// Keys of the region rows (the profile's regions, copied in at start) by code, and back.
#[derive(Debug, Default)]
pub struct RegionIds {
    id_by_code: HashMap<String, i64>,
    code_by_id: HashMap<i64, String>,
}

impl RegionIds {
    /// The key of the region with this code.
    pub fn id(&self, code: &str) -> Option<i64> {
        self.id_by_code.get(code).copied()
    }

    /// The code of the region with this key.
    pub fn code(&self, id: i64) -> Option<&str> {
        self.code_by_id.get(&id).map(String::as_str)
    }
}

/// The region rows, read once an hour at most (search requests need them on every call).
pub async fn region_ids(state: &AppState) -> Result<Arc<RegionIds>, ApiError> {
    state
        .cache
        .get_or_insert(ROWS_KEY, ROWS_TTL, || async {
            let rows = state.read(regions::all).await?;
            Ok::<_, ApiError>(Arc::new(RegionIds {
                id_by_code: rows.iter().map(|r| (r.code.clone(), r.id)).collect(),
                code_by_id: rows.into_iter().map(|r| (r.id, r.code)).collect(),
            }))
        })
        .await
}

/// The profile code of the region with this key, if the profile still has it.
pub async fn code_of(state: &AppState, id: i64) -> Result<Option<String>, ApiError> {
    let ids = region_ids(state).await?;
    Ok(ids
        .code(id)
        .filter(|code| state.profile.regions.get(code).is_some())
        .map(str::to_string))
}

/// Lists the states.
pub async fn states(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let ids = region_ids(&state).await?;
    let states = state
        .profile
        .regions
        .children(None)
        .filter_map(|r| {
            ids.id(&r.code).map(|state_id| State {
                state_id,
                state_name: r.name.clone(),
            })
        })
        .collect();
    Ok(public_json(
        &state,
        &States {
            states,
            ttl: ttl_seconds(&state),
        },
    ))
}

/// Lists the districts of a state.
pub async fn districts(
    state: web::Data<AppState>,
    path: web::Path<i64>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let code = code_of(&state, id)
        .await?
        .filter(|code| {
            state
                .profile
                .regions
                .get(code)
                .is_some_and(|r| r.level == 0)
        })
        .ok_or(ErrorCode::RegionNotFound)?;
    let ids = region_ids(&state).await?;
    let districts = state
        .profile
        .regions
        .children(Some(&code))
        .filter_map(|r| {
            ids.id(&r.code).map(|district_id| District {
                district_id,
                district_name: r.name.clone(),
            })
        })
        .collect();
    Ok(public_json(
        &state,
        &Districts {
            districts,
            ttl: ttl_seconds(&state),
        },
    ))
}
