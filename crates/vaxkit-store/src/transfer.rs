//! Moving a whole database: `vaxkit db copy` between backends, `vaxkit backup` and
//! `vaxkit restore`.
//!
//! Generic over the schema: the tables, their columns and their foreign keys come from each
//! database's own catalog, so a table or a column that a later migration adds is carried
//! without a change here, and one that exists on one side only stops the copy with its name.
//! Every table is checked by its row count and a checksum of its rows, computed the same way
//! on both sides from canonical values (an order-independent sum of one SHA-256 per row), so a
//! difference in how the two backends spell a value (a timestamp, a boolean, bytes) neither
//! hides a real difference nor invents one. Timestamps are compared to the microsecond, the
//! precision PostgreSQL keeps.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use diesel::connection::SimpleConnection;
use diesel::pg::PgConnection;
use diesel::sql_types::{BigInt, Nullable, Text};
use diesel::sqlite::SqliteConnection;
use diesel::{Connection, QueryableByName, RunQueryDsl};
use sha2::{Digest, Sha256};

use crate::db::{DatabaseUrl, DbConnection};
use crate::{Secrets, Store, StoreError, StoreResult};

/// diesel's record of applied migrations: compared, never copied (the target's own migrations
/// write it).
const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

/// Rows read and written per statement.
const BATCH: i64 = 1000;

/// One table: its rows and their checksum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableSummary {
    /// The table's name.
    pub name: String,
    /// How many rows it holds.
    pub rows: u64,
    /// The checksum of its rows (32 hex digits), the same on either backend for the same data.
    pub checksum: String,
}

/// What a copy did: the migrations it applied to the target first, and each table as found in
/// the source (and found again, equal, in the target).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopyReport {
    /// Migrations applied to the target before the rows were copied.
    pub migrations: Vec<String>,
    /// Every table copied, in the order it was written.
    pub tables: Vec<TableSummary>,
}

/// Copies every row of every table from `from` into `to`, on either backend. The target must
/// hold no rows (a new SQLite file is made; a PostgreSQL database must exist); its migrations
/// are applied first and must then be the source's. The source is read in one snapshot and the
/// target written in one transaction, so a failure leaves the target empty; afterwards every
/// table of the target is read back and compared with the source by count and checksum.
/// `progress` hears of each table once it is written.
pub fn copy(
    from: &DatabaseUrl,
    to: &DatabaseUrl,
    progress: &mut dyn FnMut(&TableSummary),
) -> StoreResult<CopyReport> {
    if same_database(from, to) {
        return Err(StoreError::Config(
            "the source and the target are the same database".into(),
        ));
    }
    let mut source = open_source(from)?;
    let source_migrations = migrations(&mut source)
        .map_err(|e| StoreError::Config(format!("{}: {e}", from.redacted())))?;

    // Refused before anything is written, migrations included: a database that holds rows is
    // never changed.
    let store = Store::open(to, Secrets::from_master(&[0u8; 32]), 1)?;
    let mut target = connect(to)?;
    refuse_rows(&mut target, to)?;
    let applied = store.migrate()?;
    drop(store);
    refuse_rows(&mut target, to)?;
    let target_migrations = migrations(&mut target)?;
    if source_migrations != target_migrations {
        return Err(migration_mismatch(
            from,
            &source_migrations,
            &target_migrations,
        ));
    }

    let plan = plan(&mut source, &mut target)?;
    let copied = source.transaction(|s| {
        snapshot(s)?;
        target.transaction(|t| {
            if let DbConnection::Sqlite(c) = t {
                // Rows of a table that refer to each other arrive in any order; SQLite checks
                // the references at commit instead.
                c.batch_execute("PRAGMA defer_foreign_keys = ON")?;
            }
            let mut copied = Vec::with_capacity(plan.len());
            for table in &plan {
                let summary = copy_table(s, t, table)?;
                progress(&summary);
                copied.push(summary);
            }
            reset_sequences(t, &plan)?;
            Ok::<_, StoreError>(copied)
        })
    })?;

    // Read back what the target now holds, as a reader would.
    let written = target.transaction(|t| {
        snapshot(t)?;
        plan.iter()
            .map(|table| summarize_table(t, &table.name, &table.target_columns()))
            .collect::<StoreResult<Vec<_>>>()
    })?;
    for (read, wrote) in copied.iter().zip(&written) {
        if read != wrote {
            return Err(StoreError::Config(format!(
                "table {}: {} rows with checksum {} in the source, but {} rows with checksum {} in the copy",
                read.name, read.rows, read.checksum, wrote.rows, wrote.checksum
            )));
        }
    }
    // The planner's statistics for the tables just filled (see [`Store::analyze`]).
    target.batch_execute("ANALYZE")?;
    Ok(CopyReport {
        migrations: applied,
        tables: copied,
    })
}

