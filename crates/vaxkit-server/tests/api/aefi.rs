//! Adverse events after a dose: reported by the person's account or by staff of the
//! facility's scope, checked against the WHO core fields, listed per region.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::citizen::{login, world};
use crate::helpers::assert_error;
use crate::staff::{seed_staff, staff_login};

fn report(dose: &str) -> Value {
    json!({ "dose": dose, "onset_date": "2021-06-02", "symptoms": ["fever", "headache"], "outcome": "recovered", "description": "fever for a day" })
}

both_backends!(
    adverse_events_are_reported_and_listed_by_region,
    profile = |p| p.otp.token_idle_minutes = 10_000,
    |app| async move {
        world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let vax = staff_login(&app, "vax").await;
        let d: Value = vax
        .post("/api/v1/vaccinator/doses", &json!({ "idempotency_key": "aefi-key-0001", "beneficiary": p, "vaccine": "comirnaty", "batch": "B" }))
        .await
        .json()
        .await
        .unwrap();
        let dose = d["reference"].as_str().unwrap().to_string();
        app.clock.advance(chrono::Duration::days(2));
        let r = c.post("/api/v1/aefi", &report(&dose)).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let made: Value = r.json().await.unwrap();
        assert_eq!(made["serious"], false);
        assert_eq!(made["region"], "XX-N-01");
        // Someone else's dose is not theirs to report on.
        let other = login(&app).await;
        assert_error(
            other.post("/api/v1/aefi", &report(&dose)).await,
            StatusCode::NOT_FOUND,
            "dose_not_found",
        )
        .await;
        // Field checks.
        for (field, value) in [
            ("onset_date", json!("2021-05-01")),
            ("symptoms", json!([])),
            ("symptoms", json!(["sneezing"])),
            ("outcome", json!("fine")),
        ] {
            let mut bad = report(&dose);
            bad[field] = value;
            let msg = assert_error(
                c.post("/api/v1/aefi", &bad).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_aefi",
            )
            .await;
            assert!(msg.contains(field), "{msg}");
        }
        let mut fatal = report(&dose);
        fatal["outcome"] = json!("fatal");
        assert_error(
            c.post("/api/v1/aefi", &fatal).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_aefi",
        )
        .await;
        // Staff of the facility report a serious one.
        let vax = staff_login(&app, "vax").await;
        let mut serious = report(&dose);
        serious["symptoms"] = json!(["anaphylaxis"]);
        serious["seriousness"] = json!(["hospitalisation", "life_threatening"]);
        serious["outcome"] = json!("recovering");
        let r = vax.post("/api/v1/admin/aefi", &serious).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        seed_staff(&app, "hill-vax", "vaccinator", None, Some("HILL"));
        let hill = staff_login(&app, "hill-vax").await;
        assert_error(
            hill.post("/api/v1/admin/aefi", &serious).await,
            StatusCode::NOT_FOUND,
            "dose_not_found",
        )
        .await;
        // Region admins see their region's reports; another region sees none.
        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        seed_staff(&app, "south", "region_admin", Some("XX-S"), None);
        let north = staff_login(&app, "north").await;
        let list: Value = north.get("/api/v1/admin/aefi").await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 2);
        assert_eq!(list[0]["serious"], true, "newest first");
        let serious_only: Value = north
            .get("/api/v1/admin/aefi?serious=true")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(serious_only.as_array().unwrap().len(), 1);
        let south = staff_login(&app, "south").await;
        assert_eq!(
            south
                .get("/api/v1/admin/aefi")
                .await
                .json::<Value>()
                .await
                .unwrap(),
            json!([])
        );
        assert_error(
            vax.get("/api/v1/admin/aefi").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
);
