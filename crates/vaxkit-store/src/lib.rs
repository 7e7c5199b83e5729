//! Persistence for vaxkit: one diesel code path over SQLite and PostgreSQL, embedded
//! migrations for each, and the repositories the server calls.
//!
//! Calls are blocking (diesel is synchronous); the server runs them off its async
//! workers. Writes go through [`Store::write`], which wraps them in a transaction and,
//! on SQLite, through a single connection.

pub mod db;
pub mod group;
pub mod keys;
pub mod rekey;
pub mod repo;
pub mod schema;
pub mod transfer;
mod unnest;

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
    /// Whether the database refused to write because its disk is full (nothing was written).
    pub fn is_storage_full(&self) -> bool {
        match self {
            StoreError::Query(e) => database_errors(e).iter().any(|(_, info)| {
                STORAGE_FULL_MESSAGES
                    .iter()
                    .any(|m| info.message().contains(m))
            }),
            _ => false,
        }
    }

    /// Whether the connection to the database was lost under the query (a server stopped or
    /// restarted, a network cut): the database is unavailable, not the request wrong.
    pub fn is_connection_lost(&self) -> bool {
        match self {
            StoreError::Connect(_) => true,
            StoreError::Query(e) => database_errors(e).iter().any(|(kind, _)| {
                matches!(kind, diesel::result::DatabaseErrorKind::ClosedConnection)
            }),
            _ => false,
        }
    }

    /// Whether the database gave up the transaction to break a deadlock or a serialisation
    /// conflict with another one: nothing of it was written, and the same request sent again
    /// will go through.
    pub fn is_transient_conflict(&self) -> bool {
        match self {
            StoreError::Query(e) => database_errors(e).iter().any(|(kind, info)| {
                matches!(
                    kind,
                    diesel::result::DatabaseErrorKind::SerializationFailure
                ) || info.message().contains("deadlock detected")
            }),
            _ => false,
        }
    }

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

/// The database errors inside a diesel error: itself, or both sides of a commit whose rollback
/// failed too.
fn database_errors(
    error: &diesel::result::Error,
) -> Vec<(
    diesel::result::DatabaseErrorKind,
    &(dyn diesel::result::DatabaseErrorInformation + Send + Sync),
)> {
    use diesel::result::Error;
    match error {
        Error::DatabaseError(kind, info) => vec![(*kind, info.as_ref())],
        Error::RollbackErrorOnCommit {
            rollback_error,
            commit_error,
        } => {
            let mut all = database_errors(commit_error);
            all.extend(database_errors(rollback_error));
            all
        }
        _ => Vec::new(),
    }
}

/// What the databases say when their disk is full: SQLite's `SQLITE_FULL`, and the operating
/// system's ENOSPC as PostgreSQL passes it on (SQLSTATE 53100 and failed WAL writes).
const STORAGE_FULL_MESSAGES: &[&str] = &["database or disk is full", "No space left on device"];

/// Result of store calls.
pub type StoreResult<T> = Result<T, StoreError>;

