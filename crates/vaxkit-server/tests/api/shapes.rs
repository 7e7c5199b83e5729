//! The shapes of `/api/v1`'s answers — every field name and JSON type a client depends on — in
//! reviewed snapshots (`snapshots/`), the same for both backends: a change to a shape is a diff
//! to review, not a silent break.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::citizen::{book, login, world};
use crate::staff::{seed_staff, staff_login};

/// The JSON body, asserting the status.
async fn body(r: reqwest::Response, status: StatusCode) -> Value {
    assert_eq!(r.status(), status);
    r.json().await.unwrap()
}

both_backends!(
    citizen_answers_keep_their_shapes,
    profile = |p| p.otp.token_idle_minutes = 10_000,
    |app| async move {
        let w = world(&app);
        let regions = body(app.get("/api/v1/regions").await, StatusCode::OK).await;
        assert_shape!("v1-regions", &regions);
        let facilities = body(
            app.get("/api/v1/facilities?region=XX-N").await,
            StatusCode::OK,
        )
        .await;
        assert_shape!("v1-facilities", &facilities);
        let near = body(
            app.get("/api/v1/facilities?lat=25.2&lon=55.3&limit=2")
                .await,
            StatusCode::OK,
        )
        .await;
        assert_shape!("v1-facilities-near", &near);
        let search = body(
            app.get("/api/v1/sessions?date=2021-06-02&region=XX-N")
                .await,
            StatusCode::OK,
        )
        .await;
        assert_shape!("v1-sessions", &search);
        let calendar = body(
            app.get("/api/v1/facilities/HARBOUR/calendar?date=2021-06-01")
                .await,
            StatusCode::OK,
        )
        .await;
        assert_shape!("v1-calendar", &calendar);

        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        let booked = body(book(&c, &w.harbour, &[&p]).await, StatusCode::CREATED).await;
        assert_shape!("v1-booked", &booked);
        let people = body(c.get("/api/v1/beneficiaries").await, StatusCode::OK).await;
        assert_shape!("v1-beneficiaries", &people);
        let slips = body(c.get("/api/v1/appointments").await, StatusCode::OK).await;
        assert_shape!("v1-appointments", &slips);

        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let vax = staff_login(&app, "vax").await;
        let me = body(vax.get("/api/v1/staff/me").await, StatusCode::OK).await;
        assert_shape!("v1-staff-me", &me);
        let queue = body(vax.get("/api/v1/vaccinator/queue").await, StatusCode::OK).await;
        assert_shape!("v1-queue", &queue);
        let dose = body(
            vax.post(
                "/api/v1/vaccinator/doses",
                &json!({ "idempotency_key": "shape-key-0001", "beneficiary": p,
                         "vaccine": "comirnaty", "batch": "B1" }),
            )
            .await,
            StatusCode::CREATED,
        )
        .await;
        assert_shape!("v1-dose", &dose);
        let people = body(c.get("/api/v1/beneficiaries").await, StatusCode::OK).await;
        assert_shape!("v1-beneficiaries-vaccinated", &people);

        seed_staff(&app, "chief", "national_admin", None, None);
        let chief = staff_login(&app, "chief").await;
        let person = body(
            chief.get(&format!("/api/v1/admin/beneficiaries/{p}")).await,
            StatusCode::OK,
        )
        .await;
        assert_shape!("v1-admin-person", &person);
        let report = body(
            chief
                .get("/api/v1/reports/doses?from=2021-06-01&until=2021-06-30")
                .await,
            StatusCode::OK,
        )
        .await;
        assert_shape!("v1-report-doses", &report);
        let coverage = body(chief.get("/api/v1/reports/coverage").await, StatusCode::OK).await;
        assert_shape!("v1-report-coverage", &coverage);
        let audit = body(chief.get("/api/v1/audit?limit=3").await, StatusCode::OK).await;
        assert_shape!("v1-audit", &audit);
        let staff = body(chief.get("/api/v1/staff/users").await, StatusCode::OK).await;
        assert_shape!("v1-staff-users", &staff);
        let error = body(
            c.get("/api/v1/appointments/NOSUCHAPPOINTMENT").await,
            StatusCode::NOT_FOUND,
        )
        .await;
        assert_shape!("v1-error", &error);
    }
);
