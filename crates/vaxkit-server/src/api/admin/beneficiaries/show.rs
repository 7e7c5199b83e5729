//! `GET /api/v1/admin/beneficiaries/{reference}`: a whole record, every dose included.

use actix_web::{HttpResponse, web};
use vaxkit_core::corrections::{self, AdminPerson};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Shows a beneficiary's record to a national or region admin who may see it.
#[utoipa::path(get, path = "/api/v1/admin/beneficiaries/{reference}", operation_id = "getBeneficiaryRecord", tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    responses((status = 200, body = AdminPerson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let out = state
        .run(move |core| corrections::show(core, &me, &reference))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
