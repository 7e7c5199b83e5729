//! `GET /api/v1/admin/aefi`: reports for the regions of one's scope, newest first.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::IntoParams;
use vaxkit_store::repo::{aefi, doses};

use super::{AefiOut, out};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
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
#[utoipa::path(get, path = "/api/v1/admin/aefi", tag = "aefi", security(("bearer" = [])), params(AefiQuery),
    responses((status = 200, body = Vec<AefiOut>), (status = 403, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    query: web::Query<AefiQuery>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[Role::NationalAdmin, Role::RegionAdmin, Role::Auditor])?;
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(200);
    if !(1..=1000).contains(&limit) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let reports = state
        .read(move |c| {
            let mut out_list = Vec::new();
            for r in aefi::all(c, limit)? {
                let dose = doses::by_reference_id(c, r.dose_id)?;
                out_list.push((r, dose.map(|d| d.reference).unwrap_or_default()));
            }
            Ok(out_list)
        })
        .await?;
    let list: Vec<AefiOut> = reports
        .iter()
        .filter(|(r, _)| me.covers_region(&state.profile, &r.region_code))
        .filter(|(r, _)| q.serious.is_none_or(|s| r.serious == s))
        .map(|(r, dose)| out(r, dose))
        .collect();
    Ok(HttpResponse::Ok().json(list))
}
