//! `/api/v2/registration/...`: the ID types and genders of the profile, registering a beneficiary
//! (the `/api/v1` registration, [`vaxkit_core::registration::register`]) and the
//! certificate download (the `/api/v1` printable PDF of the latest dose, in the request's
//! language).
//!
//! Ids of ID types and genders are positions (from 1) in the profile's lists, so they are
//! stable as long as the profile only adds to the end of them.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use vaxkit_core::registration::{self, PersonFields};

use super::{Number, public_json};
use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorCode};
use crate::extractors::{Json, Query};
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// One identity document type.
#[derive(Debug, Serialize)]
pub struct IdType {
    /// Position in the profile's list, from 1.
    pub id: i64,
    /// Name.
    #[serde(rename = "type")]
    pub kind: String,
}

/// Answer of `idTypes`.
#[derive(Debug, Serialize)]
pub struct IdTypes {
    /// The profile's ID schemes.
    pub types: Vec<IdType>,
}

/// One gender.
#[derive(Debug, Serialize)]
pub struct Gender {
    /// Position in the profile's list, from 1.
    pub id: i64,
    /// Name in the request's language.
    pub gender: String,
}

/// Answer of `genders`.
#[derive(Debug, Serialize)]
pub struct Genders {
    /// The profile's genders.
    pub genders: Vec<Gender>,
}

/// Body of `beneficiary/new`; other Co-WIN fields (`comorbidity_ind`, `consent_version`) are
/// accepted and not stored.
#[derive(Debug, Deserialize)]
pub struct NewBeneficiary {
    /// Name as on the ID.
    pub name: String,
    /// Year of birth, as text or number.
    pub birth_year: Number,
    /// An id from `genders`.
    pub gender_id: i64,
    /// An id from `idTypes`.
    pub photo_id_type: i64,
    /// The identity number.
    pub photo_id_number: String,
}

/// Answer of `beneficiary/new`.
#[derive(Debug, Serialize)]
pub struct Registered {
    /// The beneficiary's reference.
    pub beneficiary_reference_id: String,
}

/// Query of the certificate download.
#[derive(Debug, Deserialize)]
pub struct CertificateQuery {
    /// The beneficiary's reference.
    pub beneficiary_reference_id: String,
}

/// The item at a 1-based position.
fn nth<T>(list: &[T], id: i64) -> Option<&T> {
    usize::try_from(id)
        .ok()
        .and_then(|i| i.checked_sub(1))
        .and_then(|i| list.get(i))
}

/// 1-based positions as ids.
fn ids<T>(list: &[T]) -> impl Iterator<Item = (i64, &T)> {
    list.iter()
        .enumerate()
        .map(|(i, item)| (i64::try_from(i).unwrap_or(i64::MAX).saturating_add(1), item))
}

/// A gender's name in a language.
pub fn gender_name(state: &AppState, lang: &str, code: &str) -> String {
    state
        .core
        .locales
        .message_plain(lang, &format!("gender-{code}"), &[])
}

/// Lists the identity document types.
pub async fn id_types(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let types = ids(&state.core.profile.id_schemes)
        .map(|(id, scheme)| IdType {
            id,
            kind: scheme.name.clone(),
        })
        .collect();
    Ok(public_json(&state, &IdTypes { types }))
}

/// Lists the genders.
pub async fn genders(
    state: web::Data<AppState>,
    lang: RequestLanguage,
) -> Result<HttpResponse, ApiError> {
    let genders = ids(&state.core.profile.registration.genders)
        .map(|(id, code)| Gender {
            id,
            gender: gender_name(&state, lang.as_str(), code),
        })
        .collect();
    Ok(public_json(&state, &Genders { genders }))
}

/// Registers a beneficiary under the logged-in account.
pub async fn new(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
    body: Json<NewBeneficiary>,
) -> Result<HttpResponse, ApiError> {
    let profile = &state.core.profile;
    let birth_year = body.birth_year.value().ok_or(ErrorCode::InvalidBirth)?;
    let gender = nth(&profile.registration.genders, body.gender_id)
        .ok_or_else(|| registration::invalid_gender(profile))?
        .clone();
    let scheme = nth(&profile.id_schemes, body.photo_id_type)
        .ok_or(ErrorCode::UnknownIdScheme)?
        .id
        .clone();
    let body = body.into_inner();
    let out = state
        .run(move |core| {
            let fields = PersonFields {
                name: &body.name,
                birth_year: Some(birth_year),
                birth_date: None,
                gender: &gender,
                id_scheme: &scheme,
                id_number: &body.photo_id_number,
                language: None,
                latin_name: None,
            };
            registration::register(core, &who, lang.as_str(), &fields, core.clock.now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(Registered {
        beneficiary_reference_id: out.reference,
    }))
}

/// The certificate (PDF) of one of the account's beneficiaries, for the latest dose, in the
/// language the beneficiary registered with.
pub async fn certificate(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    query: Query<CertificateQuery>,
) -> Result<HttpResponse, ApiError> {
    let reference = query.into_inner().beneficiary_reference_id;
    let bytes =
        crate::api::certificates::download::pdf_bytes(&state, who, reference, None, None).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .body(bytes))
}
