//! `POST /api/v1/auth/otp`: send a login code to a mobile number.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_i18n::FluentValue;
use vaxkit_store::repo::{otp, outbox};

use crate::error::{ApiError, ErrorBody, ErrorCode};
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
#[utoipa::path(post, path = "/api/v1/auth/otp", tag = "auth", request_body = OtpRequest,
    responses((status = 200, body = OtpSent), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    lang: RequestLanguage,
    body: web::Json<OtpRequest>,
) -> Result<HttpResponse, ApiError> {
    let sent = send_code(&state, lang.as_str(), &body.mobile).await?;
    Ok(HttpResponse::Ok().json(sent))
}

/// Sends a login code to `mobile` (as typed) in `lang`, within the profile's limits; shared by
/// `/api/v1` and the Co-WIN facade.
pub async fn send_code(
    state: &web::Data<AppState>,
    lang: &str,
    mobile: &str,
) -> Result<OtpSent, ApiError> {
    let profile = &state.profile;
    let mobile = super::normalize_mobile(profile, mobile)?;
    state.limiter.check(
        &format!("mobile:{mobile}"),
        profile.rate_limits.per_mobile_per_hour,
        std::time::Duration::from_secs(3600),
    )?;
    let cfg = profile.otp.clone();
    let now = state.clock.now().naive_utc();
    let code = vaxkit_store::repo::random_digits(usize::try_from(cfg.length).unwrap_or(6));
    let txn_id = uuid_like();
    let code_hash = super::challenge_hash(state, &txn_id, &super::code_digest(&code));
    let minutes = (cfg.ttl_seconds + 59) / 60;
    let body_text = state.locales.message_plain(
        lang,
        "sms-otp",
        &[
            ("code", FluentValue::from(code.as_str())),
            ("minutes", FluentValue::from(minutes)),
        ],
    );
    let language = lang.to_string();
    let (txn, recipient) = (txn_id.clone(), mobile.clone());
    super::super::transact(state, move |c| {
        let (sent_today, last) = otp::sent_since(c, &recipient, now - chrono::Duration::hours(24))?;
        if let Some(last) = last {
            let wait = cfg.resend_after_seconds - (now - last).num_seconds();
            if wait > 0 {
                return Err(ApiError::new(ErrorCode::OtpResendTooSoon)
                    .with_arg("seconds", wait)
                    .with_retry_after(u64::try_from(wait).unwrap_or(1)));
            }
        }
        if sent_today >= cfg.max_sends_per_day {
            return Err(
                ApiError::new(ErrorCode::OtpDailyLimit).with_arg("count", cfg.max_sends_per_day)
            );
        }
        otp::create(
            c,
            &txn,
            &recipient,
            &code_hash,
            now,
            now + chrono::Duration::seconds(cfg.ttl_seconds),
        )?;
        outbox::enqueue(
            c,
            outbox::NewMessage {
                channel: "sms",
                recipient: &recipient,
                message_id: "sms-otp",
                language: &language,
                body: &body_text,
            },
            now,
        )?;
        Ok(())
    })
    .await?;
    Ok(OtpSent {
        txn_id,
        expires_in: cfg.ttl_seconds,
    })
}

/// A random transaction id in the familiar 8-4-4-4-12 hex form.
fn uuid_like() -> String {
    let hex = vaxkit_store::repo::random_hex(16);
    let part = |a: usize, b: usize| hex.get(a..b).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}
