//! Beneficiary records for administrators: the whole record with every dose (revoked
//! ones included), found by reference or by identity number, and merging duplicates
//! ([`vaxkit_core::corrections`]).

pub mod find;
pub mod merge;
pub mod show;
