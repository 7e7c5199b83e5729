//! `PATCH /api/v1/beneficiaries/{reference}`: correct name, birth or gender, each once
//! (as Co-WIN allowed), and change the preferred language freely.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::registration::{self, BeneficiaryView};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body: only the fields to change.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    /// Corrected name.
    pub name: Option<String>,
    /// Corrected year of birth.
    pub birth_year: Option<i64>,
    /// Corrected date of birth.
    pub birth_date: Option<String>,
    /// Corrected gender.
    pub gender: Option<String>,
    /// New preferred language (not a correction; may change any time).
    pub language: Option<String>,
    /// Corrected name in Latin letters (once).
    pub latin_name: Option<String>,
}

/// Applies the correction and records before and after in the audit log.
#[utoipa::path(patch, path = "/api/v1/beneficiaries/{reference}", operation_id = "correctBeneficiary", tag = "beneficiaries", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    request_body = Correction,
    responses((status = 200, body = BeneficiaryView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    path: web::Path<String>,
    body: Json<Correction>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let fix = registration::Correction {
        name: b.name,
        birth_year: b.birth_year,
        birth_date: b.birth_date,
        gender: b.gender,
        language: b.language,
        latin_name: b.latin_name,
    };
    let reference = path.into_inner();
    let out = state
        .run(move |core| registration::correct(core, &who, &reference, fix, core.clock.now()))
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
