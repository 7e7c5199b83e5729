//! `PATCH /api/v1/admin/doses/{reference}`: correct what was written wrongly on a dose —
//! product, batch, day or dose number — with a written reason. The count moves from the
//! counter the dose was added to onto the one it now belongs to.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_core::corrections::{self, AdminDose, DoseFix};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
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
#[utoipa::path(patch, path = "/api/v1/admin/doses/{reference}", operation_id = "correctDose", tag = "admin", security(("bearer" = [])),
    params(("reference" = String, Path, description = "Dose reference")),
    request_body = CorrectDose,
    responses((status = 200, body = AdminDose), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    path: web::Path<String>,
    body: Json<CorrectDose>,
) -> Result<HttpResponse, ApiError> {
    let reference = path.into_inner();
    let b = body.into_inner();
    let fix = DoseFix {
        vaccine: b.vaccine,
        batch: b.batch,
        given_on: b.given_on,
        dose: b.dose,
    };
    let out = state
        .run(move |core| {
            corrections::correct_dose(core, &me, &reference, &fix, &b.reason, core.clock.now())
        })
        .await?;
    Ok(HttpResponse::Ok().json(out))
}
