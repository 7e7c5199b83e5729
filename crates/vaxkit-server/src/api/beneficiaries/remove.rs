//! `DELETE /api/v1/beneficiaries/{reference}`: remove a person who has no recorded dose.

use actix_web::{HttpResponse, web};
use vaxkit_core::registration;

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Removes the beneficiary, cancelling an open appointment (its place is given back).
#[utoipa::path(delete, path = "/api/v1/beneficiaries/{reference}", operation_id = "removeBeneficiary", tag = "beneficiaries", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    state
        .run(move |core| registration::remove(core, &who, &reference, core.clock.now()))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
