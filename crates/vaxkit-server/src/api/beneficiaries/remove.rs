//! `DELETE /api/v1/beneficiaries/{reference}`: remove a person who has no recorded dose.

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::{LockTable, appointments, audit, beneficiaries, lock_row, sessions};

use super::load_out;
use crate::api::auth::Citizen;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// Removes the beneficiary, cancelling an open appointment (its place is given back).
#[utoipa::path(delete, path = "/api/v1/beneficiaries/{reference}", tag = "beneficiaries", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Beneficiary reference")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    citizen: Citizen,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let account = citizen.account_id;
    let at = state.clock.now().naive_utc();
    crate::api::transact(&state, move |c| {
        let b = beneficiaries::of_account(c, account, &reference)?
            .ok_or(ErrorCode::BeneficiaryNotFound)?;
        // A dose recorded meanwhile must be seen: lock, then check.
        lock_row(c, LockTable::Beneficiaries, b.id)?;
        if beneficiaries::has_any_dose(c, b.id)? {
            return Err(ErrorCode::BeneficiaryHasDoses.into());
        }
        let before = load_out(c, b.clone())?;
        // The place goes back only if this request is the one that cancelled.
        if let Some(open) = appointments::open_for(c, b.id)?
            && appointments::cancel(c, open.id, at)?
        {
            sessions::release_place(c, open.session_id)?;
        }
        appointments::delete_for(c, b.id)?;
        beneficiaries::delete(c, b.id)?;
        audit::append(
            c,
            at,
            audit::Event {
                actor: &format!("account:{account}"),
                action: "beneficiary.remove",
                entity: "beneficiary",
                entity_ref: &reference,
                before: serde_json::to_string(&before).ok(),
                after: None,
            },
        )?;
        Ok(())
    })
    .await?;
    state.cache.invalidate_prefix("sessions");
    Ok(HttpResponse::NoContent().finish())
}
