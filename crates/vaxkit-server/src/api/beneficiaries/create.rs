//! `POST /api/v1/beneficiaries`: register a person under the account.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::registration::{self, BeneficiaryView, PersonFields};

use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBeneficiary {
    /// Name as on the ID.
    pub name: String,
    /// Year of birth (enough where the profile asks only the year).
    pub birth_year: Option<i64>,
    /// Date of birth, `YYYY-MM-DD` (required where the profile asks for it).
    pub birth_date: Option<String>,
    /// One of the profile's gender codes.
    pub gender: String,
    /// One of the profile's ID scheme ids.
    pub id_scheme: String,
    /// The identity number as typed.
    pub id_number: String,
    /// Preferred language; the request's language if left out.
    pub language: Option<String>,
    /// The name in Latin letters, as in the passport: required where the profile issues EU DCC
    /// and the name is in a script the ICAO 9303 tables do not cover (`latin_name_required`).
    pub latin_name: Option<String>,
}

/// Registers a beneficiary. Refused: over the account's limit, an invalid or already
/// registered identity number, an impossible birth, an unknown gender or language.
#[utoipa::path(post, path = "/api/v1/beneficiaries", operation_id = "registerBeneficiary", tag = "beneficiaries", security(("bearer" = [])),
    request_body = NewBeneficiary,
    responses((status = 201, body = BeneficiaryView), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
    body: Json<NewBeneficiary>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let out = state
        .run(move |core| {
            let fields = PersonFields {
                name: &b.name,
                birth_year: b.birth_year,
                birth_date: b.birth_date.as_deref(),
                gender: &b.gender,
                id_scheme: &b.id_scheme,
                id_number: &b.id_number,
                language: b.language.as_deref(),
                latin_name: b.latin_name.as_deref(),
            };
            registration::register(core, &who, lang.as_str(), &fields, core.clock.now())
        })
        .await?;
    Ok(HttpResponse::Created().json(out))
}
