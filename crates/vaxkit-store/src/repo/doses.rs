//! Recorded doses and the aggregate counters kept with them.
//!
//! A dose carries the client's idempotency key: recording the same key twice returns
//! the first record and counts nothing twice. Counters are incremented in the same
//! transaction, on one of several shards, so that many vaccinators recording at once do
//! not all wait on one row; reports add the shards up.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};

use crate::db::on_backend;
use crate::repo::accounts::Account;
use crate::repo::appointments::Appointment;
use crate::repo::beneficiaries::Beneficiary;
use crate::schema::{dose_revocations, doses};
use crate::{DbConnection, StoreResult};

/// How many shards each counter is spread over.
pub const COUNTER_SHARDS: i64 = 8;

/// The columns a report groups counters by: a counter's key without its facility and shard.
const REPORT_KEY: &str = "day, region_code, vaccine, dose, age_band, gender";

/// The counter rows not yet folded, as the partial index `dose_counters_spread` says it (with
/// no parameter in it, so that both databases see the index answers it).
const SPREAD: &str = "(facility_id <> 0 OR shard <> 0)";

/// A recorded dose with everything about it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = doses)]
pub struct DoseRecord {
    /// Internal key.
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// Beneficiary key.
    pub beneficiary_id: i64,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Day given (in the country's time zone).
    pub given_on: NaiveDate,
    /// When recorded.
    pub created_at: NaiveDateTime,
    /// Batch or lot number.
    pub batch: Option<String>,
    /// Facility key.
    pub facility_id: Option<i64>,
    /// Vaccinator (staff) key.
    pub staff_id: Option<i64>,
    /// The appointment it fulfilled, if any.
    pub appointment_id: Option<i64>,
    /// The client's idempotency key.
    pub idempotency_key: Option<String>,
    /// Why the schedule engine was overridden, if it was.
    pub override_reason: Option<String>,
    /// Region code the dose is counted under (none: not counted).
    pub counted_region: Option<String>,
    /// Age band the dose is counted under.
    pub counted_age_band: Option<String>,
    /// Gender the dose is counted under.
    pub counted_gender: Option<String>,
}

impl DoseRecord {
    /// The counter this dose was added to, if it was counted (the caller knows whether it
    /// has since been revoked).
    pub fn counter_key(&self) -> Option<CounterKey> {
        Some(CounterKey {
            day: self.given_on,
            region_code: self.counted_region.clone()?,
            facility_id: self.facility_id?,
            vaccine: self.vaccine.clone(),
            dose: self.dose,
            age_band: self.counted_age_band.clone()?,
            gender: self.counted_gender.clone()?,
            shard: 0,
        })
    }
}

/// A dose to record.
#[derive(Debug, Clone)]
pub struct NewDose {
    /// Beneficiary key.
    pub beneficiary_id: i64,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Day given.
    pub given_on: NaiveDate,
    /// Batch or lot number.
    pub batch: String,
    /// Facility key.
    pub facility_id: i64,
    /// Vaccinator key.
    pub staff_id: i64,
    /// Appointment fulfilled.
    pub appointment_id: Option<i64>,
    /// The client's idempotency key.
    pub idempotency_key: String,
    /// Why the schedule engine was overridden.
    pub override_reason: Option<String>,
}

/// Holds an idempotency key until the end of the transaction, for a write that reads and writes
/// in one transaction (a walk-in): a concurrent retry of the same key that claims it too waits
/// here until the first commits (or rolls back) and then finds its record. (A dose recorded for
/// a registered person does not claim its key: the key's unique index settles a race.)
/// PostgreSQL takes a transaction-scoped advisory lock on the key's hash (a collision only makes
/// two keys wait for each other); SQLite serialises every write transaction already.
pub fn claim_key(conn: &mut DbConnection, key: &str) -> StoreResult<()> {
    if let DbConnection::Pg(c) = conn {
        // Written with diesel's functions rather than as SQL text, so that the statement is
        // prepared once per connection instead of parsed and planned for every dose.
        diesel::select(pg_advisory_xact_lock(hashtext(key).cast::<BigInt>())).execute(c)?;
    }
    Ok(())
}

diesel::define_sql_function! {
    /// PostgreSQL's hash of a text (the key of an idempotency key's advisory lock).
    fn hashtext(text: Text) -> diesel::sql_types::Integer;
}

diesel::define_sql_function! {
    /// PostgreSQL's transaction-scoped advisory lock; it answers nothing (`void`), so the
    /// statement is only executed, never read.
    fn pg_advisory_xact_lock(key: BigInt) -> diesel::sql_types::Bool;
}

/// The dose recorded under an idempotency key.
pub fn by_idempotency_key(conn: &mut DbConnection, key: &str) -> StoreResult<Option<DoseRecord>> {
    Ok(on_backend!(conn, c => doses::table
        .filter(doses::idempotency_key.eq(key))
        .select(DoseRecord::as_select())
        .first(c)
        .optional())?)
}

/// What recording a dose needs to know of a person, read in one query.
#[derive(Debug, Clone)]
pub struct PersonForDose {
    /// The person.
    pub person: Beneficiary,
    /// Their doses that stand (not revoked), in order.
    pub standing: Vec<DoseRecord>,
    /// The key of their open appointment at the facility on the day, if they have one.
    pub open_here: Option<i64>,
    /// Their account (where notices about them are sent), if it is there.
    pub account: Option<Account>,
    /// The key of the dose already recorded under the idempotency key asked about, if any
    /// (whoever it was given to): the request is a retry.
    pub keyed: Option<i64>,
    /// How many times their doses or appointments had changed (`dose_versions`, 0 without a
    /// row): what [`write_checked`] compares to write a dose only if they have not changed
    /// since.
    pub version: i64,
}

/// What recording a dose needs to know of a person, in one query: the person (by public
/// reference; a merged duplicate is not found), their doses that stand (not revoked, in order),
/// the key of their open appointment at `facility_id` on `day` if they have one, their account,
/// and the dose already recorded under `idempotency_key`, if there is one.
pub fn person_for_dose(
    conn: &mut DbConnection,
    reference: &str,
    idempotency_key: &str,
    facility_id: i64,
    day: NaiveDate,
) -> StoreResult<Option<PersonForDose>> {
    use crate::repo::appointments::BOOKED;
    use crate::schema::{accounts, appointments, beneficiaries, dose_versions, sessions};
    let here_that_day = sessions::table
        .filter(sessions::facility_id.eq(facility_id))
        .filter(sessions::date.eq(day))
        .select(sessions::id);
    let keyed = keyed_doses
        .filter(
            keyed_doses
                .field(doses::idempotency_key)
                .eq(idempotency_key),
        )
        .select(keyed_doses.field(doses::id))
        .single_value();
    // Built in each arm: a selection's backend is fixed where it is made.
    let rows: Vec<PersonForDoseRow> = on_backend!(conn, c => beneficiaries::table
        .left_join(
            doses::table.on(doses::beneficiary_id
                .eq(beneficiaries::id)
                .and(diesel::dsl::not(diesel::dsl::exists(
                    dose_revocations::table.filter(dose_revocations::dose_id.eq(doses::id)),
                )))),
        )
        .left_join(
            appointments::table.on(appointments::beneficiary_id
                .eq(beneficiaries::id)
                .and(appointments::status.eq(BOOKED))
                .and(appointments::session_id.eq_any(here_that_day))),
        )
        .left_join(accounts::table.on(accounts::id.eq(beneficiaries::account_id)))
        .left_join(dose_versions::table.on(dose_versions::beneficiary_id.eq(beneficiaries::id)))
        .filter(beneficiaries::reference.eq(reference))
        .filter(beneficiaries::merged_into.is_null())
        .order((doses::given_on.asc(), doses::dose.asc(), doses::id.asc()))
        .select((
            Beneficiary::as_select(),
            Option::<DoseRecord>::as_select(),
            appointments::id.nullable(),
            Option::<Account>::as_select(),
            keyed,
            dose_versions::version.nullable(),
        ))
        .load(c))?;
    let mut rows = rows.into_iter();
    let Some((person, first, open_here, account, keyed, version)) = rows.next() else {
        return Ok(None);
    };
    let version = version.unwrap_or(0);
    let standing = standing(first, rows.map(|(_, dose, ..)| dose));
    Ok(Some(PersonForDose {
        person,
        standing,
        open_here,
        account,
        keyed,
        version,
    }))
}

/// What booking needs to know of one of an account's people, read in one query.
#[derive(Debug, Clone)]
pub struct PersonForBooking {
    /// The person.
    pub person: Beneficiary,
    /// Their doses that stand (not revoked), in order.
    pub standing: Vec<DoseRecord>,
    /// Their open appointment, if they have one, with its session's day.
    pub open: Option<(Appointment, NaiveDate)>,
    /// Their account (where notices about them are sent), if it is there.
    pub account: Option<Account>,
    /// Their `dose_versions` row's count when read (0 without a row): a booking is written
    /// only if it is still this ([`claim_version`]).
    pub version: i64,
}

/// What booking needs to know of a person of `account_id`, in one query: the person (by public
/// reference; a merged duplicate is not found), their doses that stand, their open appointment
/// with its session's day, the account, and their version (`dose_versions`).
pub fn person_for_booking(
    conn: &mut DbConnection,
    account_id: i64,
    reference: &str,
) -> StoreResult<Option<PersonForBooking>> {
    use crate::repo::appointments::BOOKED;
    use crate::schema::{accounts, appointments, beneficiaries, dose_versions, sessions};
    // Built in each arm: a selection's backend is fixed where it is made.
    let rows: Vec<PersonForBookingRow> = on_backend!(conn, c => beneficiaries::table
        .left_join(
            doses::table.on(doses::beneficiary_id
                .eq(beneficiaries::id)
                .and(diesel::dsl::not(diesel::dsl::exists(
                    dose_revocations::table.filter(dose_revocations::dose_id.eq(doses::id)),
                )))),
        )
        .left_join(
            appointments::table.on(appointments::beneficiary_id
                .eq(beneficiaries::id)
                .and(appointments::status.eq(BOOKED))),
        )
        .left_join(sessions::table.on(sessions::id.eq(appointments::session_id)))
        .left_join(accounts::table.on(accounts::id.eq(beneficiaries::account_id)))
        .left_join(dose_versions::table.on(dose_versions::beneficiary_id.eq(beneficiaries::id)))
        .filter(beneficiaries::account_id.eq(account_id))
        .filter(beneficiaries::reference.eq(reference))
        .filter(beneficiaries::merged_into.is_null())
        .order((doses::given_on.asc(), doses::dose.asc(), doses::id.asc()))
        .select((
            Beneficiary::as_select(),
            Option::<DoseRecord>::as_select(),
            Option::<Appointment>::as_select(),
            sessions::date.nullable(),
            Option::<Account>::as_select(),
            dose_versions::version.nullable(),
        ))
        .load(c))?;
    let mut rows = rows.into_iter();
    let Some((person, first, open, day, account, version)) = rows.next() else {
        return Ok(None);
    };
    let standing = standing(first, rows.map(|(_, dose, ..)| dose));
    Ok(Some(PersonForBooking {
        person,
        standing,
        open: open.zip(day),
        account,
        version: version.unwrap_or(0),
    }))
}

/// Counts a change to a person's doses and appointments made by a write checked against their
/// version `version` (a booking), if it is still that version: false, writing nothing, if a
/// dose, a booking, a revocation or a merge for them came since. Like [`write_checked`], it
/// holds their row to the end of the transaction, so a dose checked before this write is
/// checked again and sees what it wrote.
pub fn claim_version(conn: &mut DbConnection, person: i64, version: i64) -> StoreResult<bool> {
    use crate::schema::dose_versions as dv;
    let claimed = if version == 0 {
        on_backend!(conn, c => diesel::insert_into(dv::table)
            .values((dv::beneficiary_id.eq(person), dv::version.eq(1)))
            .on_conflict_do_nothing()
            .execute(c))?
    } else {
        on_backend!(conn, c => diesel::update(
            dv::table
                .filter(dv::beneficiary_id.eq(person))
                .filter(dv::version.eq(version)),
        )
        .set(dv::version.eq(dv::version + 1))
        .execute(c))?
    };
    Ok(claimed == 1)
}

/// One row of [`person_for_booking`]'s query: the person, one of their doses, their open
/// appointment and its day, their account, their version.
type PersonForBookingRow = (
    Beneficiary,
    Option<DoseRecord>,
    Option<Appointment>,
    Option<NaiveDate>,
    Option<Account>,
    Option<i64>,
);

/// A person's doses from the rows of a query that joined them (in order) to the person and
/// to their open appointment: the first row's dose, then the others'.
fn standing(
    first: Option<DoseRecord>,
    rest: impl Iterator<Item = Option<DoseRecord>>,
) -> Vec<DoseRecord> {
    let mut standing: Vec<DoseRecord> = first.into_iter().chain(rest.flatten()).collect();
    // A person has one open appointment at most; should there be more, each dose came once
    // per appointment.
    standing.dedup_by_key(|d| d.id);
    standing
}

/// One row of [`person_for_dose`]'s query: the person, one of their doses, their open
/// appointment, their account and the dose under the key.
type PersonForDoseRow = (
    Beneficiary,
    Option<DoseRecord>,
    Option<i64>,
    Option<Account>,
    Option<i64>,
    Option<i64>,
);

/// The doses table a second time, for the dose under an idempotency key beside a person's own.
mod keyed {
    diesel::alias!(crate::schema::doses as keyed_doses: KeyedDoses);
}
use keyed::keyed_doses;

/// Inserts a dose for a person and counts it among the changes to their doses
/// (`dose_version`): the stored record, its key given back by the insert. The counters are the
/// caller's to add.
pub fn insert(
    conn: &mut DbConnection,
    d: &NewDose,
    counted: &CounterKey,
    now: NaiveDateTime,
) -> StoreResult<DoseRecord> {
    changed(conn, &[d.beneficiary_id])?;
    insert_row(conn, d, counted, now)
}

/// Counts a change to the doses or appointments of each of these people (`dose_versions`), so
/// that a dose or a booking checked before it is checked again (see [`write_checked`] and
/// [`claim_version`]). Every write that adds, revokes or moves a dose, merges a record or
/// moves an appointment makes it in its own transaction. It also holds their
/// rows to the end of the transaction: a write that must see every dose of a person (a merge,
/// a removal) makes it before it reads them, so that a dose written meanwhile is either waited
/// for and seen, or waits and is checked again. Give the people in key order.
pub fn changed(conn: &mut DbConnection, people: &[i64]) -> StoreResult<()> {
    use crate::schema::dose_versions as dv;
    for &person in people {
        on_backend!(&mut *conn, c => diesel::insert_into(dv::table)
            .values((dv::beneficiary_id.eq(person), dv::version.eq(1)))
            .on_conflict(dv::beneficiary_id)
            .do_update()
            .set(dv::version.eq(dv::version + 1))
            .execute(c))?;
    }
    Ok(())
}

/// The person dose `id` was given to (none if there is no such dose).
fn owners(conn: &mut DbConnection, id: i64) -> StoreResult<Vec<i64>> {
    Ok(doses::table
        .find(id)
        .select(doses::beneficiary_id)
        .load(conn)?)
}

/// Inserts the dose row itself: the stored record, its key given back by the insert.
fn insert_row(
    conn: &mut DbConnection,
    d: &NewDose,
    counted: &CounterKey,
    now: NaiveDateTime,
) -> StoreResult<DoseRecord> {
    let reference = super::new_reference(14);
    let insert = diesel::insert_into(doses::table)
        .values((
            doses::reference.eq(&reference),
            doses::beneficiary_id.eq(d.beneficiary_id),
            doses::dose.eq(d.dose),
            doses::vaccine.eq(&d.vaccine),
            doses::given_on.eq(d.given_on),
            doses::created_at.eq(now),
            doses::batch.eq(&d.batch),
            doses::facility_id.eq(d.facility_id),
            doses::staff_id.eq(d.staff_id),
            doses::appointment_id.eq(d.appointment_id),
            doses::idempotency_key.eq(&d.idempotency_key),
            doses::override_reason.eq(&d.override_reason),
            doses::counted_region.eq(&counted.region_code),
            doses::counted_age_band.eq(&counted.age_band),
            doses::counted_gender.eq(&counted.gender),
        ))
        .returning(doses::id);
    let id: i64 = on_backend!(conn, c => insert.get_result(c))?;
    Ok(record_of(id, reference, d, counted, now))
}

/// The stored record of a dose just inserted under key `id`.
fn record_of(
    id: i64,
    reference: String,
    d: &NewDose,
    counted: &CounterKey,
    now: NaiveDateTime,
) -> DoseRecord {
    DoseRecord {
        id,
        reference,
        beneficiary_id: d.beneficiary_id,
        dose: d.dose,
        vaccine: d.vaccine.clone(),
        given_on: d.given_on,
        created_at: now,
        batch: Some(d.batch.clone()),
        facility_id: Some(d.facility_id),
        staff_id: Some(d.staff_id),
        appointment_id: d.appointment_id,
        idempotency_key: Some(d.idempotency_key.clone()),
        override_reason: d.override_reason.clone(),
        counted_region: Some(counted.region_code.clone()),
        counted_age_band: Some(counted.age_band.clone()),
        counted_gender: Some(counted.gender.clone()),
    }
}

/// A dose checked outside its transaction, to be written only if the person's doses are still
/// as checked.
#[derive(Debug, Clone, Copy)]
pub struct CheckedDose<'a> {
    /// The dose (its `appointment_id` is set by the write).
    pub dose: &'a NewDose,
    /// What it is counted under.
    pub counted: &'a CounterKey,
    /// The person's [`PersonForDose::version`] when it was checked.
    pub version: i64,
    /// Their open appointment at the facility that day, which the dose fulfils if it is still
    /// open.
    pub open_here: Option<i64>,
    /// When it is recorded.
    pub now: NaiveDateTime,
}

