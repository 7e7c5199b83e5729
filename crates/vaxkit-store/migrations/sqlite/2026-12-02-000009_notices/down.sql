DROP TABLE sms_conversations;
DROP INDEX outbox_dedup;
ALTER TABLE outbox DROP COLUMN dedup_key;
