//! What every handler can reach, shared by all workers in one `web::Data<AppState>`: the
//! profile, the locales, the store, the clock, the rate limiter and the answer cache.

use std::net::IpAddr;
use std::time::Duration;

use actix_web::{HttpRequest, web};
use vaxkit_i18n::Locales;
use vaxkit_profile::Profile;
use vaxkit_store::{DbConnection, Store, StoreResult};

use crate::cache::{self, TtlCache};
use crate::clock::Clock;
use crate::config::ServerConfig;
use crate::error::ApiError;
use crate::limits::{self, RateLimiter};

/// The application state; handlers take it as `web::Data<AppState>`.
pub struct AppState {
    /// The country profile.
    pub profile: Profile,
    /// The profile's languages, ready to format.
    pub locales: Locales,
    /// The database.
    pub store: Store,
    /// The only source of "now".
    pub clock: Clock,
    /// Request limits per key (IP address, mobile number...).
    pub limiter: RateLimiter,
    /// Short-lived public answers (session search).
    pub cache: TtlCache,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<IpAddr>,
    /// Certificate signing, when keys are set up.
    pub certifier: Option<crate::certificates::Certifier>,
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
        } = config;
        Self {
            limiter: RateLimiter::new(clock.clone(), limits::DEFAULT_MAX_KEYS),
            cache: TtlCache::new(clock.clone(), cache::DEFAULT_MAX_ENTRIES),
            profile,
            locales,
            store,
            clock,
            trusted_proxies,
            certifier: certificates,
        }
    }

    /// The client's address: the peer, or the address a trusted proxy forwarded.
    pub fn client_ip(&self, req: &HttpRequest) -> Option<IpAddr> {
        limits::client_ip(req, &self.trusted_proxies)
    }

    /// How long a public search answer may be served from the cache (the profile's
    /// `appointments.search_cache_seconds`).
    pub fn search_ttl(&self) -> Duration {
        Duration::from_secs(
            u64::try_from(self.profile.appointments.search_cache_seconds).unwrap_or(0),
        )
    }

    /// Runs read-only database work off the async workers.
    pub async fn read<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> StoreResult<T> + Send + 'static,
    {
        let store = self.store.clone();
        Ok(web::block(move || store.read(work)).await??)
    }

    /// Runs read-only work that checks as it reads (and may refuse with an API error) on
    /// a reader connection, off the async workers.
    pub async fn read_checked<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    {
        let store = self.store.clone();
        web::block(move || store.read_as(work)).await?
    }

    /// Runs database work in one transaction on the writer, off the async workers.
    pub async fn write<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut DbConnection) -> StoreResult<T> + Send + 'static,
    {
        let store = self.store.clone();
        Ok(web::block(move || store.write(work)).await??)
    }
}
