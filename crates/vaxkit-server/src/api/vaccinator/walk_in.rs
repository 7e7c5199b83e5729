//! `POST /api/v1/vaccinator/walk-in`: someone comes without an appointment — register
//! them (or find them by their identity number) and record the dose in one step.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::registration::PersonFields;
use vaxkit_core::vaccination::{self, DoseInput, DoseView, WalkIn as Person};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Request body: the person and the dose.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WalkIn {
    /// Mobile number of the person's account (created if new).
    pub mobile: String,
    /// Name as on the identity document.
    pub name: String,
    /// Year of birth.
    pub birth_year: Option<i64>,
    /// Date of birth, where the profile asks for it.
    pub birth_date: Option<String>,
    /// Gender code.
    pub gender: String,
    /// ID scheme id.
    pub id_scheme: String,
    /// The identity number as typed.
    pub id_number: String,
    /// Preferred language; the request's if left out.
    pub language: Option<String>,
    /// The name in Latin letters, as in the passport: required where the profile issues EU DCC
    /// and the name is in a script the ICAO 9303 tables do not cover (`latin_name_required`).
    pub latin_name: Option<String>,
    /// A key the client makes once per dose.
    pub idempotency_key: String,
    /// Product code given.
    pub vaccine: String,
    /// Batch number.
    pub batch: String,
    /// Dose number, if stated.
    pub dose: Option<u32>,
    /// Why the schedule engine is overridden.
    pub override_reason: Option<String>,
}

/// Registers (or finds) the person and records the dose, all or nothing. A person whose
/// number is already registered is vaccinated under their existing record.
#[utoipa::path(post, path = "/api/v1/vaccinator/walk-in", operation_id = "recordWalkIn", tag = "vaccinator", security(("bearer" = [])),
    request_body = WalkIn,
    responses((status = 201, body = DoseView), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    lang: RequestLanguage,
    body: Json<WalkIn>,
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
        .run(move |core| {
            let person = Person {
                mobile: &b.mobile,
                person: PersonFields {
                    name: &b.name,
                    birth_year: b.birth_year,
                    birth_date: b.birth_date.as_deref(),
                    gender: &b.gender,
                    id_scheme: &b.id_scheme,
                    id_number: &b.id_number,
                    language: b.language.as_deref(),
                    latin_name: b.latin_name.as_deref(),
                },
            };
            vaccination::walk_in(core, &me, lang.as_str(), &person, &input, core.clock.now())
        })
        .await?;
    Ok(super::respond(recorded))
}
