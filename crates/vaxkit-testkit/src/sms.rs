//! An SMS gateway on loopback for the profile's `http` gateway to send to
//! (`sms = { gateway = "http", url = "http://127.0.0.1:PORT/sms" }`): it answers every message
//! as sent, keeps each recipient and text, and the last login code sent to each number, so a
//! test or bench can log citizens in with the code they would have read.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::Value;

/// What a login code's text starts with (the base locale's `sms-otp` message).
const LOGIN_TEXT: &str = "Your vaxkit login code";

/// The gateway: its port and what it received; clones share it.
#[derive(Clone)]
pub struct SmsGateway {
    /// The port it listens on, on 127.0.0.1.
    pub port: u16,
    codes: Arc<Mutex<HashMap<String, String>>>,
    delivered: Arc<Mutex<Vec<(String, String)>>>,
}

impl SmsGateway {
    /// Listens on a free port, answering each connection on a thread of its own.
    pub fn start() -> SmsGateway {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on loopback");
        let gateway = SmsGateway {
            port: listener
                .local_addr()
                .expect("the listener's address")
                .port(),
            codes: Arc::default(),
            delivered: Arc::default(),
        };
        let shared = gateway.clone();
        let _ = std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let shared = shared.clone();
                let _ = std::thread::spawn(move || shared.serve(stream));
            }
        });
        gateway
    }

    /// Waits (up to 60 s) for the login code sent to `mobile` (E.164) and takes it.
    pub async fn code_for(&self, mobile: &str) -> Option<String> {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Some(code) = self.codes.lock().unwrap().remove(mobile) {
                return Some(code);
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        None
    }

    /// Every message received so far: recipient and text.
    pub fn delivered(&self) -> Vec<(String, String)> {
        self.delivered.lock().unwrap().clone()
    }

    /// One keep-alive connection of an outbox worker: each request's JSON body names `to` and
    /// `text`; the six-digit run of a login text is the code.
    fn serve(&self, stream: TcpStream) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut out = stream;
        loop {
            let mut line = String::new();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            let mut length = 0usize;
            loop {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let header = line.trim();
                if header.is_empty() {
                    break;
                }
                if let Some((name, value)) = header.split_once(':')
                    && name.eq_ignore_ascii_case("content-length")
                {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            if reader.read_exact(&mut body).is_err() {
                return;
            }
            if let Ok(message) = serde_json::from_slice::<Value>(&body) {
                let field = |name: &str| {
                    message
                        .get(name)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                let (to, text) = (field("to"), field("text"));
                if text.starts_with(LOGIN_TEXT)
                    && let Some(code) = text
                        .split(|c: char| !c.is_ascii_digit())
                        .find(|w| w.len() == 6)
                {
                    let _ = self
                        .codes
                        .lock()
                        .unwrap()
                        .insert(to.clone(), code.to_owned());
                }
                self.delivered.lock().unwrap().push((to, text));
            }
            let answer = "{\"ok\": true}";
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
                answer.len()
            );
            if out.write_all(head.as_bytes()).is_err() || out.write_all(answer.as_bytes()).is_err()
            {
                return;
            }
        }
    }
}
