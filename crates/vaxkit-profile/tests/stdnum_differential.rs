//! National person-ID formats written as profile ID schemes (tests/id-formats/*.toml, the same
//! TOML a profile author writes), checked against python-stdnum on numbers it accepts, mutations
//! of them and random strings of each format's shape. One Python process judges them all.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use vaxkit_profile::{LoadOptions, Profile};
use vaxkit_testkit::python::Python;

const STDNUM: &str = "python-stdnum==2.2";
const PER_KIND: usize = 800;

fn formats_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/id-formats")
}

fn scheme_files() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(formats_dir())
        .expect("tests/id-formats")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

/// The test profile with every format's scheme appended, loaded by the real loader.
fn profile_with(schemes: &[(String, String)]) -> Profile {
    let dir = tempfile::tempdir().unwrap();
    let minimal = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/profiles/minimal");
    let mut text = std::fs::read_to_string(minimal.join("profile.toml")).unwrap();
    for (_, scheme) in schemes {
        text.push('\n');
        text.push_str(scheme);
    }
    std::fs::write(dir.path().join("profile.toml"), text).unwrap();
    std::fs::copy(minimal.join("regions.csv"), dir.path().join("regions.csv")).unwrap();
    match vaxkit_profile::load(dir.path(), &LoadOptions::default()) {
        Ok(p) => p,
        Err(d) => panic!("the format schemes do not load:\n{d}"),
    }
}

#[derive(Default)]
struct Tally {
    valid: usize,
    invalid: usize,
    disagreements: Vec<String>,
}

#[test]
fn id_schemes_agree_with_python_stdnum() {
    let schemes = scheme_files();
    assert!(schemes.len() >= 25, "only {} formats", schemes.len());
    let profile = profile_with(&schemes);
    let seed = std::env::var("VAXKIT_STDNUM_SEED").unwrap_or_else(|_| "20260101".into());
    let python = Python::with(&[STDNUM]);
    let output = python
        .command()
        .arg(formats_dir().join("stdnum_judge.py"))
        .arg(&seed)
        .arg(PER_KIND.to_string())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "stdnum_judge.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut tallies: BTreeMap<String, Tally> = BTreeMap::new();
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let id = v["scheme"].as_str().unwrap();
        let number = v["number"].as_str().unwrap();
        let stdnum = v["stdnum"].as_bool().unwrap();
        let scheme = profile
            .id_scheme(id)
            .unwrap_or_else(|| panic!("stdnum_judge.py names {id}, which has no scheme file"));
        let ours = scheme.check(number).result;
        let tally = tallies.entry(id.to_owned()).or_default();
        if stdnum {
            tally.valid += 1;
        } else {
            tally.invalid += 1;
        }
        if ours.is_ok() != stdnum {
            tally.disagreements.push(format!(
                "{id} {number} ({}): stdnum says {stdnum}, vaxkit {ours:?}",
                v["kind"].as_str().unwrap_or_default()
            ));
        }
    }
    let mut problems = Vec::new();
    for (id, _) in &schemes {
        let Some(t) = tallies.get(id) else {
            problems.push(format!("{id}: stdnum_judge.py has no candidates for it"));
            continue;
        };
        // Enough of both verdicts that agreement means something.
        if t.valid < PER_KIND || t.invalid < PER_KIND / 2 {
            problems.push(format!(
                "{id}: only {} valid and {} invalid candidates",
                t.valid, t.invalid
            ));
        }
        problems.extend(t.disagreements.iter().take(10).cloned());
    }
    let total: usize = tallies.values().map(|t| t.valid + t.invalid).sum();
    println!("{} formats, {total} numbers, seed {seed}", tallies.len());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_profile_guide_shows_every_format_scheme() {
    let guide = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/profile-guide.md"),
    )
    .unwrap();
    for (id, text) in scheme_files() {
        let body: String = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .collect::<Vec<_>>()
            .join("\n");
        assert!(
            guide.contains(&body),
            "docs/profile-guide.md does not show the scheme of {id} as in tests/id-formats/{id}.toml"
        );
    }
}
