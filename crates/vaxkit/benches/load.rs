//! The load generator: the real, optimised `vaxkit serve` on a port, a seeded database, and
//! scenarios measured beside their baselines from the same run.
//!
//! It seeds SQLite in a temporary folder or a fresh PostgreSQL database (created and dropped)
//! with `vaxkit demo seed`, starts `vaxkit serve` as a child process and drives it over HTTP:
//!
//! - `healthz`: `GET /healthz`, no database: the HTTP stack's own ceiling (the baseline of the
//!   HTTP scenarios);
//! - `sql`: exactly the writes of one dose (the key's advisory lock on PostgreSQL, the dose row,
//!   its counter, the audit entry, the outbox message), one transaction each, at the same
//!   concurrency: pgbench on PostgreSQL, the same SQL on one SQLite writer (the baseline of
//!   `record`);
//! - `record`: vaccinators recording doses, `POST /api/v1/vaccinator/doses`, each with its own
//!   idempotency key, for seeded people without a dose;
//! - `search`: the public session search, `GET /api/v1/sessions?date=&region=`;
//! - `booking`: citizens log in with a code sent by SMS (to a gateway in this process), register
//!   a person each, then all book at once into a few sessions with fewer places than people;
//!   at the end no session may hold more bookings than places, and the bookings must equal
//!   the places taken;
//! - `certificate`: seeded citizens download their certificate PDF: first rendering, then
//!   repeats;
//! - `reports`: four readers at a time of the public dashboard, the doses report over 30 days
//!   and the coverage report, all from the counters (their goal is a latency).
//!
//! Each closed-loop scenario (N clients, each sending as soon as its answer came) gives the
//! maximum rate; then the same requests are offered open-loop at a fixed rate (a share of that
//! maximum) and latencies are counted from when each request was due, so a slow answer delays
//! nobody's clock. Figures: requests/s, p50/p95/p99, errors (by status and error code) and the
//! server's peak resident memory (`VmHWM`, reset before each scenario). Settings (environment):
//!
//! | variable | default | |
//! |---|---|---|
//! | `VAXKIT_LOAD_BACKEND` | `sqlite` | or `postgres` (on `VAXKIT_TEST_POSTGRES_URL`'s server) |
//! | `VAXKIT_LOAD_SCENARIOS` | all | comma-separated names above |
//! | `VAXKIT_LOAD_PEOPLE` | 300000 | people seeded |
//! | `VAXKIT_LOAD_SEED_ARGS` | none | more options for `vaxkit demo seed` (`--days 400 --vaccinated 0.95`) |
//! | `VAXKIT_LOAD_CONCURRENCY` | 32 | clients of the closed loops (and pgbench's) |
//! | `VAXKIT_LOAD_SECONDS` | 10 | length of each closed and open loop |
//! | `VAXKIT_LOAD_OPEN_SHARE` | 0.7 | open-loop rate as a share of the closed-loop maximum |
//! | `VAXKIT_LOAD_CITIZENS` | 1000 | citizens of the booking storm (places: half as many) |
//! | `VAXKIT_LOAD_CERT_ACCOUNTS` | 200 | seeded accounts whose certificates are downloaded |
//! | `VAXKIT_LOAD_SERVER_WRAPPER` | none | a program the server runs under (`heaptrack` for a heap profile) |
//!
//! Run: `cargo bench -p vaxkit --bench load`; docs/benchmarks.md has the method and figures.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    missing_docs
)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use diesel::connection::SimpleConnection;
use diesel::sql_types::{BigInt, Text};
use diesel::{QueryableByName, RunQueryDsl};
use serde_json::{Value, json};
use vaxkit_core::staff::hash_password;
use vaxkit_store::repo::staff;
use vaxkit_store::{DbConnection, StoreResult};
use vaxkit_store::{Secrets, Store};
use vaxkit_testkit::{Backend, SmsGateway, TestDatabase};

const MASTER_KEY: [u8; 32] = [0x5a; 32];
const PASSWORD: &str = "load generator password";
const VACCINATORS: usize = 16;

fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

struct Settings {
    postgres: bool,
    scenarios: Vec<String>,
    people: u64,
    concurrency: usize,
    seconds: f64,
    open_share: f64,
    citizens: usize,
    cert_accounts: usize,
}

