//! `POST /api/v1/vaccinator/walk-in`: someone comes without an appointment — register
//! them (or find them by their identity number) and record the dose in one step.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::{LockTable, accounts, audit, beneficiaries, lock_row};

use super::own_facility;
use super::record::{DoseInput, DoseOut, record_in_tx, respond};
use crate::api::auth::normalize_mobile;
use crate::api::beneficiaries::{PersonFields, check_person};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::lang::RequestLanguage;
use crate::staff::Staff;
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
#[utoipa::path(post, path = "/api/v1/vaccinator/walk-in", tag = "vaccinator", security(("bearer" = [])),
    request_body = WalkIn,
    responses((status = 201, body = DoseOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    lang: RequestLanguage,
    body: web::Json<WalkIn>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let profile = &state.profile;
    let input = DoseInput::new(
        b.idempotency_key.clone(),
        b.vaccine.clone(),
        &b.batch,
        b.dose,
        b.override_reason.as_deref(),
    )?;
    let mobile = normalize_mobile(profile, &b.mobile)?;
    let now = state.clock.now();
    let new = check_person(
        &state,
        lang.as_str(),
        &PersonFields {
            name: &b.name,
            birth_year: b.birth_year,
            birth_date: b.birth_date.as_deref(),
            gender: &b.gender,
            id_scheme: &b.id_scheme,
            id_number: &b.id_number,
            language: b.language.as_deref(),
        },
    )?;
    let id_hash = new.id_hash.clone();
    let limit = profile.registration.max_beneficiaries_per_account;
    let st = state.clone();
    let result = crate::api::transact(&state, move |c| {
        let (facility, region) = own_facility(c, &me)?;
        let person = match beneficiaries::by_id_hash(c, &id_hash)? {
            Some(known) => known,
            None => {
                let account = accounts::find_or_create(c, &mobile, now.naive_utc())?;
                lock_row(c, LockTable::Accounts, account.id)?;
                if beneficiaries::count_for_account(c, account.id)? >= limit {
                    return Err(ApiError::new(ErrorCode::BeneficiaryLimitReached).with_arg("limit", limit));
                }
                let person = beneficiaries::insert(c, &beneficiaries::NewBeneficiary { account_id: account.id, ..new }, now.naive_utc())?;
                audit::append(
                    c,
                    now.naive_utc(),
                    audit::Event {
                        actor: &me.actor(),
                        action: "beneficiary.create.walk_in",
                        entity: "beneficiary",
                        entity_ref: &person.reference,
                        before: None,
                        after: Some(serde_json::json!({ "name": person.name, "id_masked": person.id_masked }).to_string()),
                    },
                )?;
                person
            }
        };
        record_in_tx(c, &st, &me, lang.as_str(), (&facility, &region), &person.reference, &input)
    })
    .await?;
    Ok(respond(result))
}
