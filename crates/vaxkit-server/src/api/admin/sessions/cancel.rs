//! `POST /api/v1/admin/sessions/{session_id}/cancel`: cancel a session; its open
//! appointments are cancelled and each account is told by SMS, through the outbox.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_core::planning;

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelSession {
    /// Why, for the audit log (1 to 500 characters).
    pub reason: String,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionCancelled {
    /// The session.
    pub session_id: String,
    /// Appointments cancelled with it.
    pub appointments_cancelled: usize,
}

/// Cancels the session and its appointments in one transaction.
#[utoipa::path(post, path = "/api/v1/admin/sessions/{session_id}/cancel", operation_id = "cancelSession", tag = "admin", security(("bearer" = [])),
    params(("session_id" = String, Path, description = "Session id")),
    request_body = CancelSession,
    responses((status = 200, body = SessionCancelled), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    path: web::Path<String>,
    body: Json<CancelSession>,
) -> Result<HttpResponse, ApiError> {
    let session_id = path.into_inner();
    let reason = body.into_inner().reason;
    let done = state
        .run(move |core| planning::cancel(core, &me, &session_id, &reason, core.clock.now()))
        .await?;
    Ok(HttpResponse::Ok().json(SessionCancelled {
        session_id: done.session_id,
        appointments_cancelled: done.appointments_cancelled,
    }))
}
