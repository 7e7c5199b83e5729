//! The vaccinator's day: queue, look-up by security code, recording doses once whatever
//! the retries, the schedule engine's check with a written override, and counters that
//! equal the records however many vaccinators record at once.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::{audit, doses};

use crate::citizen::{book, day, login, world};
use crate::helpers::assert_error;
use crate::staff::{seed_staff, staff_login};

fn dose(key: &str, beneficiary: &str) -> Value {
    json!({ "idempotency_key": key, "beneficiary": beneficiary, "vaccine": "comirnaty", "batch": "EX1234" })
}

fn counted_total(app: &crate::helpers::TestApp) -> i64 {
    app.store
        .read(|c| doses::counted(c, day("2021-01-01"), day("2021-12-31")))
        .unwrap()
        .iter()
        .map(|r| r.count)
        .sum()
}

both_backends!(
    a_dose_is_recorded_once_and_fulfils_the_appointment,
    profile = |p| p.otp.token_idle_minutes = 2880,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        let booked: Value = book(&c, &w.harbour, &[&p]).await.json().await.unwrap();
        let code = booked["appointments"][0]["security_code"]
            .as_str()
            .unwrap()
            .to_string();
        app.clock.advance(chrono::Duration::days(1)); // the session's day, 2 June
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let vax = staff_login(&app, "vax").await;

        let queue: Value = vax
            .get("/api/v1/vaccinator/queue")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(queue.as_array().unwrap().len(), 1);
        assert_eq!(queue[0]["name"], "Asha");
        assert!(
            queue[0].get("security_code").is_none(),
            "the queue does not give codes away"
        );
        let found: Value = vax
            .get(&format!("/api/v1/vaccinator/lookup?code={code}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found["beneficiary"], p.as_str());

        let r = vax
            .post("/api/v1/vaccinator/doses", &dose("key-0000001", &p))
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let first: Value = r.json().await.unwrap();
        assert_eq!(first["dose"], 1);
        assert_eq!(first["given_on"], "2021-06-02");
        assert_eq!(first["facility"], "HARBOUR");
        assert_eq!(
            first["appointment_id"],
            booked["appointments"][0]["appointment_id"]
        );
        // The retry returns the first result and counts nothing twice.
        let again = vax
            .post("/api/v1/vaccinator/doses", &dose("key-0000001", &p))
            .await;
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first);
        assert_eq!(counted_total(&app), 1);
        let people: Value = c.get("/api/v1/beneficiaries").await.json().await.unwrap();
        assert_eq!(people[0]["doses"].as_array().unwrap().len(), 1);
        assert!(
            people[0]["appointment"].is_null(),
            "the appointment is fulfilled"
        );
        let slip: Value = c
            .get(&format!(
                "/api/v1/appointments/{}",
                first["appointment_id"].as_str().unwrap()
            ))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(slip["status"], "done");
        assert_error(
            vax.get(&format!("/api/v1/vaccinator/lookup?code={code}"))
                .await,
            StatusCode::NOT_FOUND,
            "appointment_not_found",
        )
        .await;
        // The same key for someone else is another request, refused with its own code.
        let q = c.add("Ravi", "1978-01-02").await;
        assert_error(
            vax.post("/api/v1/vaccinator/doses", &dose("key-0000001", &q))
                .await,
            StatusCode::CONFLICT,
            "idempotency_key_reused",
        )
        .await;
    }
);

