//! `vaxkit serve` nodes on a database prepared through the command line, all with one server
//! key, and what a vaccinator's app sends them: a staff login and walk-ins.

use std::path::Path;
use std::time::Duration;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_profile::checksum::Checksum;

use super::Server;

/// The vaccinator's password.
const PASSWORD: &str = "a long enough password";
/// The server key, hex of `KEY`.
const KEY_HEX: &str = "0707070707070707070707070707070707070707070707070707070707070707";
/// The server key the command line, the servers and the test share.
pub const KEY: [u8; 32] = [7; 32];

/// The key, so the command line, the servers and the test read the same sealed values.
pub fn key_env() -> Vec<(&'static str, &'static str)> {
    vec![("VAXKIT_SECRET_KEY", KEY_HEX)]
}

/// Runs the binary to the end with the key; panics on failure.
pub fn cli(args: &[&str], env: &[(&str, &str)]) {
    let out = super::command(args)
        .envs(key_env())
        .envs(env.iter().copied())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        super::stdout(&out),
        super::stderr(&out)
    );
}

/// Copies the example profile to `to` without the per-address limit that a load from one
/// address would hit, with each `(from, into)` of `changes` made in its profile.toml.
pub fn example_profile(to: &Path, changes: &[(&str, String)]) {
    let example = super::root().join("country-profiles/example");
    std::fs::create_dir_all(to).unwrap();
    for file in ["profile.toml", "regions.csv"] {
        let _ = std::fs::copy(example.join(file), to.join(file)).unwrap();
    }
    let toml = to.join("profile.toml");
    let mut text = std::fs::read_to_string(&toml).unwrap();
    let lifted = (
        "per_ip_per_minute = 600",
        "per_ip_per_minute = 1000000".to_owned(),
    );
    for (from, into) in std::iter::once(&lifted).chain(changes) {
        assert!(text.contains(from), "the example profile has {from}");
        text = text.replace(from, into);
    }
    std::fs::write(&toml, text).unwrap();
}

/// A migrated database with the HARBOUR facility and a vaccinator `vax` working there.
pub fn prepare(database: &str, dir: &Path) {
    cli(&["migrate", "--database", database], &[]);
    let csv = dir.join("facilities.csv");
    std::fs::write(
        &csv,
        "code,name,address,region,postal_code,latitude,longitude\n\
         HARBOUR,Harbour Clinic,Harbour Road,XX-N-01,10001,25.2,55.27\n",
    )
    .unwrap();
    cli(
        &[
            "import",
            "facilities",
            csv.to_str().unwrap(),
            "--database",
            database,
        ],
        &[],
    );
    cli(
        &[
            "user",
            "add",
            "--database",
            database,
            "--username",
            "vax",
            "--name",
            "A Vaccinator",
            "--role",
            "vaccinator",
            "--facility",
            "HARBOUR",
        ],
        &[("VAXKIT_USER_PASSWORD", PASSWORD)],
    );
}

/// `vaxkit serve` listening on a free port, and its address.
pub struct Node {
    /// The running process.
    pub server: Server,
    /// `http://host:port`.
    pub base: String,
}

/// Starts `vaxkit serve` with the key on the database and waits until it listens.
pub fn serve(database: &str, profile: &Path) -> Node {
    let mut server = Server::start_with(
        &[
            "serve",
            "--profile",
            profile.to_str().unwrap(),
            "--database",
            database,
            "--bind",
            "127.0.0.1:0",
        ],
        &key_env(),
    );
    let address = server.address();
    Node {
        server,
        base: format!("http://{address}"),
    }
}

/// An HTTP client that goes to loopback directly and waits up to a minute for an answer.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// Logs the vaccinator `vax` in on `base`; returns the bearer token.
pub async fn staff_token(client: &reqwest::Client, base: &str) -> String {
    let r = client
        .post(format!("{base}/api/v1/staff/login"))
        .json(&json!({ "username": "vax", "password": PASSWORD }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    body["token"].as_str().unwrap().to_owned()
}

/// The walk-ins of one test: their idempotency keys, batch, and the people they register.
pub struct WalkIns {
    /// What each idempotency key starts with.
    pub key_prefix: &'static str,
    /// The batch of every dose.
    pub batch: &'static str,
    /// Birth dates taken in turn.
    pub births: &'static [&'static str],
    /// Genders taken in turn, the next one after each round of `births`.
    pub genders: &'static [&'static str],
}

impl WalkIns {
    /// A walk-in for a new person with its own idempotency key; `n` makes it unique in the test.
    pub fn walk_in(&self, n: u64) -> Value {
        let payload = format!("7{n:08}");
        let id = format!(
            "{payload}{}",
            Checksum::Luhn.check_digits(&payload).unwrap()
        );
        let spread = usize::try_from(n).unwrap();
        let birth = self.births[spread % self.births.len()];
        let gender = self.genders[(spread / self.births.len()) % self.genders.len()];
        json!({
            "mobile": payload, "name": "Walk In", "birth_date": birth,
            "gender": gender, "id_scheme": "national-id", "id_number": id,
            "idempotency_key": format!("{}{n:08}", self.key_prefix), "vaccine": "comirnaty",
            "batch": self.batch
        })
    }
}

/// A row of a counting query: one BIGINT named `n`.
#[derive(diesel::QueryableByName)]
pub struct Count {
    /// The count.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub n: i64,
}

/// Runs `sql`, which selects one BIGINT named `n`, on a PostgreSQL or SQLite connection.
pub fn count<C>(c: &mut C, sql: &str) -> diesel::QueryResult<i64>
where
    C: diesel::Connection,
    diesel::query_builder::SqlQuery: diesel::query_dsl::LoadQuery<'static, C, Count>,
{
    use diesel::RunQueryDsl;
    diesel::sql_query(sql).get_result::<Count>(c).map(|r| r.n)
}
