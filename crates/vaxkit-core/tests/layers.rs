//! The crates' arrows point one way: the rules know no HTTP, the lower crates know neither the
//! database nor the server, and the HTTP handlers reach the database only through the core. Read
//! from `cargo metadata` (the resolved dependency graph, dev-dependencies left out) and from the
//! handlers' sources.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::collections::{BTreeSet, HashMap};
use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Every package each workspace crate depends on (transitively, normal and build dependencies),
/// by name.
fn dependencies() -> HashMap<String, BTreeSet<String>> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    // This machine's platform only: the crates of other platforms are never downloaded here.
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
        .arg("-vV")
        .output()
        .unwrap();
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .unwrap();
    let out = Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
        ])
        .arg(&host)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: HashMap<&str, &str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes = meta["resolve"]["nodes"].as_array().unwrap();
    let edges: HashMap<&str, Vec<&str>> = nodes
        .iter()
        .map(|n| {
            let deps = n["deps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| {
                    d["dep_kinds"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|k| k["kind"].is_null() || k["kind"] == "build")
                })
                .map(|d| d["pkg"].as_str().unwrap())
                .collect();
            (n["id"].as_str().unwrap(), deps)
        })
        .collect();
    let mut out = HashMap::new();
    for member in meta["workspace_members"].as_array().unwrap() {
        let start = member.as_str().unwrap();
        let mut seen = BTreeSet::new();
        let mut todo = vec![start];
        while let Some(id) = todo.pop() {
            for dep in edges.get(id).into_iter().flatten() {
                if seen.insert(names[dep].to_string()) {
                    todo.push(dep);
                }
            }
        }
        out.insert(names[start].to_string(), seen);
    }
    out
}

#[test]
fn arrows_point_one_way() {
    let deps = dependencies();
    let core = &deps["vaxkit-core"];
    let http: Vec<&String> = core
        .iter()
        .filter(|d| d.starts_with("actix") || d.as_str() == "vaxkit-server")
        .collect();
    assert!(http.is_empty(), "vaxkit-core depends on {http:?}");
    for lower in ["vaxkit-profile", "vaxkit-i18n", "vaxkit-cert"] {
        let wrong: Vec<&String> = deps[lower]
            .iter()
            .filter(|d| {
                matches!(
                    d.as_str(),
                    "vaxkit-store" | "vaxkit-server" | "vaxkit-core" | "diesel"
                ) || d.starts_with("actix")
            })
            .collect();
        assert!(wrong.is_empty(), "{lower} depends on {wrong:?}");
    }
    for below_core in [
        "vaxkit-store",
        "vaxkit-profile",
        "vaxkit-i18n",
        "vaxkit-cert",
    ] {
        assert!(
            !deps[below_core].contains("vaxkit-core"),
            "{below_core} depends on vaxkit-core"
        );
    }
    // The test sees what it claims to see: the server does use actix and the core.
    assert!(deps["vaxkit-server"].contains("actix-web"));
    assert!(deps["vaxkit-server"].contains("vaxkit-core"));
}

#[test]
fn handlers_reach_the_store_only_through_the_core() {
    // The whole server crate, handlers and extractors alike.
    let api = Path::new(env!("CARGO_MANIFEST_DIR")).join("../vaxkit-server/src");
    let mut offenders = Vec::new();
    let mut todo = vec![api.clone()];
    let mut files = 0;
    while let Some(dir) = todo.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let text = std::fs::read_to_string(&path).unwrap();
                if text.contains("vaxkit_store::repo") || text.contains("DbConnection") {
                    offenders.push(path.strip_prefix(&api).unwrap().display().to_string());
                }
            }
        }
    }
    assert!(
        files > 50,
        "only {files} files read under {}",
        api.display()
    );
    assert!(
        offenders.is_empty(),
        "these use the store directly: {offenders:?}"
    );
}
