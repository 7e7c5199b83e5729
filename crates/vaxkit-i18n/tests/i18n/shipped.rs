//! The shipped locales: all of them complete against the base, and each embedded in the binary.

use std::fs;
use std::path::PathBuf;

use vaxkit_i18n::{BASE_LANGUAGE, Locales, check_completeness};

/// Language folders under the repository's `locales/`, read from disk (not from the embedding).
fn shipped_folders() -> Vec<String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../locales");
    let mut languages: Vec<String> = fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap())
        .filter(|entry| entry.path().is_dir())
        .map(|entry| entry.file_name().into_string().unwrap())
        .collect();
    languages.sort();
    languages
}

#[test]
fn every_shipped_locale_is_embedded() {
    let folders = shipped_folders();
    assert!(
        folders.len() > 1,
        "expected translations beside the base: {folders:?}"
    );
    assert_eq!(Locales::available_languages(None), folders);
}

/// No silent language gaps: every folder under locales/ has every base message and attribute,
/// with the same variables, and nothing the base lacks.
#[test]
fn every_shipped_locale_is_complete() {
    let languages = shipped_folders();
    let gaps = check_completeness(None, &languages, BASE_LANGUAGE).unwrap();
    let report: Vec<String> = gaps.iter().map(ToString::to_string).collect();
    assert!(gaps.is_empty(), "locale gaps:\n{}", report.join("\n"));
}

#[test]
fn every_shipped_locale_loads_and_names_itself() {
    let languages = shipped_folders();
    let locales = Locales::load(None, &languages).unwrap();
    let english = locales.message(BASE_LANGUAGE, "language-name", &[]);
    for language in &languages {
        let name = locales.message(language, "language-name", &[]);
        assert_ne!(name, "language-name", "{language}");
        if language != BASE_LANGUAGE {
            assert_ne!(name, english, "{language} still calls itself English");
        }
    }
}
