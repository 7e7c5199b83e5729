//! `GET /api/v2/admin/location/states` and `.../districts/{state_id}`: the first two region levels
//! of the profile, with the integer keys of their database rows as ids.

use std::sync::Arc;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use vaxkit_core::places::{self, RegionKeys};

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

/// The region rows' keys (read by the core once an hour at most).
async fn region_keys(state: &AppState) -> Result<Arc<RegionKeys>, ApiError> {
    state.run(places::region_keys).await
}

/// The profile code of the region with this key, if the profile still has it.
pub async fn code_of(state: &AppState, id: i64) -> Result<Option<String>, ApiError> {
    state.run(move |core| places::region_code(core, id)).await
}

/// Lists the states.
pub async fn states(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let ids = region_keys(&state).await?;
    let states = state
        .core
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
                .core
                .profile
                .regions
                .get(code)
                .is_some_and(|r| r.level == 0)
        })
        .ok_or(ErrorCode::RegionNotFound)?;
    let ids = region_keys(&state).await?;
    let districts = state
        .core
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
