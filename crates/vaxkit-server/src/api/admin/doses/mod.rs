//! Corrections of recorded doses by national and region admins: change what was written
//! wrongly, or revoke a dose that should not stand ([`vaxkit_core::corrections`]).

pub mod correct;
pub mod revoke;
