//! The staff side of the API: administration of facilities (more resources follow).

pub mod facilities;
