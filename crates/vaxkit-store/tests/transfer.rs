//! Moving whole databases: `db copy` from each backend to the other carries every table and
//! every awkward value (bytes, floats to the last bit, timestamps, rows that refer to later
//! rows of their own table), moves PostgreSQL's sequences on, refuses a target that holds rows
//! and a schema it does not know; backups restore on both backends to the same checksums.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text};
use vaxkit_store::transfer::{self, TableSummary};
use vaxkit_store::{DbConnection, Secrets, Store};
use vaxkit_testkit::{Backend, TestDatabase, both_backends};

fn other(backend: Backend) -> Backend {
    match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    }
}

fn store(db: &TestDatabase) -> Store {
    Store::open(&db.url, Secrets::from_master(&[9; 32]), 2).unwrap()
}

/// Rows in most tables, with the values a copy gets wrong most easily: a region and a person
/// that refer to a row with a larger key, bytes with a zero, a float whose last digit matters,
/// a timestamp with nanoseconds, text with quotes and non-Latin letters, NULLs.
fn populate(db: &TestDatabase) {
    let s = store(db);
    let _ = s.migrate().unwrap();
    let (blob, yes, no) = match db.backend {
        Backend::Sqlite => ("X'00FF10'", "1", "0"),
        Backend::Postgres => ("'\\x00ff10'::bytea", "TRUE", "FALSE"),
    };
    let sql = format!(
        "INSERT INTO regions (id, code, name, level, parent_id, population) VALUES \
             (2, 'XX', 'Examplia', 0, NULL, 1000000);
         INSERT INTO regions (id, code, name, level, parent_id, population) VALUES \
             (1, 'XX-N', 'Nörth ☀ \"quoted\" it''s', 1, 2, NULL);
         INSERT INTO facilities (id, code, name, address, region_id, postal_code, latitude, \
             longitude, active, created_at) VALUES \
             (7, 'HARBOUR', 'Harbour', 'Quay 1', 1, NULL, 0.30000000000000004, -122.41941550000001, \
             {yes}, '2021-06-01 06:00:00.123456789');
         INSERT INTO facilities (id, code, name, address, region_id, postal_code, latitude, \
             longitude, active, created_at) VALUES \
             (8, 'HILL', 'Hill', '', 2, '12345', NULL, NULL, {no}, '2021-06-01 06:00:00');
         INSERT INTO accounts (id, mobile_hash, mobile_sealed, created_at) VALUES (3, 'h3', 'v1:sealed', '2021-06-01 06:00:00');
         INSERT INTO beneficiaries (id, ref, account_id, name, birth_year, birth_date, gender, \
             id_scheme, id_hash, id_masked, id_sealed, language, corrected, created_at, merged_into) VALUES \
             (5, 'B5', 3, 'Asha', 1980, '1980-05-17', 'F', 'nid', 'h5', 'XXXX1', {blob}, 'en', '', \
             '2021-06-01 06:00:01', NULL);
         INSERT INTO beneficiaries (id, ref, account_id, name, birth_year, birth_date, gender, \
             id_scheme, id_hash, id_masked, id_sealed, language, corrected, created_at, merged_into) VALUES \
             (4, 'B4', 3, 'أشا', 1980, NULL, 'F', 'nid', 'h4', 'XXXX2', {blob}, 'ar', 'name', \
             '2021-06-01 06:00:02', 5);
         INSERT INTO audit_log (at, actor, action, entity, entity_ref, before, after) VALUES \
             ('2021-06-01 06:00:03', 'staff:1', 'beneficiary.merge', 'beneficiary', 'B4', NULL, \
             '{{\"into\":\"B5\",\"note\":\"line\\nbreak\"}}');
         INSERT INTO dose_counters (day, region_code, facility_id, vaccine, dose, age_band, gender, \
             shard, count) VALUES ('2021-06-01', 'XX-N', 7, 'comirnaty', 1, '18-44', 'F', 3, 12);
         INSERT INTO store_meta (name, value) VALUES ('key_check', 'abc');"
    );
    s.write(|c| {
        c.batch_execute(&sql)?;
        Ok::<_, vaxkit_store::StoreError>(())
    })
    .unwrap();
}

