//! The one error type of the use cases. A refusal is an [`Error`]: a stable snake_case
//! [`ErrorCode`] and the arguments of its message, never an HTTP status and never text in a
//! language. Each front end turns it into its own answer — the JSON API into a status and a
//! localised body, the Co-WIN facade into Co-WIN's codes, the command line into a line on
//! standard error — with [`Error::message`], which Fluent formats in the reader's language.
//!
//! The code doubles as the Fluent message id: `rate_limited` is `error-rate-limited` in
//! `locales/<lang>/vaxkit.ftl`. A few codes (`invalid_json`, `unknown_field`,
//! `payload_too_large`, `method_not_allowed`, `unsupported_media_type`) only ever come from the
//! HTTP front ends, which read requests; they are listed here so that every code a client can
//! see lives in one list with one message each.

use std::fmt;

use vaxkit_i18n::{Message, Value};
use vaxkit_store::StoreError;

/// Declares the error codes: one line per code, `Variant = "snake_case_code"`, where the code
/// is the snake_case of the variant name.
macro_rules! error_codes {
    ($( $(#[doc = $doc:literal])* $variant:ident = $code:literal, )*) => {
        /// A stable, machine-readable error code; also the Fluent message id (`error-` + code
        /// with `_` as `-`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        }
    };
}

error_codes! {
    BadRequest = "bad_request",
    InvalidJson = "invalid_json",
    UnknownField = "unknown_field",
    InvalidField = "invalid_field",
    PayloadTooLarge = "payload_too_large",
    NotFound = "not_found",
    MethodNotAllowed = "method_not_allowed",
    Unauthorized = "unauthorized",
    Forbidden = "forbidden",
    RateLimited = "rate_limited",
    UnsupportedMediaType = "unsupported_media_type",
    ServiceUnavailable = "service_unavailable",
    StorageFull = "storage_full",
    InternalError = "internal_error",
    InvalidMobile = "invalid_mobile",
    OtpResendTooSoon = "otp_resend_too_soon",
    OtpDailyLimit = "otp_daily_limit",
    OtpInvalid = "otp_invalid",
    OtpExpired = "otp_expired",
    OtpUsed = "otp_used",
    OtpAttemptsExceeded = "otp_attempts_exceeded",
    SessionExpired = "session_expired",
    InvalidName = "invalid_name",
    InvalidNameCharacter = "invalid_name_character",
    LatinNameRequired = "latin_name_required",
    InvalidLatinName = "invalid_latin_name",
    InvalidBirth = "invalid_birth",
    BirthDateRequired = "birth_date_required",
    InvalidGender = "invalid_gender",
    InvalidLanguage = "invalid_language",
    UnknownIdScheme = "unknown_id_scheme",
    InvalidIdNumber = "invalid_id_number",
    DuplicateIdNumber = "duplicate_id_number",
    BeneficiaryLimitReached = "beneficiary_limit_reached",
    BeneficiaryNotFound = "beneficiary_not_found",
    AlreadyCorrected = "already_corrected",
    NothingToChange = "nothing_to_change",
    BeneficiaryHasDoses = "beneficiary_has_doses",
    RegionNotFound = "region_not_found",
    FacilityNotFound = "facility_not_found",
    InvalidQuery = "invalid_query",
    InvalidDate = "invalid_date",
    InvalidPostalCode = "invalid_postal_code",
    InvalidCoordinates = "invalid_coordinates",
    UnknownVaccine = "unknown_vaccine",
    SessionNotFound = "session_not_found",
    OutsideBookingWindow = "outside_booking_window",
    InvalidSlot = "invalid_slot",
    InvalidBeneficiaryList = "invalid_beneficiary_list",
    AlreadyBooked = "already_booked",
    NotEligible = "not_eligible",
    WrongDose = "wrong_dose",
    DoseNotOffered = "dose_not_offered",
    AgeNotAllowed = "age_not_allowed",
    SessionFull = "session_full",
    AppointmentNotFound = "appointment_not_found",
    AppointmentNotOpen = "appointment_not_open",
    InvalidCredentials = "invalid_credentials",
    InvalidUsername = "invalid_username",
    UsernameTaken = "username_taken",
    WeakPassword = "weak_password",
    InvalidScope = "invalid_scope",
    InvalidFacilityCode = "invalid_facility_code",
    FacilityExists = "facility_exists",
    InvalidSessionDates = "invalid_session_dates",
    VaccineNotAvailable = "vaccine_not_available",
    InvalidDoses = "invalid_doses",
    InvalidAgeLimits = "invalid_age_limits",
    InvalidCapacity = "invalid_capacity",
    InvalidSlots = "invalid_slots",
    ReasonRequired = "reason_required",
    InvalidIdempotencyKey = "invalid_idempotency_key",
    InvalidBatch = "invalid_batch",
    DuplicateRequest = "duplicate_request",
    IdempotencyKeyReused = "idempotency_key_reused",
    DoseNotFound = "dose_not_found",
    InvalidAefi = "invalid_aefi",
    DoseRevoked = "dose_revoked",
    MergeConflict = "merge_conflict",
    MergeSelf = "merge_self",
    NoCertificate = "no_certificate",
    CertificateNotAvailable = "certificate_not_available",
}

impl ErrorCode {
    /// The Fluent message id: `error-` and the code with `-` for `_`.
    pub fn message_id(self) -> String {
        format!("error-{}", self.as_str().replace('_', "-"))
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refusal or a failure: a code, the arguments of its message, and how long to wait before
/// trying again when that is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Error {
    code: ErrorCode,
    args: Vec<(&'static str, Value)>,
    retry_after_seconds: Option<u64>,
    reason: Option<String>,
}

/// Result of every use case.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// An error with this code and no message arguments.
    pub fn new(code: ErrorCode) -> Self {
        Self {
            code,
            args: Vec::new(),
            retry_after_seconds: None,
            reason: None,
        }
    }

    /// Adds an argument to the message (every locale's message uses the same names).
    pub fn with_arg(mut self, name: &'static str, value: impl Into<Value>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// Says how long to wait before trying again (at least 1 second).
    pub fn with_retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_seconds = Some(seconds.max(1));
        self
    }

    /// Adds a finer, stable reason code for programs (the schedule engine's `too_early`...).
    pub fn with_reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// The finer reason code, when there is one.
    pub fn reason(&self) -> Option<&str> {
        self.reason.as_deref()
    }

    /// `rate_limited`, with the seconds to wait as its argument and its retry time.
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

    /// `storage_full` (the database's disk has no room: nothing was written); the detail goes
    /// to the log, as an error, since only an operator can make room.
    pub fn storage_full(detail: impl fmt::Display) -> Self {
        tracing::error!(error = %detail, "storage full: the database cannot write, make room on its disk");
        Self::new(ErrorCode::StorageFull)
    }

    /// The code.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The message arguments.
    pub fn args(&self) -> &[(&'static str, Value)] {
        &self.args
    }

    /// Seconds to wait before trying again, when known.
    pub fn retry_after_seconds(&self) -> Option<u64> {
        self.retry_after_seconds
    }

    /// The message to show, not yet in any language.
    pub fn message(&self) -> Message {
        Message {
            id: self.code.message_id(),
            args: self.args.clone(),
        }
    }
}

impl From<ErrorCode> for Error {
    fn from(code: ErrorCode) -> Self {
        Self::new(code)
    }
}

impl From<StoreError> for Error {
    fn from(error: StoreError) -> Self {
        use diesel::result::{DatabaseErrorKind, Error as DieselError};
        if error.is_storage_full() {
            return Self::storage_full(error);
        }
        if error.is_connection_lost() || error.is_transient_conflict() {
            return Self::unavailable(error);
        }
        match error {
            StoreError::Connect(_)
            | StoreError::Query(DieselError::DatabaseError(
                DatabaseErrorKind::ClosedConnection,
                _,
            ))
            | StoreError::Query(DieselError::BrokenTransactionManager) => Self::unavailable(error),
            other => Self::internal(other),
        }
    }
}

impl From<diesel::result::Error> for Error {
    fn from(error: diesel::result::Error) -> Self {
        Self::from(StoreError::Query(error))
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)
    }
}

impl std::error::Error for Error {}

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
    fn rate_limited_carries_its_wait() {
        let e = Error::rate_limited(0);
        assert_eq!(e.retry_after_seconds(), Some(1));
        assert_eq!(
            Error::rate_limited(20).args(),
            &[("seconds", Value::Number(20))]
        );
        assert_eq!(e.message().id, "error-rate-limited");
    }
}
