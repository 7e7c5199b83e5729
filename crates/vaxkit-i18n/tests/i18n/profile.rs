//! Profile locales in temporary folders: overrides, new languages, gaps and broken files.

use vaxkit_i18n::{GapKind, I18nError, Locales, check_completeness};

use crate::{profile, write};

#[test]
fn profile_message_overrides_the_shipped_one() {
    let dir = profile(&[(
        "locales/hi/override.ftl",
        "schedule-series-complete = सभी खुराकें पूरी (प्रोफ़ाइल)।\n",
    )]);
    let locales = Locales::load(Some(dir.path()), &["hi"]).unwrap();
    assert_eq!(
        locales.message("hi", "schedule-series-complete", &[]),
        "सभी खुराकें पूरी (प्रोफ़ाइल)।"
    );
    // The other shipped Hindi messages stay.
    assert_eq!(locales.message("hi", "language-name", &[]), "हिन्दी");
    // Without the profile, the shipped message.
    let shipped = Locales::load(None, &["hi"]).unwrap();
    assert_ne!(
        shipped.message("hi", "schedule-series-complete", &[]),
        "सभी खुराकें पूरी (प्रोफ़ाइल)।"
    );
}

#[test]
fn profile_adds_a_language() {
    let dir = profile(&[(
        "locales/eo/vaxkit.ftl",
        "language-name = Esperanto\nid-valid = Valida numero de { $scheme }.\n",
    )]);
    assert!(Locales::available_languages(Some(dir.path())).contains(&"eo".to_owned()));
    assert!(!Locales::available_languages(None).contains(&"eo".to_owned()));
    let locales = Locales::load(Some(dir.path()), &["eo", "en"]).unwrap();
    assert_eq!(
        locales.message_plain("eo", "id-valid", &[("scheme", "CURP".into())]),
        "Valida numero de CURP."
    );
    assert_eq!(locales.negotiate("eo-XX"), "eo");
}

#[test]
fn a_language_without_a_locale_is_an_error() {
    let error = Locales::load(None, &["en", "eo"]).unwrap_err();
    assert!(
        matches!(&error, I18nError::UnknownLanguage { language, .. } if language == "eo"),
        "{error}"
    );
    assert!(error.to_string().contains("locales/eo/"), "{error}");
    let error = check_completeness(None, &["eo"], "en").unwrap_err();
    assert!(
        matches!(error, I18nError::UnknownLanguage { .. }),
        "{error}"
    );
    let error = Locales::load(None, &["../en"]).unwrap_err();
    assert!(matches!(error, I18nError::InvalidLanguage(_)), "{error}");
    let error = Locales::load(None, &[] as &[String]).unwrap_err();
    assert!(matches!(error, I18nError::NoLanguages), "{error}");
}

/// A base ("ia") and a translation ("eo") written for the test, so every gap is known.
const BASE: &str = "\
greeting = Hello { $name }.
reminder = Dose { $dose } on { $date }.
status = { $count ->
        [one] One dose
       *[other] { $count } doses
    }
book-button = Book
    .title = Book at { $centre }
gone = Only in the base.
";

const TRANSLATION: &str = "\
greeting = Saluton { $name }.
reminder = Dozo { $dose }.
status = { $number ->
        [one] Unu dozo
       *[other] { $number } dozoj
    }
book-button = Rezervi
    .tooltip = Rezervi
extra = Nur en Esperanto { -brand }.
";

#[test]
fn gaps_are_reported_with_file_message_and_kind() {
    let dir = profile(&[
        ("locales/ia/base.ftl", BASE),
        ("locales/eo/base.ftl", TRANSLATION),
    ]);
    let gaps = check_completeness(Some(dir.path()), &["eo"], "ia").unwrap();
    let file = dir.path().join("locales/eo/base.ftl");
    let found: Vec<(&str, Option<&str>, &GapKind)> = gaps
        .iter()
        .map(|gap| (gap.message.as_str(), gap.attribute.as_deref(), &gap.kind))
        .collect();
    let variable = |name: &str| name.to_owned();
    assert_eq!(
        found,
        [
            (
                "reminder",
                None,
                &GapKind::MissingVariable(variable("date"))
            ),
            ("status", None, &GapKind::MissingVariable(variable("count"))),
            ("status", None, &GapKind::ExtraVariable(variable("number"))),
            ("book-button", Some("title"), &GapKind::MissingAttribute),
            ("book-button", Some("tooltip"), &GapKind::OrphanAttribute),
            ("gone", None, &GapKind::MissingMessage),
            ("extra", None, &GapKind::OrphanMessage),
            (
                "extra",
                None,
                &GapKind::UnknownReference("-brand".to_owned())
            ),
        ]
    );
    assert!(
        gaps.iter()
            .all(|gap| gap.language == "eo" && gap.file == file)
    );
    assert_eq!(
        gaps[0].to_string(),
        format!("{}: reminder: missing variable $date", file.display())
    );
    assert_eq!(
        gaps[3].to_string(),
        format!("{}: book-button.title: missing attribute", file.display())
    );
}

