//! `GET /api/v1/staff/me`: the logged-in staff member.

use actix_web::{HttpResponse, web};
use vaxkit_core::staff::{self, StaffView};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Who is logged in, with role and scope.
#[utoipa::path(get, path = "/api/v1/staff/me", operation_id = "getStaffMe", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = StaffView), (status = 401, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
) -> Result<HttpResponse, ApiError> {
    let out = state
        .run(move |core| match &me {
            vaxkit_core::Actor::Staff(member) => staff::me(core, member),
            _ => Err(ErrorCode::Unauthorized.into()),
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