both_backends!(
    the_schedule_engine_checks_and_overrides_are_written_down,
    |app| async move {
        world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let vax = staff_login(&app, "vax").await;
        assert_eq!(
            vax.post("/api/v1/vaccinator/doses", &dose("key-a-000001", &p))
                .await
                .status(),
            StatusCode::CREATED
        );
        let early = vax
            .post("/api/v1/vaccinator/doses", &dose("key-a-000002", &p))
            .await;
        assert_eq!(early.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = early.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_eligible");
        // For programs, the schedule engine's reason; for people, words about giving a dose.
        assert_eq!(body["error"]["reason"], "too_early", "{body}");
        let msg = body["error"]["message"].as_str().unwrap();
        assert!(msg.contains("2021-07-13"), "too early: {msg}");
        assert!(msg.contains("may not be given"), "{msg}");
        assert!(!msg.contains("booked"), "{msg}");
        let mut wrong = dose("key-a-000003", &p);
        wrong["dose"] = json!(3);
        assert_error(
            vax.post("/api/v1/vaccinator/doses", &wrong).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "not_eligible",
        )
        .await;
        let mut forced = dose("key-a-000004", &p);
        forced["override_reason"] =
            json!("travelling abroad; second dose brought forward on medical advice");
        let r = vax.post("/api/v1/vaccinator/doses", &forced).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let out: Value = r.json().await.unwrap();
        assert_eq!(out["dose"], 2);
        assert!(
            out["override_reason"]
                .as_str()
                .unwrap()
                .contains("medical advice")
        );
        let log = app
            .store
            .read(move |conn| audit::for_entity(conn, "beneficiary", &p))
            .unwrap();
        assert!(
            log.iter()
                .any(|e| e.action == "dose.record.override" && e.actor == "staff:vax")
        );
        for (body, code) in [
            (
                json!({ "idempotency_key": "short", "beneficiary": "X", "vaccine": "comirnaty", "batch": "B" }),
                "invalid_idempotency_key",
            ),
            (
                json!({ "idempotency_key": "key-a-000005", "beneficiary": "X", "vaccine": "comirnaty", "batch": " " }),
                "invalid_batch",
            ),
        ] {
            assert_error(
                vax.post("/api/v1/vaccinator/doses", &body).await,
                StatusCode::UNPROCESSABLE_ENTITY,
                code,
            )
            .await;
        }
        assert_error(
            vax.post("/api/v1/vaccinator/doses", &dose("key-a-000006", "NOBODY"))
                .await,
            StatusCode::NOT_FOUND,
            "beneficiary_not_found",
        )
        .await;
    }
);

both_backends!(
    only_vaccinators_of_the_facility_record_there,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        let booked: Value = book(&c, &w.harbour, &[&p]).await.json().await.unwrap();
        let code = booked["appointments"][0]["security_code"]
            .as_str()
            .unwrap()
            .to_string();
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "hill-vax", "vaccinator", None, Some("HILL"));
        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        let hill = staff_login(&app, "hill-vax").await;
        assert_error(
            hill.get(&format!("/api/v1/vaccinator/lookup?code={code}"))
                .await,
            StatusCode::NOT_FOUND,
            "appointment_not_found",
        )
        .await;
        let queue: Value = hill
            .get("/api/v1/vaccinator/queue")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(queue, json!([]));
        let north = staff_login(&app, "north").await;
        assert_error(
            north
                .post("/api/v1/vaccinator/doses", &dose("key-b-000001", &p))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        // A dose given at Hill is counted at Hill, and leaves the Harbour appointment open.
        let r = hill
            .post("/api/v1/vaccinator/doses", &dose("key-b-000002", &p))
            .await;
        let out: Value = r.json().await.unwrap();
        assert_eq!(out["facility"], "HILL");
        assert!(out["appointment_id"].is_null());
    }
);

