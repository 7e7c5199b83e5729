//! Loading many rows at once, for `vaxkit demo seed`: `COPY ... FROM STDIN (FORMAT binary)`
//! on PostgreSQL, multi-row `INSERT`s on SQLite, always inside the caller's transaction.
//!
//! The caller numbers its rows itself and hands them to [`write`] with the counters and session
//! bookings they add up to, so that each committed batch leaves the counters equal to the rows.
//! On SQLite it takes the next free keys with [`reserve`] in the batch's own transaction (one
//! writer: nobody else takes them meanwhile); on PostgreSQL it reserves the keys of a whole
//! load first with [`reserve_ahead`], and may then write its batches in several transactions
//! at once.

use std::collections::HashMap;

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::{accounts, appointments, beneficiaries, doses};
use crate::{DbConnection, StoreResult};

/// Rows per `INSERT` on SQLite (its statements take at most 32,766 parameters).
const SQLITE_ROWS: usize = 500;

/// The first free key of each table [`write`] fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextIds {
    /// `accounts.id`.
    pub account: i64,
    /// `beneficiaries.id`.
    pub person: i64,
    /// `doses.id`.
    pub dose: i64,
    /// `appointments.id`.
    pub appointment: i64,
}

/// One account (a mobile number).
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = accounts, treat_none_as_default_value = false)]
pub struct AccountRow {
    /// Key.
    pub id: i64,
    /// Keyed hash of the mobile number (`Secrets::mobile_hash`), for look-ups.
    pub mobile_hash: String,
    /// Sealed mobile number (`Secrets::seal_text`).
    pub mobile_sealed: String,
    /// When made.
    pub created_at: NaiveDateTime,
}

/// One person, the identity number already hashed, masked and sealed.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = beneficiaries, treat_none_as_default_value = false)]
pub struct PersonRow {
    /// Key.
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// Account key.
    pub account_id: i64,
    /// Name.
    pub name: String,
    /// Year of birth.
    pub birth_year: i64,
    /// Day of birth, when known.
    pub birth_date: Option<NaiveDate>,
    /// Gender code.
    pub gender: String,
    /// ID scheme.
    pub id_scheme: String,
    /// Keyed hash of the identity number.
    pub id_hash: String,
    /// Masked identity number.
    pub id_masked: String,
    /// Sealed identity number.
    pub id_sealed: Vec<u8>,
    /// Language code.
    pub language: String,
    /// Corrected fields (none).
    pub corrected: String,
    /// When registered.
    pub created_at: NaiveDateTime,
    /// The record this one was merged into (none).
    pub merged_into: Option<i64>,
    /// Name in Latin letters, when the name is in another script.
    pub latin_name: Option<String>,
}

/// One dose given.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = doses, treat_none_as_default_value = false)]
pub struct DoseRow {
    /// Key.
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// Person key.
    pub beneficiary_id: i64,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Day given.
    pub given_on: NaiveDate,
    /// When recorded.
    pub created_at: NaiveDateTime,
    /// Batch.
    pub batch: Option<String>,
    /// Facility key.
    pub facility_id: Option<i64>,
    /// Vaccinator key.
    pub staff_id: Option<i64>,
    /// Appointment fulfilled.
    pub appointment_id: Option<i64>,
    /// Idempotency key.
    pub idempotency_key: Option<String>,
    /// Override reason.
    pub override_reason: Option<String>,
    /// Region counted under.
    pub counted_region: Option<String>,
    /// Age band counted under.
    pub counted_age_band: Option<String>,
    /// Gender counted under.
    pub counted_gender: Option<String>,
}

