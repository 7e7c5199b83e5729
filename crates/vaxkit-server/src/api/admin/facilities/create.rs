//! `POST /api/v1/admin/facilities`: open a facility in a region of one's scope.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::{audit, facilities, regions};

use super::FacilityInput;
use crate::api::places::FacilityOut;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// Creates a facility; national and region admins, within their scope.
#[utoipa::path(post, path = "/api/v1/admin/facilities", tag = "admin", security(("bearer" = [])),
    request_body = FacilityInput,
    responses((status = 201, body = FacilityOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    body: web::Json<FacilityInput>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[Role::NationalAdmin, Role::RegionAdmin])?;
    let input = body.into_inner().check(&state.profile)?;
    if !me.covers_region(&state.profile, &input.region) {
        return Err(ErrorCode::Forbidden.into());
    }
    let now = state.clock.now().naive_utc();
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        if facilities::by_code(c, &input.code)?.is_some() {
            return Err(ErrorCode::FacilityExists.into());
        }
        let region_id = *regions::ids_by_code(c, &[input.region.as_str()])?
            .get(&input.region)
            .ok_or(ErrorCode::RegionNotFound)?;
        let f = facilities::insert(
            c,
            &facilities::NewFacility {
                code: input.code.clone(),
                name: input.name.clone(),
                address: input.address.clone(),
                region_id,
                postal_code: input.postal_code.clone(),
                latitude: input.latitude,
                longitude: input.longitude,
            },
            now,
        )?;
        let out = FacilityOut::new(&st.profile, &f, &input.region);
        audit::append(
            c,
            now,
            audit::Event {
                actor: &me.actor(),
                action: "facility.create",
                entity: "facility",
                entity_ref: &f.code,
                before: None,
                after: serde_json::to_string(&out).ok(),
            },
        )?;
        Ok(out)
    })
    .await?;
    state
        .cache
        .invalidate_prefix(crate::api::sessions::CACHE_PREFIX);
    Ok(HttpResponse::Created().json(out))
}