both_backends!(
    counters_equal_records_when_many_record_at_once,
    |app| async move {
        world(&app);
        let c = login(&app).await;
        seed_staff(&app, "vax1", "vaccinator", None, Some("HARBOUR"));
        seed_staff(&app, "vax2", "vaccinator", None, Some("HARBOUR"));
        let vaxes = [
            staff_login(&app, "vax1").await,
            staff_login(&app, "vax2").await,
        ];
        let mut people = Vec::new();
        for i in 0..16 {
            // One account each: an account holds only a few people.
            let owner = login(&app).await;
            people.push(owner.add(&format!("Person {i}"), "1980-05-17").await);
        }
        drop(c);
        let attempts = people.iter().enumerate().map(|(i, p)| {
            let vax = &vaxes[i % 2];
            let key = format!("load-key-{i:04}");
            async move {
                let first = vax
                    .post("/api/v1/vaccinator/doses", &dose(&key, p))
                    .await
                    .status();
                // Every request is sent twice, as a flaky network would.
                let retry = vax
                    .post("/api/v1/vaccinator/doses", &dose(&key, p))
                    .await
                    .status();
                (first, retry)
            }
        });
        let results = futures_util::future::join_all(attempts).await;
        assert!(
            results
                .iter()
                .all(|(a, b)| *a == StatusCode::CREATED && *b == StatusCode::CREATED),
            "{results:?}"
        );
        assert_eq!(counted_total(&app), 16);
        let rows = app
            .store
            .read(|conn| doses::counted(conn, day("2021-06-01"), day("2021-06-01")))
            .unwrap();
        assert_eq!(
            rows.len(),
            1,
            "one group: day, region, vaccine, dose, age band, gender: {rows:?}"
        );
        assert_eq!(
            (
                rows[0].region_code.as_str(),
                rows[0].age_band.as_str(),
                rows[0].count
            ),
            ("XX-N-01", "18-44", 16)
        );
    }
);

fn walk_in(key: &str, mobile: &str, id_number: &str) -> Value {
    json!({
        "mobile": mobile, "name": "Walk In", "birth_date": "1970-03-03", "gender": "male",
        "id_scheme": "national-id", "id_number": id_number,
        "idempotency_key": key, "vaccine": "comirnaty", "batch": "W1"
    })
}

both_backends!(
    walk_ins_are_registered_and_vaccinated_in_one_step,
    |app| async move {
        world(&app);
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let vax = staff_login(&app, "vax").await;
        let id = crate::citizen::national_id();
        let m = crate::citizen::mobile();
        let r = vax
            .post(
                "/api/v1/vaccinator/walk-in",
                &walk_in("walk-key-0001", &m, &id),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let first: Value = r.json().await.unwrap();
        assert_eq!(first["dose"], 1);
        // A retry neither registers nor counts again.
        let again = vax
            .post(
                "/api/v1/vaccinator/walk-in",
                &walk_in("walk-key-0001", &m, &id),
            )
            .await;
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first);
        assert_eq!(counted_total(&app), 1);
        // Coming back later for dose 2, the same number finds the same person.
        app.clock.advance(chrono::Duration::days(43));
        let vax = staff_login(&app, "vax").await;
        let second: Value = vax
            .post(
                "/api/v1/vaccinator/walk-in",
                &walk_in("walk-key-0002", &m, &id),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(second["beneficiary"], first["beneficiary"]);
        assert_eq!(second["dose"], 2);
        // The person's account sees both doses after logging in with that mobile.
        let txn = crate::citizen::request_code(&app, &m).await;
        let code = crate::citizen::last_code(&app, &format!("999{m}"));
        let token: Value = app
            .post_json(
                "/api/v1/auth/otp/confirm",
                &json!({ "txn_id": txn, "otp": code }),
            )
            .await
            .json()
            .await
            .unwrap();
        let people: Value = app
            .client
            .get(app.url("/api/v1/beneficiaries"))
            .bearer_auth(token["token"].as_str().unwrap())
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(people[0]["doses"].as_array().unwrap().len(), 2);
        let bad = vax
            .post(
                "/api/v1/vaccinator/walk-in",
                &walk_in("walk-key-0003", "12", &id),
            )
            .await;
        assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_mobile").await;
    }
);

both_backends!(
    a_replay_is_the_dose_as_recorded_and_a_changed_request_is_refused,
    |app| async move {
        world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "harbour", "vaccinator", None, Some("HARBOUR"));
        seed_staff(&app, "hill", "vaccinator", None, Some("HILL"));
        let harbour = staff_login(&app, "harbour").await;
        let hill = staff_login(&app, "hill").await;
        let r = harbour
            .post("/api/v1/vaccinator/doses", &dose("key-replay-1", &p))
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let first: Value = r.json().await.unwrap();
        assert_eq!(first["facility"], "HARBOUR");
        // Retried from another facility's app: the dose as it was given, at Harbour.
        let again = hill
            .post("/api/v1/vaccinator/doses", &dose("key-replay-1", &p))
            .await;
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), first);
        // The same key with another product, batch, dose number or override is another request.
        let changed = |f: &dyn Fn(&mut Value)| {
            let mut body = dose("key-replay-1", &p);
            f(&mut body);
            body
        };
        for body in [
            changed(&|b| b["vaccine"] = json!("ad26")),
            changed(&|b| b["batch"] = json!("OTHER99")),
            changed(&|b| b["dose"] = json!(2)),
            changed(&|b| b["override_reason"] = json!("card shown")),
        ] {
            assert_error(
                harbour.post("/api/v1/vaccinator/doses", &body).await,
                StatusCode::CONFLICT,
                "idempotency_key_reused",
            )
            .await;
        }
        // Stating the dose number that was recorded is the same request.
        let same = harbour
            .post(
                "/api/v1/vaccinator/doses",
                &changed(&|b| b["dose"] = json!(1)),
            )
            .await;
        assert_eq!(same.status(), StatusCode::CREATED);
        assert_eq!(same.json::<Value>().await.unwrap(), first);
        assert_eq!(counted_total(&app), 1);
    }
);

