//! SMS conversations with feature phones: what was last offered to a mobile number (the
//! numbered choices of a reply), kept until it expires. The number is kept only as its keyed
//! hash: a conversation is always found from the number of an incoming message.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::sms_conversations as conv;
use crate::{DbConnection, Secrets, StoreResult};

/// A conversation's state.
#[derive(Debug, Clone)]
pub struct Conversation {
    /// The mobile number (calling code and national number, digits only).
    pub mobile: String,
    /// The language the person wrote in.
    pub language: String,
    /// What was offered, as JSON (the core's own form).
    pub state: String,
    /// When the offer lapses.
    pub expires_at: NaiveDateTime,
}

/// The conversation of a mobile number, unless it has expired at `now`.
pub fn get(
    conn: &mut DbConnection,
    secrets: &Secrets,
    mobile: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<Conversation>> {
    let row: Option<(String, String, NaiveDateTime)> = conv::table
        .find(secrets.mobile_hash(mobile))
        .filter(conv::expires_at.gt(now))
        .select((conv::language, conv::state, conv::expires_at))
        .first(conn)
        .optional()?;
    Ok(row.map(|(language, state, expires_at)| Conversation {
        mobile: mobile.to_owned(),
        language,
        state,
        expires_at,
    }))
}

/// Keeps a conversation's state in place of any earlier one.
pub fn put(conn: &mut DbConnection, secrets: &Secrets, c: &Conversation) -> StoreResult<()> {
    clear(conn, secrets, &c.mobile)?;
    diesel::insert_into(conv::table)
        .values((
            conv::mobile_hash.eq(secrets.mobile_hash(&c.mobile)),
            conv::language.eq(&c.language),
            conv::state.eq(&c.state),
            conv::expires_at.eq(c.expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends the conversation of a mobile number.
pub fn clear(conn: &mut DbConnection, secrets: &Secrets, mobile: &str) -> StoreResult<()> {
    diesel::delete(conv::table.find(secrets.mobile_hash(mobile))).execute(conn)?;
    Ok(())
}

/// Removes conversations that expired before `now`; answers how many.
pub fn purge(conn: &mut DbConnection, now: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(conv::table.filter(conv::expires_at.le(now))).execute(conn)?)
}

/// Replaces the mobile numbers that keyed conversations before the migration
/// `2026-12-02-000011` by their keyed hashes; run once, right after that migration. Answers how
/// many.
pub(crate) fn seal_plain_rows(conn: &mut DbConnection, secrets: &Secrets) -> StoreResult<usize> {
    let plain: Vec<String> = conv::table.select(conv::mobile_hash).load(conn)?;
    for mobile in &plain {
        diesel::update(conv::table.find(mobile))
            .set(conv::mobile_hash.eq(secrets.mobile_hash(mobile)))
            .execute(conn)?;
    }
    Ok(plain.len())
}