/// What became of a [`CheckedDose`].
#[derive(Debug, Clone)]
pub enum Written {
    /// Written: the record, and the reference of the appointment it fulfilled, if any.
    Dose(Box<DoseRecord>, Option<String>),
    /// The person's doses or appointments changed since the check, or they were merged into
    /// another record: nothing was written, and the dose is to be checked again.
    Changed,
    /// A dose was recorded under the idempotency key meanwhile: nothing was written.
    KeyUsed,
}

/// Writes a checked dose if the person's doses are still as checked (their `dose_versions`
/// row), counting the change, and fulfils their open appointment here if it is still open. A person
/// changed meanwhile or a key used meanwhile is an answer, not an error, and writes nothing.
///
/// On PostgreSQL this is one statement, so that a dose costs one round trip in its
/// transaction: the conditional update of the person's version row (or its first insert)
/// locks it, so a change to their doses written meanwhile by another transaction is waited
/// for and then seen as a change; the appointment
/// is locked and taken only if still open, and the insert gives way to a key used meanwhile.
/// SQLite, with its one writer, takes the same steps one statement at a time.
pub fn write_checked(conn: &mut DbConnection, w: &CheckedDose<'_>) -> StoreResult<Written> {
    match conn {
        DbConnection::Pg(c) => write_checked_pg(c, w),
        DbConnection::Sqlite(_) => write_checked_steps(conn, w),
    }
}

