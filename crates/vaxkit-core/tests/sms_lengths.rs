//! Every text the core sends by SMS, in every language of every shipped profile, with long
//! but realistic arguments, fits the profile's segment limit (GSM-7 or UCS-2, counted as the
//! gateway will), and the answers to SMS commands fit two SMS.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use vaxkit_core::notices::MESSAGES;
use vaxkit_core::sms::MAX_ANSWER_SEGMENTS;
use vaxkit_i18n::{FluentValue, Locales, segments};

fn profiles() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("profile.toml").is_file())
        .collect();
    dirs.sort();
    assert!(dirs.len() >= 5, "the shipped profiles: {dirs:?}");
    dirs
}

/// A long, realistic value for a variable, in the script of the language where it matters.
fn value(lang: &str, name: &str, public_url: &str) -> FluentValue<'static> {
    let text = |s: String| FluentValue::from(s);
    match name {
        "name" => text(
            match lang {
                "hi" => "रामप्रसाद विश्वनाथ चतुर्वेदी",
                "ar" => "عبد الرحمن محمد الهاشمي",
                _ => "Maria Fernanda Oyelaran-Whitfield",
            }
            .to_string(),
        ),
        "facility" => text(
            match lang {
                "hi" => "सामुदायिक स्वास्थ्य केंद्र, सेक्टर 12",
                "ar" => "مركز الرعاية الصحية الأولية، الحي 12",
                _ => "Community Health Centre, Sector 12 North",
            }
            .to_string(),
        ),
        "reference" => text("B7K2Q9XWDM4P".to_string()),
        "date" => text("2026-12-24".to_string()),
        "slot" => text("09:00-11:00".to_string()),
        "code" => text("4821".to_string()),
        "minutes" => FluentValue::from(3),
        "dose" => FluentValue::from(2),
        "number" => FluentValue::from(4),
        "vaccine" => text("Comirnaty (Pfizer-BioNTech)".to_string()),
        "postal_code" => text("110001".to_string()),
        "link" => text(format!(
            "{}/certificates/B7K2Q9XWDM4P",
            public_url.trim_end_matches('/')
        )),
        "reason" => text("Too early for dose 2: it can be given from 2026-12-24.".to_string()),
        other => panic!("no sample value for ${other}: add one to this test"),
    }
}

#[test]
fn every_sms_fits_the_segment_limit_of_every_shipped_profile_in_every_language() {
    // A long public address, as a ministry's might be.
    let public_url = "https://vaccination.health.ministry.example.gov";
    let mut checked = 0;
    let mut too_long = Vec::new();
    for dir in profiles() {
        let options = vaxkit_profile::LoadOptions {
            known_languages: Some(Locales::available_languages(Some(&dir))),
        };
        let profile = vaxkit_profile::load(&dir, &options)
            .unwrap_or_else(|d| panic!("{}: {d}", dir.display()));
        let limit = u32::try_from(profile.notifications.sms.max_segments).unwrap();
        let locales = Locales::load(Some(&dir), &profile.country.languages).unwrap();
        for lang in &profile.country.languages {
            for (id, vars) in MESSAGES {
                let args: Vec<(&str, FluentValue<'_>)> = vars
                    .iter()
                    .map(|v| (*v, value(lang, v, public_url)))
                    .collect();
                let text = locales.message_plain(lang, id, &args);
                assert!(
                    !text.contains('\u{2068}') && !text.contains('\u{2069}'),
                    "{id} in {lang} carries isolation marks"
                );
                assert!(
                    !text.contains("{$") && !text.contains("{ $"),
                    "{id} in {lang} left a variable unfilled: {text}"
                );
                let size = segments::count(&text);
                let allowed = if id.starts_with("sms-cmd-") || id.starts_with("sms-keyword-") {
                    limit.min(MAX_ANSWER_SEGMENTS)
                } else {
                    limit
                };
                if size.count > usize::try_from(allowed).unwrap() {
                    too_long.push(format!(
                        "{} {lang} {id}: {} {} units = {} SMS (limit {allowed}): {text}",
                        dir.file_name().unwrap().to_string_lossy(),
                        size.encoding.name(),
                        size.units,
                        size.count
                    ));
                }
                checked += 1;
            }
        }
    }
    assert!(too_long.is_empty(), "{}", too_long.join("\n"));
    assert!(checked > 100, "{checked} texts checked");
}

#[test]
fn keywords_differ_within_each_language() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../country-profiles/example");
    let langs = ["en", "fr", "es", "sw", "hi", "ar"];
    let locales = Locales::load(Some(&dir), &langs).unwrap();
    for lang in langs {
        let mut words: Vec<String> = [
            "sms-keyword-next",
            "sms-keyword-book",
            "sms-keyword-cancel",
            "sms-keyword-help",
        ]
        .iter()
        .map(|id| locales.message_plain(lang, id, &[]).to_lowercase())
        .collect();
        assert!(
            words.iter().all(|w| !w.contains(' ') && !w.is_empty()),
            "{lang}: a keyword is one word: {words:?}"
        );
        words.sort();
        words.dedup();
        assert_eq!(words.len(), 4, "{lang}: four different keywords");
    }
}