#[test]
fn variables_are_found_anywhere_in_the_pattern() {
    let dir = profile(&[
        (
            "locales/ia/base.ftl",
            "due = { $when }\n    .label = { NUMBER($dose) } { $kind -> \n        [a] { $x }\n       *[b] { { $y } }\n    }\n",
        ),
        (
            "locales/eo/base.ftl",
            "due = { $when }\n    .label = { $kind -> \n        [a] { NUMBER($dose) }\n       *[b] { $x } { $y }\n    }\n",
        ),
        (
            "locales/io/base.ftl",
            "due = { $when }\n    .label = { $kind } { $x }\n",
        ),
    ]);
    let gaps = check_completeness(Some(dir.path()), &["eo", "io"], "ia").unwrap();
    let shown: Vec<String> = gaps.iter().map(|gap| gap.kind.to_string()).collect();
    assert_eq!(shown, ["missing variable $dose", "missing variable $y"]);
    assert!(gaps.iter().all(|gap| gap.language == "io"));
}

#[test]
fn shipped_locales_are_checked_with_profile_overrides() {
    let dir = profile(&[(
        "locales/hi/override.ftl",
        "schedule-too-early = अभी बहुत जल्दी है: { $when }।\n",
    )]);
    let gaps = check_completeness(Some(dir.path()), &["hi"], "en").unwrap();
    let shown: Vec<String> = gaps.iter().map(ToString::to_string).collect();
    let file = dir.path().join("locales/hi/override.ftl");
    let file = file.display();
    assert_eq!(
        shown,
        [
            format!("{file}: schedule-too-early: missing variable $dose"),
            format!("{file}: schedule-too-early: missing variable $earliest"),
            format!("{file}: schedule-too-early: extra variable $when, not in the base"),
        ]
    );
}

#[test]
fn a_new_base_message_is_missing_where_the_profile_must_add_it() {
    let dir = profile(&[("locales/en/clinic.ftl", "clinic-hours = Open { $hours }.\n")]);
    let gaps = check_completeness(Some(dir.path()), &["en", "hi"], "en").unwrap();
    let shown: Vec<String> = gaps.iter().map(ToString::to_string).collect();
    let file = dir.path().join("locales/hi/clinic.ftl");
    assert_eq!(
        shown,
        [format!("{}: clinic-hours: missing message", file.display())]
    );
}

#[test]
fn syntax_errors_name_file_line_and_column() {
    let dir = profile(&[(
        "locales/hi/broken.ftl",
        "good = ठीक\n\nbad message without equals\nalso-bad = { $unclosed\nfine = ठीक\n",
    )]);
    let file = dir.path().join("locales/hi/broken.ftl");
    for error in [
        Locales::load(Some(dir.path()), &["hi"]).unwrap_err(),
        check_completeness(Some(dir.path()), &["hi"], "en").unwrap_err(),
    ] {
        let I18nError::Parse(errors) = &error else {
            panic!("expected a parse error, got {error}");
        };
        assert_eq!(errors.len(), 2, "{error}");
        assert!(errors.iter().all(|e| e.file == file));
        assert_eq!((errors[0].line, errors[0].column), (3, 5));
        // The unclosed `{` is noticed on the next line; the message points back at its entry.
        assert_eq!(errors[1].line, 5);
        assert!(
            errors[1].message.ends_with("(in the entry from line 4)"),
            "{error}"
        );
        assert!(
            error.to_string().starts_with(&format!(
                "{}:3:5: Expected a token starting with \"=\"",
                file.display()
            )),
            "{error}"
        );
    }
}

#[test]
fn invalid_utf8_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "locales/hi/latin1.ftl",
        b"ok = fine\nbad = caf\xe9\n",
    );
    let error = Locales::load(Some(dir.path()), &["hi"]).unwrap_err();
    let I18nError::Parse(errors) = &error else {
        panic!("expected a parse error, got {error}");
    };
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].file, dir.path().join("locales/hi/latin1.ftl"));
    assert_eq!((errors[0].line, errors[0].column), (2, 10));
    assert!(error.to_string().contains("not valid UTF-8"), "{error}");
}

#[test]
fn a_message_defined_twice_in_the_profile_is_an_error() {
    let dir = profile(&[
        ("locales/hi/a.ftl", "clinic = एक\n"),
        ("locales/hi/b.ftl", "clinic = दो\n"),
    ]);
    let error = Locales::load(Some(dir.path()), &["hi"]).unwrap_err();
    let I18nError::Duplicate { file, id, first } = &error else {
        panic!("expected a duplicate, got {error}");
    };
    assert_eq!(id, "clinic");
    assert_eq!(first, &dir.path().join("locales/hi/a.ftl"));
    assert_eq!(file, &dir.path().join("locales/hi/b.ftl"));
}

#[test]
fn a_profile_message_left_in_the_base_language_is_a_warning() {
    let dir = profile(&[(
        "locales/eo/vaxkit.ftl",
        concat!(
            "language-name = Esperanto\n",
            "id-valid = Valid { $scheme } number.\n",
            "gender-female = Ino\n",
        ),
    )]);
    let en = Locales::load(None, &["en"]).unwrap();
    assert_eq!(
        en.message_plain("en", "id-valid", &[("scheme", "X".into())]),
        "Valid X number.",
        "the test copies the English text"
    );
    let warnings = vaxkit_i18n::same_as_base(dir.path(), &["eo"], "en").unwrap();
    let ids: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(ids, ["id-valid"], "{warnings:?}");
    assert_eq!(warnings[0].kind, GapKind::SameAsBase);
    assert!(warnings[0].file.ends_with("locales/eo/vaxkit.ftl"));
    // The shipped locales are translations, not copies.
    let shipped = vaxkit_i18n::same_as_base(dir.path(), &["fr", "hi", "ar"], "en").unwrap();
    assert!(shipped.is_empty(), "{shipped:?}");
}
