//! The notification outbox: messages are written in the same transaction as the
//! event that causes them, and a worker sends them later.
//!
//! A waiting message has a `next_attempt_at`; sent and given-up messages have none. A
//! worker claims due messages by moving `next_attempt_at` to the end of its lease and
//! writing its token in `claimed_by`: other workers skip it until the lease ends, and a
//! worker that died while holding it only delays it by the lease. Every result is written
//! only while the worker still holds the claim, so a worker whose lease ran out cannot
//! overwrite what another worker did since.
//!
//! The recipient and the text are sealed with the server key when they are written
//! ([`crate::Secrets::seal_text`]): the tables and write-ahead logs never hold a mobile number,
//! an address or a text (login codes, security codes) readable. [`OutboxMessage::opened`] reads
//! them back. Nothing looks messages up by recipient but tests and support
//! ([`for_recipient`], which opens every message), so there is no keyed hash of it.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::outbox;
use crate::{DbConnection, Secrets, StoreResult};

/// A message waiting to be sent, or sent.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox)]
pub struct OutboxMessage {
    /// Internal key.
    pub id: i64,
    /// `sms` or `email`.
    pub channel: String,
    /// Phone number (calling code and national number, digits only) or address, sealed with the
    /// server key until [`OutboxMessage::opened`].
    pub recipient: String,
    /// The Fluent message id it was made from.
    pub message_id: String,
    /// Its language.
    pub language: String,
    /// The text to send, sealed with the server key until [`OutboxMessage::opened`]; emptied
    /// after sending when it held a secret.
    pub body: String,
    /// When it was queued.
    pub created_at: NaiveDateTime,
    /// When it was sent.
    pub sent_at: Option<NaiveDateTime>,
    /// Tries so far.
    pub attempts: i64,
    /// The last failure.
    pub last_error: Option<String>,
    /// The subject line of an email.
    pub subject: Option<String>,
    /// When it is next due (or, while claimed, when the claim lapses); none once sent or given up.
    pub next_attempt_at: Option<NaiveDateTime>,
    /// The worker holding it.
    pub claimed_by: Option<String>,
    /// When the worker gave up on it.
    pub failed_at: Option<NaiveDateTime>,
    /// The gateway's own id for the message, when it gave one.
    pub gateway_reference: Option<String>,
    /// What a scheduled notice is about (e.g. `reminder:APPT-REF`): one message per key, ever.
    pub dedup_key: Option<String>,
}

impl OutboxMessage {
    /// The message with its recipient and text opened with the server key (an emptied text
    /// stays empty).
    pub fn opened(&self, secrets: &Secrets) -> StoreResult<OutboxMessage> {
        Ok(OutboxMessage {
            recipient: secrets.open_sealed_text(&self.recipient)?,
            body: secrets.open_text(&self.body)?,
            ..self.clone()
        })
    }
}

/// A value sealed for the outbox; a text sealed already (a login code's) is kept as it is.
fn sealed(secrets: &Secrets, text: &str) -> StoreResult<String> {
    if text.starts_with(crate::keys::SEALED_TEXT_PREFIX) {
        return Ok(text.to_owned());
    }
    secrets.seal_text(text)
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

/// An email to queue: a message with a subject line.
#[derive(Debug, Clone)]
pub struct NewEmail<'a> {
    /// Address.
    pub recipient: &'a str,
    /// The Fluent message id of the text.
    pub message_id: &'a str,
    /// Language.
    pub language: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// Plain text; the HTML part is made from it when sending.
    pub text: &'a str,
}

/// Queues a message, due at once. Call it inside the transaction of the event that causes
/// the message, so the message exists exactly when the event does.
pub fn enqueue(
    conn: &mut DbConnection,
    secrets: &Secrets,
    m: NewMessage<'_>,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    insert(conn, secrets, m, None, now, now)
}

/// How far ahead of the queue [`enqueue_first`] puts a message.
pub const FIRST_AHEAD_HOURS: i64 = 24;