/// Counts and checksums of every table of a database (diesel's migrations table aside), read
/// in one snapshot: the same for the same data on either backend, so two databases can be
/// compared after a copy or a restore.
pub fn summarize(url: &DatabaseUrl) -> StoreResult<Vec<TableSummary>> {
    let mut conn = open_source(url)?;
    let tables = catalog(&mut conn)?;
    conn.transaction(|c| {
        snapshot(c)?;
        tables
            .values()
            .map(|t| summarize_table(c, &t.name, &t.columns))
            .collect()
    })
}

/// Writes a backup of the database to `file`, which must not exist yet; returns the tables it
/// holds, in name order. The backup is always a SQLite file, readable only by its owner: of a SQLite database
/// it is `VACUUM INTO` (a consistent copy taken while the server runs); of a PostgreSQL
/// database it is [`copy`] into a new SQLite file, checked table by table. [`restore`] takes
/// either into either backend.
pub fn backup(from: &DatabaseUrl, file: &Path) -> StoreResult<Vec<TableSummary>> {
    if file.exists() {
        return Err(StoreError::Config(format!(
            "{} exists already: a backup never overwrites a file",
            file.display()
        )));
    }
    let target = DatabaseUrl::Sqlite(file.to_path_buf());
    let result = match from {
        DatabaseUrl::Sqlite(path) => vacuum_into(path, file).and_then(|()| summarize(&target)),
        DatabaseUrl::Postgres(_) => copy(from, &target, &mut |_| {}).and_then(|report| {
            // One self-contained file: no write-ahead log beside it.
            let mut conn = connect(&target)?;
            conn.batch_execute("PRAGMA journal_mode = DELETE")?;
            let mut tables = report.tables;
            tables.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(tables)
        }),
    };
    if result.is_err() {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut name = file.as_os_str().to_owned();
            name.push(suffix);
            let _ = std::fs::remove_file(name);
        }
    }
    result
}

/// Restores a backup made by [`backup`] into `to`, which must hold no rows, through [`copy`]
/// (so with the same checks: migrations first, then every table by count and checksum).
pub fn restore(file: &Path, to: &DatabaseUrl) -> StoreResult<CopyReport> {
    if !file.is_file() {
        return Err(StoreError::Config(format!(
            "{}: no such backup file",
            file.display()
        )));
    }
    let from = DatabaseUrl::Sqlite(file.to_path_buf());
    let mut conn = open_source(&from)?;
    let DbConnection::Sqlite(c) = &mut conn else {
        return Err(StoreError::Config(
            "a backup file is a SQLite database".into(),
        ));
    };
    let check: Vec<NameRow> =
        diesel::sql_query("SELECT integrity_check AS name FROM pragma_integrity_check")
            .load(c)
            .map_err(|e| {
                StoreError::Config(format!("{} is not a vaxkit backup: {e}", file.display()))
            })?;
    if check.iter().map(|r| r.name.as_str()).collect::<Vec<_>>() != ["ok"] {
        return Err(StoreError::Config(format!(
            "{} is damaged: {}",
            file.display(),
            check
                .iter()
                .map(|r| r.name.as_str())
                .collect::<Vec<_>>()
                .join("; ")
        )));
    }
    drop(conn);
    copy(&from, to, &mut |_| {})
}

/// `VACUUM INTO` a new file made readable by its owner only.
fn vacuum_into(database: &Path, file: &Path) -> StoreResult<()> {
    if !database.is_file() {
        return Err(StoreError::Config(format!(
            "{}: no such SQLite database",
            database.display()
        )));
    }
    crate::create_private(file)?;
    let mut conn = SqliteConnection::establish(&database.to_string_lossy())
        .map_err(|e| StoreError::Connect(format!("SQLite {}: {e}", database.display())))?;
    conn.batch_execute("PRAGMA busy_timeout = 10000")?;
    let quoted = file.to_string_lossy().replace('\'', "''");
    conn.batch_execute(&format!("VACUUM INTO '{quoted}'"))?;
    Ok(())
}

/// Whether two URLs name the same database (the same file, or the same connection string).
fn same_database(a: &DatabaseUrl, b: &DatabaseUrl) -> bool {
    match (a, b) {
        (DatabaseUrl::Sqlite(x), DatabaseUrl::Sqlite(y)) => {
            x == y
                || matches!(
                    (std::fs::canonicalize(x), std::fs::canonicalize(y)),
                    (Ok(cx), Ok(cy)) if cx == cy
                )
        }
        (DatabaseUrl::Postgres(x), DatabaseUrl::Postgres(y)) => x == y,
        _ => false,
    }
}

