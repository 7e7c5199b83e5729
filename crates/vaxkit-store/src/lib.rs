//! Persistence for vaxkit: one diesel code path over SQLite and PostgreSQL, embedded
//! migrations for each, and the repositories the server calls.
//!
//! Calls are blocking (diesel is synchronous); the server runs them off its async
//! workers. Writes go through [`Store::write`], which wraps them in a transaction and,
//! on SQLite, through a single connection.

pub mod db;
pub mod group;
pub mod keys;
pub mod repo;
pub mod schema;

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

pub use db::{DatabaseUrl, DbConnection};
pub use keys::{KeySource, Secrets};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// Everything that can go wrong in the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Bad configuration: URL, key.
    #[error("{0}")]
    Config(String),
    /// The database cannot be reached.
    #[error("database connection: {0}")]
    Connect(String),
    /// A query failed.
    #[error("database: {0}")]
    Query(#[from] diesel::result::Error),
    /// Migrations failed.
    #[error("migrations: {0}")]
    Migration(String),
    /// Encryption or decryption failed.
    #[error("crypto: {0}")]
    Crypto(String),
}

impl StoreError {
    /// Whether the error is a unique-constraint violation (a duplicate).
    pub fn is_unique_violation(&self) -> bool {
        matches!(
            self,
            StoreError::Query(diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _
            ))
        )
    }
}

/// Result of store calls.
pub type StoreResult<T> = Result<T, StoreError>;

/// The database: a pool for reads and one for writes.
#[derive(Clone)]
pub struct Store {
    url: DatabaseUrl,
    read: r2d2::Pool<db::Manager>,
    write: r2d2::Pool<db::Manager>,
    group: std::sync::Arc<group::GroupCommit>,
    /// Keys protecting identity numbers.
    pub secrets: Secrets,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.url.redacted())
    }
}

impl Store {
    /// Opens a pool of `pool_size` connections (PostgreSQL) or readers plus one writer (SQLite).
    pub fn open(url: &DatabaseUrl, secrets: Secrets, pool_size: u32) -> StoreResult<Store> {
        if let DatabaseUrl::Sqlite(path) = url
            && let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
            && !dir.is_dir()
        {
            return Err(StoreError::Config(format!(
                "the folder {} for the SQLite database does not exist",
                dir.display()
            )));
        }
        if let DatabaseUrl::Sqlite(path) = url {
            create_private(path)?;
        }
        let read = db::pool(url, pool_size.max(1))?;
        let write = if url.is_sqlite() {
            db::pool(url, 1)?
        } else {
            read.clone()
        };
        let lanes = if url.is_sqlite() {
            1
        } else {
            group::POSTGRES_LANES
        };
        Ok(Store {
            url: url.clone(),
            read,
            write,
            group: std::sync::Arc::new(group::GroupCommit::new(lanes)),
            secrets,
        })
    }

    /// Which database this is, without password.
    pub fn describe(&self) -> String {
        self.url.redacted()
    }

    /// Whether this is SQLite.
    pub fn is_sqlite(&self) -> bool {
        self.url.is_sqlite()
    }

