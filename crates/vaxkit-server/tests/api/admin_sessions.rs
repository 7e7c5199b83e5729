//! Session planning: a day or a range at a facility of one's scope, the capacity split
//! between online and walk-in places, and cancelling a session with its appointments.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::{audit, outbox};

use crate::citizen::{available, book, login, world};
use crate::helpers::assert_error;
use crate::staff::{seed_staff, staff_login};

fn plan(facility: &str, from: &str, until: Option<&str>) -> Value {
    json!({
        "facility": facility, "from": from, "until": until, "vaccine": "comirnaty", "doses": [1, 2],
        "min_age": 18, "capacity": 10, "slots": ["09:00-12:00", "13:00-16:00"]
    })
}

both_backends!(admins_plan_sessions_in_their_scope, |app| async move {
    world(&app);
    seed_staff(
        &app,
        "harbour-admin",
        "facility_admin",
        None,
        Some("HARBOUR"),
    );
    let fa = staff_login(&app, "harbour-admin").await;
    let r = fa
        .post(
            "/api/v1/admin/sessions",
            &plan("HARBOUR", "2021-06-10", Some("2021-06-12")),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let body: Value = r.json().await.unwrap();
    let created = body["sessions"].as_array().unwrap();
    assert_eq!(created.len(), 3);
    // Half of 10 places are kept for walk-ins (the example profile's walk_in_share 0.5).
    assert_eq!(created[0]["available"], 5);
    let listed: Value = fa
        .get("/api/v1/admin/facilities/HARBOUR/sessions?from=2021-06-10&until=2021-06-12")
        .await
        .json()
        .await
        .unwrap();
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len(), 3);
    assert_eq!(
        (
            listed[0]["capacity_online"].as_i64(),
            listed[0]["capacity_walk_in"].as_i64()
        ),
        (Some(5), Some(5))
    );
    // Citizens see them at once.
    let found: Value = app
        .get("/api/v1/sessions?date=2021-06-11&region=XX-N-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        found["centres"][0]["sessions"][0]["slots"][1],
        "13:00-16:00"
    );
    // Not at another facility.
    assert_error(
        fa.post("/api/v1/admin/sessions", &plan("HILL", "2021-06-10", None))
            .await,
        StatusCode::NOT_FOUND,
        "facility_not_found",
    )
    .await;
    let log = app
        .store
        .read(|c| audit::for_entity(c, "session", created[0]["session_id"].as_str().unwrap()))
        .unwrap();
    assert_eq!(log[0].action, "session.create");
    assert_eq!(log[0].actor, "staff:harbour-admin");
});

both_backends!(bad_plans_are_refused_with_reasons, |app| async move {
    world(&app);
    seed_staff(&app, "admin", "national_admin", None, None);
    let admin = staff_login(&app, "admin").await;
    let cases: Vec<(Value, &str)> = vec![
        (plan("HARBOUR", "2021-05-31", None), "invalid_session_dates"),
        (
            plan("HARBOUR", "2021-06-10", Some("2021-06-09")),
            "invalid_session_dates",
        ),
        (
            plan("HARBOUR", "2021-06-10", Some("2021-09-30")),
            "invalid_session_dates",
        ),
        (
            {
                let mut p = plan("HARBOUR", "2021-06-10", None);
                p["vaccine"] = json!("vaxzevria");
                p["from"] = json!("2023-01-02");
                p
            },
            "vaccine_not_available",
        ),
        (
            {
                let mut p = plan("HARBOUR", "2021-06-10", None);
                p["doses"] = json!([4]);
                p
            },
            "invalid_doses",
        ),
        (
            {
                let mut p = plan("HARBOUR", "2021-06-10", None);
                p["max_age"] = json!(10);
                p
            },
            "invalid_age_limits",
        ),
        (
            {
                let mut p = plan("HARBOUR", "2021-06-10", None);
                p["capacity"] = json!(0);
                p
            },
            "invalid_capacity",
        ),
        (
            {
                let mut p = plan("HARBOUR", "2021-06-10", None);
                p["slots"] = json!(["16:00-13:00"]);
                p
            },
            "invalid_slots",
        ),
    ];
    for (body, code) in cases {
        assert_error(
            admin.post("/api/v1/admin/sessions", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let mut unknown = plan("HARBOUR", "2021-06-10", None);
    unknown["vaccine"] = json!("nope");
    assert_error(
        admin.post("/api/v1/admin/sessions", &unknown).await,
        StatusCode::BAD_REQUEST,
        "unknown_vaccine",
    )
    .await;
    seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
    let vax = staff_login(&app, "vax").await;
    assert_error(
        vax.post(
            "/api/v1/admin/sessions",
            &plan("HARBOUR", "2021-06-10", None),
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
    )
    .await;
});

both_backends!(
    cancelling_a_session_cancels_its_appointments_and_tells_people,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let a = c.add("Asha", "1980-05-17").await;
        let b = c.add("Ravi", "1978-01-02").await;
        assert_eq!(
            book(&c, &w.harbour, &[&a, &b]).await.status(),
            StatusCode::CREATED
        );
        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        seed_staff(&app, "south", "region_admin", Some("XX-S"), None);
        let south = staff_login(&app, "south").await;
        let path = format!("/api/v1/admin/sessions/{}/cancel", w.harbour);
        assert_error(
            south.post(&path, &json!({ "reason": "no" })).await,
            StatusCode::NOT_FOUND,
            "session_not_found",
        )
        .await;
        let north = staff_login(&app, "north").await;
        assert_error(
            north.post(&path, &json!({ "reason": " " })).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "reason_required",
        )
        .await;
        let r = north
            .post(&path, &json!({ "reason": "vaccine delivery delayed" }))
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.json::<Value>().await.unwrap()["appointments_cancelled"],
            2
        );
        let list: Value = c.get("/api/v1/appointments").await.json().await.unwrap();
        assert!(
            list.as_array()
                .unwrap()
                .iter()
                .all(|s| s["status"] == "cancelled"),
            "{list}"
        );
        let mobile = format!("999{}", c.mobile);
        let sent = app
            .store
            .read(|conn| outbox::for_recipient(conn, &app.store.secrets, &mobile))
            .unwrap();
        let told = sent
            .iter()
            .filter(|m| m.message_id == "sms-session-cancelled")
            .count();
        assert_eq!(told, 2);
        assert_eq!(
            available(&app, &w.harbour),
            0,
            "a cancelled session offers nothing"
        );
        assert_error(
            north.post(&path, &json!({ "reason": "again" })).await,
            StatusCode::NOT_FOUND,
            "session_not_found",
        )
        .await;
        // The people may book elsewhere now.
        assert_eq!(
            book(&c, &w.hill_small, &[&a]).await.status(),
            StatusCode::CREATED
        );
    }
);
