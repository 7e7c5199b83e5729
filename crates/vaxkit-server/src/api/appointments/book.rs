//! `POST /api/v1/appointments`: book one or several of the account's beneficiaries into
//! a session, all or none.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
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
pub struct BookingRequest {
    /// The session's public id.
    pub session_id: String,
    /// One of the session's slots.
    pub slot: String,
    /// Beneficiary references (of this account); every one is booked or none is.
    pub beneficiaries: Vec<String>,
    /// The dose number expected; refused if the schedule says otherwise.
    pub dose: Option<u32>,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct Booked {
    /// One slip per beneficiary.
    pub appointments: Vec<Slip>,
}

/// Books. Refused with the reason: not eligible (age, interval, product), wrong dose for
/// the session, already booked, outside the booking window, full.
#[utoipa::path(post, path = "/api/v1/appointments", operation_id = "bookAppointments", tag = "appointments", security(("bearer" = [])),
    request_body = BookingRequest,
    responses((status = 201, body = Booked), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
    body: Json<BookingRequest>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let request = booking::BookingRequest {
        session_id: b.session_id,
        slot: b.slot,
        beneficiaries: b.beneficiaries,
        dose: b.dose,
    };
    let slips = state
        .run(move |core| booking::book(core, &who, lang.as_str(), &request, core.clock.now()))
        .await?;
    Ok(HttpResponse::Created().json(Booked {
        appointments: slips,
    }))
}
