ALTER TABLE beneficiaries DROP COLUMN latin_name;
