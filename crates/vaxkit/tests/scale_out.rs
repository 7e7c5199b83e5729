//! Scale-out, shown: two `vaxkit serve` processes on one PostgreSQL database with the same secret
//! key, as two nodes behind a load balancer run them.
//!
//! The first test: vaccinators record walk-ins on both nodes at once (some sent to both nodes at
//! the same moment, as an app retrying through the balancer does, and every one retried on the
//! other node afterwards), and each dose acknowledged is in the database exactly once with the
//! counters equal to the rows. Citizens log in with a code that reaches them through an SMS
//! gateway on loopback, register a person and all book at the same moment, half on each node,
//! into sessions with fewer places than citizens: no place is sold twice, each 201 is one
//! appointment, and although both nodes deliver the outbox each message is sent once. A staff
//! logout on one node is refused by the other within the token cache's life, and a place given
//! back on one node shows in the other's cached search within the profile's
//! `search_cache_seconds`.
//!
//! The second: doses for registered people sent at the same moment to both nodes, where they go
//! through group commit on each, are all recorded, once.
//!
//! The figures in docs/scaling.md come from the lines they print (`cargo test -p vaxkit --test
//! scale_out -- --nocapture`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::node::{self, Node, WalkIns, cli, client, example_profile, serve, staff_token};
use diesel::sql_types::{BigInt, Text};
use diesel::{Connection, PgConnection, QueryableByName, RunQueryDsl};
use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_core::staff::TOKEN_CACHE_SECONDS;
use vaxkit_testkit::{Backend, SmsGateway, TestDatabase};

/// Vaccinator apps per node in the recording load.
const CLIENTS_PER_NODE: usize = 8;
/// How long the recording load runs.
const LOAD: Duration = Duration::from_secs(4);
/// One walk-in in this many is sent to both nodes at the same moment.
const DOUBLE_EVERY: u64 = 8;
/// Citizens in the booking storm.
const CITIZENS: usize = 96;
/// Demo facilities, hence sessions of the storm's day (one Comirnaty session each).
const FACILITIES: usize = 3;
/// Online places of each demo session: together a half of the citizens.
const PLACES: usize = 16;
/// The profile's `search_cache_seconds` here (the example profile's 30, shortened).
const SEARCH_CACHE_SECONDS: u64 = 3;
/// The province holding the demo facilities (their districts come first in regions.csv).
const REGION: &str = "XX-N";
/// A CSRF token for the staff logout form (any 32 hex digits, repeated in cookie and form).
const CSRF: &str = "5ca1ab1e5ca1ab1e5ca1ab1e5ca1ab1e";
/// Birth dates in three counter age bands, so doses spread over several counter rows.
const BIRTHS: [&str; 3] = ["1990-05-17", "1968-02-03", "1950-11-30"];
const GENDERS: [&str; 3] = ["female", "male", "other"];

/// The walk-ins of the recording load, their people spread over several counter rows.
const WALK_INS: WalkIns = WalkIns {
    key_prefix: "scale-walk-in-",
    batch: "S1",
    births: &BIRTHS,
    genders: &GENDERS,
};

/// The example profile with the per-address and per-number limits lifted (every request comes
/// from one address), the search cache shortened, and its SMS sent to `sms_port` on loopback.
fn profile_copy(dir: &Path, sms_port: u16) -> PathBuf {
    let to = dir.join("profile");
    example_profile(
        &to,
        &[
            (
                "per_mobile_per_hour = 10",
                "per_mobile_per_hour = 10000".to_owned(),
            ),
            (
                "search_cache_seconds = 30",
                format!("search_cache_seconds = {SEARCH_CACHE_SECONDS}"),
            ),
            (
                "sms = { gateway = \"log\" }",
                format!(
                    "sms = {{ gateway = \"http\", url = \"http://127.0.0.1:{sms_port}/sms\" }}"
                ),
            ),
        ],
    );
    to
}

