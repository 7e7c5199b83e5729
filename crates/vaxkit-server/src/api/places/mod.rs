//! Where people can go: the region tree and vaccination centres ([`vaxkit_core::places`]).

pub mod facilities;
pub mod regions;
