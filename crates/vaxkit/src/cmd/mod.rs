//! One module per top-level command, plus what they share.

pub mod cert;
pub mod db;
pub mod demo;
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

use std::path::{Path, PathBuf};

use vaxkit_core::Core;
use vaxkit_profile::{LoadOptions, Profile};
use vaxkit_store::{DatabaseUrl, Secrets, Store};

/// The database `serve` and `migrate` use when neither `--database` nor `DATABASE_URL` is given.
pub const DEFAULT_DATABASE: &str = "sqlite:./vaxkit.db";

/// The profile `serve` and `demo` use when none is given.
pub const DEFAULT_PROFILE: &str = "country-profiles/example";

/// The example profile, built into the binary so that an installed `vaxkit serve` starts without
/// a checkout beside it.
static BUILTIN_PROFILE: include_dir::Dir<'static> =
    include_dir::include_dir!("$CARGO_MANIFEST_DIR/../../country-profiles/example");

/// The built-in example profile written out to a private temporary folder (the profile loader
/// reads folders, and its errors name files and lines); the folder is removed when this is
/// dropped.
pub struct BuiltinProfile {
    dir: PathBuf,
}

impl BuiltinProfile {
    /// Writes the built-in profile to a new folder readable by this user only.
    pub fn extract() -> Result<Self, String> {
        use std::time::{SystemTime, UNIX_EPOCH};
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "vaxkit-builtin-profile-{}-{nanos}",
            std::process::id()
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(&dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?;
        let profile = Self { dir };
        write_dir(&BUILTIN_PROFILE, &profile.dir)?;
        Ok(profile)
    }

    /// The folder it was written to.
    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for BuiltinProfile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn write_dir(dir: &include_dir::Dir<'_>, to: &Path) -> Result<(), String> {
    for file in dir.files() {
        let path = to.join(file.path().file_name().unwrap_or_default());
        std::fs::write(&path, file.contents()).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    for sub in dir.dirs() {
        let path = to.join(sub.path().file_name().unwrap_or_default());
        std::fs::create_dir(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        write_dir(sub, &path)?;
    }
    Ok(())
}

/// The profile folder a command runs on: the one named, else `country-profiles/example` when
/// it is there (a checkout), else the example built into the binary (an installed binary),
/// which the caller must keep alive while it uses the folder.
pub fn profile_dir(named: Option<PathBuf>) -> Result<(PathBuf, Option<BuiltinProfile>), String> {
    if let Some(dir) = named {
        return Ok((dir, None));
    }
    let default = PathBuf::from(DEFAULT_PROFILE);
    if default.join("profile.toml").is_file() {
        return Ok((default, None));
    }
    let builtin = BuiltinProfile::extract()?;
    Ok((builtin.path().to_path_buf(), Some(builtin)))
}

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

/// The database's secret key when one is configured (`VAXKIT_SECRET_KEY`,
/// `VAXKIT_SECRET_KEY_FILE`, or an existing key file beside a SQLite database), else a stand-in
/// that seals nothing the server reads: no key file is created. Commands that only change the
/// schema, facilities, sessions or staff work without the key; sealing the rows an older
/// release stored in plain text, or a notice to a citizen, needs the real one.
pub fn configured_secrets(url: &DatabaseUrl) -> Result<Secrets, String> {
    let sqlite_path = match url {
        DatabaseUrl::Sqlite(path) => Some(path.as_path()),
        DatabaseUrl::Postgres(_) => None,
    };
    Ok(Secrets::load_existing(sqlite_path)
        .map_err(|e| e.to_string())?
        .map_or_else(|| Secrets::from_master(&[0u8; 32]), |(secrets, _)| secrets))
}

/// The core for a command that changes facilities, sessions or staff: the profile with its
/// locales, the database opened and migrated, and the system clock. These commands read no
/// identity number; the secret key, when configured, seals the notices they queue (a
/// cancelled session's) and opens the mobile numbers they go to.
pub fn open_core(profile_dir: &Path, database: &str) -> Result<Core, String> {
    open_core_as(profile_dir, database, false)
}

/// The core for a command that reads mobile numbers and queues messages to them (the scheduled
/// notices): as [`open_core`], with the database's own secret key, required and checked.
pub fn open_core_with_key(profile_dir: &Path, database: &str) -> Result<Core, String> {
    open_core_as(profile_dir, database, true)
}

fn open_core_as(profile_dir: &Path, database: &str, key_required: bool) -> Result<Core, String> {
    let profile = load_profile(profile_dir)?;
    let locales = vaxkit_i18n::Locales::load(Some(profile_dir), &profile.country.languages)
        .map_err(|e| e.to_string())?;
    let url = DatabaseUrl::parse(database).map_err(|e| e.to_string())?;
    let secrets = if key_required {
        let sqlite_path = match &url {
            DatabaseUrl::Sqlite(path) => Some(path.as_path()),
            DatabaseUrl::Postgres(_) => None,
        };
        Secrets::load(sqlite_path).map_err(|e| e.to_string())?.0
    } else {
        configured_secrets(&url)?
    };
    let store = Store::open(&url, secrets, 1).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    if key_required {
        store.check_key().map_err(|e| e.to_string())?;
    }
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