/// A migrated database with the HARBOUR facility, a vaccinator `vax` working there, and the
/// demo facilities with two days of sessions of `PLACES` online places each.
fn prepare(database: &str, dir: &Path, profile: &Path) {
    node::prepare(database, dir);
    cli(
        &[
            "demo",
            "--profile",
            profile.to_str().unwrap(),
            "--database",
            database,
            "--facilities",
            &FACILITIES.to_string(),
            "--days",
            "2",
            "--capacity",
            &PLACES.to_string(),
        ],
        &[],
    );
}

/// An answer of the API: its status, whether it was a replay, its body.
#[derive(Debug, Clone)]
struct Answer {
    status: StatusCode,
    replayed: bool,
    body: Value,
}

async fn post(client: &reqwest::Client, url: &str, token: &str, body: &Value) -> Answer {
    let r = client
        .post(url)
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("POST {url}: {e}"));
    let status = r.status();
    let replayed = r
        .headers()
        .get("idempotent-replayed")
        .is_some_and(|v| v == "true");
    let body = r.json().await.unwrap_or(Value::Null);
    Answer {
        status,
        replayed,
        body,
    }
}

// ---------------------------------------------------------------------------------------------
// A staff logout on one node, honoured by the other.

/// Logs a vaccinator in on node A, has node B check the token (B now answers it from memory),
/// logs out on node A (the staff pages' `POST /staff/logout`), and answers how long node B
/// still accepted the token.
async fn logout_on_a_is_honoured_on_b(bases: &[String; 2]) -> Duration {
    let client = client();
    let token = staff_token(&client, &bases[0]).await;
    let me = |base: &str| {
        client
            .get(format!("{base}/api/v1/staff/me"))
            .bearer_auth(&token)
            .send()
    };
    assert_eq!(me(&bases[0]).await.unwrap().status(), StatusCode::OK);
    assert_eq!(me(&bases[1]).await.unwrap().status(), StatusCode::OK);

    let form = reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = form
        .post(format!("{}/staff/logout", bases[0]))
        .header(
            reqwest::header::COOKIE,
            format!("vaxkit_csrf={CSRF}; vaxkit_staff={token}"),
        )
        .header(
            reqwest::header::CONTENT_TYPE,
            "application/x-www-form-urlencoded",
        )
        .body(format!("csrf={CSRF}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "the logout form");
    let logged_out = Instant::now();
    assert_eq!(
        me(&bases[0]).await.unwrap().status(),
        StatusCode::UNAUTHORIZED,
        "the node that logged out refuses the token at once"
    );
    let bound = Duration::from_secs(u64::try_from(TOKEN_CACHE_SECONDS).unwrap() + 1);
    loop {
        let status = me(&bases[1]).await.unwrap().status();
        let after = logged_out.elapsed();
        if status == StatusCode::UNAUTHORIZED {
            return after;
        }
        assert_eq!(status, StatusCode::OK);
        assert!(
            after <= bound,
            "node B still accepts a token logged out on node A {after:?} later"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// ---------------------------------------------------------------------------------------------
// The recording load.

/// A walk-in and its answers: from its own node, or from both when it was sent to both.
struct Sent {
    body: Value,
    node: usize,
    answers: Vec<Answer>,
}

/// What the recording load did.
struct Recording {
    /// The first answer's body, by idempotency key.
    finals: HashMap<String, Value>,
    /// Walk-ins sent to both nodes at the same moment.
    doubles: usize,
    /// Retries sent to the other node afterwards, each replayed.
    retries: usize,
    /// From the first request to the last answer.
    took: Duration,
}

/// `CLIENTS_PER_NODE` vaccinator apps on each node record walk-ins for `LOAD`; then every
/// walk-in is sent again to the other node.
async fn recording_load(bases: &[String; 2], tokens: &[String; 2]) -> Recording {
    let next = Arc::new(AtomicU64::new(1));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for node in [0, 1] {
        for _ in 0..CLIENTS_PER_NODE {
            let own = format!("{}/api/v1/vaccinator/walk-in", bases[node]);
            let other = format!("{}/api/v1/vaccinator/walk-in", bases[1 - node]);
            let token = tokens[node].clone();
            let (next, stop) = (Arc::clone(&next), Arc::clone(&stop));
            tasks.push(tokio::spawn(async move {
                let client = client();
                let mut sent = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let n = next.fetch_add(1, Ordering::Relaxed);
                    let body = WALK_INS.walk_in(n);
                    let answers = if n % DOUBLE_EVERY == 0 {
                        let (a, b) = tokio::join!(
                            post(&client, &own, &token, &body),
                            post(&client, &other, &token, &body)
                        );
                        vec![a, b]
                    } else {
                        vec![post(&client, &own, &token, &body).await]
                    };
                    sent.push(Sent {
                        body,
                        node,
                        answers,
                    });
                }
                sent
            }));
        }
    }
    tokio::time::sleep(LOAD).await;
    stop.store(true, Ordering::Relaxed);
    let mut sent = Vec::new();
    for t in tasks {
        sent.extend(t.await.unwrap());
    }
    let took = started.elapsed();

    let mut finals = HashMap::new();
    let mut doubles = 0;
    for s in &sent {
        let key = s.body["idempotency_key"].as_str().unwrap().to_owned();
        for a in &s.answers {
            assert_eq!(a.status, StatusCode::CREATED, "{key}: {}", a.body);
            assert!(a.body["reference"].is_string(), "{key}: {}", a.body);
        }
        if let [a, b] = s.answers.as_slice() {
            doubles += 1;
            assert_eq!(
                a.body, b.body,
                "{key} sent to both nodes at once: one dose, answered alike"
            );
            assert!(
                a.replayed != b.replayed,
                "{key} sent to both nodes at once: recorded by one, replayed by the other"
            );
        } else {
            assert!(!s.answers[0].replayed, "{key} was new");
        }
        assert!(
            finals.insert(key, s.answers[0].body.clone()).is_none(),
            "each key sent once"
        );
    }

    // Every walk-in again, to the other node: each is the same dose, replayed.
    let retries: Vec<(String, String, Value, Value)> = sent
        .iter()
        .map(|s| {
            let other = 1 - s.node;
            (
                format!("{}/api/v1/vaccinator/walk-in", bases[other]),
                tokens[other].clone(),
                s.body.clone(),
                s.answers[0].body.clone(),
            )
        })
        .collect();
    let count = retries.len();
    let per_task = count.div_ceil(2 * CLIENTS_PER_NODE).max(1);
    let mut tasks = Vec::new();
    for chunk in retries.chunks(per_task) {
        let chunk = chunk.to_vec();
        tasks.push(tokio::spawn(async move {
            let client = client();
            for (url, token, body, first) in chunk {
                let a = post(&client, &url, &token, &body).await;
                let key = &body["idempotency_key"];
                assert_eq!(a.status, StatusCode::CREATED, "retry of {key}: {}", a.body);
                assert!(
                    a.replayed,
                    "the retry of {key} on the other node is a replay"
                );
                assert_eq!(a.body, first, "the replay of {key} is the dose as answered");
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    Recording {
        finals,
        doubles,
        retries: count,
        took,
    }
}

// ---------------------------------------------------------------------------------------------
// What the database holds.

fn count(db: &mut PgConnection, sql: &str) -> i64 {
    node::count(db, sql).unwrap()
}

#[derive(QueryableByName)]
struct KeyRef {
    #[diesel(sql_type = Text)]
    key: String,
    #[diesel(sql_type = Text)]
    reference: String,
}

/// Each acknowledged key's dose is in the database once, as answered, and no other dose has a
/// key with this prefix; the counters add up to the dose rows.
fn check_doses(db: &mut PgConnection, finals: &HashMap<String, Value>, prefix: &str) {
    let rows: Vec<KeyRef> = diesel::sql_query(format!(
        "SELECT idempotency_key AS key, ref AS reference FROM doses \
         WHERE idempotency_key LIKE '{prefix}%'"
    ))
    .load(db)
    .unwrap();
    assert_eq!(rows.len(), finals.len(), "one dose per acknowledged key");
    let stored: HashMap<String, String> = rows.into_iter().map(|r| (r.key, r.reference)).collect();
    assert_eq!(stored.len(), finals.len(), "no key twice");
    for (key, answer) in finals {
        assert_eq!(
            stored.get(key).map(String::as_str),
            answer["reference"].as_str(),
            "the dose answered for {key} is in the database"
        );
    }
    let doses = count(db, "SELECT COUNT(*) AS n FROM doses");
    let counted = count(
        db,
        "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n FROM dose_counters",
    );
    assert_eq!(counted, doses, "the counters equal the dose rows");
}

#[derive(QueryableByName)]
struct SessionRow {
    #[diesel(sql_type = Text)]
    reference: String,
    #[diesel(sql_type = Text)]
    day: String,
    #[diesel(sql_type = BigInt)]
    booked: i64,
    #[diesel(sql_type = BigInt)]
    capacity: i64,
}

/// The Comirnaty sessions of the demo's last day (tomorrow), in order.
fn storm_sessions(db: &mut PgConnection) -> Vec<SessionRow> {
    diesel::sql_query(
        "SELECT ref AS reference, CAST(date AS TEXT) AS day, booked, capacity_online AS capacity \
         FROM sessions WHERE vaccine = 'comirnaty' AND date = (SELECT MAX(date) FROM sessions) \
         ORDER BY id",
    )
    .load(db)
    .unwrap()
}

#[derive(QueryableByName, PartialEq, Eq, Hash, Debug, Clone)]
struct OpenAppointment {
    #[diesel(sql_type = Text)]
    appointment: String,
    #[diesel(sql_type = Text)]
    session: String,
    #[diesel(sql_type = Text)]
    person: String,
}

fn open_appointments(db: &mut PgConnection) -> HashSet<OpenAppointment> {
    let rows: Vec<OpenAppointment> = diesel::sql_query(
        "SELECT a.ref AS appointment, s.ref AS session, b.ref AS person FROM appointments a \
         JOIN sessions s ON s.id = a.session_id JOIN beneficiaries b ON b.id = a.beneficiary_id \
         WHERE a.status = 'booked'",
    )
    .load(db)
    .unwrap();
    let len = rows.len();
    let set: HashSet<_> = rows.into_iter().collect();
    assert_eq!(set.len(), len);
    set
}

/// The sessions hold exactly the appointments answered 201 and still open: each session's
/// places taken equal its open appointments and stay within its places, and every open
/// appointment is one of those answers.
fn check_bookings(db: &mut PgConnection, answered: &HashSet<OpenAppointment>) {
    let open = open_appointments(db);
    assert_eq!(
        &open, answered,
        "the open appointments are exactly the bookings answered 201"
    );
    for s in storm_sessions(db) {
        let held = open.iter().filter(|a| a.session == s.reference).count();
        assert_eq!(
            s.booked,
            i64::try_from(held).unwrap(),
            "{}: the places taken equal the open appointments",
            s.reference
        );
        assert!(s.booked <= s.capacity, "{}: within its places", s.reference);
    }
}

// ---------------------------------------------------------------------------------------------
// The booking storm.

/// A citizen of the storm: the node they use, their login and their one person.
#[derive(Clone)]
struct Citizen {
    mobile: String,
    node: usize,
    token: String,
    person: String,
}

/// Logs in with the code that came by SMS and registers one person; `i` makes them unique.
async fn citizen(base: String, sms: SmsGateway, i: usize, node: usize) -> Citizen {
    let client = client();
    let mobile = format!("+99998{i:07}");
    let r = client
        .post(format!("{base}/api/v1/auth/otp"))
        .json(&json!({ "mobile": mobile }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "login code for {mobile}");
    let sent: Value = r.json().await.unwrap();
    let code = sms
        .code_for(&mobile)
        .await
        .unwrap_or_else(|| panic!("the login code for {mobile} came by SMS"));
    let r = client
        .post(format!("{base}/api/v1/auth/otp/confirm"))
        .json(&json!({ "txn_id": sent["txn_id"], "otp": code }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "login of {mobile}");
    let token = r.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = client
        .post(format!("{base}/api/v1/beneficiaries"))
        .bearer_auth(&token)
        .json(&json!({
            "name": format!("Storm Person {i}"), "birth_date": BIRTHS[i % 3],
            "gender": GENDERS[(i / 3) % 3], "id_scheme": "passport", "id_number": format!("P{i:07}")
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::CREATED, "registration of {mobile}");
    let person = r.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_owned();
    Citizen {
        mobile,
        node,
        token,
        person,
    }
}

/// Books `person` into `session` on `base`: the appointment if answered 201, or the refusal's
/// status and code.
async fn book(
    client: &reqwest::Client,
    base: &str,
    citizen: &Citizen,
    session: &str,
) -> Result<OpenAppointment, (StatusCode, String)> {
    let r = client
        .post(format!("{base}/api/v1/appointments"))
        .bearer_auth(&citizen.token)
        .json(&json!({
            "session_id": session, "slot": "09:00-11:00", "beneficiaries": [citizen.person]
        }))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let body: Value = r.json().await.unwrap();
    if status != StatusCode::CREATED {
        return Err((status, body["error"]["code"].as_str().unwrap_or("").into()));
    }
    let slip = &body["appointments"][0];
    assert_eq!(slip["session_id"], session);
    assert_eq!(slip["beneficiary"]["reference"], citizen.person.as_str());
    Ok(OpenAppointment {
        appointment: slip["appointment_id"].as_str().unwrap().to_owned(),
        session: session.to_owned(),
        person: citizen.person.clone(),
    })
}

/// Places left in `session` as the public search on `base` answers.
async fn available(client: &reqwest::Client, base: &str, day: &str, session: &str) -> i64 {
    let r = client
        .get(format!("{base}/api/v1/sessions?date={day}&region={REGION}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    let body: Value = r.json().await.unwrap();
    body["centres"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["sessions"].as_array().unwrap().iter())
        .find(|s| s["session_id"] == session)
        .unwrap_or_else(|| panic!("{session} in the search of {day}"))["available"]
        .as_i64()
        .unwrap()
}

/// The tests of this file one at a time: each runs two servers, PostgreSQL and its clients on
/// the same cores, and its figures are its own.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Two nodes on one fresh database, the SMS gateway they send to, and a connection for checks.
/// Dropped in this order: the nodes, then the database.
struct Pair {
    nodes: [Node; 2],
    bases: [String; 2],
    sms: SmsGateway,
    db: PgConnection,
    _database: TestDatabase,
    _dir: tempfile::TempDir,
}

impl Pair {
    fn start() -> Pair {
        let dir = tempfile::tempdir().unwrap();
        let sms = SmsGateway::start();
        let profile = profile_copy(dir.path(), sms.port);
        let database = TestDatabase::create(Backend::Postgres);
        let url = database.url_text();
        prepare(&url, dir.path(), &profile);
        let nodes = [serve(&url, &profile), serve(&url, &profile)];
        let bases = [nodes[0].base.clone(), nodes[1].base.clone()];
        Pair {
            nodes,
            bases,
            sms,
            db: PgConnection::establish(&url).unwrap(),
            _database: database,
            _dir: dir,
        }
    }

    /// A login of the vaccinator on each node.
    async fn staff_tokens(&self) -> [String; 2] {
        let http = client();
        [
            staff_token(&http, &self.bases[0]).await,
            staff_token(&http, &self.bases[1]).await,
        ]
    }

    /// `CITIZENS` citizens logged in and each with a person registered, half on each node.
    async fn citizens(&self) -> Vec<Citizen> {
        let mut logins = Vec::new();
        for i in 0..CITIZENS {
            let node = i % 2;
            logins.push(tokio::spawn(citizen(
                self.bases[node].clone(),
                self.sms.clone(),
                i,
                node,
            )));
        }
        let mut citizens = Vec::new();
        for l in logins {
            citizens.push(l.await.unwrap());
        }
        citizens
    }

    fn assert_running(&mut self) {
        for node in &mut self.nodes {
            assert!(node.server.is_running(), "{}", node.server.log().join("\n"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_nodes_on_one_postgres_sell_no_place_twice_and_lose_no_dose() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let started = Instant::now();
    let mut pair = Pair::start();
    let bases = pair.bases.clone();
    let http = client();

    // A staff logout on node A, refused by node B within the token cache's life.
    let logout = logout_on_a_is_honoured_on_b(&bases).await;

    // Recording on both nodes at once.
    let tokens = pair.staff_tokens().await;
    let recording = recording_load(&bases, &tokens).await;
    check_doses(&mut pair.db, &recording.finals, "scale-walk-in-");
    assert_eq!(
        count(&mut pair.db, "SELECT COUNT(*) AS n FROM beneficiaries"),
        i64::try_from(recording.finals.len()).unwrap(),
        "each walk-in registered once"
    );

    // The booking storm: log in and register, half on each node; then all book at once.
    let citizens = pair.citizens().await;
    let sessions = storm_sessions(&mut pair.db);
    assert_eq!(
        sessions.len(),
        FACILITIES,
        "one Comirnaty session a facility"
    );
    let places: i64 = sessions.iter().map(|s| s.capacity).sum();
    assert_eq!(places, i64::try_from(FACILITIES * PLACES).unwrap());
    assert!(places < i64::try_from(CITIZENS).unwrap());
    let day = sessions[0].day.clone();
    let session_refs: Vec<String> = sessions.iter().map(|s| s.reference.clone()).collect();

    let barrier = Arc::new(tokio::sync::Barrier::new(CITIZENS));
    let storm_started = Instant::now();
    let mut storm = Vec::new();
    for (i, c) in citizens.iter().enumerate() {
        let (c, barrier) = (c.clone(), Arc::clone(&barrier));
        let base = bases[c.node].clone();
        let session = session_refs[i % session_refs.len()].clone();
        storm.push(tokio::spawn(async move {
            let client = client();
            let _ = barrier.wait().await;
            (i, book(&client, &base, &c, &session).await)
        }));
    }
    let mut booked = HashSet::new();
    let mut refused = Vec::new();
    let mut confirmed = Vec::new();
    for t in storm {
        let (i, outcome) = t.await.unwrap();
        match outcome {
            Ok(appointment) => {
                assert!(booked.insert(appointment));
                confirmed.push(citizens[i].mobile.clone());
            }
            Err((status, code)) => {
                assert_eq!(
                    (status, code.as_str()),
                    (StatusCode::CONFLICT, "session_full"),
                    "the only refusal is a full session"
                );
                refused.push(i);
            }
        }
    }
    let storm_took = storm_started.elapsed();
    assert_eq!(
        i64::try_from(booked.len()).unwrap(),
        places,
        "every place sold (twice as many asked), none twice"
    );
    for s in &session_refs {
        assert_eq!(
            booked.iter().filter(|a| &a.session == s).count(),
            PLACES,
            "{s}: as many bookings as places"
        );
    }
    check_bookings(&mut pair.db, &booked);
    let storm_bookings = booked.len();

    // A place given back on node A shows in node B's cached search within the cache's time,
    // and node B sells it again.
    let full = &session_refs[0];
    for base in &bases {
        assert_eq!(available(&http, base, &day, full).await, 0, "{base}: full");
    }
    let (giving, taken) = booked
        .iter()
        .find(|a| &a.session == full)
        .map(|a| {
            let owner = citizens.iter().find(|c| c.person == a.person).unwrap();
            (owner.clone(), a.clone())
        })
        .unwrap();
    let r = http
        .post(format!(
            "{}/api/v1/appointments/{}/cancel",
            bases[0], taken.appointment
        ))
        .bearer_auth(&giving.token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK, "cancelled on node A");
    let given_back = Instant::now();
    assert!(booked.remove(&taken));
    assert_eq!(
        available(&http, &bases[0], &day, full).await,
        1,
        "node A's search shows the place at once"
    );
    let bound = Duration::from_secs(SEARCH_CACHE_SECONDS + 1);
    let stale = loop {
        let seen = available(&http, &bases[1], &day, full).await;
        let after = given_back.elapsed();
        if seen == 1 {
            break after;
        }
        assert_eq!(seen, 0);
        assert!(
            after <= bound,
            "node B's search still shows the place taken {after:?} after node A gave it back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let waiting = &citizens[refused[0]];
    let again = book(&http, &bases[1], waiting, full)
        .await
        .unwrap_or_else(|e| panic!("node B sells the place given back on node A: {e:?}"));
    assert!(booked.insert(again));
    confirmed.push(waiting.mobile.clone());
    check_bookings(&mut pair.db, &booked);

    // Both nodes deliver the outbox: every message sent once, by one of them.
    let deadline = Instant::now() + Duration::from_secs(60);
    while count(
        &mut pair.db,
        "SELECT COUNT(*) AS n FROM outbox WHERE next_attempt_at IS NOT NULL",
    ) > 0
    {
        assert!(Instant::now() < deadline, "the outbox drains");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert_eq!(
        count(
            &mut pair.db,
            "SELECT COUNT(*) AS n FROM outbox WHERE failed_at IS NOT NULL"
        ),
        0
    );
    let sent_rows = count(
        &mut pair.db,
        "SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NOT NULL",
    );
    let delivered = pair.sms.delivered();
    assert_eq!(
        i64::try_from(delivered.len()).unwrap(),
        sent_rows,
        "each message reached the gateway once"
    );
    let distinct: HashSet<_> = delivered.iter().collect();
    assert_eq!(distinct.len(), delivered.len(), "no message sent twice");
    let kind = |prefix: &str| {
        delivered
            .iter()
            .filter(|(_, t)| t.starts_with(prefix))
            .count()
    };
    assert_eq!(kind("Your vaxkit login code"), CITIZENS);
    let mut confirmations: Vec<&str> = delivered
        .iter()
        .filter(|(_, t)| t.starts_with("Appointment confirmed"))
        .map(|(to, _)| to.as_str())
        .collect();
    confirmations.sort_unstable();
    confirmed.sort_unstable();
    assert_eq!(
        confirmations, confirmed,
        "a confirmation to the citizen of each booking, none for a refusal"
    );

    let walk_ins = recording.finals.len();
    eprintln!(
        "scale-out, 2 nodes on one PostgreSQL: {walk_ins} walk-ins in {:.1} s ({:.0} doses/s \
         across both nodes, {} sent to both at once, {} retried on the other node, all replayed); \
         booking storm: {CITIZENS} citizens, {storm_bookings} booked of {places} places in {} \
         sessions in {:.2} s, {} refused as full; a staff logout on A refused by B after {:.2} s \
         (token cache {TOKEN_CACHE_SECONDS} s); a place given back on A seen by B's search after \
         {:.2} s (cache {SEARCH_CACHE_SECONDS} s); {} SMS, each sent once; whole test {:.0} s",
        recording.took.as_secs_f64(),
        walk_ins as f64 / recording.took.as_secs_f64(),
        recording.doubles,
        recording.retries,
        session_refs.len(),
        storm_took.as_secs_f64(),
        refused.len(),
        logout.as_secs_f64(),
        stale.as_secs_f64(),
        delivered.len(),
        started.elapsed().as_secs_f64(),
    );

    pair.assert_running();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn doses_recorded_at_once_on_two_nodes_are_each_recorded() {
    let _alone = ONE_AT_A_TIME.lock().await;
    let started = Instant::now();
    let mut pair = Pair::start();
    let tokens = pair.staff_tokens().await;
    let citizens = pair.citizens().await;
    let http = client();

    // A dose for each citizen's person, all at the same moment, half on each node: group commit
    // on both nodes, their lanes side by side.
    let grouped = grouped_doses(&pair.bases, &tokens, &citizens).await;
    let refusals: Vec<_> = grouped
        .sent
        .iter()
        .filter(|(_, _, _, first)| first.status != StatusCode::CREATED)
        .map(|(_, _, body, first)| (body["idempotency_key"].clone(), first.status, &first.body))
        .collect();
    eprintln!(
        "scale-out, group commit on 2 nodes: {CITIZENS} doses for registered people sent at \
         once, half to each node, answered in {:.2} s; {} refused",
        grouped.took.as_secs_f64(),
        refusals.len(),
    );
    assert!(
        refusals.is_empty(),
        "{} of {CITIZENS} doses recorded at once on two nodes were refused (PostgreSQL's log \
         tells whether grouped transactions of the two nodes deadlocked): {refusals:?}",
        refusals.len()
    );
    // Each again to the other node: a replay of the dose as answered.
    let mut finals = HashMap::new();
    for (urls, tokens, body, first) in &grouped.sent {
        let key = body["idempotency_key"].as_str().unwrap();
        assert!(!first.replayed, "{key} was new");
        let again = post(&http, &urls[1], &tokens[1], body).await;
        assert_eq!(again.status, StatusCode::CREATED, "retry of {key}");
        assert!(
            again.replayed,
            "the retry of {key} on the other node is a replay"
        );
        assert_eq!(again.body, first.body);
        let _ = finals.insert(key.to_owned(), first.body.clone());
    }
    check_doses(&mut pair.db, &finals, "scale-dose-");
    pair.assert_running();
    eprintln!(
        "scale-out, group commit on 2 nodes: all {CITIZENS} recorded once and replayed on the \
         other node; whole test {:.0} s",
        started.elapsed().as_secs_f64(),
    );
}

/// Doses recorded at the same moment on both nodes, and what was sent where.
struct Grouped {
    /// For each person: the URLs and tokens of its node and the other, the body, the answer.
    sent: Vec<([String; 2], [String; 2], Value, Answer)>,
    /// From the first request to the last answer.
    took: Duration,
}

/// Records a dose for each citizen's person through `POST /api/v1/vaccinator/doses`, all sent at
/// the same moment, each on the citizen's node.
async fn grouped_doses(bases: &[String; 2], tokens: &[String; 2], citizens: &[Citizen]) -> Grouped {
    let barrier = Arc::new(tokio::sync::Barrier::new(citizens.len()));
    let started = Instant::now();
    let mut doses = Vec::new();
    for (i, c) in citizens.iter().enumerate() {
        let barrier = Arc::clone(&barrier);
        let urls = [0, 1].map(|n| format!("{}/api/v1/vaccinator/doses", bases[(c.node + n) % 2]));
        let tokens = [0, 1].map(|n| tokens[(c.node + n) % 2].clone());
        let body = json!({
            "idempotency_key": format!("scale-dose-{i:04}"), "beneficiary": c.person,
            "vaccine": "comirnaty", "batch": "S2"
        });
        doses.push(tokio::spawn(async move {
            let client = client();
            let _ = barrier.wait().await;
            let first = post(&client, &urls[0], &tokens[0], &body).await;
            (urls, tokens, body, first)
        }));
    }
    let mut sent = Vec::new();
    for t in doses {
        sent.push(t.await.unwrap());
    }
    Grouped {
        sent,
        took: started.elapsed(),
    }
}