/// [`write_checked`] on PostgreSQL: one statement, prepared once per connection.
fn write_checked_pg(c: &mut diesel::PgConnection, w: &CheckedDose<'_>) -> StoreResult<Written> {
    use diesel::sql_types::Nullable;

    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        claimed: i64,
        #[diesel(sql_type = Nullable<BigInt>)]
        dose_id: Option<i64>,
        #[diesel(sql_type = Nullable<BigInt>)]
        appointment_id: Option<i64>,
        #[diesel(sql_type = Nullable<Text>)]
        appointment: Option<String>,
    }
    let (d, counted) = (w.dose, w.counted);
    let reference = super::new_reference(14);
    let row: Row = WriteCheckedPg {
        w,
        reference: &reference,
    }
    .get_result(c)?;
    Ok(match row {
        Row { claimed: 0, .. } => Written::Changed,
        Row { dose_id: None, .. } => Written::KeyUsed,
        Row {
            dose_id: Some(id),
            appointment_id,
            appointment,
            ..
        } => {
            let mut record = record_of(id, reference, d, counted, w.now);
            record.appointment_id = appointment_id;
            Written::Dose(Box::new(record), appointment)
        }
    })
}

/// [`WRITE_CHECKED_PG`] with its values, as a query diesel prepares once per connection and
/// keeps (text given to `sql_query` is parsed and planned again for every dose).
struct WriteCheckedPg<'a> {
    w: &'a CheckedDose<'a>,
    reference: &'a str,
}

