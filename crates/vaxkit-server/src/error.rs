//! The one error type of the API. Every failure a client can see is an [`ApiError`]: a stable
//! snake_case [`ErrorCode`] (part of the API contract), optional Fluent arguments, and the HTTP
//! status that goes with the code. The body is always `{ "error": { "code", "message" } }`.
//!
//! The code doubles as the Fluent message id: `rate_limited` is `error-rate-limited` in
//! `locales/<lang>/vaxkit.ftl`. `ResponseError` cannot see the request, so [`localize_errors`], a
//! middleware around the whole app, re-renders every error response in the request's language
//! (and turns actix's own bare 404/405/413... answers into the same JSON shape). Under `/api/v2`
//! (the Co-WIN facade) the same errors take Co-WIN's form, `{ "errorCode", "error" }`, with the
//! code and status from the table in `api::v2::errors`.

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
use vaxkit_i18n::{FluentValue, Locales};

use crate::state::AppState;

/// Declares the error codes: one line per code, `Variant = ("snake_case_code", HTTP_STATUS)`,
/// where the code is the snake_case of the variant name.
/// The first code listed for a status is the one used for bare actix answers with that status.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = ($code:literal, $status:ident), )*) => {
        /// A stable, machine-readable error code; also the Fluent message id (`error-` + code
        /// with `_` as `-`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
        // utoipa does not see the per-variant renames made inside this macro; codes are the
        // snake_case of their variant names, so this gives the OpenAPI schema the same values.
        #[serde(rename_all = "snake_case")]
        pub enum ErrorCode {
            $(
                $(#[doc = $doc])*
                #[doc = concat!("`", $code, "`")]
                #[serde(rename = $code)]
                $variant,
            )*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant),*];

            /// The snake_case code sent to clients.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            /// The HTTP status that goes with the code.
            pub fn status(self) -> StatusCode {
                match self {
                    $(ErrorCode::$variant => StatusCode::$status,)*
                }
            }
        }
    };
}

