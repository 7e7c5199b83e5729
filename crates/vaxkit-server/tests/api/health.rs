//! `/healthz` and `/readyz`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, assert_error};

both_backends!(healthz_and_readyz_answer_ok, |app| async move {
    for path in ["/healthz", "/readyz"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, json!({ "status": "ok" }), "{path}");
    }
});

both_backends!(probes_answer_get_only, |app| async move {
    let response = app.post_json("/healthz", &json!({})).await;
    assert_eq!(response.headers()["allow"], "GET");
    assert_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
});

/// The database goes away under a running server: readiness fails, liveness does not.
///
/// PostgreSQL only: a real outage is easy to make there (the database is dropped and every
/// connection cut), whereas an open SQLite file keeps answering `SELECT 1` even after it is
/// deleted, so nothing short of killing the process makes SQLite "unready".
#[tokio::test]
async fn readyz_is_503_when_the_database_is_gone() {
    let app = TestApp::spawn(Backend::Postgres).await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    app.drop_database();
    let message = assert_error(
        app.get("/readyz").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "service_unavailable",
    )
    .await;
    assert!(
        !message.contains("vaxkit_test_"),
        "no internals leak: {message}"
    );
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}

/// A TCP proxy to PostgreSQL that can be cut: from then on it swallows everything, on open
/// connections and new ones, as a database host that vanished from the network does (the worst
/// outage: nothing is refused, nothing answers).
struct Cuttable {
    port: u16,
    cut: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Cuttable {
    fn to(upstream: &str) -> Self {
        use std::sync::atomic::Ordering;
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let cut = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let upstream = upstream.to_string();
        let flag = std::sync::Arc::clone(&cut);
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                let flag = std::sync::Arc::clone(&flag);
                let upstream = upstream.clone();
                std::thread::spawn(move || {
                    if flag.load(Ordering::Relaxed) {
                        let _held = client;
                        loop {
                            std::thread::sleep(std::time::Duration::from_secs(60));
                        }
                    }
                    let server = std::net::TcpStream::connect(&upstream).unwrap();
                    let pipe = |mut from: std::net::TcpStream,
                                mut to: std::net::TcpStream,
                                flag: std::sync::Arc<std::sync::atomic::AtomicBool>| {
                        use std::io::{Read, Write};
                        let mut buf = [0u8; 16384];
                        loop {
                            let n = match from.read(&mut buf) {
                                Ok(0) | Err(_) => return,
                                Ok(n) => n,
                            };
                            if flag.load(Ordering::Relaxed) {
                                // Swallowed, and the connection held open forever.
                                loop {
                                    std::thread::sleep(std::time::Duration::from_secs(60));
                                }
                            }
                            if to.write_all(&buf[..n]).is_err() {
                                return;
                            }
                        }
                    };
                    let (c2, s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                    let f2 = std::sync::Arc::clone(&flag);
                    std::thread::spawn(move || pipe(c2, s2, f2));
                    pipe(server, client, flag);
                });
            }
        });
        Cuttable { port, cut }
    }

    fn cut(&self) {
        self.cut.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// During an outage where the database swallows every packet, with the app's requests stuck on
/// it: `/healthz` answers at once and `/readyz` says 503 within its bound, probe after probe.
#[tokio::test]
async fn probes_answer_within_their_bounds_while_the_database_swallows_everything() {
    use std::time::{Duration, Instant};
    let mut proxy = None;
    let app = TestApp::spawn_routed(Backend::Postgres, |url| {
        let vaxkit_store::DatabaseUrl::Postgres(text) = url else {
            unreachable!()
        };
        let p = Cuttable::to("127.0.0.1:5432");
        let routed = text.replacen("127.0.0.1:5432", &format!("127.0.0.1:{}", p.port), 1);
        assert_ne!(&routed, text, "{text}");
        proxy = Some(p);
        vaxkit_store::DatabaseUrl::Postgres(routed)
    })
    .await;
    let proxy = proxy.unwrap();
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    proxy.cut();
    // Traffic keeps coming: requests that need the database, stuck on it.
    let client = app.client.clone();
    let stuck: Vec<_> = (0..64)
        .map(|_| {
            let request = client
                .get(app.url("/api/v1/beneficiaries"))
                .bearer_auth("a-token-that-must-be-looked-up")
                .timeout(Duration::from_secs(120))
                .send();
            tokio::spawn(request)
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(500)).await;
    for round in 0..12 {
        let started = Instant::now();
        assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "healthz took {:?}",
            started.elapsed()
        );
        let started = Instant::now();
        assert_error(
            app.get("/readyz").await,
            StatusCode::SERVICE_UNAVAILABLE,
            "service_unavailable",
        )
        .await;
        let took = started.elapsed();
        assert!(
            took <= vaxkit_server::health::READY_TIMEOUT + Duration::from_millis(500),
            "readyz round {round} took {took:?}"
        );
    }
    drop(stuck);
}

both_backends!(
    metrics_count_requests_by_route_and_the_outbox,
    |app| async move {
        for _ in 0..2 {
            assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
        }
        assert_eq!(
            app.get("/api/v1/regions?parent=XX-N").await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.get("/api/v1/beneficiaries/SECRETREF123/certificate")
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
        // No worker runs in these tests: the login code waits in the outbox.
        crate::citizen::request_code(&app, &crate::citizen::mobile()).await;

        let r = app.get("/metrics").await;
        assert_eq!(r.status(), StatusCode::OK);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/plain; version=0.0.4"),
            "{:?}",
            r.headers()
        );
        let text = r.text().await.unwrap();
        assert!(
            text.contains(r#"vaxkit_http_requests_total{route="/healthz",status="200"} 2"#),
            "{text}"
        );
        assert!(
        text.contains(r#"vaxkit_http_requests_total{route="/api/v1/beneficiaries/{reference}/certificate",status="401"} 1"#),
        "a route is its pattern: {text}"
    );
        assert!(
            text.contains(
                r#"vaxkit_http_request_duration_seconds_count{route="/api/v1/regions"} 1"#
            ),
            "{text}"
        );
        assert!(
            !text.contains("SECRETREF123") && !text.contains("XX-N"),
            "no path or query: {text}"
        );
        assert!(text.contains("vaxkit_outbox_waiting 1\n"), "{text}");
    }
);