impl diesel::query_builder::QueryId for WriteCheckedPg<'_> {
    type QueryId = WriteCheckedPg<'static>;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl diesel::query_builder::Query for WriteCheckedPg<'_> {
    type SqlType = diesel::sql_types::Untyped;
}

impl<C> RunQueryDsl<C> for WriteCheckedPg<'_> {}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for WriteCheckedPg<'_> {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        use crate::repo::appointments::{BOOKED, DONE};
        use diesel::sql_types::{Nullable, Timestamp};
        let (w, d, k) = (self.w, self.w.dose, self.w.counted);
        // The text between the placeholders, then the value of each placeholder met (a value
        // used twice is bound twice).
        let mut rest = WRITE_CHECKED_PG;
        while let Some(at) = rest.find('$') {
            out.push_sql(&rest[..at]);
            let digits = rest[at + 1..]
                .find(|ch: char| !ch.is_ascii_digit())
                .unwrap_or(rest.len() - at - 1);
            let n: usize = rest[at + 1..at + 1 + digits].parse().unwrap_or(0);
            rest = &rest[at + 1 + digits..];
            match n {
                1 => out.push_bind_param::<BigInt, _>(&d.beneficiary_id)?,
                2 => out.push_bind_param::<BigInt, _>(&w.version)?,
                3 => out.push_bind_param::<Nullable<BigInt>, _>(&w.open_here)?,
                4 => out.push_bind_param::<Text, _>(BOOKED)?,
                5 => out.push_bind_param::<Text, _>(DONE)?,
                6 => out.push_bind_param::<Timestamp, _>(&w.now)?,
                7 => out.push_bind_param::<Text, _>(self.reference)?,
                8 => out.push_bind_param::<BigInt, _>(&d.dose)?,
                9 => out.push_bind_param::<Text, _>(&d.vaccine)?,
                10 => out.push_bind_param::<Date, _>(&d.given_on)?,
                11 => out.push_bind_param::<Text, _>(&d.batch)?,
                12 => out.push_bind_param::<BigInt, _>(&d.facility_id)?,
                13 => out.push_bind_param::<BigInt, _>(&d.staff_id)?,
                14 => out.push_bind_param::<Text, _>(&d.idempotency_key)?,
                15 => out.push_bind_param::<Nullable<Text>, _>(&d.override_reason)?,
                16 => out.push_bind_param::<Text, _>(&k.region_code)?,
                17 => out.push_bind_param::<Text, _>(&k.age_band)?,
                18 => out.push_bind_param::<Text, _>(&k.gender)?,
                _ => {
                    return Err(diesel::result::Error::QueryBuilderError(
                        format!("no value for placeholder ${n}").into(),
                    ));
                }
            }
        }
        out.push_sql(rest);
        Ok(())
    }
}

