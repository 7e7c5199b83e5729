//! An installed binary: copied alone to an empty folder and started there, with no checkout
//! beside it, `vaxkit serve` runs on the example profile built into it and says so.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

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
fn an_installed_binary_serves_the_built_in_example_profile() {
    let place = tempfile::tempdir().unwrap();
    let binary = place.path().join("vaxkit");
    std::fs::copy(env!("CARGO_BIN_EXE_vaxkit"), &binary).unwrap();
    // Nothing else in the folder: no country-profiles/, no locales/.
    assert_eq!(std::fs::read_dir(place.path()).unwrap().count(), 1);

    let mut child = Command::new(&binary)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .current_dir(place.path())
        .env_clear()
        .env("RUST_LOG", "info")
        .env("PATH", "/usr/bin:/bin")
        .env("TMPDIR", place.path())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let err = child.stderr.take().unwrap();
    let (tx, lines) = mpsc::channel();
    let _ = std::thread::spawn(move || {
        for line in BufReader::new(err).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut log = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    let address = loop {
        assert!(
            Instant::now() < deadline,
            "not listening:\n{}",
            log.join("\n")
        );
        match lines.recv_timeout(Duration::from_millis(200)) {
            Ok(line) => {
                log.push(line.clone());
                if let Some((_, address)) = line.rsplit_once("listening on http://") {
                    break address.trim().to_owned();
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                let _ = child.wait();
                panic!("exited:\n{}", log.join("\n"));
            }
        }
    };
    let said = log.join("\n");
    assert!(
        said.contains("example profile built into this binary"),
        "{said}"
    );
    assert!(said.contains("built-in example"), "{said}");

    let (status, body) = http_get(&address, "/healthz");
    assert!(status.contains(" 200 "), "{status}");
    assert_eq!(body, r#"{"status":"ok"}"#);
    // The example country's regions and its languages' texts are there too.
    let (status, body) = http_get(&address, "/api/v1/regions");
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("\"code\""), "{body}");

    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    // The database was made where the binary runs, and the profile's temporary folder is gone.
    assert!(place.path().join("vaxkit.db").is_file());
    let left: Vec<_> = std::fs::read_dir(place.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("vaxkit-builtin-profile"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}
