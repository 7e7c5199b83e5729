//! `POST /api/v1/admin/sessions`: sessions at a facility for one day or each day of a range.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_core::planning::{self, Plan};
use vaxkit_core::sessions::SessionView;
use vaxkit_core::types::parse_date;

use crate::actors::AsStaff;
use crate::error::{ApiError, ErrorBody};
use crate::extractors::Json;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSessions {
    /// Facility code.
    pub facility: String,
    /// First day, `YYYY-MM-DD`.
    pub from: String,
    /// Last day (inclusive); the same as `from` when left out.
    pub until: Option<String>,
    /// Product code.
    pub vaccine: String,
    /// Dose numbers offered.
    pub doses: Vec<u32>,
    /// Minimum age in years.
    pub min_age: i64,
    /// Maximum age in years.
    pub max_age: Option<i64>,
    /// Places per session in all; split online and walk-in by `walk_in_share`.
    pub capacity: i64,
    /// Part kept for walk-ins (0 to 1); the profile's `appointments.walk_in_share` if left out.
    pub walk_in_share: Option<f64>,
    /// Slot labels, `HH:MM-HH:MM`.
    pub slots: Vec<String>,
    /// Fee in minor units; 0 (free) if left out.
    pub fee: Option<i64>,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedSessions {
    /// One per day.
    pub sessions: Vec<SessionView>,
}

/// Creates the sessions (all or none); recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/admin/sessions", operation_id = "planSessions", tag = "admin", security(("bearer" = [])),
    request_body = NewSessions,
    responses((status = 201, body = CreatedSessions), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    AsStaff(me): AsStaff,
    body: Json<NewSessions>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let from = parse_date(&b.from)?;
    let until = b
        .until
        .as_deref()
        .map(parse_date)
        .transpose()?
        .unwrap_or(from);
    let plan = Plan {
        facility: b.facility,
        from,
        until,
        vaccine: b.vaccine,
        doses: b.doses,
        min_age: b.min_age,
        max_age: b.max_age,
        capacity: b.capacity,
        walk_in_share: b.walk_in_share,
        slots: b.slots,
        fee: b.fee,
    };
    let sessions = state
        .run(move |core| planning::plan(core, &me, &plan, core.clock.now()))
        .await?;
    Ok(HttpResponse::Created().json(CreatedSessions { sessions }))
}
