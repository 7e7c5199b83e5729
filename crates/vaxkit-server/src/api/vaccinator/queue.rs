//! `GET /api/v1/vaccinator/queue`: the open appointments of the day at one's facility.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::types::parse_date;
use vaxkit_core::vaccination::{self, QueueEntry};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct QueueQuery {
    /// The day; today in the country's time zone if left out.
    pub date: Option<String>,
    /// Answer language.
    pub lang: Option<String>,
}

/// The queue, by slot.
#[utoipa::path(get, path = "/api/v1/vaccinator/queue", operation_id = "getQueue", tag = "vaccinator", security(("bearer" = [])), params(QueueQuery),
    responses((status = 200, body = Vec<QueueEntry>), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    query: Query<QueueQuery>,
) -> Result<HttpResponse, ApiError> {
    let day = query.date.as_deref().map(parse_date).transpose()?;
    let list = state
        .run(move |core| {
            let day = day.unwrap_or_else(|| core.today(core.clock.now()));
            vaccination::queue(core, &me, day)
        })
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
