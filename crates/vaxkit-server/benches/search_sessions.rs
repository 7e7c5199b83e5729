//! Public session search under load, beside the HTTP stack's own rate.
//!
//! Starts the application on a port (SQLite in a temporary folder, or a fresh PostgreSQL
//! database when `VAXKIT_BENCH_POSTGRES_URL` names a server), seeds `VAXKIT_BENCH_FACILITIES`
//! facilities (default 20) in one district, each with two sessions today, then sends requests
//! from `VAXKIT_BENCH_CONCURRENCY` keep-alive connections (default 32) for
//! `VAXKIT_BENCH_SECONDS` seconds (default 3) each: first `GET /healthz` (no database, the
//! baseline: routing, middleware and the HTTP stack), then `GET /api/v1/sessions` for that
//! district and day, three rounds in turn. Prints requests per second of each, their medians
//! and the ratio search/healthz. The client is a minimal HTTP/1.1 one on plain sockets so
//! that it takes as little of the shared cores as it can. Run with
//! `cargo bench -p vaxkit-server --bench search_sessions`; the method and the figures are in
//! docs/benchmarks.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use diesel::{Connection, PgConnection, RunQueryDsl};
use vaxkit_core::Clock;
use vaxkit_i18n::Locales;
use vaxkit_profile::Profile;
use vaxkit_server::{Application, ServerConfig};
use vaxkit_store::repo::{facilities, regions, sessions};
use vaxkit_store::{DatabaseUrl, Secrets, Store};

