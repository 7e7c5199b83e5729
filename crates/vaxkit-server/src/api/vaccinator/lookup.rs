//! `GET /api/v1/vaccinator/lookup?code=1234`: today's appointment at one's facility with
//! the security code from the slip.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_store::repo::appointments;

use super::{QueueEntry, own_facility};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::Staff;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct LookupQuery {
    /// The four-digit security code.
    pub code: String,
    /// Answer language.
    pub lang: Option<String>,
}

/// Finds the appointment; codes are looked for only among today's at this facility.
#[utoipa::path(get, path = "/api/v1/vaccinator/lookup", tag = "vaccinator", security(("bearer" = [])), params(LookupQuery),
    responses((status = 200, body = QueueEntry), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    query: web::Query<LookupQuery>,
) -> Result<HttpResponse, ApiError> {
    let code = query.into_inner().code;
    if code.len() != 4 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let day = state.profile.local_date(state.clock.now());
    let found = crate::api::transact(&state, move |c| {
        let (f, _) = own_facility(c, &me)?;
        let today = appointments::open_at_facility(c, f.id, day)?;
        let matches: Vec<QueueEntry> = today
            .iter()
            .filter(|(a, _, _)| a.security_code == code)
            .map(|(a, b, v)| QueueEntry::new(a, b, v))
            .collect();
        Ok(matches)
    })
    .await?;
    // Four digits can collide within a busy day: more than one match lists them all.
    match found.as_slice() {
        [] => Err(ErrorCode::AppointmentNotFound.into()),
        [one] => Ok(HttpResponse::Ok().json(one)),
        _ => Ok(HttpResponse::MultipleChoices().json(found)),
    }
}
