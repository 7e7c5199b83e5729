//! Facilities for administrators: open one, change or close it, list those of one's scope, and
//! import a file of them (new codes added, known codes updated, each row checked like a new
//! facility). Every change is in the audit log. [`file`] reads the CSV files imports come in.

pub mod file;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use vaxkit_profile::Profile;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::{facilities, regions};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::error::{Error, ErrorCode, Result};
use crate::places::FacilityView;
use crate::sessions::capacity_changed;
use crate::staff::Role;
use crate::types::FacilityCode;

/// A facility as an administrator or an import file describes it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
    /// An import row whose region, or whose known facility's region, is outside the
    /// importer's scope.
    OutOfScope,
}

impl FacilityProblem {
    /// The error code of this problem.
    pub fn code(self) -> ErrorCode {
        match self {
            Self::Code => ErrorCode::InvalidFacilityCode,
            Self::Text => ErrorCode::InvalidName,
            Self::Region => ErrorCode::RegionNotFound,
            Self::PostalCode => ErrorCode::InvalidPostalCode,
            Self::Coordinates => ErrorCode::InvalidCoordinates,
            Self::OutOfScope => ErrorCode::Forbidden,
        }
    }

    /// A short English reason, for the operator's import report.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Code => "the code must be 2 to 32 characters of A-Z, 0-9, - and _",
            Self::Text => "the name and the address must be 1 to 200 characters",
            Self::Region => "the region is not in the profile",
            Self::PostalCode => "the postal code does not match the profile's rule",
            Self::Coordinates => {
                "latitude and longitude must both be given, within -90..90 and -180..180"
            }
            Self::OutOfScope => "the facility's region is outside the importer's scope",
        }
    }
}

impl From<FacilityProblem> for Error {
    fn from(p: FacilityProblem) -> Self {
        p.code().into()
    }
}

