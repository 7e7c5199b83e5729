//! Error answers of the JSON API. Every failure a client can see is an [`ApiError`]: the core's
//! [`vaxkit_core::Error`] (a stable code and its message's arguments, part of the API contract)
//! with the HTTP status that goes with the code ([`status`], the one table of them). The body is
//! always `{ "error": { "code", "message" } }`.
//!
//! `ResponseError` cannot see the request, so [`localize_errors`], a middleware around the whole
//! app, re-renders every error response in the request's language (and turns actix's own bare
//! 404/405/413... answers into the same JSON shape). A scope that answers errors in another form
//! (the Co-WIN facade) renders them itself with [`render_errors`] and its own form; the answers it
//! rendered are marked, and this middleware leaves them as they are.

use std::fmt;
use std::sync::OnceLock;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{HttpResponse, ResponseError, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_i18n::{Locales, Value};

pub use vaxkit_core::ErrorCode;

use crate::state::AppState;

/// The HTTP status that goes with an error code.
pub fn status(code: ErrorCode) -> StatusCode {
    use ErrorCode as E;
    match code {
        E::BadRequest
        | E::InvalidJson
        | E::UnknownField
        | E::InvalidField
        | E::OtpInvalid
        | E::NothingToChange
        | E::InvalidQuery
        | E::InvalidDate
        | E::InvalidPostalCode
        | E::InvalidCoordinates
        | E::UnknownVaccine => StatusCode::BAD_REQUEST,
        E::Unauthorized | E::SessionExpired | E::InvalidCredentials => StatusCode::UNAUTHORIZED,
        E::Forbidden => StatusCode::FORBIDDEN,
        E::NotFound
        | E::BeneficiaryNotFound
        | E::RegionNotFound
        | E::FacilityNotFound
        | E::SessionNotFound
        | E::AppointmentNotFound
        | E::DoseNotFound
        | E::NoCertificate => StatusCode::NOT_FOUND,
        E::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        E::DuplicateIdNumber
        | E::BeneficiaryLimitReached
        | E::AlreadyCorrected
        | E::BeneficiaryHasDoses
        | E::AlreadyBooked
        | E::SessionFull
        | E::AppointmentNotOpen
        | E::UsernameTaken
        | E::FacilityExists
        | E::DuplicateRequest
        | E::IdempotencyKeyReused
        | E::DoseRevoked
        | E::MergeConflict => StatusCode::CONFLICT,
        E::OtpExpired | E::OtpUsed => StatusCode::GONE,
        E::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        E::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        E::InvalidMobile
        | E::InvalidName
        | E::InvalidNameCharacter
        | E::LatinNameRequired
        | E::InvalidLatinName
        | E::InvalidBirth
        | E::BirthDateRequired
        | E::InvalidGender
        | E::InvalidLanguage
        | E::UnknownIdScheme
        | E::InvalidIdNumber
        | E::OutsideBookingWindow
        | E::InvalidSlot
        | E::InvalidBeneficiaryList
        | E::NotEligible
        | E::WrongDose
        | E::DoseNotOffered
        | E::AgeNotAllowed
        | E::InvalidUsername
        | E::WeakPassword
        | E::InvalidScope
        | E::InvalidFacilityCode
        | E::InvalidSessionDates
        | E::VaccineNotAvailable
        | E::InvalidDoses
        | E::InvalidAgeLimits
        | E::InvalidCapacity
        | E::InvalidSlots
        | E::ReasonRequired
        | E::InvalidIdempotencyKey
        | E::InvalidBatch
        | E::InvalidAefi
        | E::MergeSelf => StatusCode::UNPROCESSABLE_ENTITY,
        E::RateLimited | E::OtpResendTooSoon | E::OtpDailyLimit | E::OtpAttemptsExceeded => {
            StatusCode::TOO_MANY_REQUESTS
        }
        E::InternalError => StatusCode::INTERNAL_SERVER_ERROR,
        E::CertificateNotAvailable => StatusCode::NOT_IMPLEMENTED,
        E::ServiceUnavailable => StatusCode::SERVICE_UNAVAILABLE,
        E::StorageFull => StatusCode::INSUFFICIENT_STORAGE,
    }
}

/// The code for a response that carries no [`ApiError`] (actix's own 404, 405, 413...): the
/// first code with that status.
pub fn code_for_status(status: StatusCode) -> ErrorCode {
    ErrorCode::ALL
        .iter()
        .copied()
        .find(|code| self::status(*code) == status)
        .unwrap_or(if status.is_server_error() {
            ErrorCode::InternalError
        } else {
            ErrorCode::BadRequest
        })
}

/// `Retry-After` of a 429 whose cause does not know when the client may try again.
pub const DEFAULT_RETRY_AFTER_SECONDS: u64 = 60;

/// An error answer: the core's error (code, message arguments, retry time) as HTTP.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    error: vaxkit_core::Error,
}

