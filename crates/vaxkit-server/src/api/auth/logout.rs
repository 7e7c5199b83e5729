//! `POST /api/v1/auth/logout`: end the login.

use actix_web::{HttpResponse, web};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// Deletes the token used for this request.
#[utoipa::path(post, path = "/api/v1/auth/logout", operation_id = "logout", tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
) -> Result<HttpResponse, ApiError> {
    state
        .run(move |core| vaxkit_core::auth::logout(core, who.citizen()?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
