-- The citizen side: accounts, people, places, sessions, bookings, login codes, tokens,
-- the audit log and the notification outbox. Kept in step with migrations/postgres by a test.

CREATE TABLE accounts (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mobile TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE regions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level BIGINT NOT NULL,
    parent_id BIGINT REFERENCES regions (id),
    population BIGINT
);
CREATE INDEX regions_parent ON regions (parent_id);

CREATE TABLE facilities (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    region_id BIGINT NOT NULL REFERENCES regions (id),
    postal_code TEXT,
    latitude DOUBLE PRECISION,
    longitude DOUBLE PRECISION,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX facilities_region ON facilities (region_id);
CREATE INDEX facilities_postal_code ON facilities (postal_code);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    facility_id BIGINT NOT NULL REFERENCES facilities (id),
    date DATE NOT NULL,
    vaccine TEXT NOT NULL,
    doses TEXT NOT NULL,
    min_age BIGINT NOT NULL,
    max_age BIGINT,
    capacity_online BIGINT NOT NULL,
    capacity_walk_in BIGINT NOT NULL,
    booked BIGINT NOT NULL DEFAULT 0,
    slots TEXT NOT NULL,
    fee BIGINT NOT NULL DEFAULT 0,
    cancelled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    CHECK (booked >= 0 AND booked <= capacity_online)
);
CREATE INDEX sessions_facility_date ON sessions (facility_id, date);
CREATE INDEX sessions_date ON sessions (date);

CREATE TABLE beneficiaries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    name TEXT NOT NULL,
    birth_year BIGINT NOT NULL,
    birth_date DATE,
    gender TEXT NOT NULL,
    id_scheme TEXT NOT NULL,
    id_hash TEXT NOT NULL UNIQUE,
    id_masked TEXT NOT NULL,
    id_sealed BLOB NOT NULL,
    language TEXT NOT NULL,
    corrected TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX beneficiaries_account ON beneficiaries (account_id);

CREATE TABLE doses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    beneficiary_id BIGINT NOT NULL REFERENCES beneficiaries (id),
    dose BIGINT NOT NULL,
    vaccine TEXT NOT NULL,
    given_on DATE NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX doses_beneficiary ON doses (beneficiary_id);

CREATE TABLE appointments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    ref TEXT NOT NULL UNIQUE,
    beneficiary_id BIGINT NOT NULL REFERENCES beneficiaries (id),
    session_id BIGINT NOT NULL REFERENCES sessions (id),
    dose BIGINT NOT NULL,
    slot TEXT NOT NULL,
    security_code TEXT NOT NULL,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One open appointment per person, enforced by the database itself.
CREATE UNIQUE INDEX appointments_one_open ON appointments (beneficiary_id) WHERE status = 'booked';
CREATE INDEX appointments_session ON appointments (session_id);

CREATE TABLE otp_challenges (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    txn_id TEXT NOT NULL UNIQUE,
    mobile TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    used BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
CREATE INDEX otp_challenges_mobile ON otp_challenges (mobile, created_at);

CREATE TABLE auth_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX auth_tokens_account ON auth_tokens (account_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_ref TEXT NOT NULL,
    before TEXT,
    after TEXT
);

CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    channel TEXT NOT NULL,
    recipient TEXT NOT NULL,
    message_id TEXT NOT NULL,
    language TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP,
    attempts BIGINT NOT NULL DEFAULT 0,
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, id);

-- The audit log is append-only: the database refuses to change or delete its rows.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
