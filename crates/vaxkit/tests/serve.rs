//! `vaxkit serve` and `vaxkit migrate`, run as an operator would: the built binary, a temporary
//! SQLite database, signals from outside.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

mod common;

use common::{Server, command as vaxkit, stderr, vaxkit as output};

/// A plain HTTP/1.1 GET; returns the status line and the body.
fn http_get(address: &str, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

#[test]
fn serve_creates_a_key_answers_and_stops_cleanly_on_sigterm_and_sigint() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("pilot.db");
    let database = format!("sqlite:{}", db.display());
    let mut server = Server::start_with(
        &["serve", "--database", &database, "--bind", "127.0.0.1:0"],
        &[("VAXKIT_ACCESS_LOG", "all")],
    );

    let key_line = server.wait_for("SECRET KEY");
    let key = tmp.path().join("pilot.db.key");
    assert!(key_line.contains(&key.display().to_string()), "{key_line}");
    assert!(key_line.contains("BACK IT UP"), "{key_line}");
    let listening = server.wait_for("listening on http://");
    let address = listening
        .rsplit("http://")
        .next()
        .unwrap()
        .trim()
        .to_owned();

    let (status, body) = http_get(&address, "/healthz");
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, r#"{"status":"ok"}"#);
    let (status, _) = http_get(&address, "/readyz");
    assert!(status.contains(" 200 "), "{status}");
    let request_line = server.wait_for("path=/healthz");
    assert!(request_line.contains("status=200"), "{request_line}");

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "key file mode {mode:o}");
    }

    let (code, log) = server.signal("TERM");
    assert_eq!(code, Some(0), "{}", log.join("\n"));
    assert!(
        log.iter().any(|l| l.contains("shutdown signal received")),
        "{}",
        log.join("\n")
    );

    // A second start finds the key it made, and says nothing about creating one; Ctrl-C (SIGINT)
    // stops it as gracefully as SIGTERM.
    let mut server = Server::start(&["serve", "--database", &database, "--bind", "127.0.0.1:0"]);
    let key_line = server.wait_for("secret key from");
    assert!(key_line.contains("beside the database"), "{key_line}");
    let _ = server.wait_for("listening on");
    let (code, log) = server.signal("INT");
    assert_eq!(code, Some(0), "{}", log.join("\n"));
    assert!(
        log.iter().any(|l| l.contains("shutdown signal received")),
        "{}",
        log.join("\n")
    );
    assert!(
        !log.iter().any(|l| l.contains("CREATED")),
        "{}",
        log.join("\n")
    );
}

#[test]
fn requests_that_succeed_are_not_logged_by_default() {
    let tmp = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", tmp.path().join("quiet.db").display());
    let mut server = Server::start(&["serve", "--database", &database, "--bind", "127.0.0.1:0"]);
    let listening = server.wait_for("listening on http://");
    let address = listening
        .rsplit("http://")
        .next()
        .unwrap()
        .trim()
        .to_owned();
    for path in ["/healthz", "/readyz", "/api/v1/regions", "/nope"] {
        let _ = http_get(&address, path);
    }
    let (code, log) = server.signal("TERM");
    assert_eq!(code, Some(0), "{}", log.join("\n"));
    assert!(
        log.iter().any(|l| l.contains("shutdown signal received")),
        "the log is there: {}",
        log.join("\n")
    );
    assert!(
        !log.iter().any(|l| l.contains("path=")),
        "no request line at the default level: {}",
        log.join("\n")
    );
}

