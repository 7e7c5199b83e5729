//! Vaccination centres.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::{facilities, regions};
use crate::{DbConnection, StoreResult};

/// A facility with its region's code.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = facilities)]
pub struct Facility {
    /// Internal key.
    pub id: i64,
    /// Stable public code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Region key (the lowest level the profile has).
    pub region_id: i64,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Latitude in degrees.
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    pub longitude: Option<f64>,
    /// Whether it takes bookings.
    pub active: bool,
    /// When it was created.
    pub created_at: NaiveDateTime,
}

/// A facility to create.
#[derive(Debug, Clone)]
pub struct NewFacility {
    /// Stable public code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Region key.
    pub region_id: i64,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
}

/// Creates a facility.
pub fn insert(
    conn: &mut DbConnection,
    f: &NewFacility,
    now: NaiveDateTime,
) -> StoreResult<Facility> {
    let id: i64 = diesel::insert_into(facilities::table)
        .values((
            facilities::code.eq(&f.code),
            facilities::name.eq(&f.name),
            facilities::address.eq(&f.address),
            facilities::region_id.eq(f.region_id),
            facilities::postal_code.eq(&f.postal_code),
            facilities::latitude.eq(f.latitude),
            facilities::longitude.eq(f.longitude),
            facilities::active.eq(true),
            facilities::created_at.eq(now),
        ))
        .returning(facilities::id)
        .get_result(conn)?;
    // MultiConnection cannot return whole rows, so the new row is read back.
    Ok(facilities::table
        .find(id)
        .select(Facility::as_select())
        .first(conn)?)
}

/// Active facilities in any of these regions (the caller expands a region to its descendants),
/// by name (then key, so that pages of them stay put).
pub fn in_regions(
    conn: &mut DbConnection,
    region_codes: &[String],
) -> StoreResult<Vec<(Facility, String)>> {
    Ok(facilities::table
        .inner_join(regions::table)
        .filter(regions::code.eq_any(region_codes))
        .filter(facilities::active.eq(true))
        .order((facilities::name.asc(), facilities::id.asc()))
        .select((Facility::as_select(), regions::code))
        .load(conn)?)
}

/// Active facilities with this postal code, by name (then key).
pub fn by_postal_code(
    conn: &mut DbConnection,
    postal_code: &str,
) -> StoreResult<Vec<(Facility, String)>> {
    Ok(facilities::table
        .inner_join(regions::table)
        .filter(facilities::postal_code.eq(postal_code))
        .filter(facilities::active.eq(true))
        .order((facilities::name.asc(), facilities::id.asc()))
        .select((Facility::as_select(), regions::code))
        .load(conn)?)
}

/// Active facilities within a latitude/longitude box (a cheap pre-filter for "nearest").
pub fn in_box(
    conn: &mut DbConnection,
    (lat_min, lat_max): (f64, f64),
    (lon_min, lon_max): (f64, f64),
) -> StoreResult<Vec<(Facility, String)>> {
    Ok(facilities::table
        .inner_join(regions::table)
        .filter(facilities::active.eq(true))
        .filter(facilities::latitude.between(lat_min, lat_max))
        .filter(facilities::longitude.between(lon_min, lon_max))
        .select((Facility::as_select(), regions::code))
        .load(conn)?)
}

/// The facility with this code, with its region code.
pub fn by_code(conn: &mut DbConnection, code: &str) -> StoreResult<Option<(Facility, String)>> {
    Ok(facilities::table
        .inner_join(regions::table)
        .filter(facilities::code.eq(code))
        .select((Facility::as_select(), regions::code))
        .first(conn)
        .optional()?)
}

/// Facilities by key, with region codes.
pub fn by_ids(conn: &mut DbConnection, ids: &[i64]) -> StoreResult<Vec<(Facility, String)>> {
    Ok(facilities::table
        .inner_join(regions::table)
        .filter(facilities::id.eq_any(ids))
        .select((Facility::as_select(), regions::code))
        .load(conn)?)
}

/// Changes to a facility; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct FacilityChange {
    /// New name.
    pub name: Option<String>,
    /// New address.
    pub address: Option<String>,
    /// New region key.
    pub region_id: Option<i64>,
    /// New postal code (`Some(None)` clears it).
    pub postal_code: Option<Option<String>>,
    /// New latitude.
    pub latitude: Option<Option<f64>>,
    /// New longitude.
    pub longitude: Option<Option<f64>>,
    /// Open or close for bookings.
    pub active: Option<bool>,
}

/// Applies a change to the facility with this key.
pub fn update(conn: &mut DbConnection, id: i64, c: &FacilityChange) -> StoreResult<()> {
    let target = facilities::table.find(id);
    if let Some(v) = &c.name {
        diesel::update(target)
            .set(facilities::name.eq(v))
            .execute(conn)?;
    }
    if let Some(v) = &c.address {
        diesel::update(target)
            .set(facilities::address.eq(v))
            .execute(conn)?;
    }
    if let Some(v) = c.region_id {
        diesel::update(target)
            .set(facilities::region_id.eq(v))
            .execute(conn)?;
    }
    if let Some(v) = &c.postal_code {
        diesel::update(target)
            .set(facilities::postal_code.eq(v))
            .execute(conn)?;
    }
    if let Some(v) = c.latitude {
        diesel::update(target)
            .set(facilities::latitude.eq(v))
            .execute(conn)?;
    }
    if let Some(v) = c.longitude {
        diesel::update(target)
            .set(facilities::longitude.eq(v))
            .execute(conn)?;
    }
    if let Some(v) = c.active {
        diesel::update(target)
            .set(facilities::active.eq(v))
            .execute(conn)?;
    }
    Ok(())
}

/// Every facility, active or not, with region codes, by code.
pub fn all(conn: &mut DbConnection) -> StoreResult<Vec<(Facility, String)>> {
    Ok(facilities::table
        .inner_join(regions::table)
        .order(facilities::code.asc())
        .select((Facility::as_select(), regions::code))
        .load(conn)?)
}
