-- Staff: administrators, vaccinators, verifiers and auditors, each with a role and a scope
-- (a region or a facility). Kept in step with migrations/postgres by a test.

CREATE TABLE staff_users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    region_code TEXT,
    facility_code TEXT,
    active BOOLEAN NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE staff_tokens (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    token_hash TEXT NOT NULL UNIQUE,
    staff_id BIGINT NOT NULL REFERENCES staff_users (id),
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_tokens_staff ON staff_tokens (staff_id);
