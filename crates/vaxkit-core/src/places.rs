//! Where people can go: the region tree of the profile and the vaccination centres in it, by
//! region, postal code or distance from a point.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use vaxkit_profile::Profile;
use vaxkit_store::repo::facilities::{self, Facility};
use vaxkit_store::repo::regions;

use crate::Core;
use crate::error::{ErrorCode, Result};

/// A region, as answers name it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegionRef {
    /// The profile's code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A facility as answers show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = FacilityOut))]
pub struct FacilityView {
    /// Stable code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Region path from the top level down to the facility's region.
    pub regions: Vec<RegionRef>,
    /// Postal code.
    pub postal_code: Option<String>,
    /// Latitude.
    pub latitude: Option<f64>,
    /// Longitude.
    pub longitude: Option<f64>,
    /// Distance from the point asked about, in kilometres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

impl FacilityView {
    /// The answer form of a facility, its region path taken from the profile.
    pub fn new(profile: &Profile, f: &Facility, region_code: &str) -> Self {
        let mut regions = Vec::new();
        let mut current = profile.regions.get(region_code);
        while let Some(r) = current {
            regions.push(RegionRef {
                code: r.code.clone(),
                name: r.name.clone(),
            });
            current = r.parent.as_deref().and_then(|p| profile.regions.get(p));
        }
        regions.reverse();
        Self {
            code: f.code.clone(),
            name: f.name.clone(),
            address: f.address.clone(),
            regions,
            postal_code: f.postal_code.clone(),
            latitude: f.latitude,
            longitude: f.longitude,
            distance_km: None,
        }
    }
}

/// One region under another.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = RegionOut))]
pub struct RegionView {
    /// The profile's code.
    pub code: String,
    /// Name.
    pub name: String,
    /// Level name, e.g. `district`.
    pub level: String,
    /// Whether it has regions under it.
    pub has_children: bool,
}

/// The regions directly under `parent` (the top level when `None`), in the profile's order,
/// named in `lang` where the regions file gives that name.
pub fn regions_under(
    profile: &Profile,
    parent: Option<&str>,
    lang: &str,
) -> Result<Vec<RegionView>> {
    let regions = &profile.regions;
    if let Some(p) = parent
        && regions.get(p).is_none()
    {
        return Err(ErrorCode::RegionNotFound.into());
    }
    Ok(regions
        .children(parent)
        .map(|r| RegionView {
            code: r.code.clone(),
            name: r.name_in(lang).to_string(),
            level: regions.levels.get(r.level).cloned().unwrap_or_default(),
            has_children: regions.children(Some(&r.code)).next().is_some(),
        })
        .collect())
}

/// The region and every region under it, by code; `region_not_found` for a code the profile
/// does not have.
pub fn region_and_descendants(profile: &Profile, code: &str) -> Result<Vec<String>> {
    if profile.regions.get(code).is_none() {
        return Err(ErrorCode::RegionNotFound.into());
    }
    Ok(profile
        .regions
        .list
        .iter()
        .filter(|r| profile.regions.is_within(&r.code, code))
        .map(|r| r.code.clone())
        .collect())
}

/// A postal code that matches the profile's rule (surrounding spaces dropped).
pub fn check_postal_code(profile: &Profile, postal: &str) -> Result<String> {
    let postal = postal.trim().to_string();
    match &profile.country.postal_code_pattern {
        Some(p) if p.is_match(&postal) => Ok(postal),
        _ => Err(ErrorCode::InvalidPostalCode.into()),
    }
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().atan2((1.0 - a).sqrt())
}

/// Where to look for facilities.
#[derive(Debug, Clone)]
pub enum Near {
    /// In a region and every region under it.
    Region(String),
    /// At a postal code.
    PostalCode(String),
    /// Nearest a point: latitude, longitude and how many (1 to 50).
    Point(f64, f64, usize),
}

/// Active facilities in a region (its sub-regions included), at a postal code (by name), or
/// nearest a point (by distance, searching a box that widens until enough are found).
pub fn facilities_near(core: &Core, near: &Near) -> Result<Vec<FacilityView>> {
    let profile = &core.profile;
    let found = match near {
        Near::Region(region) => {
            let codes = region_and_descendants(profile, region)?;
            core.store.read(|c| facilities::in_regions(c, &codes))?
        }
        Near::PostalCode(postal) => {
            let postal = check_postal_code(profile, postal)?;
            core.store
                .read(|c| facilities::by_postal_code(c, &postal))?
        }
        Near::Point(lat, lon, limit) => return nearest(core, *lat, *lon, *limit),
    };
    Ok(found
        .iter()
        .map(|(f, region)| FacilityView::new(profile, f, region))
        .collect())
}

fn nearest(core: &Core, lat: f64, lon: f64, limit: usize) -> Result<Vec<FacilityView>> {
    if !(-90.0..=90.0).contains(&lat) || !(-180.0..=180.0).contains(&lon) {
        return Err(ErrorCode::InvalidCoordinates.into());
    }
    if !(1..=50).contains(&limit) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let mut degrees = 0.25_f64;
    loop {
        let (lat_box, lon_box) = (
            (lat - degrees, lat + degrees),
            (lon - degrees, lon + degrees),
        );
        let found = core
            .store
            .read(|c| facilities::in_box(c, lat_box, lon_box))?;
        if found.len() >= limit || degrees >= 32.0 {
            let mut list: Vec<FacilityView> = found
                .iter()
                .filter_map(|(f, region)| {
                    let (flat, flon) = (f.latitude?, f.longitude?);
                    let mut out = FacilityView::new(&core.profile, f, region);
                    out.distance_km =
                        Some((distance_km(lat, lon, flat, flon) * 10.0).round() / 10.0);
                    Some(out)
                })
                .collect();
            list.sort_by(|a, b| {
                a.distance_km
                    .partial_cmp(&b.distance_km)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            list.truncate(limit);
            return Ok(list);
        }
        degrees *= 2.0;
    }
}

/// The keys of the region rows (the profile's regions, copied into the database at start) by
/// code and back: stable integer ids for front ends that need them (the Co-WIN facade's state
/// and district ids).
#[derive(Debug, Default)]
pub struct RegionKeys {
    id_by_code: HashMap<String, i64>,
    code_by_id: HashMap<i64, String>,
}

impl RegionKeys {
    /// The key of the region with this code.
    pub fn id(&self, code: &str) -> Option<i64> {
        self.id_by_code.get(code).copied()
    }

    /// The code of the region with this key.
    pub fn code(&self, id: i64) -> Option<&str> {
        self.code_by_id.get(&id).map(String::as_str)
    }
}

/// Cache key of the region rows; outside the session prefix, so bookings leave it alone.
const REGION_KEYS: &str = "regions:keys";

/// How long the region rows are kept in memory. Regions are copied from the profile only at
/// start, so the rows cannot change while the server runs; the time only bounds memory use.
const REGION_KEYS_TTL: Duration = Duration::from_secs(3600);

/// The region rows' keys, read once an hour at most (searches by id need them on every call).
pub fn region_keys(core: &Core) -> Result<Arc<RegionKeys>> {
    core.cache.get_or_insert(REGION_KEYS, REGION_KEYS_TTL, || {
        let rows = core.store.read(regions::all)?;
        Ok(Arc::new(RegionKeys {
            id_by_code: rows.iter().map(|r| (r.code.clone(), r.id)).collect(),
            code_by_id: rows.into_iter().map(|r| (r.id, r.code)).collect(),
        }))
    })
}

/// The profile code of the region with this key, if the profile still has it.
pub fn region_code(core: &Core, id: i64) -> Result<Option<String>> {
    let keys = region_keys(core)?;
    Ok(keys
        .code(id)
        .filter(|code| core.profile.regions.get(code).is_some())
        .map(str::to_string))
}

/// Copies the profile's regions into the database (new ones added, renamed ones updated), as a
/// server or an import does at start: facilities refer to regions by key. Answers how many rows
/// changed.
pub fn sync_regions(
    store: &vaxkit_store::Store,
    profile_regions: &vaxkit_profile::Regions,
) -> Result<usize> {
    Ok(store.write(|c| regions::sync(c, profile_regions))?)
}
