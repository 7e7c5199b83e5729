//! A regions CSV file as the profile loader reads it: any bytes give regions or diagnostics
//! with a line, never a panic.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vaxkit_profile::regions::Regions;

fn file() -> &'static PathBuf {
    static FILE: OnceLock<PathBuf> = OnceLock::new();
    FILE.get_or_init(|| tempfile::tempdir().unwrap().keep().join("regions.csv"))
}

fuzz_target!(|data: &[u8]| {
    let path = file();
    std::fs::write(path, data).unwrap();
    let levels = ["province".to_string(), "district".to_string()];
    let languages = ["en".to_string(), "fr".to_string(), "ar".to_string()];
    match Regions::load(path, &levels, &languages) {
        Ok(regions) => {
            for (level, _) in regions.count_per_level() {
                assert!(levels.contains(&level), "{level}");
            }
        }
        Err(diagnostics) => {
            assert!(!diagnostics.is_empty());
            for d in diagnostics {
                let _ = d.to_string();
            }
        }
    }
});
