//! Staff: roles, their scope (a region and everything under it, or one facility), passwords,
//! logging in, and creating and listing staff within one's scope. Every staff use case asks
//! [`StaffMember`] whether the person may act there; nothing is decided by the client.

use argon2::Argon2;
use argon2::password_hash::{
    PasswordHash, PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng,
};
use std::sync::PoisonError;

use chrono::{DateTime, Utc};
use serde::Serialize;
use vaxkit_i18n::Message;
use vaxkit_profile::Profile;
use vaxkit_store::keys::token_hash;
use vaxkit_store::repo::{facilities, staff};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::error::{Error, ErrorCode, Result};
use crate::token_cache::KnownToken;

/// Minutes without a request after which a staff login expires.
pub const STAFF_IDLE_MINUTES: i64 = 120;

pub use crate::token_cache::{TOKEN_CACHE_SECONDS, TOUCH_EVERY_SECONDS};

/// What a staff member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
/// (regions) — facilities are checked against the database when the account is created.
pub fn check_scope(
    profile: &Profile,
    role: Role,
    region: Option<&str>,
    facility: Option<&str>,
) -> Result<()> {
    let refuse =
        |reason: Message| Err(Error::new(ErrorCode::InvalidScope).with_arg("reason", reason));
    let with_role = |id: &str| Message::new(id).with("role", role.as_str());
    match (role.scope(), region, facility) {
        (ScopeKind::None, None, None) | (ScopeKind::OptionalRegion, None, None) => Ok(()),
        (ScopeKind::Region | ScopeKind::OptionalRegion, Some(r), None) => {
            if profile.regions.get(r).is_some() {
                Ok(())
            } else {
                refuse(Message::new("scope-unknown-region").with("region", r))
            }
        }
        (ScopeKind::Facility, None, Some(_)) => Ok(()),
        (ScopeKind::Region, _, _) => refuse(with_role("scope-needs-region")),
        (ScopeKind::Facility, _, _) => refuse(with_role("scope-needs-facility")),
        _ => refuse(with_role("scope-needs-nothing")),
    }
}

/// Password hashes computed at once, at most. Each takes its hash's memory cost (7 MiB for the
/// hashes made now, 19 MiB for those made before: [`MEMORY_KIB`]), which the C allocator keeps
/// once given: sixteen vaccinators logging in together held 300 MB. Staff log in seldom; the
/// others wait their turn.
pub const HASHES_AT_ONCE: usize = 2;

/// Turns for password hashing: at most [`HASHES_AT_ONCE`] run at a time.
struct Turns {
    running: std::sync::Mutex<usize>,
    freed: std::sync::Condvar,
}

static HASHING: Turns = Turns {
    running: std::sync::Mutex::new(0),
    freed: std::sync::Condvar::new(),
};

impl Turns {
    /// Runs `f` once fewer than [`HASHES_AT_ONCE`] others run.
    fn run<T>(&self, f: impl FnOnce() -> T) -> T {
        let lock = || self.running.lock().unwrap_or_else(PoisonError::into_inner);
        {
            let mut running = lock();
            while *running >= HASHES_AT_ONCE {
                running = self
                    .freed
                    .wait(running)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            *running += 1;
        }
        /// Gives the turn back however `f` ends.
        struct Done<'a>(&'a Turns);
        impl Drop for Done<'_> {
            fn drop(&mut self) {
                let mut running = self
                    .0
                    .running
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                *running = running.saturating_sub(1);
                self.0.freed.notify_one();
            }
        }
        let _done = Done(self);
        f()
    }
}

/// Argon2id memory cost of new password hashes, in KiB: 7 MiB with [`PASSES`] passes is one of
/// the settings OWASP's password storage guidance gives as equal in strength to 19 MiB with two
/// (the crate's default), and a login then holds a third of the memory.
pub const MEMORY_KIB: u32 = 7 * 1024;

/// Argon2id passes over the memory of new password hashes (see [`MEMORY_KIB`]).
pub const PASSES: u32 = 5;

