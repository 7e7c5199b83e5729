//! JavaScript packages from npm that browser tests inject into pages (axe-core, the
//! accessibility checker). Each set is installed once per checkout with
//! `npm install --prefix target/test-tools/npm-<hash>`, so a new machine needs only `npm` and
//! the npm registry, and a second run installs nothing.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A folder with a set of npm packages under `node_modules/`.
#[derive(Debug, Clone)]
pub struct Npm {
    prefix: PathBuf,
}

impl Npm {
    /// The packages (`"name@1.2.3"`, pinned), installing them first if this checkout has not yet.
    pub fn with(packages: &[&str]) -> Npm {
        let mut hasher = DefaultHasher::new();
        packages.hash(&mut hasher);
        let root = crate::python::tools_dir();
        let prefix = root.join(format!("npm-{:016x}", hasher.finish()));
        if !prefix.join(".complete").exists() {
            install(&root, &prefix, packages);
        }
        Npm { prefix }
    }

    /// A file of an installed package, e.g. `file("axe-core/axe.min.js")`.
    pub fn file(&self, path: &str) -> PathBuf {
        self.prefix.join("node_modules").join(path)
    }

    /// The text of an installed package's file.
    pub fn read(&self, path: &str) -> String {
        let file = self.file(path);
        std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
    }
}

/// Installs into a private folder, then renames it into place (see `python.rs`).
fn install(root: &Path, prefix: &Path, packages: &[&str]) {
    std::fs::create_dir_all(root).expect("create target/test-tools");
    let staging = root.join(format!(
        ".staging-npm-{}-{}",
        std::process::id(),
        crate::python::unique()
    ));
    std::fs::create_dir_all(&staging).expect("create the staging folder");
    let output = Command::new("npm")
        .args(["install", "--silent", "--no-audit", "--no-fund", "--prefix"])
        .arg(&staging)
        .args(packages)
        .output()
        .unwrap_or_else(|e| panic!("browser tests need npm (apt-get install npm): {e}"));
    if !output.status.success() {
        let _ = std::fs::remove_dir_all(&staging);
        panic!(
            "npm install {} failed (is the npm registry reachable?):\n{}",
            packages.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    std::fs::write(staging.join(".complete"), packages.join("\n")).expect("mark install");
    if std::fs::rename(&staging, prefix).is_err() {
        let _ = std::fs::remove_dir_all(&staging);
        assert!(
            prefix.join(".complete").exists(),
            "could not move {} to {}",
            staging.display(),
            prefix.display()
        );
    }
}