impl FacilityInput {
    /// Trims the fields and checks them against the profile.
    pub fn check(mut self, profile: &Profile) -> Result<FacilityInput, FacilityProblem> {
        self.code = FacilityCode::parse(&self.code)
            .map_err(|_| FacilityProblem::Code)?
            .as_str()
            .to_string();
        self.name = self.name.trim().to_string();
        self.address = self.address.trim().to_string();
        self.region = self.region.trim().to_string();
        self.postal_code = self
            .postal_code
            .map(|p| p.trim().to_string())
            .filter(|p| !p.is_empty());
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

/// The fields of a facility to change; `active: false` closes it to bookings.
#[derive(Debug, Clone, Default)]
pub struct FacilityPatch {
    /// New name.
    pub name: Option<String>,
    /// New address.
    pub address: Option<String>,
    /// Move to another region (national and region admins only).
    pub region: Option<String>,
    /// New postal code.
    pub postal_code: Option<String>,
    /// New latitude (give both).
    pub latitude: Option<f64>,
    /// New longitude (give both).
    pub longitude: Option<f64>,
    /// `false` closes the facility to bookings; `true` reopens it.
    pub active: Option<bool>,
}

/// A facility with its state, for administrators.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminFacility {
    /// The facility.
    #[serde(flatten)]
    pub facility: FacilityView,
    /// Whether it takes bookings.
    pub active: bool,
}

/// The key of a region row by code.
fn region_id(c: &mut DbConnection, code: &str) -> Result<i64> {
    regions::ids_by_code(c, &[code])?
        .get(code)
        .copied()
        .ok_or_else(|| ErrorCode::RegionNotFound.into())
}

/// Whether the actor may manage facilities in this region (national and region admins within
/// their scope, and the operator).
fn covers_region(actor: &Actor, profile: &Profile, region: &str) -> Result<bool> {
    match actor {
        Actor::Cli => Ok(true),
        _ => Ok(actor
            .staff(&[Role::NationalAdmin, Role::RegionAdmin])?
            .covers_region(profile, region)),
    }
}

/// Opens a facility in a region of the actor's scope.
pub fn create(
    core: &Core,
    actor: &Actor,
    input: FacilityInput,
    now: DateTime<Utc>,
) -> Result<FacilityView> {
    if !matches!(actor, Actor::Cli) {
        actor.staff(&[Role::NationalAdmin, Role::RegionAdmin])?;
    }
    let input = input.check(&core.profile)?;
    if !covers_region(actor, &core.profile, &input.region)? {
        return Err(ErrorCode::Forbidden.into());
    }
    let at = now.naive_utc();
    let out = core.write(|c| {
        if facilities::by_code(c, &input.code)?.is_some() {
            return Err(ErrorCode::FacilityExists.into());
        }
        let region_id = region_id(c, &input.region)?;
        let f = facilities::insert(c, &new_row(&input, region_id), at)?;
        let out = FacilityView::new(&core.profile, &f, &input.region);
        audit::record(
            c,
            at,
            actor,
            Action::FacilityCreate,
            &f.code,
            None,
            audit::json(&out),
        )?;
        Ok(out)
    })?;
    capacity_changed(core);
    crate::vaccination::forget_facilities(core);
    Ok(out)
}

fn new_row(input: &FacilityInput, region_id: i64) -> facilities::NewFacility {
    facilities::NewFacility {
        code: input.code.clone(),
        name: input.name.clone(),
        address: input.address.clone(),
        region_id,
        postal_code: input.postal_code.clone(),
        latitude: input.latitude,
        longitude: input.longitude,
    }
}

fn change_row(
    input: &FacilityInput,
    region_id: i64,
    active: Option<bool>,
) -> facilities::FacilityChange {
    facilities::FacilityChange {
        name: Some(input.name.clone()),
        address: Some(input.address.clone()),
        region_id: Some(region_id),
        postal_code: Some(input.postal_code.clone()),
        latitude: Some(input.latitude),
        longitude: Some(input.longitude),
        active,
    }
}

/// Changes a facility within the actor's scope; facility admins may edit their own facility's
/// details but not move or close it.
pub fn update(
    core: &Core,
    actor: &Actor,
    code: &str,
    patch: FacilityPatch,
    now: DateTime<Utc>,
) -> Result<FacilityView> {
    let me = actor.staff(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])?;
    if me.role == Role::FacilityAdmin && (patch.region.is_some() || patch.active.is_some()) {
        return Err(ErrorCode::Forbidden.into());
    }
    let profile = &core.profile;
    let at = now.naive_utc();
    let out = core.write(|c| {
        let (f, region) = facilities::by_code(c, code)?.ok_or(ErrorCode::FacilityNotFound)?;
        if !me.covers_facility(profile, &f.code, &region) {
            return Err(ErrorCode::FacilityNotFound.into());
        }
        // The result must pass the same checks as a new facility.
        let merged = FacilityInput {
            code: f.code.clone(),
            name: patch.name.clone().unwrap_or_else(|| f.name.clone()),
            address: patch.address.clone().unwrap_or_else(|| f.address.clone()),
            region: patch.region.clone().unwrap_or_else(|| region.clone()),
            postal_code: patch.postal_code.clone().or_else(|| f.postal_code.clone()),
            latitude: patch.latitude.or(f.latitude),
            longitude: patch.longitude.or(f.longitude),
        }
        .check(profile)?;
        if !me.covers_region(profile, &merged.region) && me.role != Role::FacilityAdmin {
            return Err(ErrorCode::Forbidden.into());
        }
        let before = FacilityView::new(profile, &f, &region);
        let region_id = region_id(c, &merged.region)?;
        facilities::update(c, f.id, &change_row(&merged, region_id, patch.active))?;
        let (f, region) = facilities::by_code(c, code)?.ok_or(ErrorCode::FacilityNotFound)?;
        let after = FacilityView::new(profile, &f, &region);
        let action = if patch.active == Some(false) {
            Action::FacilityClose
        } else {
            Action::FacilityUpdate
        };
        audit::record(
            c,
            at,
            actor,
            action,
            &f.code,
            audit::json(&before),
            audit::json(&after),
        )?;
        Ok(after)
    })?;
    capacity_changed(core);
    crate::vaccination::forget_facilities(core);
    Ok(out)
}

