//! `GET /api/v1/admin/facilities`: the facilities of one's scope, closed ones included.

use actix_web::{HttpResponse, web};
use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_store::repo::facilities;

use crate::api::places::FacilityOut;
use crate::error::{ApiError, ErrorBody};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// A facility with its state, for administrators.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminFacility {
    /// The facility.
    #[serde(flatten)]
    pub facility: FacilityOut,
    /// Whether it takes bookings.
    pub active: bool,
}

/// Lists facilities within the caller's scope.
#[utoipa::path(get, path = "/api/v1/admin/facilities", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<AdminFacility>), (status = 403, body = ErrorBody)))]
pub async fn handle(state: web::Data<AppState>, me: Staff) -> Result<HttpResponse, ApiError> {
    me.require(&[
        Role::NationalAdmin,
        Role::RegionAdmin,
        Role::FacilityAdmin,
        Role::Vaccinator,
        Role::Auditor,
    ])?;
    let all = state.read(facilities::all).await?;
    let list: Vec<AdminFacility> = all
        .iter()
        .filter(|(f, region)| me.covers_facility(&state.profile, &f.code, region))
        .map(|(f, region)| AdminFacility {
            facility: FacilityOut::new(&state.profile, f, region),
            active: f.active,
        })
        .collect();
    Ok(HttpResponse::Ok().json(list))
}