impl ApiError {
    /// An error with this code and no message arguments.
    pub fn new(code: ErrorCode) -> Self {
        Self::from(vaxkit_core::Error::new(code))
    }

    /// Adds an argument to the message (every locale's message uses the same names).
    pub fn with_arg(self, name: &'static str, value: impl Into<Value>) -> Self {
        Self::from(self.error.with_arg(name, value))
    }

    /// `rate_limited`, with a `Retry-After` header and the `seconds` argument.
    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        Self::from(vaxkit_core::Error::rate_limited(retry_after_seconds))
    }

    /// `internal_error`; the detail goes to the log only, never to the client.
    pub fn internal(detail: impl fmt::Display) -> Self {
        Self::from(vaxkit_core::Error::internal(detail))
    }

    /// `service_unavailable` (the database is down); the detail goes to the log only.
    pub fn unavailable(detail: impl fmt::Display) -> Self {
        Self::from(vaxkit_core::Error::unavailable(detail))
    }

    /// The code.
    pub fn code(&self) -> ErrorCode {
        self.error.code()
    }

    /// The message arguments.
    pub fn args(&self) -> &[(&'static str, Value)] {
        self.error.args()
    }

    /// The message in `lang` (with the profile's fallback chain), without isolation marks: API
    /// clients show or log the text themselves.
    pub fn message(&self, locales: &Locales, lang: &str) -> String {
        locales.render_plain(lang, &self.error.message())
    }

    /// The message in `lang` for a web page (placeables isolated for right-to-left text).
    pub fn ui_message(&self, locales: &Locales, lang: &str) -> String {
        locales.render_ui(lang, &self.error.message())
    }

    /// The message in `lang`, or the code when no locales are at hand.
    fn text(&self, locales: Option<&Locales>, lang: &str) -> String {
        match locales {
            Some(locales) => self.message(locales, lang),
            None => self.code().as_str().to_owned(),
        }
    }

    /// The JSON body, with the message in `lang` (or the code when no locales are at hand).
    pub fn body(&self, locales: Option<&Locales>, lang: &str) -> ErrorBody {
        ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: self.text(locales, lang),
                reason: self.error.reason().map(str::to_string),
            },
        }
    }

    /// The headers every form of this error carries: `Retry-After`, `WWW-Authenticate`.
    pub fn headers(&self) -> Vec<(header::HeaderName, String)> {
        let mut headers = Vec::new();
        if let Some(seconds) = self.error.retry_after_seconds() {
            headers.push((header::RETRY_AFTER, seconds.to_string()));
        } else if status(self.code()) == StatusCode::TOO_MANY_REQUESTS {
            // Every 429 says when to come back; the core gives the exact time where it knows it.
            headers.push((header::RETRY_AFTER, DEFAULT_RETRY_AFTER_SECONDS.to_string()));
        }
        if self.code() == ErrorCode::Unauthorized {
            headers.push((header::WWW_AUTHENTICATE, "Bearer".to_string()));
        }
        headers
    }
}

impl From<vaxkit_core::Error> for ApiError {
    fn from(error: vaxkit_core::Error) -> Self {
        Self { error }
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(error)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code())
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status(self.code())
    }

    /// Renders in English; [`localize_errors`] re-renders it in the request's language.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        for header in self.headers() {
            response.insert_header(header);
        }
        response.json(self.body(english(), vaxkit_i18n::BASE_LANGUAGE))
    }
}

/// The shipped English messages, for an error rendered outside a request.
fn english() -> Option<&'static Locales> {
    static ENGLISH: OnceLock<Option<Locales>> = OnceLock::new();
    ENGLISH
        .get_or_init(|| Locales::load(None, &[vaxkit_i18n::BASE_LANGUAGE]).ok())
        .as_ref()
}

/// The body of every error answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong.
    pub error: ErrorDetail,
}

/// The code and the localised message of an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable code for programs.
    pub code: ErrorCode,
    /// Text for people, in the request's language.
    pub message: String,
    /// A finer stable code, where the error has one: the schedule engine's reason of
    /// `not_eligible` (`too_young`, `too_early`, `product_mismatch`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// How a scope writes its error answers: the status and the JSON body of an error, given the
/// status the answer has so far and the message already in the request's language.
pub type ErrorForm = fn(&ApiError, StatusCode, String) -> (StatusCode, serde_json::Value);

/// `/api/v1`'s form: the answer's status and `{ "error": { "code", "message" } }`.
fn vaxkit_form(
    error: &ApiError,
    status: StatusCode,
    message: String,
) -> (StatusCode, serde_json::Value) {
    let body = ErrorBody {
        error: ErrorDetail {
            code: error.code(),
            message,
            reason: error.error.reason().map(str::to_string),
        },
    };
    (status, serde_json::to_value(body).unwrap_or_default())
}

