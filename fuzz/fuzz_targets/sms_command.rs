//! A text from a feature phone as the SMS command parser reads it, with the example profile's
//! keywords in its three languages: never a panic, and a language only with a keyword.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use vaxkit_core::Core;
use vaxkit_core::sms::{self, Command};

fn core() -> &'static Core {
    static CORE: OnceLock<Core> = OnceLock::new();
    CORE.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../country-profiles/example");
        let languages = vaxkit_i18n::Locales::available_languages(Some(&dir));
        let options = vaxkit_profile::LoadOptions {
            known_languages: Some(languages),
        };
        let profile = vaxkit_profile::load(&dir, &options).unwrap();
        let locales = vaxkit_i18n::Locales::load(Some(&dir), &profile.country.languages).unwrap();
        let db = tempfile::tempdir().unwrap().keep().join("fuzz.db");
        let store = vaxkit_store::Store::open(
            &vaxkit_store::DatabaseUrl::Sqlite(db),
            vaxkit_store::Secrets::from_master(&[7u8; 32]),
            1,
        )
        .unwrap();
        Core::new(profile, locales, store, vaxkit_core::Clock::system(), None)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let core = core();
    let (command, language) = sms::parse(core, text);
    match command {
        Command::Choose(_) | Command::Help => {}
        Command::Next | Command::Book(_) | Command::Cancel => {
            let language = language.unwrap();
            assert!(core.profile.country.languages.contains(&language));
        }
    }
});