/// The statement of [`write_checked`] on PostgreSQL. Its parts see the database as the
/// statement began, except where a lock waited for a row another transaction changed: then the
/// row's newest version is checked again, which is why the person's version is compared in
/// the update that locks it. A person without a row yet (version 0) gets one; if another
/// transaction inserted it meanwhile, the insert gives way and nothing is claimed.
const WRITE_CHECKED_PG: &str = "\
WITH bumped AS (
    UPDATE dose_versions SET version = version + 1
    WHERE beneficiary_id = $1 AND version = $2
    RETURNING beneficiary_id
), first AS (
    INSERT INTO dose_versions (beneficiary_id, version) SELECT $1, 1 WHERE $2 = 0
    ON CONFLICT (beneficiary_id) DO NOTHING
    RETURNING beneficiary_id
), person AS (
    SELECT beneficiary_id AS id FROM bumped UNION ALL SELECT beneficiary_id FROM first
), booked AS (
    SELECT appointments.id FROM appointments, person
    WHERE appointments.id = $3 AND appointments.status = $4
    FOR UPDATE OF appointments
), dose AS (
    INSERT INTO doses (ref, beneficiary_id, dose, vaccine, given_on, created_at, batch,
        facility_id, staff_id, appointment_id, idempotency_key, override_reason,
        counted_region, counted_age_band, counted_gender)
    SELECT $7, person.id, $8, $9, $10, $6, $11, $12, $13, (SELECT id FROM booked), $14, $15,
        $16, $17, $18
    FROM person
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, appointment_id
), fulfilled AS (
    UPDATE appointments SET status = $5, updated_at = $6
    WHERE id = (SELECT appointment_id FROM dose) AND status = $4
    RETURNING ref
)
SELECT (SELECT count(*) FROM person) AS claimed,
    (SELECT id FROM dose) AS dose_id,
    (SELECT appointment_id FROM dose) AS appointment_id,
    (SELECT ref FROM fulfilled) AS appointment";

/// [`write_checked`] one statement at a time (SQLite: its one writer holds the database, so
/// nothing changes between them).
fn write_checked_steps(conn: &mut DbConnection, w: &CheckedDose<'_>) -> StoreResult<Written> {
    let d = w.dose;
    if by_idempotency_key(conn, &d.idempotency_key)?.is_some() {
        return Ok(Written::KeyUsed);
    }
    if !claim_version(conn, d.beneficiary_id, w.version)? {
        return Ok(Written::Changed);
    }
    let fulfilled = match w.open_here {
        Some(id) => crate::repo::appointments::fulfil(conn, id, w.now)?.map(|r| (id, r)),
        None => None,
    };
    let new = NewDose {
        appointment_id: fulfilled.as_ref().map(|(id, _)| *id),
        ..d.clone()
    };
    let record = insert_row(conn, &new, w.counted, w.now)?;
    Ok(Written::Dose(Box::new(record), fulfilled.map(|(_, r)| r)))
}

/// The dimensions one dose is counted under.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct CounterKey {
    /// Day given.
    pub day: NaiveDate,
    /// Region code of the facility.
    pub region_code: String,
    /// Facility key.
    pub facility_id: i64,
    /// Product code.
    pub vaccine: String,
    /// Dose number.
    pub dose: i64,
    /// Age band, e.g. `18-44`.
    pub age_band: String,
    /// Gender code.
    pub gender: String,
    /// Shard, 0 to [`COUNTER_SHARDS`] - 1.
    pub shard: i64,
}

/// Adds `delta` (1 for a new dose, -1 for one taken back) to a counter. Inside a grouped write
/// the addition waits for the group's commit, where the additions of every piece are made
/// together in key order ([`crate::group`]); otherwise it is made now.
pub fn count(conn: &mut DbConnection, k: &CounterKey, delta: i64) -> StoreResult<()> {
    if crate::group::defer_count(k, delta) {
        return Ok(());
    }
    count_now(conn, k, delta)
}