#[test]
fn serve_on_postgres_without_a_key_refuses_to_start() {
    let o = output(&[
        "serve",
        "--database",
        "postgres://vaxkit:secret@127.0.0.1:1/vaxkit",
        "--bind",
        "127.0.0.1:0",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no secret key: set VAXKIT_SECRET_KEY"),
        "{err}"
    );
    assert!(
        !err.contains("secret@"),
        "the password never reaches the output: {err}"
    );
}

#[test]
fn serve_refuses_a_database_url_it_does_not_understand() {
    let o = output(&["serve", "--database", "nonsense", "--bind", "127.0.0.1:0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("`nonsense` is not a database URL vaxkit understands"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn serve_refuses_a_broken_profile_listing_every_error() {
    let o = output(&[
        "serve",
        "--profile",
        "crates/vaxkit-profile/tests/profiles/bad-values",
        "--database",
        "sqlite:/nonexistent/never-created.db",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("country.timezone"), "{err}");
    assert!(
        err.matches("profile.toml:").count() > 1,
        "every error is listed: {err}"
    );
}

#[test]
fn migrate_applies_and_reports_then_has_nothing_to_do() {
    let tmp = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", tmp.path().join("m.db").display());
    let o = output(&["migrate", "--database", &database]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    assert!(out.contains("applied 20261126000001"), "{out}");
    assert!(out.contains("applied 20261126000002"), "{out}");
    assert!(out.contains("applied 20261126000003"), "{out}");
    assert!(out.contains("applied 20261126000004"), "{out}");
    assert!(out.contains("applied 20261126000005"), "{out}");
    assert!(out.contains("applied 20261126000006"), "{out}");
    assert!(out.contains("applied 20261202000008"), "{out}");
    assert!(out.contains("applied 20261202000009"), "{out}");
    assert!(out.contains("applied 20261202000010"), "{out}");
    assert!(out.contains("applied 20261202000011"), "{out}");
    assert!(out.contains("applied 20261203000012"), "{out}");
    assert!(out.contains("applied 20261203000013"), "{out}");
    assert!(out.contains("applied 20261205000014"), "{out}");
    assert!(out.contains("13 migrations applied"), "{out}");
    assert!(
        !tmp.path().join("m.db.key").exists(),
        "migrate makes no key"
    );

    let o = output(&["migrate", "--database", &database]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("up to date"));
}

#[test]
fn serve_and_migrate_have_help() {
    for command in ["serve", "migrate"] {
        let o = output(&[command, "--help"]);
        assert!(o.status.success());
        let out = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(out.contains("--database"), "{out}");
    }
    let o = vaxkit(&["serve", "--help"])
        .env("DATABASE_URL", "postgres://u:hunter2@db/vax")
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&o.stdout).contains("hunter2"));
}

/// A plain HTTP/1.1 POST of a JSON body; returns the status line and the body.
fn http_post_json(address: &str, path: &str, json: &str) -> (String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "POST {path} HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
        json.len()
    )
    .unwrap();
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response).unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

#[test]
fn login_codes_reach_the_log_gateway_and_log_in() {
    let tmp = tempfile::tempdir().unwrap();
    let database = format!("sqlite:{}", tmp.path().join("pilot.db").display());
    let mut server = Server::start(&["serve", "--database", &database, "--bind", "127.0.0.1:0"]);
    let listening = server.wait_for("listening on http://");
    let address = listening
        .rsplit("http://")
        .next()
        .unwrap()
        .trim()
        .to_owned();

    let (status, body) = http_post_json(&address, "/api/v1/auth/otp", r#"{"mobile":"712345678"}"#);
    assert!(status.contains(" 200 "), "{status} {body}");
    let txn = body
        .split("\"txn_id\":\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    // The example profile's `log` gateway writes the SMS to the server log, recipient masked.
    let sms = server.wait_for("sms-otp");
    assert!(sms.contains("********5678"), "{sms}");
    assert!(!sms.contains("999712345678"), "{sms}");
    let code: String = sms
        .split("login code is ")
        .nth(1)
        .unwrap_or_else(|| panic!("no code in {sms}"))
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    assert_eq!(code.len(), 6, "{sms}");
    let (status, body) = http_post_json(
        &address,
        "/api/v1/auth/otp/confirm",
        &format!(r#"{{"txn_id":"{txn}","otp":"{code}"}}"#),
    );
    assert!(status.contains(" 200 "), "{status} {body}");
    assert!(body.contains("\"token\""), "{body}");
    let (code, log) = server.signal("TERM");
    assert_eq!(code, Some(0), "{}", log.join("\n"));
}

#[test]
fn serve_refuses_a_key_other_than_the_databases() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("pilot.db");
    let database = format!("sqlite:{}", db.display());
    let mut server = Server::start(&["serve", "--database", &database, "--bind", "127.0.0.1:0"]);
    let _ = server.wait_for("listening on");
    let (code, log) = server.signal("TERM");
    assert_eq!(code, Some(0), "{}", log.join("\n"));
    // The key file is lost: a new one would be made, and must not be used.
    std::fs::remove_file(tmp.path().join("pilot.db.key")).unwrap();
    let o = output(&["serve", "--database", &database, "--bind", "127.0.0.1:0"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("not the one this database was set up with"),
        "{}",
        stderr(&o)
    );
}

/// An SMS gateway on loopback that takes each message after `delay` and counts how often each
/// outbox id (the `id` field of the body) arrived.
fn counting_gateway(
    delay: Duration,
) -> (
    String,
    std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<i64, usize>>>,
) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(std::collections::BTreeMap::new()));
    let kept = seen.clone();
    let _ = std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { return };
            let kept = kept.clone();
            let _ = std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if reader.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                        length = v.trim().parse().unwrap();
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; length];
                reader.read_exact(&mut body).unwrap();
                let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
                std::thread::sleep(delay);
                let id: i64 = body["id"].as_str().unwrap().parse().unwrap();
                *kept.lock().unwrap().entry(id).or_insert(0) += 1;
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                );
            });
        }
    });
    (url, seen)
}

