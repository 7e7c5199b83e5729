-- Recording doses: who gave which batch where, a client-made idempotency key so a retry
-- never records twice, and aggregate counters kept in the same transaction, spread over
-- shards so that many vaccinators recording at once do not queue on one row.
-- Kept in step with migrations/sqlite by a test.

ALTER TABLE doses ADD COLUMN batch TEXT;
ALTER TABLE doses ADD COLUMN facility_id BIGINT REFERENCES facilities (id);
ALTER TABLE doses ADD COLUMN staff_id BIGINT REFERENCES staff_users (id);
ALTER TABLE doses ADD COLUMN appointment_id BIGINT REFERENCES appointments (id);
ALTER TABLE doses ADD COLUMN idempotency_key TEXT;
ALTER TABLE doses ADD COLUMN override_reason TEXT;
CREATE UNIQUE INDEX doses_idempotency_key ON doses (idempotency_key);
CREATE INDEX doses_facility ON doses (facility_id, given_on);

CREATE TABLE dose_counters (
    day DATE NOT NULL,
    region_code TEXT NOT NULL,
    facility_id BIGINT NOT NULL,
    vaccine TEXT NOT NULL,
    dose BIGINT NOT NULL,
    age_band TEXT NOT NULL,
    gender TEXT NOT NULL,
    shard BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (day, region_code, facility_id, vaccine, dose, age_band, gender, shard)
);