fn main() {
    let all = "healthz,sql,record,search,booking,certificate,reports";
    let s = Settings {
        postgres: std::env::var("VAXKIT_LOAD_BACKEND").is_ok_and(|b| b == "postgres"),
        scenarios: env_or("VAXKIT_LOAD_SCENARIOS", all.to_string())
            .split(',')
            .map(|x| x.trim().to_string())
            .collect(),
        people: env_or("VAXKIT_LOAD_PEOPLE", 300_000),
        concurrency: env_or("VAXKIT_LOAD_CONCURRENCY", 32),
        seconds: env_or("VAXKIT_LOAD_SECONDS", 10.0),
        open_share: env_or("VAXKIT_LOAD_OPEN_SHARE", 0.7),
        citizens: env_or("VAXKIT_LOAD_CITIZENS", 1000),
        cert_accounts: env_or("VAXKIT_LOAD_CERT_ACCOUNTS", 200),
    };
    let db = TestDatabase::create(if s.postgres {
        Backend::Postgres
    } else {
        Backend::Sqlite
    });
    let dir = tempfile::tempdir().unwrap();
    let sms = SmsGateway::start();
    let profile = profile_copy(dir.path(), sms.port);
    let url = db.url_text();
    let key = hex(&MASTER_KEY);
    println!(
        "load: {} people on {}, {} clients, {} s a loop, open loop at {:.0}% of the maximum, {} cores, \
         server with {}",
        s.people,
        if s.postgres { "PostgreSQL" } else { "SQLite" },
        s.concurrency,
        s.seconds,
        s.open_share * 100.0,
        cores_here(),
        allocator_settings()
            .map(|(name, value)| format!("{name}={value}"))
            .join(" ")
    );

    // Seed with the command operators use, and time it.
    let t = Instant::now();
    let out = vaxkit(&key)
        .args(["demo", "seed", "--profile"])
        .arg(&profile)
        .args(["--database", &url, "--people", &s.people.to_string()])
        .args(
            std::env::var("VAXKIT_LOAD_SEED_ARGS")
                .unwrap_or_default()
                .split_whitespace(),
        )
        .stderr(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let seeded = t.elapsed().as_secs_f64();
    println!(
        "seed: {}   {:.0} people/s",
        String::from_utf8_lossy(&out.stdout).trim(),
        s.people as f64 / seeded
    );
    let keys = dir.path().join("keys");
    let out = vaxkit(&key)
        .args(["keys", "generate", "--dir"])
        .arg(&keys)
        .arg("--profile")
        .arg(&profile)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    let store = Store::open(&db.url, Secrets::from_master(&MASTER_KEY), 4).unwrap();
    add_vaccinators(&store);
    let server = Server::start(&key, &profile, &url, &keys, dir.path());
    // The server runs the day's scheduled notices when it starts (the profile's `jobs_hour` is
    // set to 0 above): they walk every vaccinated person, so they are timed here, alone, and
    // no scenario runs beside them.
    let t = Instant::now();
    let jobs = server.wait_for_log("scheduled notices queued", Duration::from_secs(3600));
    println!(
        "day's jobs at start: {:.1} s, {:.0} people/s  ({})",
        t.elapsed().as_secs_f64(),
        s.people as f64 / t.elapsed().as_secs_f64().max(1e-9),
        jobs.trim()
    );
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    let mut report = Report::default();
    runtime.block_on(async {
        let ctx = Ctx {
            base: format!("http://127.0.0.1:{}", server.port),
            client: reqwest::Client::builder()
                .no_proxy()
                .pool_max_idle_per_host(1024)
                .build()
                .unwrap(),
            pid: server.pid,
            s: &s,
        };
        for name in &s.scenarios {
            match name.as_str() {
                "healthz" => healthz(&ctx, &mut report).await,
                "sql" => sql_baseline(&ctx, &store, &db, dir.path(), &mut report),
                "record" => record(&ctx, &store, &mut report).await,
                "search" => search(&ctx, &store, &mut report).await,
                "booking" => booking(&ctx, &store, &sms, &mut report).await,
                "certificate" => certificates(&ctx, &store, &sms, &mut report).await,
                "reports" => reports(&ctx, &mut report).await,
                other => panic!("unknown scenario {other}; the scenarios are {all}"),
            }
        }
    });
    report.print();
    server.stop();
    drop(db);
}

/// The bench's own environment for the binary: the shared key, quiet logs.
fn vaxkit(key: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_vaxkit"));
    c.env("VAXKIT_SECRET_KEY", key)
        .env_remove("VAXKIT_SECRET_KEY_FILE")
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn,vaxkit::cmd::notify=info");
    c
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The example profile with limits meant for the public lifted (every request comes from one
/// address and few numbers) and its SMS sent to the gateway in this process.
fn profile_copy(dir: &Path, sms_port: u16) -> PathBuf {
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/example");
    let to = dir.join("profile");
    copy_dir(&from, &to);
    let file = to.join("profile.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let text = text
        .replace("per_ip_per_minute = 600", "per_ip_per_minute = 1000000")
        .replace("per_mobile_per_hour = 10", "per_mobile_per_hour = 10000")
        .replace(
            "sms = { gateway = \"log\" }",
            &format!("sms = {{ gateway = \"http\", url = \"http://127.0.0.1:{sms_port}/sms\" }}"),
        );
    assert!(text.contains("per_ip_per_minute = 1000000") && text.contains("127.0.0.1"));
    // The day's jobs run as soon as the server starts, whatever the hour.
    let text = text.replace("[notifications]\n", "[notifications]\njobs_hour = 0\n");
    assert!(text.contains("jobs_hour = 0"));
    std::fs::write(&file, text).unwrap();
    to
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

fn add_vaccinators(store: &Store) {
    let hash = hash_password(PASSWORD).unwrap();
    let now = chrono::Utc::now().naive_utc();
    store
        .write(|c| {
            for i in 0..VACCINATORS {
                staff::insert(
                    c,
                    &staff::NewStaff {
                        username: format!("loadvax{i}"),
                        name: format!("Vaccinator {i}"),
                        password_hash: hash.clone(),
                        role: "vaccinator".into(),
                        region_code: None,
                        facility_code: Some("SEED-1".into()),
                    },
                    now,
                )?;
            }
            staff::insert(
                c,
                &staff::NewStaff {
                    username: "loadadmin".into(),
                    name: "National administrator".into(),
                    password_hash: hash.clone(),
                    role: "national_admin".into(),
                    region_code: None,
                    facility_code: None,
                },
                now,
            )?;
            Ok::<_, vaxkit_store::StoreError>(())
        })
        .unwrap();
}

/// `vaxkit serve` as a child process on a free port.
struct Server {
    child: Child,
    /// The server process itself (a child of the wrapper, when there is one).
    pid: u32,
    port: u16,
    log: PathBuf,
}

/// The first process named `vaxkit` at or below `pid`: the server, under a wrapper or not.
fn server_pid(pid: u32) -> u32 {
    let mut todo = vec![pid];
    while let Some(p) = todo.pop() {
        let comm = std::fs::read_to_string(format!("/proc/{p}/comm")).unwrap_or_default();
        if comm.trim() == "vaxkit" {
            return p;
        }
        let children =
            std::fs::read_to_string(format!("/proc/{p}/task/{p}/children")).unwrap_or_default();
        todo.extend(
            children
                .split_whitespace()
                .filter_map(|c| c.parse::<u32>().ok()),
        );
    }
    pid
}

impl Server {
    fn start(key: &str, profile: &Path, url: &str, keys: &Path, dir: &Path) -> Server {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let log = std::fs::File::create(dir.join("server.log")).unwrap();
        let mut command = vaxkit(key);
        if let Ok(wrapper) = std::env::var("VAXKIT_LOAD_SERVER_WRAPPER") {
            let server = command.get_program().to_owned();
            command = Command::new(wrapper);
            command.arg(server);
            for (name, value) in vaxkit(key).get_envs() {
                match value {
                    Some(value) => command.env(name, value),
                    None => command.env_remove(name),
                };
            }
        }
        let child = command
            // As the operator guide's service unit runs it.
            .envs(allocator_settings())
            .args(["serve", "--profile"])
            .arg(profile)
            .args(["--database", url, "--bind", &format!("127.0.0.1:{port}")])
            .arg("--keys")
            .arg(keys)
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let mut child = child;
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if let Ok(mut s) = TcpStream::connect(("127.0.0.1", port)) {
                let _ = s.write_all(b"GET /healthz HTTP/1.0\r\n\r\n");
                let mut answer = String::new();
                let _ = s.read_to_string(&mut answer);
                if answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200") {
                    return Server {
                        pid: server_pid(child.id()),
                        child,
                        port,
                        log: dir.join("server.log"),
                    };
                }
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "the server did not start: {}",
            std::fs::read_to_string(dir.join("server.log")).unwrap_or_default()
        );
    }

    /// Waits for a line of the server's log that contains `text`, and answers it.
    fn wait_for_log(&self, text: &str, timeout: Duration) -> String {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            let log = std::fs::read_to_string(&self.log).unwrap_or_default();
            if let Some(line) = log.lines().find(|l| l.contains(text)) {
                return line.to_string();
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("the server never logged {text:?}");
    }

    fn stop(self) {
        drop(self);
    }
}

impl Drop for Server {
    /// Stops the server however the bench ends, a failed check included.
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.pid.to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// The C library allocator's settings of the operator guide's service unit: two arenas
/// (`MALLOC_ARENA_MAX=2`), and blocks of 128 KiB and more given back to the system when freed
/// (`MALLOC_MMAP_THRESHOLD_` and `MALLOC_TRIM_THRESHOLD_`). Each unless the bench's environment
/// names another value (an empty one: the C library's default).
fn allocator_settings() -> [(&'static str, String); 3] {
    let setting = |name: &'static str, guide: &str| {
        (name, std::env::var(name).unwrap_or_else(|_| guide.into()))
    };
    [
        setting("MALLOC_ARENA_MAX", "2"),
        setting("MALLOC_MMAP_THRESHOLD_", "131072"),
        setting("MALLOC_TRIM_THRESHOLD_", "131072"),
    ]
}

/// Peak resident memory of a process since the last reset, in MB.
fn peak_rss_mb(pid: u32) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Starts a new peak for [`peak_rss_mb`].
fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

struct Ctx<'a> {
    base: String,
    client: reqwest::Client,
    pid: u32,
    s: &'a Settings,
}

/// What one loop measured.
#[derive(Clone, Default)]
struct Figures {
    requests: usize,
    errors: usize,
    seconds: f64,
    p50: f64,
    p95: f64,
    p99: f64,
    rss_mb: f64,
    offered: Option<f64>,
    /// The errors by kind: the status answered, or why no answer came.
    kinds: BTreeMap<String, usize>,
}

impl Figures {
    fn rate(&self) -> f64 {
        (self.requests - self.errors) as f64 / self.seconds.max(1e-9)
    }

    fn measure(mut latencies: Vec<f64>, errors: usize, seconds: f64, pid: u32) -> Figures {
        latencies.sort_by(f64::total_cmp);
        let pct = |p: f64| {
            if latencies.is_empty() {
                return 0.0;
            }
            latencies[((latencies.len() - 1) as f64 * p).round() as usize] * 1000.0
        };
        Figures {
            requests: latencies.len(),
            errors,
            seconds,
            p50: pct(0.50),
            p95: pct(0.95),
            p99: pct(0.99),
            rss_mb: peak_rss_mb(pid),
            offered: None,
            kinds: BTreeMap::new(),
        }
    }
}

/// A scenario's name, its figures, and its baseline's name and rate.
type Row = (String, Figures, Option<(String, f64)>);

#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    notes: Vec<String>,
}

impl Report {
    fn add(&mut self, name: &str, f: &Figures, baseline: Option<(&str, f64)>) {
        let line = row(name, f, baseline.map(|(n, r)| (n.to_string(), r)));
        println!("{line}");
        self.rows.push((
            name.into(),
            f.clone(),
            baseline.map(|(n, r)| (n.to_string(), r)),
        ));
    }

    fn baseline(&self, name: &str) -> Option<f64> {
        // The latest closed loop of that name: a baseline measured just before its scenario.
        self.rows
            .iter()
            .rev()
            .find(|(n, f, _)| n == name && f.offered.is_none())
            .map(|(_, f, _)| f.rate())
    }

    fn print(&self) {
        println!(
            "\n| scenario | req/s | p50 ms | p95 ms | p99 ms | errors | peak RSS MB | baseline | ratio |"
        );
        println!("|---|---|---|---|---|---|---|---|---|");
        for (name, f, b) in &self.rows {
            println!("{}", row(name, f, b.clone()));
        }
        for n in &self.notes {
            println!("{n}");
        }
    }
}

fn row(name: &str, f: &Figures, baseline: Option<(String, f64)>) -> String {
    let name = match f.offered {
        Some(rate) => format!("{name} (open, {rate:.0}/s offered)"),
        None => name.to_string(),
    };
    let (bname, ratio) = match baseline {
        Some((n, r)) if r > 0.0 => (n, format!("{:.2}", f.rate() / r)),
        _ => ("-".into(), "-".into()),
    };
    let kinds: Vec<String> = f.kinds.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    let kinds = if kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", kinds.join(", "))
    };
    format!(
        "| {name} | {:.0} | {:.1} | {:.1} | {:.1} | {} of {}{kinds} | {:.0} | {bname} | {ratio} |",
        f.rate(),
        f.p50,
        f.p95,
        f.p99,
        f.errors,
        f.requests,
        f.rss_mb
    )
}

type MakeRequest = Arc<dyn Fn(&reqwest::Client, usize) -> reqwest::RequestBuilder + Send + Sync>;

/// One request's outcome: `None` when it got the wanted status, else what it got instead (the
/// status and the answer's error code, or why no answer came).
async fn send(client: &reqwest::Client, make: &MakeRequest, i: usize, want: u16) -> Option<String> {
    match make(client, i).send().await {
        Ok(r) => {
            let status = r.status().as_u16();
            let body = r.bytes().await.unwrap_or_default();
            if status == want {
                return None;
            }
            let code = serde_json::from_slice::<serde_json::Value>(&body)
                .ok()
                .and_then(|v| v["error"]["code"].as_str().map(str::to_string));
            Some(match code {
                Some(code) => format!("{status} {code}"),
                None => status.to_string(),
            })
        }
        Err(e) if e.is_timeout() => Some("timeout".into()),
        Err(e) if e.is_connect() => Some("connect".into()),
        Err(_) => Some("transport".into()),
    }
}

/// Adds one loop's errors by kind to another's.
fn merge_kinds(into: &mut BTreeMap<String, usize>, from: BTreeMap<String, usize>) {
    for (k, n) in from {
        *into.entry(k).or_default() += n;
    }
}

/// `concurrency` clients each sending the next request as soon as the last is answered, until
/// `limit` requests or `seconds` have gone.
async fn closed_loop(
    ctx: &Ctx<'_>,
    make: MakeRequest,
    want: u16,
    limit: usize,
    concurrency: usize,
) -> Figures {
    reset_peak(ctx.pid);
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(ctx.s.seconds);
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let (next, make, client) = (next.clone(), make.clone(), ctx.client.clone());
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut kinds) = (Vec::new(), BTreeMap::<String, usize>::new());
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= limit || Instant::now() >= deadline {
                    break;
                }
                let t = Instant::now();
                if let Some(kind) = send(&client, &make, i, want).await {
                    *kinds.entry(kind).or_default() += 1;
                }
                lat.push(t.elapsed().as_secs_f64());
            }
            (lat, kinds)
        }));
    }
    let (mut lat, mut kinds) = (Vec::new(), BTreeMap::new());
    for t in tasks {
        let (l, k) = t.await.unwrap();
        lat.extend(l);
        merge_kinds(&mut kinds, k);
    }
    let errors = kinds.values().sum();
    let mut f = Figures::measure(lat, errors, started.elapsed().as_secs_f64(), ctx.pid);
    f.kinds = kinds;
    f
}

