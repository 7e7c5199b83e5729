//! Citizen login: a one-time code by SMS for a bearer token.

pub mod citizen;
pub mod confirm_otp;
pub mod logout;
pub mod request_otp;

pub use citizen::Citizen;

use vaxkit_profile::Profile;

use crate::error::{ApiError, ErrorCode};

/// The mobile number as stored: calling code and national number, digits only.
/// Accepts the national number, with or without a leading 0, `+CC`, or `00CC`.
pub fn normalize_mobile(profile: &Profile, input: &str) -> Result<String, ApiError> {
    let digits: String = input
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '(' | ')' | '.'))
        .collect();
    let cc = &profile.country.calling_code;
    let national = digits
        .strip_prefix('+')
        .and_then(|d| d.strip_prefix(cc.as_str()))
        .or_else(|| {
            digits
                .strip_prefix("00")
                .and_then(|d| d.strip_prefix(cc.as_str()))
        })
        .unwrap_or(&digits);
    let national = if profile.country.phone_pattern.is_match(national) {
        national
    } else {
        national.strip_prefix('0').unwrap_or(national)
    };
    if national.chars().all(|c| c.is_ascii_digit())
        && profile.country.phone_pattern.is_match(national)
    {
        Ok(format!("{cc}{national}"))
    } else {
        Err(ApiError::new(ErrorCode::InvalidMobile))
    }
}
