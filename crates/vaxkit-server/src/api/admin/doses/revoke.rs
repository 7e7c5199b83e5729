//! `POST /api/v1/admin/doses/{reference}/revoke`: a dose that should not stand (recorded
//! for the wrong person, never given) is revoked with a written reason. The record stays
//! for the audit trail, but it no longer counts: not in the figures, not in the person's
//! schedule, and its certificates fail verification.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::doses::{self, Revocation};
use vaxkit_store::repo::{audit, beneficiaries};

use super::{check_reason, locked_in_scope};
use crate::api::admin::beneficiaries::{AdminDoseOut, CORRECTORS, dose_out};
use crate::api::reports::counters;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::Staff;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeDose {
    /// Why the dose is revoked (1 to 500 characters).
    pub reason: String,
}

/// Revokes a dose given within the caller's scope.
#[utoipa::path(post, path = "/api/v1/admin/doses/{reference}/revoke", tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Dose reference")),
    request_body = RevokeDose,
    responses((status = 200, body = AdminDoseOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    path: web::Path<String>,
    body: web::Json<RevokeDose>,
) -> Result<HttpResponse, ApiError> {
    me.require(CORRECTORS)?;
    let reference = path.into_inner();
    let reason = check_reason(&body.reason)?;
    let now = state.clock.now().naive_utc();
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        let d = locked_in_scope(c, &me, &st.profile, &reference)?;
        if doses::revocation(c, d.id)?.is_some() {
            return Err(ErrorCode::DoseRevoked.into());
        }
        let before = dose_out(c, &d)?;
        doses::revoke(
            c,
            &Revocation {
                dose_id: d.id,
                revoked_at: now,
                reason,
                staff_id: me.id,
            },
        )?;
        if let Some(key) = d.counter_key() {
            counters::add(c, key, -1)?;
        }
        let after = dose_out(c, &d)?;
        let person = beneficiaries::get(c, d.beneficiary_id)?
            .map(|b| b.reference)
            .unwrap_or_default();
        audit::append(
            c,
            now,
            audit::Event {
                actor: &me.actor(),
                action: "dose.revoke",
                entity: "beneficiary",
                entity_ref: &person,
                before: serde_json::to_string(&before).ok(),
                after: serde_json::to_string(&after).ok(),
            },
        )?;
        Ok(after)
    })
    .await?;
    Ok(HttpResponse::Ok().json(out))
}