/// A vaccinator's app on a bad network sends the same dose many times at once: one record,
/// and every answer is that record (the first 201, the others replays of it).
async fn concurrent_retries(app: &crate::helpers::TestApp, path: &str, body: Value) {
    let vax = staff_login(app, "vax").await;
    let answers = futures_util::future::join_all((0..RETRIES).map(|_| {
        let request = vax
            .app
            .client
            .post(vax.app.url(path))
            .bearer_auth(&vax.token)
            .json(&body)
            .send();
        async move {
            let r = request.await.unwrap();
            let status = r.status();
            let replayed = r.headers().get("idempotent-replayed").is_some();
            (status, replayed, r.json::<Value>().await.unwrap())
        }
    }))
    .await;
    let first = &answers[0].2;
    let mut fresh = 0;
    for (status, replayed, answer) in &answers {
        assert_eq!(*status, StatusCode::CREATED, "{answer}");
        assert_eq!(answer["reference"], first["reference"], "{answer}");
        assert_eq!(answer, first);
        fresh += usize::from(!replayed);
    }
    assert_eq!(fresh, 1, "one answer records, the others replay");
    assert_eq!(counted_total(app), 1);
    let recorded = app
        .store
        .read(|c| doses::by_idempotency_key(c, "key-concurrent"))
        .unwrap()
        .unwrap();
    let all = app
        .store
        .read(|c| doses::all_of(c, recorded.beneficiary_id))
        .unwrap();
    assert_eq!(all.len(), 1);
}

/// How many copies of one request the concurrency tests send at once.
const RETRIES: usize = 24;

both_backends!(
    concurrent_retries_of_one_dose_record_it_once,
    |app| async move {
        world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        concurrent_retries(&app, "/api/v1/vaccinator/doses", dose("key-concurrent", &p)).await;
    }
);

