//! `vaxkit notify test` and `vaxkit notify run`, run as an operator would: the secret comes
//! from the process environment, the message from the locales, and the gateway is a real
//! HTTP listener on loopback.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn vaxkit(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vaxkit"));
    c.args(args).current_dir(root());
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("the vaxkit binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// A copy of the example profile with another `sms = ...` line.
fn profile_with_sms(dir: &Path, sms: &str) -> PathBuf {
    let src = root().join("country-profiles/example");
    let dst = dir.join("profile");
    std::fs::create_dir_all(&dst).unwrap();
    for entry in std::fs::read_dir(&src).unwrap() {
        let p = entry.unwrap().path();
        if p.is_file() {
            std::fs::copy(&p, dst.join(p.file_name().unwrap())).unwrap();
        }
    }
    let toml = std::fs::read_to_string(dst.join("profile.toml")).unwrap();
    let toml = toml.replace("sms = { gateway = \"log\" }", sms);
    assert!(toml.contains(sms));
    std::fs::write(dst.join("profile.toml"), toml).unwrap();
    dst
}

/// Answers one HTTP request with 201 and returns what it received.
fn one_request_server() -> (String, std::thread::JoinHandle<String>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut head = String::new();
        let mut length = 0;
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                length = v.trim().parse().unwrap();
            }
            head.push_str(&line);
            if line == "\r\n" {
                break;
            }
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        let answer = r#"{"id": "gw-1"}"#;
        write!(
            &stream,
            "HTTP/1.1 201 Created\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{answer}",
            answer.len()
        )
        .unwrap();
        head + &text(&body)
    });
    (url, handle)
}

#[test]
fn notify_test_sends_through_the_profile_gateway_with_the_secret_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let (url, server) = one_request_server();
    let profile = profile_with_sms(
        dir.path(),
        &format!(
            r#"sms = {{ gateway = "http", url = "{url}", auth_env = "TEST_SMS_TOKEN", reference = "/id" }}"#
        ),
    );
    let out = vaxkit(
        &[
            "notify",
            "test",
            "--profile",
            profile.to_str().unwrap(),
            "--to",
            "+999 712 345 678",
            "--lang",
            "fr",
        ],
        &[("TEST_SMS_TOKEN", "s3cr3t")],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("accepted: HTTP 201 Created"), "{stdout}");
    assert!(stdout.contains("reference: gw-1"), "{stdout}");
    assert!(stdout.contains("1 segment(s)"), "{stdout}");
    let request = server.join().unwrap();
    assert!(request.starts_with("POST /send HTTP/1.1\r\n"), "{request}");
    assert!(
        request
            .to_ascii_lowercase()
            .contains("authorization: bearer s3cr3t\r\n"),
        "{request}"
    );
    assert!(request.contains(r#""to": "+999712345678""#), "{request}");
    assert!(request.contains("Message de test vaxkit pour"), "{request}");
    assert!(
        !request.contains('\u{2068}'),
        "no bidi isolation marks in SMS text"
    );
}

#[test]
fn notify_test_names_a_missing_secret_and_a_bad_number() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile_with_sms(
        dir.path(),
        r#"sms = { gateway = "africastalking", username = "sandbox", auth_env = "TEST_AT_KEY_UNSET" }"#,
    );
    let p = profile.to_str().unwrap();
    let out = vaxkit(
        &["notify", "test", "--profile", p, "--to", "712345678"],
        &[],
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("TEST_AT_KEY_UNSET") && stderr.contains("TEST_AT_KEY_UNSET_FILE"),
        "{stderr}"
    );

    let out = vaxkit(
        &[
            "notify",
            "test",
            "--profile",
            "country-profiles/example",
            "--to",
            "12ab",
        ],
        &[],
    );
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("neither a mobile number nor an email address"));
}

#[test]
fn notify_test_through_the_log_gateway() {
    let out = vaxkit(
        &[
            "notify",
            "test",
            "--profile",
            "country-profiles/example",
            "--to",
            "712345678",
        ],
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("through `log`"), "{stdout}");
    assert!(
        stdout.contains("accepted: written to the server log"),
        "{stdout}"
    );
}

#[test]
fn notify_run_once_sends_what_is_due() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v.db");
    let url = format!("sqlite:{}", db.display());
    let out = vaxkit(
        &["migrate", "--database", &url],
        &[("VAXKIT_SECRET_KEY", &"ab".repeat(32))],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let store = vaxkit_store::Store::open(
        &vaxkit_store::DatabaseUrl::Sqlite(db.clone()),
        vaxkit_store::Secrets::from_master(&[1; 32]),
        1,
    )
    .unwrap();
    let now = chrono::Utc::now().naive_utc();
    let id = store
        .write(|c| {
            vaxkit_store::repo::outbox::enqueue(
                c,
                &store.secrets,
                vaxkit_store::repo::outbox::NewMessage {
                    channel: "sms",
                    recipient: "999712345678",
                    message_id: "sms-otp",
                    language: "en",
                    body: "Your code is 123456",
                },
                now,
            )
        })
        .unwrap();
    let out = vaxkit(
        &[
            "notify",
            "run",
            "--once",
            "--profile",
            "country-profiles/example",
            "--database",
            &url,
        ],
        // The key the message was sealed with.
        &[("VAXKIT_SECRET_KEY", &"01".repeat(32))],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("sent 1, to retry 0, failed 0"),
        "{}",
        text(&out.stdout)
    );
    let m = store
        .read(|c| vaxkit_store::repo::outbox::get(c, id))
        .unwrap()
        .unwrap();
    assert!(m.sent_at.is_some());
    assert_eq!(m.body, "");
}
