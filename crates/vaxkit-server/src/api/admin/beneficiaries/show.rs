//! `GET /api/v1/admin/beneficiaries/{reference}`: a whole record, every dose included.

use actix_web::{HttpResponse, web};

use super::{AdminPersonOut, CORRECTORS, person_out, visible};
use crate::error::{ApiError, ErrorBody};
use crate::staff::Staff;
use crate::state::AppState;

/// Shows a beneficiary's record to a national or region admin who may see it.
#[utoipa::path(get, path = "/api/v1/admin/beneficiaries/{reference}", tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    responses((status = 200, body = AdminPersonOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    me.require(CORRECTORS)?;
    let reference = path.into_inner();
    let st = state.clone();
    let out = state
        .read_checked(move |c| {
            let b = visible(c, &me, &st.profile, &reference)?;
            person_out(c, &b)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
