//! Probes for orchestrators and load balancers. `/healthz` answers whenever the process serves
//! HTTP and never touches the database or the state (liveness: restart me if this fails);
//! `/readyz` also asks the database (readiness: send me traffic only if this succeeds) and
//! answers within [`READY_TIMEOUT`] whatever the database does.
//!
//! The readiness ping runs on a thread of its own, not on the blocking pool the use cases share:
//! in an outage that pool fills with requests waiting for connections, and a probe queued behind
//! them would say nothing about the database. At most [`MAX_PINGS`] pings are in flight: a probe
//! beyond them (pings stuck on a network that swallows packets) answers 503 at once instead of
//! stacking more threads.

use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;

/// How long `/readyz` waits for the database before answering 503.
pub const READY_TIMEOUT: Duration = Duration::from_secs(3);

/// Readiness pings that may be in flight at once.
pub const MAX_PINGS: usize = 8;

/// How often a waiting probe looks for the ping's answer.
const POLL: Duration = Duration::from_millis(10);

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
    let in_flight = Arc::clone(&state.ready_pings);
    if in_flight.fetch_add(1, Ordering::AcqRel) >= MAX_PINGS {
        let _ = in_flight.fetch_sub(1, Ordering::AcqRel);
        return Err(ApiError::unavailable(
            "earlier readiness pings have not come back",
        ));
    }
    let store = state.core.store.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("readyz".into())
        .spawn(move || {
            let _ = tx.send(store.ping_within(READY_TIMEOUT));
            let _ = in_flight.fetch_sub(1, Ordering::AcqRel);
        });
    if let Err(e) = spawned {
        let _ = state.ready_pings.fetch_sub(1, Ordering::AcqRel);
        return Err(ApiError::unavailable(e));
    }
    let started = Instant::now();
    loop {
        match rx.try_recv() {
            Ok(Ok(())) => return Ok(ok()),
            Ok(Err(e)) => return Err(ApiError::unavailable(e)),
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                return Err(ApiError::unavailable("the readiness ping stopped"));
            }
            Err(std::sync::mpsc::TryRecvError::Empty) if started.elapsed() >= READY_TIMEOUT => {
                return Err(ApiError::unavailable("the database did not answer in time"));
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => actix_web::rt::time::sleep(POLL).await,
        }
    }
}
