//! Country profiles for vaxkit: the TOML schema, loading with file:line diagnostics,
//! ID schemes with their check digits, the region tree, and the routine-immunisation model with
//! its forecaster, of which the campaign products' rules are series too.
//!
//! This crate is pure: it reads the profile folder and nothing else, knows no SQL or
//! HTTP, and never reads the clock — every rule about dates takes the day as a parameter.

pub mod campaign;
pub mod checksum;
pub mod diagnostic;
pub mod digits;
mod document;
pub mod forecast;
pub mod id;
pub mod immunization;
mod load;
mod model;
pub mod notifications;
pub mod regions;
pub mod schedule;
pub mod schema;
pub mod schema_schedule;
pub mod span;
pub mod upgrade;

pub use diagnostic::{Diagnostic, Diagnostics};
pub use id::{IdCheck, IdProblem, IdScheme};
pub use load::{LoadOptions, PROFILE_VERSION, load, load_all};
pub use model::*;
pub use notifications::{EmailSender, NotificationSettings, Notifications, SmsGateway, SmsRoute};
pub use regions::{Region, Regions};
pub use span::Span;