/// How much of one connection pool is in use, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// `main` (PostgreSQL: one pool for reads and writes), or `read` and `write` (SQLite).
    pub pool: &'static str,
    /// Connections lent out now.
    pub in_use: u32,
    /// Connections open and waiting to be lent.
    pub idle: u32,
    /// The most the pool opens.
    pub max: u32,
}

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

    /// Applies pending migrations, then seals what older releases stored in plain text (see
    /// [`Store::seal_pending_rows`]); returns the versions applied.
    pub fn migrate(&self) -> StoreResult<Vec<String>> {
        let mut conn = self
            .write
            .get()
            .map_err(|e| StoreError::Connect(e.to_string()))?;
        let applied: Vec<String> = match &mut **conn {
            DbConnection::Pg(c) => c.run_pending_migrations(POSTGRES_MIGRATIONS),
            DbConnection::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS),
        }
        .map_err(|e| StoreError::Migration(e.to_string()))?
        .iter()
        .map(|v| v.to_string())
        .collect();
        drop(conn);
        self.seal_pending_rows()?;
        Ok(applied)
    }

    /// The Rust step of the migration `2026-12-02-000011` (the key is not in the database, so
    /// SQL cannot do it): seals the mobile numbers, outbox recipients and texts, and security
    /// codes that rows written before it hold in plain text, with keyed hashes beside them, in
    /// one transaction that also removes the migration's `seal_pending` row. Rows to seal need
    /// this database's own key: another one is refused and nothing changes. Answers how many
    /// rows were sealed (none once done).
    pub fn seal_pending_rows(&self) -> StoreResult<usize> {
        use diesel::prelude::*;
        use schema::store_meta;
        let check = self.key_check_value();
        self.write(|c| {
            let pending: i64 = store_meta::table
                .filter(store_meta::name.eq(SEAL_PENDING))
                .count()
                .get_result(c)?;
            if pending == 0 {
                return Ok(0);
            }
            let sealed = repo::seal_plain_rows(c, &self.secrets)?;
            if sealed > 0 {
                verify_key(c, &check, KEY_NEEDED_TO_SEAL)?;
            }
            diesel::delete(store_meta::table.filter(store_meta::name.eq(SEAL_PENDING)))
                .execute(c)?;
            Ok(sealed)
        })
    }

    fn key_check_value(&self) -> String {
        self.secrets.id_hash("key-check", "vaxkit")
    }

    /// Checks that the secret key is the one this database was first used with (recording
    /// it on first use). Another key could neither read the sealed identity numbers nor
    /// find duplicates, so it is refused with an explanation.
    pub fn check_key(&self) -> StoreResult<()> {
        let check = self.key_check_value();
        self.write(|c| verify_key(c, &check, WRONG_KEY))
    }

    /// Gathers the planner's statistics of every table (`ANALYZE`). A bulk load leaves the
    /// tables without them until the database's own background analysis runs, and until then
    /// PostgreSQL may answer a look-up by account from a scan of a whole index (90 ms instead
    /// of 0.02 ms on 300,000 people). On PostgreSQL the counters are vacuumed first: folding a
    /// bulk load's counters leaves millions of dead rows in their index, and until the
    /// background vacuum clears them the server's look-up of days still to fold reads every one
    /// (179 s on 10 million people, instead of milliseconds).
    pub fn analyze(&self) -> StoreResult<()> {
        self.read(|c| {
            if matches!(c, DbConnection::Pg(_)) {
                c.batch_execute("VACUUM (ANALYZE) dose_counters")?;
            }
            Ok(c.batch_execute("ANALYZE")?)
        })
    }

    /// How much of each connection pool is in use now.
    pub fn pool_use(&self) -> Vec<PoolUse> {
        let one = |pool: &'static str, p: &r2d2::Pool<db::Manager>| {
            let state = p.state();
            PoolUse {
                pool,
                in_use: state.connections.saturating_sub(state.idle_connections),
                idle: state.idle_connections,
                max: p.max_size(),
            }
        };
        if self.is_sqlite() {
            vec![one("read", &self.read), one("write", &self.write)]
        } else {
            vec![one("main", &self.read)]
        }
    }

    /// Checks that the database answers.
    pub fn ping(&self) -> StoreResult<()> {
        self.ping_within(db::CONNECTION_TIMEOUT)
    }

    /// Checks that the database answers, waiting at most `wait` for a connection from the pool
    /// (the query itself is bounded by the caller: see the server's `/readyz`). A connection
    /// the database cut is dropped and the check made once more, on another.
    pub fn ping_within(&self, wait: std::time::Duration) -> StoreResult<()> {
        let mut ping = |c: &mut DbConnection| c.batch_execute("SELECT 1").map_err(StoreError::from);
        at_most_twice(|| self.read_once(wait, &mut ping))
    }

    /// Runs read-only work on a pooled connection.
    pub fn read<T>(&self, f: impl FnMut(&mut DbConnection) -> StoreResult<T>) -> StoreResult<T> {
        self.read_as(f)
    }

    /// Runs work on a reader connection, with the caller's own error type (one that a
    /// store error converts into). Work that failed because its connection was lost (the
    /// database restarted) runs once more, on another connection.
    pub fn read_as<T, E>(
        &self,
        mut f: impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        at_most_twice(|| self.read_once(db::CONNECTION_TIMEOUT, &mut f))
    }

    /// One try of work on a reader connection, waiting at most `wait` for one: its answer, and
    /// whether it may run again (its connection was lost).
    fn read_once<T, E>(
        &self,
        wait: std::time::Duration,
        f: &mut impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> (Result<T, E>, bool)
    where
        E: From<StoreError>,
    {
        let mut conn = match self.read.get_timeout(wait) {
            Ok(conn) => conn,
            Err(e) => return (Err(StoreError::Connect(e.to_string()).into()), false),
        };
        let out = f(&mut conn);
        conn.outcome(out.is_ok());
        let again = out.is_err() && conn.lost();
        (out, again)
    }

    /// Runs work in one transaction on the writer connection; all or nothing: any error
    /// the work returns (a database error or the caller's own refusal) rolls it back. Work
    /// that failed because its connection was lost before its commit (the database
    /// restarted; nothing was written) runs once more, on another connection, so what it does
    /// outside the connection must bear running twice.
    pub fn write<T, E>(&self, mut f: impl FnMut(&mut DbConnection) -> Result<T, E>) -> Result<T, E>
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        at_most_twice(|| self.write_once(&mut f))
    }

    /// One try of [`Store::write`]: its answer, and whether it may run again (its connection
    /// was lost before the commit, so nothing was written).
    fn write_once<T, E>(
        &self,
        f: &mut impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> (Result<T, E>, bool)
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        let mut pooled = match self.write.get() {
            Ok(pooled) => pooled,
            Err(e) => return (Err(StoreError::Connect(e.to_string()).into()), false),
        };
        let conn: &mut DbConnection = &mut pooled;
        let mut worked = false;
        let out = conn.transaction(|c| {
            take_write_lock(c)?;
            let out = f(c);
            worked = out.is_ok();
            out
        });
        pooled.outcome(out.is_ok());
        // A commit that failed may have been made: only work refused before it runs again.
        let again = out.is_err() && !worked && pooled.lost();
        (out, again)
    }
}

