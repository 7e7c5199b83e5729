//! `vaxkit notify`: deliver the outbox without the server (`run`), send one message to
//! check a gateway (`test`), or queue the day's scheduled notices once (`jobs`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use clap::{Args, Subcommand};
use vaxkit_notify::{Email, Notifier, Sms, Worker, WorkerConfig, segments, system_clock, watch};
use vaxkit_store::{DatabaseUrl, Secrets, Store};

/// `vaxkit notify ...`.
#[derive(Subcommand)]
pub enum NotifyCommand {
    /// Deliver the outbox until SIGTERM or Ctrl-C (beside servers, or instead of their worker).
    Run(RunArgs),
    /// Send one test message through the profile's SMS gateway or email sender and print the answer.
    Test(TestArgs),
    /// Queue the day's scheduled notices once: reminders for tomorrow, missed appointments,
    /// next doses due (what `vaxkit serve` does each day; running it again queues nothing twice).
    Jobs(JobsArgs),
}

/// Options of `vaxkit notify jobs`.
#[derive(Args)]
pub struct JobsArgs {
    /// Country profile folder.
    #[arg(long, default_value = super::DEFAULT_PROFILE)]
    profile: PathBuf,
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
    /// The day to run for (YYYY-MM-DD, the country's calendar); today when absent.
    #[arg(long, value_name = "DATE")]
    on: Option<String>,
}

/// Options of `vaxkit notify run`.
#[derive(Args)]
pub struct RunArgs {
    /// Country profile folder.
    #[arg(long, default_value = super::DEFAULT_PROFILE)]
    profile: PathBuf,
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
    /// Send what is due now, then exit (messages waiting for a later retry stay).
    #[arg(long)]
    once: bool,
}

/// Options of `vaxkit notify test`.
#[derive(Args)]
pub struct TestArgs {
    /// Country profile folder.
    #[arg(long, default_value = super::DEFAULT_PROFILE)]
    profile: PathBuf,
    /// A mobile number (national, or with the calling code) or an email address.
    #[arg(long)]
    to: String,
    /// Language of the message (default: the profile's first).
    #[arg(long)]
    lang: Option<String>,
}

/// Runs `vaxkit notify ...`.
pub fn run(command: NotifyCommand) -> Result<ExitCode, String> {
    match command {
        NotifyCommand::Run(a) => run_worker(a),
        NotifyCommand::Test(a) => test(a),
        NotifyCommand::Jobs(a) => jobs(a),
    }
}

