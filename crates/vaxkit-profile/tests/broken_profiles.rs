//! Each folder under `tests/profiles/` holds a profile with known mistakes and, in
//! `expected.txt`, every diagnostic loading it must print, exactly. `minimal/` is the
//! valid profile the others are variations of. Run with `VAXKIT_BLESS=1` to rewrite the
//! expectations after an intended change, then review the diff.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::path::{Path, PathBuf};

use vaxkit_profile::{LoadOptions, load};

fn options() -> LoadOptions {
    LoadOptions {
        known_languages: Some(vec!["en".into(), "hi".into()]),
    }
}

fn cases() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("tests/profiles")
        .expect("tests/profiles exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.is_dir() && !p.ends_with("minimal"))
        .collect();
    dirs.sort();
    dirs
}

#[test]
fn minimal_profile_is_valid() {
    let p = load(Path::new("tests/profiles/minimal"), &options()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.country.code, "XX");
    assert_eq!(
        p.regions.count_per_level(),
        vec![("state".to_string(), 1), ("district".to_string(), 2)]
    );
}

#[test]
fn every_broken_profile_gives_exactly_its_expected_errors() {
    let cases = cases();
    assert!(
        cases.len() >= 10,
        "the broken profiles are missing: {cases:?}"
    );
    let bless = std::env::var_os("VAXKIT_BLESS").is_some();
    let mut failures = Vec::new();
    for dir in cases {
        let actual = match load(&dir, &options()) {
            Ok(_) => "(loaded without errors)\n".to_string(),
            Err(diags) => format!("{diags}\n"),
        };
        let expected_path = dir.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).expect("write expected.txt");
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                dir.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
