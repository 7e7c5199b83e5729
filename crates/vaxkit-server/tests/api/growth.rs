//! Growth: a pilot's database, filled through the API (people, a booking, doses, a revoked dose,
//! an adverse event, certificates, the audit log, tokens, the outbox), copied to the other
//! backend with `db copy`; a server on the copy answers the same: the same people for the same
//! citizen token, the same certificate that verifies, the same audit trail and reports.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::transfer;

use crate::citizen::{Citizen, book, login, world};
use crate::helpers::{Backend, PUBLIC_URL, TestApp, TestDatabase};
use crate::staff::{StaffClient, seed_staff, staff_login};

/// Tables this fixture leaves empty; every other table must hold rows, so that a table a later
/// migration adds is either filled here (and its copy checked) or named here on purpose.
const EMPTY_IN_FIXTURE: &[&str] = &["sms_conversations"];

fn other(backend: Backend) -> Backend {
    match backend {
        Backend::Sqlite => Backend::Postgres,
        Backend::Postgres => Backend::Sqlite,
    }
}

/// The same signing key and signer certificate as `app`'s.
fn same_certifier(app: &TestApp) -> vaxkit_core::Certifier {
    let keyring = &app.core.certifier.as_ref().unwrap().keyring;
    let key = vaxkit_cert::SigningKey::from_pem(&keyring.active().to_pem()).unwrap();
    let certificate = keyring.active_certificate().map(<[u8]>::to_vec);
    vaxkit_core::Certifier::new(vaxkit_cert::Keyring::new(key, certificate), PUBLIC_URL)
}

/// What a server answers about the fixture, request by request.
async fn answers(
    app: &TestApp,
    citizen: &Citizen<'_>,
    admin: &StaffClient<'_>,
    people: &[&str],
    qr: &str,
) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let mut keep = |what: String, r: Value| out.push((what, r));
    // The status and the body, whatever they are: the copy must give the same.
    let json = |r: reqwest::Response| async move {
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        let body = serde_json::from_str::<Value>(&text).unwrap_or(Value::String(text));
        json!({ "status": status, "body": body })
    };
    keep(
        "beneficiaries".into(),
        json(citizen.get("/api/v1/beneficiaries").await).await,
    );
    for p in people {
        let path = format!("/api/v1/beneficiaries/{p}/immunizations");
        keep(path.clone(), json(citizen.get(&path).await).await);
        let path = format!("/api/v1/admin/beneficiaries/{p}");
        keep(path.clone(), json(admin.get(&path).await).await);
    }
    keep(
        "/api/v1/appointments".into(),
        json(citizen.get("/api/v1/appointments").await).await,
    );
    // The revocation list is signed afresh each time (ECDSA): its payload must be the same.
    let list = citizen.get("/api/v1/certificates/revocations").await;
    assert_eq!(list.status(), StatusCode::OK);
    let list = list.text().await.unwrap();
    keep(
        "revocations".into(),
        Value::String(list.split('.').nth(1).unwrap().to_owned()),
    );
    for path in [
        "/api/v1/reports/doses?from=2021-06-01&until=2021-06-30",
        "/api/v1/admin/aefi",
    ] {
        keep(path.into(), json(admin.get(path).await).await);
    }
    let verified = app
        .post_json("/api/v1/certificates/verify", &json!({ "qr": qr }))
        .await;
    keep("verify".into(), json(verified).await);
    out
}

