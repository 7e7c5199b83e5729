DROP TABLE dose_counters;
DROP INDEX doses_facility;
DROP INDEX doses_idempotency_key;
ALTER TABLE doses DROP COLUMN override_reason;
ALTER TABLE doses DROP COLUMN idempotency_key;
ALTER TABLE doses DROP COLUMN appointment_id;
ALTER TABLE doses DROP COLUMN staff_id;
ALTER TABLE doses DROP COLUMN facility_id;
ALTER TABLE doses DROP COLUMN batch;
