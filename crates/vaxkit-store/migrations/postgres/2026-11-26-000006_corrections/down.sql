DROP INDEX beneficiaries_merged_into;
ALTER TABLE beneficiaries DROP COLUMN merged_into;
DROP TABLE dose_revocations;
ALTER TABLE doses DROP COLUMN counted_gender;
ALTER TABLE doses DROP COLUMN counted_age_band;
ALTER TABLE doses DROP COLUMN counted_region;