/// An error answer already rendered in a scope's form and language; outer layers leave it.
#[derive(Debug)]
struct Rendered {
    status: StatusCode,
    headers: Vec<(header::HeaderName, String)>,
    body: String,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} error answer", self.status)
    }
}

impl ResponseError for Rendered {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status);
        for header in &self.headers {
            response.insert_header(header.clone());
        }
        response
            .content_type("application/json")
            .body(self.body.clone())
    }
}

/// Middleware: renders every 4xx and 5xx answer as vaxkit's JSON error body, in the request's
/// language (`?lang=` or `Accept-Language`), keeping the answer's status and headers.
pub async fn localize_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    render_errors(req, next, vaxkit_form).await
}

/// Renders every 4xx and 5xx answer of `next` in `form`, in the request's language, keeping the
/// answer's headers; an answer an inner scope already rendered passes as it is.
pub async fn render_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
    form: ErrorForm,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Negotiated now: an error coming back as `Err` no longer carries the request, and the
    // request must not be cloned past this point (routing needs it unshared).
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let lang = match &state {
        Some(state) => crate::lang::negotiate(req.request(), &state.core.locales),
        None => vaxkit_i18n::BASE_LANGUAGE.to_owned(),
    };
    let locales = match &state {
        Some(state) => Some(&state.core.locales),
        None => english(),
    };
    let response = match next.call(req).await {
        Ok(response) => response,
        Err(error) => {
            if error.as_error::<Rendered>().is_some() {
                return Err(error);
            }
            let api = as_api_error(&error, error.as_response_error().status_code());
            let (status, body) = form(&api, status(api.code()), api.text(locales, &lang));
            return Err(Rendered {
                status,
                headers: api.headers(),
                body: serde_json::to_string(&body).unwrap_or_default(),
            }
            .into());
        }
    };
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return Ok(response.map_into_boxed_body());
    }
    if response
        .response()
        .error()
        .is_some_and(|e| e.as_error::<Rendered>().is_some())
        || response.response().extensions().get::<Done>().is_some()
    {
        return Ok(response.map_into_boxed_body());
    }
    let api = match response.response().error() {
        Some(error) => as_api_error(error, status),
        None => ApiError::new(code_for_status(status)),
    };
    let (new_status, body) = form(&api, status, api.text(locales, &lang));
    let json = serde_json::to_string(&body).map_err(actix_web::error::ErrorInternalServerError)?;
    let (request, mut response) = response.into_parts();
    *response.status_mut() = new_status;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response.extensions_mut().insert(Done);
    Ok(ServiceResponse::new(
        request,
        response.set_body(BoxBody::new(json)),
    ))
}

/// Marks an answer whose error body was already written by a scope's own form.
#[derive(Debug, Clone, Copy)]
struct Done;

/// Marks an error answer as already rendered (a web page's refusal), so [`localize_errors`]
/// leaves its body as it is.
pub fn mark_rendered(response: &mut HttpResponse) {
    response.extensions_mut().insert(Done);
}

/// The [`ApiError`] inside an actix error, or the general one for its status.
fn as_api_error(error: &actix_web::Error, status: StatusCode) -> ApiError {
    error
        .as_error::<ApiError>()
        .cloned()
        .unwrap_or_else(|| ApiError::new(code_for_status(status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_statuses_map_to_the_general_code() {
        assert_eq!(
            code_for_status(StatusCode::BAD_REQUEST),
            ErrorCode::BadRequest
        );
        assert_eq!(code_for_status(StatusCode::NOT_FOUND), ErrorCode::NotFound);
        assert_eq!(
            code_for_status(StatusCode::METHOD_NOT_ALLOWED),
            ErrorCode::MethodNotAllowed
        );
        assert_eq!(
            code_for_status(StatusCode::IM_A_TEAPOT),
            ErrorCode::BadRequest
        );
        assert_eq!(
            code_for_status(StatusCode::BAD_GATEWAY),
            ErrorCode::InternalError
        );
    }

    #[test]
    fn every_429_carries_retry_after() {
        let limited: Vec<ErrorCode> = ErrorCode::ALL
            .iter()
            .copied()
            .filter(|c| status(*c) == StatusCode::TOO_MANY_REQUESTS)
            .collect();
        assert!(limited.len() >= 4, "{limited:?}");
        for code in limited {
            let response = ApiError::new(code).error_response();
            assert!(
                response.headers().get(header::RETRY_AFTER).is_some(),
                "{code} without Retry-After"
            );
        }
    }

    #[test]
    fn rate_limited_sets_retry_after_and_its_argument() {
        let response = ApiError::rate_limited(0).error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "1");
        assert_eq!(
            ApiError::rate_limited(20).args(),
            &[("seconds", Value::Number(20))]
        );
    }
}
