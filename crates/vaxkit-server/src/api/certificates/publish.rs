//! What offline verifiers load: the public keys as a JWKS (`/.well-known/jwks.json`, where
//! SMART Health Card verifiers look), the EU DCC signer certificates for trust lists, and
//! the signed list of revoked certificates.

use actix_web::{HttpResponse, web};
use base64::Engine;
use serde::Serialize;
use utoipa::ToSchema;

use vaxkit_core::certificates::{self, certifier};

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The public keys, active first then retired, as a JSON Web Key Set.
pub async fn jwks(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let keys = certifier(&state.core)?.keyring.jwks().to_json();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .insert_header(("Access-Control-Allow-Origin", "*"))
        .json(keys))
}

/// An EU DCC signer certificate.
#[derive(Debug, Serialize, ToSchema)]
pub struct Signer {
    /// EU DCC key id: base64 of the first 8 bytes of the certificate's SHA-256.
    pub kid: String,
    /// The X.509 certificate, base64 DER (as EU trust lists carry it).
    pub certificate: String,
    /// Whether this key signs new certificates (retired keys only verify).
    pub active: bool,
}

/// The EU DCC signer certificates, active first.
#[utoipa::path(get, path = "/api/v1/certificates/signers", operation_id = "listSigners", tag = "certificates",
    responses((status = 200, body = Vec<Signer>), (status = 501, body = ErrorBody)))]
pub async fn signers(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let ring = &certifier(&state.core)?.keyring;
    let b64 = base64::engine::general_purpose::STANDARD;
    let signer = |der: &[u8], active: bool| Signer {
        kid: b64.encode(vaxkit_cert::eudcc::kid_of_certificate(der)),
        certificate: b64.encode(der),
        active,
    };
    let mut list: Vec<Signer> = ring
        .active_certificate()
        .map(|c| signer(c, true))
        .into_iter()
        .collect();
    list.extend(
        ring.retired()
            .iter()
            .filter_map(|r| r.certificate.as_deref())
            .map(|c| signer(c, false)),
    );
    Ok(HttpResponse::Ok().json(list))
}

/// The signed revocation list: a compact JWS (ES256, `typ` `vaxkit-revocations`) whose
/// payload is `{ "issued", "entries": [certificate ids] }`, verifiable with the JWKS.
#[utoipa::path(get, path = "/api/v1/certificates/revocations", operation_id = "getRevocationList", tag = "certificates",
    responses((status = 200, content_type = "application/jose", description = "compact JWS"), (status = 501, body = ErrorBody)))]
pub async fn revocations(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let jws = state
        .run(|core| certificates::revocations(core, core.clock.now()))
        .await?;
    Ok(HttpResponse::Ok()
        .content_type("application/jose")
        .insert_header(("Cache-Control", "public, max-age=300"))
        .body(jws))
}
