-- Outbox delivery: a message waits until next_attempt_at (NULL once it is sent or given up);
-- a worker claims it by moving next_attempt_at to the end of its lease and writing its own
-- token in claimed_by, so a crashed worker's messages fall due again when the lease ends.
-- Kept in step with migrations/postgres by a test.
ALTER TABLE outbox ADD COLUMN subject TEXT;
ALTER TABLE outbox ADD COLUMN next_attempt_at TIMESTAMP;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN failed_at TIMESTAMP;
ALTER TABLE outbox ADD COLUMN gateway_reference TEXT;
UPDATE outbox SET next_attempt_at = created_at WHERE sent_at IS NULL;
-- Only waiting messages are indexed: the index stays small however many were sent.
DROP INDEX outbox_pending;
CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE next_attempt_at IS NOT NULL;
