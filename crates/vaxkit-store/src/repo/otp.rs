//! One-time login codes; only their hashes are stored. The mobile number a code went to is
//! stored as a keyed hash (to count the codes sent to it) and sealed with the server key.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::otp_challenges as otp;
use crate::{DbConnection, Secrets, StoreResult};

/// A login code sent to a mobile number.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = otp)]
pub struct OtpChallenge {
    /// Internal key.
    pub id: i64,
    /// The public transaction id the client confirms against.
    pub txn_id: String,
    /// The mobile number it was sent to, sealed with the server key; read it with
    /// [`OtpChallenge::mobile`].
    pub mobile_sealed: String,
    /// Keyed hash of the transaction id and the SHA-256 digest of the code.
    pub code_hash: String,
    /// Wrong tries so far.
    pub attempts: i64,
    /// Whether it was already used.
    pub used: bool,
    /// When it was sent.
    pub created_at: NaiveDateTime,
    /// When it stops being valid.
    pub expires_at: NaiveDateTime,
}

impl OtpChallenge {
    /// The mobile number the code was sent to.
    pub fn mobile(&self, secrets: &Secrets) -> StoreResult<String> {
        secrets.open_sealed_text(&self.mobile_sealed)
    }
}

/// Stores a new challenge.
pub fn create(
    conn: &mut DbConnection,
    secrets: &Secrets,
    txn_id: &str,
    mobile: &str,
    code_hash: &str,
    now: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> StoreResult<OtpChallenge> {
    let id: i64 = diesel::insert_into(otp::table)
        .values((
            otp::txn_id.eq(txn_id),
            otp::mobile_hash.eq(secrets.mobile_hash(mobile)),
            otp::mobile_sealed.eq(secrets.seal_text(mobile)?),
            otp::code_hash.eq(code_hash),
            otp::created_at.eq(now),
            otp::expires_at.eq(expires_at),
        ))
        .returning(otp::id)
        .get_result(conn)?;
    // MultiConnection cannot return whole rows, so the new row is read back.
    Ok(otp::table
        .find(id)
        .select(OtpChallenge::as_select())
        .first(conn)?)
}

/// How many codes went to a number since an instant, and when the latest went.
pub fn sent_since(
    conn: &mut DbConnection,
    secrets: &Secrets,
    mobile: &str,
    since: NaiveDateTime,
) -> StoreResult<(i64, Option<NaiveDateTime>)> {
    let hash = secrets.mobile_hash(mobile);
    let count = otp::table
        .filter(otp::mobile_hash.eq(&hash))
        .filter(otp::created_at.ge(since))
        .count()
        .get_result(conn)?;
    let last = otp::table
        .filter(otp::mobile_hash.eq(&hash))
        .select(otp::created_at)
        .order(otp::created_at.desc())
        .first(conn)
        .optional()?;
    Ok((count, last))
}

/// When the earliest code sent to `mobile` since `since` was sent (the one whose leaving the
/// window frees the next send under a daily limit).
pub fn first_since(
    conn: &mut DbConnection,
    secrets: &Secrets,
    mobile: &str,
    since: NaiveDateTime,
) -> StoreResult<Option<NaiveDateTime>> {
    Ok(otp::table
        .filter(otp::mobile_hash.eq(secrets.mobile_hash(mobile)))
        .filter(otp::created_at.ge(since))
        .select(otp::created_at)
        .order(otp::created_at.asc())
        .first(conn)
        .optional()?)
}

/// The challenge with this transaction id.
pub fn get(conn: &mut DbConnection, txn_id: &str) -> StoreResult<Option<OtpChallenge>> {
    Ok(otp::table
        .filter(otp::txn_id.eq(txn_id))
        .select(OtpChallenge::as_select())
        .first(conn)
        .optional()?)
}

/// Counts one wrong try.
pub fn add_attempt(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::update(otp::table.find(id))
        .set(otp::attempts.eq(otp::attempts + 1))
        .execute(conn)?;
    Ok(())
}

/// Marks a challenge used, only if it was not already; true if this call used it.
pub fn mark_used(conn: &mut DbConnection, id: i64) -> StoreResult<bool> {
    let n = diesel::update(otp::table.find(id).filter(otp::used.eq(false)))
        .set(otp::used.eq(true))
        .execute(conn)?;
    Ok(n == 1)
}

/// Seals the mobile numbers stored in plain text before the migration `2026-12-02-000011`
/// (rows whose sealed copy is still empty); answers how many.
pub(crate) fn seal_plain_rows(conn: &mut DbConnection, secrets: &Secrets) -> StoreResult<usize> {
    let mut done = 0;
    loop {
        let batch: Vec<(i64, String)> = otp::table
            .filter(otp::mobile_sealed.eq(""))
            .order(otp::id.asc())
            .limit(super::SEAL_BATCH)
            .select((otp::id, otp::mobile_hash))
            .load(conn)?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (id, mobile) in batch {
            diesel::update(otp::table.find(id))
                .set((
                    otp::mobile_hash.eq(secrets.mobile_hash(&mobile)),
                    otp::mobile_sealed.eq(secrets.seal_text(&mobile)?),
                ))
                .execute(conn)?;
            done += 1;
        }
    }
}