/// A connection to the database being read: a SQLite file must exist (never created) and is
/// opened read-only.
fn open_source(url: &DatabaseUrl) -> StoreResult<DbConnection> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            if !path.is_file() {
                return Err(StoreError::Config(format!(
                    "{}: no such SQLite database",
                    path.display()
                )));
            }
            let mut conn = SqliteConnection::establish(&path.to_string_lossy())
                .map_err(|e| StoreError::Connect(format!("SQLite {}: {e}", path.display())))?;
            conn.batch_execute("PRAGMA busy_timeout = 10000; PRAGMA query_only = ON")?;
            Ok(DbConnection::Sqlite(conn))
        }
        DatabaseUrl::Postgres(_) => connect(url),
    }
}

/// A connection with the settings the server uses.
fn connect(url: &DatabaseUrl) -> StoreResult<DbConnection> {
    match url {
        DatabaseUrl::Postgres(text) => {
            PgConnection::establish(&crate::db::with_network_defaults(text))
                .map(DbConnection::Pg)
                .map_err(|e| StoreError::Connect(format!("PostgreSQL {}: {e}", url.redacted())))
        }
        DatabaseUrl::Sqlite(_) => {
            r2d2::ManageConnection::connect(&crate::db::Manager::new(url.clone()))
                .map(crate::db::Pooled::into_inner)
                .map_err(|e| StoreError::Connect(e.to_string()))
        }
    }
}

/// Makes the rest of the transaction read one consistent state: PostgreSQL's repeatable read
/// (SQLite's transaction is a snapshot already).
fn snapshot(conn: &mut DbConnection) -> StoreResult<()> {
    if let DbConnection::Pg(c) = conn {
        c.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")?;
    }
    Ok(())
}

