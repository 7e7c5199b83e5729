//! `GET /api/v1/staff/me`: the logged-in staff member.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::staff;

use super::StaffOut;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::Staff;
use crate::state::AppState;

/// Who is logged in, with role and scope.
#[utoipa::path(get, path = "/api/v1/staff/me", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = StaffOut), (status = 401, body = ErrorBody)))]
pub async fn handle(state: web::Data<AppState>, me: Staff) -> Result<HttpResponse, ApiError> {
    let id = me.id;
    let user = state
        .read(move |c| staff::get(c, id))
        .await?
        .ok_or(ErrorCode::Unauthorized)?;
    Ok(HttpResponse::Ok().json(StaffOut::from(user)))
}
