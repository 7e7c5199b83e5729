//! Sessions for administrators: plan a day or a range of days at a facility (places split
//! between online booking and walk-ins), see them with their bookings, and cancel one — its
//! appointments are cancelled and each person told by SMS, through the outbox.

use chrono::{DateTime, Days, NaiveDate, Utc};
use serde::Serialize;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::facilities::{self, Facility};
use vaxkit_store::repo::{appointments, beneficiaries, sessions};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::error::{Error, ErrorCode, Result};
use crate::notices;
use crate::sessions::{SessionView, capacity_changed};
use crate::staff::Role;
use crate::types::Reason;

/// Longest range of days one plan may cover.
pub const MAX_DAYS: u64 = 62;

/// Sessions to plan at a facility, one per day from `from` to `until`.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Facility code.
    pub facility: String,
    /// First day.
    pub from: NaiveDate,
    /// Last day (inclusive).
    pub until: NaiveDate,
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
    /// Part kept for walk-ins (0 to 1); the profile's `appointments.walk_in_share` if `None`.
    pub walk_in_share: Option<f64>,
    /// Slot labels, `HH:MM-HH:MM`.
    pub slots: Vec<String>,
    /// Fee in minor units; 0 (free) if `None`.
    pub fee: Option<i64>,
}

/// A session for administrators: what citizens see, and its bookings.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminSession {
    /// The session as citizens see it.
    #[serde(flatten)]
    pub session: SessionView,
    /// Online places booked.
    pub booked: i64,
    /// Online places in all.
    pub capacity_online: i64,
    /// Places kept for walk-ins.
    pub capacity_walk_in: i64,
    /// Whether it was cancelled.
    pub cancelled: bool,
}

/// The facility by code, if the actor may plan its sessions: an administrator within their
/// scope, or the operator.
fn facility_in_scope(
    c: &mut DbConnection,
    core: &Core,
    actor: &Actor,
    code: &str,
) -> Result<(Facility, String)> {
    let me = match actor {
        Actor::Cli => None,
        _ => Some(actor.staff(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])?),
    };
    let (f, region) = facilities::by_code(c, code)?.ok_or(ErrorCode::FacilityNotFound)?;
    if me.is_some_and(|m| !m.covers_facility(&core.profile, &f.code, &region)) {
        return Err(ErrorCode::FacilityNotFound.into());
    }
    Ok((f, region))
}

/// Whether the actor plans sessions: national, region and facility admins (each within their
/// scope), and the operator. Vaccinators read their facility's plan but do not change it.
pub fn may_plan(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Cli => Ok(()),
        _ => actor
            .staff(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])
            .map(|_| ()),
    }
}

