//! The store on both backends: the two migration folders describe the same schema,
//! capacity is never exceeded under concurrent booking, the database itself enforces
//! one open appointment per person and an append-only audit log, and identity numbers
//! never reach the database in plain text.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};
use vaxkit_store::repo::{
    appointments, audit, beneficiaries, doses, facilities, regions, sessions, staff,
};
use vaxkit_store::{DatabaseUrl, DbConnection, Secrets, Store, StoreResult};
use vaxkit_testkit::{Backend, TestDatabase, both_backends};

/// A migrated store on a fresh database, removed when dropped.
struct TestDb {
    store: Store,
    url: DatabaseUrl,
    _database: TestDatabase,
}

impl TestDb {
    fn open(backend: Backend) -> TestDb {
        let database = TestDatabase::create(backend);
        let store = Store::open(&database.url, Secrets::from_master(&[9; 32]), 8).unwrap();
        store.migrate().unwrap();
        TestDb {
            store,
            url: database.url.clone(),
            _database: database,
        }
    }
}

fn sqlite() -> TestDb {
    TestDb::open(Backend::Sqlite)
}

fn postgres() -> TestDb {
    TestDb::open(Backend::Postgres)
}

fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap()
}

// ---- the two schemas match -------------------------------------------------------

#[derive(QueryableByName)]
struct PgColumn {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    data_type: String,
    #[diesel(sql_type = Text)]
    is_nullable: String,
    #[diesel(sql_type = Nullable<Text>)]
    column_default: Option<String>,
}

