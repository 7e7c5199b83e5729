//! `PATCH /api/v1/admin/facilities/{code}`: change a facility's details, or close and
//! reopen it (`active`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::facilities;
use vaxkit_core::places::FacilityView;

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body: only the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityPatch {
    /// New name.
    pub name: Option<String>,
    /// New address.
    pub address: Option<String>,
    /// Move to another region (national and region admins only).
    pub region: Option<String>,
    /// New postal code.
    pub postal_code: Option<String>,
    /// New latitude (give both).
    pub latitude: Option<f64>,
    /// New longitude (give both).
    pub longitude: Option<f64>,
    /// `false` closes the facility to bookings; `true` reopens it.
    pub active: Option<bool>,
}

/// Changes a facility within the caller's scope; facility admins may edit their own
/// facility's details but not move or close it. Recorded in the audit log.
#[utoipa::path(patch, path = "/api/v1/admin/facilities/{code}", operation_id = "updateFacility", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path, description = "Facility code")),
    request_body = FacilityPatch,
    responses((status = 200, body = FacilityView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    path: web::Path<String>,
    body: Json<FacilityPatch>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let p = body.into_inner();
    let patch = facilities::FacilityPatch {
        name: p.name,
        address: p.address,
        region: p.region,
        postal_code: p.postal_code,
        latitude: p.latitude,
        longitude: p.longitude,
        active: p.active,
    };
    let out = state
        .run(move |core| facilities::update(core, &me, &code, patch, core.clock.now()))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