/// Adds `delta` to a counter now: an upsert, prepared once per connection.
pub(crate) fn count_now(conn: &mut DbConnection, k: &CounterKey, delta: i64) -> StoreResult<()> {
    use crate::schema::dose_counters as dc;
    use diesel::upsert::excluded;
    on_backend!(conn, c => diesel::insert_into(dc::table)
        .values((
            dc::day.eq(k.day),
            dc::region_code.eq(&k.region_code),
            dc::facility_id.eq(k.facility_id),
            dc::vaccine.eq(&k.vaccine),
            dc::dose.eq(k.dose),
            dc::age_band.eq(&k.age_band),
            dc::gender.eq(&k.gender),
            dc::shard.eq(k.shard),
            dc::count.eq(delta),
        ))
        .on_conflict((
            dc::day,
            dc::region_code,
            dc::facility_id,
            dc::vaccine,
            dc::dose,
            dc::age_band,
            dc::gender,
            dc::shard,
        ))
        .do_update()
        .set(dc::count.eq(dc::count + excluded(dc::count)))
        .execute(c))?;
    Ok(())
}

/// Adds to many counters now, in the order given (a group's additions, in key order, see
/// [`crate::group`]): on PostgreSQL in one statement, prepared once per connection, whatever
/// their number; on SQLite, in process, one upsert each.
pub(crate) fn count_many_now(
    conn: &mut DbConnection,
    counts: &[(CounterKey, i64)],
) -> StoreResult<()> {
    if let (DbConnection::Pg(c), true) = (&mut *conn, counts.len() > 1) {
        use crate::unnest::{Column, Unnest};
        /// The prepared statement's own key.
        struct CountMany;
        Unnest::<CountMany>::new(
            "INSERT INTO dose_counters \
             (day, region_code, facility_id, vaccine, dose, age_band, gender, shard, count) \
             SELECT d, r, f, v, n, a, g, s, c FROM",
            vec![
                Column::date(counts, |(k, _)| k.day),
                Column::text(counts, |(k, _)| k.region_code.clone()),
                Column::big_int(counts, |(k, _)| k.facility_id),
                Column::text(counts, |(k, _)| k.vaccine.clone()),
                Column::big_int(counts, |(k, _)| k.dose),
                Column::text(counts, |(k, _)| k.age_band.clone()),
                Column::text(counts, |(k, _)| k.gender.clone()),
                Column::big_int(counts, |(k, _)| k.shard),
                Column::big_int(counts, |(_, delta)| *delta),
            ],
            "WITH ORDINALITY AS u(d, r, f, v, n, a, g, s, c, i) ORDER BY i \
             ON CONFLICT (day, region_code, facility_id, vaccine, dose, age_band, gender, shard) \
             DO UPDATE SET count = dose_counters.count + excluded.count",
        )
        .execute(c)?;
        return Ok(());
    }
    for (key, delta) in counts {
        count_now(conn, key, *delta)?;
    }
    Ok(())
}

/// One row of a report: the dimensions and the count, shards and facilities added up.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct CounterRow {
    /// Day.
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    /// Region code of the facility.
    #[diesel(sql_type = Text)]
    pub region_code: String,
    /// Product code.
    #[diesel(sql_type = Text)]
    pub vaccine: String,
    /// Dose number.
    #[diesel(sql_type = BigInt)]
    pub dose: i64,
    /// Age band.
    #[diesel(sql_type = Text)]
    pub age_band: String,
    /// Gender code.
    #[diesel(sql_type = Text)]
    pub gender: String,
    /// Doses.
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

/// Counters between two days, shards and facilities added up (in the database, so a
/// report reads the grouped rows, not every counter).
pub fn counted(
    conn: &mut DbConnection,
    from: NaiveDate,
    until: NaiveDate,
) -> StoreResult<Vec<CounterRow>> {
    summed(conn, REPORT_KEY, from, until)
}

/// The counters between two days added up by the columns `group` names, as rows of `R`
/// (those columns and `count`), in their order.
fn summed<R>(
    conn: &mut DbConnection,
    group: &str,
    from: NaiveDate,
    until: NaiveDate,
) -> StoreResult<Vec<R>>
where
    R: QueryableByName<diesel::pg::Pg> + QueryableByName<diesel::sqlite::Sqlite> + 'static,
{
    macro_rules! grouped {
        ($c:expr, $a:expr, $b:expr) => {
            diesel::sql_query(format!(
                "SELECT {group}, CAST(SUM(count) AS BIGINT) AS count FROM dose_counters \
                 WHERE day BETWEEN {} AND {} GROUP BY {group} ORDER BY {group}",
                $a, $b
            ))
            .bind::<Date, _>(from)
            .bind::<Date, _>(until)
            .load::<R>($c)
        };
    }
    Ok(match conn {
        DbConnection::Pg(c) => grouped!(c, "$1", "$2")?,
        DbConnection::Sqlite(c) => grouped!(c, "?", "?")?,
    })
}

