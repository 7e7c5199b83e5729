//! Finding a place: sessions by region or postal code for a day, and a facility's week
//! ([`vaxkit_core::sessions`]).

pub mod calendar;
pub mod search;

use std::sync::Arc;

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