/// The Argon2id hasher of new passwords. A stored hash is checked with the cost written in it,
/// so hashes made at an earlier cost still verify.
fn hasher() -> Argon2<'static> {
    match argon2::Params::new(MEMORY_KIB, PASSES, 1, None) {
        Ok(params) => Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params),
        Err(_) => Argon2::default(),
    }
}

/// Hashes a password with Argon2id and a fresh salt (PHC string).
pub fn hash_password(password: &str) -> Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    HASHING.run(|| {
        hasher()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(Error::internal)
    })
}

/// Whether a stored hash was made at another cost than new ones (or cannot be read): the
/// password is hashed again when its owner next logs in.
pub fn hashed_at_another_cost(hash: &str) -> bool {
    PasswordHash::new(hash).map_or(true, |h| {
        h.params.get_decimal("m") != Some(MEMORY_KIB) || h.params.get_decimal("t") != Some(PASSES)
    })
}

/// Whether a password matches a stored hash.
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .is_ok_and(|h| HASHING.run(|| hasher().verify_password(password.as_bytes(), &h).is_ok()))
}

/// A password good enough to protect personal data: at least 12 characters.
pub fn check_password_strength(password: &str) -> Result<()> {
    if password.chars().count() < 12 {
        return Err(ErrorCode::WeakPassword.into());
    }
    Ok(())
}

/// A login name: 3 to 64 ASCII letters, digits, `.`, `_` or `-`.
pub fn check_username(username: &str) -> Result<()> {
    let ok = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidUsername.into())
    }
}

/// A logged-in staff member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMember {
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

