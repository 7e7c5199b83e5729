//! `POST /api/v1/vaccinator/sync`: the doses a vaccinator's device recorded offline, many in
//! one request, each answered on its own — recorded, replayed (its key was already known: the
//! first record, counted once) or refused with its reason in the request's language. The
//! offline vaccinator page sends its waiting doses here (through its cookie-login twin,
//! `POST /vaccinator/sync`); both call [`vaxkit_core::vaccination::sync`].

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_core::vaccination::{self, DoseView, OfflineDose, SyncOutcome};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody, ErrorDetail};
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Largest sync request body, in bytes: room for the most doses a request may carry
/// ([`vaccination::MAX_SYNC_BATCH`]), above the API's general limit.
pub const SYNC_BODY_LIMIT: usize = 512 * 1024;

/// The body size limit of the sync endpoints.
pub fn payload_config() -> web::PayloadConfig {
    web::PayloadConfig::new(SYNC_BODY_LIMIT)
}

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncRequest {
    /// The doses, in the order they were recorded (at most 500).
    pub doses: Vec<SyncDose>,
}

/// One dose recorded offline.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SyncDose {
    /// The key the device made for this dose (8 to 100 characters): sending it again records
    /// nothing more.
    pub idempotency_key: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Product code given.
    pub vaccine: String,
    /// Batch or lot number from the vial.
    pub batch: String,
    /// Dose number, if the vaccinator stated it.
    pub dose: Option<u32>,
    /// Why the schedule engine's refusal is overridden.
    pub override_reason: Option<String>,
    /// When the dose was given, by the device's clock (RFC 3339; within the last 7 days).
    pub given_at: Option<DateTime<Utc>>,
}

/// What became of one dose.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncResult {
    /// The dose's key, as sent.
    pub idempotency_key: String,
    /// `recorded`, `replayed` or `refused`.
    pub status: String,
    /// The record, unless refused.
    pub dose: Option<DoseView>,
    /// Why it was refused: the error code and its message in the request's language.
    pub error: Option<ErrorDetail>,
}

/// Answer: one result per dose, in the order sent.
#[derive(Debug, Serialize, ToSchema)]
pub struct SyncAnswer {
    /// The results.
    pub results: Vec<SyncResult>,
}

/// Records the doses, each on its own.
#[utoipa::path(post, path = "/api/v1/vaccinator/sync", operation_id = "syncDoses", tag = "vaccinator", security(("bearer" = [])),
    request_body = SyncRequest,
    responses((status = 200, body = SyncAnswer), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    lang: RequestLanguage,
    body: Json<SyncRequest>,
) -> Result<HttpResponse, ApiError> {
    let answer = run(&state, me, lang.as_str(), body.into_inner()).await?;
    Ok(HttpResponse::Ok().json(answer))
}

/// Runs the sync use case and writes each outcome; shared with the offline page.
pub async fn run(
    state: &AppState,
    actor: vaxkit_core::Actor,
    lang: &str,
    request: SyncRequest,
) -> Result<SyncAnswer, ApiError> {
    let batch: Vec<OfflineDose> = request
        .doses
        .into_iter()
        .map(|d| OfflineDose {
            idempotency_key: d.idempotency_key,
            beneficiary: d.beneficiary,
            vaccine: d.vaccine,
            batch: d.batch,
            dose: d.dose,
            override_reason: d.override_reason,
            given_at: d.given_at,
        })
        .collect();
    let outcomes = state
        .run(move |core| vaccination::sync(core, &actor, &batch, core.clock.now()))
        .await?;
    let locales = &state.core.locales;
    let results = outcomes
        .into_iter()
        .map(
            |SyncOutcome {
                 idempotency_key,
                 result,
             }| match result {
                Ok(recorded) => SyncResult {
                    idempotency_key,
                    status: if recorded.replayed {
                        "replayed"
                    } else {
                        "recorded"
                    }
                    .to_owned(),
                    dose: Some(recorded.dose),
                    error: None,
                },
                Err(error) => {
                    let error = ApiError::from(error);
                    SyncResult {
                        idempotency_key,
                        status: "refused".to_owned(),
                        dose: None,
                        error: Some(error.body(Some(locales), lang).error),
                    }
                }
            },
        )
        .collect();
    Ok(SyncAnswer { results })
}
