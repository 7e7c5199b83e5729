//! Finding a place: sessions by region or postal code for a day, and a facility's week
//! ([`vaxkit_core::sessions`]).

pub mod calendar;
pub mod search;

use std::sync::Arc;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use actix_web::web::Bytes;
use serde::Serialize;
use vaxkit_core::sessions::{self, Found, Search};

use crate::error::ApiError;
use crate::state::AppState;

/// What a search finds: from the cache on the request's own thread when it is there (no
/// database work), otherwise from the database off the async workers.
pub async fn find(state: &AppState, search: Search) -> Result<Arc<Found>, ApiError> {
    if let Some(hit) = sessions::cached(&state.core, &search) {
        return Ok(hit);
    }
    state.run(move |core| sessions::find(core, &search)).await
}

/// A search's answer as JSON, made once and then served from those bytes: kept in the core's
/// cache beside what the search found (for the profile's `appointments.search_cache_seconds`,
/// and dropped with it whenever a booking, a cancellation or planning changes capacity), so a
/// repeated search costs neither the database nor serialising. `form` tells apart the answers
/// different endpoints make of one search.
pub async fn answer_json<T: Serialize>(
    state: &AppState,
    search: Search,
    form: &str,
    answer: impl FnOnce(&Found) -> Result<T, ApiError>,
) -> Result<HttpResponse, ApiError> {
    let key = sessions::answer_key(&search, form);
    let cache = &state.core.cache;
    if let Some(bytes) = cache.get::<Bytes>(&key) {
        return Ok(json_bytes(bytes));
    }
    let generation = cache.generation();
    let found = find(state, search).await?;
    let bytes = Bytes::from(serde_json::to_vec(&answer(&found)?).map_err(ApiError::internal)?);
    cache.insert_since(&key, state.core.search_ttl(), bytes.clone(), generation);
    Ok(json_bytes(bytes))
}

fn json_bytes(bytes: Bytes) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(ContentType::json())
        .body(bytes)
}
