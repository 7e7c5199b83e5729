//! Corrections by national and region admins: the whole record of a person (every dose,
//! revoked ones included), found by reference or by identity number; a dose corrected (product,
//! batch, day, dose number) or revoked with a written reason; and a person registered twice
//! merged into one record. Each moves the dose counts it touches and is in the audit log with
//! before and after.
//!
//! A region admin sees a person only when one of their doses or appointments was at a facility
//! within the admin's scope; anyone else gets `beneficiary_not_found` (or `dose_not_found`), so
//! the answer does not even tell that the record exists.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use serde::Serialize;
use vaxkit_profile::Profile;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::doses::{self, DoseCorrection, DoseRecord, Revocation};
use vaxkit_store::repo::{LockTable, appointments, facilities, lock_row, sessions};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::counters;
use crate::error::{Error, ErrorCode, Result};
use crate::schedule::birth;
use crate::sessions::capacity_changed;
use crate::staff::{Role, StaffMember};
use crate::types::{Batch, IdNumber, Reason};

/// The roles that correct records.
pub const CORRECTORS: &[Role] = &[Role::NationalAdmin, Role::RegionAdmin];

/// A dose as administrators see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AdminDoseOut))]
pub struct AdminDose {
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

/// A person's record as administrators see it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = AdminPersonOut))]
pub struct AdminPerson {
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
    pub doses: Vec<AdminDose>,
}

/// Reads one dose as administrators see it.
fn dose_view(c: &mut DbConnection, d: &DoseRecord) -> Result<AdminDose> {
    let facility = match d.facility_id {
        Some(id) => facilities::by_ids(c, &[id])?
            .into_iter()
            .next()
            .map(|(f, _)| f.code),
        None => None,
    };
    let revocation = doses::revocation(c, d.id)?;
    Ok(AdminDose {
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
fn person_view(c: &mut DbConnection, b: &Beneficiary) -> Result<AdminPerson> {
    let mut list = Vec::new();
    for d in doses::all_of(c, b.id)? {
        list.push(dose_view(c, &d)?);
    }
    let merged_into = match b.merged_into {
        Some(id) => beneficiaries::get(c, id)?.map(|k| k.reference),
        None => None,
    };
    Ok(AdminPerson {
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

/// Whether the staff member may see this person: national admins always; region admins when
/// a dose or appointment of the person was at a facility within their region.
fn may_see(
    c: &mut DbConnection,
    me: &StaffMember,
    profile: &Profile,
    beneficiary_id: i64,
) -> Result<bool> {
    if me.role == Role::NationalAdmin {
        return Ok(true);
    }
    let ids = beneficiaries::facility_ids_of(c, beneficiary_id)?;
    Ok(facilities::by_ids(c, &ids)?
        .iter()
        .any(|(f, region)| me.covers_facility(profile, &f.code, region)))
}

/// A person by reference, merged duplicates included, refused as not found unless the staff
/// member may see them.
fn visible(
    c: &mut DbConnection,
    me: &StaffMember,
    profile: &Profile,
    reference: &str,
) -> Result<Beneficiary> {
    let b = beneficiaries::by_reference_any(c, reference)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
    // A merged duplicate's doses and appointments now belong to the record it was merged
    // into, which decides who may see it.
    if !may_see(c, me, profile, b.merged_into.unwrap_or(b.id))? {
        return Err(ErrorCode::BeneficiaryNotFound.into());
    }
    Ok(b)
}

/// A dose by reference, locked for the rest of the transaction, refused as not found unless it
/// was given at a facility within the caller's scope.
fn locked_in_scope(
    c: &mut DbConnection,
    me: &StaffMember,
    profile: &Profile,
    reference: &str,
) -> Result<DoseRecord> {
    let d = doses::by_reference(c, reference)?.ok_or(ErrorCode::DoseNotFound)?;
    let place = match d.facility_id {
        Some(id) => facilities::by_ids(c, &[id])?.into_iter().next(),
        None => None,
    };
    let allowed = match &place {
        Some((f, region)) => me.covers_facility(profile, &f.code, region),
        // A dose recorded without a facility (an import) is national data.
        None => me.role == Role::NationalAdmin,
    };
    if !allowed {
        return Err(ErrorCode::DoseNotFound.into());
    }
    lock_row(c, LockTable::Doses, d.id)?;
    // Read again under the lock: a correction made meanwhile must be seen.
    Ok(doses::by_reference_id(c, d.id)?.ok_or(ErrorCode::DoseNotFound)?)
}

/// A person's whole record, for a national or region admin who may see it.
pub fn show(core: &Core, actor: &Actor, reference: &str) -> Result<AdminPerson> {
    let me = actor.staff(CORRECTORS)?;
    core.read(|c| {
        let b = visible(c, me, &core.profile, reference)?;
        person_view(c, &b)
    })
}

/// The record registered with an identity number (for a merged duplicate's number, the record
/// it was merged into), if the actor may see it.
pub fn find(core: &Core, actor: &Actor, scheme: &str, number: &str) -> Result<AdminPerson> {
    let me = actor.staff(CORRECTORS)?;
    let number = IdNumber::parse(&core.profile, scheme, number)?;
    let id_hash = number.hash(&core.store.secrets);
    core.read(|c| {
        let b = beneficiaries::by_id_hash(c, &id_hash)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
        if !may_see(c, me, &core.profile, b.id)? {
            return Err(ErrorCode::BeneficiaryNotFound.into());
        }
        person_view(c, &b)
    })
}

/// The fields of a dose to correct.
#[derive(Debug, Clone, Default)]
pub struct DoseFix {
    /// The product actually given (a product code of the profile).
    pub vaccine: Option<String>,
    /// The batch or lot actually used.
    pub batch: Option<String>,
    /// The day actually given (not in the future).
    pub given_on: Option<NaiveDate>,
    /// The dose number (1 to 20).
    pub dose: Option<i64>,
}

/// Corrects a dose given within the actor's scope; the count moves from the counter the dose
/// was added to onto the one it now belongs to.
pub fn correct_dose(
    core: &Core,
    actor: &Actor,
    reference: &str,
    fix: &DoseFix,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AdminDose> {
    let me = actor.staff(CORRECTORS)?;
    let reason = Reason::parse(reason)?;
    let today = core.today(now);
    if let Some(v) = &fix.vaccine
        && core.profile.vaccine(v).is_none()
    {
        return Err(ErrorCode::UnknownVaccine.into());
    }
    if fix.given_on.is_some_and(|d| d > today) {
        return Err(ErrorCode::InvalidDate.into());
    }
    if fix.dose.is_some_and(|n| !(1..=20).contains(&n)) {
        return Err(Error::new(ErrorCode::InvalidDoses).with_arg("max", 20_i64));
    }
    let batch = fix.batch.as_deref().map(Batch::parse).transpose()?;
    core.write(|c| {
        let d = locked_in_scope(c, me, &core.profile, reference)?;
        if doses::revocation(c, d.id)?.is_some() {
            return Err(ErrorCode::DoseRevoked.into());
        }
        let person = beneficiaries::get(c, d.beneficiary_id)?.ok_or(ErrorCode::DoseNotFound)?;
        let given_on = fix.given_on.unwrap_or(d.given_on);
        if birth(&person).age_on(given_on) < 0 {
            return Err(ErrorCode::InvalidDate.into());
        }
        let corrected = DoseCorrection {
            dose: fix.dose.unwrap_or(d.dose),
            vaccine: fix.vaccine.clone().unwrap_or_else(|| d.vaccine.clone()),
            batch: batch
                .as_ref()
                .map(|b| b.as_str().to_string())
                .or_else(|| d.batch.clone()),
            given_on,
            ..counters::unchanged(&d)
        };
        if corrected.dose == d.dose
            && corrected.vaccine == d.vaccine
            && corrected.batch == d.batch
            && corrected.given_on == d.given_on
        {
            return Err(ErrorCode::NothingToChange.into());
        }
        let before = dose_view(c, &d)?;
        let now_record = counters::rewrite(c, &d, &person, corrected)?;
        let after = dose_view(c, &now_record)?;
        audit::record(
            c,
            now.naive_utc(),
            actor,
            Action::DoseCorrect,
            &person.reference,
            audit::json(&serde_json::json!({"dose": before, "reason": reason.as_str()})),
            audit::json(&after),
        )?;
        Ok(after)
    })
}

/// Revokes a dose given within the actor's scope (recorded for the wrong person, never given).
/// The record stays for the audit trail, but it no longer counts: not in the figures, not in
/// the person's schedule, and its certificates fail verification.
pub fn revoke_dose(
    core: &Core,
    actor: &Actor,
    reference: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AdminDose> {
    let me = actor.staff(CORRECTORS)?;
    let reason = Reason::parse(reason)?;
    let at = now.naive_utc();
    core.write(|c| {
        let d = locked_in_scope(c, me, &core.profile, reference)?;
        if doses::revocation(c, d.id)?.is_some() {
            return Err(ErrorCode::DoseRevoked.into());
        }
        let before = dose_view(c, &d)?;
        doses::revoke(
            c,
            &Revocation {
                dose_id: d.id,
                revoked_at: at,
                reason: reason.as_str().to_string(),
                staff_id: me.id,
            },
        )?;
        if let Some(key) = d.counter_key() {
            counters::add(c, key, -1)?;
        }
        let after = dose_view(c, &d)?;
        let person = beneficiaries::get(c, d.beneficiary_id)?
            .map(|b| b.reference)
            .unwrap_or_default();
        audit::record(
            c,
            at,
            actor,
            Action::DoseRevoke,
            &person,
            audit::json(&before),
            audit::json(&after),
        )?;
        Ok(after)
    })
}

/// Merges a duplicate into the record that stays: every dose of the duplicate (revoked ones
/// too) and its appointments move; the duplicate is kept, marked merged, so its identity number
/// still finds the person and cannot be registered again. Refused when both hold the same dose
/// number (revoke the wrong one first) or when either is out of the actor's sight.
pub fn merge(
    core: &Core,
    actor: &Actor,
    keep: &str,
    duplicate: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<AdminPerson> {
    let me = actor.staff(CORRECTORS)?;
    let reason = Reason::parse(reason)?;
    if keep == duplicate {
        return Err(ErrorCode::MergeSelf.into());
    }
    let at = now.naive_utc();
    let profile = &core.profile;
    let out = core.write(|c| {
        let keep = visible(c, me, profile, keep)?;
        let dup = visible(c, me, profile, duplicate)?;
        // Lock both in key order, then read again: a merge or a dose meanwhile must be seen (a
        // dose waits for the doses' version rows, or is waited for, before the reads below).
        let (first, second) = (keep.id.min(dup.id), keep.id.max(dup.id));
        lock_row(c, LockTable::Beneficiaries, first)?;
        lock_row(c, LockTable::Beneficiaries, second)?;
        doses::changed(c, &[first, second])?;
        let keep = beneficiaries::get(c, keep.id)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
        let dup = beneficiaries::get(c, dup.id)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
        if keep.merged_into.is_some() || dup.merged_into.is_some() {
            return Err(ErrorCode::BeneficiaryNotFound.into());
        }
        let kept_doses = doses::active_of(c, keep.id)?;
        let moved_doses = doses::active_of(c, dup.id)?;
        if let Some(clash) = moved_doses
            .iter()
            .find(|m| kept_doses.iter().any(|k| k.dose == m.dose))
        {
            return Err(Error::new(ErrorCode::MergeConflict).with_arg("dose", clash.dose));
        }
        let before = serde_json::json!({
            "keep": person_view(c, &keep)?,
            "duplicate": person_view(c, &dup)?,
            "reason": reason.as_str(),
        });
        // One open appointment per person: the duplicate's gives its place back when the
        // record that stays has one of its own.
        if appointments::open_for(c, keep.id)?.is_some()
            && let Some(open) = appointments::open_for(c, dup.id)?
            && appointments::cancel(c, open.id, at)?
        {
            sessions::release_place(c, open.session_id)?;
        }
        appointments::reassign(c, dup.id, keep.id)?;
        // Every dose moves, revoked ones too; counted ones move to the counters of the
        // person who stays (age band and gender may differ between the two records).
        for d in doses::all_of(c, dup.id)? {
            counters::rewrite(c, &d, &keep, counters::unchanged(&d))?;
        }
        beneficiaries::merge_into(c, dup.id, keep.id)?;
        let dup = beneficiaries::get(c, dup.id)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
        let after = person_view(c, &keep)?;
        let dup_after = person_view(c, &dup)?;
        for (entity_ref, after_json) in [
            (&keep.reference, audit::json(&after)),
            (&dup.reference, audit::json(&dup_after)),
        ] {
            audit::record(
                c,
                at,
                actor,
                Action::BeneficiaryMerge,
                entity_ref,
                audit::json(&before),
                after_json,
            )?;
        }
        Ok(after)
    })?;
    capacity_changed(core);
    Ok(out)
}