#[derive(QueryableByName)]
struct Name {
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct SqliteColumn {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    #[diesel(column_name = "type")]
    ty: String,
    #[diesel(sql_type = BigInt)]
    notnull: i64,
    #[diesel(sql_type = BigInt)]
    pk: i64,
    #[diesel(sql_type = Nullable<Text>)]
    dflt_value: Option<String>,
}

#[derive(QueryableByName)]
struct SqliteIndex {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    unique: i64,
    #[diesel(sql_type = Text)]
    origin: String,
    #[diesel(sql_type = BigInt)]
    partial: i64,
}

#[derive(QueryableByName)]
struct SqliteFk {
    #[diesel(sql_type = Text)]
    table: String,
    #[diesel(sql_type = Text)]
    from: String,
    #[diesel(sql_type = Text)]
    to: String,
}

#[derive(QueryableByName)]
struct PgIndex {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    index_name: String,
    #[diesel(sql_type = Text)]
    columns: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    is_unique: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    is_primary: bool,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    is_partial: bool,
}

#[derive(QueryableByName)]
struct PgFk {
    #[diesel(sql_type = Text)]
    table_name: String,
    #[diesel(sql_type = Text)]
    column_name: String,
    #[diesel(sql_type = Text)]
    foreign_table: String,
    #[diesel(sql_type = Text)]
    foreign_column: String,
}

/// Everything the schema test compares, backend-neutral.
#[derive(Debug, Default, PartialEq, Eq)]
struct Schema {
    /// (table, column, type, not null, has default)
    columns: BTreeSet<(String, String, String, bool, bool)>,
    /// (table, columns, unique, partial, name or "" for constraint-made indexes)
    indexes: BTreeSet<(String, String, bool, bool, String)>,
    /// (table, column, foreign table, foreign column)
    foreign_keys: BTreeSet<(String, String, String, String)>,
    triggers: BTreeSet<String>,
    /// (table, number of CHECK constraints): the expressions are written differently by
    /// each backend, their presence is what must match.
    checks: BTreeSet<(String, usize)>,
}

fn neutral_type(t: &str) -> String {
    match t.to_ascii_lowercase().as_str() {
        "integer" | "bigint" => "bigint",
        "text" => "text",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "date" => "date",
        "boolean" => "boolean",
        "double precision" | "double" => "double",
        "blob" | "bytea" => "binary",
        other => panic!("type {other} has no agreed meaning on both backends"),
    }
    .to_string()
}

const MIGRATIONS_TABLE: &str = "__diesel_schema_migrations";

fn sqlite_schema(path: &std::path::Path) -> Schema {
    let mut c = diesel::SqliteConnection::establish(&path.to_string_lossy()).unwrap();
    let tables: Vec<Name> = diesel::sql_query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    .load(&mut c)
    .unwrap();
    let mut s = Schema::default();
    for t in tables
        .iter()
        .map(|t| t.name.as_str())
        .filter(|t| *t != MIGRATIONS_TABLE)
    {
        let cols: Vec<SqliteColumn> = diesel::sql_query(format!("PRAGMA table_info({t})"))
            .load(&mut c)
            .unwrap();
        // A lone INTEGER primary key is SQLite's auto-numbered row id: PostgreSQL's
        // BIGSERIAL default. Columns of a composite key have no default.
        let single_key = cols.iter().filter(|c| c.pk > 0).count() == 1;
        for col in cols {
            let pk = col.pk > 0;
            let auto = pk && single_key && col.ty.eq_ignore_ascii_case("integer");
            s.columns.insert((
                t.into(),
                col.name,
                neutral_type(&col.ty),
                col.notnull == 1 || pk,
                col.dflt_value.is_some() || auto,
            ));
        }
        let idx: Vec<SqliteIndex> = diesel::sql_query(format!("PRAGMA index_list({t})"))
            .load(&mut c)
            .unwrap();
        for i in idx.into_iter().filter(|i| i.origin != "pk") {
            let cols: Vec<Name> = diesel::sql_query(format!(
                "SELECT name FROM pragma_index_info('{}') ORDER BY seqno",
                i.name
            ))
            .load(&mut c)
            .unwrap();
            let cols = cols
                .into_iter()
                .map(|n| n.name)
                .collect::<Vec<_>>()
                .join(",");
            let name = if i.origin == "c" {
                i.name
            } else {
                String::new()
            };
            s.indexes
                .insert((t.into(), cols, i.unique == 1, i.partial == 1, name));
        }
        let fks: Vec<SqliteFk> = diesel::sql_query(format!("PRAGMA foreign_key_list({t})"))
            .load(&mut c)
            .unwrap();
        for fk in fks {
            s.foreign_keys.insert((t.into(), fk.from, fk.table, fk.to));
        }
    }
    for t in tables
        .iter()
        .map(|t| t.name.as_str())
        .filter(|t| *t != MIGRATIONS_TABLE)
    {
        let sql: Vec<Name> = diesel::sql_query(format!(
            "SELECT sql AS name FROM sqlite_master WHERE type = 'table' AND name = '{t}'"
        ))
        .load(&mut c)
        .unwrap();
        let n = sql.first().map_or(0, |s| s.name.matches("CHECK").count());
        if n > 0 {
            s.checks.insert((t.into(), n));
        }
    }
    let triggers: Vec<Name> =
        diesel::sql_query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            .load(&mut c)
            .unwrap();
    s.triggers = triggers.into_iter().map(|n| n.name).collect();
    s
}

fn pg_schema(url: &str) -> Schema {
    let mut c = diesel::PgConnection::establish(url).unwrap();
    let mut s = Schema::default();
    let cols: Vec<PgColumn> = diesel::sql_query(
        "SELECT table_name::text, column_name::text, data_type::text, is_nullable::text, column_default::text \
         FROM information_schema.columns WHERE table_schema = 'public'",
    )
    .load(&mut c)
    .unwrap();
    for col in cols
        .into_iter()
        .filter(|c| c.table_name != MIGRATIONS_TABLE)
    {
        s.columns.insert((
            col.table_name,
            col.column_name,
            neutral_type(&col.data_type),
            col.is_nullable == "NO",
            col.column_default.is_some(),
        ));
    }
    let idx: Vec<PgIndex> = diesel::sql_query(
        "SELECT t.relname::text AS table_name, i.relname::text AS index_name, \
                array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(n, o) \
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.n ORDER BY k.o), ',') AS columns, \
                ix.indisunique AS is_unique, ix.indisprimary AS is_primary, ix.indpred IS NOT NULL AS is_partial, \
                EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.oid) AS from_constraint \
         FROM pg_index ix JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_class t ON t.oid = ix.indrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = 'public'",
    )
    .load(&mut c)
    .unwrap();
    let constraint_made: Vec<Name> = diesel::sql_query(
        "SELECT i.relname::text AS name FROM pg_constraint con JOIN pg_class i ON i.oid = con.conindid \
         JOIN pg_namespace ns ON ns.oid = i.relnamespace WHERE ns.nspname = 'public'",
    )
    .load(&mut c)
    .unwrap();
    let constraint_made: BTreeSet<String> = constraint_made.into_iter().map(|n| n.name).collect();
    for i in idx
        .into_iter()
        .filter(|i| !i.is_primary && i.table_name != MIGRATIONS_TABLE)
    {
        let name = if constraint_made.contains(&i.index_name) {
            String::new()
        } else {
            i.index_name
        };
        s.indexes
            .insert((i.table_name, i.columns, i.is_unique, i.is_partial, name));
    }
    let fks: Vec<PgFk> = diesel::sql_query(
        "SELECT kcu.table_name::text, kcu.column_name::text, ccu.table_name::text AS foreign_table, \
                ccu.column_name::text AS foreign_column \
         FROM information_schema.table_constraints tc \
         JOIN information_schema.key_column_usage kcu ON tc.constraint_name = kcu.constraint_name \
         JOIN information_schema.constraint_column_usage ccu ON tc.constraint_name = ccu.constraint_name \
         WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'",
    )
    .load(&mut c)
    .unwrap();
    for fk in fks {
        s.foreign_keys.insert((
            fk.table_name,
            fk.column_name,
            fk.foreign_table,
            fk.foreign_column,
        ));
    }
    let checks: Vec<Name> = diesel::sql_query(
        "SELECT t.relname::text AS name FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid \
         JOIN pg_namespace ns ON ns.oid = t.relnamespace WHERE ns.nspname = 'public' AND con.contype = 'c'",
    )
    .load(&mut c)
    .unwrap();
    for table in checks
        .iter()
        .map(|n| n.name.clone())
        .collect::<BTreeSet<_>>()
    {
        let n = checks.iter().filter(|c| c.name == table).count();
        s.checks.insert((table, n));
    }
    let triggers: Vec<Name> = diesel::sql_query(
        "SELECT DISTINCT trigger_name::text AS name FROM information_schema.triggers WHERE trigger_schema = 'public'",
    )
    .load(&mut c)
    .unwrap();
    s.triggers = triggers.into_iter().map(|n| n.name).collect();
    s
}

fn diff<T: Ord + Clone>(x: &BTreeSet<T>, y: &BTreeSet<T>) -> Vec<T> {
    x.symmetric_difference(y).cloned().collect()
}

#[test]
fn sqlite_and_postgres_schemas_match() {
    let lite = sqlite();
    let pg = postgres();
    let DatabaseUrl::Sqlite(path) = &lite.url else {
        unreachable!()
    };
    let DatabaseUrl::Postgres(url) = &pg.url else {
        unreachable!()
    };
    let a = sqlite_schema(path);
    let b = pg_schema(url);
    assert!(a.columns.len() > 80, "the schema was not read: {a:?}");
    assert!(
        a.indexes
            .iter()
            .any(|i| i.4 == "appointments_one_open" && i.2 && i.3),
        "{:?}",
        a.indexes
    );
    assert!(
        a.columns == b.columns,
        "columns differ: {:?}",
        diff(&a.columns, &b.columns)
    );
    assert!(
        a.indexes == b.indexes,
        "indexes differ: {:?}",
        diff(&a.indexes, &b.indexes)
    );
    assert!(
        a.foreign_keys == b.foreign_keys,
        "foreign keys differ: {:?}",
        diff(&a.foreign_keys, &b.foreign_keys)
    );
    assert_eq!(a.triggers, b.triggers);
    assert!(
        a.checks.contains(&("sessions".to_string(), 1)),
        "{:?}",
        a.checks
    );
    assert_eq!(a.checks, b.checks, "CHECK constraints differ");
}

// ---- behaviour on both backends ----------------------------------------------------

fn a_session(db: &TestDb, capacity: i64) -> sessions::Session {
    db.store
        .write(|c| {
            let p = vaxkit_profile::load(
                std::path::Path::new("../../country-profiles/example"),
                &Default::default(),
            )
            .unwrap();
            regions::sync(c, &p.regions)?;
            let region = regions::ids_by_code(c, &["XX-N-01"])?["XX-N-01"];
            let f = facilities::insert(
                c,
                &facilities::NewFacility {
                    code: "F1".into(),
                    name: "Harbour Clinic".into(),
                    address: "1 Quay Road".into(),
                    region_id: region,
                    postal_code: Some("10001".into()),
                    latitude: Some(25.2),
                    longitude: Some(55.3),
                },
                now(),
            )?;
            sessions::insert(
                c,
                &sessions::NewSession {
                    facility_id: f.id,
                    date: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
                    vaccine: "comirnaty".into(),
                    doses: vec![1, 2],
                    min_age: 18,
                    max_age: None,
                    capacity_online: capacity,
                    capacity_walk_in: capacity,
                    slots: vec!["09:00-11:00".into(), "11:00-13:00".into()],
                    fee: 0,
                },
                now(),
            )
        })
        .unwrap()
}

fn a_beneficiary(db: &TestDb, mobile: &str, number: &str) -> beneficiaries::Beneficiary {
    db.store
        .write(|c| {
            let account =
                vaxkit_store::repo::accounts::find_or_create(c, &db.store.secrets, mobile, now())?;
            let b = beneficiaries::NewBeneficiary {
                account_id: account.id,
                name: "Asha".into(),
                birth_year: 1980,
                birth_date: None,
                gender: "female".into(),
                id_scheme: "national-id".into(),
                id_hash: db.store.secrets.id_hash("national-id", number),
                id_masked: "XXXXXX5813".into(),
                id_sealed: db.store.secrets.seal(number)?,
                language: "en".into(),
                latin_name: None,
            };
            beneficiaries::insert(c, &b, now())
        })
        .unwrap()
}

/// A vaccinator's account, to record doses with.
fn a_vaccinator(c: &mut DbConnection) -> StoreResult<staff::StaffUser> {
    staff::insert(
        c,
        &staff::NewStaff {
            username: "vaccinator".into(),
            name: "Vaccinator".into(),
            password_hash: "x".into(),
            role: "vaccinator".into(),
            region_code: None,
            facility_code: None,
        },
        now(),
    )
}

both_backends!(
    people_with_doses_come_in_pages_with_their_standing_doses,
    |backend| {
        let db = &TestDb::open(backend);
        let facility = a_session(db, 5).facility_id;
        let people: Vec<i64> = (0..5)
            .map(|i| a_beneficiary(db, &format!("99990000{i:02}"), &format!("12345678{i:02}")).id)
            .collect();
        let doses_of = |page: &[(i64, Vec<doses::DoseRecord>)]| -> Vec<(i64, Vec<i64>)> {
            page.iter()
                .map(|(p, d)| (*p, d.iter().map(|d| d.dose).collect()))
                .collect()
        };
        let page = |after: i64, limit: i64| {
            db.store
                .read(|c| doses::people_with_doses_after(c, after, limit))
                .unwrap()
        };
        db.store
            .write(|c| {
                let staff = a_vaccinator(c)?;
                // people[1] has none; people[3]'s only dose is revoked; the others have two, one
                // of them given earlier but recorded later.
                let mut given = Vec::new();
                for (n, (person, dose, day)) in [
                    (people[0], 2, 20),
                    (people[0], 1, 1),
                    (people[2], 1, 3),
                    (people[3], 1, 4),
                    (people[4], 1, 5),
                    (people[4], 2, 25),
                ]
                .into_iter()
                .enumerate()
                {
                    let (d, counted) = a_new_dose(
                        (staff.id, facility),
                        person,
                        dose,
                        &format!("key-{n}"),
                        NaiveDate::from_ymd_opt(2026, 10, day).unwrap(),
                    );
                    given.push(doses::insert(c, &d, &counted, now())?);
                }
                doses::revoke(c, &a_revocation(given[3].id, staff.id))
            })
            .unwrap();

        let first = page(0, 2);
        assert_eq!(
            doses_of(&first),
            vec![(people[0], vec![1, 2]), (people[2], vec![1])]
        );
        let second = page(people[2], 2);
        assert_eq!(
            doses_of(&second),
            vec![(people[3], vec![]), (people[4], vec![1, 2])]
        );
        assert!(page(people[4], 2).is_empty());
        assert_eq!(doses_of(&page(0, 10)).len(), 4);
        let found = db
            .store
            .read(|c| beneficiaries::get_many(c, &[people[4], 0, people[2]]))
            .unwrap();
        assert_eq!(
            found.iter().map(|b| b.id).collect::<Vec<_>>(),
            vec![people[2], people[4]]
        );
    }
);

both_backends!(capacity_is_never_exceeded, |backend| {
    let db = &TestDb::open(backend);
    let s = a_session(db, 5);
    let taken: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..40)
            .map(|_| scope.spawn(|| db.store.write(|c| sessions::take_place(c, s.id)).unwrap()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|t| *t)
            .count()
    });
    assert_eq!(taken, 5);
    let after = db.store.read(|c| sessions::get(c, s.id)).unwrap().unwrap();
    assert_eq!((after.booked, after.available()), (5, 0));
    db.store
        .write(|c| sessions::release_place(c, s.id))
        .unwrap();
    assert!(db.store.write(|c| sessions::take_place(c, s.id)).unwrap());
    assert!(!db.store.write(|c| sessions::take_place(c, s.id)).unwrap());
});

both_backends!(one_open_appointment_per_person, |backend| {
    let db = &TestDb::open(backend);
    let s = a_session(db, 10);
    let b = a_beneficiary(db, "9997000001", "7304125813");
    let first = db
        .store
        .write(|c| appointments::insert(c, &db.store.secrets, b.id, s.id, 1, "09:00-11:00", now()))
        .unwrap();
    let second = db
        .store
        .write(|c| appointments::insert(c, &db.store.secrets, b.id, s.id, 1, "09:00-11:00", now()));
    assert!(second.unwrap_err().is_unique_violation());
    assert!(
        db.store
            .write(|c| appointments::cancel(c, first.id, now()))
            .unwrap()
    );
    assert!(
        !db.store
            .write(|c| appointments::cancel(c, first.id, now()))
            .unwrap(),
        "already cancelled"
    );
    let again = db
        .store
        .write(|c| appointments::insert(c, &db.store.secrets, b.id, s.id, 1, "11:00-13:00", now()))
        .unwrap();
    assert_eq!(again.security_code(&db.store.secrets).unwrap().len(), 4);
    assert_ne!(again.reference, first.reference);
});

