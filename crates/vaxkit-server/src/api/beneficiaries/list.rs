//! `GET /api/v1/beneficiaries`: the people of the logged-in account.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::beneficiaries;

use super::{BeneficiaryOut, load_out};
use crate::api::auth::Citizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Lists the account's beneficiaries with their doses and open appointment.
#[utoipa::path(get, path = "/api/v1/beneficiaries", tag = "beneficiaries", security(("bearer" = [])),
    responses((status = 200, body = Vec<BeneficiaryOut>), (status = 401, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
) -> Result<HttpResponse, ApiError> {
    let account = citizen.account_id;
    let list = crate::api::transact(&state, move |c| {
        beneficiaries::for_account(c, account)?
            .into_iter()
            .map(|b| load_out(c, b))
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}
