//! `POST /api/v1/appointments/{reference}/reschedule`: move an appointment to another
//! session or slot; if the new booking is refused, the old one stays.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::{LockTable, appointments, beneficiaries, lock_row};

use super::rules::Booking;
use super::{Slip, slip};
use crate::api::auth::Citizen;
use crate::api::sessions::CACHE_PREFIX;
use crate::error::{ApiError, ErrorBody, ErrorCode};
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
#[utoipa::path(post, path = "/api/v1/appointments/{reference}/reschedule", tag = "appointments", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Appointment reference")),
    request_body = Reschedule,
    responses((status = 200, body = Slip), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
    lang: RequestLanguage,
    path: web::Path<String>,
    body: web::Json<Reschedule>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let body = body.into_inner();
    let booking = Booking::new(&state, &citizen, &lang);
    let account = citizen.account_id;
    let out = crate::api::transact(&state, move |c| {
        let old = appointments::of_account(c, account, &reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        let person = beneficiaries::for_account(c, account)?
            .into_iter()
            .find(|b| b.id == old.beneficiary_id)
            .ok_or(ErrorCode::AppointmentNotFound)?;
        // Both sessions are locked in key order first, so that two people swapping
        // sessions cannot deadlock each other.
        if let Some(target) = vaxkit_store::repo::sessions::by_reference(c, &body.session_id)? {
            let mut ids = [old.session_id, target.id];
            ids.sort_unstable();
            for id in ids {
                lock_row(c, LockTable::Sessions, id)?;
            }
        }
        booking.cancel(c, &old)?;
        let session = booking.open_session(c, &body.session_id, &body.slot)?;
        let new = booking.book(c, &person.reference, &session, &body.slot, None)?;
        slip(c, &booking.state, &new, account)
    })
    .await?;
    state.cache.invalidate_prefix(CACHE_PREFIX);
    Ok(HttpResponse::Ok().json(out))
}
