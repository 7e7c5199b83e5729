//! A fresh database per test, on either backend: a SQLite file in a temporary folder, or a new
//! database on the test PostgreSQL server, dropped when the [`TestDatabase`] is. Every store,
//! API and command-line test that touches a database runs on both, through
//! [`crate::both_backends!`].
//!
//! PostgreSQL is at `postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable` unless
//! `VAXKIT_TEST_POSTGRES_URL` says otherwise (`.ci/run` starts it). Plain connections over the
//! loopback: with TLS, OpenSSL's clean-up at process exit raced with worker threads that were
//! still ending after using it, and aborted a test process now and then (`double free or
//! corruption`) after its tests had passed. TLS itself has its own tests (`vaxkit-store`'s
//! `tls.rs`, on a cluster of their own). When it cannot be reached the
//! PostgreSQL variant of each test fails; it never skips.

use diesel::{Connection, PgConnection, RunQueryDsl};
use vaxkit_store::DatabaseUrl;

/// Environment variable naming the PostgreSQL server tests create their databases on.
pub const POSTGRES_URL_ENV: &str = "VAXKIT_TEST_POSTGRES_URL";
const DEFAULT_POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file in a temporary folder.
    Sqlite,
    /// A fresh database on the test PostgreSQL server.
    Postgres,
}

/// A database that exists for one test.
pub struct TestDatabase {
    /// Where it is.
    pub url: DatabaseUrl,
    /// Which backend.
    pub backend: Backend,
    /// Keeps the SQLite folder alive.
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL server URL and the database name, to drop it.
    postgres: Option<(String, String)>,
}

impl TestDatabase {
    /// A new, empty database (not migrated).
    pub fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let url = DatabaseUrl::Sqlite(dir.path().join("vaxkit.db"));
                Self {
                    url,
                    backend,
                    _dir: Some(dir),
                    postgres: None,
                }
            }
            Backend::Postgres => {
                let server = postgres_server_url();
                let name = format!("vaxkit_test_{}", unique_suffix());
                admin_execute(&server, &format!("CREATE DATABASE {name}"));
                let url = DatabaseUrl::Postgres(database_url(&server, &name));
                Self {
                    url,
                    backend,
                    _dir: None,
                    postgres: Some((server, name)),
                }
            }
        }
    }

    /// The URL as the command line takes it (`sqlite:PATH` or `postgres://...`).
    pub fn url_text(&self) -> String {
        match &self.url {
            DatabaseUrl::Sqlite(path) => format!("sqlite:{}", path.display()),
            DatabaseUrl::Postgres(url) => url.clone(),
        }
    }

    /// Takes a PostgreSQL database away now, under whatever uses it (outage tests).
    pub fn drop_now(&self) {
        match &self.postgres {
            Some((server, name)) => admin_execute(
                server,
                &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            ),
            None => panic!("only a PostgreSQL test database can be dropped under its users"),
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.postgres {
            // Never panic in drop: a failed clean-up leaves a database named vaxkit_test_*.
            if let Ok(mut conn) = PgConnection::establish(server) {
                let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                    .execute(&mut conn);
            }
        }
    }
}

/// A database name suffix no other test of this run uses.
fn unique_suffix() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "{}_{}_{}",
        std::process::id(),
        nanos,
        NEXT.fetch_add(1, Ordering::Relaxed)
    )
}

fn postgres_server_url() -> String {
    std::env::var(POSTGRES_URL_ENV).unwrap_or_else(|_| DEFAULT_POSTGRES_URL.to_owned())
}

/// The URL of database `name` on the server of `server_url` (whose last path segment is a
/// database name).
fn database_url(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server_url, None),
    };
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base.get(scheme_end..).and_then(|rest| rest.find('/')) {
        Some(slash) => base.get(..scheme_end + slash).unwrap_or(base),
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

fn admin_execute(server: &str, sql: &str) {
    let mut conn = PgConnection::establish(server).unwrap_or_else(|e| {
        panic!(
            "PostgreSQL is not reachable at {server}: {e}\n\
             The tests run on SQLite and on PostgreSQL; start PostgreSQL (.ci/run does) or set \
             {POSTGRES_URL_ENV} to a server where this user may create databases."
        )
    });
    let _ = diesel::sql_query(sql)
        .execute(&mut conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Expands one test into a `sqlite` and a `postgres` test in a module named `$name`, each given
/// its [`Backend`] as `$backend`:
///
/// ```ignore
/// both_backends!(capacity_holds, |backend| {
///     let db = TestDatabase::create(backend);
///     ...
/// });
/// both_backends!(healthz_answers, async |backend| async move { ... });
/// ```
///
/// The async form runs on Tokio (`#[tokio::test]`); the crate using it depends on tokio.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, async |$backend:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let $backend = $crate::db::Backend::Sqlite;
                $body.await
            }

            #[tokio::test]
            async fn postgres() {
                let $backend = $crate::db::Backend::Postgres;
                $body.await
            }
        }
    };
    ($name:ident, |$backend:ident| $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn sqlite() {
                let $backend = $crate::db::Backend::Sqlite;
                $body
            }

            #[test]
            fn postgres() {
                let $backend = $crate::db::Backend::Postgres;
                $body
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_urls_keep_credentials_and_options() {
        assert_eq!(
            database_url("postgres://postgres@127.0.0.1:5432/postgres", "t1"),
            "postgres://postgres@127.0.0.1:5432/t1"
        );
        assert_eq!(
            database_url("postgres://u:p@db/postgres?sslmode=require", "t1"),
            "postgres://u:p@db/t1?sslmode=require"
        );
        assert_eq!(
            database_url("postgres://db:5432", "t1"),
            "postgres://db:5432/t1"
        );
    }

    crate::both_backends!(a_database_is_made_and_removed, |backend| {
        let db = TestDatabase::create(backend);
        assert_eq!(db.backend, backend);
        let text = db.url_text();
        match backend {
            Backend::Sqlite => assert!(text.starts_with("sqlite:"), "{text}"),
            Backend::Postgres => assert!(text.starts_with("postgres://"), "{text}"),
        }
    });
}
