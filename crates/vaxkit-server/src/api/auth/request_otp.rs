//! `POST /api/v1/auth/otp`: send a login code to a mobile number.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_core::types::Mobile;

use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OtpRequest {
    /// The mobile number, national or with `+` and the calling code.
    pub mobile: String,
}

/// Answer: the transaction to confirm the code against.
#[derive(Debug, Serialize, ToSchema)]
pub struct OtpSent {
    /// Pass it back with the code.
    pub txn_id: String,
    /// Seconds the code stays valid.
    pub expires_in: i64,
}

/// Sends a code by SMS (through the outbox). Limits from the profile: codes per number
/// per day, spacing between codes, requests per number per hour.
#[utoipa::path(post, path = "/api/v1/auth/otp", operation_id = "requestLoginCode", tag = "auth", request_body = OtpRequest,
    responses((status = 200, body = OtpSent), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    lang: RequestLanguage,
    body: Json<OtpRequest>,
) -> Result<HttpResponse, ApiError> {
    let sent = send_code(&state, lang.as_str(), &body.mobile).await?;
    Ok(HttpResponse::Ok().json(OtpSent {
        txn_id: sent.txn_id,
        expires_in: sent.expires_in,
    }))
}

/// Sends a login code to `mobile` (as typed) in `lang`; shared by `/api/v1` and the Co-WIN
/// facade.
pub async fn send_code(
    state: &AppState,
    lang: &str,
    mobile: &str,
) -> Result<vaxkit_core::auth::CodeSent, ApiError> {
    let mobile = Mobile::parse(&state.core.profile, mobile)?;
    let lang = lang.to_string();
    state
        .run(move |core| vaxkit_core::auth::request_code(core, &mobile, &lang, core.clock.now()))
        .await
}
