//! Reading requests, and the answers when they cannot be read. A JSON body is at most
//! [`BODY_LIMIT`] bytes and must be sent as `application/json`. [`Json`] and [`Query`] say what
//! was wrong and where: a field of the wrong type names the field and what it must be
//! (`invalid_field`), a field the endpoint does not take is `unknown_field`, JSON that does not
//! parse is `invalid_json` with its line and column. A path segment that does not parse
//! (`/sessions/abc`) names nothing, so it is `not_found`.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::error::PayloadError;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::de::DeserializeOwned;
use vaxkit_i18n::Message;

use crate::error::{ApiError, ErrorCode};

/// Largest request body accepted, in bytes.
pub const BODY_LIMIT: usize = 64 * 1024;

/// Longest field name or value echoed back in a message.
const MAX_FIELD_ECHO: usize = 64;

/// Raw bodies (`Bytes`, `String`, and [`Json`]): the size limit.
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(BODY_LIMIT)
}

/// Path segments: `not_found`.
pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|error, _req| {
        tracing::debug!(%error, "path segment does not parse");
        ApiError::new(ErrorCode::NotFound).into()
    })
}

/// A JSON request body of type `T`.
#[derive(Debug)]
pub struct Json<T>(pub T);

impl<T> Json<T> {
    /// The body.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Json<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Json<T> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req.mime_type().ok().flatten().is_some_and(|m| {
            m.subtype() == actix_web::mime::JSON || m.suffix() == Some(actix_web::mime::JSON)
        });
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ErrorCode::UnsupportedMediaType.into());
            }
            let bytes = body.await.map_err(|e| match e.as_error::<PayloadError>() {
                Some(PayloadError::Overflow) => ApiError::new(ErrorCode::PayloadTooLarge),
                _ => {
                    tracing::debug!(error = %e, "unreadable request body");
                    ApiError::new(ErrorCode::BadRequest)
                }
            })?;
            parse_json(&bytes).map(Json)
        })
    }
}

/// Reads a JSON document, naming the field of a refusal.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match inner.classify() {
            serde_json::error::Category::Data => field_error(&path, &inner.to_string())
                .unwrap_or_else(|| {
                    ApiError::new(ErrorCode::InvalidJson)
                        .with_arg("line", inner.line())
                        .with_arg("column", inner.column())
                }),
            _ => ApiError::new(ErrorCode::InvalidJson)
                .with_arg("line", inner.line())
                .with_arg("column", inner.column()),
        }
    })?;
    de.end().map_err(|e| {
        ApiError::new(ErrorCode::InvalidJson)
            .with_arg("line", e.line())
            .with_arg("column", e.column())
    })?;
    Ok(value)
}

/// Query parameters of type `T`.
#[derive(Debug)]
pub struct Query<T>(pub T);

impl<T> Query<T> {
    /// The parameters.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for Query<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for Query<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let parsed = serde_urlencoded::Deserializer::new(form_urlencoded(req.query_string()));
        std::future::ready(
            serde_path_to_error::deserialize(parsed)
                .map(Query)
                .map_err(|e| {
                    let path = e.path().to_string();
                    let message = e.into_inner().to_string();
                    tracing::debug!(%message, "bad query string");
                    field_error(&path, &message)
                        .unwrap_or_else(|| ApiError::new(ErrorCode::BadRequest))
                }),
        )
    }
}

/// The pairs of a query string.
fn form_urlencoded(query: &str) -> form_urlencoded::Parse<'_> {
    form_urlencoded::parse(query.as_bytes())
}

/// `invalid_field`: the parameter or field `field` must be one of `values`.
pub fn not_one_of(field: &str, values: &[&str]) -> ApiError {
    ApiError::new(ErrorCode::InvalidField)
        .with_arg("field", field)
        .with_arg(
            "expected",
            Message::new("json-expected-one-of").with("values", values.join(", ")),
        )
}

/// The answer for serde's refusal `message` at `path`: an unknown field, a missing one, or one
/// whose value is not of the kind the endpoint takes.
fn field_error(path: &str, message: &str) -> Option<ApiError> {
    if let Some(field) = quoted_after(message, "unknown field `") {
        return Some(ApiError::new(ErrorCode::UnknownField).with_arg("field", field));
    }
    let (field, expected) = if let Some(name) = quoted_after(message, "missing field `") {
        let field = match path {
            "" | "." => name,
            parent => format!("{parent}.{name}"),
        };
        (field, Message::new("json-expected-present"))
    } else {
        if path.is_empty() || path == "." {
            return None;
        }
        (path.to_string(), expected(message))
    };
    Some(
        ApiError::new(ErrorCode::InvalidField)
            .with_arg("field", echo(&field))
            .with_arg("expected", expected),
    )
}

