//! The staff side of the API: administration of facilities and sessions.

pub mod facilities;
pub mod sessions;