both_backends!(an_identity_number_registers_once, |backend| {
    let db = &TestDb::open(backend);
    a_beneficiary(db, "9997000001", "7304125813");
    let dup = db.store.write(|c| {
        let account = vaxkit_store::repo::accounts::find_or_create(
            c,
            &db.store.secrets,
            "9997000002",
            now(),
        )?;
        beneficiaries::insert(
            c,
            &beneficiaries::NewBeneficiary {
                account_id: account.id,
                name: "Other".into(),
                birth_year: 1990,
                birth_date: None,
                gender: "male".into(),
                id_scheme: "national-id".into(),
                id_hash: db.store.secrets.id_hash("national-id", "7304125813"),
                id_masked: "x".into(),
                id_sealed: vec![],
                language: "en".into(),
                latin_name: None,
            },
            now(),
        )
    });
    assert!(dup.unwrap_err().is_unique_violation());
});

both_backends!(the_audit_log_is_append_only, |backend| {
    let db = &TestDb::open(backend);
    db.store
        .write(|c| {
            audit::append(
                c,
                now(),
                audit::Event {
                    actor: "system",
                    action: "test",
                    entity: "beneficiary",
                    entity_ref: "R1",
                    before: None,
                    after: Some("{}".into()),
                },
            )
        })
        .unwrap();
    let update: StoreResult<usize> = db.store.write(|c| {
        Ok(diesel::sql_query("UPDATE audit_log SET actor = 'someone else'").execute(c)?)
    });
    assert!(update.is_err(), "an audit entry was changed");
    let delete: StoreResult<usize> = db
        .store
        .write(|c| Ok(diesel::sql_query("DELETE FROM audit_log").execute(c)?));
    assert!(delete.is_err(), "an audit entry was deleted");
    let entries = db
        .store
        .read(|c| audit::for_entity(c, "beneficiary", "R1"))
        .unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, "system");
});

#[test]
#[cfg(unix)]
fn a_new_sqlite_database_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let db = sqlite();
    let DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!()
    };
    let mode = std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}

both_backends!(identity_numbers_are_sealed_at_rest, |backend| {
    let db = &TestDb::open(backend);
    let b = a_beneficiary(db, "9997000001", "7304125813");
    assert_eq!(db.store.secrets.open(&b.id_sealed).unwrap(), "7304125813");
    #[derive(QueryableByName)]
    struct Hit {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    // No text column of the table holds the number.
    let hits: Vec<Hit> = db
        .store
        .read(|c: &mut DbConnection| {
            Ok(diesel::sql_query(
                "SELECT COUNT(*) AS n FROM beneficiaries WHERE name LIKE '%7304125813%' OR id_hash LIKE '%7304125813%' \
                 OR id_masked LIKE '%7304125813%' OR ref LIKE '%7304125813%'",
            )
            .load(c)?)
        })
        .unwrap();
    assert_eq!(hits[0].n, 0);
    if let DatabaseUrl::Sqlite(path) = &db.url {
        // Nor does any byte of the database file, WAL included.
        for file in [path.clone(), path.with_extension("db-wal")] {
            if let Ok(bytes) = std::fs::read(&file) {
                assert!(
                    !bytes.windows(10).any(|w| w == b"7304125813"),
                    "{} holds the number",
                    file.display()
                );
            }
        }
    }
});

#[test]
fn sqlite_writers_wait_for_another_process_instead_of_failing() {
    use diesel::connection::SimpleConnection;
    let db = sqlite();
    let DatabaseUrl::Sqlite(path) = &db.url else {
        unreachable!()
    };
    let s = a_session(&db, 5);
    // Another process (an import, a CLI command) holds the write lock for a moment.
    let mut other = diesel::SqliteConnection::establish(&path.to_string_lossy()).unwrap();
    other
        .batch_execute("PRAGMA busy_timeout = 5000; BEGIN IMMEDIATE")
        .unwrap();
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(400));
        other.batch_execute("COMMIT").unwrap();
    });
    // A transaction that reads before it writes, as booking does.
    let taken = db
        .store
        .write(|c| {
            let _ = sessions::get(c, s.id)?;
            sessions::take_place(c, s.id)
        })
        .unwrap();
    assert!(taken);
    releaser.join().unwrap();
}

// ---- mobile numbers and security codes written before they were sealed ---------------

/// A store whose database has every migration before `2026-12-02-000011` (the one that seals
/// mobile numbers and security codes), as a database of an older release would.
fn before_sealing(backend: Backend, secrets: Secrets) -> TestDb {
    use diesel::migration::MigrationSource;
    use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};
    const SQLITE: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
    const POSTGRES: EmbeddedMigrations = embed_migrations!("migrations/postgres");
    let database = TestDatabase::create(backend);
    let older = |version: String| version.as_str() < "20261202000011";
    match &database.url {
        DatabaseUrl::Sqlite(path) => {
            let mut c = diesel::SqliteConnection::establish(&path.to_string_lossy()).unwrap();
            // Reading what was applied creates the table of applied migrations.
            c.applied_migrations().unwrap();
            for m in MigrationSource::<diesel::sqlite::Sqlite>::migrations(&SQLITE).unwrap() {
                if older(m.name().version().to_string()) {
                    c.run_migration(&*m).unwrap();
                }
            }
        }
        DatabaseUrl::Postgres(url) => {
            let mut c = diesel::PgConnection::establish(url).unwrap();
            c.applied_migrations().unwrap();
            for m in MigrationSource::<diesel::pg::Pg>::migrations(&POSTGRES).unwrap() {
                if older(m.name().version().to_string()) {
                    c.run_migration(&*m).unwrap();
                }
            }
        }
    }
    let store = Store::open(&database.url, secrets, 4).unwrap();
    TestDb {
        store,
        url: database.url.clone(),
        _database: database,
    }
}

const OLD_MOBILE: &str = "999700000111";
const OLD_CODE: &str = "4821";

/// Writes, in the columns of the older release, an account, a booked appointment, a login
/// code, two outbox messages (one already sent and emptied) and an SMS conversation; answers
/// the session.
fn plain_rows(db: &TestDb) -> sessions::Session {
    let s = a_session(db, 10);
    let secrets = db.store.secrets.clone();
    db.store
        .write(|c: &mut DbConnection| {
            for sql in [
                format!(
                    "INSERT INTO accounts (mobile, created_at) VALUES ('{OLD_MOBILE}', '2026-11-26 10:00:00')"
                ),
                format!(
                    "INSERT INTO otp_challenges (txn_id, mobile, code_hash, created_at, expires_at) \
                     VALUES ('txn-1', '{OLD_MOBILE}', 'h', '2026-11-26 10:00:00', '2026-11-26 10:05:00')"
                ),
                format!(
                    "INSERT INTO outbox (channel, recipient, message_id, language, body, created_at, next_attempt_at) \
                     VALUES ('sms', '{OLD_MOBILE}', 'sms-appointment-booked', 'en', \
                     'Booked: Harbour Clinic, code {OLD_CODE}', '2026-11-26 10:00:00', '2026-11-26 10:00:00')"
                ),
                format!(
                    "INSERT INTO outbox (channel, recipient, message_id, language, body, created_at, sent_at) \
                     VALUES ('sms', '{OLD_MOBILE}', 'sms-otp', 'en', '', '2026-11-26 09:00:00', '2026-11-26 09:00:01')"
                ),
                format!(
                    "INSERT INTO sms_conversations (mobile, language, state, expires_at) \
                     VALUES ('{OLD_MOBILE}', 'en', '{{\"offer\":1}}', '2026-11-26 11:00:00')"
                ),
            ] {
                diesel::sql_query(sql).execute(c)?;
            }
            #[derive(QueryableByName)]
            struct Id {
                #[diesel(sql_type = BigInt)]
                id: i64,
            }
            let account: Vec<Id> = diesel::sql_query("SELECT id FROM accounts").load(c)?;
            let b = beneficiaries::insert(
                c,
                &beneficiaries::NewBeneficiary {
                    account_id: account[0].id,
                    name: "Asha".into(),
                    birth_year: 1980,
                    birth_date: None,
                    gender: "female".into(),
                    id_scheme: "national-id".into(),
                    id_hash: secrets.id_hash("national-id", "7304125813"),
                    id_masked: "XXXXXX5813".into(),
                    id_sealed: secrets.seal("7304125813")?,
                    language: "en".into(),
                    latin_name: None,
                },
                now(),
            )?;
            diesel::sql_query(format!(
                "INSERT INTO appointments (ref, beneficiary_id, session_id, dose, slot, security_code, status, created_at, updated_at) \
                 VALUES ('APPT1', {}, {}, 1, '09:00-11:00', '{OLD_CODE}', 'booked', '2026-11-26 10:00:00', '2026-11-26 10:00:00')",
                b.id, s.id
            ))
            .execute(c)?;
            Ok::<_, vaxkit_store::StoreError>(())
        })
        .unwrap();
    s
}

