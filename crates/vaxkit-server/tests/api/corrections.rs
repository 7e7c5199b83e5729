//! Corrections by region admins: a dose corrected or revoked (with the count moved or
//! taken off), duplicates merged, each in the audit log with before and after, and none
//! of it reachable outside the admin's region.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::{audit, doses};

use crate::citizen::{book, day, login, mobile, national_id, world};
use crate::helpers::{TestApp, assert_error};
use crate::staff::{StaffClient, seed_staff, staff_login};

/// Doses counted per (day, age band, gender), zero rows left out.
fn counted(app: &TestApp) -> Vec<(String, String, String, i64)> {
    let rows = app
        .store
        .read(|c| doses::counted(c, day("2021-01-01"), day("2021-12-31")))
        .unwrap();
    let mut out: Vec<(String, String, String, i64)> = Vec::new();
    for r in rows {
        let key = (r.day.to_string(), r.age_band.clone(), r.gender.clone());
        match out
            .iter_mut()
            .find(|(d, a, g, _)| (d, a, g) == (&key.0, &key.1, &key.2))
        {
            Some(row) => row.3 += r.count,
            None => out.push((key.0, key.1, key.2, r.count)),
        }
    }
    out.retain(|r| r.3 != 0);
    out.sort();
    out
}

fn row(d: &str, band: &str, gender: &str, n: i64) -> (String, String, String, i64) {
    (d.into(), band.into(), gender.into(), n)
}

