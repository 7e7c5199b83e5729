//! `GET /api/v1/vaccinator/queue`: the open appointments of the day at one's facility.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_store::repo::appointments;

use super::{QueueEntry, own_facility};
use crate::api::sessions::parse_date;
use crate::error::{ApiError, ErrorBody};
use crate::staff::Staff;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// The day; today in the country's time zone if left out.
    pub date: Option<String>,
    /// Answer language.
    pub lang: Option<String>,
}

/// The queue, by slot.
#[utoipa::path(get, path = "/api/v1/vaccinator/queue", tag = "vaccinator", security(("bearer" = [])), params(QueueQuery),
    responses((status = 200, body = Vec<QueueEntry>), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    query: web::Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let day = match &query.date {
        Some(d) => parse_date(d)?,
        None => state.profile.local_date(state.clock.now()),
    };
    let list = crate::api::transact(&state, move |c| {
        let (f, _) = own_facility(c, &me)?;
        Ok(appointments::open_at_facility(c, f.id, day)?
            .iter()
            .map(|(a, b, vaccine)| QueueEntry::new(a, b, vaccine))
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}
