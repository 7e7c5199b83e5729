//! `POST /api/v1/vaccinator/doses`: record a dose given at one's facility.
//!
//! The client makes an idempotency key for each dose: a retry with the same key returns
//! the first record (header `Idempotent-Replayed: true`) and counts nothing twice. The
//! schedule engine checks the dose; a vaccinator may override a refusal only by writing
//! why. The record, the appointment it fulfils, the counters and the audit entry are one
//! transaction.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::vaccination::{self, DoseInput, DoseView};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordDose {
    /// A key the client makes once per dose (8 to 100 characters, e.g. a UUID).
    pub idempotency_key: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Product code given.
    pub vaccine: String,
    /// Batch or lot number from the vial.
    pub batch: String,
    /// Dose number, if the vaccinator states it; the schedule engine's otherwise.
    pub dose: Option<u32>,
    /// Why the schedule engine's refusal is overridden (required to override).
    pub override_reason: Option<String>,
}

/// Records the dose.
#[utoipa::path(post, path = "/api/v1/vaccinator/doses", operation_id = "recordDose", tag = "vaccinator", security(("bearer" = [])),
    request_body = RecordDose,
    responses((status = 201, body = DoseView), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    body: Json<RecordDose>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = DoseInput::new(
        &b.idempotency_key,
        &b.vaccine,
        &b.batch,
        b.dose,
        b.override_reason.as_deref(),
    )?;
    let recorded = state
        .run(move |core| vaccination::record(core, &me, &b.beneficiary, &input, core.clock.now()))
        .await?;
    Ok(super::respond(recorded))
}
