//! Keeping the aggregate counters equal to the dose records: a dose adds one to the
//! counter of its day, region, facility, product, dose number, age band and gender; a
//! correction takes it off that counter and puts it on the one it now belongs to.
//!
//! Counters are spread over facilities and shards so that vaccinators recording at once do not
//! wait on one row; once a day is closed, [`fold_closed_days`] folds its counters into one row
//! per report key, so reports over past days read few rows.

use chrono::{DateTime, Days, Utc};
use rand::Rng;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::beneficiaries::Beneficiary;
use vaxkit_store::repo::doses::{self, CounterKey, DoseCorrection, DoseRecord};

use crate::Core;
use crate::error::{Error, Result};
use crate::schedule::birth;

/// Adds `delta` to the counter `key` on a random shard, or, inside a grouped write, on its
/// lane's shard: concurrent grouped transactions each add to many counters, and on shards of
/// their own the lanes of one node do not wait for each other's (the store makes a grouped
/// transaction's additions at its commit, in key order, so lanes of several nodes sharing a
/// shard wait but never deadlock).
pub fn add(c: &mut DbConnection, key: CounterKey, delta: i64) -> Result<()> {
    let shard = match vaxkit_store::group::current_lane() {
        Some(lane) => i64::try_from(lane).unwrap_or(0) % doses::COUNTER_SHARDS,
        None => rand::thread_rng().gen_range(0..doses::COUNTER_SHARDS),
    };
    let key = CounterKey { shard, ..key };
    doses::count(c, &key, delta)?;
    Ok(())
}

/// The age band a dose is counted under.
pub fn age_band(age: i32) -> &'static str {
    match age {
        i32::MIN..=11 => "0-11",
        12..=17 => "12-17",
        18..=44 => "18-44",
        45..=59 => "45-59",
        _ => "60+",
    }
}

/// Writes a dose's corrected fields, with the age band and gender of `person` (its owner
/// afterwards), and moves its count when it is counted and not revoked.
pub fn rewrite(
    c: &mut DbConnection,
    old: &DoseRecord,
    person: &Beneficiary,
    mut corrected: DoseCorrection,
) -> Result<DoseRecord> {
    corrected.beneficiary_id = person.id;
    corrected.counted_age_band = old
        .counted_age_band
        .as_ref()
        .map(|_| age_band(birth(person).age_on(corrected.given_on)).to_string());
    corrected.counted_gender = old.counted_gender.as_ref().map(|_| person.gender.clone());
    doses::correct(c, old.id, &corrected)?;
    let new = doses::by_reference_id(c, old.id)?
        .ok_or_else(|| Error::internal("a corrected dose disappeared"))?;
    if doses::revocation(c, old.id)?.is_none()
        && let (Some(from), Some(to)) = (old.counter_key(), new.counter_key())
        && from != to
    {
        add(c, from, -1)?;
        add(c, to, 1)?;
    }
    Ok(new)
}

/// The fields of a dose as they are (the starting point of a correction).
pub fn unchanged(d: &DoseRecord) -> DoseCorrection {
    DoseCorrection {
        beneficiary_id: d.beneficiary_id,
        dose: d.dose,
        vaccine: d.vaccine.clone(),
        batch: d.batch.clone(),
        given_on: d.given_on,
        counted_age_band: d.counted_age_band.clone(),
        counted_gender: d.counted_gender.clone(),
    }
}

/// Recounts every dose of a person whose birth or gender was corrected.
pub fn recount_person(c: &mut DbConnection, person: &Beneficiary) -> Result<()> {
    for d in doses::all_of(c, person.id)? {
        rewrite(c, &d, person, unchanged(&d))?;
    }
    Ok(())
}

/// Days folded in one pass at most (each in its own short transaction).
pub const FOLD_DAYS_PER_PASS: i64 = 400;

/// Folds the counters of every closed day — before yesterday, in the profile's time zone, so
/// the day's late offline doses still land spread — into one row per report key; answers how
/// many counter rows went. The server runs it every few minutes and `demo seed` at its end.
pub fn fold_closed_days(core: &Core, now: DateTime<Utc>) -> Result<usize> {
    let Some(before) = core.today(now).checked_sub_days(Days::new(1)) else {
        return Ok(0);
    };
    let days = core
        .store
        .read(|c| doses::unfolded_days(c, before, FOLD_DAYS_PER_PASS))?;
    let mut folded = 0;
    for day in days {
        folded += core.store.write(|c| doses::fold_day(c, day))?;
    }
    Ok(folded)
}