/// Requests offered at a fixed rate whatever the answers do, as wrk2 offers them: a fixed set of
/// connections (four per closed-loop client) takes the requests in order, each waiting for its
/// due time, and each latency runs from when its request was due, so a slow answer cannot hide
/// the queue behind it. Holding the connections fixed keeps the client's own cost (new
/// connections, a task per request) out of the figures.
async fn open_loop(
    ctx: &Ctx<'_>,
    make: MakeRequest,
    want: u16,
    first: usize,
    limit: usize,
    rate: f64,
) -> Figures {
    reset_peak(ctx.pid);
    let count = ((rate * ctx.s.seconds) as usize).min(limit.saturating_sub(first));
    let next = Arc::new(AtomicUsize::new(0));
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..ctx.s.concurrency * 4 {
        let (next, make, client) = (next.clone(), make.clone(), ctx.client.clone());
        tasks.push(tokio::spawn(async move {
            let (mut lat, mut kinds) = (Vec::new(), BTreeMap::<String, usize>::new());
            loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= count {
                    break;
                }
                let due = started + Duration::from_secs_f64(k as f64 / rate);
                tokio::time::sleep_until(due).await;
                if let Some(kind) = send(&client, &make, first + k, want).await {
                    *kinds.entry(kind).or_default() += 1;
                }
                lat.push(due.elapsed().as_secs_f64());
            }
            (lat, kinds)
        }));
    }
    let (mut lat, mut kinds) = (Vec::new(), BTreeMap::new());
    for t in tasks {
        let (l, k) = t.await.unwrap();
        lat.extend(l);
        merge_kinds(&mut kinds, k);
    }
    let errors = kinds.values().sum();
    let mut f = Figures::measure(lat, errors, started.elapsed().as_secs_f64(), ctx.pid);
    f.offered = Some(rate);
    f.kinds = kinds;
    f
}

