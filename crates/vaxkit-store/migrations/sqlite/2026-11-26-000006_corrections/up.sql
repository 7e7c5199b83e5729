-- Corrections: a recorded dose can be revoked (kept, with who, when and why, and no
-- longer counted), and a duplicate beneficiary is merged into the record that stays.
-- A dose keeps the dimensions it was counted under, so a correction takes the count
-- off exactly the counter it was added to.
-- Kept in step with migrations/postgres by a test.

ALTER TABLE doses ADD COLUMN counted_region TEXT;
ALTER TABLE doses ADD COLUMN counted_age_band TEXT;
ALTER TABLE doses ADD COLUMN counted_gender TEXT;

CREATE TABLE dose_revocations (
    dose_id BIGINT PRIMARY KEY REFERENCES doses (id),
    revoked_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL,
    staff_id BIGINT NOT NULL REFERENCES staff_users (id)
);
CREATE INDEX dose_revocations_revoked_at ON dose_revocations (revoked_at);

ALTER TABLE beneficiaries ADD COLUMN merged_into BIGINT REFERENCES beneficiaries (id);
CREATE INDEX beneficiaries_merged_into ON beneficiaries (merged_into);
