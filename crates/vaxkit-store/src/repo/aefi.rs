//! Reports of adverse events following immunisation (AEFI), each linked to a dose.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::aefi_reports as aefi;
use crate::{DbConnection, StoreResult};

/// A report.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = aefi)]
pub struct AefiReport {
    /// Internal key.
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// The dose it follows.
    pub dose_id: i64,
    /// Who reported: `account:<id>` or `staff:<username>`.
    pub reporter: String,
    /// First day of symptoms.
    pub onset_date: NaiveDate,
    /// Symptom codes, comma separated.
    pub symptoms: String,
    /// Whether it is serious.
    pub serious: bool,
    /// Seriousness criteria, comma separated (empty when not serious).
    pub seriousness: String,
    /// Outcome code.
    pub outcome: String,
    /// Free text.
    pub description: String,
    /// Region of the facility where the dose was given.
    pub region_code: String,
    /// When reported.
    pub created_at: NaiveDateTime,
}

/// A report to store.
#[derive(Debug, Clone)]
pub struct NewAefi {
    /// The dose.
    pub dose_id: i64,
    /// Who.
    pub reporter: String,
    /// Onset.
    pub onset_date: NaiveDate,
    /// Symptom codes.
    pub symptoms: Vec<String>,
    /// Serious or not.
    pub serious: bool,
    /// Seriousness criteria.
    pub seriousness: Vec<String>,
    /// Outcome code.
    pub outcome: String,
    /// Free text.
    pub description: String,
    /// Region of the dose's facility.
    pub region_code: String,
}

/// Stores a report.
pub fn insert(conn: &mut DbConnection, r: &NewAefi, now: NaiveDateTime) -> StoreResult<AefiReport> {
    let id: i64 = diesel::insert_into(aefi::table)
        .values((
            aefi::reference.eq(super::new_reference(12)),
            aefi::dose_id.eq(r.dose_id),
            aefi::reporter.eq(&r.reporter),
            aefi::onset_date.eq(r.onset_date),
            aefi::symptoms.eq(r.symptoms.join(",")),
            aefi::serious.eq(r.serious),
            aefi::seriousness.eq(r.seriousness.join(",")),
            aefi::outcome.eq(&r.outcome),
            aefi::description.eq(&r.description),
            aefi::region_code.eq(&r.region_code),
            aefi::created_at.eq(now),
        ))
        .returning(aefi::id)
        .get_result(conn)?;
    Ok(aefi::table
        .find(id)
        .select(AefiReport::as_select())
        .first(conn)?)
}

/// Every report, newest first.
pub fn all(conn: &mut DbConnection, limit: i64) -> StoreResult<Vec<AefiReport>> {
    Ok(aefi::table
        .order(aefi::id.desc())
        .limit(limit)
        .select(AefiReport::as_select())
        .load(conn)?)
}
