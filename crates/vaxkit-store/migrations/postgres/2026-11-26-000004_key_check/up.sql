-- Facts about the database itself; `key_check` proves which secret key sealed its identity
-- numbers, so a server started with another key refuses instead of sealing with two keys.
-- Kept in step with migrations/sqlite by a test.

CREATE TABLE store_meta (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