/// Refuses citizens: planning is staff work (or the operator's).
fn not_citizen(actor: &Actor) -> Result<()> {
    match actor {
        Actor::Citizen(_) => Err(ErrorCode::Forbidden.into()),
        _ => Ok(()),
    }
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

/// The places kept for walk-ins out of `capacity` with `share` kept for them: rounded up, so a
/// share above zero keeps at least one; but a share below one always leaves at least one place
/// to book online (with one place in all, online wins).
pub fn walk_in_places(capacity: i64, share: f64) -> i64 {
    #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
    let walk_in = ((capacity as f64) * share).ceil() as i64;
    let most = if share < 1.0 { capacity - 1 } else { capacity };
    walk_in.clamp(0, most.max(0))
}

/// Plans the sessions (all or none), each in the audit log. Refused: days before today or more
/// than [`MAX_DAYS`], a product not in use on one of the days, dose numbers the product does
/// not have, impossible ages, capacity or slots.
pub fn plan(core: &Core, actor: &Actor, p: &Plan, now: DateTime<Utc>) -> Result<Vec<SessionView>> {
    not_citizen(actor)?;
    let profile = &core.profile;
    let today = core.today(now);
    let days = u64::try_from((p.until - p.from).num_days())
        .map_err(|_| Error::new(ErrorCode::InvalidSessionDates).with_arg("days", MAX_DAYS))?;
    if p.from < today || days >= MAX_DAYS {
        return Err(Error::new(ErrorCode::InvalidSessionDates).with_arg("days", MAX_DAYS));
    }
    let vaccine = profile
        .vaccine(&p.vaccine)
        .ok_or(ErrorCode::UnknownVaccine)?;
    let dates: Vec<NaiveDate> = (0..=days)
        .filter_map(|d| p.from.checked_add_days(Days::new(d)))
        .collect();
    if let Some(day) = dates.iter().find(|d| !vaccine.available.contains(**d)) {
        return Err(Error::new(ErrorCode::VaccineNotAvailable).with_arg("date", day.to_string()));
    }
    let max_dose = vaccine.doses + vaccine.boosters;
    if p.doses.is_empty() || p.doses.iter().any(|d| *d == 0 || *d > max_dose) {
        return Err(Error::new(ErrorCode::InvalidDoses).with_arg("max", max_dose));
    }
    if !(0..=150).contains(&p.min_age) || p.max_age.is_some_and(|m| m < p.min_age || m > 150) {
        return Err(ErrorCode::InvalidAgeLimits.into());
    }
    let share = p
        .walk_in_share
        .unwrap_or(profile.appointments.walk_in_share);
    if !(1..=100_000).contains(&p.capacity) || !(0.0..=1.0).contains(&share) {
        return Err(ErrorCode::InvalidCapacity.into());
    }
    if p.slots.is_empty() || p.slots.len() > 48 || !p.slots.iter().all(|s| valid_slot(s)) {
        return Err(ErrorCode::InvalidSlots.into());
    }
    if p.fee.is_some_and(|f| !(0..=100_000_000).contains(&f)) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let walk_in = walk_in_places(p.capacity, share);
    let at = now.naive_utc();
    let out = core.write(|c| {
        let (f, _) = facility_in_scope(c, core, actor, &p.facility)?;
        let mut doses = p.doses.clone();
        doses.sort_unstable();
        doses.dedup();
        let mut out = Vec::new();
        for date in &dates {
            let s = sessions::insert(
                c,
                &sessions::NewSession {
                    facility_id: f.id,
                    date: *date,
                    vaccine: p.vaccine.clone(),
                    doses: doses.clone(),
                    min_age: p.min_age,
                    max_age: p.max_age,
                    capacity_online: p.capacity - walk_in,
                    capacity_walk_in: walk_in,
                    slots: p.slots.clone(),
                    fee: p.fee.unwrap_or(0),
                },
                at,
            )?;
            audit::record(
                c,
                at,
                actor,
                Action::SessionCreate,
                &s.reference,
                None,
                Some(
                    serde_json::json!({ "facility": f.code, "date": s.date, "vaccine": s.vaccine })
                        .to_string(),
                ),
            )?;
            out.push(SessionView::new(profile, &s));
        }
        Ok(out)
    })?;
    capacity_changed(core);
    Ok(out)
}

/// A cancelled session and how many appointments went with it.
#[derive(Debug, Clone)]
pub struct Cancelled {
    /// The session's public id.
    pub session_id: String,
    /// Appointments cancelled with it.
    pub appointments_cancelled: usize,
}

/// Cancels a session of a facility within the actor's scope with its open appointments, in one
/// transaction, and tells each person by SMS in their language.
pub fn cancel(
    core: &Core,
    actor: &Actor,
    session_id: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<Cancelled> {
    let reason = Reason::parse(reason)?;
    not_citizen(actor)?;
    let at = now.naive_utc();
    let out = core.write(|c| {
        let session = sessions::by_reference(c, session_id)?.ok_or(ErrorCode::SessionNotFound)?;
        let (facility, _) = facilities::by_ids(c, &[session.facility_id])?
            .into_iter()
            .next()
            .ok_or(ErrorCode::SessionNotFound)?;
        facility_in_scope(c, core, actor, &facility.code)
            .map_err(|_| Error::new(ErrorCode::SessionNotFound))?;
        if !sessions::cancel(c, session.id)? {
            return Err(ErrorCode::SessionNotFound.into());
        }
        let open = appointments::open_in_session(c, session.id)?;
        for a in &open {
            appointments::cancel(c, a.id, at)?;
            let Some(person) = beneficiaries::get(c, a.beneficiary_id)? else {
                continue;
            };
            notices::session_cancelled(c, core, &person, &session, at)?;
        }
        audit::record(
            c,
            at,
            actor,
            Action::SessionCancel,
            &session.reference,
            None,
            Some(
                serde_json::json!({ "reason": reason.as_str(), "appointments_cancelled": open.len() })
                    .to_string(),
            ),
        )?;
        Ok(Cancelled {
            session_id: session.reference,
            appointments_cancelled: open.len(),
        })
    })?;
    capacity_changed(core);
    Ok(out)
}

/// A facility's sessions between two days (at most 62 days apart), cancelled ones included,
/// with their bookings; vaccinators see their own facility's.
pub fn list(
    core: &Core,
    actor: &Actor,
    code: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<AdminSession>> {
    not_citizen(actor)?;
    if until < from || (until - from).num_days() > 62 {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let own_facility = match actor {
        Actor::Staff(me) => me.role == Role::Vaccinator && me.facility.as_deref() == Some(code),
        _ => false,
    };
    core.read(|c| {
        // Vaccinators read their facility's plan; planning itself is for admins.
        let (f, _) = if own_facility {
            facilities::by_code(c, code)?.ok_or(ErrorCode::FacilityNotFound)?
        } else {
            facility_in_scope(c, core, actor, code)?
        };
        Ok(sessions::all_for_facility(c, f.id, from, until)?
            .iter()
            .map(|s| AdminSession {
                session: SessionView::new(&core.profile, s),
                booked: s.booked,
                capacity_online: s.capacity_online,
                capacity_walk_in: s.capacity_walk_in,
                cancelled: s.cancelled,
            })
            .collect())
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_split_keeps_a_place_on_each_side_it_promises() {
        use super::walk_in_places;
        assert_eq!(walk_in_places(1, 0.5), 0, "one place: online");
        assert_eq!(walk_in_places(2, 0.5), 1);
        assert_eq!(walk_in_places(3, 0.5), 2);
        assert_eq!(walk_in_places(10, 0.01), 1, "a share above zero keeps one");
        assert_eq!(
            walk_in_places(10, 0.99),
            9,
            "a share below one leaves one online"
        );
        assert_eq!(walk_in_places(10, 1.0), 10);
        assert_eq!(walk_in_places(10, 0.0), 0);
    }

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
