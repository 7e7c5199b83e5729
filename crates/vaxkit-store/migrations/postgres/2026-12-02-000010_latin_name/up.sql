-- The holder's name in Latin script, for certificates read abroad (the EU DCC's standardised
-- names) when the name itself is written in another script. Kept in step with the other backend's
-- migrations by a test.
ALTER TABLE beneficiaries ADD COLUMN latin_name TEXT;
