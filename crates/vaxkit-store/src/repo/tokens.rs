//! Bearer tokens of logged-in citizens; only their hashes are stored.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::repo::accounts::Account;
use crate::schema::{accounts, auth_tokens as tokens};
use crate::{DbConnection, StoreResult};

/// A login session.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = tokens)]
pub struct AuthToken {
    /// Internal key.
    pub id: i64,
    /// SHA-256 of the token.
    pub token_hash: String,
    /// The account logged in.
    pub account_id: i64,
    /// When the login happened.
    pub created_at: NaiveDateTime,
    /// Last request made with it.
    pub last_used_at: NaiveDateTime,
}

/// Stores a new token.
pub fn create(
    conn: &mut DbConnection,
    token_hash: &str,
    account_id: i64,
    now: NaiveDateTime,
) -> StoreResult<()> {
    diesel::insert_into(tokens::table)
        .values((
            tokens::token_hash.eq(token_hash),
            tokens::account_id.eq(account_id),
            tokens::created_at.eq(now),
            tokens::last_used_at.eq(now),
        ))
        .execute(conn)?;
    Ok(())
}

/// The token with this hash.
pub fn find(conn: &mut DbConnection, token_hash: &str) -> StoreResult<Option<AuthToken>> {
    Ok(tokens::table
        .filter(tokens::token_hash.eq(token_hash))
        .select(AuthToken::as_select())
        .first(conn)
        .optional()?)
}

/// The token with this hash and its account, in one query.
pub fn with_account(
    conn: &mut DbConnection,
    token_hash: &str,
) -> StoreResult<Option<(AuthToken, Account)>> {
    Ok(tokens::table
        .inner_join(accounts::table)
        .filter(tokens::token_hash.eq(token_hash))
        .select((AuthToken::as_select(), Account::as_select()))
        .first(conn)
        .optional()?)
}

/// Records use of a token.
pub fn touch(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<()> {
    diesel::update(tokens::table.find(id))
        .set(tokens::last_used_at.eq(now))
        .execute(conn)?;
    Ok(())
}

/// Ends a login.
pub fn delete(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::delete(tokens::table.find(id)).execute(conn)?;
    Ok(())
}

/// Forgets an account's logins unused since `before` (long expired): kept until then so that a
/// client still sending one is told its login expired rather than that it is unknown.
pub fn forget_unused(
    conn: &mut DbConnection,
    account_id: i64,
    before: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::delete(
        tokens::table
            .filter(tokens::account_id.eq(account_id))
            .filter(tokens::last_used_at.lt(before)),
    )
    .execute(conn)?)
}