/// A walk-in at the vaccinator's facility; returns (beneficiary, dose) references.
async fn walk_in(vax: &StaffClient<'_>, id_number: &str, birth_date: &str) -> (String, String) {
    let r = vax
        .post(
            "/api/v1/vaccinator/walk-in",
            &json!({
                "mobile": mobile(), "name": "Walk In", "birth_date": birth_date, "gender": "male",
                "id_scheme": "national-id", "id_number": id_number,
                "idempotency_key": format!("key-{id_number}"), "vaccine": "comirnaty", "batch": "W1"
            }),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let v: Value = r.json().await.unwrap();
    (
        v["beneficiary"].as_str().unwrap().to_string(),
        v["reference"].as_str().unwrap().to_string(),
    )
}

/// The vaccinator at HARBOUR (region XX-N-01), the region admin of XX-N and of XX-C.
async fn staff(app: &TestApp) -> (StaffClient<'_>, StaffClient<'_>, StaffClient<'_>) {
    seed_staff(app, "vax", "vaccinator", None, Some("HARBOUR"));
    seed_staff(app, "north", "region_admin", Some("XX-N"), None);
    seed_staff(app, "centre", "region_admin", Some("XX-C"), None);
    (
        staff_login(app, "vax").await,
        staff_login(app, "north").await,
        staff_login(app, "centre").await,
    )
}

fn audit_actions(app: &TestApp, reference: &str) -> Vec<audit::AuditEntry> {
    let reference = reference.to_string();
    app.store
        .read(move |c| audit::for_entity(c, "beneficiary", &reference))
        .unwrap()
}

both_backends!(
    a_revoked_dose_stops_counting_and_no_longer_counts_for_the_schedule,
    |app| async move {
        world(&app);
        let (vax, north, centre) = staff(&app).await;
        let (person, dose) = walk_in(&vax, &national_id(), "1980-03-03").await;
        assert_eq!(counted(&app), vec![row("2021-06-01", "18-44", "male", 1)]);
        let path = format!("/api/v1/admin/doses/{dose}/revoke");

        // Out of scope, wrong role, no reason: refused, nothing changes.
        assert_error(
            centre
                .post(&path, &json!({ "reason": "wrong person" }))
                .await,
            StatusCode::NOT_FOUND,
            "dose_not_found",
        )
        .await;
        assert_error(
            vax.post(&path, &json!({ "reason": "wrong person" })).await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert_error(
            north.post(&path, &json!({ "reason": "  " })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "reason_required",
        )
        .await;
        assert_eq!(counted(&app).len(), 1);

        let r = north
            .post(&path, &json!({ "reason": "recorded for the wrong person" }))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let out: Value = r.json().await.unwrap();
        assert_eq!(out["revoked_reason"], "recorded for the wrong person");
        assert!(out["revoked_at"].is_string());
        assert_eq!(counted(&app), vec![], "the count is taken off");
        assert_error(
            north.post(&path, &json!({ "reason": "again" })).await,
            StatusCode::CONFLICT,
            "dose_revoked",
        )
        .await;
        assert_error(
            north
                .patch(
                    &format!("/api/v1/admin/doses/{dose}"),
                    &json!({ "batch": "X9", "reason": "typo" }),
                )
                .await,
            StatusCode::CONFLICT,
            "dose_revoked",
        )
        .await;

        // The record stays for administrators, marked revoked.
        let record: Value = north
            .get(&format!("/api/v1/admin/beneficiaries/{person}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(record["doses"].as_array().unwrap().len(), 1);
        assert_eq!(record["doses"][0]["reference"], dose.as_str());
        assert!(record["doses"][0]["revoked_at"].is_string());

        // The schedule no longer sees it: the next dose recorded is dose 1 again.
        let again: Value = vax
            .post(
                "/api/v1/vaccinator/doses",
                &json!({ "idempotency_key": "key-again-1", "beneficiary": person,
                         "vaccine": "comirnaty", "batch": "W2" }),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(again["dose"], 1, "{again}");
        assert_eq!(counted(&app), vec![row("2021-06-01", "18-44", "male", 1)]);

        let entries = audit_actions(&app, &person);
        let revoke = entries.iter().find(|e| e.action == "dose.revoke").unwrap();
        assert_eq!(revoke.actor, "staff:north");
        assert!(
            revoke
                .before
                .as_deref()
                .unwrap()
                .contains("\"revoked_at\":null")
        );
        assert!(
            revoke
                .after
                .as_deref()
                .unwrap()
                .contains("recorded for the wrong person")
        );
    }
);

both_backends!(
    a_corrected_dose_moves_its_count_and_keeps_the_old_values_in_the_audit_log,
    |app| async move {
        world(&app);
        let (vax, north, centre) = staff(&app).await;
        let (person, dose) = walk_in(&vax, &national_id(), "1980-03-03").await;
        let path = format!("/api/v1/admin/doses/{dose}");

        for (body, status, code) in [
            (
                json!({ "batch": "X9" }),
                StatusCode::BAD_REQUEST,
                "invalid_field",
            ),
            (
                json!({ "batch": "X9", "reason": "" }),
                StatusCode::UNPROCESSABLE_ENTITY,
                "reason_required",
            ),
            (
                json!({ "given_on": "2021-06-02", "reason": "r" }),
                StatusCode::BAD_REQUEST,
                "invalid_date",
            ),
            (
                json!({ "given_on": "1979-12-31", "reason": "r" }),
                StatusCode::BAD_REQUEST,
                "invalid_date",
            ),
            (
                json!({ "vaccine": "nope", "reason": "r" }),
                StatusCode::BAD_REQUEST,
                "unknown_vaccine",
            ),
            (
                json!({ "dose": 0, "reason": "r" }),
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_doses",
            ),
            (
                json!({ "batch": "W1", "reason": "r" }),
                StatusCode::BAD_REQUEST,
                "nothing_to_change",
            ),
        ] {
            let r = north.patch(&path, &body).await;
            let status_seen = r.status();
            let text = r.text().await.unwrap();
            assert_eq!(status_seen, status, "{body}: {text}");
            assert!(text.contains(code), "{body}: {text}");
        }
        assert_error(
            centre
                .patch(&path, &json!({ "batch": "X9", "reason": "typo" }))
                .await,
            StatusCode::NOT_FOUND,
            "dose_not_found",
        )
        .await;

        let r = north
            .patch(
                &path,
                &json!({ "batch": "EX-77", "given_on": "2021-05-30", "reason": "entered a day late" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let out: Value = r.json().await.unwrap();
        assert_eq!(out["batch"], "EX-77");
        assert_eq!(out["given_on"], "2021-05-30");
        assert_eq!(
            counted(&app),
            vec![row("2021-05-30", "18-44", "male", 1)],
            "the count moved to the corrected day"
        );
        let entries = audit_actions(&app, &person);
        let fix = entries.iter().find(|e| e.action == "dose.correct").unwrap();
        let before: Value = serde_json::from_str(fix.before.as_deref().unwrap()).unwrap();
        assert_eq!(before["dose"]["batch"], "W1");
        assert_eq!(before["dose"]["given_on"], "2021-06-01");
        assert_eq!(before["reason"], "entered a day late");
        let after: Value = serde_json::from_str(fix.after.as_deref().unwrap()).unwrap();
        assert_eq!(after["batch"], "EX-77");
    }
);

both_backends!(
    duplicates_are_merged_with_doses_appointments_and_counts,
    |app| async move {
        let w = world(&app);
        let (vax, north, centre) = staff(&app).await;
        // The same person: a walk-in with one number, born 1980 as written then...
        let dup_number = national_id();
        let (dup, dose) = walk_in(&vax, &dup_number, "1980-03-03").await;
        // ...and registered by a relative with another number and the right birth date,
        // booked for tomorrow.
        let c = login(&app).await;
        let keep = c.add("Asha", "1950-05-17").await;
        assert_eq!(
            book(&c, &w.harbour, &[&keep]).await.status(),
            StatusCode::CREATED
        );

        assert_error(
            north
                .post(
                    "/api/v1/admin/beneficiaries/merge",
                    &json!({ "keep": keep, "duplicate": keep, "reason": "same" }),
                )
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "merge_self",
        )
        .await;
        assert_error(
            centre
                .post(
                    "/api/v1/admin/beneficiaries/merge",
                    &json!({ "keep": keep, "duplicate": dup, "reason": "same person" }),
                )
                .await,
            StatusCode::NOT_FOUND,
            "beneficiary_not_found",
        )
        .await;
        assert_error(
            centre
                .get(&format!("/api/v1/admin/beneficiaries/{keep}"))
                .await,
            StatusCode::NOT_FOUND,
            "beneficiary_not_found",
        )
        .await;

        let r = north
            .post(
                "/api/v1/admin/beneficiaries/merge",
                &json!({ "keep": keep, "duplicate": dup, "reason": "same person, two documents" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let merged: Value = r.json().await.unwrap();
        assert_eq!(merged["reference"], keep.as_str());
        assert_eq!(merged["doses"][0]["reference"], dose.as_str());
        // The count follows the person who stays: born 1950, female.
        assert_eq!(counted(&app), vec![row("2021-06-01", "60+", "female", 1)]);

        // The citizen sees the dose; the appointment stays.
        let people: Value = c.get("/api/v1/beneficiaries").await.json().await.unwrap();
        assert_eq!(people[0]["doses"].as_array().unwrap().len(), 1);
        assert!(people[0]["appointment"].is_string());
        // The duplicate is kept, marked; its number finds the person who stays and
        // cannot be registered again.
        let old: Value = north
            .get(&format!("/api/v1/admin/beneficiaries/{dup}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(old["merged_into"], keep.as_str());
        assert!(old["doses"].as_array().unwrap().is_empty());
        let found: Value = north
            .post(
                "/api/v1/admin/beneficiaries/find",
                &json!({ "id_scheme": "national-id", "id_number": dup_number }),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found["reference"], keep.as_str());
        assert_error(
            c.post(
                "/api/v1/beneficiaries",
                &crate::citizen::new_person("Asha", "1950-05-17", &dup_number),
            )
            .await,
            StatusCode::CONFLICT,
            "duplicate_id_number",
        )
        .await;
        assert_error(
            north
                .post(
                    "/api/v1/admin/beneficiaries/merge",
                    &json!({ "keep": keep, "duplicate": dup, "reason": "again" }),
                )
                .await,
            StatusCode::NOT_FOUND,
            "beneficiary_not_found",
        )
        .await;
        for reference in [&keep, &dup] {
            let entries = audit_actions(&app, reference);
            let e = entries
                .iter()
                .find(|e| e.action == "beneficiary.merge")
                .unwrap();
            assert!(e.before.as_deref().unwrap().contains(dup.as_str()));
            assert!(e.after.is_some());
        }
    }
);

both_backends!(
    two_records_with_the_same_dose_merge_only_after_one_is_revoked,
    |app| async move {
        world(&app);
        let (vax, north, _) = staff(&app).await;
        let (a, _) = walk_in(&vax, &national_id(), "1980-03-03").await;
        let (b, b_dose) = walk_in(&vax, &national_id(), "1980-03-03").await;
        let merge = json!({ "keep": a, "duplicate": b, "reason": "vaccinated twice by mistake" });
        let body = assert_error(
            north
                .post("/api/v1/admin/beneficiaries/merge", &merge)
                .await,
            StatusCode::CONFLICT,
            "merge_conflict",
        )
        .await;
        assert!(body.contains('1'), "{body}");
        let r = north
            .post(
                &format!("/api/v1/admin/doses/{b_dose}/revoke"),
                &json!({ "reason": "a second dose 1 the same day" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let r = north
            .post("/api/v1/admin/beneficiaries/merge", &merge)
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let kept: Value = r.json().await.unwrap();
        let list = kept["doses"].as_array().unwrap();
        assert_eq!(list.len(), 2, "the revoked dose moves too: {kept}");
        assert_eq!(list.iter().filter(|d| d["revoked_at"].is_null()).count(), 1);
        assert_eq!(counted(&app), vec![row("2021-06-01", "18-44", "male", 1)]);
    }
);

both_backends!(
    a_dose_revoked_by_many_at_once_is_taken_off_once,
    |app| async move {
        world(&app);
        let (vax, north, _) = staff(&app).await;
        let (_, dose) = walk_in(&vax, &national_id(), "1980-03-03").await;
        let path = format!("/api/v1/admin/doses/{dose}/revoke");
        let body = json!({ "reason": "never given" });
        let answers =
            futures_util::future::join_all((0..8).map(|_| north.post(&path, &body))).await;
        let ok = answers
            .iter()
            .filter(|r| r.status() == StatusCode::OK)
            .count();
        let refused = answers
            .iter()
            .filter(|r| r.status() == StatusCode::CONFLICT)
            .count();
        assert_eq!((ok, refused), (1, 7));
        let total: i64 = app
            .store
            .read(|c| doses::counted(c, day("2021-01-01"), day("2021-12-31")))
            .unwrap()
            .iter()
            .map(|r| r.count)
            .sum();
        assert_eq!(total, 0);
    }
);

both_backends!(
    a_corrected_birth_date_moves_the_counted_age_band,
    profile = |p| p.otp.token_idle_minutes = 2880,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        assert_eq!(
            book(&c, &w.harbour, &[&p]).await.status(),
            StatusCode::CREATED
        );
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let vax = staff_login(&app, "vax").await;
        let r = vax
            .post(
                "/api/v1/vaccinator/doses",
                &json!({ "idempotency_key": "key-birth-1", "beneficiary": p,
                         "vaccine": "comirnaty", "batch": "B1" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(counted(&app), vec![row("2021-06-02", "18-44", "female", 1)]);
        let r = c
            .patch(
                &format!("/api/v1/beneficiaries/{p}"),
                &json!({ "birth_date": "1955-05-17" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        assert_eq!(counted(&app), vec![row("2021-06-02", "60+", "female", 1)]);
    }
);
