//! `GET /api/v1/appointments/{reference}`: the appointment slip.

use actix_web::{HttpResponse, web};
use vaxkit_core::booking::{self, Slip};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// The slip with the security code; only for the account's own appointments.
#[utoipa::path(get, path = "/api/v1/appointments/{reference}", operation_id = "getAppointmentSlip", tag = "appointments", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Appointment reference")),
    responses((status = 200, body = Slip), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let out = state
        .run(move |core| booking::slip(core, &who, &reference))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