#[derive(QueryableByName)]
struct NameRow {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct MaybeNameRow {
    #[diesel(sql_type = Nullable<Text>)]
    name: Option<String>,
}

#[derive(QueryableByName)]
struct ColumnRow {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    decl: String,
    #[diesel(sql_type = BigInt)]
    pk: i64,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct JsonRow {
    #[diesel(sql_type = Text)]
    row: String,
}

/// Runs a query on either backend, binding at most one text argument.
macro_rules! load {
    ($conn:expr, $row:ty, pg = $pg:expr, sqlite = $sqlite:expr $(, $arg:expr)?) => {
        match $conn {
            DbConnection::Pg(c) => diesel::sql_query($pg)$(.bind::<Text, _>($arg))?.load::<$row>(c),
            DbConnection::Sqlite(c) => {
                diesel::sql_query($sqlite)$(.bind::<Text, _>($arg))?.load::<$row>(c)
            }
        }
    };
}

/// An identifier, quoted for either backend.
fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The migrations a database has had, by version.
fn migrations(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    if !table_names(conn)?.iter().any(|t| t == MIGRATIONS_TABLE) {
        return Err(StoreError::Config(
            "not a vaxkit database: it has no migrations (run `vaxkit migrate` on it, or name another)"
                .into(),
        ));
    }
    let sql =
        format!("SELECT CAST(version AS TEXT) AS name FROM {MIGRATIONS_TABLE} ORDER BY version");
    Ok(load!(conn, NameRow, pg = &sql, sqlite = &sql)?
        .into_iter()
        .map(|r| r.name)
        .collect())
}

fn migration_mismatch(from: &DatabaseUrl, source: &[String], target: &[String]) -> StoreError {
    let unknown: Vec<&str> = source
        .iter()
        .filter(|v| !target.contains(v))
        .map(String::as_str)
        .collect();
    let missing: Vec<&str> = target
        .iter()
        .filter(|v| !source.contains(v))
        .map(String::as_str)
        .collect();
    let mut message = format!("{} has other migrations than this vaxkit:", from.redacted());
    if !missing.is_empty() {
        message.push_str(&format!(
            " it lacks {} (run `vaxkit migrate --database` on it first)",
            missing.join(", ")
        ));
    }
    if !unknown.is_empty() {
        message.push_str(&format!(
            " it has {}, which this vaxkit does not know (use the vaxkit release that made them)",
            unknown.join(", ")
        ));
    }
    StoreError::Config(message)
}

/// Every table, diesel's migrations table included, in name order.
fn table_names(conn: &mut DbConnection) -> StoreResult<Vec<String>> {
    Ok(load!(
        conn,
        NameRow,
        pg = "SELECT CAST(tablename AS TEXT) AS name FROM pg_tables \
              WHERE schemaname = current_schema() ORDER BY tablename",
        sqlite = "SELECT name FROM sqlite_master WHERE type = 'table' \
                  AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name"
    )?
    .into_iter()
    .map(|r| r.name)
    .collect())
}

/// Refuses a target that holds rows in any table (diesel's migrations table aside).
fn refuse_rows(conn: &mut DbConnection, url: &DatabaseUrl) -> StoreResult<()> {
    let mut filled = Vec::new();
    for table in table_names(conn)? {
        if table == MIGRATIONS_TABLE {
            continue;
        }
        if count(conn, &table)? > 0 {
            filled.push(table);
        }
    }
    if filled.is_empty() {
        Ok(())
    } else {
        Err(StoreError::Config(format!(
            "{} is not empty (rows in {}): the copy goes only into a database without data",
            url.redacted(),
            filled.join(", ")
        )))
    }
}

fn count(conn: &mut DbConnection, table: &str) -> StoreResult<i64> {
    let sql = format!("SELECT CAST(COUNT(*) AS BIGINT) AS n FROM {}", quote(table));
    Ok(load!(conn, CountRow, pg = &sql, sqlite = &sql)?
        .first()
        .map_or(0, |r| r.n))
}

/// How a column's values are read, compared and written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Float,
    Bool,
    Text,
    Bytes,
    Date,
    Timestamp,
}

impl Kind {
    /// The kind of a declared type (SQLite's or PostgreSQL's spelling); an unknown type stops
    /// the copy rather than being carried as something it is not.
    fn of(table: &str, column: &str, declared: &str) -> StoreResult<Kind> {
        let upper = declared.trim().to_ascii_uppercase();
        let base = match upper.split_once('(') {
            Some((head, tail)) => {
                // `timestamp(3) without time zone`: the precision is not part of the name.
                let rest = tail.split_once(')').map_or("", |(_, r)| r);
                format!("{}{}", head.trim(), rest)
            }
            None => upper.clone(),
        };
        Ok(match base.trim() {
            "INTEGER" | "INT" | "BIGINT" | "SMALLINT" | "TINYINT" | "MEDIUMINT" | "INT2"
            | "INT4" | "INT8" | "BIGSERIAL" | "SERIAL" => Kind::Int,
            "BOOLEAN" | "BOOL" => Kind::Bool,
            "DOUBLE PRECISION" | "DOUBLE" | "REAL" | "FLOAT" | "FLOAT4" | "FLOAT8" => Kind::Float,
            "TEXT" | "VARCHAR" | "CHARACTER VARYING" | "CHAR" | "CHARACTER" | "CLOB" | "JSON"
            | "JSONB" | "UUID" => Kind::Text,
            "BLOB" | "BYTEA" => Kind::Bytes,
            "DATE" => Kind::Date,
            "TIMESTAMP"
            | "DATETIME"
            | "TIMESTAMP WITHOUT TIME ZONE"
            | "TIMESTAMP WITH TIME ZONE"
            | "TIMESTAMPTZ" => Kind::Timestamp,
            _ => {
                return Err(StoreError::Config(format!(
                    "column {table}.{column} has the type `{declared}`, which the copy cannot carry \
                     between databases"
                )));
            }
        })
    }
}

/// A column as one database declares it.
#[derive(Debug, Clone)]
struct Column {
    name: String,
    decl: String,
    kind: Kind,
    pk: bool,
}

/// A table as one database declares it.
#[derive(Debug, Clone)]
struct Table {
    name: String,
    /// In name order (the order checksums use on both sides).
    columns: Vec<Column>,
    /// Tables its foreign keys refer to (itself included).
    parents: BTreeSet<String>,
}

/// Every table but diesel's migrations table, by name.
fn catalog(conn: &mut DbConnection) -> StoreResult<BTreeMap<String, Table>> {
    let mut tables = BTreeMap::new();
    for name in table_names(conn)? {
        if name == MIGRATIONS_TABLE {
            continue;
        }
        let arg = match conn {
            DbConnection::Pg(_) => quote(&name),
            DbConnection::Sqlite(_) => name.clone(),
        };
        let rows = load!(
            conn,
            ColumnRow,
            pg = "SELECT CAST(a.attname AS TEXT) AS name, format_type(a.atttypid, a.atttypmod) AS decl, \
                  CAST(CASE WHEN EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = a.attrelid \
                  AND i.indisprimary AND a.attnum = ANY (i.indkey)) THEN 1 ELSE 0 END AS BIGINT) AS pk \
                  FROM pg_attribute a WHERE a.attrelid = CAST($1 AS TEXT)::regclass AND a.attnum > 0 \
                  AND NOT a.attisdropped AND a.attgenerated = ''",
            sqlite =
                "SELECT name, type AS decl, CAST(pk AS BIGINT) AS pk FROM pragma_table_info(?)",
            &arg
        )?;
        let mut columns = rows
            .into_iter()
            .map(|r| {
                Ok(Column {
                    kind: Kind::of(&name, &r.name, &r.decl)?,
                    name: r.name,
                    decl: r.decl,
                    pk: r.pk != 0,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        columns.sort_by(|a, b| a.name.cmp(&b.name));
        let parents = load!(
            conn,
            NameRow,
            pg = "SELECT DISTINCT CAST(c.confrelid::regclass AS TEXT) AS name FROM pg_constraint c \
                  WHERE c.contype = 'f' AND c.conrelid = CAST($1 AS TEXT)::regclass",
            sqlite = "SELECT DISTINCT \"table\" AS name FROM pragma_foreign_key_list(?)",
            &arg
        )?
        .into_iter()
        .map(|r| r.name.trim_matches('"').to_owned())
        .collect();
        tables.insert(
            name.clone(),
            Table {
                name,
                columns,
                parents,
            },
        );
    }
    Ok(tables)
}

/// One table to copy: the source's and the target's view of each column, paired by name.
struct TablePlan {
    name: String,
    source: Vec<Column>,
    target: Vec<Column>,
    /// Whether its foreign keys refer to the table itself.
    self_referring: bool,
}

impl TablePlan {
    fn target_columns(&self) -> Vec<Column> {
        self.target.clone()
    }
}

/// Pairs the two catalogs table by table and column by column, refusing any difference, and
/// orders the tables so that each comes after the tables it refers to.
fn plan(source: &mut DbConnection, target: &mut DbConnection) -> StoreResult<Vec<TablePlan>> {
    let from = catalog(source)?;
    let to = catalog(target)?;
    let only_source: Vec<&str> = from
        .keys()
        .filter(|t| !to.contains_key(*t))
        .map(String::as_str)
        .collect();
    let only_target: Vec<&str> = to
        .keys()
        .filter(|t| !from.contains_key(*t))
        .map(String::as_str)
        .collect();
    if !only_source.is_empty() || !only_target.is_empty() {
        return Err(StoreError::Config(format!(
            "the schemas differ: tables only in the source: [{}]; only in the target: [{}]",
            only_source.join(", "),
            only_target.join(", ")
        )));
    }
    let mut plans = BTreeMap::new();
    for (name, s) in &from {
        let t = to
            .get(name)
            .ok_or_else(|| StoreError::Config(format!("table {name} is missing")))?;
        let names = |cols: &[Column]| cols.iter().map(|c| c.name.clone()).collect::<Vec<_>>();
        if names(&s.columns) != names(&t.columns) {
            return Err(StoreError::Config(format!(
                "the schemas differ: table {name} has columns [{}] in the source but [{}] in the target",
                names(&s.columns).join(", "),
                names(&t.columns).join(", ")
            )));
        }
        for (a, b) in s.columns.iter().zip(&t.columns) {
            if a.kind != b.kind {
                return Err(StoreError::Config(format!(
                    "the schemas differ: column {name}.{} is `{}` in the source but `{}` in the target",
                    a.name, a.decl, b.decl
                )));
            }
        }
        plans.insert(
            name.clone(),
            TablePlan {
                name: name.clone(),
                source: s.columns.clone(),
                target: t.columns.clone(),
                self_referring: t.parents.contains(name),
            },
        );
    }
    // Parents first (Kahn's algorithm, ties by name).
    let mut ordered = Vec::with_capacity(plans.len());
    let mut done = BTreeSet::new();
    while !plans.is_empty() {
        let ready: Vec<String> = plans
            .keys()
            .filter(|name| {
                to.get(*name).is_some_and(|t| {
                    t.parents
                        .iter()
                        .all(|p| p == *name || done.contains(p) || !to.contains_key(p))
                })
            })
            .cloned()
            .collect();
        if ready.is_empty() {
            return Err(StoreError::Config(format!(
                "the tables {} refer to each other in a cycle; the copy cannot order them",
                plans.keys().cloned().collect::<Vec<_>>().join(", ")
            )));
        }
        for name in ready {
            if let Some(p) = plans.remove(&name) {
                ordered.push(p);
            }
            done.insert(name);
        }
    }
    Ok(ordered)
}

/// A value read from either backend, in one canonical form.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(String),
    Bytes(Vec<u8>),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
}

impl Value {
    /// Reads what the select of [`read_expression`] gave for a column of this kind.
    fn from_json(kind: Kind, v: &serde_json::Value) -> Result<Value, String> {
        use serde_json::Value as J;
        if v.is_null() {
            return Ok(Value::Null);
        }
        let bad = || format!("`{v}` is not a {kind:?} value");
        Ok(match kind {
            Kind::Int => Value::Int(v.as_i64().ok_or_else(bad)?),
            Kind::Float => Value::Float(match v {
                J::String(s) => s.trim().parse().map_err(|_| bad())?,
                _ => v.as_f64().ok_or_else(bad)?,
            }),
            Kind::Bool => Value::Bool(match v {
                J::Bool(b) => *b,
                J::Number(n) => n.as_i64().ok_or_else(bad)? != 0,
                _ => return Err(bad()),
            }),
            Kind::Text => Value::Text(match v {
                J::String(s) => s.clone(),
                other => other.to_string(),
            }),
            Kind::Bytes => {
                Value::Bytes(hex::decode(v.as_str().ok_or_else(bad)?).map_err(|_| bad())?)
            }
            Kind::Date => Value::Date(
                NaiveDate::parse_from_str(v.as_str().ok_or_else(bad)?, "%Y-%m-%d")
                    .map_err(|_| bad())?,
            ),
            Kind::Timestamp => {
                Value::Timestamp(parse_timestamp(v.as_str().ok_or_else(bad)?).ok_or_else(bad)?)
            }
        })
    }

    /// Feeds the value into a row's hash.
    fn hash_into(&self, h: &mut Sha256) {
        match self {
            Value::Null => h.update([0]),
            Value::Int(i) => {
                h.update([1]);
                h.update(i.to_be_bytes());
            }
            Value::Float(f) => {
                h.update([2]);
                h.update(f.to_bits().to_be_bytes());
            }
            Value::Bool(b) => h.update([3, u8::from(*b)]),
            Value::Text(s) => {
                h.update([4]);
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            Value::Bytes(b) => {
                h.update([5]);
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
            Value::Date(d) => {
                h.update([6]);
                h.update(d.num_days_from_ce().to_be_bytes());
            }
            Value::Timestamp(t) => {
                h.update([7]);
                h.update(t.and_utc().timestamp().to_be_bytes());
                h.update(t.nanosecond().to_be_bytes());
            }
        }
    }

    /// The value as the target's insert reads it from JSON.
    fn to_json(&self, postgres: bool) -> StoreResult<serde_json::Value> {
        use serde_json::Value as J;
        Ok(match self {
            Value::Null => J::Null,
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .ok_or_else(|| StoreError::Config(format!("the number {f} cannot be copied")))?,
            Value::Bool(b) => J::Bool(*b),
            Value::Text(s) => J::String(s.clone()),
            Value::Bytes(b) if postgres => J::String(format!("\\x{}", hex::encode(b))),
            Value::Bytes(b) => J::String(hex::encode(b)),
            Value::Date(d) => J::String(d.format("%Y-%m-%d").to_string()),
            // The form diesel writes on SQLite.
            Value::Timestamp(t) => J::String(t.format("%Y-%m-%d %H:%M:%S%.f").to_string()),
        })
    }
}

/// A timestamp as either backend writes it, cut to the microsecond.
fn parse_timestamp(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    let parsed = [
        "%Y-%m-%d %H:%M:%S%.f",
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%dT%H:%M:%S",
    ]
    .iter()
    .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
    .or_else(|| {
        chrono::DateTime::parse_from_rfc3339(s)
            .ok()
            .map(|t| t.naive_utc())
    })?;
    parsed.with_nanosecond(parsed.nanosecond() / 1000 * 1000)
}

/// How a column is selected so that its value reaches JSON without loss.
fn read_expression(column: &Column, postgres: bool) -> String {
    let q = quote(&column.name);
    match (column.kind, postgres) {
        (Kind::Bytes, true) => format!("encode({q}, 'hex')"),
        (Kind::Bytes, false) => format!("CASE WHEN {q} IS NULL THEN NULL ELSE hex({q}) END"),
        // SQLite's JSON keeps 15 digits of a real; 17 always give the same number back.
        (Kind::Float, false) => {
            format!("CASE WHEN {q} IS NULL THEN NULL ELSE printf('%!.17g', {q}) END")
        }
        // PostgreSQL's text is the shortest form that gives the same number back.
        (Kind::Float, true) => format!("CAST({q} AS TEXT)"),
        _ => q,
    }
}

/// Reads a table in batches, in primary-key order, each row as its canonical values.
fn for_each_batch(
    conn: &mut DbConnection,
    table: &str,
    columns: &[Column],
    batch: i64,
    mut each: impl FnMut(Vec<Vec<Value>>) -> StoreResult<()>,
) -> StoreResult<()> {
    let postgres = matches!(conn, DbConnection::Pg(_));
    let exprs: Vec<String> = columns
        .iter()
        .map(|c| read_expression(c, postgres))
        .collect();
    let mut order: Vec<String> = columns
        .iter()
        .filter(|c| c.pk)
        .map(|c| quote(&c.name))
        .collect();
    if order.is_empty() {
        order = columns.iter().map(|c| quote(&c.name)).collect();
    }
    let sql = if postgres {
        format!(
            "SELECT CAST(json_build_array({}) AS TEXT) AS row FROM {} ORDER BY {}",
            exprs.join(", "),
            quote(table),
            order.join(", ")
        )
    } else {
        format!(
            "SELECT json_array({}) AS row FROM {} ORDER BY {}",
            exprs.join(", "),
            quote(table),
            order.join(", ")
        )
    };
    let mut offset = 0i64;
    loop {
        let page = format!("{sql} LIMIT {batch} OFFSET {offset}");
        let rows = load!(conn, JsonRow, pg = &page, sqlite = &page)?;
        let n = rows.len() as i64;
        let values = rows
            .into_iter()
            .map(|r| {
                let cells: Vec<serde_json::Value> = serde_json::from_str(&r.row)
                    .map_err(|e| StoreError::Config(format!("table {table}: {e}")))?;
                cells
                    .iter()
                    .zip(columns)
                    .map(|(cell, column)| {
                        Value::from_json(column.kind, cell).map_err(|e| {
                            StoreError::Config(format!("{table}.{}: {e}", column.name))
                        })
                    })
                    .collect::<StoreResult<Vec<_>>>()
            })
            .collect::<StoreResult<Vec<_>>>()?;
        if n > 0 {
            each(values)?;
        }
        if n < batch {
            return Ok(());
        }
        offset += n;
    }
}

/// Adds rows to a table's running count and checksum.
#[derive(Default)]
struct Checksum {
    rows: u64,
    sum: u128,
}

impl Checksum {
    fn add(&mut self, row: &[Value]) {
        let mut h = Sha256::new();
        for value in row {
            value.hash_into(&mut h);
        }
        let digest = h.finalize();
        let mut first = [0u8; 16];
        first.copy_from_slice(digest.get(..16).unwrap_or(&[0u8; 16]));
        self.sum = self.sum.wrapping_add(u128::from_be_bytes(first));
        self.rows += 1;
    }

    fn summary(&self, name: &str) -> TableSummary {
        TableSummary {
            name: name.to_owned(),
            rows: self.rows,
            checksum: format!("{:032x}", self.sum),
        }
    }
}

fn summarize_table(
    conn: &mut DbConnection,
    name: &str,
    columns: &[Column],
) -> StoreResult<TableSummary> {
    let mut sum = Checksum::default();
    for_each_batch(conn, name, columns, BATCH, |rows| {
        rows.iter().for_each(|r| sum.add(r));
        Ok(())
    })?;
    Ok(sum.summary(name))
}

/// Copies one table, batch by batch (all at once when its rows refer to each other, since
/// PostgreSQL checks each statement's references at its end).
fn copy_table(
    source: &mut DbConnection,
    target: &mut DbConnection,
    table: &TablePlan,
) -> StoreResult<TableSummary> {
    let postgres = matches!(target, DbConnection::Pg(_));
    let insert = insert_statement(table, postgres);
    let batch = if table.self_referring && postgres {
        i64::MAX
    } else {
        BATCH
    };
    let mut sum = Checksum::default();
    for_each_batch(source, &table.name, &table.source, batch, |rows| {
        let mut json = Vec::with_capacity(rows.len());
        for row in &rows {
            sum.add(row);
            json.push(serde_json::Value::Array(
                row.iter()
                    .map(|v| v.to_json(postgres))
                    .collect::<StoreResult<Vec<_>>>()?,
            ));
        }
        let payload = serde_json::Value::Array(json).to_string();
        match &mut *target {
            DbConnection::Pg(c) => diesel::sql_query(&insert)
                .bind::<Text, _>(&payload)
                .execute(c)?,
            DbConnection::Sqlite(c) => diesel::sql_query(&insert)
                .bind::<Text, _>(&payload)
                .execute(c)?,
        };
        Ok(())
    })?;
    Ok(sum.summary(&table.name))
}

/// One statement that inserts a JSON array of rows (each an array of values in column order).
fn insert_statement(table: &TablePlan, postgres: bool) -> String {
    let columns: Vec<String> = table.target.iter().map(|c| quote(&c.name)).collect();
    let values: Vec<String> = table
        .target
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if postgres {
                format!("CAST(r ->> {i} AS {})", c.decl)
            } else if c.kind == Kind::Bytes {
                format!("unhex(json_extract(r.value, '$[{i}]'))")
            } else {
                format!("json_extract(r.value, '$[{i}]')")
            }
        })
        .collect();
    if postgres {
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM json_array_elements(CAST($1 AS JSON)) AS x(r)",
            quote(&table.name),
            columns.join(", "),
            values.join(", ")
        )
    } else {
        format!(
            "INSERT INTO {} ({}) SELECT {} FROM json_each(?) AS r",
            quote(&table.name),
            columns.join(", "),
            values.join(", ")
        )
    }
}

/// Moves each PostgreSQL sequence past the largest key copied, so new rows get new keys.
/// (SQLite's `AUTOINCREMENT` counter follows inserted keys by itself.)
fn reset_sequences(conn: &mut DbConnection, plan: &[TablePlan]) -> StoreResult<()> {
    let DbConnection::Pg(c) = conn else {
        return Ok(());
    };
    for table in plan {
        for column in table.target.iter().filter(|c| c.kind == Kind::Int) {
            let sequence = diesel::sql_query("SELECT pg_get_serial_sequence($1, $2) AS name")
                .bind::<Text, _>(quote(&table.name))
                .bind::<Text, _>(&column.name)
                .load::<MaybeNameRow>(c)?
                .into_iter()
                .next()
                .and_then(|r| r.name);
            if let Some(sequence) = sequence {
                diesel::sql_query(format!(
                    "SELECT setval(CAST($1 AS TEXT)::regclass, COALESCE((SELECT MAX({col}) FROM {tab}), 0) + 1, false)",
                    col = quote(&column.name),
                    tab = quote(&table.name)
                ))
                .bind::<Text, _>(&sequence)
                .execute(c)?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_types_of_both_backends_have_a_kind() {
        for (decl, kind) in [
            ("INTEGER", Kind::Int),
            ("bigint", Kind::Int),
            ("BOOLEAN", Kind::Bool),
            ("double precision", Kind::Float),
            ("timestamp without time zone", Kind::Timestamp),
            ("timestamp(3) without time zone", Kind::Timestamp),
            ("TIMESTAMP", Kind::Timestamp),
            ("date", Kind::Date),
            ("BLOB", Kind::Bytes),
            ("bytea", Kind::Bytes),
            ("character varying(50)", Kind::Text),
            ("TEXT", Kind::Text),
        ] {
            assert_eq!(Kind::of("t", "c", decl).unwrap(), kind, "{decl}");
        }
        for unknown in ["interval", "point", "numeric(10,2)", "", "integer[]"] {
            let e = Kind::of("t", "c", unknown).unwrap_err().to_string();
            assert!(e.contains("t.c"), "{e}");
        }
    }

    #[test]
    fn timestamps_of_either_backend_read_the_same() {
        let a = parse_timestamp("2021-06-01 06:00:00.123456789").unwrap();
        let b = parse_timestamp("2021-06-01T06:00:00.123456").unwrap();
        assert_eq!(a, b);
        let c = parse_timestamp("2021-06-01 06:00:00").unwrap();
        assert_eq!(c.nanosecond(), 0);
        assert!(parse_timestamp("yesterday").is_none());
    }

    #[test]
    fn a_checksum_does_not_depend_on_row_order_but_on_every_value() {
        let rows = [
            vec![Value::Int(1), Value::Text("a".into())],
            vec![Value::Int(2), Value::Null],
        ];
        let mut x = Checksum::default();
        rows.iter().for_each(|r| x.add(r));
        let mut y = Checksum::default();
        rows.iter().rev().for_each(|r| y.add(r));
        assert_eq!(x.summary("t"), y.summary("t"));
        let mut z = Checksum::default();
        z.add(&[Value::Int(1), Value::Text("a".into())]);
        z.add(&[Value::Int(2), Value::Text(String::new())]);
        assert_ne!(x.summary("t").checksum, z.summary("t").checksum);
    }
}
