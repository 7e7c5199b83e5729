//! Vaccination sessions: a facility, a day, a vaccine and a number of places.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::db::on_backend;
use crate::repo::facilities::Facility;
use crate::schema::sessions;
use crate::{DbConnection, StoreResult};

/// A session.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sessions)]
pub struct Session {
    /// Internal key.
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// Facility key.
    pub facility_id: i64,
    /// The day.
    pub date: NaiveDate,
    /// Product code.
    pub vaccine: String,
    /// Dose numbers offered, comma separated.
    pub doses: String,
    /// Minimum age in years.
    pub min_age: i64,
    /// Maximum age in years.
    pub max_age: Option<i64>,
    /// Places that can be booked online.
    pub capacity_online: i64,
    /// Places kept for people who come without booking.
    pub capacity_walk_in: i64,
    /// Online places taken.
    pub booked: i64,
    /// Slot labels, comma separated (`09:00-11:00`).
    pub slots: String,
    /// Fee in minor units (0 = free).
    pub fee: i64,
    /// Whether the session was cancelled.
    pub cancelled: bool,
    /// When it was created.
    pub created_at: NaiveDateTime,
}

impl Session {
    /// Dose numbers offered.
    pub fn dose_numbers(&self) -> Vec<u32> {
        self.doses
            .split(',')
            .filter_map(|d| d.trim().parse().ok())
            .collect()
    }

    /// Slot labels.
    pub fn slot_list(&self) -> Vec<String> {
        self.slots
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(String::from)
            .collect()
    }

    /// Online places still free.
    pub fn available(&self) -> i64 {
        if self.cancelled {
            0
        } else {
            (self.capacity_online - self.booked).max(0)
        }
    }
}

/// A session to create.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Facility key.
    pub facility_id: i64,
    /// The day.
    pub date: NaiveDate,
    /// Product code.
    pub vaccine: String,
    /// Dose numbers offered.
    pub doses: Vec<u32>,
    /// Minimum age.
    pub min_age: i64,
    /// Maximum age.
    pub max_age: Option<i64>,
    /// Online places.
    pub capacity_online: i64,
    /// Walk-in places.
    pub capacity_walk_in: i64,
    /// Slot labels.
    pub slots: Vec<String>,
    /// Fee in minor units.
    pub fee: i64,
}

/// Creates a session.
pub fn insert(conn: &mut DbConnection, s: &NewSession, now: NaiveDateTime) -> StoreResult<Session> {
    let doses: Vec<String> = s.doses.iter().map(u32::to_string).collect();
    let id: i64 = diesel::insert_into(sessions::table)
        .values((
            sessions::reference.eq(super::new_reference(12)),
            sessions::facility_id.eq(s.facility_id),
            sessions::date.eq(s.date),
            sessions::vaccine.eq(&s.vaccine),
            sessions::doses.eq(doses.join(",")),
            sessions::min_age.eq(s.min_age),
            sessions::max_age.eq(s.max_age),
            sessions::capacity_online.eq(s.capacity_online),
            sessions::capacity_walk_in.eq(s.capacity_walk_in),
            sessions::slots.eq(s.slots.join(",")),
            sessions::fee.eq(s.fee),
            sessions::created_at.eq(now),
        ))
        .returning(sessions::id)
        .get_result(conn)?;
    // MultiConnection cannot return whole rows, so the new row is read back.
    Ok(sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)?)
}

/// Sessions at these facilities between two days (inclusive), not cancelled.
pub fn for_facilities(
    conn: &mut DbConnection,
    facility_ids: &[i64],
    from: NaiveDate,
    until: NaiveDate,
) -> StoreResult<Vec<Session>> {
    Ok(sessions::table
        .filter(sessions::facility_id.eq_any(facility_ids))
        .filter(sessions::date.between(from, until))
        .filter(sessions::cancelled.eq(false))
        .order((sessions::date.asc(), sessions::id.asc()))
        .select(Session::as_select())
        .load(conn)?)
}

/// The session with this reference.
pub fn by_reference(conn: &mut DbConnection, reference: &str) -> StoreResult<Option<Session>> {
    Ok(sessions::table
        .filter(sessions::reference.eq(reference))
        .select(Session::as_select())
        .first(conn)
        .optional()?)
}

/// The session with this public reference, its facility and the facility's region code, in
/// one query.
pub fn with_facility(
    conn: &mut DbConnection,
    reference: &str,
) -> StoreResult<Option<(Session, Facility, String)>> {
    use crate::schema::{facilities, regions};
    // On the backend's own connection: every booking reads its session so.
    Ok(on_backend!(conn, c => sessions::table
        .inner_join(facilities::table.inner_join(regions::table))
        .filter(sessions::reference.eq(reference))
        .select((Session::as_select(), Facility::as_select(), regions::code))
        .first(c)
        .optional())?)
}

/// The session with this key.
pub fn get(conn: &mut DbConnection, id: i64) -> StoreResult<Option<Session>> {
    Ok(sessions::table
        .find(id)
        .select(Session::as_select())
        .first(conn)
        .optional()?)
}

/// Takes one online place with a single conditional update, atomic on both backends:
/// false when the session is full or cancelled. Never overbooks, however many callers.
pub fn take_place(conn: &mut DbConnection, id: i64) -> StoreResult<bool> {
    let n = on_backend!(conn, c => diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::booked.lt(sessions::capacity_online))
            .filter(sessions::cancelled.eq(false)),
    )
    .set(sessions::booked.eq(sessions::booked + 1))
    .execute(c))?;
    Ok(n == 1)
}

/// Gives a place back (a cancelled or moved appointment).
pub fn release_place(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::update(sessions::table.find(id).filter(sessions::booked.gt(0)))
        .set(sessions::booked.eq(sessions::booked - 1))
        .execute(conn)?;
    Ok(())
}

/// Marks a session cancelled; false when it already was.
pub fn cancel(conn: &mut DbConnection, id: i64) -> StoreResult<bool> {
    let n = diesel::update(
        sessions::table
            .find(id)
            .filter(sessions::cancelled.eq(false)),
    )
    .set(sessions::cancelled.eq(true))
    .execute(conn)?;
    Ok(n == 1)
}

/// Every session of a facility between two days, cancelled ones included.
pub fn all_for_facility(
    conn: &mut DbConnection,
    facility_id: i64,
    from: NaiveDate,
    until: NaiveDate,
) -> StoreResult<Vec<Session>> {
    Ok(sessions::table
        .filter(sessions::facility_id.eq(facility_id))
        .filter(sessions::date.between(from, until))
        .order((sessions::date.asc(), sessions::id.asc()))
        .select(Session::as_select())
        .load(conn)?)
}