#[derive(QueryableByName)]
struct Facility {
    #[diesel(sql_type = Nullable<Double>)]
    latitude: Option<f64>,
    #[diesel(sql_type = Nullable<Double>)]
    longitude: Option<f64>,
    #[diesel(sql_type = Text)]
    name: String,
}

#[derive(QueryableByName)]
struct Id {
    #[diesel(sql_type = BigInt)]
    id: i64,
}

fn names(tables: &[TableSummary]) -> Vec<String> {
    let mut n: Vec<String> = tables.iter().map(|t| t.name.clone()).collect();
    n.sort();
    n
}

both_backends!(
    copy_to_the_other_backend_carries_every_table_and_value,
    |backend| {
        let source = TestDatabase::create(backend);
        populate(&source);
        let target = TestDatabase::create(other(backend));

        let mut heard = Vec::new();
        let report = transfer::copy(&source.url, &target.url, &mut |t| {
            heard.push(t.name.clone())
        })
        .unwrap();
        assert!(
            !report.migrations.is_empty(),
            "the target is migrated first"
        );
        assert_eq!(heard.len(), report.tables.len());

        // Every table of the schema is in the report, with the source's rows and checksum, and the
        // target reads the same.
        let before = transfer::summarize(&source.url).unwrap();
        let after = transfer::summarize(&target.url).unwrap();
        assert_eq!(names(&report.tables), names(&before));
        assert_eq!(before, after);
        let rows = |name: &str| before.iter().find(|t| t.name == name).unwrap().rows;
        assert_eq!(rows("regions"), 2);
        assert_eq!(rows("beneficiaries"), 2);
        assert_eq!(rows("outbox"), 0);
        // Parents are written before the tables that refer to them.
        let position = |name: &str| report.tables.iter().position(|t| t.name == name).unwrap();
        assert!(position("regions") < position("facilities"));
        assert!(position("accounts") < position("beneficiaries"));

        // The values themselves, read by the target's own driver.
        let copy = store(&target);
        let facilities: Vec<Facility> = copy
            .read(|c| {
                Ok(match c {
                    DbConnection::Pg(c) => diesel::sql_query(
                        "SELECT latitude, longitude, name FROM facilities ORDER BY id",
                    )
                    .load(c)?,
                    DbConnection::Sqlite(c) => diesel::sql_query(
                        "SELECT latitude, longitude, name FROM facilities ORDER BY id",
                    )
                    .load(c)?,
                })
            })
            .unwrap();
        assert_eq!(facilities[0].latitude, Some(0.1 + 0.2));
        assert_eq!(facilities[0].longitude, Some(-122.41941550000001));
        assert_eq!(facilities[1].latitude, None);
        assert_eq!(facilities[0].name, "Harbour");
        let person = copy
            .read(|c| vaxkit_store::repo::beneficiaries::by_reference_any(c, "B4"))
            .unwrap()
            .unwrap();
        assert_eq!(person.id_sealed, vec![0x00, 0xff, 0x10]);
        assert_eq!(person.name, "أشا");
        assert_eq!(person.merged_into, Some(5));

        // New rows get new keys after the copied ones.
        let next: Vec<Id> = copy
        .write(|c| {
            Ok::<_, vaxkit_store::StoreError>(match c {
                DbConnection::Pg(c) => diesel::sql_query(
                    "INSERT INTO accounts (mobile_hash, mobile_sealed, created_at) VALUES ('h9715', 's', '2021-06-02 00:00:00') RETURNING id",
                )
                .load(c)?,
                DbConnection::Sqlite(c) => diesel::sql_query(
                    "INSERT INTO accounts (mobile_hash, mobile_sealed, created_at) VALUES ('h9715', 's', '2021-06-02 00:00:00') RETURNING id",
                )
                .load(c)?,
            })
        })
        .unwrap();
        assert_eq!(next[0].id, 4);

        // A second copy into the same target is refused: it holds rows now.
        let again = transfer::copy(&source.url, &target.url, &mut |_| {}).unwrap_err();
        assert!(again.to_string().contains("is not empty"), "{again}");
    }
);