/// Queues a message like [`enqueue`], due as if queued a day earlier: workers claim the
/// earliest due first, so it goes ahead of any backlog of the last day (a login code must
/// arrive within its few minutes, whatever thousands of dose messages wait).
pub fn enqueue_first(
    conn: &mut DbConnection,
    secrets: &Secrets,
    m: NewMessage<'_>,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    let due = now - chrono::Duration::hours(FIRST_AHEAD_HOURS);
    insert(conn, secrets, m, None, now, due)
}

/// Queues a message like [`enqueue`], when nothing needs its key: inside a grouped write it waits
/// for the group's commit, where the messages of every piece are written in one statement
/// ([`crate::group`]); a piece rolled back takes its messages with it. Otherwise it is written
/// now.
pub fn enqueue_unkeyed(
    conn: &mut DbConnection,
    secrets: &Secrets,
    m: NewMessage<'_>,
    now: NaiveDateTime,
) -> StoreResult<()> {
    enqueue_sealed(conn, seal(secrets, m, now)?)
}

/// A message sealed before its transaction, queued in it with [`enqueue_sealed`]: the sealing
/// (and whatever made the text) stays out of a writer lane.
#[derive(Debug, Clone)]
pub struct Sealed(NewRow);

/// Seals a message to queue later, due at `now`.
pub fn seal(secrets: &Secrets, m: NewMessage<'_>, now: NaiveDateTime) -> StoreResult<Sealed> {
    Ok(Sealed(NewRow {
        channel: m.channel.to_string(),
        recipient: sealed(secrets, m.recipient)?,
        message_id: m.message_id.to_string(),
        language: m.language.to_string(),
        body: sealed(secrets, m.body)?,
        created_at: now,
        next_attempt_at: now,
    }))
}

/// Queues a message sealed before, like [`enqueue_unkeyed`].
pub fn enqueue_sealed(conn: &mut DbConnection, message: Sealed) -> StoreResult<()> {
    match crate::group::defer_message(message.0) {
        None => Ok(()),
        Some(row) => insert_now(conn, std::slice::from_ref(&row)),
    }
}

/// A message as written (recipient and text sealed), owned: what a grouped write keeps until
/// its transaction commits.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = outbox)]
pub(crate) struct NewRow {
    channel: String,
    recipient: String,
    message_id: String,
    language: String,
    body: String,
    created_at: NaiveDateTime,
    next_attempt_at: NaiveDateTime,
}

/// Writes messages now, in one statement.
pub(crate) fn insert_now(conn: &mut DbConnection, rows: &[NewRow]) -> StoreResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    // A multi-row insert is not expressible over the multi-backend connection: one statement
    // per backend (on PostgreSQL one prepared statement for any number of messages).
    match conn {
        DbConnection::Pg(c) => {
            use crate::unnest::{Column, Unnest};
            /// The prepared statement's own key.
            struct Insert;
            Unnest::<Insert>::new(
                "INSERT INTO outbox \
                 (channel, recipient, message_id, language, body, created_at, next_attempt_at) \
                 SELECT c, r, m, l, b, t, n FROM",
                vec![
                    Column::text(rows, |r| r.channel.clone()),
                    Column::text(rows, |r| r.recipient.clone()),
                    Column::text(rows, |r| r.message_id.clone()),
                    Column::text(rows, |r| r.language.clone()),
                    Column::text(rows, |r| r.body.clone()),
                    Column::timestamp(rows, |r| r.created_at),
                    Column::timestamp(rows, |r| r.next_attempt_at),
                ],
                "WITH ORDINALITY AS u(c, r, m, l, b, t, n, i) ORDER BY i",
            )
            .execute(c)?
        }
        DbConnection::Sqlite(c) => diesel::insert_into(outbox::table).values(rows).execute(c)?,
    };
    Ok(())
}

/// Queues an email, due at once; like [`enqueue`].
pub fn enqueue_email(
    conn: &mut DbConnection,
    secrets: &Secrets,
    m: NewEmail<'_>,
    now: NaiveDateTime,
) -> StoreResult<i64> {
    let message = NewMessage {
        channel: "email",
        recipient: m.recipient,
        message_id: m.message_id,
        language: m.language,
        body: m.text,
    };
    insert(conn, secrets, message, Some(m.subject), now, now)
}