error_codes! {
    BadRequest = ("bad_request", BAD_REQUEST),
    InvalidJson = ("invalid_json", BAD_REQUEST),
    UnknownField = ("unknown_field", BAD_REQUEST),
    PayloadTooLarge = ("payload_too_large", PAYLOAD_TOO_LARGE),
    NotFound = ("not_found", NOT_FOUND),
    MethodNotAllowed = ("method_not_allowed", METHOD_NOT_ALLOWED),
    Unauthorized = ("unauthorized", UNAUTHORIZED),
    Forbidden = ("forbidden", FORBIDDEN),
    RateLimited = ("rate_limited", TOO_MANY_REQUESTS),
    UnsupportedMediaType = ("unsupported_media_type", UNSUPPORTED_MEDIA_TYPE),
    ServiceUnavailable = ("service_unavailable", SERVICE_UNAVAILABLE),
    InternalError = ("internal_error", INTERNAL_SERVER_ERROR),
    InvalidMobile = ("invalid_mobile", UNPROCESSABLE_ENTITY),
    OtpResendTooSoon = ("otp_resend_too_soon", TOO_MANY_REQUESTS),
    OtpDailyLimit = ("otp_daily_limit", TOO_MANY_REQUESTS),
    OtpInvalid = ("otp_invalid", BAD_REQUEST),
    OtpExpired = ("otp_expired", GONE),
    OtpUsed = ("otp_used", GONE),
    OtpAttemptsExceeded = ("otp_attempts_exceeded", TOO_MANY_REQUESTS),
    SessionExpired = ("session_expired", UNAUTHORIZED),
    InvalidName = ("invalid_name", UNPROCESSABLE_ENTITY),
    InvalidBirth = ("invalid_birth", UNPROCESSABLE_ENTITY),
    BirthDateRequired = ("birth_date_required", UNPROCESSABLE_ENTITY),
    InvalidGender = ("invalid_gender", UNPROCESSABLE_ENTITY),
    InvalidLanguage = ("invalid_language", UNPROCESSABLE_ENTITY),
    UnknownIdScheme = ("unknown_id_scheme", UNPROCESSABLE_ENTITY),
    InvalidIdNumber = ("invalid_id_number", UNPROCESSABLE_ENTITY),
    DuplicateIdNumber = ("duplicate_id_number", CONFLICT),
    BeneficiaryLimitReached = ("beneficiary_limit_reached", CONFLICT),
    BeneficiaryNotFound = ("beneficiary_not_found", NOT_FOUND),
    AlreadyCorrected = ("already_corrected", CONFLICT),
    NothingToChange = ("nothing_to_change", BAD_REQUEST),
    BeneficiaryHasDoses = ("beneficiary_has_doses", CONFLICT),
    RegionNotFound = ("region_not_found", NOT_FOUND),
    FacilityNotFound = ("facility_not_found", NOT_FOUND),
    InvalidQuery = ("invalid_query", BAD_REQUEST),
    InvalidDate = ("invalid_date", BAD_REQUEST),
    InvalidPostalCode = ("invalid_postal_code", BAD_REQUEST),
    InvalidCoordinates = ("invalid_coordinates", BAD_REQUEST),
    UnknownVaccine = ("unknown_vaccine", BAD_REQUEST),
    SessionNotFound = ("session_not_found", NOT_FOUND),
    OutsideBookingWindow = ("outside_booking_window", UNPROCESSABLE_ENTITY),
    InvalidSlot = ("invalid_slot", UNPROCESSABLE_ENTITY),
    InvalidBeneficiaryList = ("invalid_beneficiary_list", UNPROCESSABLE_ENTITY),
    AlreadyBooked = ("already_booked", CONFLICT),
    NotEligible = ("not_eligible", UNPROCESSABLE_ENTITY),
    WrongDose = ("wrong_dose", UNPROCESSABLE_ENTITY),
    DoseNotOffered = ("dose_not_offered", UNPROCESSABLE_ENTITY),
    AgeNotAllowed = ("age_not_allowed", UNPROCESSABLE_ENTITY),
    SessionFull = ("session_full", CONFLICT),
    AppointmentNotFound = ("appointment_not_found", NOT_FOUND),
    AppointmentNotOpen = ("appointment_not_open", CONFLICT),
    InvalidCredentials = ("invalid_credentials", UNAUTHORIZED),
    InvalidUsername = ("invalid_username", UNPROCESSABLE_ENTITY),
    UsernameTaken = ("username_taken", CONFLICT),
    WeakPassword = ("weak_password", UNPROCESSABLE_ENTITY),
    InvalidScope = ("invalid_scope", UNPROCESSABLE_ENTITY),
    InvalidFacilityCode = ("invalid_facility_code", UNPROCESSABLE_ENTITY),
    FacilityExists = ("facility_exists", CONFLICT),
    InvalidSessionDates = ("invalid_session_dates", UNPROCESSABLE_ENTITY),
    VaccineNotAvailable = ("vaccine_not_available", UNPROCESSABLE_ENTITY),
    InvalidDoses = ("invalid_doses", UNPROCESSABLE_ENTITY),
    InvalidAgeLimits = ("invalid_age_limits", UNPROCESSABLE_ENTITY),
    InvalidCapacity = ("invalid_capacity", UNPROCESSABLE_ENTITY),
    InvalidSlots = ("invalid_slots", UNPROCESSABLE_ENTITY),
    ReasonRequired = ("reason_required", UNPROCESSABLE_ENTITY),
    InvalidIdempotencyKey = ("invalid_idempotency_key", UNPROCESSABLE_ENTITY),
    InvalidBatch = ("invalid_batch", UNPROCESSABLE_ENTITY),
    DuplicateRequest = ("duplicate_request", CONFLICT),
    DoseNotFound = ("dose_not_found", NOT_FOUND),
    InvalidAefi = ("invalid_aefi", UNPROCESSABLE_ENTITY),
    DoseRevoked = ("dose_revoked", CONFLICT),
    MergeConflict = ("merge_conflict", CONFLICT),
    MergeSelf = ("merge_self", UNPROCESSABLE_ENTITY),
    NoCertificate = ("no_certificate", NOT_FOUND),
    CertificateNotAvailable = ("certificate_not_available", NOT_IMPLEMENTED),
}

impl ErrorCode {
    /// The Fluent message id: `error-` and the code with `-` for `_`.
    pub fn message_id(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }

