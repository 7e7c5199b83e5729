//! Faults, made for real around the built binary: `vaxkit serve` killed with SIGKILL in the
//! middle of a recording load (SQLite and PostgreSQL), a PostgreSQL server of its own stopped and
//! started under load, and a SQLite database on a file system that fills up. Each test checks
//! what a vaccinator's app relies on: every dose it was told about is there exactly once, a retry
//! of an answer it never received records or replays the dose, the counters equal the rows, and
//! every answer during the fault is a stable error code within its bound.
//!
//! The figures in docs/security.md come from the lines these tests print (`cargo test -p vaxkit
//! --test faults -- --nocapture`).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use common::node::{self, KEY, Node, WalkIns, client, example_profile, prepare, staff_token};
use reqwest::StatusCode;
use serde_json::Value;
use vaxkit_store::{DatabaseUrl, Secrets, Store};
use vaxkit_testkit::{TestDatabase, both_backends};

/// The walk-ins of these tests: every person alike.
const WALK_INS: WalkIns = WalkIns {
    key_prefix: "fault-key-",
    batch: "F1",
    births: &["1980-05-17"],
    genders: &["female"],
};

/// The example profile without a per-address limit that a load from one address would hit.
fn profile() -> &'static Path {
    static DIR: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        example_profile(dir.path(), &[]);
        dir
    })
    .path()
}

/// `vaxkit serve` on the database, listening on a free port.
fn serve(database: &str) -> Node {
    node::serve(database, profile())
}

/// What became of one request.
#[derive(Debug, Clone)]
enum Outcome {
    /// 201 with this body.
    Recorded(Value),
    /// An error answer: status and code.
    Refused(u16, String),
    /// No answer at all (the connection broke).
    Lost,
}

/// One request and what came of it, with when it started and how long it took.
#[derive(Debug, Clone)]
struct Sent {
    body: Value,
    outcome: Outcome,
    started: Instant,
    took: Duration,
}

async fn record(client: &reqwest::Client, base: &str, token: &str, body: &Value) -> Outcome {
    let sent = client
        .post(format!("{base}/api/v1/vaccinator/walk-in"))
        .bearer_auth(token)
        .json(body)
        .send()
        .await;
    let Ok(r) = sent else {
        return Outcome::Lost;
    };
    let status = r.status();
    let Ok(answer) = r.json::<Value>().await else {
        return Outcome::Lost;
    };
    if status == StatusCode::CREATED {
        Outcome::Recorded(answer)
    } else {
        let code = answer["error"]["code"].as_str().unwrap_or("").to_owned();
        Outcome::Refused(status.as_u16(), code)
    }
}

/// `clients` concurrent vaccinator apps recording walk-ins until `stop`; returns every request.
fn load(
    clients: usize,
    base: &str,
    token: &str,
    next: &Arc<AtomicU64>,
    stop: &Arc<AtomicBool>,
) -> Vec<tokio::task::JoinHandle<Vec<Sent>>> {
    (0..clients)
        .map(|_| {
            let (base, token) = (base.to_owned(), token.to_owned());
            let (next, stop) = (Arc::clone(next), Arc::clone(stop));
            tokio::spawn(async move {
                let client = client();
                let mut sent = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let body = WALK_INS.walk_in(next.fetch_add(1, Ordering::Relaxed));
                    let started = Instant::now();
                    let outcome = record(&client, &base, &token, &body).await;
                    sent.push(Sent {
                        body,
                        outcome,
                        started,
                        took: started.elapsed(),
                    });
                }
                sent
            })
        })
        .collect()
}

async fn gather(tasks: Vec<tokio::task::JoinHandle<Vec<Sent>>>) -> Vec<Sent> {
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    all
}

fn recorded_count(sent: &[Sent]) -> usize {
    sent.iter()
        .filter(|s| matches!(s.outcome, Outcome::Recorded(_)))
        .count()
}

