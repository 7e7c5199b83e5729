//! `vaxkit notify jobs`, run as an operator would (from cron, or again by hand): the reminder
//! for tomorrow's appointment is queued once, however often the command runs.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use vaxkit_core::{Actor, Citizen, Clock, Core};
use vaxkit_i18n::Locales;
use vaxkit_store::repo::{accounts, outbox};
use vaxkit_store::{Secrets, Store};
use vaxkit_testkit::{TestDatabase, both_backends};

/// An appointment for tomorrow (the country's calendar), made through the core as the API
/// would; answers the account's mobile number.
fn appointment_tomorrow(database: &TestDatabase) -> (String, chrono::NaiveDate) {
    use vaxkit_core::facilities::{self, FacilityInput};
    use vaxkit_core::planning::{self, Plan};
    use vaxkit_core::registration::{self, PersonFields};
    let dir = common::root().join("country-profiles/example");
    let options = vaxkit_profile::LoadOptions {
        known_languages: Some(Locales::available_languages(Some(&dir))),
    };
    let profile = vaxkit_profile::load(&dir, &options).unwrap();
    let locales = Locales::load(Some(&dir), &profile.country.languages).unwrap();
    let store = Store::open(&database.url, Secrets::from_master(&[5; 32]), 1).unwrap();
    store.migrate().unwrap();
    vaxkit_core::places::sync_regions(&store, &profile.regions).unwrap();
    let core = Core::new(profile, locales, store, Clock::system(), None);
    let now = chrono::Utc::now();
    let today = core.today(now);
    let tomorrow = today.succ_opt().unwrap();
    facilities::create(
        &core,
        &Actor::Cli,
        FacilityInput {
            code: "HARBOUR".into(),
            name: "Harbour Clinic".into(),
            address: "Harbour Road".into(),
            region: "XX-N-01".into(),
            postal_code: Some("10001".into()),
            latitude: None,
            longitude: None,
        },
        now,
    )
    .unwrap();
    let plan = Plan {
        facility: "HARBOUR".into(),
        from: tomorrow,
        until: tomorrow,
        vaccine: "comirnaty".into(),
        doses: vec![1, 2],
        min_age: 12,
        max_age: None,
        capacity: 10,
        walk_in_share: Some(0.5),
        slots: vec!["09:00-11:00".into()],
        fee: None,
    };
    let session = planning::plan(&core, &Actor::Cli, &plan, now)
        .unwrap()
        .remove(0)
        .session_id;
    let mobile = "999712345670";
    let account = core
        .write(|c| {
            Ok(accounts::find_or_create(
                c,
                &core.store.secrets,
                mobile,
                now.naive_utc(),
            )?)
        })
        .unwrap();
    let citizen = Actor::Citizen(Citizen {
        account_id: account.id,
        mobile: mobile.into(),
        token_id: 0,
    });
    let payload = "712345678";
    let id_number = format!(
        "{payload}{}",
        vaxkit_profile::checksum::Checksum::Luhn
            .check_digits(payload)
            .unwrap()
    );
    let person = registration::register(
        &core,
        &citizen,
        "en",
        &PersonFields {
            name: "Asha",
            birth_year: None,
            birth_date: Some("1980-05-17"),
            gender: "female",
            id_scheme: "national-id",
            id_number: &id_number,
            language: None,
            latin_name: None,
        },
        now,
    )
    .unwrap();
    vaxkit_core::booking::book(
        &core,
        &citizen,
        "en",
        &vaxkit_core::booking::BookingRequest {
            session_id: session,
            slot: "09:00-11:00".into(),
            beneficiaries: vec![person.reference],
            dose: None,
        },
        now,
    )
    .unwrap();
    (mobile.to_string(), today)
}

both_backends!(notify_jobs_queues_each_reminder_once, |backend| {
    let database = TestDatabase::create(backend);
    let (mobile, today) = appointment_tomorrow(&database);
    let url = database.url_text();
    let day = today.to_string();
    let run = || {
        common::command(&[
            "notify",
            "jobs",
            "--profile",
            "country-profiles/example",
            "--database",
            &url,
            "--on",
            &day,
        ])
        // The key the database was set up with: the mobile numbers are sealed with it.
        .env("VAXKIT_SECRET_KEY", "05".repeat(32))
        .output()
        .unwrap()
    };
    let first = run();
    assert!(first.status.success(), "{}", common::stderr(&first));
    assert_eq!(
        common::stdout(&first).trim(),
        format!("{day}: queued 1 reminders, 0 missed appointments, 0 doses due")
    );
    let again = run();
    assert!(again.status.success(), "{}", common::stderr(&again));
    assert_eq!(
        common::stdout(&again).trim(),
        format!("{day}: queued 0 reminders, 0 missed appointments, 0 doses due"),
        "a second run queues nothing"
    );
    let store = Store::open(&database.url, Secrets::from_master(&[5; 32]), 1).unwrap();
    let reminders: Vec<_> = store
        .read(|c| outbox::for_recipient(c, &store.secrets, &mobile))
        .unwrap()
        .into_iter()
        .filter(|m| m.message_id == "sms-reminder")
        .collect();
    assert_eq!(reminders.len(), 1);
    assert!(
        reminders[0]
            .body
            .starts_with("Reminder: Asha has a vaccination appointment tomorrow")
    );
});