/// What serde said the value must be, as a message every locale has.
fn expected(message: &str) -> Message {
    let wanted = message.split_once("expected ").map_or("", |(_, rest)| {
        rest.split(" at line ").next().unwrap_or(rest)
    });
    if let Some(list) = wanted.strip_prefix("one of ") {
        let values: Vec<String> = list
            .split(", ")
            .map(|v| v.trim_matches('`').to_string())
            .collect();
        // The endpoint's own values, not the client's text: not cut short.
        return Message::new("json-expected-one-of").with("values", values.join(", "));
    }
    if message.starts_with("unknown variant") {
        return Message::new("json-expected-one-of").with(
            "values",
            echo(wanted.trim_start_matches("`").trim_end_matches('`')),
        );
    }
    let kind = match wanted {
        w if w.contains("a string") || w.contains("a borrowed string") => "string",
        w if [
            "u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64", "usize", "isize",
        ]
        .iter()
        .any(|t| w == *t || w.ends_with(&format!(" {t}"))) =>
        {
            "integer"
        }
        w if w.contains("f64") || w.contains("f32") => "number",
        w if w.contains("a boolean") || w == "bool" => "boolean",
        w if w.contains("a sequence") || w.contains("tuple") => "list",
        w if w.contains("struct") || w.contains("a map") => "object",
        _ if message.contains("premature end of input")
            || message.contains("input contains invalid characters")
            || message.contains("input is out of range")
            || message.contains("trailing input") =>
        {
            "date"
        }
        w if w.contains("integer") || w.contains("digit") => "integer",
        _ if message.contains("invalid digit") || message.contains("number too large") => "integer",
        _ if message.contains("provided string was not `true` or `false`") => "boolean",
        _ if message.contains("invalid float literal") => "number",
        _ => "other",
    };
    Message::new(format!("json-expected-{kind}"))
}

/// The text between `prefix` and the next backquote, cut short.
fn quoted_after(message: &str, prefix: &str) -> Option<String> {
    let rest = message.strip_prefix(prefix)?;
    rest.split('`').next().map(echo)
}

/// Text from the request echoed back, cut short.
fn echo(text: &str) -> String {
    text.chars().take(MAX_FIELD_ECHO).collect()
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
        #[serde(default)]
        tags: Vec<Tag>,
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Tag {
        label: String,
    }

    async fn probe(_: Json<Probe>) -> HttpResponse {
        HttpResponse::NoContent().finish()
    }

    async fn search(_: Query<SearchProbe>) -> HttpResponse {
        HttpResponse::NoContent().finish()
    }

    #[derive(Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct SearchProbe {
        dose: Option<u32>,
        day: Option<chrono::NaiveDate>,
    }

    async fn call(req: web_test::TestRequest) -> (StatusCode, ErrorBody) {
        let app = web_test::init_service(
            App::new()
                .app_data(payload_config())
                .route("/probe", web::post().to(probe))
                .route("/search", web::get().to(search))
                .wrap(from_fn(localize_errors)),
        )
        .await;
        let res = web_test::call_service(&app, req.to_request()).await;
        let status = res.status();
        (status, web_test::read_body_json(res).await)
    }

    async fn post(content_type: &str, body: Vec<u8>) -> (StatusCode, ErrorBody) {
        call(
            web_test::TestRequest::post()
                .uri("/probe")
                .insert_header(("content-type", content_type))
                .set_payload(body),
        )
        .await
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

    #[actix_web::test]
    async fn a_field_of_the_wrong_kind_is_named_with_what_it_must_be() {
        let json = "application/json";
        let cases: [(&[u8], &str, &str); 5] = [
            (
                br#"{"name": "a", "count": "many"}"#,
                "count",
                "a whole number",
            ),
            (br#"{"name": 7, "count": 1}"#, "name", "text"),
            (br#"{"count": 1}"#, "name", "required"),
            (
                br#"{"name": "a", "count": 1, "tags": [{"label": 1}]}"#,
                "tags[0].label",
                "text",
            ),
            (
                br#"{"name": "a", "count": 1, "tags": {}}"#,
                "tags",
                "a list",
            ),
        ];
        for (body, field, wanted) in cases {
            let (s, b) = post(json, body.to_vec()).await;
            assert_eq!(
                (s, b.error.code),
                (StatusCode::BAD_REQUEST, ErrorCode::InvalidField),
                "{}",
                String::from_utf8_lossy(body)
            );
            assert!(
                b.error.message.contains(&format!("“{field}”")) && b.error.message.contains(wanted),
                "{}: {}",
                String::from_utf8_lossy(body),
                b.error.message
            );
        }
    }

    #[actix_web::test]
    async fn query_errors_name_the_parameter() {
        let get = |uri: &str| call(web_test::TestRequest::get().uri(uri));
        let (s, b) = get("/search?dose=two").await;
        assert_eq!(
            (s, b.error.code),
            (StatusCode::BAD_REQUEST, ErrorCode::InvalidField)
        );
        assert!(b.error.message.contains("“dose”"), "{}", b.error.message);
        assert!(
            b.error.message.contains("whole number"),
            "{}",
            b.error.message
        );
        let (_, b) = get("/search?day=tomorrow").await;
        assert!(b.error.message.contains("“day”"), "{}", b.error.message);
        assert!(
            b.error.message.contains("YYYY-MM-DD"),
            "{}",
            b.error.message
        );
        let (s, b) = get("/search?colour=red").await;
        assert_eq!(
            (s, b.error.code),
            (StatusCode::BAD_REQUEST, ErrorCode::UnknownField)
        );
        assert!(b.error.message.contains("colour"), "{}", b.error.message);
    }

    #[test]
    fn echoed_names_are_cut_short() {
        let long = "x".repeat(500);
        let e = field_error("", &format!("unknown field `{long}`, expected `a`")).unwrap();
        assert_eq!(e.code(), ErrorCode::UnknownField);
        assert_eq!(
            e.args(),
            &[(
                "field",
                vaxkit_i18n::Value::Text("x".repeat(MAX_FIELD_ECHO))
            )]
        );
    }
}