/// The closed loop, then the open loop at the configured share of its rate.
async fn both_loops(
    ctx: &Ctx<'_>,
    report: &mut Report,
    name: &str,
    make: MakeRequest,
    want: u16,
    limit: usize,
    baseline: Option<&str>,
) {
    // A finite pool of requests (people to vaccinate) is shared: half for each loop.
    let closed_limit = if limit == usize::MAX {
        limit
    } else {
        limit / 2
    };
    let closed = closed_loop(ctx, make.clone(), want, closed_limit, ctx.s.concurrency).await;
    let base = baseline.and_then(|b| report.baseline(b).map(|r| (b, r)));
    report.add(name, &closed, base);
    let rate = closed.rate() * ctx.s.open_share;
    if rate >= 1.0 {
        let open = open_loop(ctx, make, want, closed.requests, limit, rate).await;
        report.add(name, &open, None);
    }
}

/// `/healthz` closed-loop again, as the baseline of the scenario that follows: on a shared
/// machine the ceiling moves, so each ratio is taken against one measured just before.
async fn healthz_again(ctx: &Ctx<'_>, report: &mut Report) {
    let url = format!("{}/healthz", ctx.base);
    let make: MakeRequest = Arc::new(move |c: &reqwest::Client, _: usize| c.get(&url));
    let f = closed_loop(ctx, make, 200, usize::MAX, ctx.s.concurrency).await;
    report.add("healthz", &f, None);
}

async fn healthz(ctx: &Ctx<'_>, report: &mut Report) {
    let url = format!("{}/healthz", ctx.base);
    let make: MakeRequest = Arc::new(move |c: &reqwest::Client, _: usize| c.get(&url));
    both_loops(ctx, report, "healthz", make, 200, usize::MAX, None).await;
}

/// People without a dose, old enough for any vaccine in use.
fn unvaccinated(store: &Store) -> Vec<String> {
    let year = chrono::Datelike::year(&chrono::Utc::now().date_naive());
    store
        .read(|c| q_unvaccinated_adults(c, i64::from(year) - 19))
        .unwrap()
}

async fn staff_tokens(ctx: &Ctx<'_>) -> Vec<String> {
    let mut tokens = Vec::new();
    for i in 0..VACCINATORS {
        tokens.push(staff_token(ctx, &format!("loadvax{i}")).await);
    }
    tokens
}

async fn staff_token(ctx: &Ctx<'_>, username: &str) -> String {
    let r: Value = ctx
        .client
        .post(format!("{}/api/v1/staff/login", ctx.base))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    r["token"].as_str().expect("a staff token").to_string()
}

/// The reports read from the counters, a few at a time as administrators read them: the public
/// dashboard (its default 30 days), the doses report over the last 30 days and the coverage of
/// the top-level regions. Their goal is a latency (p99 under 50 ms), not a rate.
async fn reports(ctx: &Ctx<'_>, report: &mut Report) {
    const READERS: usize = 4;
    let token = Arc::new(staff_token(ctx, "loadadmin").await);
    let today = chrono::Utc::now().date_naive();
    let from = today - chrono::Days::new(29);
    let urls = [
        ("dashboard page", format!("{}/dashboard", ctx.base)),
        (
            "doses report, 30 days",
            format!(
                "{}/api/v1/reports/doses?from={from}&until={today}",
                ctx.base
            ),
        ),
        (
            "coverage report",
            format!("{}/api/v1/reports/coverage", ctx.base),
        ),
    ];
    for (name, url) in urls {
        let token = token.clone();
        let make: MakeRequest =
            Arc::new(move |c: &reqwest::Client, _: usize| c.get(&url).bearer_auth(&*token));
        let f = closed_loop(ctx, make, 200, usize::MAX, READERS).await;
        report.add(name, &f, None);
    }
}