/// The row the migration `2026-12-02-000011` leaves until [`Store::seal_pending_rows`] ran.
const SEAL_PENDING: &str = "seal_pending";

const WRONG_KEY: &str = "the secret key is not the one this database was set up with: its identity numbers \
     could not be read or matched. Restore the original key (VAXKIT_SECRET_KEY, \
     VAXKIT_SECRET_KEY_FILE or the key file beside the SQLite database)";

const KEY_NEEDED_TO_SEAL: &str = "the migration 2026-12-02-000011 seals the mobile numbers and security codes \
     already stored, which needs the secret key this database was set up with, and this is another \
     one: give it (VAXKIT_SECRET_KEY, VAXKIT_SECRET_KEY_FILE or the key file beside the SQLite \
     database) and migrate again; nothing was changed";

/// Compares the key's check value with the one the database recorded on first use, recording
/// it when there is none; `refusal` explains a mismatch.
pub(crate) fn verify_key(c: &mut DbConnection, check: &str, refusal: &str) -> StoreResult<()> {
    use diesel::prelude::*;
    use schema::store_meta;
    let stored: Option<String> = store_meta::table
        .filter(store_meta::name.eq("key_check"))
        .select(store_meta::value)
        .first(c)
        .optional()?;
    match stored {
        Some(v) if v == check => Ok(()),
        Some(_) => Err(StoreError::Config(refusal.into())),
        None => {
            diesel::insert_into(store_meta::table)
                .values((
                    store_meta::name.eq("key_check"),
                    store_meta::value.eq(check),
                ))
                .execute(c)?;
            Ok(())
        }
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
    /// commit fail, the work runs again alone (twice, if the connection is lost under it), so
    /// it may run three times: it must act only through the connection. Work must not itself
    /// wait for another write.
    pub fn write_grouped<T, E>(
        &self,
        f: impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        self.grouped(None, f)
    }

    /// Runs work like [`Store::write_grouped`], in the lane that `key` picks: work that takes
    /// the same busy row (a session's places, keyed by the session) always meets in one lane,
    /// where one transaction takes the row for many pieces and lanes never wait on each other
    /// for it, nor deadlock over two such rows taken in opposite orders.
    pub fn write_grouped_by<T, E>(
        &self,
        key: &str,
        f: impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(key, &mut hasher);
        self.grouped(Some(std::hash::Hasher::finish(&hasher)), f)
    }

    /// Announces work for [`Store::write_queued`] before the checks that precede it: a writer
    /// thread with nothing left to run waits a moment for announced work before it commits
    /// (see [`group`]). The announcement ends when it is handed to `write_queued` or dropped.
    pub fn announce_write(&self) -> group::Announced {
        self.group.announce()
    }

    /// Runs work like [`Store::write_grouped`], but on a writer thread of the store's own: work
    /// that owns what it needs is queued for a lane's thread, which runs the work waiting for
    /// it back to back in one transaction instead of handing the lane from caller to caller.
    /// The caller waits for the answer, given after the commit; a panic in the work is raised
    /// on the caller's thread. `announced` is this work's [`Store::announce_write`], if made.
    pub fn write_queued<T, E, F>(&self, announced: Option<group::Announced>, f: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: Send + 'static + From<StoreError> + From<diesel::result::Error>,
        F: FnMut(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        self.queued(announced, false, f)
    }

    /// Runs work like [`Store::write_queued`], for work whose writes are one statement (rows it
    /// defers to the commit aside, see [`group`]): on PostgreSQL it needs no savepoint of its
    /// own, two round trips fewer. Work that would refuse without writing answers `Ok` with
    /// its refusal: an error from it gives up the shared transaction, and every piece of that
    /// transaction runs again alone.
    pub fn write_queued_one_statement<T, E, F>(
        &self,
        announced: Option<group::Announced>,
        f: F,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: Send + 'static + From<StoreError> + From<diesel::result::Error>,
        F: FnMut(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        self.queued(announced, true, f)
    }

    /// Queues work for a writer thread, or runs it alone when its shared commit failed.
    fn queued<T, E, F>(
        &self,
        announced: Option<group::Announced>,
        whole: bool,
        f: F,
    ) -> Result<T, E>
    where
        T: Send + 'static,
        E: Send + 'static + From<StoreError> + From<diesel::result::Error>,
        F: FnMut(&mut DbConnection) -> Result<T, E> + Send + 'static,
    {
        match self.group.queue(&self.write, announced, whole, f)? {
            group::Reply::Done(answer) => answer,
            group::Reply::Retry(f) => self.write(f),
            group::Reply::Panicked(payload) => std::panic::resume_unwind(payload),
        }
    }

    /// Runs grouped work (of `key`, if any), or alone when its shared commit failed.
    fn grouped<T, E>(
        &self,
        key: Option<u64>,
        mut f: impl FnMut(&mut DbConnection) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError> + From<diesel::result::Error>,
    {
        match self.group.run(&self.write, key, &mut f)? {
            group::Grouped::Done(answer) => answer,
            group::Grouped::Retry => self.write(f),
        }
    }
}

/// Makes a try and, if it says it may run again (its connection was lost), one more.
pub(crate) fn at_most_twice<T>(mut once: impl FnMut() -> (T, bool)) -> T {
    match once() {
        (_, true) => once().0,
        (out, false) => out,
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

#[cfg(test)]
mod migration_tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;
    use vaxkit_testkit::Backend;

    /// Every down migration runs, on both backends, with rows in the columns it takes away (a
    /// person merged into another among them), and every up migration runs again after.
    fn down_and_up(backend: Backend) {
        let db = vaxkit_testkit::TestDatabase::create(backend);
        let url = DatabaseUrl::parse(&db.url_text()).unwrap();
        let store = Store::open(&url, Secrets::from_master(&[1; 32]), 1).unwrap();
        let applied = store.migrate().unwrap();
        let blob = match backend {
            Backend::Sqlite => "X'01'",
            Backend::Postgres => "'\\x01'::bytea",
        };
        let mut conn = store.write.get().unwrap();
        conn.batch_execute(&format!(
            "INSERT INTO accounts (id, mobile_hash, mobile_sealed, created_at) VALUES (1, 'h', 's', '2021-06-01 00:00:00');
             INSERT INTO beneficiaries (id, ref, account_id, name, birth_year, gender, id_scheme, \
                 id_hash, id_masked, id_sealed, language, created_at, latin_name) VALUES \
                 (1, 'B1', 1, 'A', 1980, 'F', 'nid', 'h1', 'X1', {blob}, 'en', '2021-06-01 00:00:00', 'A');
             INSERT INTO beneficiaries (id, ref, account_id, name, birth_year, gender, id_scheme, \
                 id_hash, id_masked, id_sealed, language, created_at, merged_into) VALUES \
                 (2, 'B2', 1, 'A', 1980, 'F', 'nid', 'h2', 'X2', {blob}, 'en', '2021-06-01 00:00:00', 1);"
        ))
        .unwrap();
        // One step at a time, so a failure names its migration.
        for _ in 0..applied.len() {
            let reverted = match &mut **conn {
                DbConnection::Pg(c) => c.revert_last_migration(POSTGRES_MIGRATIONS),
                DbConnection::Sqlite(c) => c.revert_last_migration(SQLITE_MIGRATIONS),
            };
            if let Err(e) = reverted {
                let left = match &mut **conn {
                    DbConnection::Pg(c) => c.applied_migrations(),
                    DbConnection::Sqlite(c) => c.applied_migrations(),
                }
                .unwrap();
                panic!("reverting {:?} on {backend:?}: {e}", left.last());
            }
        }
        drop(conn);
        assert_eq!(store.migrate().unwrap(), applied);
    }

    #[test]
    fn every_migration_goes_down_and_up_again_on_sqlite() {
        down_and_up(Backend::Sqlite);
    }

    #[test]
    fn every_migration_goes_down_and_up_again_on_postgres() {
        down_and_up(Backend::Postgres);
    }
}
