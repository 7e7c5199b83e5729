-- Notices sent by scheduled jobs (the reminder the day before, the missed appointment, the
-- next dose due) carry a key naming what they are about; the unique index makes a second run
-- of a job, or a run after a restart, queue nothing twice. Messages of events have no key.
-- Kept in step with migrations/postgres by a test.
ALTER TABLE outbox ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX outbox_dedup ON outbox (dedup_key);

-- An SMS conversation with a feature phone: the numbered choices last offered to a mobile
-- number (JSON), in the language the person wrote in, until they expire.
CREATE TABLE sms_conversations (
    mobile TEXT PRIMARY KEY,
    language TEXT NOT NULL,
    state TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
