//! Connections: one diesel code path over SQLite and PostgreSQL, chosen from the URL.
//!
//! `MultiConnection::establish` would try each backend in turn and could turn a
//! mistyped PostgreSQL URL into a fresh SQLite file; here the scheme decides, and the
//! driver's own error reaches the operator.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::Connection;
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sqlite::SqliteConnection;

use crate::StoreError;

pub use multi::DbConnection;

// The derive generates undocumented helper items beside the enum.
#[allow(missing_docs)]
mod multi {
    use diesel::pg::PgConnection;
    use diesel::sqlite::SqliteConnection;

    /// A connection to either backend.
    #[derive(diesel::MultiConnection)]
    pub enum DbConnection {
        /// PostgreSQL, for national deployments.
        Pg(PgConnection),
        /// SQLite, the embedded default.
        Sqlite(SqliteConnection),
    }
}

/// Runs `$body` with `$c` bound to the connection of the backend `$conn` holds. A query run
/// there is kept prepared under its type and its SQL is written once; run through the
/// multi-backend [`DbConnection`], its SQL text is written out again at every run (dozens of
/// allocations for a wide query). Used by the queries every dose runs.
macro_rules! on_backend {
    ($conn:expr, $c:ident => $body:expr) => {
        match $conn {
            $crate::DbConnection::Pg($c) => $body,
            $crate::DbConnection::Sqlite($c) => $body,
        }
    };
}
pub(crate) use on_backend;

/// Which database a URL names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// A PostgreSQL connection string (`postgres://...` or `postgresql://...`).
    Postgres(String),
    /// A SQLite database file.
    Sqlite(PathBuf),
}

impl DatabaseUrl {
    /// Parses `postgres://...`, `postgresql://...`, `sqlite:PATH`, `sqlite://PATH`, or a
    /// path ending in `.db`, `.sqlite` or `.sqlite3`. Anything else is refused, so a
    /// mistyped URL never silently creates an empty database.
    pub fn parse(url: &str) -> Result<Self, StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_string()));
        }
        if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            if path.is_empty() {
                return Err(StoreError::Config(
                    "sqlite: needs a file path, e.g. sqlite:./vaxkit.db".into(),
                ));
            }
            return Ok(Self::Sqlite(PathBuf::from(path)));
        }
        let lower = url.to_ascii_lowercase();
        if [".db", ".sqlite", ".sqlite3"]
            .iter()
            .any(|ext| lower.ends_with(ext))
            && !url.contains("://")
        {
            return Ok(Self::Sqlite(PathBuf::from(url)));
        }
        Err(StoreError::Config(format!(
            "`{url}` is not a database URL vaxkit understands: use postgres://user@host/db or sqlite:PATH (or a path ending in .db)"
        )))
    }

    /// Whether this is SQLite.
    pub fn is_sqlite(&self) -> bool {
        matches!(self, Self::Sqlite(_))
    }

    /// The URL without any password, for logs.
    pub fn redacted(&self) -> String {
        match self {
            Self::Sqlite(p) => format!("sqlite:{}", p.display()),
            Self::Postgres(u) => match (u.find("://"), u.rfind('@')) {
                (Some(s), Some(at)) if at > s => {
                    let creds = u.get(s + 3..at).unwrap_or("");
                    let user = creds.split(':').next().unwrap_or("");
                    format!(
                        "{}{}@{}",
                        u.get(..s + 3).unwrap_or(""),
                        user,
                        u.get(at + 1..).unwrap_or("")
                    )
                }
                _ => u.clone(),
            },
        }
    }
}

/// Opens connections for the r2d2 pool, with the SQLite settings vaxkit relies on.
#[derive(Debug, Clone)]
pub struct Manager {
    url: DatabaseUrl,
    losses: Arc<AtomicU64>,
}

impl Manager {
    /// A manager for this database.
    pub fn new(url: DatabaseUrl) -> Self {
        Self {
            url,
            losses: Arc::new(AtomicU64::new(0)),
        }
    }
}

/// A connection failure, with the driver's own message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConnectError(pub String);

/// How long a pooled connection may sit unused before it is checked (`SELECT 1`) on its way
/// out of the pool again.
pub const CHECK_IDLE_AFTER: Duration = Duration::from_secs(10);