both_backends!(
    a_copy_to_the_other_backend_answers_the_same,
    profile = |p| p.otp.token_idle_minutes = 10_000,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let asha = c.add("Asha Rao", "1980-05-17").await;
        let ravi = c.add("Ravi Rao", "1978-01-02").await;
        let r = book(&c, &w.harbour, &[&asha, &ravi]).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        let vax = staff_login(&app, "vax").await;
        let north = staff_login(&app, "north").await;
        let mut doses = Vec::new();
        for (key, person) in [("growth-key-1", &asha), ("growth-key-2", &ravi)] {
            let r = vax
                .post(
                    "/api/v1/vaccinator/doses",
                    &json!({ "idempotency_key": key, "beneficiary": person,
                             "vaccine": "comirnaty", "batch": "EW2246" }),
                )
                .await;
            assert_eq!(r.status(), StatusCode::CREATED);
            let d: Value = r.json().await.unwrap();
            doses.push(d["reference"].as_str().unwrap().to_string());
        }
        let r = north
            .post(
                &format!("/api/v1/admin/doses/{}/revoke", doses[1]),
                &json!({ "reason": "recorded for the wrong person" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        app.clock.advance(chrono::Duration::days(1));
        let r = c
            .post(
                "/api/v1/aefi",
                &json!({ "dose": doses[0], "onset_date": "2021-06-02", "symptoms": ["fever"],
                         "outcome": "recovered", "description": "fever for a day" }),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        app.store.check_key().unwrap();
        let cert: Value = c
            .get(&format!("/api/v1/beneficiaries/{asha}/certificate"))
            .await
            .json()
            .await
            .unwrap();
        let qr = cert["eu_dcc"].as_str().unwrap().to_string();
        // Staff sessions end after a day idle: a fresh login, on the source and then on the copy.
        let north = staff_login(&app, "north").await;
        let before = answers(&app, &c, &north, &[&asha, &ravi], &qr).await;
        assert_eq!(
            before.last().unwrap().1["body"]["valid"],
            true,
            "{:?}",
            before.last()
        );
        for (what, answer) in &before {
            if !what.ends_with("/immunizations") && what != "revocations" {
                assert_eq!(answer["status"], 200, "{what}: {answer}");
            }
        }
        assert_eq!(before[0].1["body"].as_array().unwrap().len(), 2);

        // Every table is filled by the fixture (or named as left empty), and copied.
        let source = transfer::summarize(app.database_url()).unwrap();
        for table in &source {
            assert_eq!(
                table.rows == 0,
                EMPTY_IN_FIXTURE.contains(&table.name.as_str()),
                "table {}: {} rows; fill it in this fixture so its copy is checked, or name it \
                 in EMPTY_IN_FIXTURE",
                table.name,
                table.rows
            );
        }
        let target = TestDatabase::create(other(app.backend));
        let report = transfer::copy(app.database_url(), &target.url, &mut |_| {}).unwrap();
        assert_eq!(report.tables.len(), source.len());
        assert_eq!(transfer::summarize(&target.url).unwrap(), source);

        // A server on the copy, with the same keys, at the same time.
        let copy = TestApp::spawn_on(target, same_certifier(&app), |p| {
            p.otp.token_idle_minutes = 10_000;
        })
        .await;
        copy.clock.advance(app.clock.now() - copy.clock.now());
        let c2 = Citizen {
            app: &copy,
            token: c.token.clone(),
            mobile: c.mobile.clone(),
        };
        let north2 = staff_login(&copy, "north").await;
        let after = answers(&copy, &c2, &north2, &[&asha, &ravi], &qr).await;
        for ((what, a), (_, b)) in before.iter().zip(&after) {
            assert_eq!(a, b, "{what}");
        }
        assert_eq!(before.len(), after.len());

        // The copy goes on: a retried dose replays, a new person gets a new record.
        let r = vax_on(&copy)
            .await
            .post(
                "/api/v1/vaccinator/doses",
                &json!({ "idempotency_key": "growth-key-1", "beneficiary": asha,
                         "vaccine": "comirnaty", "batch": "EW2246" }),
            )
            .await;
        assert!(r.status().is_success(), "{}", r.status());
        let d: Value = r.json().await.unwrap();
        assert_eq!(d["reference"], doses[0].as_str());
        let newcomer = c2.add("Meera Rao", "2001-03-04").await;
        assert!(!newcomer.is_empty());
    }
);

async fn vax_on(app: &TestApp) -> StaffClient<'_> {
    staff_login(app, "vax").await
}
