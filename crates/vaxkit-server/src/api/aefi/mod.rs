//! Adverse events following immunisation: reported by citizens and staff, listed for
//! administrators ([`vaxkit_core::aefi`]).

pub mod list;
pub mod report;
