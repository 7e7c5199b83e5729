//! `POST /api/v1/auth/otp/confirm`: exchange a login code for a bearer token.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_core::auth;

use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
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

/// Checks the code: unknown or wrong codes count against `otp.max_attempts`; expired or
/// used codes are refused; a right code logs in (creating the account on first login).
#[utoipa::path(post, path = "/api/v1/auth/otp/confirm", operation_id = "confirmLoginCode", tag = "auth", request_body = OtpConfirm,
    responses((status = 200, body = LoggedIn), (status = 400, body = ErrorBody), (status = 410, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    body: Json<OtpConfirm>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let digest = auth::code_digest(&body.otp);
    let login = confirm(&state, body.txn_id, digest).await?;
    Ok(HttpResponse::Ok().json(LoggedIn {
        token: login.token,
        idle_minutes: login.idle_minutes,
    }))
}

/// Checks a code, given as its digest, against the transaction; shared by `/api/v1` (which
/// digests the code) and the Co-WIN facade (whose clients send the digest).
pub async fn confirm(
    state: &AppState,
    txn_id: String,
    digest: String,
) -> Result<auth::LoggedIn, ApiError> {
    state
        .run(move |core| auth::confirm_code(core, &txn_id, &digest, core.clock.now()))
        .await
}