/// Doses per day, region and product between two days (the public dashboard's cut): fewer
/// groups than [`counted`], for readers that need no dose number, age band or gender.
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct DayRegionVaccine {
    /// Day.
    #[diesel(sql_type = Date)]
    pub day: NaiveDate,
    /// Region code of the facility.
    #[diesel(sql_type = Text)]
    pub region_code: String,
    /// Product code.
    #[diesel(sql_type = Text)]
    pub vaccine: String,
    /// Doses.
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

/// The counters between two days added up by day, region and product.
pub fn counted_by_day_region_vaccine(
    conn: &mut DbConnection,
    from: NaiveDate,
    until: NaiveDate,
) -> StoreResult<Vec<DayRegionVaccine>> {
    summed(conn, "day, region_code, vaccine", from, until)
}

/// Doses per region and dose number up to a day (coverage's cut).
#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct RegionDose {
    /// Region code of the facility.
    #[diesel(sql_type = Text)]
    pub region_code: String,
    /// Dose number.
    #[diesel(sql_type = BigInt)]
    pub dose: i64,
    /// Doses.
    #[diesel(sql_type = BigInt)]
    pub count: i64,
}

/// The counters of every day up to `until` added up by region and dose number.
pub fn counted_by_region_dose(
    conn: &mut DbConnection,
    until: NaiveDate,
) -> StoreResult<Vec<RegionDose>> {
    // Before any day a vaccination system records.
    let from = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or(NaiveDate::MIN);
    summed(conn, "region_code, dose", from, until)
}

/// Days before `before` whose counters are still spread over facilities and shards, oldest
/// first, at most `limit` of them (a partial index keeps the question cheap).
pub fn unfolded_days(
    conn: &mut DbConnection,
    before: NaiveDate,
    limit: i64,
) -> StoreResult<Vec<NaiveDate>> {
    macro_rules! days {
        ($c:expr, $a:expr, $b:expr) => {
            diesel::sql_query(format!(
                "SELECT DISTINCT day FROM dose_counters \
                 WHERE {SPREAD} AND day < {} ORDER BY day LIMIT {}",
                $a, $b
            ))
            .bind::<Date, _>(before)
            .bind::<BigInt, _>(limit)
            .load::<Day>($c)
        };
    }
    let days = match conn {
        DbConnection::Pg(c) => days!(c, "$1", "$2")?,
        DbConnection::Sqlite(c) => days!(c, "?", "?")?,
    };
    Ok(days.into_iter().map(|d| d.day).collect())
}

/// A day, as a query returns it.
#[derive(QueryableByName)]
struct Day {
    #[diesel(sql_type = Date)]
    day: NaiveDate,
}

/// Folds one day's counters into one row per report key (facility 0, shard 0), so reports
/// over closed days read a row per key instead of one per facility and shard; answers how
/// many rows went. Sums stay exact: a later addition to the day (a revocation, a late
/// offline dose) makes a new spread row, folded on a later pass. Run inside a write.
pub fn fold_day(conn: &mut DbConnection, day: NaiveDate) -> StoreResult<usize> {
    let of_day = |at: &str| format!("day = {at} AND {SPREAD}");
    // `WHERE 1 = 1`: SQLite would read an `ON` straight after the `FROM` as a join's.
    let upsert = format!(
        "INSERT INTO dose_counters ({REPORT_KEY}, facility_id, shard, count) \
         SELECT {REPORT_KEY}, 0, 0, CAST(SUM(count) AS BIGINT) FROM {{from}} WHERE 1 = 1 \
         GROUP BY {REPORT_KEY} \
         ON CONFLICT (day, region_code, facility_id, vaccine, dose, age_band, gender, shard) \
         DO UPDATE SET count = dose_counters.count + excluded.count"
    );
    let folded = match conn {
        // One statement: the rows deleted are exactly the rows added up, whatever a
        // concurrent writer does to the day meanwhile.
        DbConnection::Pg(c) => diesel::sql_query(format!(
            "WITH gone AS (DELETE FROM dose_counters WHERE {} RETURNING {REPORT_KEY}, count), \
             added AS ({} RETURNING 1) \
             SELECT CAST(COUNT(*) AS BIGINT) AS n FROM gone",
            of_day("$1"),
            upsert.replace("{from}", "gone")
        ))
        .bind::<Date, _>(day)
        .get_result::<Folded>(c)?,
        // The store's write holds SQLite's one write lock: nothing changes the day between
        // the sum and the delete.
        DbConnection::Sqlite(c) => {
            let spread = of_day("?");
            diesel::sql_query(upsert.replace(
                "{from}",
                &format!("(SELECT {REPORT_KEY}, count FROM dose_counters WHERE {spread})"),
            ))
            .bind::<Date, _>(day)
            .execute(c)?;
            let n = diesel::sql_query(format!("DELETE FROM dose_counters WHERE {spread}"))
                .bind::<Date, _>(day)
                .execute(c)?;
            Folded {
                n: i64::try_from(n).unwrap_or(i64::MAX),
            }
        }
    };
    Ok(usize::try_from(folded.n).unwrap_or(0))
}