    /// Applies pending migrations; returns the versions applied.
    pub fn migrate(&self) -> StoreResult<Vec<String>> {
        let mut conn = self
            .write
            .get()
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        let applied = match &mut **conn {
            DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?;
        Ok(applied.iter().map(|v| v.to_string()).collect())
    }

    /// Checks that the secret key is the one this database was first used with (recording
    /// it on first use). Another key could neither read the sealed identity numbers nor
    /// find duplicates, so it is refused with an explanation.
    pub fn check_key(&self) -> StoreResult<()> {
        use diesel::prelude::*;
        use schema::store_meta;
        let check = self.secrets.id_hash("key-check", "vaxkit");
        self.write(|c| {
            let stored: Option<String> = store_meta::table
                .filter(store_meta::name.eq("key_check"))
                .select(store_meta::value)
                .first(c)
                .optional()?;
            match stored {
                Some(v) if v == check => Ok(()),
                Some(_) => Err(StoreError::Config(
                    "the secret key is not the one this database was set up with: its identity numbers \
                     could not be read or matched. Restore the original key (VAXKIT_SECRET_KEY, \
                     VAXKIT_SECRET_KEY_FILE or the key file beside the SQLite database)"
                        .into(),
                )),
                None => {
                    diesel::insert_into(store_meta::table)
                        .values((store_meta::name.eq("key_check"), store_meta::value.eq(&check)))
                        .execute(c)?;
                    Ok(())
                }
            }
        })
    }

    /// Checks that the database answers.
    pub fn ping(&self) -> StoreResult<()> {
        self.ping_within(db::CONNECTION_TIMEOUT)
    }

    /// Checks that the database answers, waiting at most `wait` for a connection from the pool
    /// (the query itself is bounded by the caller: see the server's `/readyz`).
    pub fn ping_within(&self, wait: std::time::Duration) -> StoreResult<()> {
        let mut conn = self
            .read
            .get_timeout(wait)
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        let answered = conn.batch_execute("SELECT 1");
        conn.outcome(answered.is_ok());
        Ok(answered?)
    }

    /// Runs read-only work on a pooled connection.
    pub fn read<T>(&self, f: impl FnOnce(&mut DbConnection) -> StoreResult<T>) -> StoreResult<T> {
        self.read_as(f)
    }

    /// Runs work on a reader connection, with the caller's own error type (one that a
    /// store error converts into).
    pub fn read_as<T, E>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        let mut conn = self
            .read
            .get()
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        let out = f(&mut conn);
        conn.outcome(out.is_ok());
        out
    }

    /// Runs work in one transaction on the writer connection; all or nothing: any error
    /// the work returns (a database error or the caller's own refusal) rolls it back.
    pub fn write<T, E>(&self, f: impl FnOnce(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        let mut pooled = self
            .write
            .get()
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        let conn: &mut DbConnection = &mut pooled;
        let out = conn.transaction(|c| {
            take_write_lock(c)?;
            f(c)
        });
        pooled.outcome(out.is_ok());
        out
    }
}

impl Store {
    /// How much the grouped writes of this store were grouped so far.
    pub fn group_stats(&self) -> group::GroupStats {
        self.group.stats()
    }

    /// Runs work like [`Store::write`] (all or nothing, its caller answered only once it is
    /// committed), but in a transaction it may share with other grouped writes that arrive at
    /// the same time, each in its own savepoint: one commit for many (group commit; see
    /// [`group`]). An error the work returns rolls back its own writes only. Should the shared
    /// commit fail, the work runs again alone, so it may run twice: it must act only through
    /// the connection. Work must not itself wait for another write.
    pub fn write_grouped<T, E>(
        &self,
        mut f: impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        match self.group.run(&self.write, &mut f)? {
            group::Grouped::Done(answer) => answer,
            group::Grouped::Retry => self.write(f),
        }
    }
}

/// SQLite starts a transaction without locks and cannot wait for another writer when it
/// upgrades from reading to writing; a no-op write first takes the write lock up front, where
/// the busy timeout does wait (for an import or a `vaxkit user add` running beside the server).
pub(crate) fn take_write_lock(c: &mut DbConnection) -> Result<(), diesel::result::Error> {
    if let DbConnection::Sqlite(_) = c {
        c.batch_execute("UPDATE store_meta SET value = value WHERE 0")?;
    }
    Ok(())
}

/// Creates a new SQLite file readable by its owner only (SQLite gives its WAL and
/// shared-memory files the same permissions); an existing file is left as it is.
fn create_private(path: &std::path::Path) -> StoreResult<()> {
    if path.exists() {
        return Ok(());
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop).map_err(|e| {
        StoreError::Config(format!(
            "cannot create the database {}: {e}",
            path.display()
        ))
    })
}

impl From<r2d2::Error> for StoreError {
    fn from(e: r2d2::Error) -> Self {
        StoreError::Connect(e.to_string())
    }
}
