//! `POST /api/v1/auth/logout`: end the login.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::tokens;

use super::Citizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Deletes the token used for this request.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
) -> Result<HttpResponse, ApiError> {
    let id = citizen.token_id;
    super::super::transact(&state, move |c| Ok(tokens::delete(c, id)?)).await?;
    Ok(HttpResponse::NoContent().finish())
}