/// The facilities within the actor's scope, closed ones included.
pub fn list(core: &Core, actor: &Actor) -> Result<Vec<AdminFacility>> {
    let me = actor.staff(&[
        Role::NationalAdmin,
        Role::RegionAdmin,
        Role::FacilityAdmin,
        Role::Vaccinator,
        Role::Auditor,
    ])?;
    let all = core.store.read(facilities::all)?;
    Ok(all
        .iter()
        .filter(|(f, region)| me.covers_facility(&core.profile, &f.code, region))
        .map(|(f, region)| AdminFacility {
            facility: FacilityView::new(&core.profile, f, region),
            active: f.active,
        })
        .collect())
}

/// What an import did with a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Imported {
    /// A new facility.
    Added,
    /// A known code whose details changed.
    Updated,
    /// A known code with the same details.
    Unchanged,
}

/// Imports facilities in one transaction: each row is checked like a new facility and then
/// added (new code) or updated (known code); a refused row — a region outside the actor's
/// scope, or a known code whose facility is, included — leaves the others alone. Answers each
/// row's outcome in order. National and region admins, and the operator.
pub fn import(
    core: &Core,
    actor: &Actor,
    rows: &[FacilityInput],
    now: DateTime<Utc>,
) -> Result<Vec<Result<Imported, FacilityProblem>>> {
    file::allowed(actor)?;
    let at = now.naive_utc();
    let outcomes = core.write(|c| {
        rows.iter()
            .map(|row| import_row(c, core, actor, row.clone(), at))
            .collect::<Result<Vec<_>>>()
    })?;
    capacity_changed(core);
    crate::vaccination::forget_facilities(core);
    Ok(outcomes)
}

fn import_row(
    c: &mut DbConnection,
    core: &Core,
    actor: &Actor,
    row: FacilityInput,
    at: NaiveDateTime,
) -> Result<Result<Imported, FacilityProblem>> {
    let input = match row.check(&core.profile) {
        Ok(input) => input,
        Err(problem) => return Ok(Err(problem)),
    };
    if !covers_region(actor, &core.profile, &input.region)? {
        return Ok(Err(FacilityProblem::OutOfScope));
    }
    let Some(region_id) = regions::ids_by_code(c, &[input.region.as_str()])?
        .get(&input.region)
        .copied()
    else {
        return Ok(Err(FacilityProblem::Region));
    };
    let known = facilities::by_code(c, &input.code)?;
    if let Some((_, region)) = &known
        && !covers_region(actor, &core.profile, region)?
    {
        return Ok(Err(FacilityProblem::OutOfScope));
    }
    let outcome = match known {
        None => {
            facilities::insert(c, &new_row(&input, region_id), at)?;
            audit::record(
                c,
                at,
                actor,
                Action::FacilityImportAdd,
                &input.code,
                None,
                None,
            )?;
            Imported::Added
        }
        Some((f, _))
            if f.name == input.name
                && f.address == input.address
                && f.region_id == region_id
                && f.postal_code == input.postal_code
                && f.latitude == input.latitude
                && f.longitude == input.longitude =>
        {
            Imported::Unchanged
        }
        Some((f, _)) => {
            facilities::update(c, f.id, &change_row(&input, region_id, None))?;
            audit::record(
                c,
                at,
                actor,
                Action::FacilityImportUpdate,
                &input.code,
                None,
                None,
            )?;
            Imported::Updated
        }
    };
    Ok(Ok(outcome))
}
