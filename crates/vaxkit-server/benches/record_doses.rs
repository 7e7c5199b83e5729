//! The write path under load: many vaccinators recording doses at once over real HTTP.
//!
//! Starts the application on a port (SQLite in a temporary folder, or a fresh PostgreSQL
//! database when `VAXKIT_BENCH_POSTGRES_URL` names a server), seeds one facility, its
//! vaccinators and the people to vaccinate, then sends `POST /api/v1/vaccinator/doses`
//! from `VAXKIT_BENCH_CONCURRENCY` clients at once (default 32) until
//! `VAXKIT_BENCH_DOSES` doses (default 5000) are recorded. Each dose is one transaction:
//! the token check, the schedule engine, the dose row, its counter shard, the audit entry.
//! Prints doses per second and latency percentiles, and checks that the counters equal
//! the records, and counts the statements sent to the database per dose (every query, the
//! pool's checks and the transactions' `BEGIN`/`COMMIT` included: each is one round trip).
//! Run with `cargo bench -p vaxkit-server --bench record_doses`; the method
//! and the figures are in docs/benchmarks.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::{Instrumentation, InstrumentationEvent};

use diesel::{Connection, PgConnection, RunQueryDsl};
use futures_util::StreamExt;
use serde_json::{Value, json};
use vaxkit_core::Clock;
use vaxkit_core::staff::hash_password;
use vaxkit_i18n::Locales;
use vaxkit_profile::Profile;
use vaxkit_server::{Application, ServerConfig};
use vaxkit_store::repo::{accounts, beneficiaries, doses, facilities, regions, staff};
use vaxkit_store::{DatabaseUrl, Secrets, Store};

const VACCINATORS: usize = 8;
const PASSWORD: &str = "bench password long enough";

/// Statements sent to the database by every connection of the process.
static STATEMENTS: AtomicU64 = AtomicU64::new(0);

struct CountStatements;

impl Instrumentation for CountStatements {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::StartQuery { .. } = event {
            STATEMENTS.fetch_add(1, Ordering::Relaxed);
        }
    }
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    // `cargo bench` passes `--bench`; nothing else is read from the command line.
    let total = env_number("VAXKIT_BENCH_DOSES", 5000);
    let concurrency = env_number("VAXKIT_BENCH_CONCURRENCY", 32);
    diesel::connection::set_default_instrumentation(|| Some(Box::new(CountStatements))).unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let postgres = std::env::var("VAXKIT_BENCH_POSTGRES_URL").ok();
    let dir = tempfile::tempdir().unwrap();
    let (url, drop_db) = match &postgres {
        Some(server) => {
            let name = format!("vaxkit_bench_{}", std::process::id());
            admin(server, &format!("CREATE DATABASE {name}"));
            let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
            (
                DatabaseUrl::parse(&format!("{base}/{name}")).unwrap(),
                Some((server.clone(), name)),
            )
        }
        None => (DatabaseUrl::Sqlite(dir.path().join("bench.db")), None),
    };
    println!(
        "record_doses: {total} doses, {concurrency} clients, {} on {}",
        if drop_db.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        },
        std::thread::available_parallelism().map_or(1, |n| n.get())
    );
    runtime.block_on(run(url, total, concurrency));
    if let Some((server, name)) = drop_db {
        admin(
            &server,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        );
    }
}

fn admin(server: &str, sql: &str) {
    let mut conn = PgConnection::establish(server).unwrap();
    diesel::sql_query(sql).execute(&mut conn).unwrap();
}

