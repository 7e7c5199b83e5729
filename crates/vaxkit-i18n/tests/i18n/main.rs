//! Integration tests of vaxkit-i18n: the shipped locales, profile locales in temporary folders,
//! negotiation and formatting.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod format;
mod negotiate;
mod profile;
mod shipped;

use std::fs;
use std::path::Path;

use tempfile::TempDir;

/// A profile folder holding the given `locales/...` files.
fn profile(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        write(dir.path(), path, text.as_bytes());
    }
    dir
}

/// Writes `bytes` to `root/path`, creating folders.
fn write(root: &Path, path: &str, bytes: &[u8]) {
    let path = root.join(path);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, bytes).unwrap();
}
