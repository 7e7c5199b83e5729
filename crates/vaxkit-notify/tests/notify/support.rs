//! What the tests share: a real HTTP server on loopback standing in for an SMS gateway
//! (it records every request and answers as told), fresh databases on both backends, and
//! profiles' notification settings written as TOML.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use diesel::{Connection, RunQueryDsl};
use http_body_util::{BodyExt, Full};
use hyper::body::{Bytes, Incoming};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use vaxkit_profile::NotificationSettings;
use vaxkit_profile::notifications::Notifications;
use vaxkit_store::repo::outbox;
use vaxkit_store::{DatabaseUrl, Secrets, Store};

/// One request as the gateway received it.
#[derive(Debug, Clone)]
pub struct Recorded {
    pub method: String,
    /// Path and query.
    pub target: String,
    /// Header names in lower case, in order.
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Recorded {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as form pairs, in order.
    pub fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    }
}

/// How the gateway answers one request.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub body: String,
    pub delay: Duration,
}

impl Answer {
    pub fn new(status: u16, body: &str) -> Self {
        Self {
            status,
            body: body.into(),
            delay: Duration::ZERO,
        }
    }

    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }
}

type Script = Arc<dyn Fn(usize, &Recorded) -> Answer + Send + Sync>;

/// A gateway stand-in on 127.0.0.1; `script` gets the request's number (from 0) and the request.
pub struct Gateway {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for Gateway {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Gateway {
    pub async fn start(
        script: impl Fn(usize, &Recorded) -> Answer + Send + Sync + 'static,
    ) -> Gateway {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Script = Arc::new(script);
        let recorded = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let recorded = recorded.clone();
                let script = script.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req: hyper::Request<Incoming>| {
                        let recorded = recorded.clone();
                        let script = script.clone();
                        async move {
                            let method = req.method().to_string();
                            let target = req
                                .uri()
                                .path_and_query()
                                .map_or("/".to_string(), |p| p.to_string());
                            let headers = req
                                .headers()
                                .iter()
                                .map(|(n, v)| {
                                    (n.as_str().to_string(), v.to_str().unwrap_or("").to_string())
                                })
                                .collect();
                            let body = req.into_body().collect().await?.to_bytes();
                            let r = Recorded {
                                method,
                                target,
                                headers,
                                body: String::from_utf8_lossy(&body).into_owned(),
                            };
                            let n = {
                                let mut all = recorded.lock().unwrap();
                                all.push(r.clone());
                                all.len() - 1
                            };
                            let answer = script(n, &r);
                            if !answer.delay.is_zero() {
                                tokio::time::sleep(answer.delay).await;
                            }
                            Ok::<_, hyper::Error>(
                                hyper::Response::builder()
                                    .status(answer.status)
                                    .header("content-type", "application/json")
                                    .body(Full::new(Bytes::from(answer.body)))
                                    .unwrap(),
                            )
                        }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Gateway {
            addr,
            requests,
            task,
        }
    }

    /// A gateway that always gives the same answer.
    pub async fn answering(answer: Answer) -> Gateway {
        Gateway::start(move |_, _| answer.clone()).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.requests.lock().unwrap().len()
    }
}

/// An address where nothing listens: connections are refused.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    drop(listener);
    format!("http://{addr}/send")
}

/// `[notifications]` from TOML, checked as the loader checks it.
pub fn settings(toml_text: &str) -> NotificationSettings {
    let n: Notifications = toml::from_str(toml_text).unwrap();
    n.settings(std::path::Path::new("."))
        .unwrap_or_else(|p| panic!("{p:?}"))
}

const PG_ADMIN: &str = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable";

/// A migrated store on a fresh database, removed when dropped.
pub struct TestDb {
    pub store: Store,
    pg_name: Option<String>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(name) = &self.pg_name
            && let Ok(mut c) = diesel::PgConnection::establish(PG_ADMIN)
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .execute(&mut c);
        }
    }
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = DatabaseUrl::Sqlite(dir.path().join("test.db"));
    let store = Store::open(&url, Secrets::from_master(&[9; 32]), 4).unwrap();
    store.migrate().unwrap();
    TestDb {
        store,
        pg_name: None,
        _dir: Some(dir),
    }
}

pub fn postgres() -> TestDb {
    let mut admin = diesel::PgConnection::establish(PG_ADMIN).unwrap_or_else(|e| {
        panic!("PostgreSQL must run on 127.0.0.1:5432 for these tests (.ci/run starts it): {e}")
    });
    let name = format!(
        "vaxkit_notify_test_{}",
        vaxkit_store::repo::new_reference(10).to_lowercase()
    );
    diesel::sql_query(format!("CREATE DATABASE {name}"))
        .execute(&mut admin)
        .unwrap();
    let url = DatabaseUrl::Postgres(format!(
        "postgres://postgres@127.0.0.1:5432/{name}?sslmode=disable"
    ));
    let store = Store::open(&url, Secrets::from_master(&[9; 32]), 8).unwrap();
    store.migrate().unwrap();
    TestDb {
        store,
        pg_name: Some(name),
        _dir: None,
    }
}

pub fn now() -> chrono::NaiveDateTime {
    chrono::Utc::now().naive_utc()
}

/// Queues an SMS; returns its id.
pub fn enqueue_sms(store: &Store, to: &str, message_id: &str, body: &str) -> i64 {
    store
        .write(|c| {
            outbox::enqueue(
                c,
                &store.secrets,
                outbox::NewMessage {
                    channel: "sms",
                    recipient: to,
                    message_id,
                    language: "en",
                    body,
                },
                now(),
            )
        })
        .unwrap()
}

/// A message as stored, with its recipient and text opened with the store's key.
pub fn message(store: &Store, id: i64) -> outbox::OutboxMessage {
    store
        .read(|c| outbox::get(c, id))
        .unwrap()
        .unwrap()
        .opened(&store.secrets)
        .unwrap()
}

pub fn counts(store: &Store) -> outbox::Counts {
    store.read(outbox::counts).unwrap()
}

/// Runs a test body on a fresh SQLite and a fresh PostgreSQL database.
#[macro_export]
macro_rules! both_backends {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let db = $crate::support::sqlite();
                ($body)(db).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let db = $crate::support::postgres();
                ($body)(db).await;
            }
        }
    };
}