const DISTRICT: &str = "XX-N-01";

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn main() {
    let facilities = env_number("VAXKIT_BENCH_FACILITIES", 20);
    let concurrency = env_number("VAXKIT_BENCH_CONCURRENCY", 32);
    let seconds = env_number("VAXKIT_BENCH_SECONDS", 3);
    let postgres = std::env::var("VAXKIT_BENCH_POSTGRES_URL").ok();
    let dir = tempfile::tempdir().unwrap();
    let (url, drop_db) = match &postgres {
        Some(server) => {
            let name = format!("vaxkit_bench_search_{}", std::process::id());
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
        "search_sessions: {facilities} facilities, {concurrency} connections, {seconds} s a round, {}",
        if drop_db.is_some() {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let (port, today) = runtime.block_on(start(url, facilities));
    let search = format!("/api/v1/sessions?region={DISTRICT}&date={today}");
    let body = get_once(port, &search);
    // The first page: the example profile's appointments.search_page_size facilities at most.
    let on_page = facilities.min(20);
    assert!(
        body.contains("\"centres\"") && body.matches("\"session_id\"").count() == 2 * on_page,
        "the search's first page holds {on_page} facilities' sessions: {body}"
    );
    assert!(
        body.contains(&format!("\"total\":{facilities}")),
        "the search finds every facility: {body}"
    );
    let run = Duration::from_secs(seconds as u64);
    let (mut health, mut found) = (Vec::new(), Vec::new());
    for round in 1..=3 {
        let h = rate(port, "/healthz", concurrency, run);
        let s = rate(port, &search, concurrency, run);
        println!(
            "round {round}: /healthz {h:.0} req/s, search {s:.0} req/s, ratio {:.2}",
            s / h
        );
        health.push(h);
        found.push(s);
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (h, s) = (median(&mut health), median(&mut found));
    println!(
        "medians: /healthz {h:.0} req/s, search {s:.0} req/s; search / healthz = {:.2}",
        s / h
    );
    drop(runtime);
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

/// Starts the application and seeds it; answers its port and today's date.
async fn start(url: DatabaseUrl, n: usize) -> (u16, chrono::NaiveDate) {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/example");
    let options = vaxkit_profile::LoadOptions {
        known_languages: Some(Locales::available_languages(Some(&dir))),
    };
    let mut profile: Profile = vaxkit_profile::load(&dir, &options).unwrap();
    // One address sends everything here; the per-IP limit is for the public.
    profile.rate_limits.per_ip_per_minute = 1_000_000_000;
    let locales = Locales::load(Some(&dir), &profile.country.languages).unwrap();
    let store = Store::open(&url, Secrets::from_master(&[7u8; 32]), 16).unwrap();
    store.migrate().unwrap();
    let clock = Clock::system();
    let today = profile.local_date(clock.now());
    seed(&store, &clock, n, today);
    let app = Application::build(ServerConfig {
        profile,
        locales,
        store,
        bind: "127.0.0.1:0".into(),
        clock,
        trusted_proxies: vec![],
        certificates: None,
        inbound_sms_secret: None,
    })
    .unwrap();
    let port = app.port();
    drop(tokio::spawn(app.run_until_stopped()));
    (port, today)
}

/// `n` facilities in the district, each with two sessions today.
fn seed(store: &Store, clock: &Clock, n: usize, today: chrono::NaiveDate) {
    let now = clock.now().naive_utc();
    store
        .write(|c| {
            let region = regions::ids_by_code(c, &[DISTRICT])?[DISTRICT];
            for i in 0..n {
                let f = facilities::insert(
                    c,
                    &facilities::NewFacility {
                        code: format!("F{i:04}"),
                        name: format!("Clinic {i}"),
                        address: format!("{i} Harbour Road"),
                        region_id: region,
                        postal_code: None,
                        latitude: None,
                        longitude: None,
                    },
                    now,
                )?;
                for vaccine in ["comirnaty", "vaxzevria"] {
                    sessions::insert(
                        c,
                        &sessions::NewSession {
                            facility_id: f.id,
                            date: today,
                            vaccine: vaccine.into(),
                            doses: vec![1, 2],
                            min_age: 18,
                            max_age: None,
                            capacity_online: 100,
                            capacity_walk_in: 50,
                            slots: vec!["09:00-11:00".into(), "11:00-13:00".into()],
                            fee: 0,
                        },
                        now,
                    )?;
                }
            }
            Ok::<_, vaxkit_store::StoreError>(())
        })
        .unwrap();
}

/// One request on a fresh connection; the body.
fn get_once(port: u16, path: &str) -> String {
    let mut conn = Client::connect(port);
    let (status, body) = conn.get(path);
    assert_eq!(status, 200, "{path}: {body}");
    body
}

/// Requests a second: `concurrency` connections each sending `GET path` one after another for
/// `run`; every answer must be 200.
fn rate(port: u16, path: &str, concurrency: usize, run: Duration) -> f64 {
    let done = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (done, stop, path) = (Arc::clone(&done), Arc::clone(&stop), path.to_string());
            std::thread::spawn(move || {
                let mut conn = Client::connect(port);
                while !stop.load(Ordering::Relaxed) {
                    let (status, body) = conn.get(&path);
                    assert_eq!(status, 200, "{path}: {body}");
                    done.fetch_add(1, Ordering::Relaxed);
                }
            })
        })
        .collect();
    std::thread::sleep(run);
    stop.store(true, Ordering::Relaxed);
    let elapsed = started.elapsed();
    for w in workers {
        w.join().unwrap();
    }
    done.load(Ordering::Relaxed) as f64 / elapsed.as_secs_f64()
}

/// A keep-alive HTTP/1.1 connection that reads answers by their `Content-Length`.
struct Client {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
}

impl Client {
    fn connect(port: u16) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_nodelay(true).unwrap();
        Self {
            writer: stream.try_clone().unwrap(),
            reader: BufReader::new(stream),
        }
    }

    fn get(&mut self, path: &str) -> (u16, String) {
        write!(
            self.writer,
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n"
        )
        .unwrap();
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        let status: u16 = line.split(' ').nth(1).unwrap().parse().unwrap();
        let mut length = 0usize;
        loop {
            line.clear();
            self.reader.read_line(&mut line).unwrap();
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("content-length")
            {
                length = value.trim().parse().unwrap();
            }
        }
        let mut body = vec![0u8; length];
        self.reader.read_exact(&mut body).unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }
}
