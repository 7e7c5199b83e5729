//! `vaxkit serve`: checks the profile, opens and migrates the database, then serves the API until
//! SIGTERM or Ctrl-C.

use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use vaxkit_server::{Application, Clock, ServerConfig};
use vaxkit_store::{DatabaseUrl, KeySource, Secrets, Store};

/// Database connections of a PostgreSQL pool: as many as the threads that run use cases on two
/// cores (`vaxkit_server::BLOCKING_THREADS_PER_WORKER` per worker); a booking storm took 359
/// bookings/s with 8 and 499/s with 24 (docs/benchmarks.md).
const POSTGRES_POOL: u32 = 16;
/// SQLite reader connections; writes go through one more, serialised.
const SQLITE_READERS: u32 = 4;

/// Options of `vaxkit serve`.
#[derive(Args)]
pub struct ServeArgs {
    /// Country profile folder [default: country-profiles/example if it is there, else the example
    /// profile built into the binary].
    #[arg(long)]
    profile: Option<PathBuf>,
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, env = "VAXKIT_BIND", default_value = "127.0.0.1:8080")]
    bind: String,
    /// A reverse proxy whose X-Forwarded-For names the client (repeat, or comma-separate in the
    /// environment); without one, rate limits count the proxy as one client.
    #[arg(
        long = "trusted-proxy",
        value_name = "IP",
        env = "VAXKIT_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<IpAddr>,
    /// Folder of the certificate signing keys (made by `vaxkit keys generate`); with SQLite it
    /// defaults to `<database>-keys` beside the database and is created on first start.
    #[arg(long = "keys", value_name = "DIR", env = "VAXKIT_KEYS_DIR")]
    keys: Option<PathBuf>,
    /// The address citizens and verifiers reach this server at (the SMART Health Card issuer).
    #[arg(long, env = "VAXKIT_PUBLIC_URL")]
    public_url: Option<String>,
}

/// Runs `vaxkit serve`.
pub fn run(args: ServeArgs) -> Result<ExitCode, String> {
    vaxkit_server::logging::init();
    // Kept until the server stops: the built-in profile's folder lives as long as this does.
    let (profile_dir, builtin) = super::profile_dir(args.profile.clone())?;
    if builtin.is_some() {
        tracing::warn!(
            "no --profile and no {} here: using the example profile built into this binary \
             (the fictional Examplia, for trying vaxkit); name your country's profile with --profile DIR",
            super::DEFAULT_PROFILE
        );
    }
    let profile = super::load_profile(&profile_dir)?;
    let locales = vaxkit_i18n::Locales::load(Some(&profile_dir), &profile.country.languages)
        .map_err(|e| format!("{}: {e}", profile_dir.display()))?;
    let url = DatabaseUrl::parse(&args.database).map_err(|e| e.to_string())?;
    let sqlite_path = match &url {
        DatabaseUrl::Sqlite(path) => Some(path.as_path()),
        DatabaseUrl::Postgres(_) => None,
    };
    let (secrets, source) = Secrets::load(sqlite_path).map_err(|e| e.to_string())?;
    log_key_source(&source);
    let pool = if url.is_sqlite() {
        SQLITE_READERS
    } else {
        POSTGRES_POOL
    };
    let store = Store::open(&url, secrets, pool).map_err(|e| e.to_string())?;
    let applied = store.migrate().map_err(|e| e.to_string())?;
    store.check_key().map_err(|e| e.to_string())?;
    for version in &applied {
        tracing::info!(%version, "applied migration");
    }
    tracing::info!(
        database = %store.describe(),
        profile = %if builtin.is_some() {
            "built-in example".to_owned()
        } else {
            profile_dir.display().to_string()
        },
        country = %profile.country.code,
        "database ready"
    );
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", args.bind));
    let certificates = load_certifier(&args, sqlite_path, &profile, &public_url)?;
    let inbound_sms_secret = inbound_sms_secret(&profile);
    let config = ServerConfig {
        inbound_sms_secret,
        certificates,
        profile,
        locales,
        store,
        bind: args.bind,
        clock: Clock::system(),
        trusted_proxies: args.trusted_proxies,
    };
    let outbox_store = config.store.clone();
    let outbox_profile = config.profile.clone();
    actix_web::rt::System::new().block_on(async move {
        let (notifier, settings) = vaxkit_notify::Notifier::from_profile(&outbox_profile)
            .map_err(|e| format!("notifications: {e}"))?;
        let app = Application::build(config)
            .map_err(|e| format!("cannot listen on the --bind address: {e}"))?;
        // The outbox worker runs beside the API until the server stops, then finishes the
        // sends it started, so a restart loses and repeats nothing.
        let (stop, stopped) = vaxkit_notify::watch::channel(false);
        let worker = vaxkit_notify::Worker::new(
            outbox_store,
            std::sync::Arc::new(notifier),
            vaxkit_notify::WorkerConfig::from_settings(&settings),
            vaxkit_notify::system_clock(),
        );
        let jobs_stopped = stopped.clone();
        let delivering = actix_web::rt::spawn(async move { worker.run(stopped).await });
        // The day's scheduled notices (reminders, missed appointments, doses due) are queued
        // beside; the worker above sends them.
        let upkeep_stopped = jobs_stopped.clone();
        let scheduling =
            actix_web::rt::spawn(super::notify::run_jobs_daily(app.core(), jobs_stopped));
        let upkeep = actix_web::rt::spawn(fold_counters(app.core(), upkeep_stopped));
        tracing::info!("listening on http://{}", app.address());
        app.run_until_stopped().await.map_err(|e| e.to_string())?;
        let _ = stop.send(true);
        let _ = delivering.await;
        let _ = scheduling.await;
        let _ = upkeep.await;
        tracing::info!("stopped");
        Ok(ExitCode::SUCCESS)
    })
}

