//! `POST /api/v1/aefi` (a citizen, for their account's doses) and
//! `POST /api/v1/admin/aefi` (staff, for doses given within their scope).

use actix_web::{HttpResponse, web};
use vaxkit_core::Actor;
use vaxkit_core::aefi::{self, AefiInput, AefiOut};

use crate::actors::{AsCitizen, AsStaff};
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// A citizen reports an event after a dose of one of their account's people.
#[utoipa::path(post, path = "/api/v1/aefi", operation_id = "reportAdverseEvent", tag = "aefi", security(("bearer" = [])), request_body = AefiInput,
    responses((status = 201, body = AefiOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn citizen(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    body: Json<AefiInput>,
) -> Result<HttpResponse, ApiError> {
    report(&state, who, body.into_inner()).await
}

/// Staff report an event after a dose given at a facility of their scope.
#[utoipa::path(post, path = "/api/v1/admin/aefi", operation_id = "reportAdverseEventAsStaff", tag = "aefi", security(("bearer" = [])), request_body = AefiInput,
    responses((status = 201, body = AefiOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn staff(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    body: Json<AefiInput>,
) -> Result<HttpResponse, ApiError> {
    report(&state, me, body.into_inner()).await
}

async fn report(
    state: &AppState,
    actor: Actor,
    input: AefiInput,
) -> Result<HttpResponse, ApiError> {
    let out = state
        .run(move |core| aefi::report(core, &actor, &input, core.clock.now()))
        .await?;
    Ok(HttpResponse::Created().json(out))
}