/// How many rows still hold the old mobile number or security code in any of their columns.
fn plain_left(db: &TestDb) -> i64 {
    #[derive(QueryableByName)]
    struct Hit {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let m = format!("'%{OLD_MOBILE}%'");
    let code = format!("'%{OLD_CODE}%'");
    let queries = [
        format!(
            "SELECT COUNT(*) AS n FROM accounts WHERE mobile_hash LIKE {m} OR mobile_sealed LIKE {m}"
        ),
        format!(
            "SELECT COUNT(*) AS n FROM otp_challenges WHERE mobile_hash LIKE {m} OR mobile_sealed LIKE {m}"
        ),
        format!(
            "SELECT COUNT(*) AS n FROM outbox WHERE recipient LIKE {m} OR body LIKE {m} OR body LIKE {code}"
        ),
        format!("SELECT COUNT(*) AS n FROM sms_conversations WHERE mobile_hash LIKE {m}"),
        format!(
            "SELECT COUNT(*) AS n FROM appointments WHERE security_code_hash = '{OLD_CODE}' \
             OR security_code_sealed LIKE {code}"
        ),
    ];
    db.store
        .read(|c: &mut DbConnection| {
            let mut n = 0;
            for q in &queries {
                let hits: Vec<Hit> = diesel::sql_query(q).load(c)?;
                n += hits[0].n;
            }
            Ok(n)
        })
        .unwrap()
}

both_backends!(
    rows_written_before_sealing_are_sealed_and_found_after_it,
    |backend| {
        use vaxkit_store::repo::{accounts, conversations, otp, outbox};
        let db = &before_sealing(backend, Secrets::from_master(&[9; 32]));
        let s = plain_rows(db);
        // The database was used with this key (as `vaxkit serve` records on its first start).
        db.store.check_key().unwrap();

        // Another key is refused, and changes nothing.
        let other = Store::open(&db.url, Secrets::from_master(&[8; 32]), 1).unwrap();
        let refused = other.migrate().unwrap_err().to_string();
        assert!(refused.contains("2026-12-02-000011"), "{refused}");
        assert!(plain_left(db) > 0, "nothing was sealed with the wrong key");
        drop(other);

        let applied = db.store.migrate().unwrap();
        assert!(
            applied.is_empty(),
            "the SQL step stayed applied: {applied:?}"
        );
        assert_eq!(plain_left(db), 0, "every plain value is sealed or hashed");
        assert_eq!(db.store.seal_pending_rows().unwrap(), 0, "done once");

        let secrets = &db.store.secrets;
        db.store
            .read(|c| {
                let account =
                    accounts::by_mobile(c, secrets, OLD_MOBILE)?.expect("found by mobile");
                assert_eq!(account.mobile(secrets)?, OLD_MOBILE);
                let found = appointments::open_at_facility_with_code(
                    c,
                    secrets,
                    s.facility_id,
                    s.date,
                    OLD_CODE,
                )?;
                assert_eq!(found.len(), 1, "found by security code");
                assert_eq!(found[0].0.reference, "APPT1");
                assert_eq!(found[0].0.security_code(secrets)?, OLD_CODE);
                let other_code = if OLD_CODE == "0000" { "0001" } else { "0000" };
                assert!(
                    appointments::open_at_facility_with_code(
                        c,
                        secrets,
                        s.facility_id,
                        s.date,
                        other_code
                    )?
                    .is_empty()
                );
                let since = now() - chrono::Duration::hours(24);
                assert_eq!(otp::sent_since(c, secrets, OLD_MOBILE, since)?.0, 1);
                let challenge = otp::get(c, "txn-1")?.unwrap();
                assert_eq!(challenge.mobile(secrets)?, OLD_MOBILE);
                let sent = outbox::for_recipient(c, secrets, OLD_MOBILE)?;
                assert_eq!(sent.len(), 2);
                assert_eq!(
                    sent[0].body,
                    format!("Booked: Harbour Clinic, code {OLD_CODE}")
                );
                assert_eq!(sent[1].body, "", "an emptied text stays empty");
                let conversation = conversations::get(c, secrets, OLD_MOBILE, now())?.unwrap();
                assert_eq!(conversation.state, "{\"offer\":1}");
                Ok(())
            })
            .unwrap();
    }
);

both_backends!(
    mobiles_and_security_codes_are_looked_up_by_keyed_hash,
    |backend| {
        use vaxkit_store::repo::accounts;
        let db = &TestDb::open(backend);
        let s = a_session(db, 10);
        let b = a_beneficiary(db, "9997000001", "7304125813");
        let secrets = &db.store.secrets;
        let a = db
            .store
            .write(|c| appointments::insert(c, secrets, b.id, s.id, 1, "09:00-11:00", now()))
            .unwrap();
        let code = a.security_code(secrets).unwrap();
        assert!(!a.security_code_sealed.contains(&code));
        db.store
            .read(|c| {
                let account = accounts::by_mobile(c, secrets, "9997000001")?.unwrap();
                assert_eq!(account.id, b.account_id);
                assert!(!account.mobile_sealed.contains("9997000001"));
                assert!(accounts::by_mobile(c, secrets, "9997000002")?.is_none());
                let found = appointments::open_at_facility_with_code(
                    c,
                    secrets,
                    s.facility_id,
                    s.date,
                    &code,
                )?;
                assert_eq!(found.len(), 1);
                assert_eq!(found[0].0.id, a.id);
                // Another key finds nothing: the index is keyed.
                let other = Secrets::from_master(&[8; 32]);
                assert!(accounts::by_mobile(c, &other, "9997000001")?.is_none());
                assert!(
                    appointments::open_at_facility_with_code(
                        c,
                        &other,
                        s.facility_id,
                        s.date,
                        &code
                    )?
                    .is_empty()
                );
                Ok(())
            })
            .unwrap();
    }
);

// ---- group commit ----------------------------------------------------------------

// Writes that arrive while another holds the lane share its transaction, each in its own
// savepoint: a piece that returns an error, or whose statement the database refuses, leaves
// nothing behind and takes nothing of the others with it.
/// One piece of the grouped-writes test: a row, an audit entry and a message; the sixth is
/// refused, the eighth breaks a unique index, the first holds its lane for half a second.
fn group_piece(c: &mut DbConnection, secrets: &Secrets, i: usize) -> StoreResult<usize> {
    use std::time::Duration;
    use vaxkit_store::StoreError;
    use vaxkit_store::repo::outbox;
    use vaxkit_store::schema::store_meta;
    diesel::insert_into(store_meta::table)
        .values((
            store_meta::name.eq(format!("group-{i}")),
            store_meta::value.eq("x"),
        ))
        .execute(c)?;
    // Written with the group's commit, or not at all.
    let name = format!("group-{i}");
    audit::append(
        c,
        now(),
        audit::Event {
            actor: "system",
            action: "test.group",
            entity: "group",
            entity_ref: &name,
            before: None,
            after: None,
        },
    )?;
    outbox::enqueue_unkeyed(
        c,
        secrets,
        outbox::NewMessage {
            channel: "sms",
            recipient: "9990000000",
            message_id: &name,
            language: "en",
            body: "grouped",
        },
        now(),
    )?;
    if i == 0 {
        std::thread::sleep(Duration::from_millis(500));
    }
    if i == 5 {
        return Err(StoreError::Config("refused".into()));
    }
    if i == 7 {
        diesel::insert_into(store_meta::table)
            .values((
                store_meta::name.eq("group-7"),
                store_meta::value.eq("again"),
            ))
            .execute(c)?;
    }
    Ok(i)
}

both_backends!(grouped_writes_share_commits_and_fail_alone, |backend| {
    grouped_writes(backend, false);
});

both_backends!(queued_writes_share_commits_and_fail_alone, |backend| {
    grouped_writes(backend, true);
});

both_backends!(
    a_queued_write_that_panics_fails_alone_on_its_callers_thread,
    |backend| {
        use std::time::Duration;
        let db = &TestDb::open(backend);
        let outcomes: Vec<Result<(), String>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    scope.spawn(move || {
                        if i != 0 {
                            // Queued behind the first, into the transaction it is in.
                            std::thread::sleep(Duration::from_millis(100));
                        }
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            db.store
                                .write_queued(None, move |c| {
                                    put_meta(c, &format!("queued-{i}"))?;
                                    if i == 0 {
                                        std::thread::sleep(Duration::from_millis(400));
                                    }
                                    assert_ne!(i, 3, "a write that panics");
                                    Ok(())
                                })
                                .map_err(|e: vaxkit_store::StoreError| e.to_string())
                        }))
                        .unwrap_or_else(|panic| {
                            let text = panic.downcast_ref::<String>().cloned().unwrap_or_default();
                            Err(format!("panicked: {text}"))
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (i, outcome) in outcomes.iter().enumerate() {
            if i == 3 {
                let err = outcome.as_ref().unwrap_err();
                assert!(err.contains("a write that panics"), "{err}");
            } else {
                assert_eq!(outcome, &Ok(()), "write {i}");
            }
        }
        let expected: BTreeSet<String> = (0..8)
            .filter(|i| *i != 3)
            .map(|i| format!("queued-{i}"))
            .collect();
        assert_eq!(meta_names(db, "queued-%"), expected);
        // The writer threads go on.
        db.store
            .write_queued(None, |c| put_meta(c, "queued-after"))
            .unwrap();
        assert!(meta_names(db, "queued-%").contains("queued-after"));
    }
);

/// SQLite's planner never reads bound values, so a statement kept prepared is run again as it
/// is: with the bundled build's STAT4 statistics (after `ANALYZE`), a plan that looked at a
/// bound value is prepared anew every time another value is bound. The guarantee is built in by
/// the workspace's `.cargo/config.toml`; a build without it prepares most statements twice.
#[test]
fn sqlite_is_built_with_the_query_planner_stability_guarantee() {
    let db = sqlite();
    let on: Vec<Name> = db
        .store
        .read(|c| {
            Ok(diesel::sql_query(
                "SELECT compile_options AS name FROM pragma_compile_options \
                 WHERE compile_options IN ('ENABLE_QPSG', 'ENABLE_STAT4')",
            )
            .load(c)?)
        })
        .unwrap();
    let on: BTreeSet<String> = on.into_iter().map(|n| n.name).collect();
    assert!(
        on.contains("ENABLE_QPSG"),
        "SQLite built without ENABLE_QPSG (options seen: {on:?}); build from the workspace \
         so that .cargo/config.toml sets LIBSQLITE3_FLAGS"
    );
}

/// The writer threads a test's pieces ran on, and those of them that have ended: a piece
/// leaves a guard in its thread's local storage, dropped as the thread ends (before a join of
/// it returns). Tests run other stores' writers in the same process, so a test follows only
/// the threads that ran its own work.
#[derive(Clone, Default)]
struct WriterThreads {
    ran: Arc<Mutex<BTreeSet<String>>>,
    ended: Arc<Mutex<BTreeSet<String>>>,
}

/// Notes, as the thread ends, that it has.
struct EndGuard(Arc<Mutex<BTreeSet<String>>>, String);

impl Drop for EndGuard {
    fn drop(&mut self) {
        self.0.lock().unwrap().insert(self.1.clone());
    }
}

thread_local! {
    static ENDING: std::cell::RefCell<Option<EndGuard>> = const { std::cell::RefCell::new(None) };
}

impl WriterThreads {
    /// Called from a piece: notes the thread it runs on if that is a writer thread.
    fn note(&self) {
        let me = std::thread::current();
        if !me.name().is_some_and(|n| n.starts_with("vaxkit-writer")) {
            return;
        }
        let id = format!("{:?}", me.id());
        if self.ran.lock().unwrap().insert(id.clone()) {
            ENDING.with(|e| *e.borrow_mut() = Some(EndGuard(Arc::clone(&self.ended), id)));
        }
    }

    /// The threads that ran a piece and have not ended.
    fn running(&self) -> Vec<String> {
        let ended = self.ended.lock().unwrap().clone();
        self.ran
            .lock()
            .unwrap()
            .iter()
            .filter(|id| !ended.contains(*id))
            .cloned()
            .collect()
    }
}

both_backends!(dropping_a_store_ends_its_writer_threads, |backend| {
    let mut seen = 0;
    for round in 0..10 {
        let TestDb {
            store, _database, ..
        } = TestDb::open(backend);
        // Queued writes from several threads start every lane's writer thread.
        let threads = WriterThreads::default();
        std::thread::scope(|scope| {
            for i in 0..4 {
                let (store, threads) = (&store, threads.clone());
                scope.spawn(move || {
                    store
                        .write_queued(None, move |c| {
                            threads.note();
                            put_meta(c, &format!("drop-{i}"))
                        })
                        .unwrap()
                });
            }
        });
        let ran = threads.ran.lock().unwrap().len();
        assert_eq!(
            threads.running().len(),
            ran,
            "round {round}: a writer thread ended while its store was open"
        );
        seen += ran;
        drop(store);
        // Ended when the drop returns, not some time after.
        assert_eq!(threads.running(), Vec::<String>::new(), "round {round}");
    }
    assert!(seen > 0, "no piece ran on a writer thread in ten rounds");
});

#[test]
fn a_caller_arriving_at_the_lane_goes_ahead_of_the_queue_behind_the_writer_thread() {
    use std::sync::{Arc, Mutex};
    use std::time::Duration;
    // SQLite: one lane, so the writer thread and the caller meet on it.
    let db = sqlite();
    let order = Arc::new(Mutex::new(Vec::<String>::new()));
    let piece = |order: &Arc<Mutex<Vec<String>>>, name: &str| {
        let (order, name) = (Arc::clone(order), name.to_string());
        move |c: &mut DbConnection| -> StoreResult<()> {
            order.lock().unwrap().push(name.clone());
            if name == "queued-0" {
                std::thread::sleep(Duration::from_millis(1000));
            }
            put_meta(c, &format!("order-{name}"))
        }
    };
    std::thread::scope(|scope| {
        let first = piece(&order, "queued-0");
        scope.spawn(|| db.store.write_queued(None, first).unwrap());
        for i in 1..5 {
            let queued = piece(&order, &format!("queued-{i}"));
            let store = &db.store;
            scope.spawn(move || {
                std::thread::sleep(Duration::from_millis(200));
                store.write_queued(None, queued).unwrap();
            });
        }
        let grouped = piece(&order, "grouped");
        let store = &db.store;
        scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            store.write_grouped(grouped).unwrap();
        });
    });
    let order = order.lock().unwrap().clone();
    assert_eq!(order.len(), 6, "{order:?}");
    assert_eq!(order[0], "queued-0");
    assert_eq!(
        order[1], "grouped",
        "the caller went ahead of the queue: {order:?}"
    );
}