/// Sends every request again with its key: each must answer 201; one that was answered before
/// must be replayed exactly (same dose, same reference). Returns the final answer per key.
async fn retry_all(base: &str, token: &str, sent: &[Sent]) -> HashMap<String, Value> {
    let client = client();
    let mut finals = HashMap::new();
    for s in sent {
        let key = s.body["idempotency_key"].as_str().unwrap().to_owned();
        let r = client
            .post(format!("{base}/api/v1/vaccinator/walk-in"))
            .bearer_auth(token)
            .json(&s.body)
            .send()
            .await
            .unwrap();
        let status = r.status();
        let replayed = r
            .headers()
            .get("idempotent-replayed")
            .is_some_and(|v| v == "true");
        let answer: Value = r.json().await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "retry of {key}: {answer}");
        if let Outcome::Recorded(first) = &s.outcome {
            assert!(replayed, "an acknowledged dose is replayed: {key}");
            assert_eq!(&answer, first, "the replay is the dose as first answered");
        }
        let _ = finals.insert(key, answer);
    }
    finals
}

fn count(store: &Store, sql: &'static str) -> i64 {
    store
        .read(|c| {
            Ok(match c {
                vaxkit_store::DbConnection::Pg(c) => node::count(c, sql)?,
                vaxkit_store::DbConnection::Sqlite(c) => node::count(c, sql)?,
            })
        })
        .unwrap()
}

/// Every key's dose is in the database exactly once, as last answered; no other dose is there;
/// the counters add up to the rows.
fn check_database(url: &DatabaseUrl, finals: &HashMap<String, Value>) {
    use vaxkit_store::repo::doses;
    let store = Store::open(url, Secrets::from_master(&KEY), 1).unwrap();
    for (key, answer) in finals {
        let key = key.clone();
        let row = store
            .read(move |c| doses::by_idempotency_key(c, &key))
            .unwrap()
            .unwrap_or_else(|| panic!("the dose answered for {answer} is in the database"));
        assert_eq!(row.reference, answer["reference"].as_str().unwrap());
    }
    let rows = count(
        &store,
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM doses WHERE idempotency_key LIKE 'fault-key-%'",
    );
    assert_eq!(rows, finals.len() as i64, "one dose per key, no more");
    let distinct = count(
        &store,
        "SELECT CAST(COUNT(DISTINCT idempotency_key) AS BIGINT) AS n FROM doses",
    );
    assert_eq!(distinct, rows);
    let people = count(
        &store,
        "SELECT CAST(COUNT(*) AS BIGINT) AS n FROM beneficiaries",
    );
    assert_eq!(people, rows, "each walk-in registered once");
    let counted = count(
        &store,
        "SELECT CAST(COALESCE(SUM(count), 0) AS BIGINT) AS n FROM dose_counters",
    );
    assert_eq!(counted, rows, "the counters equal the rows");
}

both_backends!(
    kill_9_during_a_recording_load_loses_and_doubles_nothing,
    async |backend| async move {
        let dir = tempfile::tempdir().unwrap();
        let database = TestDatabase::create(backend);
        let url = database.url_text();
        prepare(&url, dir.path());
        let Node { server, base } = serve(&url);
        let token = staff_token(&client(), &base).await;

        let next = Arc::new(AtomicU64::new(1));
        let stop = Arc::new(AtomicBool::new(false));
        let tasks = load(16, &base, &token, &next, &stop);
        // Killed in full flow: after some hundred doses, with requests in every stage.
        let started = Instant::now();
        while next.load(Ordering::Relaxed) < 200 && started.elapsed() < Duration::from_secs(60) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        let log = server.kill9();
        stop.store(true, Ordering::Relaxed);
        let sent = gather(tasks).await;
        let lost = sent
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Lost))
            .count();
        let refused: Vec<_> = sent
            .iter()
            .filter_map(|s| match &s.outcome {
                Outcome::Refused(status, code) => Some((*status, code.clone())),
                _ => None,
            })
            .collect();
        assert!(refused.is_empty(), "{refused:?}\n{}", log.join("\n"));
        assert!(lost > 0, "the kill cut requests in flight");

        let Node { mut server, base } = serve(&url);
        let restarted = Instant::now();
        // The token survived: it is in the database, not in the process.
        let finals = retry_all(&base, &token, &sent).await;
        eprintln!(
            "kill -9 on {backend:?}: {} requests, {} acknowledged, {lost} without an answer; \
             all retried in {:?}",
            sent.len(),
            recorded_count(&sent),
            restarted.elapsed()
        );
        assert!(server.is_running());
        drop(server);
        check_database(&database.url, &finals);
    }
);

