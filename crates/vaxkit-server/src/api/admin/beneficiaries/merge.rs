//! `POST /api/v1/admin/beneficiaries/merge`: one person registered twice (say, once with
//! a national ID and once with a passport) becomes one record. The duplicate's doses and
//! appointments move to the record that stays; the duplicate is kept, marked merged, so its
//! identity number still finds the person and cannot be registered again.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::corrections::{self, AdminPerson};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
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
#[utoipa::path(post, path = "/api/v1/admin/beneficiaries/merge", operation_id = "mergeBeneficiaries", tag = "admin", security(("bearer" = [])),
    request_body = MergeBeneficiaries,
    responses((status = 200, body = AdminPerson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    body: Json<MergeBeneficiaries>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let out = state
        .run(move |core| {
            corrections::merge(
                core,
                &me,
                &b.keep,
                &b.duplicate,
                &b.reason,
                core.clock.now(),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
