//! `POST /api/v1/admin/sessions`: sessions at a facility for one day or each day of a range.

use actix_web::{HttpResponse, web};
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_store::repo::{audit, sessions};

use super::facility_in_scope;
use crate::api::sessions::{CACHE_PREFIX, SessionOut, parse_date};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::Staff;
use crate::state::AppState;

/// Longest range of days one request may plan.
pub const MAX_DAYS: u64 = 62;

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
    pub sessions: Vec<SessionOut>,
}

/// Creates the sessions (all or none); recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/admin/sessions", tag = "admin", security(("bearer" = [])),
    request_body = NewSessions,
    responses((status = 201, body = CreatedSessions), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    body: web::Json<NewSessions>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let profile = &state.profile;
    let today = profile.local_date(state.clock.now());
    let from = parse_date(&b.from)?;
    let until = match &b.until {
        Some(u) => parse_date(u)?,
        None => from,
    };
    let days = u64::try_from((until - from).num_days())
        .map_err(|_| ApiError::new(ErrorCode::InvalidSessionDates).with_arg("days", MAX_DAYS))?;
    if from < today || days >= MAX_DAYS {
        return Err(ApiError::new(ErrorCode::InvalidSessionDates).with_arg("days", MAX_DAYS));
    }
    let vaccine = profile
        .vaccine(&b.vaccine)
        .ok_or(ErrorCode::UnknownVaccine)?;
    let dates: Vec<NaiveDate> = (0..=days)
        .filter_map(|d| from.checked_add_days(Days::new(d)))
        .collect();
    if let Some(day) = dates.iter().find(|d| !vaccine.available.contains(**d)) {
        return Err(ApiError::new(ErrorCode::VaccineNotAvailable).with_arg("date", day.to_string()));
    }
    let max_dose = vaccine.doses + vaccine.boosters;
    if b.doses.is_empty() || b.doses.iter().any(|d| *d == 0 || *d > max_dose) {
        return Err(ApiError::new(ErrorCode::InvalidDoses).with_arg("max", i64::from(max_dose)));
    }
    if !(0..=150).contains(&b.min_age) || b.max_age.is_some_and(|m| m < b.min_age || m > 150) {
        return Err(ErrorCode::InvalidAgeLimits.into());
    }
    let share = b
        .walk_in_share
        .unwrap_or(profile.appointments.walk_in_share);
    if !(1..=100_000).contains(&b.capacity) || !(0.0..=1.0).contains(&share) {
        return Err(ErrorCode::InvalidCapacity.into());
    }
    if b.slots.is_empty() || b.slots.len() > 48 || !b.slots.iter().all(|s| valid_slot(s)) {
        return Err(ErrorCode::InvalidSlots.into());
    }
    if b.fee.is_some_and(|f| !(0..=100_000_000).contains(&f)) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    // Walk-in places are rounded up, so a share above zero always keeps at least one.
    #[allow(clippy::cast_possible_truncation)]
    let walk_in = ((b.capacity as f64) * share).ceil() as i64;
    let walk_in = walk_in.clamp(0, b.capacity);
    let now = state.clock.now().naive_utc();
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        let (f, _) = facility_in_scope(c, &st, &me, &b.facility)?;
        let mut doses = b.doses.clone();
        doses.sort_unstable();
        doses.dedup();
        let mut out = Vec::new();
        for date in &dates {
            let s = sessions::insert(
                c,
                &sessions::NewSession {
                    facility_id: f.id,
                    date: *date,
                    vaccine: b.vaccine.clone(),
                    doses: doses.clone(),
                    min_age: b.min_age,
                    max_age: b.max_age,
                    capacity_online: b.capacity - walk_in,
                    capacity_walk_in: walk_in,
                    slots: b.slots.clone(),
                    fee: b.fee.unwrap_or(0),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                audit::Event {
                    actor: &me.actor(),
                    action: "session.create",
                    entity: "session",
                    entity_ref: &s.reference,
                    before: None,
                    after: Some(serde_json::json!({ "facility": f.code, "date": s.date, "vaccine": s.vaccine }).to_string()),
                },
            )?;
            out.push(SessionOut::new(&st, &s));
        }
        Ok(out)
    })
    .await?;
    state.cache.invalidate_prefix(CACHE_PREFIX);
    Ok(HttpResponse::Created().json(CreatedSessions { sessions: out }))
}

/// `HH:MM-HH:MM` with the start before the end.
fn valid_slot(s: &str) -> bool {
    let parse = |t: &str| chrono::NaiveTime::parse_from_str(t, "%H:%M").ok();
    match s.split_once('-') {
        Some((a, b)) => {
            matches!((parse(a), parse(b)), (Some(a), Some(b)) if a < b) && !s.contains(',')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slots_are_checked() {
        assert!(super::valid_slot("09:00-11:00"));
        for bad in [
            "11:00-09:00",
            "9-11",
            "09:00",
            "09:00-25:00",
            "09:00-11:00,x",
        ] {
            assert!(!super::valid_slot(bad), "{bad}");
        }
    }
}
