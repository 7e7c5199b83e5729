//! Rules that read before they write hold when many requests arrive at once (these races
//! show on PostgreSQL, where writers run side by side), and other hardening.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::otp;

use crate::citizen::{
    available, book, day, last_code, login, mobile, national_id, new_person, request_code, world,
};
use crate::helpers::assert_error;

both_backends!(
    concurrent_guesses_never_exceed_the_attempts,
    |app| async move {
        let m = mobile();
        let txn = request_code(&app, &m).await;
        let code = last_code(&app, &format!("999{m}"));
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let body = json!({ "txn_id": txn, "otp": wrong });
        let guesses = (0..12).map(|_| app.post_json("/api/v1/auth/otp/confirm", &body));
        let answers = futures_util::future::join_all(guesses).await;
        let mut invalid = 0;
        for r in answers {
            let body: Value = r.json().await.unwrap();
            match body["error"]["code"].as_str().unwrap() {
                "otp_invalid" => invalid += 1,
                "otp_attempts_exceeded" => {}
                other => panic!("{other}"),
            }
        }
        assert_eq!(invalid, 2, "the third wrong guess uses up the code");
        let t = txn.clone();
        let stored = app.store.read(move |c| otp::get(c, &t)).unwrap().unwrap();
        assert_eq!(stored.attempts, 3);
        let r = app
            .post_json(
                "/api/v1/auth/otp/confirm",
                &json!({ "txn_id": txn, "otp": code }),
            )
            .await;
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "otp_attempts_exceeded").await;
    }
);

both_backends!(
    concurrent_registrations_respect_the_limit,
    profile = |p| p.registration.max_beneficiaries_per_account = 4,
    |app| async move {
        let c = login(&app).await;
        let bodies: Vec<Value> = (0..10)
            .map(|i| new_person(&format!("P{i}"), "1980-01-01", &national_id()))
            .collect();
        let tries = bodies.iter().map(|b| c.post("/api/v1/beneficiaries", b));
        let created = futures_util::future::join_all(tries)
            .await
            .iter()
            .filter(|r| r.status() == StatusCode::CREATED)
            .count();
        assert_eq!(created, 4);
        let list: Value = c.get("/api/v1/beneficiaries").await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 4);
    }
);

both_backends!(concurrent_corrections_pass_once, |app| async move {
    let c = login(&app).await;
    let p = c.add("Asha", "1980-05-17").await;
    let path = format!("/api/v1/beneficiaries/{p}");
    let bodies: Vec<Value> = (0..8)
        .map(|i| json!({ "name": format!("Asha {i}") }))
        .collect();
    let tries = bodies.iter().map(|b| c.patch(&path, b));
    let ok = futures_util::future::join_all(tries)
        .await
        .iter()
        .filter(|r| r.status() == StatusCode::OK)
        .count();
    assert_eq!(ok, 1);
});

both_backends!(
    swapping_sessions_at_once_neither_deadlocks_nor_leaks,
    |app| async move {
        let w = world(&app);
        let a = login(&app).await;
        let b = login(&app).await;
        let pa = a.add("A", "1980-05-17").await;
        let pb = b.add("B", "1981-05-17").await;
        let ra: Value = book(&a, &w.harbour, &[&pa]).await.json().await.unwrap();
        let rb: Value = book(&b, &w.hill_small, &[&pb]).await.json().await.unwrap();
        let ia = ra["appointments"][0]["appointment_id"]
            .as_str()
            .unwrap()
            .to_string();
        let ib = rb["appointments"][0]["appointment_id"]
            .as_str()
            .unwrap()
            .to_string();
        let to_hill = json!({ "session_id": w.hill_small, "slot": "09:00-11:00" });
        let to_harbour = json!({ "session_id": w.harbour, "slot": "09:00-11:00" });
        let (path_a, path_b) = (
            format!("/api/v1/appointments/{ia}/reschedule"),
            format!("/api/v1/appointments/{ib}/reschedule"),
        );
        let (x, y) = tokio::join!(a.post(&path_a, &to_hill), b.post(&path_b, &to_harbour));
        for r in [x, y] {
            assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        }
        // Harbour 10 places and Hill 2, two people booked: 10 places left in all.
        assert_eq!(
            available(&app, &w.harbour) + available(&app, &w.hill_small),
            10,
            "places are neither lost nor doubled"
        );
        assert_eq!(
            (available(&app, &w.harbour), available(&app, &w.hill_small)),
            (9, 1)
        );
    }
);

