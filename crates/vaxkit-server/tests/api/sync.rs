//! `POST /api/v1/vaccinator/sync`: the offline vaccinator's doses, many at once, each answered on
//! its own and counted once however often the batch is sent.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::{beneficiaries, doses};

use crate::citizen::{book, login, world};
use crate::helpers::{TestApp, assert_error};
use crate::staff::{seed_staff, staff_login};

fn doses_of(app: &TestApp, reference: &str) -> usize {
    app.store
        .read(|c| {
            let b = beneficiaries::by_reference(c, reference)?.unwrap();
            doses::all_of(c, b.id)
        })
        .unwrap()
        .len()
}

fn offline(key: &str, person: &str, dose: u32) -> Value {
    json!({
        "idempotency_key": key, "beneficiary": person, "vaccine": "comirnaty",
        "batch": "EX1234", "dose": dose, "given_at": "2021-06-02T05:30:00Z",
    })
}

/// Three people booked at Harbour on 2 June, the clock on that day, a vaccinator there.
async fn three_booked(app: &TestApp) -> Vec<String> {
    let w = world(app);
    let c = login(app).await;
    let mut people = Vec::new();
    for name in ["Asha", "Baraka", "Chiku"] {
        people.push(c.add(name, "1980-05-17").await);
    }
    let refs: Vec<&str> = people.iter().map(String::as_str).collect();
    assert_eq!(
        book(&c, &w.harbour, &refs).await.status(),
        StatusCode::CREATED
    );
    app.clock.advance(chrono::Duration::days(1));
    seed_staff(app, "vax", "vaccinator", None, Some("HARBOUR"));
    people
}

both_backends!(
    each_dose_is_answered_on_its_own_and_counted_once,
    |app| async move {
        let people = three_booked(&app).await;
        let vax = staff_login(&app, "vax").await;
        let mut bad_batch = offline("offline-key-5", &people[1], 2);
        bad_batch["batch"] = json!("");
        let batch = json!({ "doses": [
            offline("offline-key-1", &people[0], 1),
            offline("offline-key-2", &people[1], 1),
            offline("offline-key-3", &people[2], 1),
            offline("offline-key-4", &people[0], 2),
            bad_batch,
            offline("offline-key-6", "nobody-here", 1),
        ]});
        let r = vax.post("/api/v1/vaccinator/sync?lang=fr", &batch).await;
        assert_eq!(r.status(), StatusCode::OK);
        let body: Value = r.json().await.unwrap();
        let results = body["results"].as_array().unwrap();
        let statuses: Vec<&str> = results
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses,
            [
                "recorded", "recorded", "recorded", "refused", "refused", "refused"
            ]
        );
        for (i, r) in results.iter().enumerate() {
            assert_eq!(r["idempotency_key"], format!("offline-key-{}", i + 1));
        }
        assert_eq!(results[0]["dose"]["given_on"], "2021-06-02");
        assert_eq!(results[3]["error"]["code"], "not_eligible");
        assert_eq!(results[5]["error"]["code"], "beneficiary_not_found");
        // Reasons in words, in the request's language.
        let reason = results[3]["error"]["message"].as_str().unwrap();
        assert!(reason.contains("dose 2"), "{reason}");
        assert!(results[4]["error"]["message"].as_str().unwrap().len() > 10);

        // The connection dropped before the answer came: the device sends it all again.
        let again: Value = vax
            .post("/api/v1/vaccinator/sync", &batch)
            .await
            .json()
            .await
            .unwrap();
        let statuses: Vec<&str> = again["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["status"].as_str().unwrap())
            .collect();
        assert_eq!(
            statuses,
            [
                "replayed", "replayed", "replayed", "refused", "refused", "refused"
            ]
        );
        assert_eq!(again["results"][0]["dose"], body["results"][0]["dose"]);
        for person in &people {
            assert_eq!(doses_of(&app, person), 1, "{person}");
        }
        // The queue knows they were vaccinated.
        let queue: Value = vax
            .get("/api/v1/vaccinator/queue")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(queue, json!([]));
    }
);

both_backends!(
    a_dose_from_too_long_ago_or_the_future_is_refused,
    |app| async move {
        let people = three_booked(&app).await;
        let vax = staff_login(&app, "vax").await;
        let mut old = offline("offline-old-1", &people[0], 1);
        old["given_at"] = json!("2021-05-20T08:00:00Z");
        let mut future = offline("offline-future-1", &people[1], 1);
        future["given_at"] = json!("2021-06-03T08:00:00Z");
        let body: Value = vax
            .post(
                "/api/v1/vaccinator/sync",
                &json!({ "doses": [old, future] }),
            )
            .await
            .json()
            .await
            .unwrap();
        for r in body["results"].as_array().unwrap() {
            assert_eq!(r["status"], "refused");
            assert_eq!(r["error"]["code"], "invalid_field");
            assert!(r["error"]["message"].as_str().unwrap().contains("given_at"));
        }
        assert_eq!(doses_of(&app, &people[0]), 0);
    }
);

both_backends!(
    only_vaccinators_sync_and_batches_are_bounded,
    |app| async move {
        let people = three_booked(&app).await;
        let citizen = login(&app).await;
        let r = citizen
            .post(
                "/api/v1/vaccinator/sync",
                &json!({ "doses": [offline("offline-key-1", &people[0], 1)] }),
            )
            .await;
        assert_error(r, StatusCode::UNAUTHORIZED, "unauthorized").await;
        seed_staff(&app, "admin", "national_admin", None, None);
        let admin = staff_login(&app, "admin").await;
        let r = admin
            .post(
                "/api/v1/vaccinator/sync",
                &json!({ "doses": [offline("offline-key-1", &people[0], 1)] }),
            )
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        let vax = staff_login(&app, "vax").await;
        let many: Vec<Value> = (0..501)
            .map(|i| offline(&format!("offline-many-{i:04}"), &people[0], 1))
            .collect();
        let r = vax
            .post("/api/v1/vaccinator/sync", &json!({ "doses": many }))
            .await;
        let message = assert_error(r, StatusCode::BAD_REQUEST, "invalid_field").await;
        assert!(message.contains("500"), "{message}");
        assert_eq!(doses_of(&app, &people[0]), 0);
        let r = vax
            .post(
                "/api/v1/vaccinator/sync",
                &json!({ "doses": [], "extra": 1 }),
            )
            .await;
        assert_error(r, StatusCode::BAD_REQUEST, "unknown_field").await;
    }
);
