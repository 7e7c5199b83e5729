//! `POST /api/v1/admin/doses/{reference}/revoke`: a dose that should not stand (recorded
//! for the wrong person, never given) is revoked with a written reason. The record stays
//! for the audit trail, but it no longer counts: not in the figures, not in the person's
//! schedule, and its certificates fail verification.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::corrections::{self, AdminDose};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeDose {
    /// Why the dose is revoked (1 to 500 characters).
    pub reason: String,
}

/// Revokes a dose given within the caller's scope.
#[utoipa::path(post, path = "/api/v1/admin/doses/{reference}/revoke", operation_id = "revokeDose", tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Dose reference")),
    request_body = RevokeDose,
    responses((status = 200, body = AdminDose), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    path: web::Path<String>,
    body: Json<RevokeDose>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let reason = body.into_inner().reason;
    let out = state
        .run(move |core| corrections::revoke_dose(core, &me, &reference, &reason, core.clock.now()))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
