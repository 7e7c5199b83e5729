//! `profile.toml` as the profile loader reads it, beside the example profile's regions file:
//! any bytes give a profile or diagnostics, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// A folder of this process holding the example `regions.csv`; each input becomes its
/// `profile.toml`.
fn folder() -> &'static PathBuf {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let example = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../country-profiles/example");
        std::fs::copy(example.join("regions.csv"), dir.join("regions.csv")).unwrap();
        dir
    })
}

fuzz_target!(|data: &[u8]| {
    let dir = folder();
    std::fs::write(dir.join("profile.toml"), data).unwrap();
    let options = vaxkit_profile::LoadOptions {
        known_languages: Some(vec!["en".into(), "fr".into(), "ar".into()]),
    };
    if let Err(diagnostics) = vaxkit_profile::load(dir, &options) {
        // Every diagnostic renders (with its file and line).
        let _ = diagnostics.to_string();
    }
});
