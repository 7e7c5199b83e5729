//! `POST /api/v1/staff/login`: username and password for a bearer token.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_store::keys::token_hash;
use vaxkit_store::repo::staff;

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{STAFF_IDLE_MINUTES, verify_password};
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

/// Logs a staff member in. Tries are limited per username like login codes per mobile.
#[utoipa::path(post, path = "/api/v1/staff/login", tag = "staff", request_body = StaffLogin,
    responses((status = 200, body = StaffToken), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    body: web::Json<StaffLogin>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    state.limiter.check(
        &format!("staff:{}", body.username),
        state.profile.rate_limits.per_mobile_per_hour,
        std::time::Duration::from_secs(3600),
    )?;
    let username = body.username.clone();
    let user = state
        .read(move |c| staff::by_username(c, &username))
        .await?;
    // Argon2 is slow on purpose: verify off the async workers.
    let password = body.password;
    let user = web::block(move || {
        user.filter(|u| u.active && verify_password(&password, &u.password_hash))
    })
    .await?;
    let user = user.ok_or(ErrorCode::InvalidCredentials)?;
    let token = vaxkit_store::repo::random_hex(32);
    let hash = token_hash(&format!("staff:{token}"));
    let now = state.clock.now().naive_utc();
    let id = user.id;
    state
        .write(move |c| staff::create_token(c, &hash, id, now))
        .await?;
    Ok(HttpResponse::Ok().json(StaffToken {
        token,
        idle_minutes: STAFF_IDLE_MINUTES,
    }))
}
