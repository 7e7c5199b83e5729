//! The test harness: [`TestApp::spawn`] starts the real application on 127.0.0.1:0 against a
//! fresh, migrated database — a SQLite file in a temporary folder, or a new PostgreSQL database
//! (dropped again when the `TestApp` is) — with the example profile and a fixed clock. 127.0.0.1
//! is a trusted proxy, so a test can act as several clients with `X-Forwarded-For`.
//!
//! PostgreSQL is at `postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable` unless
//! `VAXKIT_TEST_POSTGRES_URL` says otherwise (`.ci/run` starts it). When it cannot be reached the
//! PostgreSQL variant of each test fails; it never skips.

// Some helpers exist for the endpoint tests and are not used by every test yet.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use reqwest::{Response, StatusCode};
use serde::Serialize;
use serde_json::Value;
use vaxkit_i18n::Locales;
use vaxkit_profile::Profile;
use vaxkit_server::{Application, Clock, ServerConfig};
use vaxkit_store::{Secrets, Store};

pub use vaxkit_testkit::{Backend, TestDatabase};

/// The instant the test clock starts at: a Tuesday morning in Examplia (Asia/Dubai).
pub fn test_start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2021-06-01T06:00:00Z")
        .unwrap()
        .with_timezone(&Utc)
}

/// The example profile folder.
pub fn example_profile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/example")
}

/// The India profile folder (for the Co-WIN facade tests).
pub fn india_profile_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/in")
}

/// Loads a profile as `vaxkit serve` does.
pub fn load_profile(dir: &Path) -> Profile {
    let options = vaxkit_profile::LoadOptions {
        known_languages: Some(Locales::available_languages(Some(dir))),
    };
    vaxkit_profile::load(dir, &options).unwrap_or_else(|d| panic!("{}: {d}", dir.display()))
}

/// The secret the test gateway proves its inbound texts with.
pub const INBOUND_SMS_SECRET: &str = "inbound-test-secret";

/// The public URL test certificates name as their issuer.
pub const PUBLIC_URL: &str = "https://vaccination.example.test";

/// A fresh signing key with a signer certificate valid around the test clock.
pub fn test_certifier() -> vaxkit_core::Certifier {
    use vaxkit_cert::{DccUsage, Keyring, SignerCertificateRequest, SigningKey};
    let key = SigningKey::generate().unwrap();
    let cert = key
        .self_signed_certificate(&SignerCertificateRequest {
            common_name: "Examplia DSC 1".into(),
            organization: "Ministry of Health of Examplia".into(),
            country: "XX".into(),
            not_before: test_start() - chrono::Duration::days(30),
            not_after: test_start() + chrono::Duration::days(730),
            usages: vec![DccUsage::Vaccination],
        })
        .unwrap();
    vaxkit_core::Certifier::new(Keyring::new(key, Some(cert)), PUBLIC_URL)
}

/// A running application and what a test needs to talk to it.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    /// The port the app listens on.
    pub port: u16,
    /// A client without proxies or cookies.
    pub client: reqwest::Client,
    /// The app's database (the same pools the app uses), for tests to look into.
    pub store: Store,
    /// The app's core: fixtures are made through its use cases, as an operator would.
    pub core: std::sync::Arc<vaxkit_core::Core>,
    /// The app's clock: `app.clock.advance(...)` moves the server's time.
    pub clock: Clock,
    /// The profile the app runs with.
    pub profile: Profile,
    /// Which database this is.
    pub backend: Backend,
    database: TestDatabase,
}

impl TestApp {
    /// The app with the example profile as it is.
    pub async fn spawn(backend: Backend) -> TestApp {
        Self::spawn_with(backend, |_| {}).await
    }

    /// The app with the example profile changed by `configure` (e.g. a tiny rate limit).
    pub async fn spawn_with(backend: Backend, configure: impl FnOnce(&mut Profile)) -> TestApp {
        Self::spawn_profile(backend, &example_profile_dir(), configure).await
    }

    /// The app with the profile in `dir`, changed by `configure`.
    pub async fn spawn_profile(
        backend: Backend,
        dir: &Path,
        configure: impl FnOnce(&mut Profile),
    ) -> TestApp {
        Self::spawn_full(backend, dir, configure, Clone::clone).await
    }

    /// The example profile as it is, the app reaching its database at the URL `route` makes
    /// of the real one (through a proxy that can cut it off, say).
    pub async fn spawn_routed(
        backend: Backend,
        route: impl FnOnce(&vaxkit_store::DatabaseUrl) -> vaxkit_store::DatabaseUrl,
    ) -> TestApp {
        Self::spawn_full(backend, &example_profile_dir(), |_| {}, route).await
    }

