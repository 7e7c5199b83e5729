//! Finding a place: sessions by region or postal code for a day, and a facility's week.

pub mod calendar;
pub mod search;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_store::repo::facilities::{self, Facility};
use vaxkit_store::repo::sessions::{self, Session};
use vaxkit_store::{DbConnection, StoreResult};

use crate::api::places::FacilityOut;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// Key prefix of every cached session answer; bookings invalidate it.
pub const CACHE_PREFIX: &str = "sessions:";

/// Places left for one dose number.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoseCapacity {
    /// Dose number.
    pub dose: u32,
    /// Online places left for it.
    pub available: i64,
}

/// A session as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SessionOut {
    /// Public session id (for booking).
    pub session_id: String,
    /// The day.
    pub date: NaiveDate,
    /// Product code.
    pub vaccine: String,
    /// Product name.
    pub vaccine_name: String,
    /// Dose numbers offered.
    pub doses: Vec<u32>,
    /// Minimum age.
    pub min_age: i64,
    /// Maximum age, if any.
    pub max_age: Option<i64>,
    /// Online places left.
    pub available: i64,
    /// Online places left per dose offered (the places are shared).
    pub available_by_dose: Vec<DoseCapacity>,
    /// Slots to choose from.
    pub slots: Vec<String>,
    /// Fee in minor units of the local currency; 0 is free.
    pub fee: i64,
}

impl SessionOut {
    /// Builds the answer form.
    pub fn new(state: &AppState, s: &Session) -> Self {
        let doses = s.dose_numbers();
        let available = s.available();
        Self {
            session_id: s.reference.clone(),
            date: s.date,
            vaccine: s.vaccine.clone(),
            vaccine_name: state
                .profile
                .vaccine(&s.vaccine)
                .map_or_else(|| s.vaccine.clone(), |v| v.name.clone()),
            available_by_dose: doses
                .iter()
                .map(|d| DoseCapacity {
                    dose: *d,
                    available,
                })
                .collect(),
            doses,
            min_age: s.min_age,
            max_age: s.max_age,
            available,
            slots: s.slot_list(),
            fee: s.fee,
        }
    }
}

/// A facility with its sessions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CentreSessions {
    /// The facility.
    pub facility: FacilityOut,
    /// Its sessions, by day.
    pub sessions: Vec<SessionOut>,
}

/// Filters a citizen may apply.
#[derive(Debug, Clone, Default)]
pub struct Filters {
    /// Only this product.
    pub vaccine: Option<String>,
    /// Only sessions offering this dose.
    pub dose: Option<u32>,
    /// Only sessions open to this age.
    pub age: Option<i64>,
}

impl Filters {
    /// Checks the filter values against the profile.
    pub fn check(
        state: &AppState,
        vaccine: Option<String>,
        dose: Option<u32>,
        age: Option<i64>,
    ) -> Result<Self, ApiError> {
        if let Some(v) = &vaccine
            && state.profile.vaccine(v).is_none()
        {
            return Err(ErrorCode::UnknownVaccine.into());
        }
        if dose.is_some_and(|d| !(1..=20).contains(&d))
            || age.is_some_and(|a| !(0..=150).contains(&a))
        {
            return Err(ErrorCode::InvalidQuery.into());
        }
        Ok(Self { vaccine, dose, age })
    }

    /// Whether a session passes the filters.
    pub fn keeps(&self, s: &Session) -> bool {
        self.vaccine.as_ref().is_none_or(|v| *v == s.vaccine)
            && self.dose.is_none_or(|d| s.dose_numbers().contains(&d))
            && self
                .age
                .is_none_or(|a| a >= s.min_age && s.max_age.is_none_or(|m| a <= m))
    }

    /// A stable text form for cache keys.
    pub fn key(&self) -> String {
        format!("v={:?}&d={:?}&a={:?}", self.vaccine, self.dose, self.age)
    }
}

/// Groups sessions under their facilities, keeping facilities in the order given.
pub fn group(
    state: &AppState,
    facilities: &[(Facility, String)],
    sessions: &[Session],
    filters: &Filters,
) -> Vec<CentreSessions> {
    let mut by_facility: HashMap<i64, Vec<SessionOut>> = HashMap::new();
    for s in sessions.iter().filter(|s| filters.keeps(s)) {
        by_facility
            .entry(s.facility_id)
            .or_default()
            .push(SessionOut::new(state, s));
    }
    facilities
        .iter()
        .filter_map(|(f, region)| {
            let sessions = by_facility.remove(&f.id)?;
            Some(CentreSessions {
                facility: FacilityOut::new(&state.profile, f, region),
                sessions,
            })
        })
        .collect()
}

/// Where to look for sessions.
#[derive(Debug, Clone)]
pub enum Place {
    /// Active facilities in these regions (a region and its descendants, already expanded).
    Regions(Vec<String>),
    /// Active facilities with this postal code.
    PostalCode(String),
    /// The facility with this code.
    FacilityCode(String),
    /// The facility with this key.
    FacilityId(i64),
}

/// Facilities (each with its region code) and their sessions, as [`load`] finds them.
pub type Found = (Vec<(Facility, String)>, Vec<Session>);

/// The facilities of a place (with their region codes) and their sessions between two days,
/// inclusive, not cancelled; shared by the `/api/v1` searches and the Co-WIN facade.
pub fn load(
    c: &mut DbConnection,
    place: &Place,
    from: NaiveDate,
    until: NaiveDate,
) -> StoreResult<Found> {
    let found = match place {
        Place::Regions(codes) => facilities::in_regions(c, codes)?,
        Place::PostalCode(postal) => facilities::by_postal_code(c, postal)?,
        Place::FacilityCode(code) => facilities::by_code(c, code)?.into_iter().collect(),
        Place::FacilityId(id) => facilities::by_ids(c, &[*id])?,
    };
    let ids: Vec<i64> = found.iter().map(|(f, _)| f.id).collect();
    let list = sessions::for_facilities(c, &ids, from, until)?;
    Ok((found, list))
}

/// Parses a `YYYY-MM-DD` query value.
/// Only years 1900 to 9999 are taken: PostgreSQL and SQLite agree on those.
pub fn parse_date(s: &str) -> Result<NaiveDate, ApiError> {
    use chrono::Datelike;
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=9999).contains(&d.year()))
        .ok_or_else(|| ErrorCode::InvalidDate.into())
}
