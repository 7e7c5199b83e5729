//! Facilities for administrators: create, change, close; the same checks serve the CSV
//! import (`vaxkit import facilities`).

pub mod create;
pub mod list;
pub mod update;

use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_profile::Profile;

use crate::error::{ApiError, ErrorCode};

/// A facility as an administrator or an import file describes it.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FacilityInput {
    /// Stable code (upper-case letters, digits, `-`, `_`; 2 to 32), unique nationally.
    pub code: String,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Region code from the profile (normally of its lowest level).
    pub region: String,
    /// Postal code, checked against the profile's rule.
    pub postal_code: Option<String>,
    /// Latitude in degrees.
    pub latitude: Option<f64>,
    /// Longitude in degrees.
    pub longitude: Option<f64>,
}

/// What can be wrong with a facility description.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FacilityProblem {
    /// The code is not 2-32 of `A-Z 0-9 - _`.
    Code,
    /// Name or address empty or longer than 200 characters.
    Text,
    /// The region is not in the profile.
    Region,
    /// The postal code does not match the profile's rule.
    PostalCode,
    /// Latitude or longitude out of range, or only one of them given.
    Coordinates,
}

impl FacilityProblem {
    /// The API error for this problem.
    pub fn code(self) -> ErrorCode {
        match self {
            Self::Code => ErrorCode::InvalidFacilityCode,
            Self::Text => ErrorCode::InvalidName,
            Self::Region => ErrorCode::RegionNotFound,
            Self::PostalCode => ErrorCode::InvalidPostalCode,
            Self::Coordinates => ErrorCode::InvalidCoordinates,
        }
    }

    /// A short English reason, for import reports.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Code => "the code must be 2 to 32 characters of A-Z, 0-9, - and _",
            Self::Text => "the name and the address must be 1 to 200 characters",
            Self::Region => "the region is not in the profile",
            Self::PostalCode => "the postal code does not match the profile's rule",
            Self::Coordinates => {
                "latitude and longitude must both be given, within -90..90 and -180..180"
            }
        }
    }
}

impl From<FacilityProblem> for ApiError {
    fn from(p: FacilityProblem) -> Self {
        p.code().into()
    }
}

impl FacilityInput {
    /// Trims the fields and checks them against the profile.
    pub fn check(mut self, profile: &Profile) -> Result<FacilityInput, FacilityProblem> {
        self.code = self.code.trim().to_string();
        self.name = self.name.trim().to_string();
        self.address = self.address.trim().to_string();
        self.region = self.region.trim().to_string();
        self.postal_code = self
            .postal_code
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
        let code_ok = (2..=32).contains(&self.code.len())
            && self
                .code
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        if !code_ok {
            return Err(FacilityProblem::Code);
        }
        for text in [&self.name, &self.address] {
            let n = text.chars().count();
            if n == 0 || n > 200 || text.chars().any(char::is_control) {
                return Err(FacilityProblem::Text);
            }
        }
        if profile.regions.get(&self.region).is_none() {
            return Err(FacilityProblem::Region);
        }
        if let Some(p) = &self.postal_code
            && !profile
                .country
                .postal_code_pattern
                .as_ref()
                .is_some_and(|re| re.is_match(p))
        {
            return Err(FacilityProblem::PostalCode);
        }
        match (self.latitude, self.longitude) {
            (None, None) => {}
            (Some(lat), Some(lon))
                if (-90.0..=90.0).contains(&lat) && (-180.0..=180.0).contains(&lon) => {}
            _ => return Err(FacilityProblem::Coordinates),
        }
        Ok(self)
    }
}
