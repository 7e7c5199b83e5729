//! `vaxkit demo seed`: the built binary fills a database in batches; the rows, the counters and
//! the session bookings agree, identity numbers are kept as registration keeps them, and the
//! API answers from the seeded data.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use diesel::sql_types::{BigInt, Binary, Text};
use diesel::{QueryableByName, RunQueryDsl};
use serde_json::{Value, json};
use vaxkit_core::types::IdNumber;
use vaxkit_i18n::Locales;
use vaxkit_server::{Application, ServerConfig};
use vaxkit_store::repo::staff;
use vaxkit_store::{Secrets, Store};
use vaxkit_testkit::{TestDatabase, both_backends};

const KEY: [u8; 32] = [9; 32];

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Person {
    #[diesel(sql_type = Text)]
    reference: String,
    #[diesel(sql_type = Text)]
    id_scheme: String,
    #[diesel(sql_type = Text)]
    id_hash: String,
    #[diesel(sql_type = Text)]
    id_masked: String,
    #[diesel(sql_type = Binary)]
    id_sealed: Vec<u8>,
}

fn count(store: &Store, sql: &str) -> i64 {
    store
        .read(|c| Ok(diesel::sql_query(sql).get_result::<Count>(c)?.n))
        .unwrap()
}

fn seed(database: &TestDatabase, people: &str) {
    seed_with(database, people, &[]);
}

fn seed_with(database: &TestDatabase, people: &str, options: &[&str]) {
    let url = database.url_text();
    let mut args = vec![
        "demo",
        "seed",
        "--profile",
        "country-profiles/example",
        "--database",
        &url,
        "--people",
        people,
        "--batch",
        "200",
    ];
    args.extend_from_slice(options);
    let out = common::command(&args)
        .env("VAXKIT_SECRET_KEY", "09".repeat(32))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        common::stdout(&out),
        common::stderr(&out)
    );
    assert!(
        common::stdout(&out).contains(&format!("seeded {people} people")),
        "{}",
        common::stdout(&out)
    );
}

// The population's shape: how many had a first dose and how many went on to the next doses and
// boosters, within the profile's intervals.
both_backends!(demo_seed_options_shape_the_doses, |backend| {
    let database = TestDatabase::create(backend);
    seed_with(&database, "300", &["--vaccinated", "0"]);
    let store = Store::open(&database.url, Secrets::from_master(&KEY), 2).unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) AS n FROM doses"), 0);
    seed_with(
        &database,
        "400",
        &["--days", "400", "--vaccinated", "1", "--next-dose", "1"],
    );
    let by_dose = |n: i64| {
        count(
            &store,
            &format!("SELECT COUNT(*) AS n FROM doses WHERE dose = {n}"),
        )
    };
    let (first, second, booster) = (by_dose(1), by_dose(2), by_dose(3));
    assert!(first > 200, "adults a vaccine allows all have one: {first}");
    assert!(
        second > first * 3 / 4,
        "most first doses are old enough for the second: {second} of {first}"
    );
    assert!(
        booster > 0 && booster < second,
        "boosters follow: {booster}"
    );
    assert_eq!(by_dose(4), 0, "no product has a fourth dose");
    // Each later dose keeps the example's shortest gaps: 21 days before the second, 180 before
    // the booster.
    let rows: Vec<(i64, i64, chrono::NaiveDate)> = store
        .read(|c| {
            use diesel::prelude::*;
            use vaxkit_store::schema::doses;
            Ok(doses::table
                .select((doses::beneficiary_id, doses::dose, doses::given_on))
                .order((doses::beneficiary_id, doses::dose))
                .load(c)?)
        })
        .unwrap();
    for pair in rows.windows(2) {
        let ((p, d, before), (q, e, after)) = (pair[0], pair[1]);
        if p == q {
            assert_eq!(e, d + 1, "doses in order for person {p}");
            let gap = (after - before).num_days();
            assert!(
                gap >= if e == 3 { 180 } else { 21 },
                "dose {e} {gap} days after"
            );
        }
    }
    let out = common::command(&[
        "demo",
        "seed",
        "--database",
        &database.url_text(),
        "--people",
        "1",
        "--vaccinated",
        "1.5",
    ])
    .env("VAXKIT_SECRET_KEY", "09".repeat(32))
    .output()
    .unwrap();
    assert!(!out.status.success());
    assert!(
        common::stderr(&out).contains("--vaccinated and --next-dose are shares"),
        "{}",
        common::stderr(&out)
    );
});

