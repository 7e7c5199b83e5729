//! `GET /api/v1/audit`: the audit log, read-only, for auditors and national admins.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_core::reports::{self, AuditOut};

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Query;
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct AuditQuery {
    /// Kind of record: `beneficiary`, `appointment`, `facility`, `session`, `staff`.
    pub entity: Option<String>,
    /// One record's reference (with `entity`): its whole history, oldest first.
    pub reference: Option<String>,
    /// Newest entries to return without `reference` (1 to 1000, default 100).
    pub limit: Option<i64>,
    /// Answer language.
    pub lang: Option<String>,
}

/// Reads the log. Region-scoped auditors do not read it: entries are not kept by region.
#[utoipa::path(get, path = "/api/v1/audit", operation_id = "readAuditLog", tag = "reports", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = Vec<AuditOut>), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    query: Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let entries = state
        .run(move |core| {
            reports::audit_log(
                core,
                &me,
                q.entity.as_deref(),
                q.reference.as_deref(),
                q.limit.unwrap_or(100),
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(entries))
}
