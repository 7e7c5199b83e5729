//! People registered under a citizen's account: [`vaxkit_core::registration`].

pub mod correct;
pub mod create;
pub mod list;
pub mod remove;
