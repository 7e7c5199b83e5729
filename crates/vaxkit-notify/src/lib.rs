//! Notifications: delivering what the outbox holds. Messages are written to the outbox
//! in the same transaction as the event that causes them; a worker delivers them later.
//!
//! This release delivers through the `log` gateway only (pilots and development: each
//! message goes to the server log). Login codes are emptied from the outbox once
//! delivered, so no readable code stays in the database.

use chrono::NaiveDateTime;
use vaxkit_store::repo::outbox::{self, OutboxMessage};
use vaxkit_store::{Store, StoreResult};

/// Message ids whose body holds a secret and is emptied after delivery.
pub const SECRET_MESSAGES: &[&str] = &["sms-otp"];

/// Whether the profile's SMS gateway is one this release can deliver through.
pub fn can_deliver(gateway: &str) -> bool {
    gateway == "log"
}

/// Delivers up to `limit` pending messages to the server log and marks them sent;
/// returns how many were delivered.
pub fn deliver_pending_to_log(store: &Store, now: NaiveDateTime, limit: i64) -> StoreResult<usize> {
    let pending = store.read(|c| outbox::pending(c, limit))?;
    for m in &pending {
        log(m);
        let redact = SECRET_MESSAGES.contains(&m.message_id.as_str());
        store.write(|c| outbox::mark_sent(c, m.id, now, redact))?;
    }
    Ok(pending.len())
}

fn log(m: &OutboxMessage) {
    tracing::info!(
        gateway = "log",
        channel = %m.channel,
        to = %mask(&m.recipient),
        message = %m.message_id,
        language = %m.language,
        "{}",
        m.body
    );
}

/// A phone number or address with all but its last four characters hidden.
pub fn mask(recipient: &str) -> String {
    let n = recipient.chars().count();
    recipient
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < n { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use vaxkit_store::{DatabaseUrl, Secrets};

    #[test]
    fn delivery_marks_sent_and_empties_login_codes() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(
            &DatabaseUrl::Sqlite(dir.path().join("t.db")),
            Secrets::from_master(&[1; 32]),
            2,
        )
        .unwrap();
        store.migrate().unwrap();
        let now = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(0, 0, 0)
            .unwrap();
        for (id, body) in [
            ("sms-otp", "Your code is 123456"),
            ("sms-appointment-booked", "Booked"),
        ] {
            store
                .write(|c| {
                    outbox::enqueue(
                        c,
                        outbox::NewMessage {
                            channel: "sms",
                            recipient: "999712345678",
                            message_id: id,
                            language: "en",
                            body,
                        },
                        now,
                    )
                })
                .unwrap();
        }
        assert_eq!(deliver_pending_to_log(&store, now, 10).unwrap(), 2);
        assert_eq!(
            deliver_pending_to_log(&store, now, 10).unwrap(),
            0,
            "each message once"
        );
        let sent = store
            .read(|c| outbox::for_recipient(c, "999712345678"))
            .unwrap();
        assert!(sent.iter().all(|m| m.sent_at.is_some()));
        assert_eq!(sent[0].body, "", "the login code is gone");
        assert_eq!(sent[1].body, "Booked");
    }

    #[test]
    fn recipients_are_masked_in_logs() {
        assert_eq!(mask("999712345678"), "********5678");
        assert_eq!(mask("12"), "12");
    }
}
