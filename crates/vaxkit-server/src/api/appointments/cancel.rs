//! `POST /api/v1/appointments/{reference}/cancel`: cancel and give the place back.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::appointments;

use super::rules::Booking;
use super::{Slip, slip};
use crate::api::auth::Citizen;
use crate::api::sessions::CACHE_PREFIX;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Cancels an open appointment of the account; answers the slip, now cancelled.
#[utoipa::path(post, path = "/api/v1/appointments/{reference}/cancel", tag = "appointments", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Appointment reference")),
    responses((status = 200, body = Slip), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
    lang: RequestLanguage,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let booking = Booking::new(&state, &citizen, &lang);
    let account = citizen.account_id;
    let out = crate::api::transact(&state, move |c| {
        let a = appointments::of_account(c, account, &reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        booking.cancel(c, &a)?;
        let a = appointments::of_account(c, account, &reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        slip(c, &booking.state, &a, account)
    })
    .await?;
    state.cache.invalidate_prefix(CACHE_PREFIX);
    Ok(HttpResponse::Ok().json(out))
}