both_backends!(
    one_key_sent_at_once_for_a_walk_in_and_for_a_registered_person_is_one_dose,
    |app| async move {
        world(&app);
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        // A device that reused its key for two people: whichever commits first is the dose,
        // and every other request under the key is told the key was used for another one.
        // Several rounds, each with its own key and people, for the two to meet mid-write.
        let citizens = futures_util::future::join_all((0..ROUNDS).map(|_| login(&app))).await;
        let mut people = Vec::new();
        for c in &citizens {
            people.push(c.add("Asha", "1980-05-17").await);
        }
        app.clock.advance(chrono::Duration::days(1));
        let vax = staff_login(&app, "vax").await;
        for (round, p) in people.iter().enumerate() {
            let key = format!("key-two-requests-{round}");
            let walk = walk_in(
                &key,
                &crate::citizen::mobile(),
                &crate::citizen::national_id(),
            );
            let answers = futures_util::future::join_all((0..RETRIES).map(|i| {
                let (path, body) = if i % 2 == 0 {
                    ("/api/v1/vaccinator/walk-in", walk.clone())
                } else {
                    ("/api/v1/vaccinator/doses", dose(&key, p))
                };
                let vax = &vax;
                async move {
                    let r = vax.post(path, &body).await;
                    (path, r.status(), r.json::<Value>().await.unwrap())
                }
            }))
            .await;
            let won: Vec<&str> = answers
                .iter()
                .filter(|(_, status, _)| *status == StatusCode::CREATED)
                .map(|(path, _, _)| *path)
                .collect();
            assert!(!won.is_empty(), "{answers:?}");
            assert!(won.iter().all(|path| *path == won[0]), "{answers:?}");
            for (path, status, answer) in &answers {
                if *path != won[0] {
                    assert_eq!(
                        answer["error"]["code"], "idempotency_key_reused",
                        "round {round}: {status} {answer}"
                    );
                }
            }
            let keyed = app
                .store
                .read(|c| doses::by_idempotency_key(c, &key))
                .unwrap();
            assert!(keyed.is_some());
        }
        assert_eq!(counted_total(&app), ROUNDS as i64, "one dose a key");
    }
);

/// Rounds of the race between a walk-in and a dose for a registered person under one key.
const ROUNDS: usize = 6;

both_backends!(
    one_persons_dose_sent_under_many_keys_at_once_is_recorded_once,
    |app| async move {
        world(&app);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        seed_staff(&app, "vax-2", "vaccinator", None, Some("HARBOUR"));
        let (a, b) = (
            staff_login(&app, "vax").await,
            staff_login(&app, "vax-2").await,
        );
        // Two vaccinators scan the same slip, each app sending its own key, several times:
        // every request is checked before its transaction, when no dose stands yet.
        let bodies: Vec<Value> = (0..RETRIES)
            .map(|i| dose(&format!("key-person-{i:03}"), &p))
            .collect();
        let answers = futures_util::future::join_all(bodies.iter().enumerate().map(|(i, body)| {
            let vax = if i % 2 == 0 { &a } else { &b };
            let request = vax
                .app
                .client
                .post(vax.app.url("/api/v1/vaccinator/doses"))
                .bearer_auth(&vax.token)
                .json(body)
                .send();
            async move {
                let r = request.await.unwrap();
                (r.status(), r.json::<Value>().await.unwrap())
            }
        }))
        .await;
        let mut recorded = 0;
        for (status, answer) in &answers {
            if *status == StatusCode::CREATED {
                recorded += 1;
                assert_eq!(answer["dose"], 1, "{answer}");
            } else {
                // The others find dose 1 given today: dose 2 is not due.
                assert_eq!(answer["error"]["code"], "not_eligible", "{answer}");
            }
        }
        assert_eq!(recorded, 1, "one dose for one person");
        assert_eq!(counted_total(&app), 1);
        let person = app
            .store
            .read(|c| vaxkit_store::repo::beneficiaries::by_reference(c, &p))
            .unwrap()
            .unwrap();
        let all = app.store.read(|c| doses::all_of(c, person.id)).unwrap();
        assert_eq!(all.len(), 1);
    }
);

both_backends!(
    concurrent_retries_of_one_walk_in_register_and_record_once,
    |app| async move {
        world(&app);
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let body = walk_in(
            "key-concurrent",
            &crate::citizen::mobile(),
            &crate::citizen::national_id(),
        );
        concurrent_retries(&app, "/api/v1/vaccinator/walk-in", body).await;
    }
);

