//! Where people can go: the region tree and vaccination centres.

pub mod facilities;
pub mod regions;

use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_profile::Profile;
use vaxkit_store::repo::facilities::Facility;

/// A region, as answers name it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RegionRef {
    /// The profile's code.
    pub code: String,
    /// Name.
    pub name: String,
}

/// A facility as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FacilityOut {
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

impl FacilityOut {
    /// Builds the answer form of a facility, its region path taken from the profile.
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

/// The region and every region under it, by code.
pub fn region_and_descendants(profile: &Profile, code: &str) -> Vec<String> {
    profile
        .regions
        .list
        .iter()
        .filter(|r| profile.regions.is_within(&r.code, code))
        .map(|r| r.code.clone())
        .collect()
}

/// Great-circle distance in kilometres.
pub fn distance_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = (lat2 - lat1).to_radians();
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    6371.0 * 2.0 * a.sqrt().atan2((1.0 - a).sqrt())
}