/// One appointment.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = appointments, treat_none_as_default_value = false)]
pub struct AppointmentRow {
    /// Key.
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// Person key.
    pub beneficiary_id: i64,
    /// Session key.
    pub session_id: i64,
    /// Dose number.
    pub dose: i64,
    /// Slot.
    pub slot: String,
    /// Keyed hash of the security code on the slip (`Secrets::security_code_hash`).
    pub security_code_hash: String,
    /// Status (`booked`, `completed`, ...).
    pub status: String,
    /// When made.
    pub created_at: NaiveDateTime,
    /// When last changed.
    pub updated_at: NaiveDateTime,
    /// Sealed security code (`Secrets::seal_text`).
    pub security_code_sealed: String,
}

/// A counter's dimensions without its shard: day, region code, facility key, product, dose
/// number, age band, gender.
pub type CounterDims = (NaiveDate, String, i64, String, i64, String, String);

/// What one batch adds.
#[derive(Debug, Default)]
pub struct Rows {
    /// New accounts.
    pub accounts: Vec<AccountRow>,
    /// New people.
    pub people: Vec<PersonRow>,
    /// New appointments (before the doses, which may name them).
    pub appointments: Vec<AppointmentRow>,
    /// New doses.
    pub doses: Vec<DoseRow>,
    /// What the doses add to each counter (shard 0).
    pub counters: HashMap<CounterDims, i64>,
    /// Places the `booked` appointments take, by session key.
    pub booked: HashMap<i64, i64>,
}

/// SQLite: the next free keys, in the transaction that will use them (its one writer keeps
/// them free until it commits). PostgreSQL reserves keys with [`reserve_ahead`].
pub fn reserve(conn: &mut DbConnection) -> StoreResult<NextIds> {
    if let DbConnection::Pg(_) = conn {
        return Err(crate::StoreError::Config(
            "on PostgreSQL, keys for bulk rows are reserved with reserve_ahead".into(),
        ));
    }
    let account: Option<i64> = accounts::table
        .select(diesel::dsl::max(accounts::id))
        .first(conn)?;
    let person: Option<i64> = beneficiaries::table
        .select(diesel::dsl::max(beneficiaries::id))
        .first(conn)?;
    let dose: Option<i64> = doses::table
        .select(diesel::dsl::max(doses::id))
        .first(conn)?;
    let appointment: Option<i64> = appointments::table
        .select(diesel::dsl::max(appointments::id))
        .first(conn)?;
    Ok(NextIds {
        account: account.unwrap_or(0) + 1,
        person: person.unwrap_or(0) + 1,
        dose: dose.unwrap_or(0) + 1,
        appointment: appointment.unwrap_or(0) + 1,
    })
}

/// PostgreSQL: reserves `wanted` keys of each table (its fields are counts here) for rows
/// written later, in any number of transactions at once: each key sequence is moved past the
/// keys answered, so rows added meanwhile by anyone else take keys after them. The tables are
/// locked while the keys are read, so that no insert under way takes one of them.
pub fn reserve_ahead(conn: &mut DbConnection, wanted: NextIds) -> StoreResult<NextIds> {
    #[derive(QueryableByName)]
    struct First {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        first: i64,
    }
    let DbConnection::Pg(c) = conn else {
        return Err(crate::StoreError::Config(
            "keys are reserved ahead on PostgreSQL only".into(),
        ));
    };
    diesel::sql_query(
        "LOCK TABLE accounts, beneficiaries, doses, appointments IN SHARE ROW EXCLUSIVE MODE",
    )
    .execute(c)?;
    let mut first = |table: &str, count: i64| -> StoreResult<i64> {
        // The first key after both the rows and the sequence; the sequence then stands on the
        // last key reserved.
        let row: First = diesel::sql_query(format!(
            "WITH k AS (SELECT GREATEST(COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, \
             nextval(pg_get_serial_sequence('{table}', 'id'))) AS first) \
             SELECT first, setval(pg_get_serial_sequence('{table}', 'id'), first + {}) AS last \
             FROM k",
            count.max(1) - 1
        ))
        .get_result(c)?;
        Ok(row.first)
    };
    Ok(NextIds {
        account: first("accounts", wanted.account)?,
        person: first("beneficiaries", wanted.person)?,
        dose: first("doses", wanted.dose)?,
        appointment: first("appointments", wanted.appointment)?,
    })
}

