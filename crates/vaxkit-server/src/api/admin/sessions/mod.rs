//! Sessions for administrators: plan a day or a range of days at a facility, see them
//! with their bookings, cancel one ([`vaxkit_core::planning`]).

pub mod cancel;
pub mod create;
pub mod list;