both_backends!(
    work_announced_and_never_queued_holds_no_commit_back,
    |backend| {
        let db = &TestDb::open(backend);
        let stale = db.store.announce_write();
        let before = db.store.group_stats();
        for i in 0..3 {
            let started = std::time::Instant::now();
            db.store
                .write_queued(None, move |c| put_meta(c, &format!("announced-{i}")))
                .unwrap();
            // The writer thread waited at most its linger for the announced work, then committed.
            assert!(
                started.elapsed() < std::time::Duration::from_secs(2),
                "{:?}",
                started.elapsed()
            );
        }
        let after = db.store.group_stats();
        assert_eq!(
            after.transactions - before.transactions,
            3,
            "each committed alone"
        );
        drop(stale);
        // An announcement handed over with its work ends there.
        let coming = db.store.announce_write();
        db.store
            .write_queued(Some(coming), |c| put_meta(c, "announced-last"))
            .unwrap();
    }
);

/// Twelve writes at once, grouped on their callers' threads or queued for the writer thread:
/// each stands or falls alone, its deferred writes with it, and some share a commit.
fn grouped_writes(backend: Backend, queued: bool) {
    use std::time::Duration;
    use vaxkit_store::StoreError;
    const WRITERS: usize = 12;
    let db = &TestDb::open(backend);
    let before = db.store.group_stats();
    let answers: Vec<Result<usize, StoreError>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|i| {
                scope.spawn(move || {
                    if i != 0 {
                        // The first holds its lane; the others arrive behind it.
                        std::thread::sleep(Duration::from_millis(100));
                    }
                    if queued {
                        let secrets = db.store.secrets.clone();
                        db.store
                            .write_queued(None, move |c| group_piece(c, &secrets, i))
                    } else {
                        db.store
                            .write_grouped(|c| group_piece(c, &db.store.secrets, i))
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, answer) in answers.iter().enumerate() {
        match i {
            5 => assert!(matches!(answer, Err(StoreError::Config(_))), "{answer:?}"),
            7 => assert!(
                answer.as_ref().is_err_and(StoreError::is_unique_violation),
                "{answer:?}"
            ),
            _ => assert_eq!(answer.as_ref().ok(), Some(&i), "{answer:?}"),
        }
    }
    let names = meta_names(db, "group-%");
    let expected: BTreeSet<String> = (0..WRITERS)
        .filter(|i| *i != 5 && *i != 7)
        .map(|i| format!("group-{i}"))
        .collect();
    assert_eq!(names, expected);
    // The deferred writes of the pieces that stand, and none of the others'.
    let (logged, queued) = db
        .store
        .read(|c| {
            use vaxkit_store::schema::{audit_log, outbox as queue};
            let logged: BTreeSet<String> = audit_log::table
                .filter(audit_log::action.eq("test.group"))
                .select(audit_log::entity_ref)
                .load::<String>(c)?
                .into_iter()
                .collect();
            let queued: Vec<(String, String)> = queue::table
                .filter(queue::message_id.like("group-%"))
                .select((queue::message_id, queue::recipient))
                .load(c)?;
            Ok((logged, queued))
        })
        .unwrap();
    assert_eq!(logged, expected);
    let queued_names: BTreeSet<String> = queued.iter().map(|(m, _)| m.clone()).collect();
    assert_eq!(queued_names, expected);
    assert_eq!(queued.len(), expected.len(), "each message once");
    // Sealed like any other message.
    assert!(queued.iter().all(|(_, r)| !r.contains("9990000000")));
    let after = db.store.group_stats();
    assert_eq!(after.pieces - before.pieces, WRITERS as u64);
    assert!(
        after.transactions - before.transactions < WRITERS as u64,
        "some writes shared a commit: {after:?}"
    );
}

// ---- rotating the server key ----------------------------------------------------------

both_backends!(
    a_key_rotation_moves_every_protected_value_to_the_new_key,
    |backend| {
        use vaxkit_store::repo::{accounts, conversations, otp, outbox};
        let db = &before_sealing(backend, Secrets::from_master(&[9; 32]));
        let s = plain_rows(db);
        db.store.migrate().unwrap();
        db.store.check_key().unwrap();
        let new = Secrets::from_master(&[5; 32]);

        // The key in use is not a new key; a store opened with a key that is not the
        // database's own cannot rotate it, and changes nothing.
        let same = db.store.rekey(&db.store.secrets).unwrap_err().to_string();
        assert!(same.contains("the new key is the key in use"), "{same}");
        let stranger = Store::open(&db.url, Secrets::from_master(&[8; 32]), 1).unwrap();
        let refused = stranger.rekey(&new).unwrap_err().to_string();
        assert!(
            refused.contains("not the one this database was set up with"),
            "{refused}"
        );
        drop(stranger);
        db.store.check_key().unwrap();

        let report = db.store.rekey(&new).unwrap();
        assert_eq!(
            report,
            vaxkit_store::rekey::RekeyReport {
                beneficiaries: 1,
                accounts: 1,
                otp_challenges: 1,
                otp_challenges_closed: 1,
                appointments: 1,
                outbox: 2,
                sms_conversations_dropped: 1,
            }
        );

        // The old key is refused now, the new one accepted.
        let old_check = db.store.check_key().unwrap_err().to_string();
        assert!(
            old_check.contains("not the one this database was set up with"),
            "{old_check}"
        );
        let rotated = Store::open(&db.url, new.clone(), 2).unwrap();
        rotated.check_key().unwrap();
        assert_eq!(plain_left(db), 0, "nothing plain appeared");

        let old = Secrets::from_master(&[9; 32]);
        rotated
            .read(|c| {
                // Found by the new key's hashes, opened by the new key, not by the old one.
                let b = beneficiaries::by_id_hash(c, &new.id_hash("national-id", "7304125813"))?
                    .expect("found by identity number");
                assert_eq!(new.open(&b.id_sealed)?, "7304125813");
                assert!(old.open(&b.id_sealed).is_err());
                assert!(
                    beneficiaries::by_id_hash(c, &old.id_hash("national-id", "7304125813"))?
                        .is_none()
                );
                let account = accounts::by_mobile(c, &new, OLD_MOBILE)?.expect("found by mobile");
                assert_eq!(account.mobile(&new)?, OLD_MOBILE);
                assert!(accounts::by_mobile(c, &old, OLD_MOBILE)?.is_none());
                let found = appointments::open_at_facility_with_code(
                    c,
                    &new,
                    s.facility_id,
                    s.date,
                    OLD_CODE,
                )?;
                assert_eq!(found.len(), 1, "found by security code");
                assert_eq!(found[0].0.security_code(&new)?, OLD_CODE);
                let since = now() - chrono::Duration::hours(24);
                assert_eq!(
                    otp::sent_since(c, &new, OLD_MOBILE, since)?.0,
                    1,
                    "the daily count holds"
                );
                let challenge = otp::get(c, "txn-1")?.unwrap();
                assert!(
                    challenge.used,
                    "an open login code cannot be checked any more"
                );
                assert_eq!(challenge.mobile(&new)?, OLD_MOBILE);
                let sent = outbox::for_recipient(c, &new, OLD_MOBILE)?;
                assert_eq!(sent.len(), 2);
                assert_eq!(
                    sent[0].body,
                    format!("Booked: Harbour Clinic, code {OLD_CODE}")
                );
                assert_eq!(sent[1].body, "", "an emptied text stays empty");
                assert!(conversations::get(c, &new, OLD_MOBILE, now())?.is_none());
                Ok(())
            })
            .unwrap();
    }
);

#[test]
fn a_deadlock_is_a_conflict_to_retry_and_the_other_transaction_goes_through() {
    let db = &postgres();
    let insert: StoreResult<usize> = db.store.write(|c| {
        Ok(diesel::sql_query(
            "INSERT INTO store_meta (name, value) VALUES ('row-a', '0'), ('row-b', '0')",
        )
        .execute(c)?)
    });
    insert.unwrap();
    let barrier = std::sync::Barrier::new(2);
    // Two transactions take the same two rows in opposite orders.
    let take = |first: &'static str, second: &'static str| -> StoreResult<()> {
        db.store.write(|c| {
            let update = |name: &str| {
                format!("UPDATE store_meta SET value = value || '+' WHERE name = '{name}'")
            };
            diesel::sql_query(update(first)).execute(c)?;
            barrier.wait();
            diesel::sql_query(update(second)).execute(c)?;
            Ok(())
        })
    };
    let (one, two) = std::thread::scope(|scope| {
        let one = scope.spawn(|| take("row-a", "row-b"));
        let two = scope.spawn(|| take("row-b", "row-a"));
        (one.join().unwrap(), two.join().unwrap())
    });
    let failed: Vec<_> = [one, two].into_iter().filter_map(Result::err).collect();
    assert_eq!(
        failed.len(),
        1,
        "PostgreSQL breaks the deadlock by giving up one"
    );
    assert!(failed[0].is_transient_conflict(), "{}", failed[0]);
    let duplicate: StoreResult<usize> = db.store.write(|c| {
        Ok(
            diesel::sql_query("INSERT INTO store_meta (name, value) VALUES ('row-a', '0')")
                .execute(c)?,
        )
    });
    let duplicate = duplicate.unwrap_err();
    assert!(
        !duplicate.is_transient_conflict(),
        "a duplicate is not retried: {duplicate}"
    );
}

both_backends!(folding_a_day_keeps_its_sums_in_fewer_rows, |backend| {
    use vaxkit_store::repo::doses::{self, CounterKey};
    let db = &TestDb::open(backend);
    let day = |d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap();
    let key = |d, facility, vaccine: &str, shard| CounterKey {
        day: day(d),
        region_code: "R1".into(),
        facility_id: facility,
        vaccine: vaccine.into(),
        dose: 1,
        age_band: "18-44".into(),
        gender: "F".into(),
        shard,
    };
    let rows_of = |d| -> i64 {
        db.store
            .read(|c| {
                use vaxkit_store::schema::dose_counters as dc;
                Ok(dc::table
                    .filter(dc::day.eq(day(d)))
                    .count()
                    .get_result::<i64>(c)?)
            })
            .unwrap()
    };
    // Day 10: two vaccines at three facilities on four shards; day 11 the same, left alone.
    db.store
        .write(|c| {
            for d in [10, 11] {
                for facility in 1..=3 {
                    for shard in 0..4 {
                        doses::count(c, &key(d, facility, "AAA", shard), facility + shard)?;
                        doses::count(c, &key(d, facility, "BBB", shard), 1)?;
                    }
                }
            }
            StoreResult::Ok(())
        })
        .unwrap();
    let everything = |db: &TestDb| {
        db.store
            .read(|c| doses::counted(c, day(1), day(30)))
            .unwrap()
    };
    let before = everything(db);
    assert_eq!(before.iter().map(|r| r.count).sum::<i64>(), 2 * (42 + 12));
    let spread = db
        .store
        .read(|c| doses::unfolded_days(c, day(12), 10))
        .unwrap();
    assert_eq!(spread, vec![day(10), day(11)]);
    let folded = db.store.write(|c| doses::fold_day(c, day(10))).unwrap();
    assert_eq!(folded, 24, "every spread row of the day goes");
    assert_eq!(rows_of(10), 2, "one row per vaccine is left");
    assert_eq!(rows_of(11), 24, "the next day is untouched");
    assert_eq!(everything(db), before, "the report reads the same sums");
    assert_eq!(
        db.store
            .read(|c| doses::unfolded_days(c, day(12), 10))
            .unwrap(),
        vec![day(11)]
    );
    // Folding again takes nothing; a later addition (a revocation) is spread again, then
    // folded onto the folded row.
    assert_eq!(db.store.write(|c| doses::fold_day(c, day(10))).unwrap(), 0);
    db.store
        .write(|c| doses::count(c, &key(10, 2, "AAA", 5), -1))
        .unwrap();
    assert_eq!(rows_of(10), 3);
    assert_eq!(db.store.write(|c| doses::fold_day(c, day(10))).unwrap(), 1);
    assert_eq!(rows_of(10), 2);
    let after = everything(db);
    let aaa_10 = |rows: &[doses::CounterRow]| {
        rows.iter()
            .find(|r| r.day == day(10) && r.vaccine == "AAA")
            .map(|r| r.count)
    };
    assert_eq!(aaa_10(&after), Some(42 - 1));
    assert_eq!(aaa_10(&before), Some(42));
});

both_backends!(a_login_code_goes_ahead_of_a_backlog, |backend| {
    use vaxkit_store::repo::outbox;
    let db = &TestDb::open(backend);
    let message = |id: &'static str| outbox::NewMessage {
        channel: "sms",
        recipient: "9990000000",
        message_id: id,
        language: "en",
        body: "text",
    };
    let later = |seconds| now() + chrono::Duration::seconds(seconds);
    db.store
        .write(|c| {
            for _ in 0..50 {
                outbox::enqueue(c, &db.store.secrets, message("sms-dose-recorded"), now())?;
            }
            outbox::enqueue_first(c, &db.store.secrets, message("sms-otp"), later(60))?;
            outbox::enqueue(
                c,
                &db.store.secrets,
                message("sms-dose-recorded"),
                later(61),
            )
        })
        .unwrap();
    let claimed = db
        .store
        .write(|c| outbox::claim(c, "w1", later(62), later(120), 2))
        .unwrap();
    let ids: Vec<&str> = claimed.iter().map(|m| m.message_id.as_str()).collect();
    assert_eq!(
        ids.iter().filter(|id| **id == "sms-otp").count(),
        1,
        "the code is in the first claim, ahead of 51 older messages: {ids:?}"
    );
    // The rest keep their order, oldest first, and all are still sent.
    let rest = db
        .store
        .write(|c| outbox::claim(c, "w1", later(62), later(120), 100))
        .unwrap();
    assert_eq!(claimed.len() + rest.len(), 52);
    assert!(rest.iter().all(|m| m.message_id == "sms-dose-recorded"));
});

// ---- connections the database cut ----------------------------------------------------

#[derive(QueryableByName)]
struct Pid {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pid: i32,
}

fn backend_pid(c: &mut DbConnection) -> StoreResult<i32> {
    Ok(diesel::sql_query("SELECT pg_backend_pid() AS pid")
        .get_result::<Pid>(c)?
        .pid)
}

/// Ends the PostgreSQL backends with these process ids, as a restart or a failover would.
fn cut(url: &DatabaseUrl, pids: &[i32]) {
    let DatabaseUrl::Postgres(url) = url else {
        panic!("a PostgreSQL database")
    };
    let mut admin = diesel::PgConnection::establish(url).unwrap();
    for pid in pids {
        diesel::sql_query(format!("SELECT pg_terminate_backend({pid})"))
            .execute(&mut admin)
            .unwrap();
    }
}

/// A connection in steady use leaves the pool without a `SELECT 1`; once one is found dead,
/// every other connection of the pool is checked before its next use.
#[test]
fn steady_connections_are_not_checked_until_one_is_found_dead() {
    use r2d2::ManageConnection;
    let db = postgres();
    let manager = vaxkit_store::db::Manager::new(db.url.clone());
    let mut a = manager.connect().unwrap();
    let mut b = manager.connect().unwrap();
    cut(
        &db.url,
        &[backend_pid(&mut a).unwrap(), backend_pid(&mut b).unwrap()],
    );
    // Not checked: a round trip would have found it dead.
    assert!(manager.is_valid(&mut a).is_ok());
    assert!(a.lost());
    assert!(manager.has_broken(&mut a));
    // Checked now, and found dead.
    assert!(manager.is_valid(&mut b).is_err());
    let mut fresh = manager.connect().unwrap();
    assert!(manager.is_valid(&mut fresh).is_ok());
    assert!(!fresh.lost());
}

/// PostgreSQL cuts every connection of the pools: the readiness check, reads, writes and
/// grouped writes go on, on new connections, and nothing is written twice.
#[test]
fn work_goes_on_after_the_database_cut_every_connection() {
    let db = postgres();
    // Several connections of each pool in use, so that the cut leaves them in the pools.
    let pids: Vec<i32> = std::thread::scope(|s| {
        let readers: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    db.store
                        .read(|c| {
                            std::thread::sleep(std::time::Duration::from_millis(50));
                            backend_pid(c)
                        })
                        .unwrap()
                })
            })
            .collect();
        let mut pids: Vec<i32> = readers.into_iter().map(|r| r.join().unwrap()).collect();
        pids.push(
            db.store
                .write(|c| -> StoreResult<i32> { backend_pid(c) })
                .unwrap(),
        );
        pids.push(
            db.store
                .write_grouped(|c| -> StoreResult<i32> { backend_pid(c) })
                .unwrap(),
        );
        pids.push(
            db.store
                .write_queued(None, |c| -> StoreResult<i32> { backend_pid(c) })
                .unwrap(),
        );
        pids
    });
    cut(&db.url, &pids);
    // The readiness check's first connection is one of the cut ones.
    db.store.ping().unwrap();
    for _ in 0..6 {
        let pid = db.store.read(backend_pid).unwrap();
        assert!(!pids.contains(&pid), "a cut connection answered");
    }
    let mut runs = 0;
    db.store
        .write(|c| -> StoreResult<()> {
            runs += 1;
            put_meta(c, "cut-write")?;
            Ok(())
        })
        .unwrap();
    assert!(runs <= 2);
    db.store
        .write_grouped(|c| -> StoreResult<()> {
            put_meta(c, "cut-grouped")?;
            Ok(())
        })
        .unwrap();
    db.store
        .write_queued(None, |c| put_meta(c, "cut-queued"))
        .unwrap();
    let names: Vec<String> = db
        .store
        .read(|c| {
            Ok(vaxkit_store::schema::store_meta::table
                .select(vaxkit_store::schema::store_meta::name)
                .filter(vaxkit_store::schema::store_meta::name.like("cut-%"))
                .load(c)?)
        })
        .unwrap();
    assert_eq!(names.len(), 3, "{names:?}");
}

