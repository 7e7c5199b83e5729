//! People registered under an account. Identity numbers are kept only as a keyed
//! hash (duplicates), a masked form (display) and an encrypted copy (certificates).

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::schema::{appointments, beneficiaries, doses, sessions};
use crate::{DbConnection, StoreResult};

/// A beneficiary.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = beneficiaries)]
pub struct Beneficiary {
    /// Internal key.
    #[serde(skip)]
    pub id: i64,
    /// Public reference.
    pub reference: String,
    /// Owning account.
    #[serde(skip)]
    pub account_id: i64,
    /// Name as on the ID.
    pub name: String,
    /// Year of birth.
    pub birth_year: i64,
    /// Date of birth, when the profile asks for it.
    pub birth_date: Option<NaiveDate>,
    /// Gender code.
    pub gender: String,
    /// ID scheme id.
    pub id_scheme: String,
    /// Keyed hash of scheme and number.
    #[serde(skip)]
    pub id_hash: String,
    /// Masked number.
    pub id_masked: String,
    /// Encrypted number.
    #[serde(skip)]
    pub id_sealed: Vec<u8>,
    /// Preferred language.
    pub language: String,
    /// Fields already corrected once, comma separated.
    pub corrected: String,
    /// When registered.
    #[serde(skip)]
    pub created_at: NaiveDateTime,
    /// The record this duplicate was merged into, if it was.
    #[serde(skip)]
    pub merged_into: Option<i64>,
    /// The name in Latin script, for certificates read abroad, when registered.
    pub latin_name: Option<String>,
}

/// A beneficiary to register.
#[derive(Debug, Clone)]
pub struct NewBeneficiary {
    /// Owning account.
    pub account_id: i64,
    /// Name.
    pub name: String,
    /// Year of birth.
    pub birth_year: i64,
    /// Date of birth.
    pub birth_date: Option<NaiveDate>,
    /// Gender code.
    pub gender: String,
    /// ID scheme id.
    pub id_scheme: String,
    /// Keyed hash.
    pub id_hash: String,
    /// Masked number.
    pub id_masked: String,
    /// Encrypted number.
    pub id_sealed: Vec<u8>,
    /// Preferred language.
    pub language: String,
    /// The name in Latin script, if given.
    pub latin_name: Option<String>,
}

/// Registers a beneficiary; a number registered anywhere already is a unique violation.
pub fn insert(
    conn: &mut DbConnection,
    b: &NewBeneficiary,
    now: NaiveDateTime,
) -> StoreResult<Beneficiary> {
    let id: i64 = diesel::insert_into(beneficiaries::table)
        .values((
            beneficiaries::reference.eq(super::new_reference(14)),
            beneficiaries::account_id.eq(b.account_id),
            beneficiaries::name.eq(&b.name),
            beneficiaries::birth_year.eq(b.birth_year),
            beneficiaries::birth_date.eq(b.birth_date),
            beneficiaries::gender.eq(&b.gender),
            beneficiaries::id_scheme.eq(&b.id_scheme),
            beneficiaries::id_hash.eq(&b.id_hash),
            beneficiaries::id_masked.eq(&b.id_masked),
            beneficiaries::id_sealed.eq(&b.id_sealed),
            beneficiaries::language.eq(&b.language),
            beneficiaries::latin_name.eq(&b.latin_name),
            beneficiaries::created_at.eq(now),
        ))
        .returning(beneficiaries::id)
        .get_result(conn)?;
    // MultiConnection cannot return whole rows, so the new row is read back.
    Ok(beneficiaries::table
        .find(id)
        .select(Beneficiary::as_select())
        .first(conn)?)
}

