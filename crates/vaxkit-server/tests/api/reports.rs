//! Reports from the counters and the audit log, within each role's scope, in JSON and CSV.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::citizen::{login, world};
use crate::helpers::assert_error;
use crate::staff::{seed_staff, staff_login};

/// Records one dose per person at a facility; returns the references.
async fn give_doses(app: &crate::helpers::TestApp, vaccinator: &str, people: usize) {
    let vax = staff_login(app, vaccinator).await;
    for i in 0..people {
        let c = login(app).await;
        let p = c.add(&format!("P{i}"), "1980-05-17").await;
        let r = vax
            .post("/api/v1/vaccinator/doses", &json!({ "idempotency_key": format!("{vaccinator}-key-{i:04}"), "beneficiary": p, "vaccine": "comirnaty", "batch": "B1" }))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
    }
}

both_backends!(dose_reports_follow_scope_and_export_csv, |app| async move {
    world(&app);
    seed_staff(&app, "vax-harbour", "vaccinator", None, Some("HARBOUR"));
    seed_staff(&app, "vax-capital", "vaccinator", None, Some("CAPITAL"));
    give_doses(&app, "vax-harbour", 3).await;
    give_doses(&app, "vax-capital", 2).await;
    seed_staff(&app, "admin", "national_admin", None, None);
    seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
    let admin = staff_login(&app, "admin").await;
    let all: Value = admin
        .get("/api/v1/reports/doses?from=2021-06-01&until=2021-06-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 5);
    let north = staff_login(&app, "north").await;
    let mine: Value = north
        .get("/api/v1/reports/doses?from=2021-06-01&until=2021-06-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 3, "the capital's doses are not the north's");
    assert_eq!(mine["rows"][0]["region"], "XX-N-01");
    assert_error(
        north
            .get("/api/v1/reports/doses?from=2021-06-01&until=2021-06-01&region=XX-C")
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    let csv = admin
        .get("/api/v1/reports/doses?from=2021-06-01&until=2021-06-01&format=csv")
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("day,region,vaccine,dose,age_band,gender,count")
    );
    assert!(
        text.contains("2021-06-01,XX-N-01,comirnaty,1,18-44,female,3"),
        "{text}"
    );
    assert!(
        text.contains("2021-06-01,XX-C-01,comirnaty,1,18-44,female,2"),
        "{text}"
    );
    let vax = staff_login(&app, "vax-harbour").await;
    assert_error(
        vax.get("/api/v1/reports/doses?from=2021-06-01&until=2021-06-01")
            .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
    assert_error(
        admin
            .get("/api/v1/reports/doses?from=2021-06-01&until=2023-06-01")
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_query",
    )
    .await;
});

both_backends!(coverage_adds_up_against_population, |app| async move {
    world(&app);
    seed_staff(&app, "vax-harbour", "vaccinator", None, Some("HARBOUR"));
    give_doses(&app, "vax-harbour", 4).await;
    seed_staff(&app, "auditor", "auditor", None, None);
    let auditor = staff_login(&app, "auditor").await;
    let top: Value = auditor
        .get("/api/v1/reports/coverage")
        .await
        .json()
        .await
        .unwrap();
    let north = top["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "XX-N")
        .unwrap();
    assert_eq!(north["population"], 2_150_000);
    assert_eq!(north["doses"]["1"], 4);
    let districts: Value = auditor
        .get("/api/v1/reports/coverage?region=XX-N")
        .await
        .json()
        .await
        .unwrap();
    let harbour = districts["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "XX-N-01")
        .unwrap();
    assert_eq!(harbour["doses"]["1"], 4);
    assert_eq!(
        harbour["first_dose_percent"], 0.0,
        "4 of 820,000 rounds to 0.00"
    );
    let hill = districts["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "XX-N-02")
        .unwrap();
    assert_eq!(hill["doses"], json!({}));
    let csv = auditor
        .get("/api/v1/reports/coverage?region=XX-N&format=csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.starts_with("code,name,population,dose_1,first_dose_percent\n"),
        "{csv}"
    );
    assert!(
        csv.contains("XX-N-01,Harbour District,820000,4,0\n"),
        "{csv}"
    );
});

both_backends!(
    auditors_read_the_audit_log_and_nothing_else,
    |app| async move {
        world(&app);
        // Seeding writes its own audit entry (staff.create): done first, so the newest entry
        // is the citizen's correction.
        seed_staff(&app, "auditor", "auditor", None, None);
        let auditor = staff_login(&app, "auditor").await;
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        assert_eq!(
            c.patch(
                &format!("/api/v1/beneficiaries/{p}"),
                &json!({ "name": "Asha Rao" })
            )
            .await
            .status(),
            StatusCode::OK
        );
        let history: Value = auditor
            .get(&format!("/api/v1/audit?entity=beneficiary&reference={p}"))
            .await
            .json()
            .await
            .unwrap();
        let actions: Vec<&str> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["beneficiary.create", "beneficiary.correct"]);
        assert!(history[1]["before"].as_str().unwrap().contains("\"Asha\""));
        let recent: Value = auditor
            .get("/api/v1/audit?limit=1")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(recent.as_array().unwrap().len(), 1);
        assert_eq!(recent[0]["action"], "beneficiary.correct", "newest first");
        // Auditors change nothing.
        let r = auditor
            .post(
                "/api/v1/admin/facilities",
                &json!({ "code": "X1", "name": "X", "address": "X", "region": "XX-N-01" }),
            )
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        let north = staff_login(&app, "north").await;
        assert_error(
            north.get("/api/v1/audit").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
);

both_backends!(
    report_figures_are_kept_ten_seconds_then_read_again,
    |app| async move {
        world(&app);
        seed_staff(&app, "vax-harbour", "vaccinator", None, Some("HARBOUR"));
        seed_staff(&app, "vax-later", "vaccinator", None, Some("HARBOUR"));
        seed_staff(&app, "admin", "national_admin", None, None);
        give_doses(&app, "vax-harbour", 2).await;
        let admin = staff_login(&app, "admin").await;
        let total = |path: &'static str| {
            let admin = &admin;
            async move {
                let answer: Value = admin.get(path).await.json().await.unwrap();
                answer
            }
        };
        let harbour = |coverage: Value| {
            coverage["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["code"] == "XX-N-01")
                .unwrap()["doses"]["1"]
                .clone()
        };
        let doses = "/api/v1/reports/doses?from=2021-06-01&until=2021-06-01";
        let coverage = "/api/v1/reports/coverage?region=XX-N";
        assert_eq!(total(doses).await["total"], 2);
        assert_eq!(harbour(total(coverage).await), 2);
        give_doses(&app, "vax-later", 1).await;
        // Within the ten seconds the same figures are answered, as they were summed...
        assert_eq!(total(doses).await["total"], 2);
        assert_eq!(harbour(total(coverage).await), 2);
        app.clock.advance(chrono::Duration::seconds(
            i64::try_from(vaxkit_core::reports::REPORT_CACHE_SECONDS).unwrap(),
        ));
        // ...and then summed again.
        assert_eq!(total(doses).await["total"], 3);
        assert_eq!(harbour(total(coverage).await), 3);
    }
);
