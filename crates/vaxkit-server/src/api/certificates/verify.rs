//! `POST /api/v1/certificates/verify`: is this QR text a valid certificate of this server?
//! The same checks an offline verifier makes: signature by a published key (active or
//! retired), key usage, validity dates and the revocation list.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use vaxkit_core::certificates;

use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VerifyRequest {
    /// The QR text: `HC1:...` or `shc:/...` (several SMART Health Card chunks one per line).
    pub qr: String,
}

/// The answer, ready for a public verification page.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerifyAnswer {
    /// True only when every check passed.
    pub valid: bool,
    /// Stable reason code: `valid`, `bad_signature`, `revoked`, `expired`, `bad_base45`...
    pub reason: String,
    /// The verdict in the request's language.
    pub message: String,
    /// Why, in the request's language, with the verifier's own explanation of the case (in
    /// English) in brackets.
    pub detail: String,
    /// `eu-dcc` or `shc` (the names the profile and the command line use), when recognised.
    pub format: Option<String>,
    /// The decoded payload: the holder's name, birth date and vaccination; null when the text
    /// could not be decoded.
    #[schema(value_type = Option<Object>)]
    pub payload: Option<serde_json::Value>,
    /// EU DCC codes outside the EU value sets their fields name, each as a sentence in the
    /// request's language. They do not make the certificate invalid (issuers used national and
    /// older codes); a verifier may show them.
    pub unknown_codes: Vec<String>,
}

/// Verifies a certificate's QR text.
#[utoipa::path(post, path = "/api/v1/certificates/verify", operation_id = "verifyCertificate", tag = "certificates",
    request_body = VerifyRequest,
    responses((status = 200, body = VerifyAnswer), (status = 400, body = ErrorBody), (status = 501, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    lang: RequestLanguage,
    body: Json<VerifyRequest>,
) -> Result<HttpResponse, ApiError> {
    let text = body.into_inner().qr;
    let outcome = state
        .run(move |core| certificates::verify(core, &text, core.clock.now()))
        .await?;
    let reason = outcome.reason.code().to_string();
    let locales = &state.core.locales;
    let message = if outcome.valid {
        locales.message_plain(lang.as_str(), "certificate-valid", &[])
    } else {
        locales.message_plain(
            lang.as_str(),
            "certificate-invalid",
            &[("reason", reason.as_str().into())],
        )
    };
    let detail = locales.message_plain(
        lang.as_str(),
        &outcome.message_id(),
        &[("detail", outcome.message.as_str().into())],
    );
    let unknown_codes = outcome
        .unknown_codes
        .iter()
        .map(|f| {
            locales.message_plain(
                lang.as_str(),
                "cert-unknown-code",
                &[
                    ("path", f.path.as_str().into()),
                    ("value", f.value.as_str().into()),
                    ("value_set", f.value_set.into()),
                ],
            )
        })
        .collect();
    Ok(HttpResponse::Ok().json(VerifyAnswer {
        valid: outcome.valid,
        reason,
        message,
        detail,
        unknown_codes,
        format: outcome.format.map(|f| match f {
            vaxkit_cert::Format::EuDcc => "eu-dcc".to_string(),
            vaxkit_cert::Format::Shc => "shc".to_string(),
        }),
        payload: outcome.payload,
    }))
}
