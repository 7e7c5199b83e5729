//! Python tools from PyPI that tests use as independent checkers (validators, reference
//! implementations). Each set of requirements is installed once per checkout with
//! `pip install --target` into `target/test-tools/`, so `cargo test` on a new machine needs only
//! `python3` with pip and the PyPI registry, and a second run installs nothing.

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A Python interpreter with a set of PyPI packages importable.
#[derive(Debug, Clone)]
pub struct Python {
    packages: PathBuf,
}

impl Python {
    /// The interpreter with `requirements` (pip requirement strings, pinned: `"name==1.2.3"`)
    /// installed, installing them first if this checkout has not yet.
    pub fn with(requirements: &[&str]) -> Python {
        let mut hasher = DefaultHasher::new();
        requirements.hash(&mut hasher);
        let root = tools_dir();
        let packages = root.join(format!("py-{:016x}", hasher.finish()));
        if !packages.join(".complete").exists() {
            install(&root, &packages, requirements);
        }
        Python { packages }
    }

    /// `python3` ready to run with the packages importable; add the arguments.
    pub fn command(&self) -> Command {
        let mut command = Command::new(interpreter());
        command.env("PYTHONPATH", &self.packages);
        command.env("PYTHONDONTWRITEBYTECODE", "1");
        command
    }

    /// Where the packages are installed (their console scripts are under `bin/`).
    pub fn packages(&self) -> &Path {
        &self.packages
    }
}

/// `target/test-tools` of this workspace (or of `CARGO_TARGET_DIR`).
pub(crate) fn tools_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("test-tools")
}

fn interpreter() -> String {
    std::env::var("VAXKIT_TEST_PYTHON").unwrap_or_else(|_| "python3".into())
}

/// Installs into a private folder, then renames it into place, so test processes running at the
/// same time never see a half-installed folder; the loser of a race removes its copy.
fn install(root: &Path, packages: &Path, requirements: &[&str]) {
    std::fs::create_dir_all(root).expect("create target/test-tools");
    let staging = root.join(format!(".staging-{}-{}", std::process::id(), unique()));
    let output = Command::new(interpreter())
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ])
        .arg("--target")
        .arg(&staging)
        .args(requirements)
        .output()
        .unwrap_or_else(|e| {
            panic!("tests need python3 with pip (set VAXKIT_TEST_PYTHON to another): {e}")
        });
    if !output.status.success() {
        let _ = std::fs::remove_dir_all(&staging);
        panic!(
            "pip install {} failed (is PyPI reachable?):\n{}",
            requirements.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    std::fs::write(staging.join(".complete"), requirements.join("\n")).expect("mark install");
    if std::fs::rename(&staging, packages).is_err() {
        // Another process installed the same set first.
        let _ = std::fs::remove_dir_all(&staging);
        assert!(
            packages.join(".complete").exists(),
            "could not move {} to {}",
            staging.display(),
            packages.display()
        );
    }
}

pub(crate) fn unique() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn installs_once_and_imports() {
        let python = Python::with(&["six==1.16.0"]);
        let output = python
            .command()
            .args(["-c", "import six; print(six.__version__)"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout).trim(), "1.16.0");
        // A second call finds the same folder and installs nothing.
        let again = Python::with(&["six==1.16.0"]);
        assert_eq!(again.packages(), python.packages());
    }
}
