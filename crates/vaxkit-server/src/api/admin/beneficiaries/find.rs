//! `POST /api/v1/admin/beneficiaries/find`: a record by identity number (sent in the body,
//! so the number never appears in a URL or a request log).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::corrections::{self, AdminPerson};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindPerson {
    /// ID scheme id from the profile.
    pub id_scheme: String,
    /// The identity number, as written on the document.
    pub id_number: String,
}

/// Finds the record registered with an identity number (for a merged duplicate's
/// number, the record it was merged into), if the caller may see it.
#[utoipa::path(post, path = "/api/v1/admin/beneficiaries/find", operation_id = "findBeneficiaryRecord", tag = "admin", security(("bearer" = [])),
    request_body = FindPerson,
    responses((status = 200, body = AdminPerson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    body: Json<FindPerson>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let out = state
        .run(move |core| corrections::find(core, &me, &b.id_scheme, &b.id_number))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
