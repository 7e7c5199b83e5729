//! Facilities for administrators: create, change, close ([`vaxkit_core::facilities`], which
//! also serves the CSV import, `vaxkit import facilities`).

pub mod create;
pub mod list;
pub mod update;