/// Queues a message unless one with the same `key` was ever queued (a scheduled job's notice:
/// a second run, or a run after a restart, queues nothing twice). Answers the new message's
/// id, or `None` when the key was already taken.
pub fn enqueue_once(
    conn: &mut DbConnection,
    secrets: &Secrets,
    m: NewMessage<'_>,
    key: &str,
    now: NaiveDateTime,
) -> StoreResult<Option<i64>> {
    let values = (
        outbox::channel.eq(m.channel),
        outbox::recipient.eq(sealed(secrets, m.recipient)?),
        outbox::message_id.eq(m.message_id),
        outbox::language.eq(m.language),
        outbox::body.eq(sealed(secrets, m.body)?),
        outbox::created_at.eq(now),
        outbox::next_attempt_at.eq(now),
        outbox::dedup_key.eq(key),
    );
    // An upsert is not expressible over the multi-backend connection: one statement per backend.
    let id = match conn {
        DbConnection::Pg(pg) => diesel::insert_into(outbox::table)
            .values(values)
            .on_conflict_do_nothing()
            .returning(outbox::id)
            .get_result(pg)
            .optional()?,
        DbConnection::Sqlite(lite) => diesel::insert_into(outbox::table)
            .values(values)
            .on_conflict_do_nothing()
            .returning(outbox::id)
            .get_result(lite)
            .optional()?,
    };
    Ok(id)
}

fn insert(
    conn: &mut DbConnection,
    secrets: &Secrets,
    m: NewMessage<'_>,
    subject: Option<&str>,
    now: NaiveDateTime,
    due: NaiveDateTime,
) -> StoreResult<i64> {
    Ok(diesel::insert_into(outbox::table)
        .values((
            outbox::channel.eq(m.channel),
            outbox::recipient.eq(sealed(secrets, m.recipient)?),
            outbox::message_id.eq(m.message_id),
            outbox::language.eq(m.language),
            outbox::body.eq(sealed(secrets, m.body)?),
            outbox::subject.eq(subject),
            outbox::created_at.eq(now),
            outbox::next_attempt_at.eq(due),
        ))
        .returning(outbox::id)
        .get_result(conn)?)
}

/// Messages not yet sent nor given up, oldest first (due or not).
pub fn pending(conn: &mut DbConnection, limit: i64) -> StoreResult<Vec<OutboxMessage>> {
    Ok(outbox::table
        .filter(outbox::next_attempt_at.is_not_null())
        .order(outbox::id.asc())
        .limit(limit)
        .select(OutboxMessage::as_select())
        .load(conn)?)
}

/// Claims up to `limit` messages due at `now` for the worker `worker` until `lease_until`,
/// earliest due first, and returns them. Call it in a transaction ([`crate::Store::write`]):
/// on PostgreSQL the rows are locked with `FOR UPDATE SKIP LOCKED`, so workers claiming at
/// the same moment take different messages instead of waiting for each other; SQLite has
/// one writer, so claims never overlap there.
pub fn claim(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> StoreResult<Vec<OutboxMessage>> {
    let due = outbox::table
        .filter(outbox::next_attempt_at.le(now))
        .order((outbox::next_attempt_at.asc(), outbox::id.asc()))
        .limit(limit)
        .select(outbox::id);
    let ids: Vec<i64> = match conn {
        DbConnection::Pg(pg) => due.for_update().skip_locked().load(pg)?,
        DbConnection::Sqlite(lite) => due.load(lite)?,
    };
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
        .set((
            outbox::next_attempt_at.eq(lease_until),
            outbox::claimed_by.eq(worker),
        ))
        .execute(conn)?;
    Ok(outbox::table
        .filter(outbox::id.eq_any(&ids))
        .order(outbox::id.asc())
        .select(OutboxMessage::as_select())
        .load(conn)?)
}

/// Records that the gateway accepted a claimed message; `redact` empties its body (login
/// codes must not stay readable). Returns false when the worker no longer held the claim.
pub fn record_sent(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    now: NaiveDateTime,
    redact: bool,
    reference: Option<&str>,
) -> StoreResult<bool> {
    let target = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::claimed_by.eq(worker));
    let changed = diesel::update(target)
        .set((
            outbox::sent_at.eq(now),
            outbox::next_attempt_at.eq(None::<NaiveDateTime>),
            outbox::claimed_by.eq(None::<String>),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::gateway_reference.eq(reference),
        ))
        .execute(conn)?;
    if redact && changed > 0 {
        redact_body(conn, id)?;
    }
    Ok(changed > 0)
}

