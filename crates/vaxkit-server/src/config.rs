//! What the application is built from. The `vaxkit serve` command (or a test) loads and checks
//! each part first, so building the server cannot fail on configuration, only on binding.

use std::net::IpAddr;

use vaxkit_i18n::Locales;
use vaxkit_profile::Profile;
use vaxkit_store::Store;

use vaxkit_core::Clock;

/// Everything [`crate::Application::build`] needs.
#[derive(Debug)]
pub struct ServerConfig {
    /// The checked country profile.
    pub profile: Profile,
    /// The profile's languages.
    pub locales: Locales,
    /// The opened, migrated database.
    pub store: Store,
    /// Address to listen on, e.g. `127.0.0.1:8080`; port 0 picks a free port.
    pub bind: String,
    /// The clock: [`Clock::system`] in production, [`Clock::fixed`] in tests.
    pub clock: Clock,
    /// Reverse proxies whose `X-Forwarded-For` names the client (empty: the peer is the client).
    pub trusted_proxies: Vec<IpAddr>,
    /// Certificate signing keys and the public URL; `None` serves no certificates.
    pub certificates: Option<vaxkit_core::Certifier>,
    /// What proves a text came from the profile's SMS gateway: Twilio's auth token, or the
    /// shared secret of `notifications.sms.inbound_secret_env`; `None` refuses every text.
    pub inbound_sms_secret: Option<String>,
}
