//! `POST /api/v1/auth/otp/confirm`: exchange a login code for a bearer token.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_store::keys::token_hash;
use vaxkit_store::repo::{LockTable, accounts, lock_row, otp, tokens};

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OtpConfirm {
    /// From `POST /auth/otp`.
    pub txn_id: String,
    /// The code received by SMS.
    pub otp: String,
}

/// Answer: the bearer token for `Authorization: Bearer ...`.
#[derive(Debug, Serialize, ToSchema)]
pub struct LoggedIn {
    /// The token; only its hash is stored.
    pub token: String,
    /// Minutes of inactivity after which it expires.
    pub idle_minutes: i64,
}

enum Outcome {
    Token(String),
    Refused(ErrorCode),
}

/// Checks the code: unknown or wrong codes count against `otp.max_attempts`; expired or
/// used codes are refused; a right code logs in (creating the account on first login).
#[utoipa::path(post, path = "/api/v1/auth/otp/confirm", tag = "auth", request_body = OtpConfirm,
    responses((status = 200, body = LoggedIn), (status = 400, body = ErrorBody), (status = 410, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    body: web::Json<OtpConfirm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let token = confirm(&state, body.txn_id, &super::code_digest(&body.otp)).await?;
    Ok(HttpResponse::Ok().json(LoggedIn {
        token,
        idle_minutes: state.profile.otp.token_idle_minutes,
    }))
}

/// Checks a code, given as its [`super::code_digest`], against the transaction and answers a new
/// bearer token; shared by `/api/v1` (which digests the code) and the Co-WIN facade (whose
/// clients send the digest).
pub async fn confirm(
    state: &web::Data<AppState>,
    txn_id: String,
    digest: &str,
) -> Result<String, ApiError> {
    let now = state.clock.now().naive_utc();
    let max_attempts = state.profile.otp.max_attempts;
    let hash = super::challenge_hash(state, &txn_id, digest);
    // The wrong try is counted in its own transaction, so refusing does not undo it.
    let outcome = super::super::transact(state, move |c| {
        let Some(found) = otp::get(c, &txn_id)? else {
            return Ok(Outcome::Refused(ErrorCode::OtpInvalid));
        };
        // Lock, then read again: concurrent guesses are counted one after another, so
        // no more than `max_attempts` are ever compared.
        lock_row(c, LockTable::OtpChallenges, found.id)?;
        let Some(ch) = otp::get(c, &txn_id)? else {
            return Ok(Outcome::Refused(ErrorCode::OtpInvalid));
        };
        if ch.used {
            return Ok(Outcome::Refused(ErrorCode::OtpUsed));
        }
        if now >= ch.expires_at {
            return Ok(Outcome::Refused(ErrorCode::OtpExpired));
        }
        if ch.attempts >= max_attempts {
            return Ok(Outcome::Refused(ErrorCode::OtpAttemptsExceeded));
        }
        if !constant_time_eq(ch.code_hash.as_bytes(), hash.as_bytes()) {
            otp::add_attempt(c, ch.id)?;
            let code = if ch.attempts + 1 >= max_attempts {
                ErrorCode::OtpAttemptsExceeded
            } else {
                ErrorCode::OtpInvalid
            };
            return Ok(Outcome::Refused(code));
        }
        if !otp::mark_used(c, ch.id)? {
            return Ok(Outcome::Refused(ErrorCode::OtpUsed));
        }
        let account = accounts::find_or_create(c, &ch.mobile, now)?;
        let token = vaxkit_store::repo::random_hex(32);
        tokens::create(c, &token_hash(&token), account.id, now)?;
        Ok(Outcome::Token(token))
    })
    .await?;
    match outcome {
        Outcome::Token(token) => Ok(token),
        Outcome::Refused(code) => Err(code.into()),
    }
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
