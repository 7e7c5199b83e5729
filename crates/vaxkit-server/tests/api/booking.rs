//! Booking: the rules of the schedule engine and the session, a family booked all or
//! none, cancel and reschedule giving places back, and capacity that holds under load.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::outbox;

use crate::citizen::{available, book, give, login, world};
use crate::helpers::assert_error;

both_backends!(a_family_books_together_and_gets_slips, |app| async move {
    let w = world(&app);
    let c = login(&app).await;
    let a = c.add("Asha", "1980-05-17").await;
    let b = c.add("Ravi", "1978-01-02").await;
    let r = book(&c, &w.harbour, &[&a, &b]).await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let body: Value = r.json().await.unwrap();
    let slips = body["appointments"].as_array().unwrap();
    assert_eq!(slips.len(), 2);
    for s in slips {
        assert_eq!(s["status"], "booked");
        assert_eq!(s["dose"], 1);
        assert_eq!(s["date"], "2021-06-02");
        assert_eq!(s["facility"]["code"], "HARBOUR");
        let code = s["security_code"].as_str().unwrap();
        assert!(
            code.len() == 4 && code.chars().all(|ch| ch.is_ascii_digit()),
            "{code}"
        );
    }
    assert_eq!(available(&app, &w.harbour), 8);
    // The slip, and the confirmation SMS with the code.
    let id = slips[0]["appointment_id"].as_str().unwrap();
    let slip: Value = c
        .get(&format!("/api/v1/appointments/{id}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(slip["security_code"], slips[0]["security_code"]);
    let mobile = format!("999{}", c.mobile);
    let sent = app
        .store
        .read(|conn| outbox::for_recipient(conn, &app.store.secrets, &mobile))
        .unwrap();
    let confirmations: Vec<_> = sent
        .iter()
        .filter(|m| m.message_id == "sms-appointment-booked")
        .collect();
    assert_eq!(confirmations.len(), 2);
    assert!(
        confirmations
            .iter()
            .any(|m| m.body.contains(slips[0]["security_code"].as_str().unwrap()))
    );
    let list: Value = c.get("/api/v1/appointments").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
});

both_backends!(all_or_none_when_one_is_not_eligible, |app| async move {
    let w = world(&app);
    let c = login(&app).await;
    let adult = c.add("Asha", "1980-05-17").await;
    let child = c.add("Mini", "2010-03-01").await;
    let r = book(&c, &w.harbour, &[&adult, &child]).await;
    let msg = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "not_eligible").await;
    assert!(msg.contains("Mini"), "{msg}");
    assert_eq!(available(&app, &w.harbour), 10, "nobody was booked");
    let people: Value = c.get("/api/v1/beneficiaries").await.json().await.unwrap();
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["appointment"].is_null())
    );
});

