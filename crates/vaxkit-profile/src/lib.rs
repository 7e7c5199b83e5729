//! Country profiles for vaxkit: the TOML schema, loading with file:line diagnostics,
//! ID schemes with their check digits, the region tree, and the schedule engine.
//!
//! This crate is pure: it reads the profile folder and nothing else, knows no SQL or
//! HTTP, and never reads the clock — every rule about dates takes the day as a parameter.

pub mod checksum;
pub mod diagnostic;
mod document;
pub mod id;
mod load;
mod model;
pub mod notifications;
pub mod regions;
pub mod schedule;
pub mod schema;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use id::{IdCheck, IdProblem, IdScheme};
pub use load::{LoadOptions, PROFILE_VERSION, load, load_all};
pub use model::*;
pub use notifications::{EmailSender, NotificationSettings, Notifications, SmsGateway, SmsRoute};
pub use regions::{Region, Regions};