/// The names of the `store_meta` rows whose name is `like` the pattern.
fn meta_names(db: &TestDb, like: &str) -> BTreeSet<String> {
    use vaxkit_store::schema::store_meta;
    db.store
        .read(|c| {
            Ok(store_meta::table
                .filter(store_meta::name.like(like))
                .select(store_meta::name)
                .load::<String>(c)?)
        })
        .unwrap()
        .into_iter()
        .collect()
}

fn put_meta(c: &mut DbConnection, name: &str) -> StoreResult<()> {
    use vaxkit_store::schema::store_meta;
    diesel::insert_into(store_meta::table)
        .values((store_meta::name.eq(name), store_meta::value.eq("1")))
        .execute(c)?;
    Ok(())
}

// ---- doses checked before their transaction ---------------------------------------------

/// A vaccinator of a facility with a session, and a person with an open appointment there:
/// what a checked dose needs. Answers (staff, facility, person, appointment).
fn a_dose_world(db: &TestDb) -> (i64, i64, i64, i64) {
    let session = a_session(db, 5);
    let person = a_beneficiary(db, "9996000001", "7304125813");
    db.store
        .write(|c| {
            let staff = a_vaccinator(c)?;
            let a = appointments::insert(
                c,
                &db.store.secrets,
                person.id,
                session.id,
                1,
                "09:00-11:00",
                now(),
            )?;
            StoreResult::Ok((staff.id, session.facility_id, person.id, a.id))
        })
        .unwrap()
}