    async fn spawn_full(
        backend: Backend,
        dir: &Path,
        configure: impl FnOnce(&mut Profile),
        route: impl FnOnce(&vaxkit_store::DatabaseUrl) -> vaxkit_store::DatabaseUrl,
    ) -> TestApp {
        let database = TestDatabase::create(backend);
        Self::start(database, dir, configure, route, test_certifier()).await
    }

    /// The example profile on a database made elsewhere (a copy, a restore), signing
    /// certificates with `certifier`; migrations already applied are not applied again.
    pub async fn spawn_on(
        database: TestDatabase,
        certifier: vaxkit_core::Certifier,
        configure: impl FnOnce(&mut Profile),
    ) -> TestApp {
        Self::start(
            database,
            &example_profile_dir(),
            configure,
            Clone::clone,
            certifier,
        )
        .await
    }

    async fn start(
        database: TestDatabase,
        dir: &Path,
        configure: impl FnOnce(&mut Profile),
        route: impl FnOnce(&vaxkit_store::DatabaseUrl) -> vaxkit_store::DatabaseUrl,
        certifier: vaxkit_core::Certifier,
    ) -> TestApp {
        let backend = database.backend;
        let dir = dir.to_path_buf();
        let mut profile = load_profile(&dir);
        configure(&mut profile);
        let locales = Locales::load(Some(&dir), &profile.country.languages).unwrap();
        let secrets = Secrets::from_master(&[42u8; 32]);
        let store = Store::open(&route(&database.url), secrets, 4)
            .unwrap_or_else(|e| panic!("opening {}: {e}", database.url.redacted()));
        let _ = store.migrate().unwrap();
        let clock = Clock::fixed(test_start());
        let app = Application::build(ServerConfig {
            profile: profile.clone(),
            locales,
            store: store.clone(),
            bind: "127.0.0.1:0".into(),
            clock: clock.clone(),
            // The test client stands in for a reverse proxy: `X-Forwarded-For` picks the client.
            trusted_proxies: vec![std::net::Ipv4Addr::LOCALHOST.into()],
            certificates: Some(certifier),
            inbound_sms_secret: Some(INBOUND_SMS_SECRET.into()),
        })
        .unwrap();
        let port = app.port();
        let core = app.core();
        drop(tokio::spawn(app.run_until_stopped()));
        TestApp {
            address: format!("http://127.0.0.1:{port}"),
            port,
            client: reqwest::Client::builder().no_proxy().build().unwrap(),
            store,
            core,
            clock,
            profile,
            backend,
            database,
        }
    }

    /// The full URL of `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// `GET path`.
    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    /// `GET path` with an `Accept-Language` header.
    pub async fn get_in(&self, path: &str, accept_language: &str) -> Response {
        self.client
            .get(self.url(path))
            .header("Accept-Language", accept_language)
            .send()
            .await
            .unwrap()
    }

    /// `POST path` with a JSON body.
    pub async fn post_json(&self, path: &str, body: &impl Serialize) -> Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `PUT path` with a JSON body.
    pub async fn put_json(&self, path: &str, body: &impl Serialize) -> Response {
        self.client
            .put(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// `DELETE path`.
    pub async fn delete(&self, path: &str) -> Response {
        self.client.delete(self.url(path)).send().await.unwrap()
    }

    /// `POST path` with any body and content type (for malformed requests).
    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> Response {
        self.client
            .post(self.url(path))
            .header("Content-Type", content_type)
            .body(body)
            .send()
            .await
            .unwrap()
    }

    /// The SQLite file, when the app runs on SQLite.
    pub fn store_path(&self) -> Option<PathBuf> {
        match &self.database.url {
            vaxkit_store::DatabaseUrl::Sqlite(path) => Some(path.clone()),
            vaxkit_store::DatabaseUrl::Postgres(_) => None,
        }
    }

    /// Where the app's database is.
    pub fn database_url(&self) -> &vaxkit_store::DatabaseUrl {
        &self.database.url
    }

    /// Takes the database away under the running app: PostgreSQL only (see `health.rs`).
    pub fn drop_database(&self) {
        self.database.drop_now();
    }
}

/// Asserts an error answer's status and code, and returns its message.
pub async fn assert_error(response: Response, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned());
    assert_eq!(content_type.as_deref(), Some("application/json"));
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], code, "{body}");
    let message = body["error"]["message"].as_str().unwrap().to_owned();
    assert!(!message.is_empty() && message != code, "{body}");
    message
}

