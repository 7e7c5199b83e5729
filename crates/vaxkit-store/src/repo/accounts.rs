//! Citizen accounts, one per mobile number.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::accounts;
use crate::{DbConnection, StoreResult};

/// A citizen account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    /// Internal key.
    pub id: i64,
    /// Mobile number with calling code, digits only.
    pub mobile: String,
    /// When the account was created.
    pub created_at: NaiveDateTime,
}

/// The account of a mobile number, created on first login.
pub fn find_or_create(
    conn: &mut DbConnection,
    mobile: &str,
    now: NaiveDateTime,
) -> StoreResult<Account> {
    if let Some(a) = accounts::table
        .filter(accounts::mobile.eq(mobile))
        .select(Account::as_select())
        .first(conn)
        .optional()?
    {
        return Ok(a);
    }
    let id: i64 = diesel::insert_into(accounts::table)
        .values((accounts::mobile.eq(mobile), accounts::created_at.eq(now)))
        .returning(accounts::id)
        .get_result(conn)?;
    // MultiConnection cannot return whole rows, so the new row is read back.
    Ok(accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)?)
}

/// The account with this key.
pub fn get(conn: &mut DbConnection, id: i64) -> StoreResult<Option<Account>> {
    Ok(accounts::table
        .find(id)
        .select(Account::as_select())
        .first(conn)
        .optional()?)
}

/// The account of a mobile number, if there is one.
pub fn by_mobile(conn: &mut DbConnection, mobile: &str) -> StoreResult<Option<Account>> {
    Ok(accounts::table
        .filter(accounts::mobile.eq(mobile))
        .select(Account::as_select())
        .first(conn)
        .optional()?)
}
