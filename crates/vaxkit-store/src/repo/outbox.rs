//! The notification outbox: messages are written in the same transaction as the
//! event that causes them, and a worker sends them later.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::outbox;
use crate::{DbConnection, StoreResult};

/// A message waiting to be sent, or sent.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    /// Internal key.
    pub id: i64,
    /// `sms` or `email`.
    pub channel: String,
    /// Phone number or address.
    pub recipient: String,
    /// The Fluent message id it was made from.
    pub message_id: String,
    /// Its language.
    pub language: String,
    /// The text to send; emptied after sending when it held a secret.
    pub body: String,
    /// When it was queued.
    pub created_at: NaiveDateTime,
    /// When it was sent.
    pub sent_at: Option<NaiveDateTime>,
    /// Tries so far.
    pub attempts: i64,
    /// The last failure.
    pub last_error: Option<String>,
}

/// A message to queue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// `sms` or `email`.
    pub channel: &'a str,
    /// Phone number or address.
    pub recipient: &'a str,
    /// The Fluent message id.
    pub message_id: &'a str,
    /// Language.
    pub language: &'a str,
    /// The text.
    pub body: &'a str,
}

/// Queues a message.
pub fn enqueue(conn: &mut DbConnection, m: NewMessage<'_>, now: NaiveDateTime) -> StoreResult<i64> {
    Ok(diesel::insert_into(outbox::table)
        .values((
            outbox::channel.eq(m.channel),
            outbox::recipient.eq(m.recipient),
            outbox::message_id.eq(m.message_id),
            outbox::language.eq(m.language),
            outbox::body.eq(m.body),
            outbox::created_at.eq(now),
        ))
        .returning(outbox::id)
        .get_result(conn)?)
}

/// Messages not yet sent, oldest first.
pub fn pending(conn: &mut DbConnection, limit: i64) -> StoreResult<Vec<OutboxMessage>> {
    Ok(outbox::table
        .filter(outbox::sent_at.is_null())
        .order(outbox::id.asc())
        .limit(limit)
        .select(OutboxMessage::as_select())
        .load(conn)?)
}

/// Marks a message sent; `redact` empties its body (login codes must not stay readable).
pub fn mark_sent(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
    redact: bool,
) -> StoreResult<()> {
    let target = outbox::table.find(id);
    if redact {
        diesel::update(target)
            .set((
                outbox::sent_at.eq(now),
                outbox::body.eq(""),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .execute(conn)?;
    } else {
        diesel::update(target)
            .set((
                outbox::sent_at.eq(now),
                outbox::attempts.eq(outbox::attempts + 1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Every message to a recipient, oldest first (tests and support).
pub fn for_recipient(conn: &mut DbConnection, recipient: &str) -> StoreResult<Vec<OutboxMessage>> {
    Ok(outbox::table
        .filter(outbox::recipient.eq(recipient))
        .order(outbox::id.asc())
        .select(OutboxMessage::as_select())
        .load(conn)?)
}