/// Dose `dose` of `person` under `key`, given on `given_on` by the vaccinator at the
/// facility of `world`, and what it is counted under.
fn a_new_dose(
    (staff, facility): (i64, i64),
    person: i64,
    dose: i64,
    key: &str,
    given_on: NaiveDate,
) -> (doses::NewDose, doses::CounterKey) {
    (
        doses::NewDose {
            beneficiary_id: person,
            dose,
            vaccine: "comirnaty".into(),
            given_on,
            batch: "B1".into(),
            facility_id: facility,
            staff_id: staff,
            appointment_id: None,
            idempotency_key: key.into(),
            override_reason: None,
        },
        doses::CounterKey {
            day: given_on,
            region_code: "XX-N-01".into(),
            facility_id: facility,
            vaccine: "comirnaty".into(),
            dose,
            age_band: "45-59".into(),
            gender: "female".into(),
            shard: 0,
        },
    )
}

/// The revocation of a dose entered for the wrong person.
fn a_revocation(dose_id: i64, staff_id: i64) -> doses::Revocation {
    doses::Revocation {
        dose_id,
        revoked_at: now(),
        reason: "entered for the wrong person".into(),
        staff_id,
    }
}

/// The day the doses of these tests are given.
fn dose_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
}

/// The person's dose-change count as a dose's check reads it.
fn version_of(db: &TestDb, reference: &str, facility: i64) -> i64 {
    db.store
        .read(|c| doses::person_for_dose(c, reference, "no-such-key", facility, dose_day()))
        .unwrap()
        .expect("the person")
        .version
}

/// Writes dose 1 of `person` under `key` as checked at `version`, with their appointment.
fn write_checked(
    db: &TestDb,
    world: (i64, i64),
    person: i64,
    appointment: Option<i64>,
    version: i64,
    key: &str,
) -> doses::Written {
    let (dose, counted) = a_new_dose(world, person, 1, key, dose_day());
    db.store
        .write(|c| {
            doses::write_checked(
                c,
                &doses::CheckedDose {
                    dose: &dose,
                    counted: &counted,
                    version,
                    open_here: appointment,
                    now: now(),
                },
            )
        })
        .unwrap()
}

/// A person's public reference.
fn reference_of(db: &TestDb, person: i64) -> String {
    db.store
        .read(|c| beneficiaries::get(c, person))
        .unwrap()
        .expect("the person")
        .reference
}

/// How many doses were recorded for a person, revoked ones included.
fn dose_count(db: &TestDb, person: i64) -> i64 {
    db.store.read(|c| doses::all_of(c, person)).unwrap().len() as i64
}

