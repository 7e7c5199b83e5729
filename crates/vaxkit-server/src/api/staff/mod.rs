//! Staff accounts: login, who am I, and creating and listing staff within one's scope
//! ([`vaxkit_core::staff`]).

pub mod login;
pub mod me;
pub mod users;
