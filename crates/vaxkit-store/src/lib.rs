//! Persistence for vaxkit: the diesel schema, migrations for SQLite and PostgreSQL, and repositories.
