//! `GET /api/v1/appointments`: the account's appointments, newest first.

use actix_web::{HttpResponse, web};
use vaxkit_core::booking::{self, Slip};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Lists every appointment of the account's beneficiaries, cancelled ones included.
#[utoipa::path(get, path = "/api/v1/appointments", operation_id = "listAppointments", tag = "appointments", security(("bearer" = [])),
    responses((status = 200, body = Vec<Slip>), (status = 401, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
) -> Result<HttpResponse, ApiError> {
    let list = state.run(move |core| booking::list(core, &who)).await?;
    Ok(HttpResponse::Ok().json(list))
}
