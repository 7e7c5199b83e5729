DROP INDEX outbox_due;
CREATE INDEX outbox_pending ON outbox (sent_at, id);
ALTER TABLE outbox DROP COLUMN gateway_reference;
ALTER TABLE outbox DROP COLUMN failed_at;
ALTER TABLE outbox DROP COLUMN claimed_by;
ALTER TABLE outbox DROP COLUMN next_attempt_at;
ALTER TABLE outbox DROP COLUMN subject;
