//! Staff accounts: login, who am I, and creating and listing staff within one's scope.

pub mod login;
pub mod me;
pub mod users;

use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_store::repo::staff::StaffUser;

use crate::staff::Role;

/// A staff member as the API shows them (never the password hash).
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffOut {
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Role code.
    pub role: String,
    /// Region scope.
    pub region: Option<String>,
    /// Facility scope.
    pub facility: Option<String>,
    /// Whether the account may log in.
    pub active: bool,
}

impl From<StaffUser> for StaffOut {
    fn from(u: StaffUser) -> Self {
        Self {
            username: u.username,
            name: u.name,
            role: Role::parse(&u.role).map_or(u.role.clone(), |r| r.as_str().to_string()),
            region: u.region_code,
            facility: u.facility_code,
            active: u.active,
        }
    }
}