both_backends!(
    doses_recorded_at_once_are_each_their_own_unit,
    |app| async move {
        world(&app);
        let mut people = Vec::new();
        for _ in 0..3 {
            let c = login(&app).await;
            for i in 0..4 {
                people.push(c.add(&format!("Person {i}"), "1980-05-17").await);
            }
        }
        app.clock.advance(chrono::Duration::days(1));
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let vax = staff_login(&app, "vax").await;
        // Twelve good doses, one retry of the second, a person who does not exist and a dose
        // number the schedule refuses, all sent at once: grouped into shared transactions, a
        // refusal undoes nothing of the others.
        let mut wrong = dose("key-group-wrong", &people[0]);
        wrong["dose"] = json!(3);
        let mut bodies: Vec<Value> = people
            .iter()
            .enumerate()
            .map(|(i, p)| dose(&format!("key-group-{i:03}"), p))
            .collect();
        bodies.push(dose("key-group-001", &people[1]));
        bodies.push(dose("key-group-nobody", "NOBODY0000"));
        bodies.push(wrong);
        let answers = futures_util::future::join_all(bodies.iter().map(|body| {
            let request = vax
                .app
                .client
                .post(vax.app.url("/api/v1/vaccinator/doses"))
                .bearer_auth(&vax.token)
                .json(body)
                .send();
            async move {
                let r = request.await.unwrap();
                let status = r.status();
                let replayed = r.headers().get("idempotent-replayed").is_some();
                (status, replayed, r.json::<Value>().await.unwrap())
            }
        }))
        .await;
        for (i, (status, _, answer)) in answers.iter().take(people.len()).enumerate() {
            assert_eq!(*status, StatusCode::CREATED, "{i}: {answer}");
            assert_eq!(answer["beneficiary"], people[i].as_str());
            assert_eq!(answer["dose"], 1);
        }
        let (status, _, retry) = &answers[people.len()];
        assert_eq!(*status, StatusCode::CREATED, "{retry}");
        assert_eq!(retry["reference"], answers[1].2["reference"]);
        assert_eq!(
            answers[1].1 as u8 + answers[people.len()].1 as u8,
            1,
            "one of the two answers records, the other replays"
        );
        let (status, _, nobody) = &answers[people.len() + 1];
        assert_eq!(*status, StatusCode::NOT_FOUND);
        assert_eq!(nobody["error"]["code"], "beneficiary_not_found");
        let (status, _, refused) = &answers[people.len() + 2];
        assert_eq!(*status, StatusCode::UNPROCESSABLE_ENTITY);
        // Refused either way: before person 0's first dose is seen the engine refuses it, after
        // it the dose number is wrong.
        assert!(
            ["not_eligible", "wrong_dose"].contains(&refused["error"]["code"].as_str().unwrap()),
            "{refused}"
        );
        // Every good dose is there once, with its counter and its audit entry; nothing of the
        // refused ones is.
        assert_eq!(counted_total(&app), people.len() as i64);
        for p in &people {
            let recorded = app
                .store
                .read(|c| {
                    let id = vaxkit_store::repo::beneficiaries::by_reference(c, p)?
                        .unwrap()
                        .id;
                    doses::all_of(c, id)
                })
                .unwrap();
            assert_eq!(recorded.len(), 1, "{p}");
            let log = app
                .store
                .read(|conn| audit::for_entity(conn, "beneficiary", p))
                .unwrap();
            assert_eq!(
                log.iter().filter(|e| e.action == "dose.record").count(),
                1,
                "{p}"
            );
        }
        for key in ["key-group-nobody", "key-group-wrong"] {
            assert!(
                app.store
                    .read(|c| doses::by_idempotency_key(c, key))
                    .unwrap()
                    .is_none()
            );
        }
        // A retry after the fact replays the dose as it was recorded.
        let again = vax
            .post(
                "/api/v1/vaccinator/doses",
                &dose("key-group-005", &people[5]),
            )
            .await;
        assert_eq!(again.status(), StatusCode::CREATED);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        assert_eq!(again.json::<Value>().await.unwrap(), answers[5].2);
        assert_eq!(counted_total(&app), people.len() as i64);
    }
);