async fn run(url: DatabaseUrl, total: usize, concurrency: usize) {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/example");
    let options = vaxkit_profile::LoadOptions {
        known_languages: Some(Locales::available_languages(Some(&dir))),
    };
    let mut profile: Profile = vaxkit_profile::load(&dir, &options).unwrap();
    // One address sends everything here; the per-IP limit is for the public.
    profile.rate_limits.per_ip_per_minute = 10_000_000;
    let locales = Locales::load(Some(&dir), &profile.country.languages).unwrap();
    let store = Store::open(&url, Secrets::from_master(&[7u8; 32]), 16).unwrap();
    store.migrate().unwrap();
    let clock = Clock::system();
    let app = Application::build(ServerConfig {
        profile: profile.clone(),
        locales,
        store: store.clone(),
        bind: "127.0.0.1:0".into(),
        clock: clock.clone(),
        trusted_proxies: vec![],
        certificates: None,
        inbound_sms_secret: None,
    })
    .unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    drop(tokio::spawn(app.run_until_stopped()));

    let people = seed(&store, &clock, total);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let mut tokens = Vec::new();
    for i in 0..VACCINATORS {
        let r: Value = client
            .post(format!("{base}/api/v1/staff/login"))
            .json(&json!({ "username": format!("vax{i}"), "password": PASSWORD }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push(r["token"].as_str().unwrap().to_string());
    }

    let statements_before = STATEMENTS.load(Ordering::Relaxed);
    let started = Instant::now();
    let mut latencies: Vec<Duration> = futures_util::stream::iter(people.iter().enumerate())
        .map(|(i, person)| {
            let client = client.clone();
            let url = format!("{base}/api/v1/vaccinator/doses");
            let token = tokens[i % VACCINATORS].clone();
            let body = json!({
                "idempotency_key": format!("bench-{i:08}"), "beneficiary": person,
                "vaccine": "comirnaty", "batch": "BENCH1"
            });
            async move {
                let t = Instant::now();
                let r = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = r.status();
                assert_eq!(status, 201, "{}", r.text().await.unwrap_or_default());
                t.elapsed()
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed();
    let statements = STATEMENTS.load(Ordering::Relaxed) - statements_before;
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies[i].as_secs_f64() * 1000.0
    };
    println!(
        "recorded {total} doses in {:.2} s: {:.0} doses/s; latency p50 {:.1} ms, p95 {:.1} ms, p99 {:.1} ms",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        pct(0.50),
        pct(0.95),
        pct(0.99)
    );
    println!(
        "statements sent to the database: {statements}, {:.2} per dose",
        statements as f64 / total as f64
    );
    let today = profile.local_date(clock.now());
    let counted: i64 = store
        .read(|c| doses::counted(c, today, today))
        .unwrap()
        .iter()
        .map(|r| r.count)
        .sum();
    assert_eq!(counted, total as i64, "the counters equal the records");
    println!("counters: {counted} (equal to the records)");
}

/// One facility, its vaccinators and `n` people, written straight to the store.
fn seed(store: &Store, clock: &Clock, n: usize) -> Vec<String> {
    let now = clock.now().naive_utc();
    let hash = hash_password(PASSWORD).unwrap();
    let secrets = store.secrets.clone();
    store
        .write(move |c| {
            let region = regions::ids_by_code(c, &["XX-N-01"])?["XX-N-01"];
            facilities::insert(
                c,
                &facilities::NewFacility {
                    code: "BENCH".into(),
                    name: "Bench Clinic".into(),
                    address: "1 Bench Road".into(),
                    region_id: region,
                    postal_code: None,
                    latitude: None,
                    longitude: None,
                },
                now,
            )?;
            for i in 0..VACCINATORS {
                staff::insert(
                    c,
                    &staff::NewStaff {
                        username: format!("vax{i}"),
                        name: format!("Vaccinator {i}"),
                        password_hash: hash.clone(),
                        role: "vaccinator".into(),
                        region_code: None,
                        facility_code: Some("BENCH".into()),
                    },
                    now,
                )?;
            }
            let mut refs = Vec::with_capacity(n);
            for i in 0..n {
                let account =
                    accounts::find_or_create(c, &store.secrets, &format!("971{:09}", i / 4), now)?;
                let number = format!("B{i:09}");
                let b = beneficiaries::insert(
                    c,
                    &beneficiaries::NewBeneficiary {
                        account_id: account.id,
                        name: format!("Person {i}"),
                        birth_year: 1960 + (i % 40) as i64,
                        birth_date: None,
                        gender: if i % 2 == 0 { "female" } else { "male" }.into(),
                        id_scheme: "national-id".into(),
                        id_hash: secrets.id_hash("national-id", &number),
                        id_masked: "XXXXXX".into(),
                        id_sealed: secrets.seal(&number)?,
                        language: "en".into(),
                        latin_name: None,
                    },
                    now,
                )?;
                refs.push(b.reference);
            }
            Ok::<_, vaxkit_store::StoreError>(refs)
        })
        .unwrap()
}
