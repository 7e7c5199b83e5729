//! The error shape: JSON for every failure, in the request's language, and a message for every
//! code in every shipped locale.
//!
//! Malformed, mistyped, oversized and unknown-field JSON bodies are tested in the crate's unit
//! tests (`src/extractors.rs`) and through real routes in the endpoints' tests.

use reqwest::StatusCode;
use vaxkit_i18n::{BASE_LANGUAGE, Locales, check_completeness};
use vaxkit_server::{ApiError, ErrorCode};

use crate::helpers::assert_error;

both_backends!(unknown_routes_are_404_json, |app| async move {
    for path in ["/nothing-here", "/api/v1/nothing-here"] {
        let message = assert_error(app.get(path).await, StatusCode::NOT_FOUND, "not_found").await;
        assert_eq!(message, "Nothing was found at this address.", "{path}");
    }
    // `/` is the home page (see pages.rs).
    let home = app.get("/").await;
    assert_eq!(home.status(), StatusCode::OK);
    assert!(
        home.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
});

// Unknown paths under `/api/v2` answer in Co-WIN's error form: see `cowin.rs`.

both_backends!(wrong_methods_are_405_json, |app| async move {
    let response = app.delete("/api/v1/openapi.json").await;
    assert_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
    let response = app
        .post_raw("/api/v1/openapi.json", "application/json", b"{}".to_vec())
        .await;
    assert_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
});

both_backends!(errors_speak_the_accept_language, |app| async move {
    let fr = app.get_in("/nope", "fr-FR, en;q=0.5").await;
    let fr = assert_error(fr, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(fr, "Rien n’a été trouvé à cette adresse.");

    let ar = app.get_in("/api/v1/nope", "ar").await;
    let ar = assert_error(ar, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(ar, "لم يُعثر على شيء في هذا العنوان.");

    // A language the profile does not offer gets the profile's default (English).
    let de = app.get_in("/nope", "de").await;
    let de = assert_error(de, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(de, "Nothing was found at this address.");
});

both_backends!(lang_parameter_wins_over_the_header, |app| async move {
    let response = app.get_in("/nope?lang=ar", "fr").await;
    let message = assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    assert_eq!(message, "لم يُعثر على شيء في هذا العنوان.");
    let response = app.get("/api/v1/openapi.json?lang=fr").await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "lang= does not disturb a good request"
    );
});

/// Every code has its message (`error-` + code) in every shipped locale, with the same
/// variables as the English one, and it is translated.
#[test]
fn every_error_code_has_a_message_in_every_shipped_locale() {
    let languages = Locales::available_languages(None);
    assert!(languages.len() >= 6, "{languages:?}");
    let gaps = check_completeness(None, &languages, BASE_LANGUAGE).unwrap();
    let gaps: Vec<String> = gaps.iter().map(ToString::to_string).collect();
    assert!(gaps.is_empty(), "locale gaps:\n{}", gaps.join("\n"));

    let locales = Locales::load(None, &languages).unwrap();
    for code in ErrorCode::ALL {
        let id = code.message_id();
        let error = sample(*code);
        let english = error.message(&locales, BASE_LANGUAGE);
        assert_ne!(english, id, "{id} is missing from locales/en");
        assert!(
            !english.contains("{$"),
            "{id}: an argument is missing: {english}"
        );
        for language in &languages {
            let text = error.message(&locales, language);
            assert!(!text.contains("{$"), "{language} {id}: {text}");
            // invalid_id_number is only its argument, a sentence localised by the caller.
            if language != BASE_LANGUAGE && *code != ErrorCode::InvalidIdNumber {
                assert_ne!(text, english, "{language} {id} is not translated");
            }
        }
    }
}

/// An error with the arguments its message takes.
fn sample(code: ErrorCode) -> ApiError {
    match code {
        ErrorCode::RateLimited => ApiError::rate_limited(2),
        ErrorCode::UnknownField => ApiError::new(code).with_arg("field", "extra"),
        ErrorCode::InvalidJson => ApiError::new(code)
            .with_arg("line", 1_i64)
            .with_arg("column", 2_i64),
        ErrorCode::OtpResendTooSoon => ApiError::new(code).with_arg("seconds", 30_i64),
        ErrorCode::OtpDailyLimit => ApiError::new(code).with_arg("count", 50_i64),
        ErrorCode::InvalidIdNumber => {
            ApiError::new(code).with_arg("reason", "The check digit does not match.")
        }
        ErrorCode::BeneficiaryLimitReached => ApiError::new(code).with_arg("limit", 4_i64),
        ErrorCode::AlreadyCorrected => ApiError::new(code).with_arg("field", "name"),
        ErrorCode::OutsideBookingWindow => ApiError::new(code).with_arg("days", 28_i64),
        ErrorCode::AlreadyBooked | ErrorCode::AgeNotAllowed => {
            ApiError::new(code).with_arg("name", "Asha")
        }
        ErrorCode::NotEligible => ApiError::new(code)
            .with_arg("name", "Asha")
            .with_arg("action", "record")
            .with_arg("reason", "too early."),
        ErrorCode::InvalidField => ApiError::new(code).with_arg("field", "dose").with_arg(
            "expected",
            vaxkit_i18n::Message::new("json-expected-integer"),
        ),
        ErrorCode::InvalidNameCharacter => ApiError::new(code).with_arg("character", "U+202E"),
        ErrorCode::InvalidLatinName => ApiError::new(code).with_arg("character", "श"),
        ErrorCode::InvalidGender => ApiError::new(code).with_arg("allowed", "female, male"),
        ErrorCode::WrongDose | ErrorCode::DoseNotOffered | ErrorCode::MergeConflict => {
            ApiError::new(code).with_arg("dose", 2_i64)
        }
        ErrorCode::InvalidScope => {
            ApiError::new(code).with_arg("reason", "a region_admin needs --region CODE")
        }
        ErrorCode::InvalidSessionDates => ApiError::new(code).with_arg("days", 62_i64),
        ErrorCode::VaccineNotAvailable => ApiError::new(code).with_arg("date", "2023-01-02"),
        ErrorCode::InvalidDoses => ApiError::new(code).with_arg("max", 3_i64),
        ErrorCode::InvalidAefi => ApiError::new(code).with_arg("field", "onset_date"),
        _ => ApiError::new(code),
    }
}
