//! Appointments: a beneficiary booked into a session slot. The security code is stored as a
//! keyed hash (for the vaccinator's look-up) and sealed with the server key (for the slip).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{appointments, beneficiaries};
use crate::{DbConnection, Secrets, StoreResult};

/// Status of an open appointment.
pub const BOOKED: &str = "booked";
/// Status of a cancelled appointment.
pub const CANCELLED: &str = "cancelled";

/// An appointment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = appointments)]
pub struct Appointment {
    /// Internal key.
    pub id: i64,
    /// Public reference (the confirmation number).
    pub reference: String,
    /// Beneficiary key.
    pub beneficiary_id: i64,
    /// Session key.
    pub session_id: i64,
    /// Dose number.
    pub dose: i64,
    /// Slot label.
    pub slot: String,
    /// The four-digit code the person shows at the centre, sealed with the server key; read it
    /// with [`Appointment::security_code`].
    pub security_code_sealed: String,
    /// `booked` or `cancelled`.
    pub status: String,
    /// When booked.
    pub created_at: NaiveDateTime,
    /// Last change.
    pub updated_at: NaiveDateTime,
}

impl Appointment {
    /// The four-digit code the person shows at the centre.
    pub fn security_code(&self, secrets: &Secrets) -> StoreResult<String> {
        secrets.open_sealed_text(&self.security_code_sealed)
    }
}

/// Creates a booked appointment; a second open one for the same person violates a unique index.
pub fn insert(
    conn: &mut DbConnection,
    secrets: &Secrets,
    beneficiary_id: i64,
    session_id: i64,
    dose: i64,
    slot: &str,
    now: NaiveDateTime,
) -> StoreResult<Appointment> {
    let code = super::random_digits(4);
    let values = (
        appointments::reference.eq(super::new_reference(12)),
        appointments::beneficiary_id.eq(beneficiary_id),
        appointments::session_id.eq(session_id),
        appointments::dose.eq(dose),
        appointments::slot.eq(slot),
        appointments::security_code_hash.eq(secrets.security_code_hash(&code)),
        appointments::security_code_sealed.eq(secrets.seal_text(&code)?),
        appointments::status.eq(BOOKED),
        appointments::created_at.eq(now),
        appointments::updated_at.eq(now),
    );
    // MultiConnection cannot return whole rows: one statement per backend, each returning the
    // new row (no read-back).
    Ok(
        crate::db::on_backend!(conn, c => diesel::insert_into(appointments::table)
        .values(values)
        .returning(Appointment::as_returning())
        .get_result(c))?,
    )
}

/// The open appointment of a beneficiary.
pub fn open_for(conn: &mut DbConnection, beneficiary_id: i64) -> StoreResult<Option<Appointment>> {
    Ok(appointments::table
        .filter(appointments::beneficiary_id.eq(beneficiary_id))
        .filter(appointments::status.eq(BOOKED))
        .select(Appointment::as_select())
        .first(conn)
        .optional()?)
}

/// An appointment by reference, only if its beneficiary belongs to the account.
pub fn of_account(
    conn: &mut DbConnection,
    account_id: i64,
    reference: &str,
) -> StoreResult<Option<Appointment>> {
    Ok(appointments::table
        .inner_join(beneficiaries::table)
        .filter(beneficiaries::account_id.eq(account_id))
        .filter(appointments::reference.eq(reference))
        .select(Appointment::as_select())
        .first(conn)
        .optional()?)
}

/// Every appointment of an account's beneficiaries, newest first.
pub fn for_account(conn: &mut DbConnection, account_id: i64) -> StoreResult<Vec<Appointment>> {
    Ok(appointments::table
        .inner_join(beneficiaries::table)
        .filter(beneficiaries::account_id.eq(account_id))
        .order(appointments::id.desc())
        .select(Appointment::as_select())
        .load(conn)?)
}

