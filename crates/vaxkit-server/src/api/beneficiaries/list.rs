//! `GET /api/v1/beneficiaries`: the people of the logged-in account.

use actix_web::{HttpResponse, web};
use vaxkit_core::registration::{self, BeneficiaryView};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Lists the account's beneficiaries with their doses and open appointment.
#[utoipa::path(get, path = "/api/v1/beneficiaries", operation_id = "listBeneficiaries", tag = "beneficiaries", security(("bearer" = [])),
    responses((status = 200, body = Vec<BeneficiaryView>), (status = 401, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
) -> Result<HttpResponse, ApiError> {
    let list = state
        .run(move |core| registration::list(core, &who))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