    /// The code for a response that carries no [`ApiError`] (actix's own 404, 405, 413...).
    pub fn for_status(status: StatusCode) -> ErrorCode {
        Self::ALL
            .iter()
            .copied()
            .find(|code| code.status() == status)
            .unwrap_or(if status.is_server_error() {
                ErrorCode::InternalError
            } else {
                ErrorCode::BadRequest
            })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The value of one Fluent argument of an error message.
#[derive(Debug, Clone, PartialEq)]
pub enum ArgValue {
    /// Text, shown as given.
    Text(String),
    /// A number; plural rules select on it.
    Number(i64),
}

impl From<&str> for ArgValue {
    fn from(value: &str) -> Self {
        Self::Text(value.to_owned())
    }
}

impl From<String> for ArgValue {
    fn from(value: String) -> Self {
        Self::Text(value)
    }
}

impl From<i64> for ArgValue {
    fn from(value: i64) -> Self {
        Self::Number(value)
    }
}

impl From<u64> for ArgValue {
    fn from(value: u64) -> Self {
        Self::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

impl From<usize> for ArgValue {
    fn from(value: usize) -> Self {
        Self::Number(i64::try_from(value).unwrap_or(i64::MAX))
    }
}

/// An error answer: a code, the arguments of its message, and any header it needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    code: ErrorCode,
    args: Vec<(&'static str, ArgValue)>,
    retry_after_seconds: Option<u64>,
    /// The message already rendered in the request's language, by [`localize_errors`].
    localized: Option<String>,
    /// Whether the answer goes to a Co-WIN client (`/api/v2`), in Co-WIN's form.
    cowin: bool,
}

impl ApiError {
    /// An error with this code and no message arguments.
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            args: Vec::new(),
            retry_after_seconds: None,
            localized: None,
            cowin: false,
        }
    }

    /// Adds a Fluent argument to the message (every locale's message uses the same names).
    pub fn with_arg(mut self, name: &'static str, value: impl Into<ArgValue>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Adds a `Retry-After` header (at least 1 second) to the answer.
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds.max(1));
        self
    }

    /// `rate_limited`, with a `Retry-After` header and the `seconds` argument.
    pub fn rate_limited(retry_after_seconds: u64) -> Self {
        let seconds = retry_after_seconds.max(1);
        Self::new(ErrorCode::RateLimited)
            .with_arg("seconds", seconds)
            .with_retry_after(seconds)
    }

    /// `internal_error`; the detail goes to the log only, never to the client.
    pub fn internal(detail: impl fmt::Display) -> Self {
        tracing::error!(error = %detail, "internal error");
        Self::new(ErrorCode::InternalError)
    }

    /// `service_unavailable` (the database is down); the detail goes to the log only.
    pub fn unavailable(detail: impl fmt::Display) -> Self {
        tracing::warn!(error = %detail, "service unavailable");
        Self::new(ErrorCode::ServiceUnavailable)
    }

    /// The code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message arguments.
    pub fn args(&self) -> &[(&'static str, ArgValue)] {
        &self.args
    }

    /// The message in `lang` (with the profile's fallback chain), without isolation marks: API
    /// clients show or log the text themselves.
    pub fn message(&self, locales: &Locales, lang: &str) -> String {
        let args: Vec<(&str, FluentValue<'_>)> = self
            .args
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    ArgValue::Text(text) => FluentValue::from(text.as_str()),
                    ArgValue::Number(number) => FluentValue::from(*number),
                };
                (*name, value)
            })
            .collect();
        locales.message_plain(lang, &self.code.message_id(), &args)
    }

    /// The JSON body, with the message in `lang` (or the code when no locales are at hand).
    pub fn body(&self, locales: Option<&Locales>, lang: &str) -> ErrorBody {
        let message = match locales {
            Some(locales) => self.message(locales, lang),
            None => self.code.as_str().to_owned(),
        };
        ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message,
            },
        }
    }
}

impl From<ErrorCode> for ApiError {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

impl From<vaxkit_store::StoreError> for ApiError {
    fn from(error: vaxkit_store::StoreError) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as DieselError};
        match error {
            vaxkit_store::StoreError::Connect(_)
            | vaxkit_store::StoreError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection,
                _,
            ))
            | vaxkit_store::StoreError::Query(DieselError::BrokenTransactionManager) => {
                Self::unavailable(error)
            }
            other => Self::internal(other),
        }
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        Self::from(vaxkit_store::StoreError::Query(error))
    }
}

impl From<actix_web::error::BlockingError> for ApiError {
    fn from(error: actix_web::error::BlockingError) -> Self {
        Self::internal(error)
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        if self.cowin {
            crate::api::v2::errors::status(self.code)
        } else {
            self.code.status()
        }
    }

