//! One module per top-level command, plus what they share.

pub mod cert;
pub mod demo;
pub mod id;
pub mod import;
pub mod keys;
pub mod locales;
pub mod migrate;
pub mod notify;
pub mod profile;
pub mod schedule;
pub mod serve;
pub mod user;

use std::path::Path;

use vaxkit_profile::{LoadOptions, Profile};

/// The database `serve` and `migrate` use when neither `--database` nor `DATABASE_URL` is given.
pub const DEFAULT_DATABASE: &str = "sqlite:./vaxkit.db";

/// The profile `serve` and `demo` use when none is given.
pub const DEFAULT_PROFILE: &str = "country-profiles/example";

/// Loads a profile the way every command does: with the languages that have locales.
pub fn load_profile(dir: &Path) -> Result<Profile, String> {
    vaxkit_profile::load(dir, &load_options(dir)).map_err(|d| d.to_string())
}

/// Load options that check each profile language against the shipped and profile locales.
pub fn load_options(dir: &Path) -> LoadOptions {
    LoadOptions {
        known_languages: Some(vaxkit_i18n::Locales::available_languages(Some(dir))),
    }
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(s: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date: use YYYY-MM-DD"))
}

/// Today in the profile's time zone: the one place the CLI reads the clock.
pub fn today(profile: &Profile) -> chrono::NaiveDate {
    profile.local_date(chrono::Utc::now())
}