/// One API test on both backends (through [`vaxkit_testkit::both_backends!`]), each with the
/// real app on a fresh database in `$app`; optionally another profile folder and changes to the
/// profile:
///
/// ```ignore
/// both_backends!(healthz_answers, |app| async move {
///     assert_eq!(app.get("/healthz").await.status(), 200);
/// });
/// both_backends!(tiny_limit, profile = |p| p.rate_limits.per_ip_per_minute = 3, |app| async move { ... });
/// both_backends!(cowin_states, dir = india_profile_dir(), |app| async move { ... });
/// ```
macro_rules! both_backends {
    ($name:ident, |$app:ident| $body:expr) => {
        both_backends!($name, profile = |_profile| {}, |$app| $body);
    };
    ($name:ident, profile = |$profile:ident| $configure:expr, |$app:ident| $body:expr) => {
        both_backends!(
            $name,
            dir = $crate::helpers::example_profile_dir(),
            profile = |$profile| $configure,
            |$app| $body
        );
    };
    ($name:ident, dir = $dir:expr, |$app:ident| $body:expr) => {
        both_backends!($name, dir = $dir, profile = |_profile| {}, |$app| $body);
    };
    ($name:ident, dir = $dir:expr, profile = |$profile:ident| $configure:expr, |$app:ident| $body:expr) => {
        vaxkit_testkit::both_backends!($name, async |backend| async move {
            let $app = $crate::helpers::TestApp::spawn_profile(
                backend,
                &$dir,
                |$profile: &mut vaxkit_profile::Profile| {
                    $configure;
                },
            )
            .await;
            $body.await
        });
    };
}

/// The shape of a JSON answer, for snapshots of what clients depend on: each field with its JSON
/// type (`"string"`, `"integer"`, `"number"`, `"boolean"`, `"null"`), the elements of an array
/// merged into one (a field only some elements have ends in `?`; a field seen with several types
/// lists them, as `"integer|null"`).
pub fn shape(v: &Value) -> Value {
    match v {
        Value::Null => Value::from("null"),
        Value::Bool(_) => Value::from("boolean"),
        Value::Number(n) if n.is_i64() || n.is_u64() => Value::from("integer"),
        Value::Number(_) => Value::from("number"),
        Value::String(_) => Value::from("string"),
        Value::Array(items) => {
            let merged = items.iter().map(shape).reduce(|a, b| merge(&a, &b));
            Value::Array(merged.into_iter().collect())
        }
        Value::Object(fields) => {
            Value::Object(fields.iter().map(|(k, v)| (k.clone(), shape(v))).collect())
        }
    }
}

/// Two shapes as one.
fn merge(a: &Value, b: &Value) -> Value {
    if a == b {
        return a.clone();
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let bare = |k: &str| k.trim_end_matches('?').to_string();
            let mut out = serde_json::Map::new();
            let keys: std::collections::BTreeSet<String> =
                x.keys().chain(y.keys()).map(|k| bare(k)).collect();
            for key in keys {
                let get = |m: &serde_json::Map<String, Value>| {
                    m.get(&key).or_else(|| m.get(&format!("{key}?"))).cloned()
                };
                let optional =
                    x.contains_key(&format!("{key}?")) || y.contains_key(&format!("{key}?"));
                let (name, value) = match (get(x), get(y)) {
                    (Some(a), Some(b)) => (key.clone(), merge(&a, &b)),
                    (Some(one), None) | (None, Some(one)) => (format!("{key}?"), one),
                    (None, None) => continue,
                };
                let name = if optional && !name.ends_with('?') {
                    format!("{name}?")
                } else {
                    name
                };
                out.insert(name, value);
            }
            Value::Object(out)
        }
        (Value::Array(x), Value::Array(y)) => {
            let items = x.iter().chain(y).cloned().reduce(|a, b| merge(&a, &b));
            Value::Array(items.into_iter().collect())
        }
        _ => {
            let mut kinds: Vec<String> = [a, b]
                .iter()
                .flat_map(|v| match v {
                    Value::String(s) => s.split('|').map(String::from).collect(),
                    other => vec![other.to_string()],
                })
                .collect();
            kinds.sort();
            kinds.dedup();
            Value::from(kinds.join("|"))
        }
    }
}

/// Asserts the [`shape`] of a JSON answer against its reviewed snapshot in `snapshots/`, the
/// same file for both backends (so both must answer the same shape). After an intended change,
/// `INSTA_UPDATE=always cargo test -p vaxkit-server --test api` rewrites them; review the diff.
macro_rules! assert_shape {
    ($name:expr, $value:expr) => {
        insta::assert_json_snapshot!($name, $crate::helpers::shape($value))
    };
}

#[test]
fn shapes_merge_array_elements() {
    let v = serde_json::json!([{ "a": 1, "b": "x" }, { "a": null, "c": 1.5 }]);
    assert_eq!(
        shape(&v),
        serde_json::json!([{ "a": "integer|null", "b?": "string", "c?": "number" }])
    );
    assert_eq!(shape(&serde_json::json!([])), serde_json::json!([]));
}