both_backends!(
    one_person_booked_into_two_sessions_at_once_holds_one_place,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        // Bookings are checked before their transaction: the person is free in every one of
        // these reads, and only the writes can tell that one booking already holds them.
        let people = [p.as_str()];
        let tries = (0..8).map(|i| {
            let session = if i % 2 == 0 {
                &w.harbour
            } else {
                &w.hill_small
            };
            book(&c, session, &people)
        });
        let mut booked = 0;
        for r in futures_util::future::join_all(tries).await {
            if r.status() == StatusCode::CREATED {
                booked += 1;
            } else {
                assert_error(r, StatusCode::CONFLICT, "already_booked").await;
            }
        }
        assert_eq!(booked, 1, "one booking holds the person");
        // Harbour 10 places and Hill 2: one taken in all, none taken and left behind.
        assert_eq!(
            available(&app, &w.harbour) + available(&app, &w.hill_small),
            11
        );
        let list: Value = c.get("/api/v1/appointments").await.json().await.unwrap();
        let open = list
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["status"] == "booked")
            .count();
        assert_eq!(open, 1, "{list}");
    }
);

both_backends!(
    a_missed_appointment_no_longer_blocks_booking,
    profile = |p| p.otp.token_idle_minutes = 10_000,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        let booked: Value = book(&c, &w.harbour, &[&p]).await.json().await.unwrap();
        let id = booked["appointments"][0]["appointment_id"]
            .as_str()
            .unwrap()
            .to_string();
        let plan = vaxkit_core::planning::Plan {
            facility: "HARBOUR".into(),
            from: day("2021-06-10"),
            until: day("2021-06-10"),
            vaccine: "comirnaty".into(),
            doses: vec![1, 2],
            min_age: 12,
            max_age: None,
            capacity: 10,
            walk_in_share: Some(0.5),
            slots: vec!["09:00-11:00".into()],
            fee: None,
        };
        let later = vaxkit_core::planning::plan(
            &app.core,
            &vaxkit_core::Actor::Cli,
            &plan,
            app.clock.now(),
        )
        .unwrap()
        .remove(0);
        app.clock.advance(chrono::Duration::days(3)); // 4 June: the 2 June appointment was missed
        assert_error(
            c.post(&format!("/api/v1/appointments/{id}/cancel"), &json!({}))
                .await,
            StatusCode::CONFLICT,
            "appointment_not_open",
        )
        .await;
        assert_eq!(
            book(&c, &later.session_id, &[&p]).await.status(),
            StatusCode::CREATED
        );
        let slip: Value = c
            .get(&format!("/api/v1/appointments/{id}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(slip["status"], "missed");
    }
);

both_backends!(hardened_inputs, |app| async move {
    world(&app);
    for url in [
        "/api/v1/sessions?region=XX-N&date=-5000-01-01",
        "/api/v1/facilities/HARBOUR/calendar?date=10000-01-01",
    ] {
        assert_error(app.get(url).await, StatusCode::BAD_REQUEST, "invalid_date").await;
    }
    let c = login(&app).await;
    // Refused, saying which hidden character it was (not "1 to 100 characters").
    let sneaky = new_person("evil\u{202e}txt.exe", "1980-01-01", &national_id());
    let msg = assert_error(
        c.post("/api/v1/beneficiaries", &sneaky).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_name_character",
    )
    .await;
    assert!(msg.contains("U+202E"), "{msg}");
    let zero_width = new_person("As\u{200b}ha", "1980-01-01", &national_id());
    let msg = assert_error(
        c.post("/api/v1/beneficiaries", &zero_width).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_name_character",
    )
    .await;
    assert!(msg.contains("U+200B"), "{msg}");
    assert_eq!(
        c.post(
            "/api/v1/beneficiaries",
            &new_person("Ånsa Ørsted-Ñúñez", "1980-01-01", &national_id())
        )
        .await
        .status(),
        StatusCode::CREATED
    );
});

/// PostgreSQL drops every connection (a restart, a failover): the next requests get fresh
/// connections instead of failing until the process restarts.
#[tokio::test]
async fn dropped_database_connections_are_replaced() {
    use diesel::{Connection, RunQueryDsl};
    let app = crate::helpers::TestApp::spawn(crate::helpers::Backend::Postgres).await;
    world(&app);
    assert_eq!(
        app.get("/api/v1/facilities?region=XX-N").await.status(),
        StatusCode::OK
    );
    let described = app.store.describe();
    let name = described.rsplit('/').next().unwrap().to_string();
    let mut admin =
        diesel::PgConnection::establish("postgres://postgres@127.0.0.1:5432/postgres").unwrap();
    diesel::sql_query(format!(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    ))
    .execute(&mut admin)
    .unwrap();
    for _ in 0..6 {
        let r = app.get("/api/v1/facilities?region=XX-N").await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    }
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
}

both_backends!(
    a_booking_and_a_dose_for_one_person_at_once_leave_no_appointment_open_for_that_dose,
    profile = |p| p.otp.token_idle_minutes = 2880,
    |app| async move {
        let session = crate::citizen::facility_with_session(
            &app,
            ("RACE", "Race Clinic", "XX-N-01"),
            "2021-06-02",
            400,
        );
        app.clock.advance(chrono::Duration::days(1)); // 2 June, the session's day
        crate::staff::seed_staff(&app, "vax", "vaccinator", None, Some("RACE"));
        let vax = crate::staff::staff_login(&app, "vax").await;
        for round in 0..24 {
            let c = login(&app).await;
            let p = c.add(&format!("Round {round}"), "1980-05-17").await;
            // Every other person had their first dose two months ago (their version row is
            // there, and is updated), the others none yet (it is inserted).
            let next = if round % 2 == 1 {
                crate::citizen::give(&app, &p, 1, "comirnaty", "2021-04-01");
                2
            } else {
                1
            };
            let dose = json!({
                "idempotency_key": format!("key-race-{round:04}"),
                "beneficiary": p,
                "vaccine": "comirnaty",
                "batch": "EX1234",
            });
            // The booking and the dose are each read and checked before their write: both
            // checks may find the person with neither the dose nor an appointment.
            let people = [p.as_str()];
            let (booked, given) = tokio::join!(
                book(&c, &session, &people),
                vax.post("/api/v1/vaccinator/doses", &dose)
            );
            assert_eq!(
                given.status(),
                StatusCode::CREATED,
                "{}",
                given.text().await.unwrap()
            );
            let given: Value = given.json().await.unwrap();
            assert_eq!(given["dose"], next, "{given}");
            if booked.status() == StatusCode::CREATED {
                // Booked first: the dose was checked again and fulfilled the appointment.
                let booked: Value = booked.json().await.unwrap();
                assert_eq!(
                    given["appointment_id"], booked["appointments"][0]["appointment_id"],
                    "round {round}: {given} {booked}"
                );
            } else {
                // Checked after the dose: the next dose is not due yet.
                assert_error(booked, StatusCode::UNPROCESSABLE_ENTITY, "not_eligible").await;
            }
            let list: Value = c.get("/api/v1/appointments").await.json().await.unwrap();
            let open: Vec<&Value> = list
                .as_array()
                .unwrap()
                .iter()
                .filter(|a| a["status"] == "booked")
                .collect();
            assert!(
                open.is_empty(),
                "round {round}: dose {next} given ({given}), yet an appointment is open: {list}"
            );
        }
    }
);
