//! `GET` and `POST /api/v1/staff/users`: staff within one's scope. A national admin
//! manages anyone; a region admin, staff of its region and its facilities; a facility
//! admin, the vaccinators of its facility.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::Role;
use vaxkit_core::staff::{self, NewStaff, StaffView};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaffUser {
    /// Login name (letters, digits, `.`, `_`, `-`; 3 to 64).
    pub username: String,
    /// Full name.
    pub name: String,
    /// Initial password (at least 12 characters).
    pub password: String,
    /// Role code.
    pub role: Role,
    /// Region scope, for region admins (and auditors limited to a region).
    pub region: Option<String>,
    /// Facility scope, for facility admins and vaccinators.
    pub facility: Option<String>,
}

/// Lists the staff within the caller's scope.
#[utoipa::path(get, path = "/api/v1/staff/users", operation_id = "listStaff", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = Vec<StaffView>), (status = 403, body = ErrorBody)))]
pub async fn list(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
) -> Result<HttpResponse, ApiError> {
    let list = state.run(move |core| staff::list(core, &me)).await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Creates a staff member within the caller's scope; recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/staff/users", operation_id = "createStaff", tag = "staff", security(("bearer" = [])),
    request_body = NewStaffUser,
    responses((status = 201, body = StaffView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    body: Json<NewStaffUser>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let new = NewStaff {
        username: b.username,
        name: b.name,
        password: b.password,
        role: b.role,
        region: b.region,
        facility: b.facility,
    };
    let out = state
        .run(move |core| staff::create(core, &me, new, core.clock.now()))
        .await?;
    Ok(HttpResponse::Created().json(out))
}