/// Folds the counters of closed days every few minutes, so reports over past days stay quick
/// however many facilities and shards counted them.
async fn fold_counters(
    core: std::sync::Arc<vaxkit_core::Core>,
    mut stopped: vaxkit_notify::watch::Receiver<bool>,
) {
    loop {
        let worker = std::sync::Arc::clone(&core);
        match actix_web::rt::task::spawn_blocking(move || {
            vaxkit_core::counters::fold_closed_days(&worker, worker.clock.now())
        })
        .await
        {
            Ok(Ok(0)) => {}
            Ok(Ok(rows)) => tracing::info!(rows, "counters of closed days folded"),
            Ok(Err(e)) => tracing::warn!(error = ?e, "folding counters failed; tried again later"),
            Err(e) => tracing::warn!(error = %e, "folding counters stopped"),
        }
        if super::notify::sleep_or_stop(&mut stopped).await {
            return;
        }
    }
}

/// What proves a text came from the profile's SMS gateway: Twilio's auth token, or the shared
/// secret `notifications.sms.inbound_secret_env` names. Without it the inbound webhook refuses
/// every text (said once in the log), and everything else runs.
fn inbound_sms_secret(profile: &vaxkit_profile::Profile) -> Option<String> {
    let sms = &profile.notifications.sms;
    let name = match sms.gateway.as_str() {
        "twilio" => sms.auth_env.as_deref(),
        "http" | "africastalking" => sms.inbound_secret_env.as_deref(),
        _ => None,
    }?;
    match vaxkit_notify::secret::read(name) {
        Ok(secret) => Some(secret),
        Err(e) => {
            tracing::warn!("inbound SMS are refused: {e}");
            None
        }
    }
}

/// The certificate signing keys: from `--keys` (or beside a SQLite database, made on first
/// start), the private key optionally from `VAXKIT_SIGNING_KEY`. Without keys the server runs
/// and answers certificate requests with `certificate_not_available`.
fn load_certifier(
    args: &ServeArgs,
    sqlite_path: Option<&std::path::Path>,
    profile: &vaxkit_profile::Profile,
    public_url: &str,
) -> Result<Option<vaxkit_core::Certifier>, String> {
    use vaxkit_cert::keystore;
    let dir = match (&args.keys, sqlite_path) {
        (Some(dir), _) => dir.clone(),
        (None, Some(db)) => {
            let stem = db
                .file_stem()
                .map_or_else(|| "vaxkit".into(), |s| s.to_string_lossy().into_owned());
            db.with_file_name(format!("{stem}-keys"))
        }
        (None, None) => {
            tracing::warn!(
                "no certificate signing keys: set VAXKIT_KEYS_DIR (see `vaxkit keys generate`);                  certificates are not served"
            );
            return Ok(None);
        }
    };
    let env_key = std::env::var("VAXKIT_SIGNING_KEY").ok();
    if env_key.is_none() && !keystore::exists(&dir) {
        if args.keys.is_some() {
            return Err(format!(
                "{}: no signing key; make one with `vaxkit keys generate --dir {}`",
                dir.display(),
                dir.display()
            ));
        }
        let made = keystore::generate(
            &dir,
            &keystore::GenerateRequest {
                issuer: profile.certificates.issuer.clone(),
                country: profile.country.code.clone(),
                now: chrono::Utc::now(),
                validity_days: 730,
            },
        )
        .map_err(|e| e.to_string())?;
        tracing::warn!(
            kid = %made.kid,
            "CREATED A NEW CERTIFICATE SIGNING KEY in {}: back it up and publish {} to verifiers. \
             For production, make keys with `vaxkit keys generate` and set VAXKIT_KEYS_DIR.",
            dir.display(),
            made.certificate.display()
        );
    }
    let keyring = keystore::load(&dir, env_key.as_deref()).map_err(|e| e.to_string())?;
    tracing::info!(
        kid = %keyring.active().kid(),
        retired = keyring.retired().len(),
        "certificate signing key from {}",
        dir.display()
    );
    Ok(Some(vaxkit_core::Certifier::new(keyring, public_url)))
}

fn log_key_source(source: &KeySource) {
    match source {
        KeySource::Env => tracing::info!("secret key from {}", vaxkit_store::keys::KEY_ENV),
        KeySource::File(path) => tracing::info!(
            "secret key from {}={}",
            vaxkit_store::keys::KEY_FILE_ENV,
            path.display()
        ),
        KeySource::Existing(path) => {
            tracing::info!("secret key from {} (beside the database)", path.display())
        }
        KeySource::Created(path) => tracing::warn!(
            "CREATED A NEW SECRET KEY at {}: BACK IT UP with the database. Identity numbers \
             stored from now on cannot be read or matched without it. For production, set {} or {}.",
            path.display(),
            vaxkit_store::keys::KEY_ENV,
            vaxkit_store::keys::KEY_FILE_ENV
        ),
    }
}
