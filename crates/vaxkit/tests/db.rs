//! `vaxkit db copy`, `vaxkit db summary`, `vaxkit backup` and `vaxkit restore` as an operator
//! runs them: a demo pilot on one backend copied to the other and backed up and restored, the
//! printed checksums equal, a target with rows refused with exit status 1.

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
