//! Co-WIN's error form, `{"errorCode": "APPOIN0040", "error": "..."}`, and the one table from
//! vaxkit's stable codes to Co-WIN-style codes and statuses. The message is still vaxkit's,
//! localised through Fluent in the request's language; [`cowin_errors`], a middleware on the
//! `/api/v2` scope, renders every error there with [`body`] and [`status`].
//!
//! Codes seen from Co-WIN itself keep their value (`APPOIN0040` full session, `APPOIN0015`
//! invalid slot, `USRAUT0014` invalid OTP, `USRAUT0010` mobile number); the others follow
//! Co-WIN's pattern (area prefix and four digits) and are listed in `docs/cowin-compat.md`.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use serde::Serialize;

use crate::error::{ApiError, ErrorCode, render_errors};

/// The body of every `/api/v2` error answer.
#[derive(Debug, Clone, Serialize)]
pub struct CowinError {
    /// Co-WIN-style code.
    #[serde(rename = "errorCode")]
    pub error_code: &'static str,
    /// The message in the request's language.
    pub error: String,
}

/// The error body for a code and its localised message.
pub fn body(code: ErrorCode, message: String) -> CowinError {
    CowinError {
        error_code: cowin_code(code),
        error: message,
    }
}

/// The HTTP status of an error under `/api/v2`: vaxkit's, except that Co-WIN answered invalid
/// input with 400 where vaxkit uses 422 (unprocessable) or 410 (code expired or used).
pub fn status(code: ErrorCode) -> StatusCode {
    match crate::error::status(code) {
        StatusCode::UNPROCESSABLE_ENTITY | StatusCode::GONE => StatusCode::BAD_REQUEST,
        other => other,
    }
}

/// Middleware on the `/api/v2` scope: every 4xx and 5xx answer in Co-WIN's form and status,
/// with the message in the request's language.
pub async fn cowin_errors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    render_errors(req, next, |error: &ApiError, _, message| {
        let body = serde_json::to_value(body(error.code(), message)).unwrap_or_default();
        (status(error.code()), body)
    })
    .await
}

/// The Co-WIN-style code of a vaxkit error code.
pub fn cowin_code(code: ErrorCode) -> &'static str {
    use ErrorCode as E;
    match code {
        // General.
        E::BadRequest => "GENERR0001",
        E::InvalidJson => "GENERR0002",
        E::UnknownField => "GENERR0003",
        E::PayloadTooLarge => "GENERR0004",
        E::NotFound => "GENERR0005",
        E::MethodNotAllowed => "GENERR0006",
        E::RateLimited => "GENERR0007",
        E::UnsupportedMediaType => "GENERR0008",
        E::ServiceUnavailable => "GENERR0009",
        E::StorageFull => "GENERR0012",
        E::InternalError => "GENERR0010",
        // Login.
        E::Unauthorized => "USRAUT0001",
        E::SessionExpired => "USRAUT0002",
        E::Forbidden => "USRAUT0003",
        E::InvalidMobile => "USRAUT0010",
        E::OtpInvalid => "USRAUT0014",
        E::OtpExpired => "USRAUT0015",
        E::OtpUsed => "USRAUT0016",
        E::OtpAttemptsExceeded => "USRAUT0017",
        E::OtpResendTooSoon => "USRAUT0018",
        E::OtpDailyLimit => "USRAUT0019",
        // Registration.
        E::InvalidName => "BENREG0001",
        E::InvalidNameCharacter => "BENREG0014",
        E::LatinNameRequired => "BENREG0015",
        E::InvalidLatinName => "BENREG0016",
        E::InvalidBirth => "BENREG0002",
        E::BirthDateRequired => "BENREG0003",
        E::InvalidGender => "BENREG0004",
        E::InvalidLanguage => "BENREG0005",
        E::UnknownIdScheme => "BENREG0006",
        E::InvalidIdNumber => "BENREG0007",
        E::DuplicateIdNumber => "BENREG0008",
        E::BeneficiaryLimitReached => "BENREG0009",
        E::BeneficiaryNotFound => "BENREG0010",
        E::AlreadyCorrected => "BENREG0011",
        E::NothingToChange => "BENREG0012",
        E::BeneficiaryHasDoses => "BENREG0013",
        E::InvalidField => "GENERR0011",
        E::CertificateNotAvailable => "CERTIF0001",
        E::NoCertificate => "CERTIF0002",
        // Places and sessions.
        E::InvalidQuery => "APPOIN0001",
        E::InvalidDate => "APPOIN0002",
        E::InvalidPostalCode => "APPOIN0003",
        E::RegionNotFound => "APPOIN0004",
        E::FacilityNotFound => "APPOIN0005",
        E::UnknownVaccine => "APPOIN0006",
        E::InvalidCoordinates => "APPOIN0007",
        E::SessionNotFound => "APPOIN0011",
        E::OutsideBookingWindow => "APPOIN0012",
        E::InvalidBeneficiaryList => "APPOIN0013",
        E::InvalidSlot => "APPOIN0015",
        // Booking.
        E::SessionFull => "APPOIN0040",
        E::AlreadyBooked => "APPOIN0050",
        E::NotEligible => "APPOIN0051",
        E::WrongDose => "APPOIN0052",
        E::DoseNotOffered => "APPOIN0053",
        E::AgeNotAllowed => "APPOIN0054",
        E::AppointmentNotFound => "APPOIN0060",
        E::AppointmentNotOpen => "APPOIN0061",
        // Staff work: no `/api/v2` endpoint answers these.
        E::InvalidCredentials
        | E::InvalidUsername
        | E::UsernameTaken
        | E::WeakPassword
        | E::InvalidScope
        | E::InvalidFacilityCode
        | E::FacilityExists
        | E::InvalidSessionDates
        | E::VaccineNotAvailable
        | E::InvalidDoses
        | E::InvalidAgeLimits
        | E::InvalidCapacity
        | E::InvalidSlots
        | E::ReasonRequired
        | E::InvalidIdempotencyKey
        | E::InvalidBatch
        | E::DuplicateRequest
        | E::IdempotencyKeyReused
        | E::DoseNotFound
        | E::InvalidAefi
        | E::DoseRevoked
        | E::MergeConflict
        | E::MergeSelf => "GENERR0099",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citizen_codes_have_distinct_cowin_codes() {
        let mut seen = std::collections::HashMap::new();
        for code in ErrorCode::ALL {
            let cowin = cowin_code(*code);
            assert_eq!(cowin.len(), 10, "{cowin}");
            if cowin != "GENERR0099"
                && let Some(other) = seen.insert(cowin, *code)
            {
                panic!("{cowin} for both {other} and {code}");
            }
        }
        assert_eq!(cowin_code(ErrorCode::SessionFull), "APPOIN0040");
        assert_eq!(status(ErrorCode::SessionFull), StatusCode::CONFLICT);
        assert_eq!(status(ErrorCode::NotEligible), StatusCode::BAD_REQUEST);
    }
}
