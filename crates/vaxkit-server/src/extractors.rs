//! Limits and error answers of the request extractors. A JSON body is at most [`BODY_LIMIT`]
//! bytes and must be sent as `application/json`; what serde refuses becomes `unknown_field`
//! (request types carry `#[serde(deny_unknown_fields)]`) or `invalid_json` with the position.
//! Bad query strings are `unknown_field` (naming it) or `bad_request`; a path segment that does not parse (`/sessions/abc`)
//! names nothing, so it is `not_found`.

use actix_web::error::{JsonPayloadError, PayloadError};
use actix_web::web;

use crate::error::{ApiError, ErrorCode};

/// Largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Longest unknown field name echoed back in a message.
const MAX_FIELD_ECHO: usize = 64;

/// JSON bodies: size limit and error codes.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|error, _req| json_error(&error).into())
}

/// Raw bodies (`Bytes`, `String`): the same size limit.
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(BODY_LIMIT)
}

/// Query strings: `unknown_field` naming the field, otherwise `bad_request`.
pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|error, _req| {
        tracing::debug!(%error, "bad query string");
        let text = match &error {
            actix_web::error::QueryPayloadError::Deserialize(e) => e.to_string(),
            other => other.to_string(),
        };
        match unknown_field(&text) {
            Some(field) => ApiError::new(ErrorCode::UnknownField)
                .with_arg("field", field)
                .into(),
            None => ApiError::new(ErrorCode::BadRequest).into(),
        }
    })
}

/// Path segments: `not_found`.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _req| {
        tracing::debug!(%error, "path segment does not parse");
        ApiError::new(ErrorCode::NotFound).into()
    })
}

/// The error answer for a JSON body that could not be read.
pub fn json_error(error: &JsonPayloadError) -> ApiError {
    match error {
        JsonPayloadError::OverflowKnownLength { .. }
        | JsonPayloadError::Overflow { .. }
        | JsonPayloadError::Payload(PayloadError::Overflow) => {
            ApiError::new(ErrorCode::PayloadTooLarge)
        }
        JsonPayloadError::ContentType => ApiError::new(ErrorCode::UnsupportedMediaType),
        JsonPayloadError::Deserialize(e) => match unknown_field(&e.to_string()) {
            Some(field) => ApiError::new(ErrorCode::UnknownField).with_arg("field", field),
            None => ApiError::new(ErrorCode::InvalidJson)
                .with_arg("line", e.line())
                .with_arg("column", e.column()),
        },
        other => {
            tracing::debug!(error = %other, "unreadable request body");
            ApiError::new(ErrorCode::BadRequest)
        }
    }
}

/// The field named by serde's "unknown field `name`, expected ..." message.
fn unknown_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let name = rest.split('`').next()?;
    Some(name.chars().take(MAX_FIELD_ECHO).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ErrorBody, localize_errors};
    use actix_web::http::StatusCode;
    use actix_web::middleware::from_fn;
    use actix_web::{App, HttpResponse, test as web_test};
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Probe {
        name: String,
        count: u32,
    }

    async fn probe(_: web::Json<Probe>) -> HttpResponse {
        HttpResponse::NoContent().finish()
    }

    async fn post(content_type: &str, body: Vec<u8>) -> (StatusCode, ErrorBody) {
        let app = web_test::init_service(
            App::new()
                .app_data(json_config())
                .route("/probe", web::post().to(probe))
                .wrap(from_fn(localize_errors)),
        )
        .await;
        let req = web_test::TestRequest::post()
            .uri("/probe")
            .insert_header(("content-type", content_type))
            .set_payload(body)
            .to_request();
        let res = web_test::call_service(&app, req).await;
        let status = res.status();
        (status, web_test::read_body_json(res).await)
    }

    #[actix_web::test]
    async fn body_errors_have_their_codes() {
        let json = "application/json";
        let (s, b) = post(json, br#"{"name": "a", "count": 1, "extra": 2}"#.to_vec()).await;
        assert_eq!(
            (s, b.error.code),
            (StatusCode::BAD_REQUEST, ErrorCode::UnknownField)
        );
        assert!(b.error.message.contains("extra"), "{}", b.error.message);

        let (s, b) = post(json, b"{\"name\": \"a\",\n \"count\": ".to_vec()).await;
        assert_eq!(
            (s, b.error.code),
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidJson)
        );
        assert!(b.error.message.contains("line 2"), "{}", b.error.message);

        let (s, b) = post(json, br#"{"name": "a", "count": "many"}"#.to_vec()).await;
        assert_eq!(
            (s, b.error.code),
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidJson)
        );

        let (s, b) = post("text/plain", br#"{"name": "a", "count": 1}"#.to_vec()).await;
        assert_eq!(
            (s, b.error.code),
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ErrorCode::UnsupportedMediaType
            )
        );

        let mut huge = br#"{"name": ""#.to_vec();
        huge.extend(std::iter::repeat_n(b'a', BODY_LIMIT));
        huge.extend(br#"", "count": 1}"#);
        let (s, b) = post(json, huge).await;
        assert_eq!(
            (s, b.error.code),
            (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::PayloadTooLarge)
        );
    }

    #[test]
    fn unknown_field_names_are_cut_short() {
        let long = "x".repeat(500);
        let name = unknown_field(&format!("unknown field `{long}`, expected `a`")).unwrap();
        assert_eq!(name.len(), MAX_FIELD_ECHO);
        assert_eq!(unknown_field("missing field `a`"), None);
    }
}
