//! Finding a place: the sessions of a region, a postal code or one facility between two days,
//! filtered by product, dose and age. Many people ask the same at once, so what is found is
//! kept in the core's cache for the profile's `appointments.search_cache_seconds`; every use
//! case that changes capacity (booking, cancelling, planning, closing a facility) drops it.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{Days, NaiveDate};
use serde::Serialize;
use vaxkit_profile::Profile;
use vaxkit_store::repo::{facilities, sessions};

pub use vaxkit_store::repo::facilities::Facility;
pub use vaxkit_store::repo::sessions::Session;

use crate::Core;
use crate::error::{ErrorCode, Result};
use crate::places::{self, FacilityView};

/// Key prefix of every cached session answer; use cases that change capacity drop it.
pub const CACHE_PREFIX: &str = "sessions:";

/// Drops every cached session answer (capacity changed).
pub fn capacity_changed(core: &Core) {
    core.cache.invalidate_prefix(CACHE_PREFIX);
}

/// Places left for one dose number.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DoseCapacity {
    /// Dose number.
    pub dose: u32,
    /// Online places left for it.
    pub available: i64,
}

/// A session as answers show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = SessionOut))]
pub struct SessionView {
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

impl SessionView {
    /// The answer form of a session.
    pub fn new(profile: &Profile, s: &Session) -> Self {
        let doses = s.dose_numbers();
        let available = s.available();
        Self {
            session_id: s.reference.clone(),
            date: s.date,
            vaccine: s.vaccine.clone(),
            vaccine_name: profile
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
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentreSessions {
    /// The facility.
    pub facility: FacilityView,
    /// Its sessions, by day.
    pub sessions: Vec<SessionView>,
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
        profile: &Profile,
        vaccine: Option<String>,
        dose: Option<u32>,
        age: Option<i64>,
    ) -> Result<Self> {
        if let Some(v) = &vaccine
            && profile.vaccine(v).is_none()
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
    fn key(&self) -> String {
        format!("v={:?}&d={:?}&a={:?}", self.vaccine, self.dose, self.age)
    }
}

/// Where to look for sessions.
#[derive(Debug, Clone)]
pub enum Place {
    /// Active facilities in a region and every region under it.
    Region(String),
    /// Active facilities with this postal code.
    PostalCode(String),
    /// The facility with this code.
    FacilityCode(String),
    /// The facility with this key (the Co-WIN facade's centre id).
    FacilityId(i64),
}

impl Place {
    /// Checks the place against the profile: a known region, a postal code of the right form.
    pub fn check(self, profile: &Profile) -> Result<Place> {
        match self {
            Place::Region(code) => {
                if profile.regions.get(&code).is_none() {
                    return Err(ErrorCode::RegionNotFound.into());
                }
                Ok(Place::Region(code))
            }
            Place::PostalCode(postal) => Ok(Place::PostalCode(places::check_postal_code(
                profile, &postal,
            )?)),
            other => Ok(other),
        }
    }

    fn key(&self) -> String {
        match self {
            Place::Region(code) => format!("region={code}"),
            Place::PostalCode(postal) => format!("postal={postal}"),
            Place::FacilityCode(code) => format!("facility={code}"),
            Place::FacilityId(id) => format!("facility-id={id}"),
        }
    }
}

/// What a search asks: a checked place, the first and last day (inclusive), the filters.
#[derive(Debug, Clone)]
pub struct Search {
    /// Where.
    pub place: Place,
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub until: NaiveDate,
    /// Which sessions.
    pub filters: Filters,
}

impl Search {
    fn key(&self) -> String {
        format!(
            "{CACHE_PREFIX}{}&from={}&until={}&{}",
            self.place.key(),
            self.from,
            self.until,
            self.filters.key()
        )
    }
}

/// The facilities of a place (each with its region code, in the place's order) and their
/// sessions that pass the filters, not cancelled.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Facilities with their region codes.
    pub facilities: Vec<(Facility, String)>,
    /// Their sessions that pass the filters, by day.
    pub sessions: Vec<Session>,
}

impl Found {
    /// The sessions grouped under their facilities, keeping the facilities' order; facilities
    /// without sessions are left out.
    pub fn by_facility(&self) -> Vec<(&Facility, &str, Vec<&Session>)> {
        let mut grouped: HashMap<i64, Vec<&Session>> = HashMap::new();
        for s in &self.sessions {
            grouped.entry(s.facility_id).or_default().push(s);
        }
        self.facilities
            .iter()
            .map(|(f, region)| {
                (
                    f,
                    region.as_str(),
                    grouped.remove(&f.id).unwrap_or_default(),
                )
            })
            .collect()
    }

    /// The answer form, a page at a time: page `page` (from 1) of the facilities with
    /// sessions, each with its sessions, the profile's `appointments.search_page_size` a
    /// page; a page past the last is empty, page 0 is `invalid_query`.
    pub fn centres_page(&self, profile: &Profile, page: u32) -> Result<CentresPage> {
        let size = usize::try_from(profile.appointments.search_page_size)
            .unwrap_or(1)
            .max(1);
        let skip = usize::try_from(page)
            .ok()
            .and_then(|p| p.checked_sub(1))
            .and_then(|p| p.checked_mul(size))
            .ok_or(ErrorCode::InvalidQuery)?;
        let grouped = self.by_facility();
        let with_sessions = grouped.iter().filter(|(_, _, list)| !list.is_empty());
        let total = with_sessions.clone().count();
        let centres = with_sessions
            .skip(skip)
            .take(size)
            .map(|(f, region, list)| CentreSessions {
                facility: FacilityView::new(profile, f, region),
                sessions: list.iter().map(|s| SessionView::new(profile, s)).collect(),
            })
            .collect();
        Ok(CentresPage {
            centres,
            page,
            pages: u32::try_from(total.div_ceil(size)).unwrap_or(u32::MAX),
            total: u32::try_from(total).unwrap_or(u32::MAX),
        })
    }
}

/// One page of the centres a search found, with where it stands among the pages.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CentresPage {
    /// The centres on this page, in the place's order.
    pub centres: Vec<CentreSessions>,
    /// This page's number, from 1.
    pub page: u32,
    /// How many pages there are (0 when nothing was found).
    pub pages: u32,
    /// How many centres there are on all pages.
    pub total: u32,
}

/// The cache key of one form of a search's answer (`form` names it, e.g. the JSON of one
/// endpoint): under [`CACHE_PREFIX`], so it goes with the search's own when capacity changes.
pub fn answer_key(search: &Search, form: &str) -> String {
    format!("{}#{form}", search.key())
}

/// What a search found, if it is in the cache: no database work, so a front end may ask this
/// on its request thread before it sends the search to a blocking one.
pub fn cached(core: &Core, search: &Search) -> Option<Arc<Found>> {
    core.cache.get::<Arc<Found>>(&search.key())
}

/// What a search finds, from the cache or the database (then kept in the cache).
pub fn find(core: &Core, search: &Search) -> Result<Arc<Found>> {
    core.cache
        .get_or_insert(&search.key(), core.search_ttl(), || {
            let (facilities, sessions) = core.store.read(|c| {
                let facilities = match &search.place {
                    Place::Region(code) => {
                        let codes =
                            places::region_and_descendants(&core.profile, code).unwrap_or_default();
                        facilities::in_regions(c, &codes)?
                    }
                    Place::PostalCode(postal) => facilities::by_postal_code(c, postal)?,
                    Place::FacilityCode(code) => {
                        facilities::by_code(c, code)?.into_iter().collect()
                    }
                    Place::FacilityId(id) => facilities::by_ids(c, &[*id])?,
                };
                let ids: Vec<i64> = facilities.iter().map(|(f, _)| f.id).collect();
                let sessions = sessions::for_facilities(c, &ids, search.from, search.until)?;
                Ok((facilities, sessions))
            })?;
            Ok(Arc::new(Found {
                facilities,
                sessions: sessions
                    .into_iter()
                    .filter(|s| search.filters.keeps(s))
                    .collect(),
            }))
        })
}

/// A search of one day.
pub fn day(place: Place, date: NaiveDate, filters: Filters) -> Search {
    Search {
        place,
        from: date,
        until: date,
        filters,
    }
}

/// A search of the seven days from `from`.
pub fn week(place: Place, from: NaiveDate, filters: Filters) -> Result<Search> {
    let until = from
        .checked_add_days(Days::new(6))
        .ok_or(ErrorCode::InvalidDate)?;
    Ok(Search {
        place,
        from,
        until,
        filters,
    })
}

/// A facility's week: the facility (`facility_not_found` if it does not exist) and its sessions.
pub fn facility_week(found: &Found, profile: &Profile) -> Result<CentreSessions> {
    let (facility, region) = found
        .facilities
        .first()
        .ok_or(ErrorCode::FacilityNotFound)?;
    Ok(CentreSessions {
        facility: FacilityView::new(profile, facility, region),
        sessions: found
            .sessions
            .iter()
            .filter(|s| s.facility_id == facility.id)
            .map(|s| SessionView::new(profile, s))
            .collect(),
    })
}

/// A session by its public id, cancelled or not; `session_not_found` if there is none.
pub fn by_reference(core: &Core, reference: &str) -> Result<Session> {
    core.store
        .read(|c| sessions::by_reference(c, reference))?
        .ok_or_else(|| ErrorCode::SessionNotFound.into())
}
