//! `POST /api/v1/staff/login`: username and password for a bearer token.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_core::staff;

use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StaffLogin {
    /// Login name.
    pub username: String,
    /// Password.
    pub password: String,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct StaffToken {
    /// Bearer token; only its hash is stored.
    pub token: String,
    /// Minutes of inactivity after which it expires.
    pub idle_minutes: i64,
}

/// Logs a staff member in. Wrong passwords slow down that username from that client address
/// (doubling waits, at most five minutes), never the staff member elsewhere.
#[utoipa::path(post, path = "/api/v1/staff/login", operation_id = "staffLogin", tag = "staff", request_body = StaffLogin,
    responses((status = 200, body = StaffToken), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn handle(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: Json<StaffLogin>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let source = state
        .client_ip(&req)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    let login = state
        .run(move |core| {
            staff::login_from(core, &b.username, &b.password, &source, core.clock.now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(StaffToken {
        token: login.token,
        idle_minutes: login.idle_minutes,
    }))
}
