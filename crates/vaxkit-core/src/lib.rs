//! The rules of vaxkit, once: who may register, book, record a dose, plan a session, correct
//! a record or read a report, and what each of those does to the database. Every front end —
//! the JSON API, the Co-WIN facade, the command line, and the pages, the offline vaccinator's
//! sync and the SMS commands — calls these use cases and only translates their inputs and
//! answers.
//!
//! A use case is a plain, blocking function. It takes the [`Core`] (the profile, the locales,
//! the store and the in-memory limiter and cache), an [`Actor`] where someone acts, `now`, and
//! checked inputs ([`types`]); it answers a view (serialisable, the shape every front end
//! shows) or an [`Error`]: a stable code and the arguments of its message, never an HTTP
//! status and never text in a language. Rules that read and then write run in one transaction
//! ([`vaxkit_store::Store::write`]), so a refusal leaves nothing behind.
//!
//! Modules, by what a person does: [`auth`] (login codes), [`registration`] (a citizen's
//! people), [`places`] and [`sessions`] (finding a place), [`booking`], [`vaccination`] (the
//! vaccinator's day), [`facilities`] and [`planning`] (administrators), [`staff`],
//! [`corrections`], [`aefi`], [`reports`] and [`counters`], [`certificates`], [`notices`]
//! (the texts sent, and the scheduled reminders) and [`sms`] (commands from feature phones). Shared: [`actor`],
//! [`audit`], [`error`], [`types`], [`schedule`] (the schedule engine's answers as messages),
//! [`clock`], [`limits`], [`lockout`], [`cache`].

pub mod actor;
pub mod aefi;
pub mod audit;
pub mod auth;
pub mod booking;
pub mod cache;
pub mod certificates;
pub mod clock;
pub mod corrections;
pub mod counters;
pub mod error;
pub mod facilities;
pub mod limits;
pub mod lockout;
pub mod notices;
pub mod places;
pub mod planning;
pub mod registration;
pub mod reports;
pub mod schedule;
pub mod sessions;
pub mod sms;
pub mod staff;
pub mod token_cache;
pub mod types;
pub mod vaccination;

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use vaxkit_i18n::Locales;
use vaxkit_profile::Profile;
use vaxkit_store::{DbConnection, Store};

pub use actor::{Actor, Citizen};
pub use cache::TtlCache;
pub use certificates::Certifier;
pub use clock::Clock;
pub use error::{Error, ErrorCode, Result};
pub use limits::RateLimiter;
pub use staff::{Role, StaffMember};

/// What every use case works with: the checked profile, its languages, the database, the clock
/// front ends read "now" from, the in-memory rate limiter and answer cache, and the certificate
/// signer when keys are set up. One per process, shared by every front end.
pub struct Core {
    /// The country profile.
    pub profile: Profile,
    /// The profile's languages, ready to format texts that are sent (SMS, email, PDF).
    pub locales: Locales,
    /// The database.
    pub store: Store,
    /// The only source of "now".
    pub clock: Clock,
    /// Request limits per key (IP address, mobile number, username).
    pub limiter: RateLimiter,
    /// Short-lived public answers (session search), dropped when capacity changes.
    pub cache: TtlCache,
    /// Printable certificates already drawn, by the hash of what they show (see
    /// [`certificates::pdf`]).
    pub pdfs: TtlCache,
    /// The summed counter rows of recent reports, by report and days (see [`reports`]).
    pub reports: TtlCache,
    /// Wrong staff passwords per username and source.
    pub logins: lockout::LoginGuard,
    /// Staff tokens checked in the last seconds.
    pub staff_tokens: staff::TokenCache,
    /// Citizens' tokens checked in the last seconds.
    pub citizen_tokens: auth::TokenCache,
    /// Certificate signing, when keys are set up.
    pub certifier: Option<Certifier>,
    /// Doses this process recorded (replays of a retried request not counted), for `/metrics`.
    doses_recorded: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Core")
            .field("country", &self.profile.country.code)
            .field("store", &self.store)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl Core {
    /// The core of a server or a command: a checked profile, its locales, an opened and migrated
    /// store, a clock, and the certificate signer if there is one.
    pub fn new(
        profile: Profile,
        locales: Locales,
        store: Store,
        clock: Clock,
        certifier: Option<Certifier>,
    ) -> Self {
        Self {
            limiter: RateLimiter::new(clock.clone(), limits::DEFAULT_MAX_KEYS),
            cache: TtlCache::new(clock.clone(), cache::DEFAULT_MAX_ENTRIES),
            pdfs: TtlCache::new(clock.clone(), certificates::PDFS_KEPT),
            reports: TtlCache::new(clock.clone(), reports::REPORTS_KEPT),
            logins: lockout::LoginGuard::new(),
            staff_tokens: staff::TokenCache::new(clock.clone()),
            citizen_tokens: auth::TokenCache::new(clock.clone()),
            profile,
            locales,
            store,
            clock,
            certifier,
            doses_recorded: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Doses this process has recorded since it started; a replay of a retried request is not
    /// a new dose and is not counted.
    pub fn doses_recorded(&self) -> u64 {
        self.doses_recorded
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// Counts a dose once its transaction has committed.
    pub(crate) fn count_recorded(&self, recorded: &vaccination::Recorded) {
        if !recorded.replayed {
            self.doses_recorded
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        }
    }

    /// Runs work in one transaction on the writer; any error the work returns (a refusal or a
    /// database error) rolls it all back.
    pub fn write<T>(&self, work: impl FnMut(&mut DbConnection) -> Result<T>) -> Result<T> {
        self.store.write(work)
    }

    /// Runs read-only work on a reader connection.
    pub fn read<T>(&self, work: impl FnMut(&mut DbConnection) -> Result<T>) -> Result<T> {
        self.store.read_as(work)
    }

    /// Whether the database answers (for readiness probes).
    pub fn ping(&self) -> Result<()> {
        Ok(self.store.ping()?)
    }

    /// The day `now` falls on in the country's time zone.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        self.profile.local_date(now)
    }

    /// How long a public search answer may be served from the cache (the profile's
    /// `appointments.search_cache_seconds`).
    pub fn search_ttl(&self) -> Duration {
        Duration::from_secs(
            u64::try_from(self.profile.appointments.search_cache_seconds).unwrap_or(0),
        )
    }

    /// A language of the profile: `lang` if the profile offers it, else its default.
    pub fn language_or_default<'a>(&'a self, lang: &'a str) -> &'a str {
        if self.profile.country.languages.iter().any(|l| l == lang) {
            lang
        } else {
            self.profile.country.default_language()
        }
    }
}
