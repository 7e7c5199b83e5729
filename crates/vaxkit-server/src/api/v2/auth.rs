//! `POST /api/v2/auth/public/generateOTP` and `.../confirmOTP`: the `/api/v1` login, with
//! Co-WIN's fields. Co-WIN clients send the SHA-256 hex digest of the code, not the code; the
//! core checks codes by that digest, so both APIs check the same thing.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::api::auth::{confirm_otp, request_otp};
use crate::error::ApiError;
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Body of `generateOTP`.
#[derive(Debug, Deserialize)]
pub struct GenerateOtp {
    /// The mobile number.
    pub mobile: String,
}

/// Answer of `generateOTP`.
#[derive(Debug, Serialize)]
pub struct TxnId {
    /// Pass it back with the code.
    #[serde(rename = "txnId")]
    pub txn_id: String,
}

/// Body of `confirmOTP`.
#[derive(Debug, Deserialize)]
pub struct ConfirmOtp {
    /// SHA-256 of the code, as hex.
    pub otp: String,
    /// From `generateOTP`.
    #[serde(rename = "txnId")]
    pub txn_id: String,
}

/// Answer of `confirmOTP`.
#[derive(Debug, Serialize)]
pub struct Token {
    /// The bearer token.
    pub token: String,
}

/// Sends a login code by SMS.
pub async fn generate_otp(
    state: web::Data<AppState>,
    lang: RequestLanguage,
    body: Json<GenerateOtp>,
) -> Result<HttpResponse, ApiError> {
    let sent = request_otp::send_code(&state, lang.as_str(), &body.mobile).await?;
    Ok(HttpResponse::Ok().json(TxnId {
        txn_id: sent.txn_id,
    }))
}

/// Exchanges the digest of a login code for a bearer token.
pub async fn confirm_otp(
    state: web::Data<AppState>,
    body: Json<ConfirmOtp>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let login = confirm_otp::confirm(&state, body.txn_id, body.otp).await?;
    Ok(HttpResponse::Ok().json(Token { token: login.token }))
}
