//! The built `vaxkit` binary, run as an operator would, from the repository root.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::process::Command;

use common::{root, shipped_profiles, stderr, stdout, vaxkit};

#[test]
fn every_shipped_profile_checks_clean() {
    let dirs = shipped_profiles();
    assert!(dirs.iter().any(|d| d.ends_with("/example")), "{dirs:?}");
    let mut args = vec!["profile", "check"];
    args.extend(dirs.iter().map(String::as_str));
    let o = vaxkit(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    for d in &dirs {
        assert!(stdout(&o).contains(&format!("{d}: OK")), "{}", stdout(&o));
    }
}

#[test]
fn every_shipped_profile_has_complete_locales() {
    for dir in shipped_profiles() {
        let o = vaxkit(&["locales", "check", "--profile", &dir]);
        assert!(o.status.success(), "{dir}: {}", stderr(&o));
        assert!(stdout(&o).contains("OK"), "{}", stdout(&o));
    }
}

#[test]
fn a_broken_profile_lists_every_error_with_its_position_and_exits_1() {
    let o = vaxkit(&[
        "profile",
        "check",
        "crates/vaxkit-profile/tests/profiles/bad-values",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("bad-values/profile.toml:29:12: vaccines[0].intervals[0].min_days: min_days (90) is greater than max_days (84)"),
        "{err}"
    );
    assert!(err.contains("did you mean `Asia/Kolkata`?"), "{err}");
    assert!(err.contains("7 errors"), "{err}");
}

#[test]
fn a_missing_folder_is_an_error_not_a_panic() {
    let o = vaxkit(&["profile", "show", "country-profiles/atlantis"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("country-profiles/atlantis: no such profile folder"),
        "{}",
        stderr(&o)
    );
    // `serve` with a profile folder that is not there stops with the folder named (with no
    // `--profile` at all, an installed binary serves its built-in example: tests/installed.rs).
    let elsewhere = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", elsewhere.path().join("v.db").display());
    let o = common::command(&["serve", "--profile", "atlantis", "--database", &db])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("atlantis"), "{}", stderr(&o));
}

#[test]
fn usage_errors_exit_2_and_every_command_has_help() {
    assert_eq!(vaxkit(&["profile", "frobnicate"]).status.code(), Some(2));
    assert_eq!(
        vaxkit(&["schedule", "--profile", "x"]).status.code(),
        Some(2)
    );
    for cmd in [
        vec!["--help"],
        vec!["profile", "--help"],
        vec!["profile", "check", "--help"],
        vec!["profile", "show", "--help"],
        vec!["id", "check", "--help"],
        vec!["schedule", "--help"],
        vec!["locales", "check", "--help"],
    ] {
        let o = vaxkit(&cmd);
        assert!(o.status.success(), "{cmd:?}");
        assert!(
            stdout(&o).contains("Usage: vaxkit"),
            "{cmd:?}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn profile_show_lists_languages_schemes_vaccines_and_regions() {
    let o = vaxkit(&[
        "profile",
        "show",
        "country-profiles/example",
        "--on",
        "2021-11-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for expected in [
        "Republic of Examplia (XX)",
        "Languages: en (default), fr, ar",
        "Regions: 3 province, 7 district",
        "national-id",
        "shown as XXXXXX5813",
        "dose 2: 42-84 days after dose 1 (since 2021-06-01)",
        "booster 1: from 180 days after dose 2, age 18+ (since 2021-10-01)",
    ] {
        assert!(out.contains(expected), "missing {expected:?} in\n{out}");
    }
    // The rules in force change with the day asked.
    let out = stdout(&vaxkit(&[
        "profile",
        "show",
        "country-profiles/example",
        "--on",
        "2021-05-01",
    ]));
    assert!(out.contains("dose 2: 21-42 days after dose 1"), "{out}");
    assert!(out.contains("booster 1: not offered on this day"), "{out}");
}

#[test]
fn id_check_with_a_scheme() {
    let o = vaxkit(&[
        "id",
        "check",
        "--profile",
        "country-profiles/example",
        "--scheme",
        "national-id",
        "730-412 5813",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("national-id: valid"), "{out}");
    assert!(out.contains("normalized: 7304125813"), "{out}");
    assert!(out.contains("masked: XXXXXX5813"), "{out}");

    let o = vaxkit(&[
        "id",
        "check",
        "--profile",
        "country-profiles/example",
        "--scheme",
        "national-id",
        "7304125814",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("national-id: invalid: the check digit does not match"),
        "{}",
        stdout(&o)
    );

    let o = vaxkit(&[
        "id",
        "check",
        "--profile",
        "country-profiles/example",
        "--scheme",
        "nope",
        "1",
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("unknown ID scheme `nope`"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn id_check_without_a_scheme_lists_the_matches() {
    let o = vaxkit(&[
        "id",
        "check",
        "--profile",
        "country-profiles/example",
        "--json",
        "4820175x",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["matches"], serde_json::json!(["health-card"]));
    let results = v["results"].as_array().unwrap();
    assert_eq!(results.len(), 3);
    let health = results
        .iter()
        .find(|r| r["scheme"] == "health-card")
        .unwrap();
    assert_eq!(health["normalized"], "4820175X");
    let national = results
        .iter()
        .find(|r| r["scheme"] == "national-id")
        .unwrap();
    assert_eq!(national["valid"], false);
    assert_eq!(national["reason"], "invalid_format");

    let o = vaxkit(&["id", "check", "--profile", "country-profiles/example", "12"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("no scheme matches"), "{}", stdout(&o));
}

#[test]
fn schedule_json_answers_with_iso_dates() {
    let o = vaxkit(&[
        "schedule",
        "--profile",
        "country-profiles/example",
        "--vaccine",
        "comirnaty",
        "--birth",
        "1980-05-17",
        "--dose",
        "1:2021-06-10",
        "--on",
        "2021-07-01",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "too early is a no");
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["eligible"], false);
    assert_eq!(v["reason"], "too_early");
    assert_eq!(v["next_dose"], 2);
    assert_eq!(v["earliest"], "2021-07-22");
    assert_eq!(v["latest"], "2021-09-02");
    assert_eq!(
        v["message"],
        "Too early for dose 2: it can be given from 2021-07-22."
    );
}

#[test]
fn schedule_text_in_another_language() {
    let o = vaxkit(&[
        "schedule",
        "--profile",
        "country-profiles/example",
        "--vaccine",
        "comirnaty",
        "--birth",
        "1980",
        "--dose",
        "1:2021-06-10",
        "--on",
        "2021-08-01",
        "--lang",
        "ar",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let first = out.lines().next().unwrap();
    assert!(
        first.contains("2021-07-22")
            && first
                .chars()
                .any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
        "{out}"
    );
    assert!(
        !first.contains('\u{2068}'),
        "CLI text carries no isolation marks: {first:?}"
    );
    assert!(out.contains("reason: eligible"), "{out}");
}

#[test]
fn schedule_refuses_bad_input_with_a_message() {
    for (args, needle) in [
        (vec!["--birth", "19x0"], "is not a year of birth"),
        (
            vec!["--birth", "1980", "--dose", "2:2021-01-01"],
            "without gaps",
        ),
        (
            vec!["--birth", "1980", "--dose", "1:2021-13-01"],
            "is not a date",
        ),
        (
            vec!["--birth", "1980", "--dose", "1:2021-01-01:nope"],
            "unknown product `nope`",
        ),
    ] {
        let mut full = vec![
            "schedule",
            "--profile",
            "country-profiles/example",
            "--vaccine",
            "comirnaty",
            "--on",
            "2022-01-01",
        ];
        full.extend(args);
        let o = vaxkit(&full);
        assert_eq!(o.status.code(), Some(1), "{full:?}");
        assert!(stderr(&o).contains(needle), "{full:?}: {}", stderr(&o));
    }
}

#[test]
fn locales_check_reports_a_gap_in_a_profile_override() {
    let tmp = tempfile::tempdir().unwrap();
    let src = root().join("country-profiles/example");
    for f in ["profile.toml", "regions.csv"] {
        std::fs::copy(src.join(f), tmp.path().join(f)).unwrap();
    }
    std::fs::create_dir_all(tmp.path().join("locales/fr")).unwrap();
    std::fs::write(
        tmp.path().join("locales/fr/override.ftl"),
        "schedule-too-early = Trop tôt.\n",
    )
    .unwrap();
    let o = vaxkit(&[
        "locales",
        "check",
        "--profile",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("schedule-too-early") && err.contains("$earliest"),
        "{err}"
    );
}

#[test]
fn demo_adds_facilities_and_sessions_once() {
    let tmp = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", tmp.path().join("demo.db").display());
    let o = vaxkit(&[
        "demo",
        "--database",
        &db,
        "--facilities",
        "3",
        "--days",
        "2",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    // Two vaccines of the example profile are in use today (vaxzevria was withdrawn in 2022).
    assert!(
        stdout(&o).contains("3 demo facilities and 12 sessions added"),
        "{}",
        stdout(&o)
    );
    let again = vaxkit(&[
        "demo",
        "--database",
        &db,
        "--facilities",
        "3",
        "--days",
        "2",
    ]);
    assert!(
        stdout(&again).contains("0 demo facilities and 0 sessions added"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn user_add_creates_staff_once_with_a_strong_password() {
    let tmp = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", tmp.path().join("staff.db").display());
    let add = |username: &str, role: &str, extra: &[&str], password: &str| {
        let mut args = vec![
            "user",
            "add",
            "--database",
            db.as_str(),
            "--username",
            username,
            "--name",
            "A Person",
            "--role",
            role,
        ];
        args.extend(extra);
        Command::new(env!("CARGO_BIN_EXE_vaxkit"))
            .args(&args)
            .current_dir(root())
            .env("VAXKIT_USER_PASSWORD", password)
            .output()
            .unwrap()
    };
    let o = add("chief", "national_admin", &[], "a long enough password");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("created chief (national_admin)"),
        "{}",
        stdout(&o)
    );
    let o = add("chief", "auditor", &[], "a long enough password");
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already taken"), "{}", stderr(&o));
    let o = add(
        "north",
        "region_admin",
        &["--region", "XX-N"],
        "a long enough password",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    for (role, extra, password, needle) in [
        (
            "root",
            vec![],
            "a long enough password",
            "unknown role `root`",
        ),
        (
            "region_admin",
            vec![],
            "a long enough password",
            "needs a region",
        ),
        (
            "region_admin",
            vec!["--region", "XX-Q"],
            "a long enough password",
            "region “XX-Q” is not in the profile",
        ),
        (
            "vaccinator",
            vec!["--facility", "NOWHERE"],
            "a long enough password",
            "centre does not exist",
        ),
        ("auditor", vec![], "short", "at least 12 characters"),
    ] {
        let o = add("someone", role, &extra, password);
        assert_eq!(o.status.code(), Some(1), "{role}");
        assert!(stderr(&o).contains(needle), "{role}: {}", stderr(&o));
    }
}

#[test]
fn every_example_facility_file_imports_cleanly() {
    for profile in shipped_profiles() {
        let code = profile.rsplit('/').next().unwrap().to_string();
        let file = format!("examples/facilities/{code}.csv");
        assert!(root().join(&file).exists(), "{file} is missing");
        let tmp = tempfile::tempdir().unwrap();
        let db = format!("sqlite:{}", tmp.path().join("f.db").display());
        let o = vaxkit(&[
            "import",
            "facilities",
            &file,
            "--profile",
            &profile,
            "--database",
            &db,
        ]);
        assert!(o.status.success(), "{file}: {}{}", stdout(&o), stderr(&o));
        assert!(stdout(&o).contains("0 rejected"), "{}", stdout(&o));
    }
}

#[test]
fn import_reports_rejected_rows_by_line_and_is_idempotent() {
    let tmp = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", tmp.path().join("f.db").display());
    let file = tmp.path().join("facilities.csv");
    let write = |rows: &str| {
        std::fs::write(
            &file,
            format!("code,name,address,region,postal_code,latitude,longitude\n{rows}"),
        )
        .unwrap()
    };
    write(concat!(
        "GOOD-1,Good Clinic,1 Road,XX-N-01,10001,25.2,55.3\n",
        "# a comment line\n",
        "bad code,Clinic,1 Road,XX-N-01,,,\n",
        "NOREGION,Clinic,1 Road,XX-Q-01,,,\n",
        "POSTAL,Clinic,1 Road,XX-N-01,ABCDE,,\n",
        "HALFGEO,Clinic,1 Road,XX-N-01,,25.0,\n",
        "SHORT,Clinic\n",
        "GOOD-2,\"Clinic, with comma\",2 Road,XX-S-02,,,\n",
    ));
    let path = file.to_str().unwrap();
    let import = || vaxkit(&["import", "facilities", path, "--database", &db]);
    let o = import();
    assert_eq!(o.status.code(), Some(1), "rejected rows make the status 1");
    assert!(
        stdout(&o).contains("2 added, 0 updated, 0 unchanged, 5 rejected"),
        "{}",
        stdout(&o)
    );
    let err = stderr(&o);
    for needle in [
        "line 4: the code must be",
        "line 5: the region is not in the profile",
        "line 6: the postal code does not match",
        "line 7: latitude and longitude must both be given",
        "line 8: has 2 fields",
    ] {
        assert!(err.contains(needle), "missing {needle:?} in\n{err}");
    }
    // Again: nothing changes. Then a corrected name updates by code.
    let o = import();
    assert!(
        stdout(&o).contains("0 added, 0 updated, 2 unchanged, 5 rejected"),
        "{}",
        stdout(&o)
    );
    write("GOOD-1,Better Clinic,1 Road,XX-N-01,10001,25.2,55.3\n");
    let o = import();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("0 added, 1 updated, 0 unchanged, 0 rejected"),
        "{}",
        stdout(&o)
    );
    write("");
    std::fs::write(&file, "code;name\n").unwrap();
    let o = import();
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "the first row must be `code,name,address,region,postal_code,latitude,longitude`"
        ),
        "{}",
        stderr(&o)
    );
}

#[test]
fn forecast_judges_each_dose_and_forecasts_every_group_as_json() {
    // CDSi case 2013-0002: DTaP dose 2 at 10 weeks - 5 days is too young.
    let o = vaxkit(&[
        "forecast",
        "--profile",
        "country-profiles/us",
        "--birth",
        "2021-03-06",
        "--gender",
        "female",
        "--dose",
        "2021-04-14:cvx:107",
        "--dose",
        "2021-05-10:cvx-107",
        "--on",
        "2021-05-10",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["doses"][0]["valid"], true);
    assert_eq!(v["doses"][0]["product"], "cvx-107");
    assert_eq!(v["doses"][0]["reason"], serde_json::Value::Null);
    assert_eq!(v["doses"][1]["valid"], false);
    assert_eq!(v["doses"][1]["reason"], "too_young");
    let dtap = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == "dtap")
        .unwrap();
    assert_eq!(dtap["status"], "not_complete");
    assert_eq!(dtap["next_dose"], 2);
    assert_eq!(dtap["earliest"], "2021-06-07");
    assert_eq!(dtap["recommended"], "2021-07-06");
    assert_eq!(dtap["past_due"], "2021-09-02");
    let groups: Vec<&str> = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    for code in [
        "dtap", "pol", "hib", "hepb", "mmr", "var", "hepa", "hpv", "pcv", "rota", "mcv", "flu",
        "zoster", "covid-19",
    ] {
        assert!(groups.contains(&code), "{code} missing from {groups:?}");
    }
}

#[test]
fn forecast_text_is_localised_and_bad_products_exit_2() {
    let o = vaxkit(&[
        "forecast",
        "--profile",
        "country-profiles/in",
        "--birth",
        "2024-01-15",
        "--dose",
        "2024-01-15:bcg",
        "--on",
        "2024-03-01",
        "--lang",
        "hi",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("खुराक 1 (2024-01-15, bcg): मान्य।"), "{out}");
    let o = vaxkit(&[
        "forecast",
        "--profile",
        "country-profiles/in",
        "--birth",
        "2024-01-15",
        "--dose",
        "2024-01-15:bcgg",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("unknown product `bcgg`"),
        "{}",
        stderr(&o)
    );
    let o = vaxkit(&[
        "forecast",
        "--profile",
        "country-profiles/in",
        "--birth",
        "15/01/2024",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn profile_upgrade_rewrites_a_version_1_profile_that_then_loads() {
    let dir = tempfile::tempdir().unwrap();
    for f in ["profile.toml", "regions.csv"] {
        std::fs::copy(
            root()
                .join("crates/vaxkit-profile/tests/profiles/minimal")
                .join(f),
            dir.path().join(f),
        )
        .unwrap();
    }
    let path = dir.path().to_string_lossy().into_owned();
    let o = vaxkit(&["profile", "upgrade", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("version = 2"), "{}", stdout(&o));
    let o = vaxkit(&["profile", "upgrade", &path, "--write"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = std::fs::read_to_string(dir.path().join("profile.toml")).unwrap();
    assert!(
        text.contains("antigens = [\"covid-19\"]") && !text.contains("disease ="),
        "{text}"
    );
    let o = vaxkit(&["profile", "check", &path]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = vaxkit(&["profile", "upgrade", &path]);
    assert!(
        !o.status.success(),
        "a version-2 profile is not upgraded again"
    );
}