/// A pooled connection and what the pool knows of its health: when work on it last succeeded,
/// and whether work failed on it since. A connection in steady use goes out of the pool without
/// a round trip. One that sat idle, or whose last work failed, is checked first and replaced if
/// it is dead; and once one connection is found dead (the database restarted, a failover cut
/// them all), every connection of the pool is checked before its next use.
pub struct Pooled {
    conn: DbConnection,
    last_ok: Instant,
    suspect: bool,
    /// The pool's count of connections found dead when this one was last known good.
    losses_seen: u64,
    losses: Arc<AtomicU64>,
    dead: bool,
}

impl Pooled {
    /// The connection itself, out of the pool's keeping.
    pub fn into_inner(self) -> DbConnection {
        self.conn
    }

    /// Records how work on the connection went.
    pub fn outcome(&mut self, ok: bool) {
        if ok {
            self.last_ok = Instant::now();
        } else {
            self.suspect = true;
        }
    }

    /// After work on the connection failed: whether the connection itself was lost (it no
    /// longer answers `SELECT 1`). A lost connection is dropped, not given back to the pool,
    /// and every other connection of the pool is checked before its next use. Work that failed
    /// on a lost connection before its commit wrote nothing and may run again on another.
    pub fn lost(&mut self) -> bool {
        // One that answers failed the work itself, and needs no check on its way out.
        self.dead || self.check().is_err()
    }

    /// Asks the database `SELECT 1`: an answer makes the connection known good; none makes it
    /// dead, and every other connection of its pool is checked before its next use.
    fn check(&mut self) -> Result<(), diesel::result::Error> {
        let seen = self.losses.load(Ordering::SeqCst);
        if let Err(e) = self.conn.batch_execute("SELECT 1") {
            self.dead = true;
            self.losses.fetch_add(1, Ordering::SeqCst);
            return Err(e);
        }
        self.suspect = false;
        self.losses_seen = seen;
        self.last_ok = Instant::now();
        Ok(())
    }
}

impl std::ops::Deref for Pooled {
    type Target = DbConnection;

    fn deref(&self) -> &DbConnection {
        &self.conn
    }
}