#[test]
fn serve_restarted_mid_queue_loses_nothing_and_sends_nothing_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let (url, seen) = counting_gateway(Duration::from_millis(50));
    // The example profile with the `http` gateway to the loopback gateway.
    let profile = tmp.path().join("profile");
    std::fs::create_dir_all(&profile).unwrap();
    let example = common::root().join("country-profiles/example");
    for entry in std::fs::read_dir(&example).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, profile.join(p.file_name().unwrap())).unwrap();
        }
    }
    let toml = std::fs::read_to_string(profile.join("profile.toml")).unwrap();
    let sms = format!(
        r#"sms = {{ gateway = "http", url = "{url}", body = '{{"to": "{{{{to}}}}", "text": "{{{{text}}}}", "id": "{{{{message_id}}}}"}}' }}"#
    );
    let toml = toml.replace("sms = { gateway = \"log\" }", &sms);
    assert!(toml.contains(&url));
    std::fs::write(profile.join("profile.toml"), toml).unwrap();
    let profile = profile.to_str().unwrap().to_owned();

    let db = tmp.path().join("queue.db");
    let database = format!("sqlite:{}", db.display());
    let o = output(&["migrate", "--database", &database]);
    assert!(o.status.success(), "{}", stderr(&o));
    let store = vaxkit_store::Store::open(
        &vaxkit_store::DatabaseUrl::Sqlite(db.clone()),
        vaxkit_store::Secrets::from_master(&[1; 32]),
        1,
    )
    .unwrap();
    let total = 2000;
    let now = chrono::Utc::now().naive_utc();
    store
        .write(|c| {
            for i in 0..total {
                vaxkit_store::repo::outbox::enqueue(
                    c,
                    &store.secrets,
                    vaxkit_store::repo::outbox::NewMessage {
                        channel: "sms",
                        recipient: "999712345678",
                        message_id: "sms-x",
                        language: "en",
                        body: &format!("message {i}"),
                    },
                    now,
                )?;
            }
            Ok::<_, vaxkit_store::StoreError>(())
        })
        .unwrap();
    let received = || seen.lock().unwrap().len();
    let wait_until = |n: usize| {
        let deadline = Instant::now() + Duration::from_secs(120);
        while received() < n {
            assert!(
                Instant::now() < deadline,
                "only {} of {n} arrived",
                received()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    };
    let args = [
        "serve",
        "--profile",
        &profile,
        "--database",
        &database,
        "--bind",
        "127.0.0.1:0",
    ];

    // The messages were sealed with this key: the server needs it to open them.
    let key = "01".repeat(32);
    let env = [("VAXKIT_SECRET_KEY", key.as_str())];

    // Stopped while sending: it finishes the sends it started and gives the rest back.
    let mut first = Server::start_with(&args, &env);
    let _ = first.wait_for("listening on");
    wait_until(300);
    let (code, log) = first.signal("TERM");
    assert_eq!(code, Some(0), "{}", log.join("\n"));
    let after_first = received();
    assert!(after_first < total, "stopped mid-queue: {after_first}");

    // Started again: the rest goes out.
    let mut second = Server::start_with(&args, &env);
    let _ = second.wait_for("listening on");
    wait_until(total);
    let (code, log) = second.signal("TERM");
    assert_eq!(code, Some(0), "{}", log.join("\n"));

    let seen = seen.lock().unwrap();
    assert_eq!(seen.len(), total, "nothing lost");
    assert!(
        seen.values().all(|n| *n == 1),
        "nothing sent twice: {:?}",
        seen.iter().filter(|(_, n)| **n > 1).collect::<Vec<_>>()
    );
    let counts = store.read(vaxkit_store::repo::outbox::counts).unwrap();
    assert_eq!((counts.sent, counts.waiting, counts.failed), (2000, 0, 0));
}