/// Writes a batch: the rows, then the counters and the session bookings they add up to (in
/// key order, so that batches written at once never wait for each other in a cycle). On
/// PostgreSQL the keys must come from [`reserve_ahead`], which moved the key sequences past
/// them.
pub fn write(conn: &mut DbConnection, rows: &Rows) -> StoreResult<()> {
    match conn {
        DbConnection::Pg(c) => {
            diesel::copy_from(accounts::table)
                .from_insertable(&rows.accounts)
                .execute(c)?;
            diesel::copy_from(beneficiaries::table)
                .from_insertable(&rows.people)
                .execute(c)?;
            diesel::copy_from(appointments::table)
                .from_insertable(&rows.appointments)
                .execute(c)?;
            diesel::copy_from(doses::table)
                .from_insertable(&rows.doses)
                .execute(c)?;
        }
        DbConnection::Sqlite(c) => {
            for chunk in rows.accounts.chunks(SQLITE_ROWS) {
                diesel::insert_into(accounts::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in rows.people.chunks(SQLITE_ROWS) {
                diesel::insert_into(beneficiaries::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in rows.appointments.chunks(SQLITE_ROWS) {
                diesel::insert_into(appointments::table)
                    .values(chunk)
                    .execute(c)?;
            }
            for chunk in rows.doses.chunks(SQLITE_ROWS) {
                diesel::insert_into(doses::table).values(chunk).execute(c)?;
            }
        }
    }
    // Each person's doses came with them: as many changes to their doses as doses (see
    // `doses::write_checked`), so the table holds the people with doses, as in a live database.
    // A key can be taken again after its person was removed, whose row stays: counted on.
    let ids = rows.people.iter().map(|p| p.id);
    if let (Some(lo), Some(hi)) = (ids.clone().min(), ids.max()) {
        diesel::sql_query(format!(
            "INSERT INTO dose_versions (beneficiary_id, version) \
             SELECT beneficiary_id, COUNT(*) FROM doses \
             WHERE beneficiary_id BETWEEN {lo} AND {hi} GROUP BY beneficiary_id \
             ON CONFLICT (beneficiary_id) DO UPDATE SET version = dose_versions.version + 1"
        ))
        .execute(conn)?;
    }
    add_counters(conn, &rows.counters)?;
    let mut booked: Vec<_> = rows.booked.iter().collect();
    booked.sort_unstable();
    for (session, places) in booked {
        diesel::sql_query(format!(
            "UPDATE sessions SET booked = booked + {places} WHERE id = {session}"
        ))
        .execute(conn)?;
    }
    Ok(())
}

/// Adds to the counters (shard 0) in statements of many rows each.
fn add_counters(conn: &mut DbConnection, counters: &HashMap<CounterDims, i64>) -> StoreResult<()> {
    const COLUMNS: &str = "day, region_code, facility_id, vaccine, dose, age_band, gender, shard";
    let mut all: Vec<_> = counters.iter().collect();
    all.sort_unstable();
    for chunk in all.chunks(1000) {
        let values: Vec<String> = chunk
            .iter()
            .map(
                |((day, region, facility, vaccine, dose, band, gender), n)| {
                    format!(
                        "('{day}', {}, {facility}, {}, {dose}, {}, {}, 0, {n})",
                        quote(region),
                        quote(vaccine),
                        quote(band),
                        quote(gender)
                    )
                },
            )
            .collect();
        let sql = format!(
            "INSERT INTO dose_counters ({COLUMNS}, count) VALUES {} \
             ON CONFLICT ({COLUMNS}) DO UPDATE SET count = dose_counters.count + excluded.count",
            values.join(", ")
        );
        diesel::sql_query(sql).execute(conn)?;
    }
    Ok(())
}

/// A text as an SQL literal.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}
