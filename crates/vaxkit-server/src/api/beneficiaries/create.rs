//! `POST /api/v1/beneficiaries`: register a person under the account.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::{LockTable, audit, beneficiaries, lock_row};

use super::{BeneficiaryOut, PersonFields, check_person, load_out};
use crate::api::auth::Citizen;
use crate::error::{ApiError, ErrorBody, ErrorCode};
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
}

/// Registers a beneficiary. Refused: over the account's limit, an invalid or already
/// registered identity number, an impossible birth, an unknown gender or language.
#[utoipa::path(post, path = "/api/v1/beneficiaries", tag = "beneficiaries", security(("bearer" = [])),
    request_body = NewBeneficiary,
    responses((status = 201, body = BeneficiaryOut), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
    lang: RequestLanguage,
    body: web::Json<NewBeneficiary>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let fields = PersonFields {
        name: &body.name,
        birth_year: body.birth_year,
        birth_date: body.birth_date.as_deref(),
        gender: &body.gender,
        id_scheme: &body.id_scheme,
        id_number: &body.id_number,
        language: body.language.as_deref(),
    };
    let out = register(&state, citizen.account_id, lang.as_str(), &fields).await?;
    Ok(HttpResponse::Created().json(out))
}

/// Checks a person and registers them under the account, within the profile's limit per account;
/// shared by `/api/v1` and the Co-WIN facade.
pub async fn register(
    state: &web::Data<AppState>,
    account_id: i64,
    lang: &str,
    fields: &PersonFields<'_>,
) -> Result<BeneficiaryOut, ApiError> {
    let now = state.clock.now();
    let mut new = check_person(state, lang, fields)?;
    new.account_id = account_id;
    let limit = state.profile.registration.max_beneficiaries_per_account;
    let at = now.naive_utc();
    let actor = format!("account:{account_id}");
    crate::api::transact(state, move |c| {
        // Lock the account so that concurrent registrations count one after another.
        lock_row(c, LockTable::Accounts, new.account_id)?;
        if beneficiaries::count_for_account(c, new.account_id)? >= limit {
            return Err(ApiError::new(ErrorCode::BeneficiaryLimitReached).with_arg("limit", limit));
        }
        if beneficiaries::id_hash_exists(c, &new.id_hash)? {
            return Err(ErrorCode::DuplicateIdNumber.into());
        }
        let b = match beneficiaries::insert(c, &new, at) {
            Err(e) if e.is_unique_violation() => return Err(ErrorCode::DuplicateIdNumber.into()),
            other => other?,
        };
        let out = load_out(c, b)?;
        audit::append(
            c,
            at,
            audit::Event {
                actor: &actor,
                action: "beneficiary.create",
                entity: "beneficiary",
                entity_ref: &out.reference,
                before: None,
                after: serde_json::to_string(&out).ok(),
            },
        )?;
        Ok(out)
    })
    .await
}
