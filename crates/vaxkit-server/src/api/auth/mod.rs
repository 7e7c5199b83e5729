//! Citizen login: a one-time code by SMS for a bearer token.

pub mod citizen;
pub mod confirm_otp;
pub mod logout;
pub mod request_otp;

pub use citizen::Citizen;

use vaxkit_profile::Profile;
use vaxkit_store::keys::token_hash;

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The digest a login code is checked by: SHA-256 of the code as lower-case hex. Co-WIN clients
/// (`/api/v2`) send this digest instead of the code; for `/api/v1` the server computes it.
pub fn code_digest(code: &str) -> String {
    token_hash(code.trim())
}

/// What is stored for a login code: a keyed hash of its transaction and its [`code_digest`], so
/// that neither the code nor its plain digest can be read from the database.
pub fn challenge_hash(state: &AppState, txn_id: &str, digest: &str) -> String {
    state.store.secrets.id_hash(
        "otp",
        &format!("{txn_id}:{}", digest.trim().to_ascii_lowercase()),
    )
}

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