async fn record(ctx: &Ctx<'_>, store: &Store, report: &mut Report) {
    let people = Arc::new(unvaccinated(store));
    let tokens = Arc::new(staff_tokens(ctx).await);
    let url = format!("{}/api/v1/vaccinator/doses", ctx.base);
    let run = std::process::id();
    let make: MakeRequest = {
        let people = people.clone();
        Arc::new(move |c: &reqwest::Client, i: usize| {
            c.post(&url)
                .bearer_auth(&tokens[i % tokens.len()])
                .json(&json!({
                    "idempotency_key": format!("load-{run}-{i:09}"),
                    "beneficiary": people[i % people.len()],
                    "vaccine": "comirnaty",
                    "batch": "LOAD1"
                }))
        })
    };
    let before = counted(store);
    let (lanes_before, t) = (lanes(ctx).await, Instant::now());
    let threads_before = thread_times(ctx.pid);
    let cpu_before = CpuTimes::now(ctx.pid);
    both_loops(ctx, report, "record", make, 201, people.len(), Some("sql")).await;
    let cpu_after = CpuTimes::now(ctx.pid);
    let (lanes_after, elapsed) = (lanes(ctx).await, t.elapsed().as_secs_f64());
    report.notes.push(format!(
        "record, both loops, the server's threads (share of one core, summed over the threads of \
         a kind: on a core / runnable, waiting for one): {}",
        thread_shares(&threads_before, &thread_times(ctx.pid), elapsed)
    ));
    let [transactions, pieces, busy] = std::array::from_fn(|i| lanes_after[i] - lanes_before[i]);
    report.notes.push(format!(
        "record, both loops: {pieces:.0} grouped writes in {transactions:.0} transactions \
         ({:.1} a transaction), writer lanes held {:.0}% of the {elapsed:.1} s (summed over lanes)",
        pieces / transactions.max(1.0),
        100.0 * busy / elapsed
    ));
    let doses: usize = report
        .rows
        .iter()
        .filter(|(n, _, _)| n == "record")
        .map(|(_, f, _)| f.requests - f.errors)
        .sum();
    report.notes.push(format!(
        "record, both loops, {}",
        cpu_before.split(&cpu_after, doses)
    ));
    let after = counted(store);
    assert_eq!(
        after - before,
        doses as i64,
        "the counters grew by the doses recorded"
    );
    report.notes.push(format!(
        "record: {doses} doses recorded, counters grew by {} (equal)",
        after - before
    ));
}

/// Seconds of CPU so far: the whole machine busy and idle (`/proc/stat`), the server, this
/// process (the load generator) and the children it waited for (pgbench), from `/proc`.
#[derive(Clone, Copy, Default)]
struct CpuTimes {
    busy: f64,
    idle: f64,
    server: f64,
    client: f64,
    children: f64,
}

impl CpuTimes {
    fn now(server: u32) -> CpuTimes {
        let tick = 100.0;
        let stat = std::fs::read_to_string("/proc/stat").unwrap_or_default();
        let cpu: Vec<f64> = stat
            .lines()
            .next()
            .unwrap_or_default()
            .split_whitespace()
            .skip(1)
            .filter_map(|v| v.parse().ok())
            .collect();
        // user nice system idle iowait irq softirq steal
        let at = |i: usize| cpu.get(i).copied().unwrap_or(0.0) / tick;
        // Fields after the command's closing parenthesis: utime is the 12th, then stime,
        // cutime, cstime.
        let own = |pid: &str| -> [f64; 4] {
            let text = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
            let rest = text.rsplit_once(')').map_or("", |(_, r)| r);
            let f: Vec<f64> = rest
                .split_whitespace()
                .skip(11)
                .take(4)
                .filter_map(|v| v.parse().ok())
                .collect();
            std::array::from_fn(|i| f.get(i).copied().unwrap_or(0.0) / tick)
        };
        let (s, me) = (own(&server.to_string()), own("self"));
        CpuTimes {
            busy: at(0) + at(1) + at(2) + at(5) + at(6) + at(7),
            idle: at(3) + at(4),
            server: s[0] + s[1],
            client: me[0] + me[1],
            children: me[2] + me[3],
        }
    }

    /// Where the machine's cores went between `self` and `later`, in cores and in milliseconds
    /// of CPU for each of `done` requests: the server, the load generator, pgbench, the rest
    /// (the database), idle.
    fn split(&self, later: &CpuTimes, done: usize) -> String {
        let secs = (later.busy + later.idle - self.busy - self.idle).max(1e-9);
        let cores = |x: f64| x / secs * f64::from(cores_here());
        let server = later.server - self.server;
        let client = later.client - self.client;
        let children = later.children - self.children;
        let rest = (later.busy - self.busy) - server - client - children;
        let each = |x: f64| 1000.0 * x / done.max(1) as f64;
        let mut parts = vec![];
        for (name, x) in [
            ("server", server),
            ("load generator", client),
            ("pgbench", children),
            ("the rest (the database)", rest),
        ] {
            if x > 0.0 {
                parts.push(format!("{name} {:.2} ({:.3} ms each)", cores(x), each(x)));
            }
        }
        parts.push(format!("idle {:.2}", cores(later.idle - self.idle)));
        format!(
            "cores of {} over {done} requests: {}",
            cores_here(),
            parts.join(", ")
        )
    }
}

/// The machine's cores.
fn cores_here() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

/// Each thread of a process: its kind (its name up to the first `-`, or the whole name for
/// the writer threads) and its seconds on a core and runnable but waiting for one, from
/// `/proc/<pid>/task/<tid>/schedstat`.
fn thread_times(pid: u32) -> BTreeMap<String, (String, f64, f64)> {
    let mut out = BTreeMap::new();
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task"));
    for task in tasks.into_iter().flatten().flatten() {
        let dir = task.path();
        let name = std::fs::read_to_string(dir.join("comm")).unwrap_or_default();
        let name = name.trim();
        let kind = if name.starts_with("vaxkit-writer") {
            name
        } else {
            name.split('-').next().unwrap_or(name)
        };
        let stat = std::fs::read_to_string(dir.join("schedstat")).unwrap_or_default();
        let ns: Vec<f64> = stat
            .split_whitespace()
            .filter_map(|v| v.parse().ok())
            .collect();
        if let [run, wait, ..] = ns[..] {
            let tid = task.file_name().to_string_lossy().to_string();
            out.insert(tid, (kind.to_string(), run / 1e9, wait / 1e9));
        }
    }
    out
}