/// A PostgreSQL server of this test's own, on a free port, in a temporary folder: stopping it
/// harms no one (the shared server on 5432 is never touched). Run as the `postgres` user when
/// the test runs as root, since PostgreSQL refuses to run as root.
struct PrivatePostgres {
    bin: PathBuf,
    data: PathBuf,
    port: u16,
    as_root: bool,
    _dir: tempfile::TempDir,
}

impl PrivatePostgres {
    fn start() -> Self {
        let bin = std::fs::read_dir("/usr/lib/postgresql")
            .expect("PostgreSQL's programs under /usr/lib/postgresql (apt-get install postgresql)")
            .filter_map(|e| e.ok().map(|e| e.path().join("bin")))
            .filter(|b| b.join("pg_ctl").exists())
            .max()
            .expect("pg_ctl under /usr/lib/postgresql/*/bin");
        let uid = std::process::Command::new("id").arg("-u").output().unwrap();
        let as_root = String::from_utf8_lossy(&uid.stdout).trim() == "0";
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        if as_root {
            let owned = std::process::Command::new("chown")
                .args(["postgres:postgres", dir.path().to_str().unwrap()])
                .status()
                .unwrap();
            assert!(owned.success());
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let cluster = PrivatePostgres {
            bin,
            data,
            port,
            as_root,
            _dir: dir,
        };
        cluster.run(
            "initdb",
            &[
                "-D",
                cluster.data.to_str().unwrap(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "--no-sync",
            ],
        );
        cluster.pg_ctl_start();
        cluster.run(
            "createdb",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &port.to_string(),
                "-U",
                "postgres",
                "vaxkit",
            ],
        );
        cluster
    }

    fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/vaxkit", self.port)
    }

    fn run(&self, program: &str, args: &[&str]) {
        let path = self.bin.join(program);
        let mut command = if self.as_root {
            let mut c = std::process::Command::new("runuser");
            let _ = c.args(["-u", "postgres", "--"]).arg(&path);
            c
        } else {
            std::process::Command::new(&path)
        };
        let out = command
            .args(args)
            .current_dir(self.data.parent().unwrap())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{program} {args:?}: {}{}",
            common::stdout(&out),
            common::stderr(&out)
        );
    }

    fn pg_ctl_start(&self) {
        let options = format!(
            "-p {} -c listen_addresses=127.0.0.1 -k {} -c fsync=off",
            self.port,
            self.data.parent().unwrap().display()
        );
        let log = self.data.parent().unwrap().join("postgres.log");
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-o",
                &options,
                "-l",
                log.to_str().unwrap(),
                "-w",
                "start",
            ],
        );
    }

    /// Stops it as a crash would: every backend killed, no checkpoint.
    fn stop_immediately(&self) {
        self.run(
            "pg_ctl",
            &[
                "-D",
                self.data.to_str().unwrap(),
                "-m",
                "immediate",
                "-w",
                "stop",
            ],
        );
    }
}

impl Drop for PrivatePostgres {
    fn drop(&mut self) {
        let path = self.bin.join("pg_ctl");
        let data = self.data.to_string_lossy().into_owned();
        let args = ["-D", data.as_str(), "-m", "immediate", "-w", "stop"];
        let _ = if self.as_root {
            std::process::Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&path)
                .args(args)
                .output()
        } else {
            std::process::Command::new(&path).args(args).output()
        };
    }
}

/// How long any API request may take while the database is down before it is answered 503.
const OUTAGE_BOUND: Duration = Duration::from_secs(5);

/// A probe answer: status and how long it took.
type Probe = (Instant, u16, Duration);

