//! `GET /api/v1/admin/facilities`: the facilities of one's scope, closed ones included.

use actix_web::{HttpResponse, web};
use vaxkit_core::facilities::{self, AdminFacility};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Lists facilities within the caller's scope.
#[utoipa::path(get, path = "/api/v1/admin/facilities", operation_id = "listAdminFacilities", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<AdminFacility>), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
) -> Result<HttpResponse, ApiError> {
    let list = state.run(move |core| facilities::list(core, &me)).await?;
    Ok(HttpResponse::Ok().json(list))
}
