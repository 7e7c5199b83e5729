//! Staff roles, their scope (a region and everything under it, or one facility), and
//! password hashing. Every staff endpoint asks [`Staff`] whether the person may act
//! there; nothing is decided by the client.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use vaxkit_profile::Profile;
use vaxkit_store::keys::token_hash;
use vaxkit_store::repo::staff;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// Minutes without a request after which a staff login expires.
pub const STAFF_IDLE_MINUTES: i64 = 120;

/// What a staff member may do.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything, everywhere.
    NationalAdmin,
    /// Facilities, sessions, staff and reports of a region and everything under it.
    RegionAdmin,
    /// Sessions and vaccinators of one facility.
    FacilityAdmin,
    /// Records doses at one facility.
    Vaccinator,
    /// Verifies certificates only.
    Verifier,
    /// Reads reports and the audit log, changes nothing.
    Auditor,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::NationalAdmin,
        Role::RegionAdmin,
        Role::FacilityAdmin,
        Role::Vaccinator,
        Role::Verifier,
        Role::Auditor,
    ];

    /// The stable code.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::NationalAdmin => "national_admin",
            Role::RegionAdmin => "region_admin",
            Role::FacilityAdmin => "facility_admin",
            Role::Vaccinator => "vaccinator",
            Role::Verifier => "verifier",
            Role::Auditor => "auditor",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == code)
    }

    /// What scope the role needs: a region, a facility, or none.
    pub fn scope(self) -> ScopeKind {
        match self {
            Role::NationalAdmin | Role::Verifier => ScopeKind::None,
            Role::RegionAdmin => ScopeKind::Region,
            Role::FacilityAdmin | Role::Vaccinator => ScopeKind::Facility,
            // Auditors read nationally unless given a region.
            Role::Auditor => ScopeKind::OptionalRegion,
        }
    }
}

/// The kind of scope a role carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    /// National.
    None,
    /// One region and everything under it.
    Region,
    /// National or one region.
    OptionalRegion,
    /// One facility.
    Facility,
}

/// Checks that a role comes with the scope it needs, and that the scope exists in the profile
/// (regions) — facilities are checked by the caller against the database.
pub fn check_scope(
    profile: &Profile,
    role: Role,
    region: Option<&str>,
    facility: Option<&str>,
) -> Result<(), String> {
    match (role.scope(), region, facility) {
        (ScopeKind::None, None, None) | (ScopeKind::OptionalRegion, None, None) => Ok(()),
        (ScopeKind::Region | ScopeKind::OptionalRegion, Some(r), None) => {
            if profile.regions.get(r).is_some() {
                Ok(())
            } else {
                Err(format!("region `{r}` is not in the profile"))
            }
        }
        (ScopeKind::Facility, None, Some(_)) => Ok(()),
        (ScopeKind::Region, _, _) => Err(format!(
            "a {} needs --region CODE (and no --facility)",
            role.as_str()
        )),
        (ScopeKind::Facility, _, _) => Err(format!(
            "a {} needs --facility CODE (and no --region)",
            role.as_str()
        )),
        _ => Err(format!(
            "a {} has no region or facility scope",
            role.as_str()
        )),
    }
}

/// Hashes a password with Argon2id and a fresh salt (PHC string).
pub fn hash_password(password: &str) -> Result<String, String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

/// Whether a password matches a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A password good enough to protect personal data: at least 12 characters.
pub fn check_password_strength(password: &str) -> Result<(), String> {
    if password.chars().count() < 12 {
        return Err("the password needs at least 12 characters".into());
    }
    Ok(())
}

/// How stale a login's last use may get before a request records a new one.
pub const TOUCH_EVERY_SECONDS: i64 = 60;

/// A logged-in staff member.
#[derive(Debug, Clone)]
pub struct Staff {
    /// Staff key.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Region scope.
    pub region: Option<String>,
    /// Facility scope.
    pub facility: Option<String>,
    /// The token's key (for logout).
    pub token_id: i64,
}

impl Staff {
    /// The audit-log actor name.
    pub fn actor(&self) -> String {
        format!("staff:{}", self.username)
    }

    /// Refuses unless the role is one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ErrorCode::Forbidden.into())
        }
    }

    /// Whether a region (by code) lies within this staff member's scope.
    pub fn covers_region(&self, profile: &Profile, region: &str) -> bool {
        match (&self.region, &self.facility, self.role) {
            (_, _, Role::NationalAdmin) => true,
            (None, None, Role::Auditor) => true,
            (Some(scope), _, _) => profile.regions.is_within(region, scope),
            _ => false,
        }
    }

    /// Whether a facility (by code, with its region code) lies within the scope.
    pub fn covers_facility(
        &self,
        profile: &Profile,
        facility: &str,
        facility_region: &str,
    ) -> bool {
        match &self.facility {
            Some(own) => own == facility,
            None => self.covers_region(profile, facility_region),
        }
    }
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = crate::extractors::bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("Staff used without AppState"))?;
            let token = token
                .filter(|t| !t.is_empty())
                .ok_or(ErrorCode::Unauthorized)?;
            let hash = token_hash(&format!("staff:{token}"));
            let now = state.clock.now().naive_utc();
            // Read on a reader connection; write only to end an expired login or to move
            // `last_used_at` on (at most once a minute), so a busy vaccinator's requests do not
            // each queue for the writer.
            let (token_id, user, last_used) = state
                .read_checked(move |c| {
                    let (token_id, staff_id, last_used) =
                        staff::find_token(c, &hash)?.ok_or(ErrorCode::Unauthorized)?;
                    let user = staff::get(c, staff_id)?
                        .filter(|u| u.active)
                        .ok_or(ErrorCode::Unauthorized)?;
                    Ok((token_id, user, last_used))
                })
                .await?;
            if now - last_used > chrono::Duration::minutes(STAFF_IDLE_MINUTES) {
                crate::api::transact(&state, move |c| {
                    staff::delete_token(c, token_id)?;
                    Ok(())
                })
                .await?;
                return Err(ErrorCode::SessionExpired.into());
            }
            if now - last_used >= chrono::Duration::seconds(TOUCH_EVERY_SECONDS) {
                crate::api::transact(&state, move |c| {
                    staff::touch_token(c, token_id, now)?;
                    Ok(())
                })
                .await?;
            }
            let role = Role::parse(&user.role)
                .ok_or_else(|| ApiError::internal("unknown role in database"))?;
            Ok(Staff {
                id: user.id,
                username: user.username,
                role,
                region: user.region_code,
                facility: user.facility_code,
                token_id,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_hash_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterx", &h));
        assert!(!verify_password("x", "not a hash"));
        assert_ne!(
            hash_password("same").unwrap(),
            hash_password("same").unwrap(),
            "salted"
        );
    }

    #[test]
    fn roles_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("root"), None);
    }
}
