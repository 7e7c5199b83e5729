//! Messages per second through the outbox to a local HTTP gateway, beside a baseline: the
//! same gateway, the same HTTP client and the same number of sends at a time, without the
//! outbox (no claim, no result written).
//!
//! The gateway is a minimal HTTP/1.1 server on 127.0.0.1 in the same process, answering
//! `200 {"ok": true}` at once. `VAXKIT_BENCH_MESSAGES` messages (default 20000) are queued
//! first (timed on their own: one transaction each, as the events that cause them write
//! them), then one worker drains them. SQLite in a temporary folder, and PostgreSQL too when
//! `VAXKIT_BENCH_POSTGRES` names a server's admin URL (a fresh database is made and dropped).
//! Run with `cargo bench -p vaxkit-notify --bench outbox`; the method and the figures are in
//! docs/benchmarks.md.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::{Connection, RunQueryDsl};
use futures_util::StreamExt;
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use vaxkit_notify::{Notifier, RetryPolicy, Sms, Worker, WorkerConfig, gateway, system_clock};
use vaxkit_profile::notifications::Notifications;
use vaxkit_store::repo::outbox;
use vaxkit_store::{DatabaseUrl, Secrets, Store};

const CONCURRENCY: usize = 32;
const BATCH: i64 = 200;

fn messages() -> usize {
    std::env::var("VAXKIT_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000)
}

async fn start_gateway() -> (String, Arc<AtomicUsize>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let counted = count.clone();
    tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.unwrap();
            let counted = counted.clone();
            tokio::spawn(async move {
                let service = service_fn(move |req: hyper::Request<Incoming>| {
                    let counted = counted.clone();
                    async move {
                        let _ = req.into_body().collect().await?;
                        counted.fetch_add(1, Ordering::Relaxed);
                        Ok::<_, hyper::Error>(hyper::Response::new(Full::new(Bytes::from_static(
                            b"{\"ok\": true}",
                        ))))
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    (format!("http://{addr}/send"), count)
}

fn notifier(url: &str) -> Notifier {
    let n: Notifications = toml::from_str(&format!(
        "[sms]\ngateway = \"http\"\nurl = \"{url}\"\nauth_env = \"SMS_TOKEN\""
    ))
    .unwrap();
    let s = n.settings(std::path::Path::new(".")).unwrap();
    let g = gateway::with_secret(
        &s.sms,
        Some("bench-token".into()),
        "254",
        Duration::from_secs(10),
        CONCURRENCY,
    )
    .unwrap();
    Notifier::new(g, None, s.max_segments)
}

const TEXT: &str = "Appointment confirmed for Amina on 2026-12-03, 10:00-11:00, at Kibera Health Centre. Security code: 4821.";

async fn baseline(url: &str, n: usize) -> f64 {
    let notifier = notifier(url);
    let started = Instant::now();
    let ok = futures_util::stream::iter(0..n)
        .map(|i| {
            let notifier = &notifier;
            async move {
                notifier
                    .send_sms(Sms {
                        to: "254712345678",
                        text: TEXT,
                        message_id: i as i64,
                        kind: "notify-test-sms",
                    })
                    .await
                    .is_ok()
            }
        })
        .buffer_unordered(CONCURRENCY)
        .filter(|ok| std::future::ready(*ok))
        .count()
        .await;
    assert_eq!(ok, n);
    n as f64 / started.elapsed().as_secs_f64()
}

async fn through_outbox(store: &Store, url: &str, n: usize, received: &AtomicUsize) -> (f64, f64) {
    let started = Instant::now();
    for i in 0..n {
        let store = store.clone();
        let body = format!("{TEXT} #{i}");
        tokio::task::spawn_blocking(move || {
            store.write(|c| {
                outbox::enqueue(
                    c,
                    &store.secrets,
                    outbox::NewMessage {
                        channel: "sms",
                        recipient: "254712345678",
                        message_id: "sms-appointment-booked",
                        language: "en",
                        body: &body,
                    },
                    chrono::Utc::now().naive_utc(),
                )
            })
        })
        .await
        .unwrap()
        .unwrap();
    }
    let enqueue_rate = n as f64 / started.elapsed().as_secs_f64();
    let config = WorkerConfig {
        batch: BATCH,
        concurrency: CONCURRENCY,
        idle_poll: Duration::from_millis(100),
        lease: Duration::from_secs(300),
        retry: RetryPolicy {
            max_attempts: 5,
            first: Duration::from_secs(30),
            max: Duration::from_secs(3600),
        },
    };
    let worker = Worker::new(
        store.clone(),
        Arc::new(notifier(url)),
        config,
        system_clock(),
    );
    let before = received.load(Ordering::Relaxed);
    let started = Instant::now();
    let tally = worker.drain().await.unwrap();
    let rate = n as f64 / started.elapsed().as_secs_f64();
    assert_eq!(tally.sent, n);
    assert_eq!(received.load(Ordering::Relaxed) - before, n);
    let c = store.read(outbox::counts).unwrap();
    assert_eq!((c.waiting, c.sent as usize), (0, n));
    (enqueue_rate, rate)
}

async fn run(name: &str, store: Store, n: usize) {
    let (url, received) = start_gateway().await;
    // Warm up connections and code paths on both sides.
    baseline(&url, 500).await;
    let direct = baseline(&url, n).await;
    let (enqueue, outbox) = through_outbox(&store, &url, n, &received).await;
    println!(
        "{name}: {n} messages, {CONCURRENCY} at a time, batches of {BATCH}\n  \
         queue (one transaction per message): {enqueue:>8.0} messages/s\n  \
         outbox -> HTTP gateway:               {outbox:>8.0} messages/s\n  \
         baseline, same client, no outbox:     {direct:>8.0} messages/s\n  \
         outbox / baseline:                    {:>8.2}",
        outbox / direct
    );
}

fn main() {
    let n = messages();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("bench.db"));
    let store = Store::open(&url, Secrets::from_master(&[7; 32]), 4).unwrap();
    store.migrate().unwrap();
    rt.block_on(run("SQLite", store, n));

    if let Ok(admin) = std::env::var("VAXKIT_BENCH_POSTGRES") {
        let name = format!("vaxkit_outbox_bench_{}", std::process::id());
        let mut c = diesel::PgConnection::establish(&admin).unwrap();
        diesel::sql_query(format!("CREATE DATABASE {name}"))
            .execute(&mut c)
            .unwrap();
        let base = admin.rsplit_once('/').map_or(admin.as_str(), |(b, _)| b);
        let url = DatabaseUrl::Postgres(format!("{base}/{name}"));
        let store = Store::open(&url, Secrets::from_master(&[7; 32]), 8).unwrap();
        store.migrate().unwrap();
        rt.block_on(run("PostgreSQL", store, n));
        drop(rt);
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut c)
            .unwrap();
    }
}
