//! Probes for orchestrators and load balancers. `/healthz` answers whenever the process serves
//! HTTP (liveness: restart me if this fails); `/readyz` also asks the database (readiness: send
//! me traffic only if this succeeds).

use std::time::Duration;

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// How long `/readyz` waits for the database before answering 503.
const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// The body of a successful probe.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// Always `ok`.
    #[schema(example = "ok")]
    pub status: String,
}

fn ok() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
    })
}

/// Liveness: the process is up.
#[utoipa::path(
    get, path = "/healthz", operation_id = "getHealth",
    tag = "health",
    responses((status = 200, description = "The process is serving", body = Health))
)]
pub async fn healthz() -> HttpResponse {
    ok()
}

/// Readiness: the database answers.
#[utoipa::path(
    get, path = "/readyz", operation_id = "getReadiness",
    tag = "health",
    responses(
        (status = 200, description = "The database answers", body = Health),
        (status = 503, description = "The database does not answer (code `service_unavailable`)", body = ErrorBody),
    )
)]
pub async fn readyz(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let core = std::sync::Arc::clone(&state.core);
    match actix_web::rt::time::timeout(READY_TIMEOUT, web::block(move || core.ping())).await {
        Ok(Ok(Ok(()))) => Ok(ok()),
        Ok(Ok(Err(e))) => Err(ApiError::unavailable(e)),
        Ok(Err(e)) => Err(ApiError::unavailable(e)),
        Err(_) => Err(ApiError::unavailable("the database did not answer in time")),
    }
}
