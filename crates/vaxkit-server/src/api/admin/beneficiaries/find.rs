//! `POST /api/v1/admin/beneficiaries/find`: a record by identity number (sent in the body,
//! so the number never appears in a URL or a request log).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::beneficiaries;

use super::{AdminPersonOut, CORRECTORS, may_see, person_out};
use crate::api::beneficiaries::checked_id_number;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::lang::RequestLanguage;
use crate::staff::Staff;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindPerson {
    /// ID scheme id from the profile.
    pub id_scheme: String,
    /// The identity number, as written on the document.
    pub id_number: String,
}

/// Finds the record registered with an identity number (for a merged duplicate's
/// number, the record it was merged into), if the caller may see it.
#[utoipa::path(post, path = "/api/v1/admin/beneficiaries/find", tag = "admin", security(("bearer" = [])),
    request_body = FindPerson,
    responses((status = 200, body = AdminPersonOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    lang: RequestLanguage,
    body: web::Json<FindPerson>,
) -> Result<HttpResponse, ApiError> {
    me.require(CORRECTORS)?;
    let scheme = state
        .profile
        .id_scheme(&body.id_scheme)
        .ok_or(ErrorCode::UnknownIdScheme)?;
    let check = checked_id_number(&state, lang.as_str(), scheme, &body.id_number)?;
    let id_hash = state.store.secrets.id_hash(&scheme.id, &check.normalized);
    let st = state.clone();
    let out = state
        .read_checked(move |c| {
            let b =
                beneficiaries::by_id_hash(c, &id_hash)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
            if !may_see(c, &me, &st.profile, b.id)? {
                return Err(ErrorCode::BeneficiaryNotFound.into());
            }
            person_out(c, &b)
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