both_backends!(
    a_table_or_column_the_target_does_not_have_stops_the_copy,
    |backend| {
        // A table added by hand (or by a migration this vaxkit does not know) is never left behind
        // silently.
        let source = TestDatabase::create(backend);
        populate(&source);
        store(&source)
            .write(|c| {
                c.batch_execute(
                    "CREATE TABLE future_things (id BIGINT PRIMARY KEY, label TEXT);
                 INSERT INTO future_things (id, label) VALUES (1, 'x');",
                )?;
                Ok::<_, vaxkit_store::StoreError>(())
            })
            .unwrap();
        let target = TestDatabase::create(other(backend));
        let e = transfer::copy(&source.url, &target.url, &mut |_| {}).unwrap_err();
        assert!(e.to_string().contains("future_things"), "{e}");
        assert!(
            transfer::summarize(&target.url)
                .unwrap()
                .iter()
                .all(|t| t.rows == 0),
            "nothing is written"
        );

        // So is a column.
        let source = TestDatabase::create(backend);
        populate(&source);
        store(&source)
            .write(|c| {
                c.batch_execute("ALTER TABLE accounts ADD COLUMN nickname TEXT")?;
                Ok::<_, vaxkit_store::StoreError>(())
            })
            .unwrap();
        let target = TestDatabase::create(other(backend));
        let e = transfer::copy(&source.url, &target.url, &mut |_| {}).unwrap_err();
        assert!(e.to_string().contains("nickname"), "{e}");
    }
);

both_backends!(
    a_target_with_rows_is_refused_before_it_is_changed,
    |backend| {
        let source = TestDatabase::create(other(backend));
        populate(&source);
        let target = TestDatabase::create(backend);
        populate(&target);
        let before = transfer::summarize(&target.url).unwrap();
        let e = transfer::copy(&source.url, &target.url, &mut |_| {}).unwrap_err();
        assert!(e.to_string().contains("is not empty"), "{e}");
        assert!(e.to_string().contains("regions"), "{e}");
        assert_eq!(transfer::summarize(&target.url).unwrap(), before);
    }
);

#[test]
fn a_missing_source_is_never_created() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("typo.db");
    let target = TestDatabase::create(Backend::Sqlite);
    let e = transfer::copy(
        &vaxkit_store::DatabaseUrl::Sqlite(missing.clone()),
        &target.url,
        &mut |_| {},
    )
    .unwrap_err();
    assert!(e.to_string().contains("no such SQLite database"), "{e}");
    assert!(!missing.exists());
}

both_backends!(
    a_backup_restores_on_both_backends_to_the_same_checksums,
    |backend| {
        let source = TestDatabase::create(backend);
        populate(&source);
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("backup.vaxkit");
        let tables = transfer::backup(&source.url, &file).unwrap();
        let original = transfer::summarize(&source.url).unwrap();
        assert_eq!(tables, original);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "backup mode {mode:o}");
        }
        // Never over an existing file.
        let e = transfer::backup(&source.url, &file).unwrap_err();
        assert!(e.to_string().contains("exists"), "{e}");

        for into in [backend, other(backend)] {
            let target = TestDatabase::create(into);
            let report = transfer::restore(&file, &target.url).unwrap();
            assert_eq!(report.tables.len(), original.len());
            assert_eq!(
                transfer::summarize(&target.url).unwrap(),
                original,
                "{into:?}"
            );
            // A restore goes only into an empty database.
            let e = transfer::restore(&file, &target.url).unwrap_err();
            assert!(e.to_string().contains("is not empty"), "{e}");
        }

        // A damaged or foreign file is refused with a reason.
        let junk = dir.path().join("junk.vaxkit");
        std::fs::write(&junk, b"not a database at all, just text").unwrap();
        let target = TestDatabase::create(backend);
        let e = transfer::restore(&junk, &target.url).unwrap_err();
        assert!(e.to_string().contains("junk.vaxkit"), "{e}");
    }
);
