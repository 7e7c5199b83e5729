//! `POST /api/v1/appointments/{reference}/cancel`: cancel and give the place back.

use actix_web::{HttpResponse, web};
use vaxkit_core::booking::{self, Slip};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Cancels an open appointment of the account; answers the slip, now cancelled.
#[utoipa::path(post, path = "/api/v1/appointments/{reference}/cancel", operation_id = "cancelAppointment", tag = "appointments", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Appointment reference")),
    responses((status = 200, body = Slip), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let out = state
        .run(move |core| booking::cancel(core, &who, lang.as_str(), &reference, core.clock.now()))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
