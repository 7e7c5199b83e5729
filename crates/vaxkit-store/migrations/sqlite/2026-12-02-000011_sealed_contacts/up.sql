-- Mobile numbers, outbox recipients and texts, and appointment security codes at rest: each
-- column that held one in plain text now holds a keyed hash (HMAC-SHA-256 with the hash key
-- derived from the server key) for look-ups, and a sealed copy (AES-256-GCM, `sealed:v1:` and
-- base64) sits beside it where the value must be read back. The outbox's recipient and text are
-- sealed in place (nothing looks messages up by recipient). The key is not in the database, so
-- the rows already there are re-written by the store when it migrates (`Store::migrate`): the
-- `seal_pending` row below asks for it and is removed in the same transaction as the re-write.
-- Kept in step with migrations/postgres by a test.
ALTER TABLE accounts RENAME COLUMN mobile TO mobile_hash;
ALTER TABLE accounts ADD COLUMN mobile_sealed TEXT NOT NULL DEFAULT '';

ALTER TABLE otp_challenges RENAME COLUMN mobile TO mobile_hash;
ALTER TABLE otp_challenges ADD COLUMN mobile_sealed TEXT NOT NULL DEFAULT '';

ALTER TABLE sms_conversations RENAME COLUMN mobile TO mobile_hash;

ALTER TABLE appointments RENAME COLUMN security_code TO security_code_hash;
ALTER TABLE appointments ADD COLUMN security_code_sealed TEXT NOT NULL DEFAULT '';

INSERT INTO store_meta (name, value) VALUES ('seal_pending', '2026-12-02-000011');
