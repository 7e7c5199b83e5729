//! Staff accounts and their login tokens (only hashes of both are stored).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{staff_tokens, staff_users};
use crate::{DbConnection, StoreResult};

/// A staff member.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = staff_users)]
pub struct StaffUser {
    /// Internal key.
    pub id: i64,
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Argon2id hash (PHC string).
    pub password_hash: String,
    /// Role code: national_admin, region_admin, facility_admin, vaccinator, verifier, auditor.
    pub role: String,
    /// Region scope (profile code), for region-scoped roles.
    pub region_code: Option<String>,
    /// Facility scope (facility code), for facility-scoped roles.
    pub facility_code: Option<String>,
    /// Whether the account may log in.
    pub active: bool,
    /// When created.
    pub created_at: NaiveDateTime,
}

/// A staff member to create.
#[derive(Debug, Clone)]
pub struct NewStaff {
    /// Login name.
    pub username: String,
    /// Full name.
    pub name: String,
    /// Argon2id hash.
    pub password_hash: String,
    /// Role code.
    pub role: String,
    /// Region scope.
    pub region_code: Option<String>,
    /// Facility scope.
    pub facility_code: Option<String>,
}

/// Creates a staff member; a taken username is a unique violation.
pub fn insert(conn: &mut DbConnection, s: &NewStaff, now: NaiveDateTime) -> StoreResult<StaffUser> {
    let id: i64 = diesel::insert_into(staff_users::table)
        .values((
            staff_users::username.eq(&s.username),
            staff_users::name.eq(&s.name),
            staff_users::password_hash.eq(&s.password_hash),
            staff_users::role.eq(&s.role),
            staff_users::region_code.eq(&s.region_code),
            staff_users::facility_code.eq(&s.facility_code),
            staff_users::active.eq(true),
            staff_users::created_at.eq(now),
        ))
        .returning(staff_users::id)
        .get_result(conn)?;
    // MultiConnection cannot return whole rows, so the new row is read back.
    Ok(staff_users::table
        .find(id)
        .select(StaffUser::as_select())
        .first(conn)?)
}

/// The staff member with this username.
pub fn by_username(conn: &mut DbConnection, username: &str) -> StoreResult<Option<StaffUser>> {
    Ok(staff_users::table
        .filter(staff_users::username.eq(username))
        .select(StaffUser::as_select())
        .first(conn)
        .optional()?)
}

/// The staff member with this key.
pub fn get(conn: &mut DbConnection, id: i64) -> StoreResult<Option<StaffUser>> {
    Ok(staff_users::table
        .find(id)
        .select(StaffUser::as_select())
        .first(conn)
        .optional()?)
}

/// Every staff member, by username.
pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<StaffUser>> {
    Ok(staff_users::table
        .order(staff_users::username)
        .select(StaffUser::as_select())
        .load(conn)?)
}

/// Replaces a staff member's password hash (the same password hashed at another cost).
pub fn set_password_hash(conn: &mut DbConnection, id: i64, hash: &str) -> StoreResult<()> {
    diesel::update(staff_users::table.find(id))
        .set(staff_users::password_hash.eq(hash))
        .execute(conn)?;
    Ok(())
}

/// Lets a staff member log in again (`true`) or no longer (`false`).
pub fn set_active(conn: &mut DbConnection, id: i64, active: bool) -> StoreResult<()> {
    diesel::update(staff_users::table.find(id))
        .set(staff_users::active.eq(active))
        .execute(conn)?;
    Ok(())
}

/// Ends every login of a staff member; answers how many there were.
pub fn delete_tokens(conn: &mut DbConnection, staff_id: i64) -> StoreResult<usize> {
    Ok(
        diesel::delete(staff_tokens::table.filter(staff_tokens::staff_id.eq(staff_id)))
            .execute(conn)?,
    )
}

/// Stores a login token's hash.
pub fn create_token(
    conn: &mut DbConnection,
    token_hash: &str,
    staff_id: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(staff_tokens::table)
        .values((
            staff_tokens::token_hash.eq(token_hash),
            staff_tokens::staff_id.eq(staff_id),
            staff_tokens::created_at.eq(now),
            staff_tokens::last_used_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The token with this hash: (token key, staff key, last use).
pub fn find_token(
    conn: &mut DbConnection,
    token_hash: &str,
) -> StoreResult<Option<(i64, i64, NaiveDateTime)>> {
    Ok(staff_tokens::table
        .filter(staff_tokens::token_hash.eq(token_hash))
        .select((
            staff_tokens::id,
            staff_tokens::staff_id,
            staff_tokens::last_used_at,
        ))
        .first(conn)
        .optional()?)
}

/// The token with this hash and the staff member it belongs to, in one query: (token key,
/// last use, staff member).
pub fn token_with_user(
    conn: &mut DbConnection,
    token_hash: &str,
) -> StoreResult<Option<(i64, NaiveDateTime, StaffUser)>> {
    Ok(staff_tokens::table
        .inner_join(staff_users::table)
        .filter(staff_tokens::token_hash.eq(token_hash))
        .select((
            staff_tokens::id,
            staff_tokens::last_used_at,
            StaffUser::as_select(),
        ))
        .first(conn)
        .optional()?)
}

/// Records use of a token.
pub fn touch_token(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(staff_tokens::table.find(id))
        .set(staff_tokens::last_used_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Ends a login.
pub fn delete_token(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::delete(staff_tokens::table.find(id)).execute(conn)?;
    Ok(())
}

/// Forgets a staff member's logins unused since `before` (long expired): kept until then so that
/// a client still sending one is told its login expired rather than that it is unknown.
pub fn forget_unused_tokens(
    conn: &mut DbConnection,
    staff_id: i64,
    before: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::delete(
        staff_tokens::table
            .filter(staff_tokens::staff_id.eq(staff_id))
            .filter(staff_tokens::last_used_at.lt(before)),
    )
    .execute(conn)?)
}