/// How many counter rows a fold took away.
#[derive(QueryableByName)]
struct Folded {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// A dose by public reference.
pub fn by_reference(conn: &mut DbConnection, reference: &str) -> StoreResult<Option<DoseRecord>> {
    Ok(doses::table
        .filter(doses::reference.eq(reference))
        .select(DoseRecord::as_select())
        .first(conn)
        .optional()?)
}

/// A dose by key.
pub fn by_reference_id(conn: &mut DbConnection, id: i64) -> StoreResult<Option<DoseRecord>> {
    Ok(doses::table
        .find(id)
        .select(DoseRecord::as_select())
        .first(conn)
        .optional()?)
}

/// Every dose of a beneficiary, revoked ones included, in order (administrators' view).
pub fn all_of(conn: &mut DbConnection, beneficiary_id: i64) -> StoreResult<Vec<DoseRecord>> {
    Ok(doses::table
        .filter(doses::beneficiary_id.eq(beneficiary_id))
        .order((doses::given_on.asc(), doses::dose.asc(), doses::id.asc()))
        .select(DoseRecord::as_select())
        .load(conn)?)
}

/// The doses of a beneficiary that stand (not revoked), in order, with everything about
/// them (certificates are made from these).
pub fn active_of(conn: &mut DbConnection, beneficiary_id: i64) -> StoreResult<Vec<DoseRecord>> {
    Ok(doses::table
        .filter(doses::beneficiary_id.eq(beneficiary_id))
        .filter(diesel::dsl::not(diesel::dsl::exists(
            dose_revocations::table.filter(dose_revocations::dose_id.eq(doses::id)),
        )))
        .order((doses::given_on.asc(), doses::dose.asc(), doses::id.asc()))
        .select(DoseRecord::as_select())
        .load(conn)?)
}

/// Why, when and by whom a dose was revoked.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = dose_revocations)]
pub struct Revocation {
    /// The dose.
    pub dose_id: i64,
    /// When.
    pub revoked_at: NaiveDateTime,
    /// Why.
    pub reason: String,
    /// Who (staff key).
    pub staff_id: i64,
}

/// Revokes a dose, counted among the changes to its person's doses; a unique violation when
/// it already was.
pub fn revoke(conn: &mut DbConnection, r: &Revocation) -> StoreResult<()> {
    let people = owners(conn, r.dose_id)?;
    changed(conn, &people)?;
    diesel::insert_into(dose_revocations::table)
        .values((
            dose_revocations::dose_id.eq(r.dose_id),
            dose_revocations::revoked_at.eq(r.revoked_at),
            dose_revocations::reason.eq(&r.reason),
            dose_revocations::staff_id.eq(r.staff_id),
        ))
        .execute(conn)?;
    Ok(())
}

/// The revocation of a dose, if it was revoked.
pub fn revocation(conn: &mut DbConnection, dose_id: i64) -> StoreResult<Option<Revocation>> {
    Ok(dose_revocations::table
        .find(dose_id)
        .select(Revocation::as_select())
        .first(conn)
        .optional()?)
}

/// Revoked doses with their public references, oldest revocation first (the list
/// published for offline verifiers).
pub fn revoked(conn: &mut DbConnection) -> StoreResult<Vec<(Revocation, DoseRecord)>> {
    Ok(dose_revocations::table
        .inner_join(doses::table)
        .order(dose_revocations::revoked_at.asc())
        .select((Revocation::as_select(), DoseRecord::as_select()))
        .load(conn)?)
}

/// The corrected fields of a dose and the counter it is now counted under.
#[derive(Debug, Clone)]
pub struct DoseCorrection {
    /// Owner (changes when duplicates are merged).
    pub beneficiary_id: i64,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Batch.
    pub batch: Option<String>,
    /// Day given.
    pub given_on: NaiveDate,
    /// Age band counted under (none: not counted).
    pub counted_age_band: Option<String>,
    /// Gender counted under.
    pub counted_gender: Option<String>,
}

/// Writes corrected fields, counted among the changes to the doses of the person it was given
/// to and of the person it is given to now.
pub fn correct(conn: &mut DbConnection, id: i64, c: &DoseCorrection) -> StoreResult<()> {
    let mut people = owners(conn, id)?;
    people.push(c.beneficiary_id);
    changed(conn, &people)?;
    diesel::update(doses::table.find(id))
        .set((
            doses::beneficiary_id.eq(c.beneficiary_id),
            doses::dose.eq(c.dose),
            doses::vaccine.eq(&c.vaccine),
            doses::batch.eq(&c.batch),
            doses::given_on.eq(c.given_on),
            doses::counted_age_band.eq(&c.counted_age_band),
            doses::counted_gender.eq(&c.counted_gender),
        ))
        .execute(conn)?;
    Ok(())
}

/// One page of the people with doses: up to `limit` people whose key is above `after`, in key
/// order, each with the doses of theirs that stand, in order (empty when every one was revoked).
/// Two statements a page, so the day's doses-due job walks a country in pages instead of a
/// transaction per person, and never holds every person's key at once.
pub fn people_with_doses_after(
    conn: &mut DbConnection,
    after: i64,
    limit: i64,
) -> StoreResult<Vec<(i64, Vec<DoseRecord>)>> {
    let people: Vec<i64> = doses::table
        .filter(doses::beneficiary_id.gt(after))
        .select(doses::beneficiary_id)
        .distinct()
        .order(doses::beneficiary_id.asc())
        .limit(limit)
        .load(conn)?;
    let rows: Vec<DoseRecord> = match (people.first(), people.last()) {
        (Some(&first), Some(&last)) => doses::table
            .filter(doses::beneficiary_id.between(first, last))
            .filter(diesel::dsl::not(diesel::dsl::exists(
                dose_revocations::table.filter(dose_revocations::dose_id.eq(doses::id)),
            )))
            .order((
                doses::beneficiary_id.asc(),
                doses::given_on.asc(),
                doses::dose.asc(),
                doses::id.asc(),
            ))
            .select(DoseRecord::as_select())
            .load(conn)?,
        _ => Vec::new(),
    };
    let mut page: Vec<(i64, Vec<DoseRecord>)> =
        people.into_iter().map(|p| (p, Vec::new())).collect();
    let mut at = 0;
    for dose in rows {
        while page.get(at).is_some_and(|(p, _)| *p < dose.beneficiary_id) {
            at += 1;
        }
        if let Some((_, doses)) = page.get_mut(at) {
            doses.push(dose);
        }
    }
    Ok(page)
}
