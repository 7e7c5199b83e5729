//! `GET /api/v1/audit`: the audit log, read-only, for auditors and national admins.

use actix_web::{HttpResponse, web};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_store::repo::audit;

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
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

/// One entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditOut {
    /// When (UTC).
    pub at: NaiveDateTime,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// Kind of record.
    pub entity: String,
    /// Its reference.
    pub reference: String,
    /// Before (JSON text).
    pub before: Option<String>,
    /// After (JSON text).
    pub after: Option<String>,
}

/// Reads the log. Region-scoped auditors do not read it: entries are not kept by region.
#[utoipa::path(get, path = "/api/v1/audit", tag = "reports", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = Vec<AuditOut>), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[Role::NationalAdmin, Role::Auditor])?;
    if me.region.is_some() {
        return Err(ErrorCode::Forbidden.into());
    }
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let entries = state
        .read(move |c| match (&q.entity, &q.reference) {
            (Some(e), Some(r)) => audit::for_entity(c, e, r),
            (e, None) => audit::recent(c, e.as_deref(), limit),
            (None, Some(_)) => Ok(Vec::new()),
        })
        .await?;
    let out: Vec<AuditOut> = entries
        .into_iter()
        .map(|e| AuditOut {
            at: e.at,
            actor: e.actor,
            action: e.action,
            entity: e.entity,
            reference: e.entity_ref,
            before: e.before,
            after: e.after,
        })
        .collect();
    Ok(HttpResponse::Ok().json(out))
}