both_backends!(demo_seed_fills_a_database_the_api_reads, |backend| {
    let database = TestDatabase::create(backend);
    seed(&database, "500");
    // A second run adds to the first (its keys follow on).
    seed(&database, "120");

    let store = Store::open(&database.url, Secrets::from_master(&KEY), 2).unwrap();
    assert_eq!(
        count(&store, "SELECT COUNT(*) AS n FROM beneficiaries"),
        620
    );
    let accounts = count(&store, "SELECT COUNT(*) AS n FROM accounts");
    assert!(
        (155..=620).contains(&accounts),
        "families share accounts: {accounts}"
    );
    let doses = count(&store, "SELECT COUNT(*) AS n FROM doses");
    assert!(doses > 200, "most adults have a dose: {doses}");
    assert!(
        count(&store, "SELECT COUNT(*) AS n FROM doses WHERE dose = 2") > 0,
        "some have the second"
    );
    assert_eq!(
        count(
            &store,
            "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n FROM dose_counters"
        ),
        doses,
        "the counters equal the dose rows"
    );
    if backend == vaxkit_testkit::Backend::Postgres {
        // Batches written at once take keys reserved ahead: each key sequence stands past
        // every seeded row, so a row added afterwards takes a free key.
        for table in ["accounts", "beneficiaries", "doses", "appointments"] {
            let taken = count(
                &store,
                &format!(
                    "SELECT COUNT(*) AS n FROM {table} \
                     WHERE id >= (SELECT nextval(pg_get_serial_sequence('{table}', 'id')))"
                ),
            );
            assert_eq!(taken, 0, "{table}: the next key is taken");
        }
    }
    let booked = count(
        &store,
        "SELECT COUNT(*) AS n FROM appointments WHERE status = 'booked'",
    );
    assert!(booked > 0, "some people have booked");
    assert_eq!(
        count(
            &store,
            "SELECT CAST(COALESCE(SUM(booked), 0) AS BIGINT) AS n FROM sessions"
        ),
        booked,
        "the places taken equal the bookings"
    );
    // Identity numbers: kept as registration keeps them, valid for their scheme, never plain.
    let dir = common::root().join("country-profiles/example");
    let options = vaxkit_profile::LoadOptions {
        known_languages: Some(Locales::available_languages(Some(&dir))),
    };
    let profile = vaxkit_profile::load(&dir, &options).unwrap();
    let people: Vec<Person> = store
        .read(|c| {
            Ok(diesel::sql_query(
                "SELECT ref AS reference, id_scheme, id_hash, id_masked, id_sealed FROM beneficiaries ORDER BY id",
            )
            .load(c)?)
        })
        .unwrap();
    let mut schemes = std::collections::BTreeSet::new();
    for p in &people {
        let plain = store.secrets.open(&p.id_sealed).unwrap();
        let number = IdNumber::parse(&profile, &p.id_scheme, &plain).unwrap();
        assert_eq!(number.hash(&store.secrets), p.id_hash);
        assert_eq!(number.masked(), p.id_masked);
        assert_ne!(p.id_masked, plain);
        schemes.insert(p.id_scheme.clone());
    }
    assert!(
        schemes.len() >= 2,
        "numbers of several schemes: {schemes:?}"
    );

    // The API answers from them: a person found by their number, and the dose report's total.
    let locales = Locales::load(Some(&dir), &profile.country.languages).unwrap();
    let now = chrono::Utc::now().naive_utc();
    let hash = vaxkit_core::staff::hash_password("seed test password").unwrap();
    store
        .write(|c| {
            staff::insert(
                c,
                &staff::NewStaff {
                    username: "nat".into(),
                    name: "National Admin".into(),
                    password_hash: hash.clone(),
                    role: "national_admin".into(),
                    region_code: None,
                    facility_code: None,
                },
                now,
            )?;
            Ok::<_, vaxkit_store::StoreError>(())
        })
        .unwrap();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let app = Application::build(ServerConfig {
            profile: profile.clone(),
            locales,
            store: store.clone(),
            bind: "127.0.0.1:0".into(),
            clock: vaxkit_core::Clock::system(),
            trusted_proxies: vec![],
            certificates: None,
            inbound_sms_secret: None,
        })
        .unwrap();
        let base = format!("http://127.0.0.1:{}/api/v1", app.port());
        drop(tokio::spawn(app.run_until_stopped()));
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let login: Value = client
            .post(format!("{base}/staff/login"))
            .json(&json!({"username": "nat", "password": "seed test password"}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["token"].as_str().unwrap().to_string();
        let someone = &people[people.len() / 2];
        let plain = store.secrets.open(&someone.id_sealed).unwrap();
        let found = client
            .post(format!("{base}/admin/beneficiaries/find"))
            .bearer_auth(&token)
            .json(&json!({"id_scheme": someone.id_scheme, "id_number": plain}))
            .send()
            .await
            .unwrap();
        assert_eq!(found.status(), 200);
        let found: Value = found.json().await.unwrap();
        assert_eq!(found["reference"], someone.reference.as_str());
        let today = chrono::Utc::now().date_naive();
        let report: Value = client
            .get(format!(
                "{base}/reports/doses?from={}&until={}",
                today - chrono::Days::new(90),
                today + chrono::Days::new(1)
            ))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(report["total"], doses, "{report}");
    });
});
