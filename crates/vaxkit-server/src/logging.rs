//! Structured logs with `tracing`: [`init`] sets up the subscriber (filter from `RUST_LOG`,
//! `info` by default; JSON lines when `VAXKIT_LOG_FORMAT=json`; written to standard error), and
//! [`log_request`] writes a line per request with method, path, status and latency: a failed
//! one (5xx) always, as a warning; the others at `debug`, or at `info` with
//! `VAXKIT_ACCESS_LOG=all` (a line per request filled gigabytes an hour under load). The query
//! string is never logged: it may hold personal data.

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use tracing_subscriber::EnvFilter;

/// Environment variable choosing the log format: `json`, or anything else for text.
pub const FORMAT_ENV: &str = "VAXKIT_LOG_FORMAT";

/// Environment variable choosing which requests are logged at `info`: `all`, or anything else
/// for none (failed requests are warnings whatever it says; the rest are at `debug`).
pub const ACCESS_LOG_ENV: &str = "VAXKIT_ACCESS_LOG";

/// Whether every request is logged at `info` (`VAXKIT_ACCESS_LOG=all`), read once.
fn access_log_all() -> bool {
    static ALL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ALL.get_or_init(|| {
        std::env::var(ACCESS_LOG_ENV).is_ok_and(|v| v.trim().eq_ignore_ascii_case("all"))
    })
}

/// Installs the global subscriber; a second call does nothing.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let json = std::env::var(FORMAT_ENV).is_ok_and(|v| v.eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    let _ = if json {
        builder.json().try_init()
    } else {
        builder.try_init()
    };
}

/// Middleware: a log line per request, at the level its status and the setting call for.
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let result = next.call(req).await;
    let status = match &result {
        Ok(response) => response.status(),
        Err(error) => error.as_response_error().status_code(),
    };
    let latency_ms = started.elapsed().as_secs_f64() * 1000.0;
    let latency_ms = format_args!("{latency_ms:.2}");
    let status = status.as_u16();
    if status >= 500 {
        tracing::warn!(target: "vaxkit::request", method = %method, path = %path, status, latency_ms, "request failed");
    } else if access_log_all() {
        tracing::info!(target: "vaxkit::request", method = %method, path = %path, status, latency_ms, "request");
    } else {
        tracing::debug!(target: "vaxkit::request", method = %method, path = %path, status, latency_ms, "request");
    }
    result
}
