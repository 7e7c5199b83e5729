//! `POST /api/v1/appointments/{reference}/reschedule`: move an appointment to another
//! session or slot; if the new booking is refused, the old one stays.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::booking::{self, Slip};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reschedule {
    /// The new session's public id (may be the same session, for another slot).
    pub session_id: String,
    /// One of its slots.
    pub slot: String,
}

/// Cancels the old appointment and books the new one in one transaction.
#[utoipa::path(post, path = "/api/v1/appointments/{reference}/reschedule", operation_id = "rescheduleAppointment", tag = "appointments", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Appointment reference")),
    request_body = Reschedule,
    responses((status = 200, body = Slip), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
    path: web::Path<String>,
    body: Json<Reschedule>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let body = body.into_inner();
    let out = state
        .run(move |core| {
            booking::reschedule(
                core,
                &who,
                lang.as_str(),
                &reference,
                &body.session_id,
                &body.slot,
                core.clock.now(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
