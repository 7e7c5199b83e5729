//! `GET /api/v1/admin/facilities/{code}/sessions`: a facility's sessions with bookings.

use actix_web::{HttpResponse, web};
use chrono::Days;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use vaxkit_store::repo::sessions;

use super::facility_in_scope;
use crate::api::sessions::{SessionOut, parse_date};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// Query parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct Range {
    /// First day.
    pub from: String,
    /// Last day; seven days from `from` when left out (at most 62).
    pub until: Option<String>,
    /// Answer language.
    pub lang: Option<String>,
}

/// A session for administrators.
#[derive(Debug, Serialize, ToSchema)]
pub struct AdminSession {
    /// The session as citizens see it.
    #[serde(flatten)]
    pub session: SessionOut,
    /// Online places booked.
    pub booked: i64,
    /// Online places in all.
    pub capacity_online: i64,
    /// Places kept for walk-ins.
    pub capacity_walk_in: i64,
    /// Whether it was cancelled.
    pub cancelled: bool,
}

/// Lists sessions, cancelled ones included; vaccinators see their own facility's.
#[utoipa::path(get, path = "/api/v1/admin/facilities/{code}/sessions", tag = "admin", security(("bearer" = [])),
    params(("code" = String, Path, description = "Facility code"), Range),
    responses((status = 200, body = Vec<AdminSession>), (status = 404, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    path: web::Path<String>,
    query: web::Query<Range>,
) -> Result<HttpResponse, ApiError> {
    let code = path.into_inner();
    let q = query.into_inner();
    let from = parse_date(&q.from)?;
    let until = match &q.until {
        Some(u) => parse_date(u)?,
        None => from
            .checked_add_days(Days::new(6))
            .ok_or(ErrorCode::InvalidDate)?,
    };
    if until < from || (until - from).num_days() > 62 {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let st = state.clone();
    let list = crate::api::transact(&state, move |c| {
        // Vaccinators read their facility's plan; planning itself is for admins.
        let (f, _) = if me.role == Role::Vaccinator && me.facility.as_deref() == Some(code.as_str())
        {
            vaxkit_store::repo::facilities::by_code(c, &code)?.ok_or(ErrorCode::FacilityNotFound)?
        } else {
            facility_in_scope(c, &st, &me, &code)?
        };
        Ok(sessions::all_for_facility(c, f.id, from, until)?
            .iter()
            .map(|s| AdminSession {
                session: SessionOut::new(&st, s),
                booked: s.booked,
                capacity_online: s.capacity_online,
                capacity_walk_in: s.capacity_walk_in,
                cancelled: s.cancelled,
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}
