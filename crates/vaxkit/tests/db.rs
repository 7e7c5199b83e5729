//! `vaxkit db copy`, `vaxkit db summary`, `vaxkit db rekey`, `vaxkit backup` and `vaxkit restore`
//! as an operator runs them: a demo pilot on one backend copied to the other and backed up and
//! restored, the printed checksums equal, a target with rows refused with exit status 1; a
//! seeded population moved to a new server key, the old key refused afterwards.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use common::{stderr, stdout, vaxkit};
use vaxkit_testkit::{Backend, TestDatabase, both_backends};

fn other(backend: Backend) -> Backend {
    match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    }
}

fn summary(url: &str) -> String {
    let o = vaxkit(&["db", "summary", "--database", url]);
    assert!(o.status.success(), "{}", stderr(&o));
    stdout(&o)
}

both_backends!(a_pilot_is_copied_backed_up_and_restored, |backend| {
    let source = TestDatabase::create(backend);
    let from = source.url_text();
    let o = vaxkit(&[
        "demo",
        "--database",
        &from,
        "--facilities",
        "2",
        "--days",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let original = summary(&from);
    assert!(original.contains("facilities"), "{original}");

    let target = TestDatabase::create(other(backend));
    let to = target.url_text();
    let o = vaxkit(&["db", "copy", "--from", &from, "--to", &to]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("every table has the same rows and checksum"),
        "{out}"
    );
    assert!(
        out.contains("applied "),
        "the target is migrated first: {out}"
    );
    assert_eq!(summary(&to), original);

    // Again into the same target: refused, nothing changed.
    let o = vaxkit(&["db", "copy", "--from", &from, "--to", &to]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("is not empty"), "{}", stderr(&o));
    assert_eq!(summary(&to), original);

    // A backup of the copy restores on the source's backend to the same checksums.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("pilot.vaxkit");
    let file_text = file.to_string_lossy().into_owned();
    let o = vaxkit(&["backup", "--database", &to, "--to", &file_text]);
    assert!(o.status.success(), "{}", stderr(&o));
    let restored = TestDatabase::create(backend);
    let o = vaxkit(&[
        "restore",
        "--from",
        &file_text,
        "--database",
        &restored.url_text(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(summary(&restored.url_text()), original);
});

/// Runs `vaxkit db rekey` with the current key given as a file (none on SQLite: the key file
/// beside the database).
fn rekey(
    url: &str,
    current: Option<&std::path::Path>,
    new: &std::path::Path,
) -> std::process::Output {
    let mut command = common::command(&[
        "db",
        "rekey",
        "--database",
        url,
        "--new-key-file",
        &new.to_string_lossy(),
    ]);
    if let Some(file) = current {
        command.env("VAXKIT_SECRET_KEY_FILE", file);
    }
    command.output().unwrap()
}

both_backends!(the_server_key_is_rotated_in_place, |backend| {
    let dir = tempfile::tempdir().unwrap();
    let old_key = dir.path().join("old.key");
    let new_key = dir.path().join("new.key");
    std::fs::write(&old_key, "11".repeat(32)).unwrap();
    std::fs::write(&new_key, "22".repeat(32)).unwrap();
    let database = TestDatabase::create(backend);
    let url = database.url_text();
    // SQLite keeps its key beside the database; PostgreSQL's comes from the environment.
    let current = match backend {
        Backend::Sqlite => None,
        Backend::Postgres => Some(old_key.as_path()),
    };
    let mut seed = common::command(&["demo", "seed", "--people", "40", "--database", &url]);
    if let Some(file) = current {
        seed.env("VAXKIT_SECRET_KEY_FILE", file);
    }
    let o = seed.output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let beside = format!("{}.key", url.trim_start_matches("sqlite:"));
    if backend == Backend::Sqlite {
        std::fs::copy(&beside, &old_key).unwrap();
    }
    let rows = |summary: &str| -> Vec<String> {
        summary
            .lines()
            .map(|l| l.split("rows").next().unwrap_or("").to_owned())
            .collect()
    };
    let before = summary(&url);

    let o = rekey(&url, current, &new_key);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("40 identity numbers"), "{out}");
    assert!(out.contains("now uses the new key"), "{out}");
    let after = summary(&url);
    assert_eq!(rows(&after), rows(&before), "no row gained or lost");
    assert_ne!(after, before, "the hashed and sealed columns changed");

    // The database now takes the new key only: the key in use is the new one (for SQLite, the
    // file beside the database was replaced), and the old one is refused.
    let now_current = match backend {
        Backend::Sqlite => {
            assert_eq!(std::fs::read_to_string(beside).unwrap(), "22".repeat(32));
            None
        }
        Backend::Postgres => Some(new_key.as_path()),
    };
    let o = rekey(&url, now_current, &new_key);
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("the new key is the key in use"),
        "{}",
        stderr(&o)
    );
    let o = rekey(&url, Some(&old_key), &dir.path().join("new.key"));
    assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("not the one this database was set up with"),
        "{}",
        stderr(&o)
    );
    assert_eq!(summary(&url), after, "a refused rotation changes nothing");
});
