//! `PATCH /api/v1/admin/facilities/{code}`: change a facility's details, or close and
//! reopen it (`active`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::{audit, facilities, regions};

use super::FacilityInput;
use crate::api::places::FacilityOut;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff};
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
#[utoipa::path(patch, path = "/api/v1/admin/facilities/{code}", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path, description = "Facility code")),
    request_body = FacilityPatch,
    responses((status = 200, body = FacilityOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    path: web::Path<String>,
    body: web::Json<FacilityPatch>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])?;
    let code = path.into_inner();
    let patch = body.into_inner();
    if me.role == Role::FacilityAdmin && (patch.region.is_some() || patch.active.is_some()) {
        return Err(ErrorCode::Forbidden.into());
    }
    let now = state.clock.now().naive_utc();
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        let (f, region) = facilities::by_code(c, &code)?.ok_or(ErrorCode::FacilityNotFound)?;
        if !me.covers_facility(&st.profile, &f.code, &region) {
            return Err(ErrorCode::FacilityNotFound.into());
        }
        // The result must pass the same checks as a new facility.
        let merged = FacilityInput {
            code: f.code.clone(),
            name: patch.name.clone().unwrap_or_else(|| f.name.clone()),
            address: patch.address.clone().unwrap_or_else(|| f.address.clone()),
            region: patch.region.clone().unwrap_or_else(|| region.clone()),
            postal_code: patch.postal_code.clone().or_else(|| f.postal_code.clone()),
            latitude: patch.latitude.or(f.latitude),
            longitude: patch.longitude.or(f.longitude),
        }
        .check(&st.profile)?;
        if !me.covers_region(&st.profile, &merged.region) && me.role != Role::FacilityAdmin {
            return Err(ErrorCode::Forbidden.into());
        }
        let before = FacilityOut::new(&st.profile, &f, &region);
        let region_id = *regions::ids_by_code(c, &[merged.region.as_str()])?
            .get(&merged.region)
            .ok_or(ErrorCode::RegionNotFound)?;
        facilities::update(
            c,
            f.id,
            &facilities::FacilityChange {
                name: Some(merged.name),
                address: Some(merged.address),
                region_id: Some(region_id),
                postal_code: Some(merged.postal_code),
                latitude: Some(merged.latitude),
                longitude: Some(merged.longitude),
                active: patch.active,
            },
        )?;
        let (f, region) = facilities::by_code(c, &code)?.ok_or(ErrorCode::FacilityNotFound)?;
        let after = FacilityOut::new(&st.profile, &f, &region);
        audit::append(
            c,
            now,
            audit::Event {
                actor: &me.actor(),
                action: if patch.active == Some(false) {
                    "facility.close"
                } else {
                    "facility.update"
                },
                entity: "facility",
                entity_ref: &f.code,
                before: serde_json::to_string(&before).ok(),
                after: serde_json::to_string(&after).ok(),
            },
        )?;
        Ok(after)
    })
    .await?;
    state
        .cache
        .invalidate_prefix(crate::api::sessions::CACHE_PREFIX);
    Ok(HttpResponse::Ok().json(out))
}
