//! `POST /api/v1/admin/beneficiaries/merge`: one person registered twice (say, once with
//! a national ID and once with a passport) becomes one record. The duplicate's doses and
//! appointments move to the record that stays; the duplicate is kept, marked merged, so its
//! identity number still finds the person and cannot be registered again.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::doses;
use vaxkit_store::repo::{LockTable, appointments, audit, beneficiaries, lock_row, sessions};

use super::{AdminPersonOut, CORRECTORS, person_out, visible};
use crate::api::admin::doses::check_reason;
use crate::api::reports::counters;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::Staff;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBeneficiaries {
    /// The record that stays.
    pub keep: String,
    /// The duplicate merged into it.
    pub duplicate: String,
    /// Why (1 to 500 characters).
    pub reason: String,
}

/// Merges a duplicate into the record that stays. Refused when both hold the same dose
/// number (revoke the wrong one first) or when either is out of the caller's sight.
#[utoipa::path(post, path = "/api/v1/admin/beneficiaries/merge", tag = "admin", security(("bearer" = [])),
    request_body = MergeBeneficiaries,
    responses((status = 200, body = AdminPersonOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    body: web::Json<MergeBeneficiaries>,
) -> Result<HttpResponse, ApiError> {
    me.require(CORRECTORS)?;
    let input = body.into_inner();
    let reason = check_reason(&input.reason)?;
    if input.keep == input.duplicate {
        return Err(ErrorCode::MergeSelf.into());
    }
    let now = state.clock.now().naive_utc();
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        let keep = visible(c, &me, &st.profile, &input.keep)?;
        let dup = visible(c, &me, &st.profile, &input.duplicate)?;
        // Lock both in key order, then read again: a merge or a dose meanwhile must be seen.
        let (first, second) = (keep.id.min(dup.id), keep.id.max(dup.id));
        lock_row(c, LockTable::Beneficiaries, first)?;
        lock_row(c, LockTable::Beneficiaries, second)?;
        let keep = beneficiaries::get(c, keep.id)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
        let dup = beneficiaries::get(c, dup.id)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
        if keep.merged_into.is_some() || dup.merged_into.is_some() {
            return Err(ErrorCode::BeneficiaryNotFound.into());
        }
        let kept_doses = beneficiaries::doses_of(c, keep.id)?;
        let moved_doses = beneficiaries::doses_of(c, dup.id)?;
        if let Some(clash) = moved_doses
            .iter()
            .find(|m| kept_doses.iter().any(|k| k.dose == m.dose))
        {
            return Err(ApiError::new(ErrorCode::MergeConflict).with_arg("dose", clash.dose));
        }
        let before = serde_json::json!({
            "keep": person_out(c, &keep)?,
            "duplicate": person_out(c, &dup)?,
            "reason": reason,
        });
        // One open appointment per person: the duplicate's gives its place back when the
        // record that stays has one of its own.
        if appointments::open_for(c, keep.id)?.is_some()
            && let Some(open) = appointments::open_for(c, dup.id)?
            && appointments::cancel(c, open.id, now)?
        {
            sessions::release_place(c, open.session_id)?;
        }
        appointments::reassign(c, dup.id, keep.id)?;
        // Every dose moves, revoked ones too; counted ones move to the counters of the
        // person who stays (age band and gender may differ between the two records).
        for d in doses::all_of(c, dup.id)? {
            counters::rewrite(c, &d, &keep, counters::unchanged(&d))?;
        }
        beneficiaries::merge_into(c, dup.id, keep.id)?;
        let dup = beneficiaries::get(c, dup.id)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
        let after = person_out(c, &keep)?;
        for (entity_ref, after_json) in [
            (&keep.reference, serde_json::to_string(&after).ok()),
            (
                &dup.reference,
                serde_json::to_string(&person_out(c, &dup)?).ok(),
            ),
        ] {
            audit::append(
                c,
                now,
                audit::Event {
                    actor: &me.actor(),
                    action: "beneficiary.merge",
                    entity: "beneficiary",
                    entity_ref,
                    before: serde_json::to_string(&before).ok(),
                    after: after_json,
                },
            )?;
        }
        Ok(after)
    })
    .await?;
    state.cache.invalidate_prefix("sessions");
    Ok(HttpResponse::Ok().json(out))
}
