//! Hostile input from schemathesis (PyPI): requests generated from `/api/v1/openapi.json`,
//! valid and invalid, sent to the real server on a port as a citizen, a vaccinator and a national
//! admin in turn. No answer may be a 5xx, and every answer must be one the document describes
//! (status, content type, headers, body schema). The run is bounded (a few examples per operation
//! and a fixed seed) so both backends take a few minutes at most.

use std::process::Command;

use crate::citizen::{login, world};
use crate::helpers::TestApp;
use crate::staff::{seed_staff, staff_login};

/// schemathesis, pinned.
const SCHEMATHESIS: &[&str] = &["schemathesis==4.32.5"];

/// The checks: the server never fails, and every answer conforms to the document.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
    response_headers_conformance,response_schema_conformance";

/// Runs schemathesis against the app with `Authorization: Bearer <token>`; returns whether it
/// passed and what it said.
fn run(app_url: &str, token: &str, python: &vaxkit_testkit::python::Python) -> (bool, String) {
    let report = tempfile::tempdir().unwrap();
    let mut command: Command = python.command();
    command
        .args(["-m", "schemathesis.cli", "run"])
        .arg(format!("{app_url}/api/v1/openapi.json"))
        .args(["--checks", CHECKS])
        .args(["--phases", "examples,fuzzing"])
        .args([
            "--max-examples",
            "8",
            "--seed",
            "20210601",
            "--workers",
            "2",
        ])
        .args(["--request-timeout", "20", "--no-shrink"])
        // Generation speed depends on the machine's load, not on the server.
        .args(["--suppress-health-check", "too_slow"])
        .args(["--max-failures", "25", "--continue-on-failure"])
        // Logging out would end the login the rest of the run uses.
        .args(["--exclude-operation-id", "logout"])
        .arg("--header")
        .arg(format!("Authorization: Bearer {token}"))
        .args(["--output-truncate", "true", "--warnings", "off"])
        .arg("--report-dir")
        .arg(report.path())
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .env("NO_COLOR", "1")
        .current_dir(report.path());
    let out = command.output().expect("run schemathesis");
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

both_backends!(
    schemathesis_finds_no_server_error_and_no_undocumented_answer,
    profile = |p| {
        p.rate_limits.per_ip_per_minute = 100_000_000;
        p.rate_limits.per_mobile_per_hour = 100_000_000;
    },
    |app| async move {
        let app: TestApp = app;
        let _ = world(&app);
        seed_staff(&app, "st-vaccinator", "vaccinator", None, Some("HARBOUR"));
        seed_staff(&app, "st-national", "national_admin", None, None);
        let citizen = login(&app).await;
        citizen.add("Asha Fuzzed", "1980-05-17").await;
        let tokens = [
            ("citizen", citizen.token.clone()),
            ("vaccinator", staff_login(&app, "st-vaccinator").await.token),
            (
                "national admin",
                staff_login(&app, "st-national").await.token,
            ),
        ];
        let python = vaxkit_testkit::python::Python::with(SCHEMATHESIS);
        let mut failures = Vec::new();
        for (who, token) in tokens {
            let url = app.address.clone();
            let python = python.clone();
            // The server runs on this test's runtime: wait for the tool without blocking it.
            let (ok, said) = tokio::task::spawn_blocking(move || run(&url, &token, &python))
                .await
                .unwrap();
            if !ok {
                failures.push(format!("as {who}:\n{said}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    }
);