impl StaffMember {
    /// Refuses unless the role is one of `roles`.
    pub fn require(&self, roles: &[Role]) -> Result<()> {
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

/// A staff member as answers show them (never the password hash).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = StaffOut))]
pub struct StaffView {
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

impl From<staff::StaffUser> for StaffView {
    fn from(u: staff::StaffUser) -> Self {
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

/// A new staff account as an administrator or the operator describes it.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Initial password.
    pub password: String,
    /// Role.
    pub role: Role,
    /// Region scope.
    pub region: Option<String>,
    /// Facility scope.
    pub facility: Option<String>,
}

/// A staff login: the bearer token (only its hash is stored) and its idle expiry.
#[derive(Debug, Clone)]
pub struct StaffToken {
    /// The token.
    pub token: String,
    /// Minutes of inactivity after which it expires.
    pub idle_minutes: i64,
}

/// The hash a staff token is stored and looked up by (apart from citizens' tokens).
fn staff_token_hash(token: &str) -> String {
    token_hash(&format!("staff:{token}"))
}

/// Staff tokens checked in the last seconds: the token's holder as read with it.
pub type TokenCache = crate::token_cache::TokenCache<staff::StaffUser>;

/// The staff member a bearer token belongs to, if it is known, active and not idle for longer
/// than [`STAFF_IDLE_MINUTES`] (an idle login stays expired: `session_expired` every time it is
/// sent). The token and its account are read in one query on a reader connection and then
/// answered from memory for [`TOKEN_CACHE_SECONDS`]; the token is written only to move its last
/// use on (at most once a minute), so a busy vaccinator's requests do not each queue for the
/// writer.
pub fn authenticate(core: &Core, token: &str, now: DateTime<Utc>) -> Result<StaffMember> {
    let token = token.trim();
    if token.is_empty() {
        return Err(ErrorCode::Unauthorized.into());
    }
    let hash = staff_token_hash(token);
    let at = now.naive_utc();
    let known = core
        .staff_tokens
        .get_or_read(&hash, || {
            core.read(|c| {
                Ok(
                    staff::token_with_user(c, &hash)?.map(|(token_id, last_used, user)| {
                        KnownToken {
                            token_id,
                            last_used,
                            user,
                        }
                    }),
                )
            })
        })?
        .ok_or(ErrorCode::Unauthorized)?;
    if !known.user.active {
        return Err(ErrorCode::Unauthorized.into());
    }
    core.staff_tokens.use_at(
        &hash,
        &known,
        at,
        chrono::Duration::minutes(STAFF_IDLE_MINUTES),
        |id| Ok(core.store.write(|c| staff::touch_token(c, id, at))?),
    )?;
    let user = known.user;
    let role =
        Role::parse(&user.role).ok_or_else(|| Error::internal("unknown role in database"))?;
    Ok(StaffMember {
        id: user.id,
        username: user.username,
        role,
        region: user.region_code,
        facility: user.facility_code,
        token_id: known.token_id,
    })
}

/// Logs a staff member in from an unknown source (a front end that cannot tell clients apart);
/// see [`login_from`].
pub fn login(
    core: &Core,
    username: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<StaffToken> {
    login_from(core, username, password, "", now)
}

/// Logs a staff member in from `source` (the client's address). Wrong passwords slow that
/// username from that source down, within bounds ([`crate::lockout`]); an unknown username costs
/// the same password check as a known one, so the answer's timing does not say which exist.
pub fn login_from(
    core: &Core,
    username: &str,
    password: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<StaffToken> {
    core.logins.check(username, source, now)?;
    let user = core.store.read(|c| staff::by_username(c, username))?;
    core.logins.count_password_check();
    let right = match &user {
        Some(u) => verify_password(password, &u.password_hash) && u.active,
        None => {
            let _ = verify_password(password, dummy_hash());
            false
        }
    };
    let Some(user) = user.filter(|_| right) else {
        core.logins.failed(username, source, now);
        return Err(ErrorCode::InvalidCredentials.into());
    };
    core.logins.succeeded(username, source);
    // A password hashed at an earlier cost is hashed again at today's, now that it is known.
    let rehashed = if hashed_at_another_cost(&user.password_hash) {
        hash_password(password).ok()
    } else {
        None
    };
    let token = vaxkit_store::repo::random_hex(32);
    let hash = staff_token_hash(&token);
    let now = now.naive_utc();
    core.store.write(|c| {
        if let Some(rehashed) = &rehashed {
            staff::set_password_hash(c, user.id, rehashed)?;
        }
        staff::create_token(c, &hash, user.id, now)?;
        staff::forget_unused_tokens(
            c,
            user.id,
            now - chrono::Duration::days(crate::auth::FORGET_AFTER_DAYS),
        )
    })?;
    Ok(StaffToken {
        token,
        idle_minutes: STAFF_IDLE_MINUTES,
    })
}

/// A hash of a password nobody has, made like every stored one, checked for usernames that do
/// not exist.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| {
        let salt = SaltString::generate(&mut OsRng);
        hasher()
            .hash_password(random_password().as_bytes(), &salt)
            .map(|h| h.to_string())
            .unwrap_or_default()
    })
}

fn random_password() -> String {
    vaxkit_store::repo::random_hex(16)
}

/// Ends a staff login: from then on this node refuses its token (see [`TokenCache`]).
pub fn logout(core: &Core, me: &StaffMember) -> Result<()> {
    core.store.write(|c| staff::delete_token(c, me.token_id))?;
    core.staff_tokens
        .revoke_where(|k| k.token_id == me.token_id);
    Ok(())
}

/// The logged-in staff member's own account.
pub fn me(core: &Core, me: &StaffMember) -> Result<StaffView> {
    let user = core
        .store
        .read(|c| staff::get(c, me.id))?
        .ok_or(ErrorCode::Unauthorized)?;
    Ok(StaffView::from(user))
}

/// The staff within the actor's scope. A national admin sees anyone; a region admin, staff of
/// its region and its facilities; a facility admin, the staff of its facility.
pub fn list(core: &Core, actor: &Actor) -> Result<Vec<StaffView>> {
    let me = actor.staff(&[
        Role::NationalAdmin,
        Role::RegionAdmin,
        Role::FacilityAdmin,
        Role::Auditor,
    ])?;
    let (users, facility_regions) = core.store.read(|c| {
        let users = staff::all(c)?;
        let mut regions = std::collections::HashMap::new();
        for code in users.iter().filter_map(|u| u.facility_code.clone()) {
            if let Some((_, region)) = facilities::by_code(c, &code)? {
                regions.insert(code, region);
            }
        }
        Ok((users, regions))
    })?;
    let profile = &core.profile;
    Ok(users
        .into_iter()
        .filter(|u| match (&u.facility_code, &u.region_code) {
            (Some(f), _) => facility_regions
                .get(f)
                .is_some_and(|r| me.covers_facility(profile, f, r)),
            (None, Some(r)) => me.role != Role::FacilityAdmin && me.covers_region(profile, r),
            (None, None) => {
                matches!(me.role, Role::NationalAdmin)
                    || (me.role == Role::Auditor && me.region.is_none())
            }
        })
        .map(StaffView::from)
        .collect())
}

/// Creates a staff account within the actor's scope, recorded in the audit log. Nobody creates
/// a role above their own; the operator at the command line may create any (the first national
/// administrator is made that way).
pub fn create(core: &Core, actor: &Actor, new: NewStaff, now: DateTime<Utc>) -> Result<StaffView> {
    let me = match actor {
        Actor::Cli => None,
        _ => Some(actor.staff(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])?),
    };
    check_username(&new.username)?;
    check_password_strength(&new.password)?;
    check_scope(
        &core.profile,
        new.role,
        new.region.as_deref(),
        new.facility.as_deref(),
    )?;
    if !may_manage(me, new.role, new.region.as_deref()) {
        return Err(ErrorCode::Forbidden.into());
    }
    let hash = hash_password(&new.password)?;
    let profile = &core.profile;
    let at = now.naive_utc();
    core.write(|c| {
        let in_scope = match (&new.facility, &new.region) {
            (Some(f), _) => match facilities::by_code(c, f)? {
                Some((_, region)) => me.is_none_or(|m| m.covers_facility(profile, f, &region)),
                // A caller with a scope is refused an unknown facility as one outside it, so
                // the answer does not tell whether a facility code exists.
                None if me.is_some_and(|m| m.role != Role::NationalAdmin) => false,
                None => return Err(ErrorCode::FacilityNotFound.into()),
            },
            (None, Some(r)) => me.is_none_or(|m| m.covers_region(profile, r)),
            (None, None) => me.is_none_or(|m| m.role == Role::NationalAdmin),
        };
        if !in_scope {
            return Err(ErrorCode::Forbidden.into());
        }
        let row = staff::NewStaff {
            username: new.username.clone(),
            name: new.name.trim().to_string(),
            password_hash: hash.clone(),
            role: new.role.as_str().to_string(),
            region_code: new.region.clone(),
            facility_code: new.facility.clone(),
        };
        let user = match staff::insert(c, &row, at) {
            Err(e) if e.is_unique_violation() => return Err(ErrorCode::UsernameTaken.into()),
            other => other?,
        };
        let out = StaffView::from(user);
        audit::record(
            c,
            at,
            actor,
            Action::StaffCreate,
            &out.username,
            None,
            audit::json(&out),
        )?;
        Ok(out)
    })
}

/// Whether `me` may act on an account of `role` (create it, disable it): nobody acts on a role
/// above their own; the operator (`None`) on any.
fn may_manage(me: Option<&StaffMember>, role: Role, region: Option<&str>) -> bool {
    match me.map(|m| m.role) {
        None | Some(Role::NationalAdmin) => true,
        Some(Role::RegionAdmin) => match role {
            Role::NationalAdmin | Role::Verifier => false,
            Role::Auditor => region.is_some(),
            _ => true,
        },
        Some(Role::FacilityAdmin) => role == Role::Vaccinator,
        Some(_) => false,
    }
}

/// Disables a staff account within the actor's scope and ends its logins at once, recorded in
/// the audit log: it can no longer log in, and a token it holds is refused from the next
/// request. The same roles as [`create`] may do it, on the accounts they could have created;
/// nobody disables their own account. Disabling a disabled account changes nothing.
pub fn disable(
    core: &Core,
    actor: &Actor,
    username: &str,
    now: DateTime<Utc>,
) -> Result<StaffView> {
    let me = match actor {
        Actor::Cli => None,
        _ => Some(actor.staff(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])?),
    };
    if me.is_some_and(|m| m.username == username) {
        return Err(ErrorCode::Forbidden.into());
    }
    let profile = &core.profile;
    let at = now.naive_utc();
    let (staff_id, after) = core.write(|c| {
        // An account outside the scope is answered as one that does not exist.
        let user = staff::by_username(c, username)?.ok_or(ErrorCode::NotFound)?;
        let role = Role::parse(&user.role).ok_or(ErrorCode::NotFound)?;
        let in_scope = match (&user.facility_code, &user.region_code) {
            (Some(f), _) => match facilities::by_code(c, f)? {
                Some((_, region)) => me.is_none_or(|m| m.covers_facility(profile, f, &region)),
                None => me.is_none_or(|m| m.role == Role::NationalAdmin),
            },
            (None, Some(r)) => {
                me.is_none_or(|m| m.role != Role::FacilityAdmin && m.covers_region(profile, r))
            }
            (None, None) => me.is_none_or(|m| m.role == Role::NationalAdmin),
        };
        if !in_scope {
            return Err(ErrorCode::NotFound.into());
        }
        if !may_manage(me, role, user.region_code.as_deref()) {
            return Err(ErrorCode::Forbidden.into());
        }
        let before = StaffView::from(user.clone());
        if user.active {
            staff::set_active(c, user.id, false)?;
        }
        let ended = staff::delete_tokens(c, user.id)?;
        let after = StaffView {
            active: false,
            ..before.clone()
        };
        if user.active || ended > 0 {
            audit::record(
                c,
                at,
                actor,
                Action::StaffDisable,
                &after.username,
                audit::json(&before),
                audit::json(&after),
            )?;
        }
        Ok((user.id, after))
    })?;
    // This node refuses the account's tokens at once, not when its memory of them expires.
    core.staff_tokens.revoke_where(|k| k.user.id == staff_id);
    Ok(after)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_passwords_are_hashed_at_the_lower_memory_cost_and_old_hashes_still_verify() {
        let hash = hash_password("correct horse battery").unwrap();
        let parsed = PasswordHash::new(&hash).unwrap();
        assert_eq!(parsed.algorithm.as_str(), "argon2id");
        assert_eq!(parsed.params.get_decimal("m"), Some(MEMORY_KIB));
        assert_eq!(parsed.params.get_decimal("t"), Some(PASSES));
        assert!(verify_password("correct horse battery", &hash));
        assert!(!verify_password("correct horse battery!", &hash));
        // A hash made at the crate's default cost (19 MiB, two passes), as every hash stored
        // before was.
        let salt = SaltString::generate(&mut OsRng);
        let old = Argon2::default()
            .hash_password(b"an older password", &salt)
            .unwrap()
            .to_string();
        assert!(old.contains("m=19456,t=2"), "{old}");
        assert!(verify_password("an older password", &old));
        assert!(!verify_password("another password", &old));
    }

    #[test]
    fn no_more_than_two_passwords_are_hashed_at_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let (now, most, done) = (
            AtomicUsize::new(0),
            AtomicUsize::new(0),
            AtomicUsize::new(0),
        );
        std::thread::scope(|scope| {
            for _ in 0..8 {
                scope.spawn(|| {
                    HASHING.run(|| {
                        let running = now.fetch_add(1, Ordering::SeqCst) + 1;
                        most.fetch_max(running, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(20));
                        now.fetch_sub(1, Ordering::SeqCst);
                    });
                    done.fetch_add(1, Ordering::SeqCst);
                });
            }
        });
        assert_eq!(done.load(Ordering::SeqCst), 8, "every one had its turn");
        let most = most.load(Ordering::SeqCst);
        assert!((1..=HASHES_AT_ONCE).contains(&most), "{most} at once");
    }

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

    #[test]
    fn usernames_are_checked() {
        assert!(check_username("asha.k-1_x").is_ok());
        for bad in ["ab", "has space", "ünï", &"x".repeat(65)] {
            assert_eq!(
                check_username(bad).unwrap_err().code(),
                ErrorCode::InvalidUsername,
                "{bad}"
            );
        }
    }
}
