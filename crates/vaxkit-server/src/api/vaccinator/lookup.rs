//! `GET /api/v1/vaccinator/lookup?code=1234`: today's appointment at one's facility with
//! the security code from the slip.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::vaccination::{self, QueueEntry};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// The four-digit security code.
    pub code: String,
    /// Answer language.
    pub lang: Option<String>,
}

/// Finds the appointment; codes are looked for only among today's at this facility. Four
/// digits can collide within a busy day: more than one match lists them all (300).
#[utoipa::path(get, path = "/api/v1/vaccinator/lookup", operation_id = "lookupAppointment", tag = "vaccinator", security(("bearer" = [])), params(LookupQuery),
    responses((status = 200, body = QueueEntry), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    query: Query<LookupQuery>,
) -> Result<HttpResponse, ApiError> {
    let code = query.into_inner().code;
    let mut found = state
        .run(move |core| vaccination::lookup(core, &me, &code, core.clock.now()))
        .await?;
    if found.len() == 1
        && let Some(one) = found.pop()
    {
        return Ok(HttpResponse::Ok().json(one));
    }
    Ok(HttpResponse::MultipleChoices().json(found))
}
