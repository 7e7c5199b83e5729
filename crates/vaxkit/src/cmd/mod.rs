//! One module per top-level command, plus what they share.

pub mod cert;
pub mod demo;
pub mod facility_csv;
pub mod forecast;
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

use vaxkit_core::Core;
use vaxkit_profile::{LoadOptions, Profile};
use vaxkit_store::{DatabaseUrl, Secrets, Store};

/// The database `serve` and `migrate` use when neither `--database` nor `DATABASE_URL` is given.
pub const DEFAULT_DATABASE: &str = "sqlite:./vaxkit.db";

/// The profile `serve` and `demo` use when none is given.
pub const DEFAULT_PROFILE: &str = "country-profiles/example";

/// Loads a profile the way every command does: with the languages that have locales. A folder
/// that is not there gets a hint on how to name one (an installed binary has no checkout beside
/// it, so the default folder is often missing).
pub fn load_profile(dir: &Path) -> Result<Profile, String> {
    vaxkit_profile::load(dir, &load_options(dir)).map_err(|d| {
        let mut message = d.to_string();
        if !dir.join("profile.toml").is_file() {
            message.push_str(
                "\n  help: name the country profile with --profile DIR: the folder that holds \
                 profile.toml (a vaxkit checkout has them under country-profiles/, e.g. \
                 country-profiles/example)",
            );
        }
        message
    })
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

/// The core for a command that changes facilities, sessions or staff: the profile with its
/// locales, the database opened and migrated, and the system clock. These commands never read
/// or write an identity number, so the database's secret key is not needed.
pub fn open_core(profile_dir: &Path, database: &str) -> Result<Core, String> {
    let profile = load_profile(profile_dir)?;
    let locales = vaxkit_i18n::Locales::load(Some(profile_dir), &profile.country.languages)
        .map_err(|e| e.to_string())?;
    let url = DatabaseUrl::parse(database).map_err(|e| e.to_string())?;
    let store =
        Store::open(&url, Secrets::from_master(&[0u8; 32]), 1).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    vaxkit_core::places::sync_regions(&store, &profile.regions).map_err(|e| e.to_string())?;
    Ok(Core::new(
        profile,
        locales,
        store,
        vaxkit_core::Clock::system(),
        None,
    ))
}

/// A refusal of the core as the terminal shows it: the message in English, then its code.
pub fn refusal(core: &Core, error: &vaxkit_core::Error) -> String {
    format!(
        "{} [{}]",
        core.locales
            .render_plain(vaxkit_i18n::BASE_LANGUAGE, &error.message()),
        error.code()
    )
}
