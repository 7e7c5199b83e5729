//! `GET /api/v2/admin/location/states` and `.../districts/{state_id}`: the first two region levels
//! of the profile, with the integer keys of their database rows as ids.

use std::collections::HashMap;

use actix_web::{HttpResponse, web};
use serde::Serialize;
use vaxkit_store::repo::regions::{self, RegionRow};

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

/// Every region row (the profile's regions, copied in at start), by code.
pub async fn rows_by_code(state: &AppState) -> Result<HashMap<String, RegionRow>, ApiError> {
    let rows = state.read(regions::all).await?;
    Ok(rows.into_iter().map(|r| (r.code.clone(), r)).collect())
}

/// The profile code of the region with this key, if the profile still has it.
pub async fn code_of(state: &AppState, id: i64) -> Result<Option<String>, ApiError> {
    let rows = state.read(regions::all).await?;
    Ok(rows
        .into_iter()
        .find(|r| r.id == id)
        .map(|r| r.code)
        .filter(|code| state.profile.regions.get(code).is_some()))
}

/// Lists the states.
pub async fn states(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let rows = rows_by_code(&state).await?;
    let states = state
        .profile
        .regions
        .children(None)
        .filter_map(|r| {
            rows.get(&r.code).map(|row| State {
                state_id: row.id,
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
    let rows = rows_by_code(&state).await?;
    let districts = state
        .profile
        .regions
        .children(Some(&code))
        .filter_map(|r| {
            rows.get(&r.code).map(|row| District {
                district_id: row.id,
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
