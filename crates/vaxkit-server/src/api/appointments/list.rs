//! `GET /api/v1/appointments`: the account's appointments, newest first.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::appointments;

use super::{Slip, slip};
use crate::api::auth::Citizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Lists every appointment of the account's beneficiaries, cancelled ones included.
#[utoipa::path(get, path = "/api/v1/appointments", tag = "appointments", security(("bearer" = [])),
    responses((status = 200, body = Vec<Slip>), (status = 401, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let account = citizen.account_id;
    let list = crate::api::transact(&state, move |c| {
        appointments::for_account(c, account)?
            .iter()
            .map(|a| slip(c, &st, a, account))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}
