//! Citizen accounts, one per mobile number. The number is stored as a keyed hash (to find
//! the account) and sealed with the server key (to read it back), never in plain text.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::accounts;
use crate::{DbConnection, Secrets, StoreResult};

/// A citizen account.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = accounts)]
pub struct Account {
    /// Internal key.
    pub id: i64,
    /// The mobile number sealed with the server key; read it with [`Account::mobile`].
    pub mobile_sealed: String,
    /// When the account was created.
    pub created_at: NaiveDateTime,
}

impl Account {
    /// The mobile number (calling code and national number, digits only).
    pub fn mobile(&self, secrets: &Secrets) -> StoreResult<String> {
        secrets.open_sealed_text(&self.mobile_sealed)
    }
}

/// The account of a mobile number, created on first login.
pub fn find_or_create(
    conn: &mut DbConnection,
    secrets: &Secrets,
    mobile: &str,
    now: NaiveDateTime,
) -> StoreResult<Account> {
    if let Some(a) = by_mobile(conn, secrets, mobile)? {
        return Ok(a);
    }
    let id: i64 = diesel::insert_into(accounts::table)
        .values((
            accounts::mobile_hash.eq(secrets.mobile_hash(mobile)),
            accounts::mobile_sealed.eq(secrets.seal_text(mobile)?),
            accounts::created_at.eq(now),
        ))
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

/// The account of a mobile number, if there is one (found by the number's keyed hash).
pub fn by_mobile(
    conn: &mut DbConnection,
    secrets: &Secrets,
    mobile: &str,
) -> StoreResult<Option<Account>> {
    Ok(accounts::table
        .filter(accounts::mobile_hash.eq(secrets.mobile_hash(mobile)))
        .select(Account::as_select())
        .first(conn)
        .optional()?)
}

/// Seals the mobile numbers stored in plain text before the migration `2026-12-02-000011`
/// (rows whose sealed copy is still empty); answers how many.
pub(crate) fn seal_plain_rows(conn: &mut DbConnection, secrets: &Secrets) -> StoreResult<usize> {
    let mut done = 0;
    loop {
        let batch: Vec<(i64, String)> = accounts::table
            .filter(accounts::mobile_sealed.eq(""))
            .order(accounts::id.asc())
            .limit(super::SEAL_BATCH)
            .select((accounts::id, accounts::mobile_hash))
            .load(conn)?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (id, mobile) in batch {
            diesel::update(accounts::table.find(id))
                .set((
                    accounts::mobile_hash.eq(secrets.mobile_hash(&mobile)),
                    accounts::mobile_sealed.eq(secrets.seal_text(&mobile)?),
                ))
                .execute(conn)?;
            done += 1;
        }
    }
}