/// The time each kind of thread spent on a core and waiting for one between two readings of
/// [`thread_times`], as shares of `elapsed` seconds of one core.
fn thread_shares(
    before: &BTreeMap<String, (String, f64, f64)>,
    after: &BTreeMap<String, (String, f64, f64)>,
    elapsed: f64,
) -> String {
    let mut kinds: BTreeMap<&str, (f64, f64)> = BTreeMap::new();
    for (tid, (kind, run, wait)) in after {
        let (run0, wait0) = before.get(tid).map_or((0.0, 0.0), |(_, r, w)| (*r, *w));
        let sum = kinds.entry(kind).or_default();
        sum.0 += run - run0;
        sum.1 += wait - wait0;
    }
    kinds
        .iter()
        .filter(|(_, (run, _))| *run > 0.0)
        .map(|(kind, (run, wait))| {
            format!(
                "{kind} {:.0}% / {:.0}%",
                100.0 * run / elapsed.max(1e-9),
                100.0 * wait / elapsed.max(1e-9)
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The server's grouped transactions, grouped writes and seconds its writer lanes were held
/// (from `/metrics`).
async fn lanes(ctx: &Ctx<'_>) -> [f64; 3] {
    let text = ctx
        .client
        .get(format!("{}/metrics", ctx.base))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    [
        "vaxkit_db_grouped_transactions_total",
        "vaxkit_db_grouped_pieces_total",
        "vaxkit_db_lanes_busy_seconds_total",
    ]
    .map(|name| {
        text.lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or_else(|| panic!("no {name} in /metrics"))
    })
}

fn counted(store: &Store) -> i64 {
    let today = chrono::Utc::now().date_naive();
    let from = today - chrono::Days::new(400);
    let until = today + chrono::Days::new(2);
    store
        .read(|c| vaxkit_store::repo::doses::counted(c, from, until))
        .unwrap()
        .iter()
        .map(|r| r.count)
        .sum()
}

async fn search(ctx: &Ctx<'_>, store: &Store, report: &mut Report) {
    let today = chrono::Utc::now().date_naive();
    let regions: Vec<String> = store
        .read(vaxkit_store::repo::facilities::all)
        .unwrap()
        .into_iter()
        .map(|(_, region)| region)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let queries: Arc<Vec<String>> = Arc::new(
        (0..7)
            .flat_map(|d| {
                let day = today + chrono::Days::new(d);
                regions
                    .iter()
                    .map(move |r| format!("date={day}&region={r}"))
                    .collect::<Vec<_>>()
            })
            .collect(),
    );
    let base = ctx.base.clone();
    let make: MakeRequest = Arc::new(move |c: &reqwest::Client, i: usize| {
        c.get(format!(
            "{base}/api/v1/sessions?{}",
            queries[i % queries.len()]
        ))
    });
    healthz_again(ctx, report).await;
    both_loops(
        ctx,
        report,
        "search",
        make,
        200,
        usize::MAX,
        Some("healthz"),
    )
    .await;
}

/// Logs in with a code by SMS; the citizen's token.
async fn otp_login(ctx: &Ctx<'_>, sms: &SmsGateway, mobile: &str) -> Option<String> {
    let r: Value = ctx
        .client
        .post(format!("{}/api/v1/auth/otp", ctx.base))
        .json(&json!({ "mobile": mobile }))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let txn = r["txn_id"].as_str()?.to_string();
    let code = sms.code_for(mobile).await?;
    let r: Value = ctx
        .client
        .post(format!("{}/api/v1/auth/otp/confirm", ctx.base))
        .json(&json!({ "txn_id": txn, "otp": code }))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    Some(r["token"].as_str()?.to_string())
}

/// Logs in every number, `concurrency` at a time; the tokens in order and the figures.
async fn login_all(ctx: &Ctx<'_>, sms: &SmsGateway, mobiles: &[String]) -> (Vec<String>, Figures) {
    let started = Instant::now();
    let mut tokens = vec![String::new(); mobiles.len()];
    let (mut lat, mut errors) = (Vec::new(), 0);
    for chunk in (0..mobiles.len())
        .collect::<Vec<_>>()
        .chunks(ctx.s.concurrency)
    {
        let mut tasks = Vec::new();
        for &i in chunk {
            let t = Instant::now();
            tasks.push((i, t, otp_login(ctx, sms, &mobiles[i])));
        }
        let results = join_all(
            tasks
                .into_iter()
                .map(|(i, t, f)| async move { (i, f.await, t.elapsed()) }),
        )
        .await;
        for (i, token, took) in results {
            lat.push(took.as_secs_f64());
            match token {
                Some(tk) => tokens[i] = tk,
                None => errors += 1,
            }
        }
    }
    (
        tokens,
        Figures::measure(lat, errors, started.elapsed().as_secs_f64(), ctx.pid),
    )
}

/// Runs futures side by side on this task.
async fn join_all<F: std::future::Future>(futures: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut pinned: Vec<_> = futures.map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = (0..pinned.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (f, slot) in pinned.iter_mut().zip(out.iter_mut()) {
            if slot.is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => *slot = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().map(|o| o.unwrap()).collect()
}

async fn booking(ctx: &Ctx<'_>, store: &Store, sms: &SmsGateway, report: &mut Report) {
    let n = ctx.s.citizens;
    let run = std::process::id() % 1000;
    // Numbers of no seeded account: 9 then 8 digits from the 80,000,000s, skipping any the
    // seed gave out (on millions of people a few hundred of them are).
    let mobiles: Vec<String> = store
        .read(|c| {
            let mut free = Vec::with_capacity(n);
            for k in run * 10_000.. {
                let mobile = format!("+9999{}{:07}", 8, k % 10_000_000);
                let digits = mobile.trim_start_matches('+');
                if vaxkit_store::repo::accounts::by_mobile(c, &store.secrets, digits)?.is_none() {
                    free.push(mobile);
                }
                if free.len() == n {
                    break;
                }
            }
            Ok(free)
        })
        .unwrap();
    reset_peak(ctx.pid);
    let (tokens, mut logins) = login_all(ctx, sms, &mobiles).await;
    logins.rss_mb = peak_rss_mb(ctx.pid);
    report.add("OTP login (code by SMS)", &logins, None);
    // Each registers one adult, with a passport number of their own.
    let url = format!("{}/api/v1/beneficiaries", ctx.base);
    let mut people = vec![String::new(); n];
    for (i, token) in tokens.iter().enumerate() {
        // A seeded passport may hold the number already: another letter then.
        let mut last = Value::Null;
        for letter in ['Q', 'R', 'S', 'T', 'U'] {
            let r: Value = ctx
                .client
                .post(&url)
                .bearer_auth(token)
                .json(&json!({
                    "name": format!("Storm Person {i}"), "birth_date": "1985-03-04", "gender": "female",
                    "id_scheme": "passport", "id_number": format!("{letter}{:07}", run * 10_000 + i as u32)
                }))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            if let Some(reference) = r["reference"].as_str() {
                people[i] = reference.to_string();
                break;
            }
            last = r;
        }
        assert!(
            !people[i].is_empty(),
            "citizen {i} could not register a person: {last}"
        );
    }
    // A few sessions tomorrow with, together, places for half of them.
    let tomorrow = chrono::Utc::now().date_naive() + chrono::Days::new(1);
    let sessions: Vec<(String, i64, i64)> = store
        .read(|c| {
            let ids: Vec<i64> = vaxkit_store::repo::facilities::all(c)?
                .into_iter()
                .map(|(f, _)| f.id)
                .collect();
            Ok(
                vaxkit_store::repo::sessions::for_facilities(c, &ids, tomorrow, tomorrow)?
                    .into_iter()
                    .filter(|s| s.vaccine == "comirnaty" && s.min_age <= 18)
                    .map(|s| (s.reference.clone(), s.id, s.available()))
                    .collect(),
            )
        })
        .unwrap();
    let mut chosen = Vec::new();
    let mut places = 0;
    for s in sessions {
        if places >= n as i64 / 2 {
            break;
        }
        places += s.2;
        chosen.push(s);
    }
    assert!(!chosen.is_empty(), "sessions to book");
    let chosen = Arc::new(chosen);
    let url = format!("{}/api/v1/appointments", ctx.base);
    let (tokens, people) = (Arc::new(tokens), Arc::new(people));
    let make: MakeRequest = {
        let chosen = chosen.clone();
        Arc::new(move |c: &reqwest::Client, i: usize| {
            c.post(&url).bearer_auth(&tokens[i]).json(&json!({
                "session_id": chosen[i % chosen.len()].0, "slot": "09:00-11:00",
                "beneficiaries": [people[i]]
            }))
        })
    };
    // Everyone at once: a closed loop of all the citizens; refusals (session full) are expected.
    let storm = closed_loop(ctx, make, 201, n, ctx.s.concurrency).await;
    let booked_now = storm.requests - storm.errors;
    report.add(
        "booking storm (attempts, refusals counted as errors)",
        &storm,
        None,
    );
    let ids: Vec<i64> = chosen.iter().map(|s| s.1).collect();
    let (taken, held, capacity) = store.read(|c| q_session_bookings(c, &ids)).unwrap();
    assert!(
        held <= capacity,
        "no session holds more bookings than places"
    );
    assert_eq!(taken, held, "the places taken equal the bookings held");
    assert!(
        booked_now as i64 <= places,
        "no more bookings than places offered"
    );
    report.notes.push(format!(
        "booking: {booked_now} booked of {n} citizens for {places} places in {} sessions; sessions hold {held} booked of {capacity} places, counted {taken}: nothing sold twice",
        chosen.len()
    ));
}

async fn certificates(ctx: &Ctx<'_>, store: &Store, sms: &SmsGateway, report: &mut Report) {
    let owners = store
        .read(|c| q_vaccinated_accounts(c, ctx.s.cert_accounts as i64))
        .unwrap();
    let mobiles: Vec<String> = owners
        .iter()
        .map(|(sealed, _)| format!("+{}", store.secrets.open_sealed_text(sealed).unwrap()))
        .collect();
    let (tokens, _) = login_all(ctx, sms, &mobiles).await;
    let pairs: Arc<Vec<(String, String)>> = Arc::new(
        owners
            .iter()
            .zip(tokens)
            .flat_map(|((_, refs), t)| refs.iter().map(move |r| (t.clone(), r.clone())))
            .collect(),
    );
    let base = ctx.base.clone();
    let make: MakeRequest = {
        let pairs = pairs.clone();
        Arc::new(move |c: &reqwest::Client, i: usize| {
            let (token, person) = &pairs[i % pairs.len()];
            c.get(format!(
                "{base}/api/v1/beneficiaries/{person}/certificate.pdf"
            ))
            .bearer_auth(token)
        })
    };
    // Each person's PDF drawn once, then served again.
    healthz_again(ctx, report).await;
    let first = closed_loop(ctx, make.clone(), 200, pairs.len(), ctx.s.concurrency).await;
    let base = report.baseline("healthz").map(|r| ("healthz", r));
    report.add("certificate PDF, first", &first, base);
    both_loops(
        ctx,
        report,
        "certificate PDF, repeat",
        make,
        200,
        usize::MAX,
        Some("healthz"),
    )
    .await;
}

/// The writes of one dose, one transaction each, at the bench's concurrency: pgbench on
/// PostgreSQL, the same SQL on the store's one SQLite writer.
fn sql_baseline(ctx: &Ctx<'_>, store: &Store, db: &TestDatabase, dir: &Path, report: &mut Report) {
    let (lo, hi) = store.read(q_person_keys).unwrap();
    let facility = store
        .read(|c| vaxkit_store::repo::facilities::by_code(c, "SEED-1"))
        .unwrap()
        .expect("SEED-1")
        .0
        .id;
    let cpu_before = CpuTimes::now(ctx.pid);
    let f = if db.backend == Backend::Postgres {
        pgbench(ctx.s, &db.url_text(), dir, lo, hi, facility)
    } else {
        sqlite_writes(ctx.s, store, lo, hi, facility)
    };
    report.notes.push(format!(
        "sql, {}",
        cpu_before.split(&CpuTimes::now(ctx.pid), f.requests - f.errors)
    ));
    report.add("sql: the writes of a dose", &f, None);
    report.rows.last_mut().unwrap().0 = "sql".into();
}

const DOSE_SQL: &str = "\
INSERT INTO doses (ref, beneficiary_id, dose, vaccine, given_on, created_at, batch, facility_id, idempotency_key, counted_region, counted_age_band, counted_gender) \
VALUES (:r, :b, 1, 'comirnaty', CURRENT_DATE, CURRENT_TIMESTAMP, 'SQL1', :f, :k, 'XX-N-01', '18-44', 'female');
INSERT INTO dose_counters (day, region_code, facility_id, vaccine, dose, age_band, gender, shard, count) \
VALUES (CURRENT_DATE, 'XX-N-01', :f, 'comirnaty', 1, '18-44', 'female', :s, 1) \
ON CONFLICT (day, region_code, facility_id, vaccine, dose, age_band, gender, shard) DO UPDATE SET count = dose_counters.count + excluded.count;
INSERT INTO audit_log (at, actor, action, entity, entity_ref, after) \
VALUES (CURRENT_TIMESTAMP, 'staff loadvax0', 'dose.record', 'beneficiary', :r, 'dose 1 comirnaty batch SQL1');
INSERT INTO outbox (channel, recipient, message_id, language, body, created_at) \
VALUES ('sms', '999712345678', 'sms-dose-recorded', 'en', 'Dose 1 of Comirnaty was recorded.', CURRENT_TIMESTAMP);
";

fn pgbench(s: &Settings, url: &str, dir: &Path, lo: i64, hi: i64, facility: i64) -> Figures {
    let bin = std::fs::read_dir("/usr/lib/postgresql")
        .ok()
        .and_then(|d| {
            d.flatten()
                .map(|e| e.path().join("bin/pgbench"))
                .find(|p| p.exists())
        })
        .expect("pgbench (Debian: postgresql-contrib or the server package)");
    let sql = DOSE_SQL
        .replace(":r", "'PGB' || :k")
        .replace(":f", &facility.to_string())
        .replace(":k", "CAST(txid_current() AS text)");
    let script = format!(
        "\\set b random({lo}, {hi})\n\\set s random(0, 7)\nBEGIN;\nSELECT pg_advisory_xact_lock(hashtext(CAST(txid_current() AS text)));\n{sql}COMMIT;\n"
    );
    let file = dir.join("dose.sql");
    std::fs::write(&file, script).unwrap();
    let out = Command::new(bin)
        .current_dir(dir)
        .args(["-n", "-l", "--log-prefix=pgb", "-M", "prepared"])
        .args(["-c", &s.concurrency.to_string(), "-j", "2"])
        .args(["-T", &format!("{}", s.seconds.ceil() as u64)])
        .arg("-f")
        .arg(&file)
        .arg(url)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "pgbench: {text}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Per-transaction logs: client, transaction, time in microseconds, ...
    let mut lat = Vec::new();
    let mut errors = 0;
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().starts_with("pgb.") {
            for line in std::fs::read_to_string(e.path()).unwrap().lines() {
                match line.split_whitespace().nth(2) {
                    Some(us) if us.parse::<f64>().is_ok() => {
                        lat.push(us.parse::<f64>().unwrap() / 1e6)
                    }
                    _ => errors += 1,
                }
            }
        }
    }
    let failed: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("number of failed transactions: "))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0);
    let mut f = Figures::measure(lat, errors + failed, s.seconds.ceil(), 0);
    f.rss_mb = 0.0;
    f
}

fn sqlite_writes(s: &Settings, store: &Store, lo: i64, hi: i64, facility: i64) -> Figures {
    let started = Instant::now();
    let deadline = started + Duration::from_secs_f64(s.seconds);
    let next = Arc::new(AtomicUsize::new(0));
    let run = std::process::id();
    let threads: Vec<_> = (0..s.concurrency)
        .map(|_| {
            let (store, next) = (store.clone(), next.clone());
            std::thread::spawn(move || {
                let mut lat = Vec::new();
                let mut errors = 0;
                while Instant::now() < deadline {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let t = Instant::now();
                    let b = lo + (i as i64 * 7919) % (hi - lo + 1);
                    let key = format!("'SQL{run}-{i}'");
                    let sql = DOSE_SQL
                        .replace(":r", &key)
                        .replace(":b", &b.to_string())
                        .replace(":f", &facility.to_string())
                        .replace(":k", &key)
                        .replace(":s", &(i % 8).to_string());
                    let r = store.write(|c| {
                        c.batch_execute(&sql)
                            .map_err(vaxkit_store::StoreError::from)
                    });
                    if r.is_err() {
                        errors += 1;
                    }
                    lat.push(t.elapsed().as_secs_f64());
                }
                (lat, errors)
            })
        })
        .collect();
    let (mut lat, mut errors) = (Vec::new(), 0);
    for t in threads {
        let (l, e) = t.join().unwrap();
        lat.extend(l);
        errors += e;
    }
    let mut f = Figures::measure(lat, errors, started.elapsed().as_secs_f64(), 0);
    f.rss_mb = 0.0;
    f
}

// The bench's own look-ups (numbers only are written into them, so no binding is needed).

#[derive(QueryableByName)]
struct OneText {
    #[diesel(sql_type = Text)]
    t: String,
}

#[derive(QueryableByName)]
struct TwoText {
    #[diesel(sql_type = Text)]
    a: String,
    #[diesel(sql_type = Text)]
    b: String,
}

#[derive(QueryableByName)]
struct TwoInt {
    #[diesel(sql_type = BigInt)]
    x: i64,
    #[diesel(sql_type = BigInt)]
    y: i64,
}

/// References of people born in `born_by` or before with no dose and no open appointment.
fn q_unvaccinated_adults(c: &mut DbConnection, born_by: i64) -> StoreResult<Vec<String>> {
    Ok(diesel::sql_query(format!(
        "SELECT ref AS t FROM beneficiaries b WHERE birth_year <= {born_by} \
         AND NOT EXISTS (SELECT 1 FROM doses d WHERE d.beneficiary_id = b.id) \
         AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.beneficiary_id = b.id AND a.status = 'booked') \
         ORDER BY b.id LIMIT 500000"
    ))
    .load::<OneText>(c)?
    .into_iter()
    .map(|r| r.t)
    .collect())
}

/// The first and last person keys.
fn q_person_keys(c: &mut DbConnection) -> StoreResult<(i64, i64)> {
    let r: TwoInt = diesel::sql_query(
        "SELECT CAST(MIN(id) AS BIGINT) AS x, CAST(MAX(id) AS BIGINT) AS y FROM beneficiaries",
    )
    .get_result(c)?;
    Ok((r.x, r.y))
}

/// For these sessions: places taken (`booked`), open appointments held, online places.
fn q_session_bookings(c: &mut DbConnection, ids: &[i64]) -> StoreResult<(i64, i64, i64)> {
    let list = ids
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(", ");
    let r: TwoInt = diesel::sql_query(format!(
        "SELECT CAST(SUM(booked) AS BIGINT) AS x, CAST(SUM(capacity_online) AS BIGINT) AS y \
         FROM sessions WHERE id IN ({list})"
    ))
    .get_result(c)?;
    let held: TwoInt = diesel::sql_query(format!(
        "SELECT CAST(COUNT(*) AS BIGINT) AS x, CAST(0 AS BIGINT) AS y FROM appointments \
         WHERE session_id IN ({list}) AND status = 'booked'"
    ))
    .get_result(c)?;
    Ok((r.x, held.x, r.y))
}

/// The first `n` accounts' mobiles with the references of their people who have a dose.
fn q_vaccinated_accounts(c: &mut DbConnection, n: i64) -> StoreResult<Vec<(String, Vec<String>)>> {
    let rows = diesel::sql_query(format!(
        "SELECT a.mobile_sealed AS a, b.ref AS b FROM accounts a JOIN beneficiaries b ON b.account_id = a.id \
         WHERE a.id IN (SELECT DISTINCT b2.account_id FROM beneficiaries b2 JOIN doses d ON d.beneficiary_id = b2.id \
                        ORDER BY b2.account_id LIMIT {n}) \
         AND EXISTS (SELECT 1 FROM doses d WHERE d.beneficiary_id = b.id) ORDER BY a.id"
    ))
    .load::<TwoText>(c)?;
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for r in rows {
        match out.last_mut() {
            Some((m, refs)) if *m == r.a => refs.push(r.b),
            _ => out.push((r.a, vec![r.b])),
        }
    }
    Ok(out)
}