/// Cancels an open appointment; false when it was not open.
pub fn cancel(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        appointments::table
            .find(id)
            .filter(appointments::status.eq(BOOKED)),
    )
    .set((
        appointments::status.eq(CANCELLED),
        appointments::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Removes every appointment of a beneficiary (when the beneficiary is removed).
pub fn delete_for(conn: &mut DbConnection, beneficiary_id: i64) -> StoreResult<()> {
    diesel::delete(appointments::table.filter(appointments::beneficiary_id.eq(beneficiary_id)))
        .execute(conn)?;
    Ok(())
}

/// The open appointments of a session.
pub fn open_in_session(conn: &mut DbConnection, session_id: i64) -> StoreResult<Vec<Appointment>> {
    Ok(appointments::table
        .filter(appointments::session_id.eq(session_id))
        .filter(appointments::status.eq(BOOKED))
        .order(appointments::id.asc())
        .select(Appointment::as_select())
        .load(conn)?)
}

/// Status of an appointment fulfilled by a recorded dose.
pub const DONE: &str = "done";

/// Marks an open appointment fulfilled; false when it was not open.
pub fn complete(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        appointments::table
            .find(id)
            .filter(appointments::status.eq(BOOKED)),
    )
    .set((
        appointments::status.eq(DONE),
        appointments::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Marks an open appointment done (a dose fulfilled it) and answers its reference; none if it
/// was not open.
pub fn fulfil(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<Option<String>> {
    let done = diesel::update(
        appointments::table
            .find(id)
            .filter(appointments::status.eq(BOOKED)),
    )
    .set((
        appointments::status.eq(DONE),
        appointments::updated_at.eq(now),
    ))
    .returning(appointments::reference);
    Ok(crate::db::on_backend!(conn, c => done.get_result(c).optional())?)
}

/// Open appointments at a facility on a day, with their beneficiaries, by slot.
pub fn open_at_facility(
    conn: &mut DbConnection,
    facility_id: i64,
    day: chrono::NaiveDate,
) -> StoreResult<Vec<(Appointment, crate::repo::beneficiaries::Beneficiary, String)>> {
    use crate::repo::beneficiaries::Beneficiary;
    use crate::schema::sessions;
    Ok(appointments::table
        .inner_join(sessions::table)
        .inner_join(beneficiaries::table)
        .filter(sessions::facility_id.eq(facility_id))
        .filter(sessions::date.eq(day))
        .filter(appointments::status.eq(BOOKED))
        .order((appointments::slot.asc(), appointments::id.asc()))
        .select((
            Appointment::as_select(),
            Beneficiary::as_select(),
            sessions::vaccine,
        ))
        .load(conn)?)
}

/// Open appointments at a facility on a day with this security code (found by the code's keyed
/// hash), with their beneficiaries, by slot.
pub fn open_at_facility_with_code(
    conn: &mut DbConnection,
    secrets: &Secrets,
    facility_id: i64,
    day: chrono::NaiveDate,
    code: &str,
) -> StoreResult<Vec<(Appointment, crate::repo::beneficiaries::Beneficiary, String)>> {
    use crate::repo::beneficiaries::Beneficiary;
    use crate::schema::sessions;
    Ok(appointments::table
        .inner_join(sessions::table)
        .inner_join(beneficiaries::table)
        .filter(sessions::facility_id.eq(facility_id))
        .filter(sessions::date.eq(day))
        .filter(appointments::status.eq(BOOKED))
        .filter(appointments::security_code_hash.eq(secrets.security_code_hash(code)))
        .order((appointments::slot.asc(), appointments::id.asc()))
        .select((
            Appointment::as_select(),
            Beneficiary::as_select(),
            sessions::vaccine,
        ))
        .load(conn)?)
}

/// The open appointment of a beneficiary if it is at this facility on this day (one indexed
/// look-up: a person has at most one open appointment).
pub fn open_at(
    conn: &mut DbConnection,
    beneficiary_id: i64,
    facility_id: i64,
    day: chrono::NaiveDate,
) -> StoreResult<Option<Appointment>> {
    use crate::schema::sessions;
    Ok(appointments::table
        .inner_join(sessions::table)
        .filter(appointments::beneficiary_id.eq(beneficiary_id))
        .filter(appointments::status.eq(BOOKED))
        .filter(sessions::facility_id.eq(facility_id))
        .filter(sessions::date.eq(day))
        .select(Appointment::as_select())
        .first(conn)
        .optional()?)
}

/// An appointment by key.
pub fn get(conn: &mut DbConnection, id: i64) -> StoreResult<Option<Appointment>> {
    Ok(appointments::table
        .find(id)
        .select(Appointment::as_select())
        .first(conn)
        .optional()?)
}

/// Status of an appointment whose day passed without a dose.
pub const MISSED: &str = "missed";

/// Marks an open appointment missed (its session's day is over).
pub fn mark_missed(conn: &mut DbConnection, id: i64, now: NaiveDateTime) -> StoreResult<bool> {
    let n = diesel::update(
        appointments::table
            .find(id)
            .filter(appointments::status.eq(BOOKED)),
    )
    .set((
        appointments::status.eq(MISSED),
        appointments::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// Moves every appointment of one beneficiary to another (merging duplicates).
pub fn reassign(conn: &mut DbConnection, from: i64, to: i64) -> StoreResult<()> {
    diesel::update(appointments::table.filter(appointments::beneficiary_id.eq(from)))
        .set(appointments::beneficiary_id.eq(to))
        .execute(conn)?;
    Ok(())
}

/// Open appointments in sessions (not cancelled) from `from` to `until` (inclusive), with
/// their sessions, by day then key (the scheduled notices: reminders and missed appointments).
pub fn open_between(
    conn: &mut DbConnection,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
) -> StoreResult<Vec<(Appointment, crate::repo::sessions::Session)>> {
    use crate::repo::sessions::Session;
    use crate::schema::sessions;
    Ok(appointments::table
        .inner_join(sessions::table)
        .filter(appointments::status.eq(BOOKED))
        .filter(sessions::cancelled.eq(false))
        .filter(sessions::date.ge(from))
        .filter(sessions::date.le(until))
        .order((sessions::date.asc(), appointments::id.asc()))
        .select((Appointment::as_select(), Session::as_select()))
        .load(conn)?)
}

/// Seals the security codes stored in plain text before the migration `2026-12-02-000011`
/// (rows whose sealed copy is still empty); answers how many.
pub(crate) fn seal_plain_rows(conn: &mut DbConnection, secrets: &Secrets) -> StoreResult<usize> {
    let mut done = 0;
    loop {
        let batch: Vec<(i64, String)> = appointments::table
            .filter(appointments::security_code_sealed.eq(""))
            .order(appointments::id.asc())
            .limit(super::SEAL_BATCH)
            .select((appointments::id, appointments::security_code_hash))
            .load(conn)?;
        if batch.is_empty() {
            return Ok(done);
        }
        for (id, code) in batch {
            diesel::update(appointments::table.find(id))
                .set((
                    appointments::security_code_hash.eq(secrets.security_code_hash(&code)),
                    appointments::security_code_sealed.eq(secrets.seal_text(&code)?),
                ))
                .execute(conn)?;
            done += 1;
        }
    }
}
