-- The columns get their old names back; the values stay hashed and sealed (reading them needs
-- the server key, which the database does not hold).
DELETE FROM store_meta WHERE name = 'seal_pending';
ALTER TABLE appointments DROP COLUMN security_code_sealed;
ALTER TABLE appointments RENAME COLUMN security_code_hash TO security_code;
ALTER TABLE sms_conversations RENAME COLUMN mobile_hash TO mobile;
ALTER TABLE otp_challenges DROP COLUMN mobile_sealed;
ALTER TABLE otp_challenges RENAME COLUMN mobile_hash TO mobile;
ALTER TABLE accounts DROP COLUMN mobile_sealed;
ALTER TABLE accounts RENAME COLUMN mobile_hash TO mobile;
