//! `POST /api/v1/admin/facilities`: open a facility in a region of one's scope.

use actix_web::{HttpResponse, web};
use vaxkit_core::facilities::{self, FacilityInput};
use vaxkit_core::places::FacilityView;

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Creates a facility; national and region admins, within their scope.
#[utoipa::path(post, path = "/api/v1/admin/facilities", operation_id = "createFacility", tag = "admin", security(("bearer" = [])),
    request_body = FacilityInput,
    responses((status = 201, body = FacilityView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    body: Json<FacilityInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let out = state
        .run(move |core| facilities::create(core, &me, input, core.clock.now()))
        .await?;
    Ok(HttpResponse::Created().json(out))
}