/// Records that the gateway accepted several claimed messages that have no gateway
/// reference, in one statement; the bodies of `redact` (a subset) are emptied. Returns how
/// many the worker still held.
pub fn record_sent_many(
    conn: &mut DbConnection,
    ids: &[i64],
    worker: &str,
    now: NaiveDateTime,
    redact: &[i64],
) -> StoreResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let changed = diesel::update(
        outbox::table
            .filter(outbox::id.eq_any(ids))
            .filter(outbox::claimed_by.eq(worker)),
    )
    .set((
        outbox::sent_at.eq(now),
        outbox::next_attempt_at.eq(None::<NaiveDateTime>),
        outbox::claimed_by.eq(None::<String>),
        outbox::attempts.eq(outbox::attempts + 1),
    ))
    .execute(conn)?;
    if !redact.is_empty() {
        // Only rows this call just marked sent: sent_at is now theirs.
        diesel::update(
            outbox::table
                .filter(outbox::id.eq_any(redact))
                .filter(outbox::sent_at.eq(now))
                .filter(outbox::claimed_by.is_null()),
        )
        .set(outbox::body.eq(""))
        .execute(conn)?;
    }
    Ok(changed)
}

/// Records a failed try of a claimed message that will be tried again at `retry_at`.
/// Returns false when the worker no longer held the claim.
pub fn record_retry(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    error: &str,
    retry_at: NaiveDateTime,
) -> StoreResult<bool> {
    let target = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::claimed_by.eq(worker));
    let changed = diesel::update(target)
        .set((
            outbox::next_attempt_at.eq(retry_at),
            outbox::claimed_by.eq(None::<String>),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    Ok(changed > 0)
}

/// Records the last failed try of a claimed message: it is given up with `error`, and a
/// secret body is emptied (it will never be sent). Returns false when the worker no
/// longer held the claim.
pub fn record_failed(
    conn: &mut DbConnection,
    id: i64,
    worker: &str,
    error: &str,
    now: NaiveDateTime,
    redact: bool,
) -> StoreResult<bool> {
    let target = outbox::table
        .filter(outbox::id.eq(id))
        .filter(outbox::claimed_by.eq(worker));
    let changed = diesel::update(target)
        .set((
            outbox::failed_at.eq(now),
            outbox::next_attempt_at.eq(None::<NaiveDateTime>),
            outbox::claimed_by.eq(None::<String>),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::last_error.eq(error),
        ))
        .execute(conn)?;
    if redact && changed > 0 {
        redact_body(conn, id)?;
    }
    Ok(changed > 0)
}

/// Gives back claimed messages that were not tried (a worker stopping): they are due
/// again at `now`, their tries unchanged. Returns how many were given back.
pub fn release(
    conn: &mut DbConnection,
    ids: &[i64],
    worker: &str,
    now: NaiveDateTime,
) -> StoreResult<usize> {
    Ok(diesel::update(
        outbox::table
            .filter(outbox::id.eq_any(ids))
            .filter(outbox::claimed_by.eq(worker)),
    )
    .set((
        outbox::next_attempt_at.eq(now),
        outbox::claimed_by.eq(None::<String>),
    ))
    .execute(conn)?)
}

fn redact_body(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::update(outbox::table.find(id))
        .set(outbox::body.eq(""))
        .execute(conn)?;
    Ok(())
}

/// Marks a message sent outside the claim protocol; `redact` empties its body.
pub fn mark_sent(
    conn: &mut DbConnection,
    id: i64,
    now: NaiveDateTime,
    redact: bool,
) -> StoreResult<()> {
    diesel::update(outbox::table.find(id))
        .set((
            outbox::sent_at.eq(now),
            outbox::next_attempt_at.eq(None::<NaiveDateTime>),
            outbox::claimed_by.eq(None::<String>),
            outbox::attempts.eq(outbox::attempts + 1),
        ))
        .execute(conn)?;
    if redact {
        redact_body(conn, id)?;
    }
    Ok(())
}

/// How many messages are waiting, sent and given up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Not yet sent nor given up (including claimed ones).
    pub waiting: i64,
    /// Sent.
    pub sent: i64,
    /// Given up after the last try.
    pub failed: i64,
}

