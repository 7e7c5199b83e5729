//! `POST /api/v1/appointments`: book one or several of the account's beneficiaries into
//! a session, all or none.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
#[utoipa::path(post, path = "/api/v1/appointments", tag = "appointments", security(("bearer" = [])),
    request_body = BookingRequest,
    responses((status = 201, body = Booked), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
    lang: RequestLanguage,
    body: web::Json<BookingRequest>,
) -> Result<HttpResponse, ApiError> {
    let slips = book_all(&state, &citizen, &lang, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(Booked {
        appointments: slips,
    }))
}

/// Books every listed beneficiary of the account into the session, all or none, and drops the
/// cached search answers; shared by `/api/v1` and the Co-WIN facade.
pub async fn book_all(
    state: &web::Data<AppState>,
    citizen: &Citizen,
    lang: &RequestLanguage,
    body: BookingRequest,
) -> Result<Vec<Slip>, ApiError> {
    let max =
        usize::try_from(state.profile.registration.max_beneficiaries_per_account).unwrap_or(1);
    let mut seen = std::collections::HashSet::new();
    if body.beneficiaries.is_empty()
        || body.beneficiaries.len() > max
        || !body.beneficiaries.iter().all(|b| seen.insert(b))
    {
        return Err(ErrorCode::InvalidBeneficiaryList.into());
    }
    let booking = Booking::new(state, citizen, lang);
    let account = citizen.account_id;
    let slips = crate::api::transact(state, move |c| {
        let session = booking.open_session(c, &body.session_id, &body.slot)?;
        let mut slips = Vec::new();
        for reference in &body.beneficiaries {
            let a = booking.book(c, reference, &session, &body.slot, body.dose)?;
            slips.push(slip(c, &booking.state, &a, account)?);
        }
        Ok(slips)
    })
    .await?;
    state.cache.invalidate_prefix(CACHE_PREFIX);
    Ok(slips)
}
