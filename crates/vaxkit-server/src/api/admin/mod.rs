//! The staff side of the API: administration of facilities and sessions, and
//! corrections of people's records (doses corrected or revoked, duplicates merged).

pub mod beneficiaries;
pub mod doses;
pub mod facilities;
pub mod sessions;
