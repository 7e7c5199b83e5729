//! Recorded doses and the aggregate counters kept with them.
//!
//! A dose carries the client's idempotency key: recording the same key twice returns
//! the first record and counts nothing twice. Counters are incremented in the same
//! transaction, on one of several shards, so that many vaccinators recording at once do
//! not all wait on one row; reports add the shards up.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Date, Text};

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
    Ok(doses::table
        .filter(doses::idempotency_key.eq(key))
        .select(DoseRecord::as_select())
        .first(conn)
        .optional()?)
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
    use crate::schema::{accounts, appointments, beneficiaries, sessions};
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
    let rows: Vec<PersonForDoseRow> = beneficiaries::table
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
        .filter(beneficiaries::reference.eq(reference))
        .filter(beneficiaries::merged_into.is_null())
        .order((doses::given_on.asc(), doses::dose.asc(), doses::id.asc()))
        .select((
            Beneficiary::as_select(),
            Option::<DoseRecord>::as_select(),
            appointments::id.nullable(),
            Option::<Account>::as_select(),
            keyed,
        ))
        .load(conn)?;
    let mut rows = rows.into_iter();
    let Some((person, first, open_here, account, keyed)) = rows.next() else {
        return Ok(None);
    };
    let standing = standing(first, rows.map(|(_, dose, ..)| dose));
    Ok(Some(PersonForDose {
        person,
        standing,
        open_here,
        account,
        keyed,
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
}

/// What booking needs to know of a person of `account_id`, in one query: the person (by public
/// reference; a merged duplicate is not found), their doses that stand, their open appointment
/// with its session's day, and the account.
pub fn person_for_booking(
    conn: &mut DbConnection,
    account_id: i64,
    reference: &str,
) -> StoreResult<Option<PersonForBooking>> {
    use crate::repo::appointments::BOOKED;
    use crate::schema::{accounts, appointments, beneficiaries, sessions};
    let rows: Vec<PersonForBookingRow> = beneficiaries::table
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
        ))
        .load(conn)?;
    let mut rows = rows.into_iter();
    let Some((person, first, open, day, account)) = rows.next() else {
        return Ok(None);
    };
    let standing = standing(first, rows.map(|(_, dose, ..)| dose));
    Ok(Some(PersonForBooking {
        person,
        standing,
        open: open.zip(day),
        account,
    }))
}

/// One row of [`person_for_booking`]'s query: the person, one of their doses, their open
/// appointment and its day, their account.
type PersonForBookingRow = (
    Beneficiary,
    Option<DoseRecord>,
    Option<Appointment>,
    Option<NaiveDate>,
    Option<Account>,
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
);

/// The doses table a second time, for the dose under an idempotency key beside a person's own.
mod keyed {
    diesel::alias!(crate::schema::doses as keyed_doses: KeyedDoses);
}
use keyed::keyed_doses;

/// Records a dose with the counter it is counted under; a used idempotency key is a
/// unique violation. One round trip: the database gives back the new key, and the rest of
/// the record is what was written.
pub fn insert(
    conn: &mut DbConnection,
    d: &NewDose,
    counted: &CounterKey,
    now: NaiveDateTime,
) -> StoreResult<DoseRecord> {
    let reference = super::new_reference(14);
    let id: i64 = diesel::insert_into(doses::table)
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
        .returning(doses::id)
        .get_result(conn)?;
    Ok(DoseRecord {
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
    })
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
    macro_rules! upsert {
        ($c:expr) => {
            diesel::insert_into(dc::table)
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
                .execute($c)
        };
    }
    match conn {
        DbConnection::Pg(c) => upsert!(c)?,
        DbConnection::Sqlite(c) => upsert!(c)?,
    };
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

/// What a person's doses that stand come to, to tell whether they changed: how many, and the
/// newest key.
pub type Standing = (i64, Option<i64>);

/// The [`Standing`] of doses already read.
pub fn standing_of(doses: &[DoseRecord]) -> Standing {
    (
        i64::try_from(doses.len()).unwrap_or(i64::MAX),
        doses.iter().map(|d| d.id).max(),
    )
}

/// Locks a person who was not merged into another (on PostgreSQL `FOR UPDATE`, held to the end
/// of the transaction; SQLite's one writer needs no lock) and answers their doses' [`Standing`]
/// as committed now; `None` when the person is not there or was merged. A dose checked before
/// its transaction is written only if this is still what the check saw: two requests for one
/// person's next dose (two keys) then wait for each other here, and the second finds the first.
pub fn lock_person_standing(
    conn: &mut DbConnection,
    beneficiary_id: i64,
) -> StoreResult<Option<Standing>> {
    use crate::schema::beneficiaries;
    let person = beneficiaries::table
        .filter(beneficiaries::id.eq(beneficiary_id))
        .filter(beneficiaries::merged_into.is_null())
        .select(beneficiaries::id);
    let found: Option<i64> = match conn {
        DbConnection::Pg(c) => person.for_update().first(c).optional()?,
        DbConnection::Sqlite(c) => person.first(c).optional()?,
    };
    if found.is_none() {
        return Ok(None);
    }
    // A statement of its own, after the lock: on PostgreSQL it sees what was committed
    // while this transaction waited for the person.
    Ok(Some(standing_of(&active_of(conn, beneficiary_id)?)))
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

/// Revokes a dose; a unique violation when it already was.
pub fn revoke(conn: &mut DbConnection, r: &Revocation) -> StoreResult<()> {
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

/// Writes corrected fields.
pub fn correct(conn: &mut DbConnection, id: i64, c: &DoseCorrection) -> StoreResult<()> {
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
