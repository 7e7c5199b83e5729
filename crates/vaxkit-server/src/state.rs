//! What every handler can reach, shared by all workers in one `web::Data<AppState>`: the core
//! (profile, locales, store, clock, limiter, cache, certificate signer) and what only HTTP needs
//! (the trusted reverse proxies).

use std::net::IpAddr;
use std::sync::Arc;

use actix_web::{HttpRequest, web};
use vaxkit_core::Core;

use crate::config::ServerConfig;
use crate::error::ApiError;
use crate::limits;
use crate::pages::templates::Templates;

/// The application state; handlers take it as `web::Data<AppState>`.
pub struct AppState {
    /// The use cases' world: profile, locales, store, clock, limiter, cache, signer.
    pub core: Arc<Core>,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// The SMS gateway's inbound secret (see [`ServerConfig::inbound_sms_secret`]).
    pub inbound_sms_secret: Option<String>,
    /// The web pages' templates and static files (the profile's overrides first).
    pub pages: Templates,
    /// `/readyz` pings in flight (see [`crate::health`]).
    pub ready_pings: Arc<std::sync::atomic::AtomicUsize>,
    /// What `/metrics` reports; none if they could not be set up (then `/metrics` says so).
    pub metrics: Option<crate::metrics::Metrics>,
}

impl AppState {
    /// State for a server configuration.
    pub fn new(config: ServerConfig) -> Self {
        let ServerConfig {
            profile,
            locales,
            store,
            clock,
            bind: _,
            trusted_proxies,
            certificates,
            inbound_sms_secret,
        } = config;
        let core = Arc::new(Core::new(profile, locales, store, clock, certificates));
        Self {
            pages: Templates::new(Arc::clone(&core)),
            core,
            trusted_proxies,
            inbound_sms_secret,
            ready_pings: Arc::default(),
            metrics: crate::metrics::Metrics::new()
                .inspect_err(|e| tracing::error!("metrics not set up: {e}"))
                .ok(),
        }
    }

    /// The client's address: the peer, or the address a trusted proxy forwarded.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        limits::client_ip(req, &self.trusted_proxies)
    }

    /// Runs a use case off the async workers (use cases block on the database).
    pub async fn run<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Core) -> vaxkit_core::Result<T> + Send + 'static,
    {
        let core = Arc::clone(&self.core);
        Ok(web::block(move || work(&core)).await??)
    }
}