/// Whether a number is already registered.
pub fn id_hash_exists(conn: &mut DbConnection, id_hash: &str) -> StoreResult<bool> {
    let n: i64 = beneficiaries::table
        .filter(beneficiaries::id_hash.eq(id_hash))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The beneficiaries of an account, oldest first.
pub fn for_account(conn: &mut DbConnection, account_id: i64) -> StoreResult<Vec<Beneficiary>> {
    Ok(beneficiaries::table
        .filter(beneficiaries::account_id.eq(account_id))
        .filter(beneficiaries::merged_into.is_null())
        .order(beneficiaries::id.asc())
        .select(Beneficiary::as_select())
        .load(conn)?)
}

/// How many beneficiaries an account has (merged duplicates not counted).
pub fn count_for_account(conn: &mut DbConnection, account_id: i64) -> StoreResult<i64> {
    Ok(beneficiaries::table
        .filter(beneficiaries::account_id.eq(account_id))
        .filter(beneficiaries::merged_into.is_null())
        .count()
        .get_result(conn)?)
}

/// A beneficiary by reference, only if it belongs to the account.
pub fn of_account(
    conn: &mut DbConnection,
    account_id: i64,
    reference: &str,
) -> StoreResult<Option<Beneficiary>> {
    Ok(beneficiaries::table
        .filter(beneficiaries::account_id.eq(account_id))
        .filter(beneficiaries::reference.eq(reference))
        .filter(beneficiaries::merged_into.is_null())
        .select(Beneficiary::as_select())
        .first(conn)
        .optional()?)
}

/// Saves corrected fields (the caller has checked which may change).
pub fn update(conn: &mut DbConnection, b: &Beneficiary) -> StoreResult<()> {
    diesel::update(beneficiaries::table.find(b.id))
        .set((
            beneficiaries::name.eq(&b.name),
            beneficiaries::birth_year.eq(b.birth_year),
            beneficiaries::birth_date.eq(b.birth_date),
            beneficiaries::gender.eq(&b.gender),
            beneficiaries::language.eq(&b.language),
            beneficiaries::corrected.eq(&b.corrected),
            beneficiaries::latin_name.eq(&b.latin_name),
        ))
        .execute(conn)?;
    Ok(())
}

/// Deletes a beneficiary (the caller has checked there is no recorded dose).
pub fn delete(conn: &mut DbConnection, id: i64) -> StoreResult<()> {
    diesel::delete(beneficiaries::table.find(id)).execute(conn)?;
    Ok(())
}

/// A beneficiary by key.
pub fn get(conn: &mut DbConnection, id: i64) -> StoreResult<Option<Beneficiary>> {
    Ok(beneficiaries::table
        .find(id)
        .select(Beneficiary::as_select())
        .first(conn)
        .optional()?)
}

/// The beneficiaries with these keys (those that exist), in key order: a page of a job at
/// once. Keep `ids` to a page (hundreds): every key is a bound parameter.
pub fn get_many(conn: &mut DbConnection, ids: &[i64]) -> StoreResult<Vec<Beneficiary>> {
    Ok(beneficiaries::table
        .filter(beneficiaries::id.eq_any(ids))
        .order(beneficiaries::id.asc())
        .select(Beneficiary::as_select())
        .load(conn)?)
}

/// A beneficiary by public reference, whatever the account (staff look-ups); a merged
/// duplicate is not found.
pub fn by_reference(conn: &mut DbConnection, reference: &str) -> StoreResult<Option<Beneficiary>> {
    Ok(beneficiaries::table
        .filter(beneficiaries::reference.eq(reference))
        .filter(beneficiaries::merged_into.is_null())
        .select(Beneficiary::as_select())
        .first(conn)
        .optional()?)
}

/// The beneficiary registered with this identity number hash, whatever the account; for
/// a merged duplicate, the record it was merged into.
pub fn by_id_hash(conn: &mut DbConnection, id_hash: &str) -> StoreResult<Option<Beneficiary>> {
    let found: Option<Beneficiary> = beneficiaries::table
        .filter(beneficiaries::id_hash.eq(id_hash))
        .select(Beneficiary::as_select())
        .first(conn)
        .optional()?;
    match found {
        Some(b) => match b.merged_into {
            Some(kept) => get(conn, kept),
            None => Ok(Some(b)),
        },
        None => Ok(None),
    }
}

/// A beneficiary by public reference, merged duplicates included (administrators).
pub fn by_reference_any(
    conn: &mut DbConnection,
    reference: &str,
) -> StoreResult<Option<Beneficiary>> {
    Ok(beneficiaries::table
        .filter(beneficiaries::reference.eq(reference))
        .select(Beneficiary::as_select())
        .first(conn)
        .optional()?)
}

/// Marks `duplicate` as merged into `kept`, and points whatever was merged into the
/// duplicate at `kept` too, so a merged record is always one step from the one that stays.
/// Counted among the changes to both records' doses: a dose checked for the duplicate before
/// the merge is checked again, and finds it merged.
pub fn merge_into(conn: &mut DbConnection, duplicate: i64, kept: i64) -> StoreResult<()> {
    crate::repo::doses::changed(conn, &[duplicate, kept])?;
    diesel::update(beneficiaries::table.filter(beneficiaries::merged_into.eq(duplicate)))
        .set(beneficiaries::merged_into.eq(kept))
        .execute(conn)?;
    diesel::update(beneficiaries::table.find(duplicate))
        .set(beneficiaries::merged_into.eq(kept))
        .execute(conn)?;
    Ok(())
}

/// Whether any dose was ever recorded for the beneficiary, revoked ones included.
pub fn has_any_dose(conn: &mut DbConnection, beneficiary_id: i64) -> StoreResult<bool> {
    let n: i64 = doses::table
        .filter(doses::beneficiary_id.eq(beneficiary_id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

/// The facilities where a beneficiary had a dose (revoked ones included) or an
/// appointment: what decides which administrators may see the record.
pub fn facility_ids_of(conn: &mut DbConnection, beneficiary_id: i64) -> StoreResult<Vec<i64>> {
    let mut ids: Vec<i64> = doses::table
        .filter(doses::beneficiary_id.eq(beneficiary_id))
        .filter(doses::facility_id.is_not_null())
        .select(doses::facility_id.assume_not_null())
        .load(conn)?;
    let booked: Vec<i64> = appointments::table
        .inner_join(sessions::table)
        .filter(appointments::beneficiary_id.eq(beneficiary_id))
        .select(sessions::facility_id)
        .load(conn)?;
    ids.extend(booked);
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}