/// How many messages wait to be sent (claimed ones included); reads the small index of waiting
/// messages only.
pub fn waiting(conn: &mut DbConnection) -> StoreResult<i64> {
    Ok(outbox::table
        .filter(outbox::next_attempt_at.is_not_null())
        .count()
        .get_result(conn)?)
}

/// Counts the outbox by state.
pub fn counts(conn: &mut DbConnection) -> StoreResult<Counts> {
    let waiting = outbox::table
        .filter(outbox::next_attempt_at.is_not_null())
        .count()
        .get_result(conn)?;
    let sent = outbox::table
        .filter(outbox::sent_at.is_not_null())
        .count()
        .get_result(conn)?;
    let failed = outbox::table
        .filter(outbox::failed_at.is_not_null())
        .count()
        .get_result(conn)?;
    Ok(Counts {
        waiting,
        sent,
        failed,
    })
}

/// The earliest moment a waiting message falls due, if any waits.
pub fn next_due(conn: &mut DbConnection) -> StoreResult<Option<NaiveDateTime>> {
    Ok(outbox::table
        .filter(outbox::next_attempt_at.is_not_null())
        .select(diesel::dsl::min(outbox::next_attempt_at))
        .first::<Option<NaiveDateTime>>(conn)?)
}

/// Every message to a recipient, oldest first, opened (tests and support: it opens every
/// message in the outbox to find them).
pub fn for_recipient(
    conn: &mut DbConnection,
    secrets: &Secrets,
    recipient: &str,
) -> StoreResult<Vec<OutboxMessage>> {
    let mut found = Vec::new();
    for m in outbox::table
        .order(outbox::id.asc())
        .select(OutboxMessage::as_select())
        .load(conn)?
    {
        let m = m.opened(secrets)?;
        if m.recipient == recipient {
            found.push(m);
        }
    }
    Ok(found)
}

/// One message by id.
pub fn get(conn: &mut DbConnection, id: i64) -> StoreResult<Option<OutboxMessage>> {
    Ok(outbox::table
        .find(id)
        .select(OutboxMessage::as_select())
        .first(conn)
        .optional()?)
}

/// Seals the recipients and texts stored in plain text before the migration
/// `2026-12-02-000011` (rows whose recipient is not sealed yet); an emptied text stays empty.
/// Answers how many messages.
pub(crate) fn seal_plain_rows(conn: &mut DbConnection, secrets: &Secrets) -> StoreResult<usize> {
    let mut done = 0;
    let sealed_prefix = format!("{}%", crate::keys::SEALED_TEXT_PREFIX);
    loop {
        let batch: Vec<(i64, String, String)> = outbox::table
            .filter(outbox::recipient.not_like(&sealed_prefix))
            .order(outbox::id.asc())
            .limit(super::SEAL_BATCH)
            .select((outbox::id, outbox::recipient, outbox::body))
            .load(conn)?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (id, recipient, body) in batch {
            let body = if body.is_empty() {
                body
            } else {
                sealed(secrets, &body)?
            };
            diesel::update(outbox::table.find(id))
                .set((
                    outbox::recipient.eq(sealed(secrets, &recipient)?),
                    outbox::body.eq(body),
                ))
                .execute(conn)?;
            done += 1;
        }
    }
}
