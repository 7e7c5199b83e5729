//! The vaxkit HTTP application: JSON API, web pages, authentication and roles.
//!
//! [`Application::build`] turns a [`ServerConfig`] (a checked profile, its locales, an opened and
//! migrated store, a clock) into a server bound to its address — port 0 picks a free one, which
//! is how tests start the real app. [`Application::run_until_stopped`] serves until SIGTERM or
//! SIGINT, then stops accepting and lets requests in flight finish (graceful shutdown).
//!
//! Handlers only translate: a request becomes a call to a use case of `vaxkit-core`, and its
//! answer or [`vaxkit_core::Error`] becomes the response ([`error::ApiError`] holds the one table
//! from error codes to HTTP statuses). Who is asking is read from the bearer token
//! ([`actors`]).
//!
//! Around every request, from the outside in: one log line ([`logging`]), security headers and
//! `Cache-Control: no-store` unless a handler made its answer public ([`security`]), error answers
//! rendered as JSON in the request's language ([`error::localize_errors`]), panics turned into
//! `internal_error` ([`panic`]); `/api/v1` and `/api/v2` (the Co-WIN-compatible facade,
//! [`api::v2`], which renders its errors in Co-WIN's form) also have the per-IP rate limit
//! ([`limits`]). Routes are in [`routes`]; the endpoints live in `api/`.

pub mod actors;
pub mod api;
pub mod config;
pub mod error;
pub mod extractors;
pub mod health;
pub mod lang;
pub mod limits;
pub mod logging;
pub mod metrics;
pub mod openapi;
pub mod pages;
pub mod panic;
pub mod routes;
pub mod security;
pub mod state;

use std::net::{SocketAddr, TcpListener};

use actix_web::dev::{Server, ServerHandle};
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer, web};

pub use config::ServerConfig;
pub use error::{ApiError, ErrorCode};
pub use lang::RequestLanguage;
pub use state::AppState;
pub use vaxkit_core::Clock;

/// Seconds requests in flight get to finish after a shutdown signal.
pub const SHUTDOWN_TIMEOUT_SECONDS: u64 = 30;

/// Threads per worker that run use cases (database work and rendering, off the async workers).
/// More would only wait for the database pool, and each thread that allocates keeps its own
/// allocator arena: with actix's default of hundreds, a recording load held three times the
/// memory it used (docs/benchmarks.md). Requests beyond them wait in a queue, not in a thread.
pub const BLOCKING_THREADS_PER_WORKER: usize = 8;

/// A server bound to its address, ready to run.
pub struct Application {
    address: SocketAddr,
    server: Server,
    core: std::sync::Arc<vaxkit_core::Core>,
}

impl Application {
    /// Binds the listener, copies the profile's regions into the database and builds the
    /// server (not yet running); call it inside a Tokio or
    /// actix runtime, which the workers are started from.
    pub fn build(config: ServerConfig) -> std::io::Result<Application> {
        let listener = TcpListener::bind(&config.bind)?;
        let address = listener.local_addr()?;
        // Facilities refer to regions by key, so the profile's regions are copied in
        // (new ones added, renamed ones updated) before anything is served.
        let profile_regions = &config.profile.regions;
        vaxkit_core::places::sync_regions(&config.store, profile_regions)
            .map_err(std::io::Error::other)?;
        let state = web::Data::new(AppState::new(config));
        let core = std::sync::Arc::clone(&state.core);
        let server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .app_data(extractors::payload_config())
                .app_data(extractors::path_config())
                .configure(routes::config)
                .default_service(web::to(routes::not_found))
                .wrap(from_fn(panic::catch_panic))
                .wrap(from_fn(error::localize_errors))
                .wrap(from_fn(security::headers))
                .wrap(from_fn(metrics::record))
                .wrap(from_fn(logging::log_request))
        })
        .shutdown_signal(shutdown_signal())
        .shutdown_timeout(SHUTDOWN_TIMEOUT_SECONDS)
        .worker_max_blocking_threads(BLOCKING_THREADS_PER_WORKER)
        .listen(listener)?
        .run();
        Ok(Application {
            address,
            server,
            core,
        })
    }

    /// The core the handlers call: other front ends in the same process (and tests) use the
    /// same one, with the same cache and limits.
    pub fn core(&self) -> std::sync::Arc<vaxkit_core::Core> {
        std::sync::Arc::clone(&self.core)
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// The port the server listens on (the real one when the configuration asked for port 0).
    pub fn port(&self) -> u16 {
        self.address.port()
    }

    /// A handle that can stop the server.
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until a shutdown signal, then waits for requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// Resolves on SIGTERM or SIGINT (Ctrl-C). actix would treat SIGINT as a forced stop; an
/// operator pressing Ctrl-C should not cut off a citizen's booking either, so both are graceful.
/// The handlers are registered now, not when the future is first polled, so a signal that comes
/// right after start-up is not lost to the default action (killing the process).
#[cfg(unix)]
fn shutdown_signal() -> impl std::future::Future<Output = ()> + 'static {
    use actix_web::rt::signal::unix::{SignalKind, signal};
    let term = signal(SignalKind::terminate());
    let int = signal(SignalKind::interrupt());
    async move {
        match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                let term = std::pin::pin!(term.recv());
                let int = std::pin::pin!(int.recv());
                let _ = futures_util::future::select(term, int).await;
            }
            (Err(error), _) | (_, Err(error)) => {
                tracing::warn!(%error, "cannot listen for SIGTERM; only Ctrl-C stops the server");
                let _ = actix_web::rt::signal::ctrl_c().await;
            }
        }
        tracing::info!("shutdown signal received: finishing requests in flight");
    }
}

/// Resolves on Ctrl-C.
#[cfg(not(unix))]
fn shutdown_signal() -> impl std::future::Future<Output = ()> + 'static {
    async {
        let _ = actix_web::rt::signal::ctrl_c().await;
        tracing::info!("shutdown signal received: finishing requests in flight");
    }
}
