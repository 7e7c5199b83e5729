//! The texts sent because of events (registration, booking, cancellation, a dose) and the
//! scheduled notices (the reminder the day before, the missed appointment, the next dose due):
//! what goes out, to whom, and that a second run of the jobs — or a run after a restart —
//! sends nothing twice.

use chrono::Duration;
use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_core::Actor;
use vaxkit_core::notices::{self, JobTally};
use vaxkit_store::repo::outbox::{self, OutboxMessage};

use crate::citizen::{book, day, give, login, world};
use crate::helpers::TestApp;

/// The SMS queued for a full mobile number, with this message id.
fn sent(app: &TestApp, full_mobile: &str, message_id: &str) -> Vec<OutboxMessage> {
    let mobile = full_mobile.to_string();
    app.store
        .read(|c| outbox::for_recipient(c, &app.store.secrets, &mobile))
        .unwrap()
        .into_iter()
        .filter(|m| m.message_id == message_id)
        .collect()
}

fn jobs(app: &TestApp) -> JobTally {
    notices::run_jobs(&app.core, app.clock.now()).unwrap()
}

both_backends!(
    registration_booking_cancellation_and_dose_are_told,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let to = format!("999{}", c.mobile);
        // Registered in French: the texts about this person are in French.
        let r = c
            .post(
                "/api/v1/beneficiaries",
                &json!({
                    "name": "Amina Diallo",
                    "birth_date": "1980-05-17",
                    "gender": "female",
                    "id_scheme": "national-id",
                    "id_number": crate::citizen::national_id(),
                    "language": "fr",
                }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let amina: Value = r.json().await.unwrap();
        let amina = amina["reference"].as_str().unwrap().to_string();
        let registered = sent(&app, &to, "sms-registered");
        assert_eq!(registered.len(), 1);
        assert_eq!(registered[0].language, "fr");
        assert!(
            registered[0].body.contains("Amina Diallo") && registered[0].body.contains(&amina),
            "{}",
            registered[0].body
        );
        assert!(
            registered[0].body.contains("AIDE"),
            "{}",
            registered[0].body
        );

        let r = book(&c, &w.harbour, &[&amina]).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let body: Value = r.json().await.unwrap();
        let slips = &body["appointments"];
        let code = slips[0]["security_code"].as_str().unwrap();
        let booked = sent(&app, &to, "sms-appointment-booked");
        assert_eq!(booked.len(), 1);
        assert!(
            booked[0].body.starts_with("Rendez-vous confirmé"),
            "{}",
            booked[0].body
        );
        assert!(booked[0].body.contains(code));

        let reference = slips[0]["appointment_id"].as_str().unwrap();
        let r = c
            .post(
                &format!("/api/v1/appointments/{reference}/cancel"),
                &json!({}),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let cancelled = sent(&app, &to, "sms-appointment-cancelled");
        assert_eq!(cancelled.len(), 1);
        assert!(
            cancelled[0].body.contains("2021-06-02")
                && cancelled[0].body.contains("Harbour Clinic"),
            "{}",
            cancelled[0].body
        );
        assert!(sent(&app, &to, "sms-session-cancelled").is_empty());

        give(&app, &amina, 1, "comirnaty", "2021-06-01");
        let recorded = sent(&app, &to, "sms-dose-recorded");
        assert_eq!(recorded.len(), 1);
        let link = format!(
            "{}/certificates/{amina}",
            app.profile.notifications.public_url.trim_end_matches('/')
        );
        assert!(recorded[0].body.contains(&link), "{}", recorded[0].body);
        assert!(
            recorded[0].body.contains("Comirnaty"),
            "{}",
            recorded[0].body
        );
        for m in app
            .store
            .read({
                let to = to.clone();
                let secrets = app.store.secrets.clone();
                move |c| outbox::for_recipient(c, &secrets, &to)
            })
            .unwrap()
        {
            assert!(
                !m.body.contains('\u{2068}') && !m.body.contains('\u{2069}'),
                "no isolation marks in SMS: {:?}",
                m.body
            );
        }
    }
);

both_backends!(
    reminders_and_missed_appointments_go_once_however_often_the_jobs_run,
    |app| async move {
        let w = world(&app);
        let c = login(&app).await;
        let to = format!("999{}", c.mobile);
        let asha = c.add("Asha", "1980-05-17").await;
        let r = book(&c, &w.harbour, &[&asha]).await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let body: Value = r.json().await.unwrap();
        let slips = &body["appointments"];
        let code = slips[0]["security_code"].as_str().unwrap().to_string();

        // The day before (1 June): one reminder, however often the jobs run.
        assert_eq!(jobs(&app).reminders, 1);
        assert_eq!(
            jobs(&app),
            JobTally::default(),
            "a second run sends nothing"
        );
        let reminders = sent(&app, &to, "sms-reminder");
        assert_eq!(reminders.len(), 1);
        assert!(
            reminders[0].body.contains("tomorrow")
                && reminders[0].body.contains("2021-06-02")
                && reminders[0].body.contains(&code),
            "{}",
            reminders[0].body
        );

        // 3 June: the appointment of 2 June was missed; told once, with the link to rebook.
        app.clock.advance(Duration::days(2));
        let t = jobs(&app);
        assert_eq!((t.reminders, t.missed), (0, 1), "{t:?}");
        assert_eq!(jobs(&app), JobTally::default());
        let missed = sent(&app, &to, "sms-appointment-missed");
        assert_eq!(missed.len(), 1);
        let link = format!(
            "{}/book",
            app.profile.notifications.public_url.trim_end_matches('/')
        );
        assert!(missed[0].body.contains(&link), "{}", missed[0].body);
        // Two days on, the login has lapsed: the appointment is read from the store.
        let status: Vec<String> = app
            .store
            .read({
                let to = to.clone();
                let secrets = app.store.secrets.clone();
                move |c| {
                    let account =
                        vaxkit_store::repo::accounts::by_mobile(c, &secrets, &to)?.unwrap();
                    vaxkit_store::repo::appointments::for_account(c, account.id)
                }
            })
            .unwrap()
            .into_iter()
            .map(|a| a.status)
            .collect();
        assert_eq!(status, ["missed"]);
        assert_eq!(sent(&app, &to, "sms-reminder").len(), 1);
    }
);

both_backends!(a_cancelled_appointment_gets_no_reminder, |app| async move {
    let w = world(&app);
    let c = login(&app).await;
    let asha = c.add("Asha", "1980-05-17").await;
    let r = book(&c, &w.harbour, &[&asha]).await;
    let body: Value = r.json().await.unwrap();
    let slips = &body["appointments"];
    let reference = slips[0]["appointment_id"].as_str().unwrap();
    let r = c
        .post(
            &format!("/api/v1/appointments/{reference}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(jobs(&app), JobTally::default());
    app.clock.advance(Duration::days(2));
    assert_eq!(jobs(&app), JobTally::default(), "not missed: cancelled");
});

both_backends!(
    the_next_dose_is_told_when_its_window_opens_unless_booked_or_given,
    |app| async move {
        use vaxkit_core::planning::{self, Plan};
        let _ = world(&app);
        let c = login(&app).await;
        let to = format!("999{}", c.mobile);
        let waiting = c.add("Waiting Person", "1980-05-17").await;
        let booked = c.add("Booked Person", "1981-02-03").await;
        let given = c.add("Given Person", "1982-07-09").await;
        // Dose 1 on 29 June: dose 2 may be given 42 days later, from 10 August.
        for person in [&waiting, &booked, &given] {
            give(&app, person, 1, "comirnaty", "2021-06-29");
        }
        // 9 August: the window is not open yet.
        app.clock
            .set(day("2021-08-09").and_hms_opt(6, 0, 0).unwrap().and_utc());
        assert_eq!(jobs(&app).due, 0);
        app.clock.advance(Duration::days(1));
        // One books dose 2 for 12 August, another is given it today.
        let plan = Plan {
            facility: "HARBOUR".into(),
            from: day("2021-08-12"),
            until: day("2021-08-12"),
            vaccine: "comirnaty".into(),
            doses: vec![2],
            min_age: 12,
            max_age: None,
            capacity: 20,
            walk_in_share: Some(0.5),
            slots: vec!["09:00-11:00".into()],
            fee: None,
        };
        let session = planning::plan(&app.core, &Actor::Cli, &plan, app.clock.now())
            .unwrap()
            .remove(0)
            .session_id;
        // Seventy days on, the login has lapsed: the booking goes straight to the core.
        let account = app
            .store
            .read({
                let to = to.clone();
                let secrets = app.store.secrets.clone();
                move |c| vaxkit_store::repo::accounts::by_mobile(c, &secrets, &to)
            })
            .unwrap()
            .unwrap();
        let citizen = Actor::Citizen(vaxkit_core::Citizen {
            account_id: account.id,
            mobile: account.mobile(&app.store.secrets).unwrap(),
            token_id: 0,
        });
        let request = vaxkit_core::booking::BookingRequest {
            session_id: session,
            slot: "09:00-11:00".into(),
            beneficiaries: vec![booked.clone()],
            dose: Some(2),
        };
        vaxkit_core::booking::book(&app.core, &citizen, "en", &request, app.clock.now()).unwrap();
        give(&app, &given, 2, "comirnaty", "2021-08-10");

        // A run told to stop (the server stopping) ends before its next page, queuing nothing.
        let stop = std::sync::atomic::AtomicBool::new(true);
        assert_eq!(
            notices::run_jobs_until(&app.core, app.clock.now(), &stop).unwrap(),
            None
        );
        assert!(sent(&app, &to, "sms-dose-due").is_empty());
        // 10 August: only the person with nothing booked nor given is told, once.
        assert_eq!(jobs(&app).due, 1);
        assert_eq!(jobs(&app).due, 0, "a second run sends nothing");
        app.clock.advance(Duration::days(1));
        assert_eq!(jobs(&app).due, 0, "nor does the next day's");
        let due = sent(&app, &to, "sms-dose-due");
        assert_eq!(due.len(), 1, "{due:?}");
        assert!(
            due[0].body.contains("Waiting Person") && due[0].body.contains("Dose 2"),
            "{}",
            due[0].body
        );
        assert!(due[0].body.contains("/book"), "{}", due[0].body);
        assert_eq!(
            due[0].dedup_key.as_deref().map(|k| k.starts_with("due:")),
            Some(true)
        );
    }
);