fn jobs(args: JobsArgs) -> Result<ExitCode, String> {
    let core = super::open_core_with_key(&args.profile, &args.database)?;
    let now = match &args.on {
        // Noon UTC falls on the same calendar day in every time zone from UTC-11 to UTC+11.
        Some(day) => super::parse_date(day)?
            .and_hms_opt(12, 0, 0)
            .ok_or("not a day")?
            .and_utc(),
        None => chrono::Utc::now(),
    };
    let t = vaxkit_core::notices::run_jobs(&core, now).map_err(|e| super::refusal(&core, &e))?;
    outln!(
        "{}: queued {} reminders, {} missed appointments, {} doses due",
        core.today(now),
        t.reminders,
        t.missed,
        t.due
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs the day's scheduled notices inside `vaxkit serve`: once per local day, from the
/// profile's `notifications.jobs_hour`, checked every few minutes until `stopped`. A restart
/// runs them again, which queues nothing twice.
pub async fn run_jobs_daily(core: Arc<vaxkit_core::Core>, mut stopped: watch::Receiver<bool>) {
    let mut last_run = None;
    loop {
        let now = core.clock.now();
        if vaxkit_core::notices::jobs_due(&core, now, last_run) {
            let worker = Arc::clone(&core);
            // A stop asks the job to end between two pages: on a country's database the job
            // takes minutes, and the server must not wait for it to stop.
            let stop = Arc::new(AtomicBool::new(false));
            let stopping = Arc::clone(&stop);
            let job = actix_web::rt::task::spawn_blocking(move || {
                vaxkit_core::notices::run_jobs_until(&worker, now, &stopping)
            });
            let watch = {
                let mut stopped = stopped.clone();
                actix_web::rt::spawn(async move {
                    let _ = stopped.changed().await;
                    stop.store(true, Ordering::Relaxed);
                })
            };
            let result = job.await;
            watch.abort();
            match result {
                Ok(Ok(Some(t))) => {
                    last_run = Some(core.today(now));
                    tracing::info!(
                        reminders = t.reminders,
                        missed = t.missed,
                        due = t.due,
                        "scheduled notices queued"
                    );
                }
                Ok(Ok(None)) => {
                    tracing::info!("scheduled notices stopped part-way; the next run finishes them")
                }
                Ok(Err(e)) => {
                    tracing::warn!(error = ?e, "scheduled notices failed; tried again later")
                }
                Err(e) => tracing::warn!(error = %e, "scheduled notices stopped"),
            }
        }
        if sleep_or_stop(&mut stopped).await {
            return;
        }
    }
}

/// Waits five minutes, or less if the server stops; answers whether it stops.
pub(super) async fn sleep_or_stop(stopped: &mut watch::Receiver<bool>) -> bool {
    let wait = std::time::Duration::from_secs(300);
    match actix_web::rt::time::timeout(wait, stopped.changed()).await {
        Err(_) => false,
        Ok(Ok(())) => *stopped.borrow(),
        Ok(Err(_)) => true,
    }
}

fn run_worker(args: RunArgs) -> Result<ExitCode, String> {
    vaxkit_server::logging::init();
    let profile = super::load_profile(&args.profile)?;
    let url = DatabaseUrl::parse(&args.database).map_err(|e| e.to_string())?;
    if let DatabaseUrl::Sqlite(path) = &url
        && !path.exists()
    {
        return Err(format!(
            "{} does not exist: give the database `vaxkit serve` uses",
            path.display()
        ));
    }
    // Recipients and texts wait in the outbox sealed with the server key: the worker needs the
    // same key as `vaxkit serve`, and refuses another one.
    let sqlite_path = match &url {
        DatabaseUrl::Sqlite(path) => Some(path.as_path()),
        DatabaseUrl::Postgres(_) => None,
    };
    let (secrets, _) = Secrets::load(sqlite_path).map_err(|e| e.to_string())?;
    let store = Store::open(&url, secrets, 2).map_err(|e| e.to_string())?;
    store.check_key().map_err(|e| e.to_string())?;
    actix_web::rt::System::new().block_on(async move {
        let (notifier, settings) = Notifier::from_profile(&profile).map_err(|e| e.to_string())?;
        let worker = Worker::new(
            store,
            Arc::new(notifier),
            WorkerConfig::from_settings(&settings),
            system_clock(),
        );
        if args.once {
            let t = worker.drain().await.map_err(|e| e.to_string())?;
            outln!(
                "sent {}, to retry {}, failed {}",
                t.sent,
                t.retried,
                t.failed
            );
            return Ok(ExitCode::SUCCESS);
        }
        let (stop, stopped) = watch::channel(false);
        stop_on_signals(stop);
        worker.run(stopped).await;
        Ok(ExitCode::SUCCESS)
    })
}

/// Turns `stop` true on Ctrl-C or SIGTERM: the worker then finishes the sends it started.
fn stop_on_signals(stop: watch::Sender<bool>) {
    let stop = Arc::new(stop);
    let on_interrupt = stop.clone();
    actix_web::rt::spawn(async move {
        if actix_web::rt::signal::ctrl_c().await.is_ok() {
            let _ = on_interrupt.send(true);
        }
    });
    #[cfg(unix)]
    actix_web::rt::spawn(async move {
        use actix_web::rt::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            term.recv().await;
            let _ = stop.send(true);
        }
    });
}

fn test(args: TestArgs) -> Result<ExitCode, String> {
    let profile = super::load_profile(&args.profile)?;
    let locales = vaxkit_i18n::Locales::load(Some(&args.profile), &profile.country.languages)
        .map_err(|e| format!("{}: {e}", args.profile.display()))?;
    let lang = match &args.lang {
        Some(l) if profile.country.languages.contains(l) => l.clone(),
        Some(l) => {
            return Err(format!(
                "`{l}` is not a language of this profile ({})",
                profile.country.languages.join(", ")
            ));
        }
        None => profile.country.default_language().to_string(),
    };
    let country_name = profile.country.name.clone();
    let country = [("country", country_name.as_str().into())];
    let email = args.to.contains('@');
    let recipient = if email {
        args.to.trim().to_string()
    } else {
        phone(&profile, &args.to)?
    };
    actix_web::rt::System::new().block_on(async {
        let (notifier, settings) = Notifier::from_profile(&profile).map_err(|e| e.to_string())?;
        let result = if email {
            let subject = locales.message_plain(&lang, "notify-test-email-subject", &country);
            let text = locales.message_plain(&lang, "notify-test-email", &country);
            outln!("email to {recipient}: {subject}");
            notifier
                .send_email(Email {
                    to: &recipient,
                    subject: &subject,
                    text: &text,
                    language: &lang,
                    message_id: 0,
                })
                .await
        } else {
            let text = locales.message_plain(&lang, "notify-test-sms", &country);
            let size = segments::count(&text);
            outln!(
                "SMS to +{recipient} through `{}`: {} segment(s), {} {} (limit {}): {text}",
                notifier.sms_gateway_name(),
                size.count,
                size.units,
                size.encoding.name(),
                settings.max_segments
            );
            notifier
                .send_sms(Sms {
                    to: &recipient,
                    text: &text,
                    message_id: 0,
                    kind: "notify-test-sms",
                })
                .await
        };
        match result {
            Ok(d) => {
                outln!("accepted: {}", d.answer);
                if let Some(r) = d.reference {
                    outln!("reference: {r}");
                }
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => Err(format!(
                "not sent ({}): {}",
                if e.retry {
                    "a later try may succeed"
                } else {
                    "trying again will not help"
                },
                e.message
            )),
        }
    })
}

/// A number as the outbox keeps it: the calling code and the national number, digits only.
fn phone(profile: &vaxkit_profile::Profile, input: &str) -> Result<String, String> {
    let digits: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let digits = digits.strip_prefix('+').unwrap_or(&digits);
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "`{input}` is neither a mobile number nor an email address"
        ));
    }
    let code = &profile.country.calling_code;
    if profile.country.phone_pattern.is_match(digits) {
        return Ok(format!("{code}{digits}"));
    }
    match digits.strip_prefix(code.as_str()) {
        Some(national) if profile.country.phone_pattern.is_match(national) => {
            Ok(digits.to_string())
        }
        _ => Err(format!(
            "`{input}` is not a mobile number of this profile (+{code} and a number matching {})",
            profile.country.phone_pattern.as_str()
        )),
    }
}
