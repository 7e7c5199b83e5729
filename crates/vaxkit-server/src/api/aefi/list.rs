//! `GET /api/v1/admin/aefi`: reports for the regions of one's scope, newest first.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::aefi::{self, AefiOut};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AefiQuery {
    /// Only serious events.
    pub serious: Option<bool>,
    /// At most this many (1 to 1000, default 200).
    pub limit: Option<i64>,
    /// Answer language.
    pub lang: Option<String>,
}

/// Lists reports; national and region admins and auditors.
#[utoipa::path(get, path = "/api/v1/admin/aefi", operation_id = "listAdverseEvents", tag = "aefi", security(("bearer" = [])), params(AefiQuery),
    responses((status = 200, body = Vec<AefiOut>), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    query: Query<AefiQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let list = state
        .run(move |core| aefi::list(core, &me, q.serious, q.limit.unwrap_or(200)))
        .await?;
    Ok(HttpResponse::Ok().json(list))
}