both_backends!(the_schedule_engine_decides_the_dose, |app| async move {
    let w = world(&app);
    let c = login(&app).await;
    let p = c.add("Asha", "1980-05-17").await;
    // Dose 2 only at that session: a first dose is not offered there.
    let msg = assert_error(
        book(&c, &w.harbour_dose2, &[&p]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "dose_not_offered",
    )
    .await;
    assert!(msg.contains('1'), "{msg}");
    // Dose 1 a week ago: dose 2 is too early on 9 June (42 days from 1 June 2021).
    give(&app, &p, 1, "comirnaty", "2021-05-25");
    let msg = assert_error(
        book(&c, &w.harbour_dose2, &[&p]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not_eligible",
    )
    .await;
    assert!(msg.contains("2021-07-06"), "{msg}");
    // Another product may not follow comirnaty.
    let q = c.add("Ravi", "1978-01-02").await;
    give(&app, &q, 1, "comirnaty", "2021-04-01");
    let msg = assert_error(
        book(&c, &w.capital_ad26, &[&q]).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "not_eligible",
    )
    .await;
    assert!(msg.contains("comirnaty"), "{msg}");
    // Asking for the wrong dose number is refused with the right one.
    let r = c
        .post("/api/v1/appointments", &json!({ "session_id": w.harbour, "slot": "09:00-11:00", "beneficiaries": [q], "dose": 1 }))
        .await;
    let msg = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "wrong_dose").await;
    assert!(msg.contains('2'), "{msg}");
    // The right dose of the same product may be booked.
    let r = c
        .post("/api/v1/appointments", &json!({ "session_id": w.harbour, "slot": "09:00-11:00", "beneficiaries": [q], "dose": 2 }))
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
});

both_backends!(
    session_rules_refuse_with_their_own_codes,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        let msg = assert_error(
            book(&c, &w.far, &[&p]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "outside_booking_window",
        )
        .await;
        assert!(msg.contains("28"), "{msg}");
        let r = c
            .post(
                "/api/v1/appointments",
                &json!({ "session_id": w.harbour, "slot": "23:00-23:30", "beneficiaries": [p] }),
            )
            .await;
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_slot").await;
        assert_error(
            book(&c, "NOSUCHSESSION", &[&p]).await,
            StatusCode::NOT_FOUND,
            "session_not_found",
        )
        .await;
        assert_error(
            book(&c, &w.harbour, &[]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_beneficiary_list",
        )
        .await;
        assert_error(
            book(&c, &w.harbour, &[&p, &p]).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_beneficiary_list",
        )
        .await;
        assert_eq!(
            book(&c, &w.harbour, &[&p]).await.status(),
            StatusCode::CREATED
        );
        let msg = assert_error(
            book(&c, &w.hill_small, &[&p]).await,
            StatusCode::CONFLICT,
            "already_booked",
        )
        .await;
        assert!(msg.contains("Asha"), "{msg}");
        // Someone else's beneficiary.
        let other = login(&app).await;
        let theirs = other.add("Other", "1970-01-01").await;
        assert_error(
            book(&c, &w.hill_small, &[&theirs]).await,
            StatusCode::NOT_FOUND,
            "beneficiary_not_found",
        )
        .await;
    }
);

both_backends!(cancel_and_reschedule_give_places_back, |app| async move {
    let w = world(&app);
    let c = login(&app).await;
    let p = c.add("Asha", "1980-05-17").await;
    let body: Value = book(&c, &w.harbour, &[&p]).await.json().await.unwrap();
    let id = body["appointments"][0]["appointment_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(available(&app, &w.harbour), 9);
    // Move to the small session at Hill.
    let r = c
        .post(
            &format!("/api/v1/appointments/{id}/reschedule"),
            &json!({ "session_id": w.hill_small, "slot": "11:00-13:00" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let moved: Value = r.json().await.unwrap();
    assert_eq!(moved["facility"]["code"], "HILL");
    assert_eq!(moved["slot"], "11:00-13:00");
    assert_eq!(
        (available(&app, &w.harbour), available(&app, &w.hill_small)),
        (10, 1)
    );
    let new_id = moved["appointment_id"].as_str().unwrap().to_string();
    // Fill Hill's last place; someone booked at Harbour then cannot move into the full
    // session, and keeps the Harbour appointment.
    let other = login(&app).await;
    let q = other.add("Ravi", "1978-01-02").await;
    assert_eq!(
        book(&other, &w.hill_small, &[&q]).await.status(),
        StatusCode::CREATED
    );
    let r = other.add("Mira", "1975-03-04").await;
    let body: Value = book(&other, &w.harbour, &[&r]).await.json().await.unwrap();
    let mira = body["appointments"][0]["appointment_id"]
        .as_str()
        .unwrap()
        .to_string();
    let refused = other
        .post(
            &format!("/api/v1/appointments/{mira}/reschedule"),
            &json!({ "session_id": w.hill_small, "slot": "09:00-11:00" }),
        )
        .await;
    assert_error(refused, StatusCode::CONFLICT, "session_full").await;
    let slip: Value = other
        .get(&format!("/api/v1/appointments/{mira}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(slip["status"], "booked");
    assert_eq!(slip["facility"]["code"], "HARBOUR");
    assert_eq!(
        (available(&app, &w.harbour), available(&app, &w.hill_small)),
        (9, 0)
    );
    // Cancel: the place comes back; cancelling twice is refused.
    let r = c
        .post(&format!("/api/v1/appointments/{new_id}/cancel"), &json!({}))
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "cancelled");
    assert_eq!(available(&app, &w.hill_small), 1);
    let again = c
        .post(&format!("/api/v1/appointments/{new_id}/cancel"), &json!({}))
        .await;
    assert_error(again, StatusCode::CONFLICT, "appointment_not_open").await;
    // Nobody else sees or cancels it.
    assert_error(
        other.get(&format!("/api/v1/appointments/{new_id}")).await,
        StatusCode::NOT_FOUND,
        "appointment_not_found",
    )
    .await;
    let theirs = other
        .post(&format!("/api/v1/appointments/{id}/cancel"), &json!({}))
        .await;
    assert_error(theirs, StatusCode::NOT_FOUND, "appointment_not_found").await;
});

both_backends!(capacity_holds_when_many_book_at_once, |app| async move {
    let w = world(&app);
    let mut citizens = Vec::new();
    for _ in 0..12 {
        let c = login(&app).await;
        let p = c.add("Someone", "1980-05-17").await;
        citizens.push((c, p));
    }
    let session = w.hill_small.clone();
    let grouped_before = app.store.group_stats();
    let attempts = citizens.iter().map(|(c, p)| {
        let session = session.clone();
        async move { book(c, &session, &[p.as_str()]).await }
    });
    let results = futures_util::future::join_all(attempts).await;
    let mut created = 0;
    for r in results {
        match r.status() {
            StatusCode::CREATED => created += 1,
            _ => {
                assert_error(r, StatusCode::CONFLICT, "session_full").await;
            }
        }
    }
    assert_eq!(created, 2);
    assert_eq!(available(&app, &w.hill_small), 0);
    // Each booking taken ran as a piece of a grouped transaction (one refused as full when
    // its session was read needs no transaction at all).
    let grouped = app.store.group_stats();
    assert!(
        grouped.pieces >= grouped_before.pieces + 2,
        "bookings go through group commit: {grouped_before:?} then {grouped:?}"
    );
});