/// Probes `path` every 200 ms until `stop`.
fn probe(base: &str, path: &str, stop: &Arc<AtomicBool>) -> tokio::task::JoinHandle<Vec<Probe>> {
    let url = format!("{base}{path}");
    let stop = Arc::clone(stop);
    tokio::spawn(async move {
        let client = client();
        let mut answers = Vec::new();
        while !stop.load(Ordering::Relaxed) {
            let started = Instant::now();
            let status = client
                .get(&url)
                .send()
                .await
                .map_or(0, |r| r.status().as_u16());
            answers.push((started, status, started.elapsed()));
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        answers
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_stopped_and_started_under_load_answers_503_in_time_and_recovers() {
    let dir = tempfile::tempdir().unwrap();
    let postgres = PrivatePostgres::start();
    let url = postgres.url();
    prepare(&url, dir.path());
    let Node { mut server, base } = serve(&url);
    let token = staff_token(&client(), &base).await;

    let next = Arc::new(AtomicU64::new(1));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = load(8, &base, &token, &next, &stop);
    let probes = [
        probe(&base, "/healthz", &stop),
        probe(&base, "/readyz", &stop),
    ];
    tokio::time::sleep(Duration::from_secs(2)).await;
    postgres.stop_immediately();
    let down = Instant::now();
    tokio::time::sleep(Duration::from_secs(8)).await;
    postgres.pg_ctl_start();
    let up = Instant::now();
    // Load goes on after the start; recovery is measured from its answers below.
    tokio::time::sleep(Duration::from_secs(12)).await;
    stop.store(true, Ordering::Relaxed);
    let sent = gather(tasks).await;
    let [healthz, readyz] = probes;
    let (healthz, readyz) = (healthz.await.unwrap(), readyz.await.unwrap());

    // During the outage (from the stop to the start): every answer a 201 (for a request that
    // was done just before) or a 503 `service_unavailable`, within the bound; never a lost
    // connection, never a 500.
    let mut outage = Vec::new();
    for s in &sent {
        match &s.outcome {
            Outcome::Recorded(_) => {}
            Outcome::Refused(503, code) if code == "service_unavailable" => {}
            other => panic!("{other:?} after {:?}\n{}", s.took, server.log().join("\n")),
        }
        if s.started + s.took > down && s.started < up {
            outage.push(s.clone());
            assert!(
                s.took <= OUTAGE_BOUND + Duration::from_millis(500),
                "answered after {:?} during the outage: {:?}",
                s.took,
                s.outcome
            );
        }
    }
    let unavailable = outage
        .iter()
        .filter(|s| matches!(s.outcome, Outcome::Refused(..)))
        .collect::<Vec<_>>();
    assert!(
        unavailable.len() >= 8,
        "the outage was seen: {} answers",
        unavailable.len()
    );
    let slowest = unavailable.iter().map(|s| s.took).max().unwrap();
    // Recovery without a restart: the first dose recorded by a request sent after the start.
    let first_after = sent
        .iter()
        .filter(|s| s.started >= up && matches!(s.outcome, Outcome::Recorded(_)))
        .map(|s| s.started + s.took)
        .min()
        .expect("doses are recorded again after PostgreSQL is back, without restarting vaxkit");
    let recovery = first_after - up;
    assert!(
        recovery < Duration::from_secs(10),
        "recovered in {recovery:?}"
    );

    for (_, status, took) in &healthz {
        assert_eq!(*status, 200, "healthz during the outage");
        assert!(*took < Duration::from_millis(500), "healthz took {took:?}");
    }
    let mut not_ready = 0;
    for (started, status, took) in &readyz {
        assert!(*took <= Duration::from_millis(3500), "readyz took {took:?}");
        assert!(*status == 200 || *status == 503, "readyz {status}");
        // Well inside the outage, never ready.
        if *started > down + Duration::from_millis(500) && *started + *took < up {
            assert_eq!(*status, 503, "ready while the database is stopped");
            not_ready += 1;
        }
    }
    assert!(not_ready > 0);
    let readyz_slowest = readyz.iter().map(|p| p.2).max().unwrap();
    let back_ready = readyz
        .iter()
        .filter(|p| p.0 >= up && p.1 == 200)
        .map(|p| p.0 + p.2 - up)
        .min()
        .expect("ready again");

    eprintln!(
        "PostgreSQL outage of {:?} under 8 clients: {} answers during it, {} of them 503 \
         (slowest {slowest:?}); readyz slowest {readyz_slowest:?}, healthz slowest {:?}; \
         first dose recorded {recovery:?} after PostgreSQL was up, ready again after {back_ready:?}",
        up - down,
        outage.len(),
        unavailable.len(),
        healthz.iter().map(|p| p.2).max().unwrap(),
    );

    // Nothing acknowledged was lost, nothing is counted twice: every request retried.
    let finals = retry_all(&base, &token, &sent).await;
    assert!(server.is_running());
    drop(server);
    check_database(&DatabaseUrl::parse(&url).unwrap(), &finals);
}

/// A small tmpfs mounted for one test (the test runs as root, as `.ci/run` does), unmounted when
/// dropped.
struct SmallDisk {
    path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("disk");
        std::fs::create_dir(&path).unwrap();
        let out = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&path)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "this test fills a small tmpfs and needs root to mount it: {}",
            common::stderr(&out)
        );
        SmallDisk { path, _dir: dir }
    }

    /// Writes a file until the file system refuses another byte; returns its path.
    fn fill(&self) -> PathBuf {
        use std::io::Write;
        let filler = self.path.join("filler");
        let mut file = std::fs::File::create(&filler).unwrap();
        for chunk in [1 << 16, 512] {
            let block = vec![0u8; chunk];
            while file.write_all(&block).is_ok() {}
        }
        let _ = file.flush();
        filler
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.path)
            .status();
    }
}

