//! `GET /api/v1/appointments/{reference}`: the appointment slip.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::appointments;

use super::{Slip, slip};
use crate::api::auth::Citizen;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// The slip with the security code; only for the account's own appointments.
#[utoipa::path(get, path = "/api/v1/appointments/{reference}", tag = "appointments", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Appointment reference")),
    responses((status = 200, body = Slip), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let st = state.clone();
    let account = citizen.account_id;
    let out = crate::api::transact(&state, move |c| {
        let a = appointments::of_account(c, account, &reference)?
            .ok_or(ErrorCode::AppointmentNotFound)?;
        slip(c, &st, &a, account)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
