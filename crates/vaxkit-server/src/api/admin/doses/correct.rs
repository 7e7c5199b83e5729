//! `PATCH /api/v1/admin/doses/{reference}`: correct what was written wrongly on a dose —
//! product, batch, day or dose number — with a written reason. The count moves from the
//! counter the dose was added to onto the one it now belongs to.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::doses::{self, DoseCorrection};
use vaxkit_store::repo::{audit, beneficiaries};

use super::{check_reason, locked_in_scope};
use crate::api::admin::beneficiaries::{AdminDoseOut, CORRECTORS, dose_out};
use crate::api::appointments::rules::birth;
use crate::api::reports::counters;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::Staff;
use crate::state::AppState;

/// Request body: the fields to change and why.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CorrectDose {
    /// The product actually given (a product code of the profile).
    pub vaccine: Option<String>,
    /// The batch or lot actually used.
    pub batch: Option<String>,
    /// The day actually given (`YYYY-MM-DD`; not in the future).
    pub given_on: Option<NaiveDate>,
    /// The dose number (1 to 20).
    pub dose: Option<i64>,
    /// Why (1 to 500 characters).
    pub reason: String,
}

/// Corrects a dose given within the caller's scope.
#[utoipa::path(patch, path = "/api/v1/admin/doses/{reference}", tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Dose reference")),
    request_body = CorrectDose,
    responses((status = 200, body = AdminDoseOut), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    path: web::Path<String>,
    body: web::Json<CorrectDose>,
) -> Result<HttpResponse, ApiError> {
    me.require(CORRECTORS)?;
    let reference = path.into_inner();
    let patch = body.into_inner();
    let reason = check_reason(&patch.reason)?;
    let now = state.clock.now();
    let today = state.profile.local_date(now);
    if let Some(v) = &patch.vaccine
        && state.profile.vaccine(v).is_none()
    {
        return Err(ErrorCode::UnknownVaccine.into());
    }
    if patch.given_on.is_some_and(|d| d > today) {
        return Err(ErrorCode::InvalidDate.into());
    }
    if patch.dose.is_some_and(|n| !(1..=20).contains(&n)) {
        return Err(ApiError::new(ErrorCode::InvalidDoses).with_arg("max", 20_i64));
    }
    let batch = match &patch.batch {
        Some(b) => {
            let b = b.trim();
            if b.is_empty() || b.chars().count() > 64 {
                return Err(ErrorCode::InvalidBatch.into());
            }
            Some(b.to_string())
        }
        None => None,
    };
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        let d = locked_in_scope(c, &me, &st.profile, &reference)?;
        if doses::revocation(c, d.id)?.is_some() {
            return Err(ErrorCode::DoseRevoked.into());
        }
        let person = beneficiaries::get(c, d.beneficiary_id)?.ok_or(ErrorCode::DoseNotFound)?;
        let given_on = patch.given_on.unwrap_or(d.given_on);
        let born = birth(&person);
        if born.age_on(given_on) < 0 {
            return Err(ErrorCode::InvalidDate.into());
        }
        let corrected = DoseCorrection {
            dose: patch.dose.unwrap_or(d.dose),
            vaccine: patch.vaccine.clone().unwrap_or_else(|| d.vaccine.clone()),
            batch: batch.clone().or_else(|| d.batch.clone()),
            given_on,
            ..counters::unchanged(&d)
        };
        if corrected.dose == d.dose
            && corrected.vaccine == d.vaccine
            && corrected.batch == d.batch
            && corrected.given_on == d.given_on
        {
            return Err(ErrorCode::NothingToChange.into());
        }
        let before = dose_out(c, &d)?;
        let now_record = counters::rewrite(c, &d, &person, corrected)?;
        let after = dose_out(c, &now_record)?;
        audit::append(
            c,
            now.naive_utc(),
            audit::Event {
                actor: &me.actor(),
                action: "dose.correct",
                entity: "beneficiary",
                entity_ref: &person.reference,
                before: serde_json::to_string(
                    &serde_json::json!({"dose": before, "reason": reason}),
                )
                .ok(),
                after: serde_json::to_string(&after).ok(),
            },
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