#[derive(diesel::QueryableByName)]
struct Integrity {
    #[diesel(sql_type = diesel::sql_types::Text)]
    integrity_check: String,
}

#[tokio::test]
async fn a_full_disk_is_a_clear_error_and_the_sqlite_database_stays_whole() {
    let disk = SmallDisk::mount("24m");
    let db = disk.path.join("pilot.db");
    let url = format!("sqlite:{}", db.display());
    prepare(&url, &disk.path);
    let Node { mut server, base } = serve(&url);
    let token = staff_token(&client(), &base).await;
    let client = client();
    let mut sent = Vec::new();
    let mut n = 1;
    let send = async |n: &mut u64| {
        let body = WALK_INS.walk_in(*n);
        *n += 1;
        let started = Instant::now();
        let outcome = record(&client, &base, &token, &body).await;
        Sent {
            body,
            outcome,
            started,
            took: started.elapsed(),
        }
    };
    for _ in 0..20 {
        let s = send(&mut n).await;
        assert!(matches!(s.outcome, Outcome::Recorded(_)), "{:?}", s.outcome);
        sent.push(s);
    }

    let filler = disk.fill();
    // Until the disk refuses writes ten times in a row (SQLite first uses the room its files
    // already have).
    let mut refused_in_a_row = 0;
    let mut full_answers = 0;
    while refused_in_a_row < 10 {
        assert!(sent.len() < 2000, "the full disk never refused a write");
        let s = send(&mut n).await;
        match &s.outcome {
            Outcome::Recorded(_) => refused_in_a_row = 0,
            Outcome::Refused(507, code) if code == "storage_full" => {
                refused_in_a_row += 1;
                full_answers += 1;
            }
            other => panic!("{other:?}\n{}", server.log().join("\n")),
        }
        sent.push(s);
    }
    let health = client.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert!(server.is_running(), "no panic, no exit");
    let logged = server.wait_for("storage full");
    assert!(logged.contains("ERROR"), "{logged}");

    // Room again: recording resumes without a restart.
    std::fs::remove_file(&filler).unwrap();
    let freed = Instant::now();
    let mut tries = 0;
    loop {
        tries += 1;
        let s = send(&mut n).await;
        let done = matches!(s.outcome, Outcome::Recorded(_));
        sent.push(s);
        if done {
            break;
        }
        assert!(tries < 20, "still refused after the disk has room");
    }
    eprintln!(
        "disk full on SQLite: {full_answers} answers 507 storage_full, {} doses acknowledged; \
         recording again {:?} and {tries} request(s) after room was made",
        recorded_count(&sent),
        freed.elapsed()
    );
    let finals = retry_all(&base, &token, &sent).await;
    let (code, log) = server.signal("TERM");
    assert_eq!(code, Some(0), "{}", log.join("\n"));

    let url = DatabaseUrl::parse(&url).unwrap();
    let store = Store::open(&url, Secrets::from_master(&KEY), 1).unwrap();
    let check: Vec<Integrity> = store
        .read(|c| {
            use diesel::RunQueryDsl;
            let vaxkit_store::DbConnection::Sqlite(c) = c else {
                unreachable!()
            };
            Ok(diesel::sql_query("PRAGMA integrity_check").load(c)?)
        })
        .unwrap();
    assert_eq!(check.len(), 1);
    assert_eq!(check[0].integrity_check, "ok");
    drop(store);
    check_database(&url, &finals);
}