both_backends!(
    a_checked_dose_is_written_only_if_the_persons_doses_did_not_change,
    |backend| {
        let db = &TestDb::open(backend);
        let (staff, facility, person, appointment) = a_dose_world(db);
        let world = (staff, facility);
        let reference = reference_of(db, person);
        let seen = version_of(db, &reference, facility);
        assert_eq!(seen, 0, "no change yet");

        // Another dose written after the check: this one is checked again.
        let (other, counted) = a_new_dose(world, person, 1, "written-meanwhile", dose_day());
        let meanwhile = db
            .store
            .write(|c| doses::insert(c, &other, &counted, now()))
            .unwrap();
        let w = write_checked(db, world, person, Some(appointment), seen, "checked-before");
        assert!(matches!(w, doses::Written::Changed), "{w:?}");
        assert_eq!(dose_count(db, person), 1, "nothing written");
        let open = db
            .store
            .read(|c| appointments::get(c, appointment))
            .unwrap();
        assert_eq!(
            open.unwrap().status,
            "booked",
            "the appointment is still open"
        );

        // Revoked after the next check: changed again.
        let seen = version_of(db, &reference, facility);
        db.store
            .write(|c| doses::revoke(c, &a_revocation(meanwhile.id, staff)))
            .unwrap();
        let w = write_checked(db, world, person, Some(appointment), seen, "checked-before");
        assert!(matches!(w, doses::Written::Changed), "{w:?}");

        // Checked again, unchanged: written, the appointment fulfilled with it.
        let seen = version_of(db, &reference, facility);
        let w = write_checked(db, world, person, Some(appointment), seen, "checked-again");
        let doses::Written::Dose(record, fulfilled) = w else {
            panic!("{w:?}")
        };
        assert_eq!(record.appointment_id, Some(appointment));
        assert!(fulfilled.is_some());
        let stored = db
            .store
            .read(|c| doses::by_idempotency_key(c, "checked-again"))
            .unwrap()
            .unwrap();
        assert_eq!(
            (stored.id, stored.appointment_id),
            (record.id, Some(appointment))
        );
        let done = db
            .store
            .read(|c| appointments::get(c, appointment))
            .unwrap();
        assert_eq!(done.unwrap().status, "done");
        // The same check cannot write twice.
        let w = write_checked(db, world, person, None, seen, "checked-again-2");
        assert!(matches!(w, doses::Written::Changed), "{w:?}");
        assert_eq!(dose_count(db, person), 2);
    }
);

both_backends!(
    a_checked_dose_gives_way_to_its_key_and_to_a_merge_and_leaves_the_appointment_open,
    |backend| {
        let db = &TestDb::open(backend);
        let (staff, facility, person, appointment) = a_dose_world(db);
        let world = (staff, facility);
        let reference = reference_of(db, person);

        // The key was used meanwhile (for another person): nothing written, nothing fulfilled.
        let twin = a_beneficiary(db, "9996000002", "7304125814");
        let (used, counted) = a_new_dose(world, twin.id, 1, "one-key", dose_day());
        db.store
            .write(|c| doses::insert(c, &used, &counted, now()))
            .unwrap();
        let seen = version_of(db, &reference, facility);
        let w = write_checked(db, world, person, Some(appointment), seen, "one-key");
        assert!(matches!(w, doses::Written::KeyUsed), "{w:?}");
        assert_eq!(dose_count(db, person), 0);
        let open = db
            .store
            .read(|c| appointments::get(c, appointment))
            .unwrap();
        assert_eq!(open.unwrap().status, "booked");

        // Its appointment cancelled meanwhile: the dose stands, without it.
        let seen = version_of(db, &reference, facility);
        assert!(
            db.store
                .write(|c| appointments::cancel(c, appointment, now()))
                .unwrap()
        );
        let w = write_checked(db, world, person, Some(appointment), seen, "after-cancel");
        let doses::Written::Dose(record, fulfilled) = w else {
            panic!("{w:?}")
        };
        assert_eq!((record.appointment_id, fulfilled), (None, None));

        // Merged into another record after the check: changed.
        let seen = version_of(db, &reference, facility);
        db.store
            .write(|c| beneficiaries::merge_into(c, person, twin.id))
            .unwrap();
        let w = write_checked(db, world, person, None, seen, "after-merge");
        assert!(matches!(w, doses::Written::Changed), "{w:?}");

        // A dose moved to a person by a correction changes them too.
        let third = a_beneficiary(db, "9996000003", "7304125815");
        let third_ref = reference_of(db, third.id);
        let seen = version_of(db, &third_ref, facility);
        let moved = db
            .store
            .read(|c| doses::by_idempotency_key(c, "one-key"))
            .unwrap()
            .unwrap();
        db.store
            .write(|c| {
                doses::correct(
                    c,
                    moved.id,
                    &doses::DoseCorrection {
                        beneficiary_id: third.id,
                        dose: moved.dose,
                        vaccine: moved.vaccine.clone(),
                        batch: moved.batch.clone(),
                        given_on: moved.given_on,
                        counted_age_band: moved.counted_age_band.clone(),
                        counted_gender: moved.counted_gender.clone(),
                    },
                )
            })
            .unwrap();
        let w = write_checked(db, world, third.id, None, seen, "after-correction");
        assert!(matches!(w, doses::Written::Changed), "{w:?}");
    }
);

both_backends!(
    a_failed_write_of_one_statement_gives_up_the_shared_transaction_and_the_others_stand,
    |backend| {
        use std::time::Duration;
        let db = &TestDb::open(backend);
        db.store.write(|c| put_meta(c, "whole-taken")).unwrap();
        let answers: Vec<Result<(), vaxkit_store::StoreError>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    scope.spawn(move || {
                        if i != 0 {
                            // Queued behind the first, into the transaction it is in.
                            std::thread::sleep(Duration::from_millis(100));
                        }
                        db.store.write_queued_one_statement(None, move |c| {
                            if i == 0 {
                                std::thread::sleep(Duration::from_millis(400));
                            }
                            // Without a savepoint on PostgreSQL: the failed insert aborts
                            // the transaction the others are in.
                            let name = if i == 4 {
                                "whole-taken".to_string()
                            } else {
                                format!("whole-{i}")
                            };
                            put_meta(c, &name)
                        })
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        for (i, answer) in answers.iter().enumerate() {
            if i == 4 {
                assert!(
                    answer
                        .as_ref()
                        .is_err_and(vaxkit_store::StoreError::is_unique_violation),
                    "{answer:?}"
                );
            } else {
                assert!(answer.is_ok(), "write {i}: {answer:?}");
            }
        }
        let expected: BTreeSet<String> = (0..8)
            .filter(|i| *i != 4)
            .map(|i| format!("whole-{i}"))
            .chain(["whole-taken".to_string()])
            .collect();
        assert_eq!(meta_names(db, "whole-%"), expected);
        // The writer threads go on.
        db.store
            .write_queued_one_statement(None, |c| put_meta(c, "whole-after"))
            .unwrap();
        assert!(meta_names(db, "whole-%").contains("whole-after"));
    }
);

both_backends!(
    a_dose_waits_for_a_transaction_holding_the_persons_doses_and_is_checked_again,
    |backend| {
        use std::time::Duration;
        let db = &TestDb::open(backend);
        let (staff, facility, person, _) = a_dose_world(db);
        let seen = version_of(db, &reference_of(db, person), facility);
        // A merge or a removal holds the person's doses before it reads them; a dose written
        // meanwhile waits for it, then finds them changed, and the reads saw no dose.
        let (holding, held_now) = std::sync::mpsc::channel();
        let (held, dose) = std::thread::scope(|scope| {
            let holder = scope.spawn(move || {
                db.store
                    .write(|c| {
                        doses::changed(c, &[person])?;
                        let _ = holding.send(());
                        std::thread::sleep(Duration::from_millis(300));
                        doses::all_of(c, person)
                    })
                    .unwrap()
            });
            held_now.recv().unwrap();
            let dose = write_checked(db, (staff, facility), person, None, seen, "meanwhile");
            (holder.join().unwrap(), dose)
        });
        assert!(held.is_empty(), "{held:?}");
        assert!(matches!(dose, doses::Written::Changed), "{dose:?}");
        assert_eq!(dose_count(db, person), 0);
    }
);

both_backends!(
    a_booking_claims_the_persons_version_only_if_nothing_changed_since_its_check,
    |backend| {
        let db = &TestDb::open(backend);
        let (staff, facility, person, _) = a_dose_world(db);
        let world = (staff, facility);
        let reference = reference_of(db, person);
        let claim = |version: i64| {
            db.store
                .write(|c| doses::claim_version(c, person, version))
                .unwrap()
        };
        // No row yet (version 0): the first claim makes it, a second of the same is refused.
        assert!(claim(0));
        assert!(!claim(0), "another write came since version 0 was read");
        assert_eq!(version_of(db, &reference, facility), 1);
        // A dose checked before the booking's write is checked again (and then sees it).
        let w = write_checked(db, world, person, None, 0, "checked-before-the-booking");
        assert!(matches!(w, doses::Written::Changed), "{w:?}");
        // A dose written after the booking's check: the booking is not written.
        let seen = version_of(db, &reference, facility);
        let w = write_checked(db, world, person, None, seen, "written-after-the-check");
        assert!(matches!(w, doses::Written::Dose(..)), "{w:?}");
        assert!(!claim(seen), "a dose came since the booking's check");
        let now_seen = version_of(db, &reference, facility);
        assert_eq!(now_seen, seen + 1);
        assert!(claim(now_seen));
        assert_eq!(version_of(db, &reference, facility), now_seen + 1);
    }
);
