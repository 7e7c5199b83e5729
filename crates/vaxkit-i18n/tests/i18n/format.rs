//! Formatting: arguments, isolation marks, plurals, fallback and writing direction.

use vaxkit_i18n::{Arg, Locales, is_rtl};

use crate::profile;

const FSI: char = '\u{2068}';
const PDI: char = '\u{2069}';

fn eligible_args() -> Vec<Arg<'static>> {
    vec![("dose", 2.into()), ("earliest", "2021-06-01".into())]
}

#[test]
fn ui_text_keeps_isolation_marks() {
    let locales = Locales::load(None, &["en", "ar"]).unwrap();
    let text = locales.message("en", "schedule-eligible", &eligible_args());
    assert_eq!(
        text,
        format!("Eligible for dose {FSI}2{PDI} from {FSI}2021-06-01{PDI}.")
    );
    let arabic = locales.message("ar", "schedule-eligible", &eligible_args());
    assert!(
        arabic.contains(&format!("{FSI}2021-06-01{PDI}")),
        "{arabic}"
    );
}

#[test]
fn sms_text_has_no_isolation_marks() {
    let locales = Locales::load(None, &["en", "ar"]).unwrap();
    let text = locales.message_plain("en", "schedule-eligible", &eligible_args());
    assert_eq!(text, "Eligible for dose 2 from 2021-06-01.");
    let arabic = locales.message_plain("ar", "schedule-eligible", &eligible_args());
    assert_eq!(arabic, "يمكن تلقي الجرعة 2 ابتداءً من 2021-06-01.");
}

#[test]
fn plural_forms_follow_the_language() {
    let locales = Locales::load(None, &["en", "ar", "fr"]).unwrap();
    let young = |lang: &str, years: i64| {
        let args = [("min_years", years.into())];
        locales.message_plain(lang, "schedule-too-young-no-date", &args)
    };
    assert!(young("en", 1).contains("is 1 year."), "{}", young("en", 1));
    assert!(young("en", 18).contains("is 18 years."));
    assert!(young("ar", 2).contains("سنتان"));
    assert!(young("ar", 5).contains("5 سنوات"));
    assert!(young("ar", 18).contains("18 سنة"));
    assert!(young("fr", 1).contains("de 1 an"), "{}", young("fr", 1));
    assert!(!young("fr", 1).contains("1 ans"));
    assert!(young("fr", 16).contains("de 16 ans"));
}

#[test]
fn numbers_that_are_not_finite_do_not_panic() {
    let locales = Locales::load(None, &["en"]).unwrap();
    let args = [("min_years", f64::NAN.into())];
    let text = locales.message_plain("en", "schedule-too-young-no-date", &args);
    assert!(text.contains("NaN years"), "{text}");
}

#[test]
fn missing_message_falls_back_to_default_then_english_then_id() {
    let dir = profile(&[
        ("locales/eo/vaxkit.ftl", "language-name = Esperanto\n"),
        (
            "locales/en/extra.ftl",
            "only-in-english = Only in English.\n",
        ),
    ]);
    let locales = Locales::load(Some(dir.path()), &["hi", "eo"]).unwrap();
    assert_eq!(locales.message("eo", "language-name", &[]), "Esperanto");
    // Missing in eo: the profile's default language (hi) comes before English.
    assert_eq!(
        locales.message("eo", "schedule-series-complete", &[]),
        locales.message("hi", "schedule-series-complete", &[])
    );
    assert_ne!(
        locales.message("eo", "schedule-series-complete", &[]),
        "The vaccination series is complete: no further dose is due."
    );
    assert_eq!(
        locales.message("eo", "only-in-english", &[]),
        "Only in English."
    );
    assert_eq!(
        locales.message("eo", "no-such-message", &[]),
        "no-such-message"
    );
    // A language the profile does not have is served in the default language.
    assert_eq!(locales.message("de", "language-name", &[]), "हिन्दी");
}

#[test]
fn attributes_are_addressed_with_a_dot() {
    let dir = profile(&[(
        "locales/en/ui.ftl",
        "book-button = Book\n    .title = Book a slot at { $centre }\n",
    )]);
    let locales = Locales::load(Some(dir.path()), &["en"]).unwrap();
    let args = [("centre", "PHC Rampur".into())];
    assert_eq!(
        locales.message_plain("en", "book-button.title", &args),
        "Book a slot at PHC Rampur"
    );
    assert_eq!(locales.message_plain("en", "book-button", &[]), "Book");
    assert_eq!(
        locales.message_plain("en", "book-button.missing", &[]),
        "book-button.missing"
    );
}

#[test]
fn right_to_left_languages() {
    for lang in [
        "ar", "ar-EG", "AR", "he", "fa-IR", "ur_PK", "ps", "dv", "yi", "ckb", "sd", "ug",
    ] {
        assert!(is_rtl(lang), "{lang}");
    }
    for lang in [
        "en", "en-US", "hi", "sw", "es-MX", "fr", "", "sd-Deva", "garbage",
    ] {
        assert!(!is_rtl(lang), "{lang}");
    }
}
