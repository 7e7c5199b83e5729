-- Adverse events following immunisation, with the WHO core fields, linked to a dose.
-- Kept in step with migrations/postgres by a test.

CREATE TABLE aefi_reports (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    dose_id BIGINT NOT NULL REFERENCES doses (id),
    reporter TEXT NOT NULL,
    onset_date DATE NOT NULL,
    symptoms TEXT NOT NULL,
    serious BOOLEAN NOT NULL,
    seriousness TEXT NOT NULL,
    outcome TEXT NOT NULL,
    description TEXT NOT NULL,
    region_code TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX aefi_reports_region ON aefi_reports (region_code, created_at);