impl std::ops::DerefMut for Pooled {
    fn deref_mut(&mut self) -> &mut DbConnection {
        &mut self.conn
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Pooled;
    type Error = ConnectError;

    fn connect(&self) -> Result<Pooled, ConnectError> {
        let conn = match &self.url {
            DatabaseUrl::Postgres(url) => {
                let mut conn = PgConnection::establish(&with_network_defaults(url))
                    .map_err(|e| ConnectError(format!("PostgreSQL: {e}")))?;
                // Every query vaxkit prepares looks rows up by keys, so one generic plan per
                // statement serves every value; without this PostgreSQL plans the first
                // executions of each statement again, on every connection.
                conn.batch_execute("SET plan_cache_mode = force_generic_plan")
                    .map_err(|e| ConnectError(format!("PostgreSQL: {e}")))?;
                DbConnection::Pg(conn)
            }
            DatabaseUrl::Sqlite(path) => {
                let text = path.to_string_lossy();
                let mut conn = SqliteConnection::establish(&text)
                    .map_err(|e| ConnectError(format!("SQLite {text}: {e}")))?;
                // WAL lets readers run beside the writer; NORMAL is durable across
                // application crashes; foreign keys are off by default in SQLite.
                conn.batch_execute(
                    "PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                     PRAGMA foreign_keys = ON;",
                )
                .map_err(|e| ConnectError(format!("SQLite {text}: {e}")))?;
                DbConnection::Sqlite(conn)
            }
        };
        Ok(Pooled {
            conn,
            last_ok: Instant::now(),
            suspect: false,
            losses_seen: self.losses.load(Ordering::SeqCst),
            losses: Arc::clone(&self.losses),
            dead: false,
        })
    }

    fn is_valid(&self, conn: &mut Pooled) -> Result<(), ConnectError> {
        let steady = !conn.suspect
            && conn.losses_seen == self.losses.load(Ordering::SeqCst)
            && conn.last_ok.elapsed() < CHECK_IDLE_AFTER;
        if steady {
            return Ok(());
        }
        conn.check().map_err(|e| ConnectError(e.to_string()))
    }

    fn has_broken(&self, conn: &mut Pooled) -> bool {
        // A connection whose transaction could not be closed, one found dead, or one given
        // back during a panic must not serve the next caller.
        conn.dead
            || std::thread::panicking()
            || diesel::r2d2::R2D2Connection::is_broken(&mut conn.conn)
    }
}

/// libpq options every PostgreSQL connection gets unless its URL names them: a connection attempt
/// gives up after 5 s, and a connection whose server vanished from the network (no answer to
/// keepalive probes or to data sent) is closed within about 20 s instead of the kernel's minutes,
/// so a query on it fails (`service_unavailable`) and the pool opens a new one. A server that is
/// slow but alive answers the probes, so long queries are not cut.
pub const NETWORK_DEFAULTS: [(&str, &str); 5] = [
    ("connect_timeout", "5"),
    ("keepalives_idle", "10"),
    ("keepalives_interval", "5"),
    ("keepalives_count", "2"),
    ("tcp_user_timeout", "20000"),
];

/// A PostgreSQL URL with [`NETWORK_DEFAULTS`] added where it does not name them.
pub fn with_network_defaults(url: &str) -> String {
    let query = url.split_once('?').map_or("", |(_, q)| q);
    let named: Vec<&str> = query
        .split('&')
        .filter_map(|pair| pair.split('=').next())
        .collect();
    let mut out = url.to_owned();
    for (name, value) in NETWORK_DEFAULTS {
        if named.contains(&name) {
            continue;
        }
        out.push(if out.contains('?') { '&' } else { '?' });
        out.push_str(name);
        out.push('=');
        out.push_str(value);
    }
    out
}

/// How long a request waits for a pooled connection before it fails (`service_unavailable`).
/// While the database is down every request waits this long, so it bounds the answer a client
/// gets in an outage; a healthy pool hands out connections in milliseconds (docs/benchmarks.md).
pub const CONNECTION_TIMEOUT: Duration = Duration::from_secs(5);

/// Builds a pool; SQLite writers are serialised through a pool of one (several SQLite
/// writers only make the busy handler sleep).
pub fn pool(url: &DatabaseUrl, size: u32) -> Result<r2d2::Pool<Manager>, StoreError> {
    r2d2::Pool::builder()
        .max_size(size)
        .connection_timeout(CONNECTION_TIMEOUT)
        // Asked on checkout, and answered without a round trip for a connection in steady use
        // (see [`Pooled`]): a connection the database dropped (a restart, a failover) is
        // replaced instead of failing requests until the process restarts.
        .test_on_check_out(true)
        .build(Manager::new(url.clone()))
        .map_err(|e| StoreError::Connect(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backend_comes_from_the_scheme() {
        assert_eq!(
            DatabaseUrl::parse("postgres://u:secret@localhost/vax").unwrap(),
            DatabaseUrl::Postgres("postgres://u:secret@localhost/vax".into())
        );
        assert_eq!(
            DatabaseUrl::parse("sqlite:./x.db").unwrap(),
            DatabaseUrl::Sqlite("./x.db".into())
        );
        assert_eq!(
            DatabaseUrl::parse("data/vaxkit.db").unwrap(),
            DatabaseUrl::Sqlite("data/vaxkit.db".into())
        );
        for bad in [
            "localhost/vax",
            "postgress://x",
            "mysql://x",
            "vaxkit",
            "sqlite:",
        ] {
            assert!(DatabaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn postgres_connections_get_network_timeouts_unless_the_url_names_them() {
        assert_eq!(
            with_network_defaults("postgres://u@db/vax"),
            "postgres://u@db/vax?connect_timeout=5&keepalives_idle=10&keepalives_interval=5\
             &keepalives_count=2&tcp_user_timeout=20000"
        );
        assert_eq!(
            with_network_defaults(
                "postgres://u@db/vax?sslmode=require&tcp_user_timeout=1000&connect_timeout=2"
            ),
            "postgres://u@db/vax?sslmode=require&tcp_user_timeout=1000&connect_timeout=2\
             &keepalives_idle=10&keepalives_interval=5&keepalives_count=2"
        );
    }

    #[test]
    fn passwords_never_reach_logs() {
        let u = DatabaseUrl::parse("postgres://vax:s3cret@db.example:5432/vax").unwrap();
        assert_eq!(u.redacted(), "postgres://vax@db.example:5432/vax");
    }
}
