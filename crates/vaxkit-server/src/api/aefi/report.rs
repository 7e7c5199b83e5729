//! `POST /api/v1/aefi` (a citizen, for their account's doses) and
//! `POST /api/v1/admin/aefi` (staff, for doses given within their scope).

use actix_web::{HttpResponse, web};
use vaxkit_store::repo::{beneficiaries, doses, facilities};

use super::{AefiInput, AefiOut, store};
use crate::api::auth::Citizen;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// A citizen reports an event after a dose of one of their account's people.
#[utoipa::path(post, path = "/api/v1/aefi", tag = "aefi", security(("bearer" = [])), request_body = AefiInput,
    responses((status = 201, body = AefiOut), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn citizen(
    state: web::Data<AppState>,
    who: Citizen,
    body: web::Json<AefiInput>,
) -> Result<HttpResponse, ApiError> {
    let input = body.into_inner();
    let now = state.clock.now();
    let today = state.profile.local_date(now);
    let out = crate::api::transact(&state, move |c| {
        let dose = doses::by_reference(c, &input.dose)?.ok_or(ErrorCode::DoseNotFound)?;
        let person = beneficiaries::get(c, dose.beneficiary_id)?.ok_or(ErrorCode::DoseNotFound)?;
        if person.account_id != who.account_id {
            return Err(ErrorCode::DoseNotFound.into());
        }
        store(
            c,
            &input,
            &dose,
            &format!("account:{}", who.account_id),
            today,
            now.naive_utc(),
        )
    })
    .await?;
    Ok(HttpResponse::Created().json(out))
}

/// Staff report an event after a dose given at a facility of their scope.
#[utoipa::path(post, path = "/api/v1/admin/aefi", tag = "aefi", security(("bearer" = [])), request_body = AefiInput,
    responses((status = 201, body = AefiOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn staff(
    state: web::Data<AppState>,
    me: Staff,
    body: web::Json<AefiInput>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[
        Role::NationalAdmin,
        Role::RegionAdmin,
        Role::FacilityAdmin,
        Role::Vaccinator,
    ])?;
    let input = body.into_inner();
    let now = state.clock.now();
    let today = state.profile.local_date(now);
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        let dose = doses::by_reference(c, &input.dose)?.ok_or(ErrorCode::DoseNotFound)?;
        let facility = match dose.facility_id {
            Some(id) => facilities::by_ids(c, &[id])?.into_iter().next(),
            None => None,
        };
        let in_scope =
            facility.is_some_and(|(f, region)| me.covers_facility(&st.profile, &f.code, &region));
        if !in_scope {
            return Err(ErrorCode::DoseNotFound.into());
        }
        store(c, &input, &dose, &me.actor(), today, now.naive_utc())
    })
    .await?;
    Ok(HttpResponse::Created().json(out))
}
