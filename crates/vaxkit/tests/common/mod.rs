//! What the command-line tests share: the built binary run from the repository root as an
//! operator would, with nothing taken from the caller's environment, and its output as text.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (profiles, locales and examples are found from there).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The binary, run from the repository root, with no key, database, address or log format
/// from the environment.
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_vaxkit"));
    command
        .args(args)
        .current_dir(root())
        .env_remove("VAXKIT_SECRET_KEY")
        .env_remove("VAXKIT_SECRET_KEY_FILE")
        .env_remove("DATABASE_URL")
        .env_remove("VAXKIT_BIND")
        .env_remove("VAXKIT_LOG_FORMAT")
        .env_remove("VAXKIT_USER_PASSWORD")
        .env("RUST_LOG", "info");
    command
}

/// Runs the binary to the end.
pub fn vaxkit(args: &[&str]) -> Output {
    command(args).output().expect("the vaxkit binary runs")
}

/// Standard output as text.
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// Standard error as text.
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The shipped profile folders, relative to the root, in order.
pub fn shipped_profiles() -> Vec<String> {
    let mut dirs: Vec<String> = std::fs::read_dir(root().join("country-profiles"))
        .expect("country-profiles/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("profile.toml").exists())
        .filter_map(|p| {
            p.file_name()
                .map(|n| format!("country-profiles/{}", n.to_string_lossy()))
        })
        .collect();
    dirs.sort();
    dirs
}
