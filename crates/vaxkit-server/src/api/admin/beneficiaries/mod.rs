//! Beneficiary records for administrators: the whole record with every dose (revoked
//! ones included), found by reference or by identity number, and merging duplicates.
//!
//! A region admin sees a person only when one of their doses or appointments was at a
//! facility within the admin's scope; anyone else gets `beneficiary_not_found`, so the
//! answer does not even tell that the person exists.

pub mod find;
pub mod merge;
pub mod show;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_profile::Profile;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::{doses, facilities};

use crate::error::{ApiError, ErrorCode};
use crate::staff::{Role, Staff};

/// The roles that correct records.
pub const CORRECTORS: &[Role] = &[Role::NationalAdmin, Role::RegionAdmin];

/// A dose as administrators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdminDoseOut {
    /// Dose reference.
    pub reference: String,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Batch.
    pub batch: Option<String>,
    /// Day given.
    pub given_on: NaiveDate,
    /// Facility code, when recorded at one.
    pub facility: Option<String>,
    /// Why the schedule engine was overridden, if it was.
    pub override_reason: Option<String>,
    /// When the dose was revoked, if it was.
    pub revoked_at: Option<NaiveDateTime>,
    /// Why it was revoked.
    pub revoked_reason: Option<String>,
}

/// A beneficiary record as administrators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AdminPersonOut {
    /// Beneficiary reference.
    pub reference: String,
    /// Name.
    pub name: String,
    /// Year of birth.
    pub birth_year: i64,
    /// Date of birth, when known.
    pub birth_date: Option<NaiveDate>,
    /// Gender code.
    pub gender: String,
    /// ID scheme.
    pub id_scheme: String,
    /// The identity number, masked.
    pub id_masked: String,
    /// The record this one was merged into, if it is a merged duplicate.
    pub merged_into: Option<String>,
    /// Every dose, revoked ones included, in order.
    pub doses: Vec<AdminDoseOut>,
}

/// Reads one dose as administrators see it.
pub fn dose_out(c: &mut DbConnection, d: &doses::DoseRecord) -> Result<AdminDoseOut, ApiError> {
    let facility = match d.facility_id {
        Some(id) => facilities::by_ids(c, &[id])?
            .into_iter()
            .next()
            .map(|(f, _)| f.code),
        None => None,
    };
    let revocation = doses::revocation(c, d.id)?;
    Ok(AdminDoseOut {
        reference: d.reference.clone(),
        dose: d.dose,
        vaccine: d.vaccine.clone(),
        batch: d.batch.clone(),
        given_on: d.given_on,
        facility,
        override_reason: d.override_reason.clone(),
        revoked_at: revocation.as_ref().map(|r| r.revoked_at),
        revoked_reason: revocation.map(|r| r.reason),
    })
}

/// Reads a whole record.
pub fn person_out(c: &mut DbConnection, b: &Beneficiary) -> Result<AdminPersonOut, ApiError> {
    let mut list = Vec::new();
    for d in doses::all_of(c, b.id)? {
        list.push(dose_out(c, &d)?);
    }
    let merged_into = match b.merged_into {
        Some(id) => beneficiaries::get(c, id)?.map(|k| k.reference),
        None => None,
    };
    Ok(AdminPersonOut {
        reference: b.reference.clone(),
        name: b.name.clone(),
        birth_year: b.birth_year,
        birth_date: b.birth_date,
        gender: b.gender.clone(),
        id_scheme: b.id_scheme.clone(),
        id_masked: b.id_masked.clone(),
        merged_into,
        doses: list,
    })
}

/// Whether the staff member may see this person: national admins always; region admins
/// when a dose or appointment of the person was at a facility within their region.
pub fn may_see(
    c: &mut DbConnection,
    me: &Staff,
    profile: &Profile,
    beneficiary_id: i64,
) -> Result<bool, ApiError> {
    if me.role == Role::NationalAdmin {
        return Ok(true);
    }
    let ids = beneficiaries::facility_ids_of(c, beneficiary_id)?;
    Ok(facilities::by_ids(c, &ids)?
        .iter()
        .any(|(f, region)| me.covers_facility(profile, &f.code, region)))
}

/// A beneficiary by reference, merged duplicates included, refused as not found unless
/// the staff member may see it.
pub fn visible(
    c: &mut DbConnection,
    me: &Staff,
    profile: &Profile,
    reference: &str,
) -> Result<Beneficiary, ApiError> {
    let b = beneficiaries::by_reference_any(c, reference)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
    // A merged duplicate's doses and appointments now belong to the record it was merged
    // into, which decides who may see it.
    if !may_see(c, me, profile, b.merged_into.unwrap_or(b.id))? {
        return Err(ErrorCode::BeneficiaryNotFound.into());
    }
    Ok(b)
}
