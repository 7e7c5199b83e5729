//! SMS conversations with feature phones: what was last offered to a mobile number (the
//! numbered choices of a reply), kept until it expires.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::sms_conversations as conv;
use crate::{DbConnection, StoreResult};

/// A conversation's state.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = conv)]
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
    mobile: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<Conversation>> {
    Ok(conv::table
        .find(mobile)
        .filter(conv::expires_at.gt(now))
        .select(Conversation::as_select())
        .first(conn)
        .optional()?)
}

/// Keeps a conversation's state in place of any earlier one.
pub fn put(conn: &mut DbConnection, c: &Conversation) -> StoreResult<()> {
    clear(conn, &c.mobile)?;
    diesel::insert_into(conv::table)
        .values((
            conv::mobile.eq(&c.mobile),
            conv::language.eq(&c.language),
            conv::state.eq(&c.state),
            conv::expires_at.eq(c.expires_at),
        ))
        .execute(conn)?;
    Ok(())
}

/// Ends the conversation of a mobile number.
pub fn clear(conn: &mut DbConnection, mobile: &str) -> StoreResult<()> {
    diesel::delete(conv::table.find(mobile)).execute(conn)?;
    Ok(())
}

/// Removes conversations that expired before `now`; answers how many.
pub fn purge(conn: &mut DbConnection, now: NaiveDateTime) -> StoreResult<usize> {
    Ok(diesel::delete(conv::table.filter(conv::expires_at.le(now))).execute(conn)?)
}
