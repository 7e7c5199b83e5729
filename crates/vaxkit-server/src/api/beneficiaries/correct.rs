//! `PATCH /api/v1/beneficiaries/{reference}`: correct name, birth or gender, each once
//! (as Co-WIN allowed), and change the preferred language freely.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::{LockTable, audit, beneficiaries, lock_row};

use super::{BeneficiaryOut, check_birth, check_gender, check_name, load_out};
use crate::api::auth::Citizen;
use crate::api::reports::counters;
use crate::error::{ApiError, ErrorBody, ErrorCode};
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
}

/// Applies the correction and records before and after in the audit log.
#[utoipa::path(patch, path = "/api/v1/beneficiaries/{reference}", tag = "beneficiaries", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    request_body = Correction,
    responses((status = 200, body = BeneficiaryOut), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
    path: web::Path<String>,
    body: web::Json<Correction>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let reference = path.into_inner();
    let profile = &state.profile;
    let now = state.clock.now();
    let name = body.name.as_deref().map(check_name).transpose()?;
    let birth = if body.birth_year.is_some() || body.birth_date.is_some() {
        Some(check_birth(
            profile,
            profile.local_date(now),
            body.birth_year,
            body.birth_date.as_deref(),
        )?)
    } else {
        None
    };
    let gender = body
        .gender
        .as_deref()
        .map(|g| check_gender(profile, g))
        .transpose()?;
    if let Some(l) = &body.language
        && !profile.country.languages.contains(l)
    {
        return Err(ErrorCode::InvalidLanguage.into());
    }
    if name.is_none() && birth.is_none() && gender.is_none() && body.language.is_none() {
        return Err(ErrorCode::NothingToChange.into());
    }
    let account = citizen.account_id;
    let at = now.naive_utc();
    let language = body.language;
    let out = crate::api::transact(&state, move |c| {
        let found = beneficiaries::of_account(c, account, &reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        // Lock, then read again: two corrections at once must not both pass "once only".
        lock_row(c, LockTable::Beneficiaries, found.id)?;
        let mut b = beneficiaries::of_account(c, account, &reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        let before = load_out(c, b.clone())?;
        let mut corrected: Vec<String> = b
            .corrected
            .split(',')
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect();
        let mut mark = |field: &str| -> Result<(), ApiError> {
            if corrected.iter().any(|f| f == field) {
                return Err(ApiError::new(ErrorCode::AlreadyCorrected).with_arg("field", field));
            }
            corrected.push(field.to_string());
            Ok(())
        };
        if let Some(n) = name {
            mark("name")?;
            b.name = n;
        }
        if let Some((year, date)) = birth {
            mark("birth")?;
            b.birth_year = year;
            b.birth_date = date;
        }
        if let Some(g) = gender {
            mark("gender")?;
            b.gender = g;
        }
        if let Some(l) = language {
            b.language = l;
        }
        b.corrected = corrected.join(",");
        beneficiaries::update(c, &b)?;
        // Doses already counted move to the corrected age band and gender.
        counters::recount_person(c, &b)?;
        let after = load_out(c, b)?;
        audit::append(
            c,
            at,
            audit::Event {
                actor: &format!("account:{account}"),
                action: "beneficiary.correct",
                entity: "beneficiary",
                entity_ref: &after.reference,
                before: serde_json::to_string(&before).ok(),
                after: serde_json::to_string(&after).ok(),
            },
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