    /// Renders in English; [`localize_errors`] re-renders it in the request's language.
    fn error_response(&self) -> HttpResponse {
        let mut response = HttpResponse::build(self.status_code());
        if let Some(seconds) = self.retry_after_seconds {
            response.insert_header((header::RETRY_AFTER, seconds.to_string()));
        }
        if self.code == ErrorCode::Unauthorized {
            response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        let body = match &self.localized {
            Some(message) => ErrorBody {
                error: ErrorDetail {
                    code: self.code,
                    message: message.clone(),
                },
            },
            None => self.body(english(), vaxkit_i18n::BASE_LANGUAGE),
        };
        if self.cowin {
            return response.json(crate::api::v2::errors::body(self.code, body.error.message));
        }
        response.json(body)
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
}

/// Middleware: renders every 4xx and 5xx answer as the JSON error body, in the request's
/// language (`?lang=` or `Accept-Language`), keeping the answer's status and headers.
pub async fn localize_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    // Negotiated now: an error coming back as `Err` no longer carries the request, and the
    // request must not be cloned past this point (routing needs it unshared).
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let lang = match &state {
        Some(state) => crate::lang::negotiate(req.request(), &state.locales),
        None => vaxkit_i18n::BASE_LANGUAGE.to_owned(),
    };
    let locales = match &state {
        Some(state) => Some(&state.locales),
        None => english(),
    };
    let cowin = crate::api::v2::serves(req.path());
    let response = match next.call(req).await {
        Ok(response) => response,
        Err(error) => {
            let mut api = as_api_error(&error, error.as_response_error().status_code());
            let body = api.body(locales, &lang);
            api.localized = Some(body.error.message);
            api.cowin = cowin;
            return Err(api.into());
        }
    };
    let status = response.status();
    if !status.is_client_error() && !status.is_server_error() {
        return Ok(response.map_into_boxed_body());
    }
    let api = match response.response().error() {
        Some(error) => as_api_error(error, status),
        None => ApiError::new(ErrorCode::for_status(status)),
    };
    let body = api.body(locales, &lang);
    let json = if cowin {
        serde_json::to_string(&crate::api::v2::errors::body(api.code, body.error.message))
    } else {
        serde_json::to_string(&body)
    }
    .map_err(actix_web::error::ErrorInternalServerError)?;
    let (request, mut response) = response.into_parts();
    if cowin {
        *response.status_mut() = crate::api::v2::errors::status(api.code);
    }
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    Ok(ServiceResponse::new(
        request,
        response.set_body(BoxBody::new(json)),
    ))
}

/// The [`ApiError`] inside an actix error, or the general one for its status.
fn as_api_error(error: &actix_web::Error, status: StatusCode) -> ApiError {
    error
        .as_error::<ApiError>()
        .cloned()
        .unwrap_or_else(|| ApiError::new(ErrorCode::for_status(status)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_serialise_as_their_snake_case_and_name_their_message() {
        for code in ErrorCode::ALL {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::json!(code.as_str()));
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code}"
            );
            assert_eq!(
                code.message_id(),
                format!("error-{}", code.as_str().replace('_', "-"))
            );
        }
        assert_eq!(ErrorCode::RateLimited.message_id(), "error-rate-limited");
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }

    #[test]
    fn bare_statuses_map_to_the_general_code() {
        assert_eq!(
            ErrorCode::for_status(StatusCode::BAD_REQUEST),
            ErrorCode::BadRequest
        );
        assert_eq!(
            ErrorCode::for_status(StatusCode::NOT_FOUND),
            ErrorCode::NotFound
        );
        assert_eq!(
            ErrorCode::for_status(StatusCode::METHOD_NOT_ALLOWED),
            ErrorCode::MethodNotAllowed
        );
        assert_eq!(
            ErrorCode::for_status(StatusCode::IM_A_TEAPOT),
            ErrorCode::BadRequest
        );
        assert_eq!(
            ErrorCode::for_status(StatusCode::BAD_GATEWAY),
            ErrorCode::InternalError
        );
    }

    #[test]
    fn rate_limited_sets_retry_after_and_its_argument() {
        let response = ApiError::rate_limited(0).error_response();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers().get(header::RETRY_AFTER).unwrap(), "1");
        assert_eq!(
            ApiError::rate_limited(20).args(),
            &[("seconds", ArgValue::Number(20))]
        );
    }
}
