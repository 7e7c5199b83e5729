//! `GET /api/v2/appointment/sessions/public/{findByPin,findByDistrict,calendarByPin,
//! calendarByDistrict,calendarByCenter}`: the core's session search
//! ([`vaxkit_core::sessions`]) in Co-WIN's shapes. What a search finds is cached by the core (and
//! dropped on every booking), and clients may cache the answers for the profile's cache time.

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use vaxkit_core::sessions::{self, Facility, Filters, Found, Place, Session};
use vaxkit_profile::Profile;

use super::{cowin_slot, format_date, opening_hours, parse_date, public_id, public_json};
use crate::api::sessions::find as find_sessions;
use crate::error::{ApiError, ErrorCode};
use crate::extractors::Query;
use crate::state::AppState;

/// Co-WIN's `block_name` where the profile has no third region level.
pub const NO_BLOCK: &str = "Not Applicable";

/// Query of `findByPin` and `calendarByPin`.
#[derive(Debug, Deserialize)]
pub struct ByPin {
    /// The postal code.
    pub pincode: String,
    /// The day (`dd-mm-yyyy`); the first of seven for a calendar.
    pub date: String,
    /// Only this vaccine (Co-WIN's upper-case name, or the profile's code).
    pub vaccine: Option<String>,
}

/// Query of `findByDistrict` and `calendarByDistrict`.
#[derive(Debug, Deserialize)]
pub struct ByDistrict {
    /// A district id from `admin/location/districts`.
    pub district_id: i64,
    /// The day (`dd-mm-yyyy`); the first of seven for a calendar.
    pub date: String,
    /// Only this vaccine.
    pub vaccine: Option<String>,
}

/// Query of `calendarByCenter`.
#[derive(Debug, Deserialize)]
pub struct ByCenter {
    /// A `center_id` from another answer.
    pub center_id: i64,
    /// The first of seven days (`dd-mm-yyyy`).
    pub date: String,
    /// Only this vaccine.
    pub vaccine: Option<String>,
}

/// What Co-WIN shows of a centre, in every session answer.
#[derive(Debug, Clone, Serialize)]
pub struct Centre {
    /// The facility's key.
    pub center_id: i64,
    /// Name.
    pub name: String,
    /// Street address.
    pub address: String,
    /// Top-level region.
    pub state_name: String,
    /// Second-level region.
    pub district_name: String,
    /// Third-level region, or "Not Applicable".
    pub block_name: String,
    /// Postal code: a number, or text where the code is not all digits.
    pub pincode: serde_json::Value,
    /// Latitude (0 when unknown).
    pub lat: f64,
    /// Longitude (0 when unknown).
    pub long: f64,
    /// First slot's start, `HH:MM:SS`.
    pub from: String,
    /// Last slot's end, `HH:MM:SS`.
    pub to: String,
    /// "Free" or "Paid".
    pub fee_type: String,
}

/// What Co-WIN shows of a session.
#[derive(Debug, Clone, Serialize)]
pub struct SessionEntry {
    /// The session's reference in UUID form.
    pub session_id: String,
    /// The day, `dd-mm-yyyy`.
    pub date: String,
    /// Online places left.
    pub available_capacity: i64,
    /// Places left for a first dose (the places are shared between the doses offered).
    pub available_capacity_dose1: i64,
    /// Places left for a second dose.
    pub available_capacity_dose2: i64,
    /// Minimum age.
    pub min_age_limit: i64,
    /// Maximum age, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_age_limit: Option<i64>,
    /// Whether every age from the minimum up may come.
    pub allow_all_age: bool,
    /// Vaccine name, upper case as Co-WIN wrote it.
    pub vaccine: String,
    /// Slots, `09:00AM-11:00AM`.
    pub slots: Vec<String>,
}

/// A session of `findBy*`: centre and session fields side by side.
#[derive(Debug, Clone, Serialize)]
pub struct FlatSession {
    /// The centre.
    #[serde(flatten)]
    pub centre: Centre,
    /// The fee in the currency's main unit, as text ("0" when free).
    pub fee: String,
    /// The session.
    #[serde(flatten)]
    pub session: SessionEntry,
}

/// Answer of `findBy*`.
#[derive(Debug, Clone, Serialize)]
pub struct Sessions {
    /// Sessions on the day.
    pub sessions: Vec<FlatSession>,
}

/// A vaccine's fee at a paid centre.
#[derive(Debug, Clone, Serialize)]
pub struct VaccineFee {
    /// Vaccine name.
    pub vaccine: String,
    /// Fee, as text.
    pub fee: String,
}

/// A centre with its sessions, as in `calendarBy*`.
#[derive(Debug, Clone, Serialize)]
pub struct CalendarCentre {
    /// The centre.
    #[serde(flatten)]
    pub centre: Centre,
    /// Fees per vaccine, at paid centres.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vaccine_fees: Option<Vec<VaccineFee>>,
    /// Its sessions in the seven days.
    pub sessions: Vec<SessionEntry>,
}

/// Answer of `calendarByPin` and `calendarByDistrict`.
#[derive(Debug, Clone, Serialize)]
pub struct Centres {
    /// Centres with sessions.
    pub centers: Vec<CalendarCentre>,
}

/// Answer of `calendarByCenter`: one centre (with no sessions when it has none in the week).
#[derive(Debug, Clone, Serialize)]
pub struct OneCentre {
    /// The centre.
    pub centers: CalendarCentre,
}

/// A fee in minor units as Co-WIN's text in main units ("0", "780", "780.50").
pub fn fee_text(minor: i64) -> String {
    if minor % 100 == 0 {
        (minor / 100).to_string()
    } else {
        format!("{}.{:02}", minor / 100, (minor % 100).abs())
    }
}

/// A vaccine's name as Co-WIN wrote it: upper case.
pub fn vaccine_name(profile: &Profile, code: &str) -> String {
    profile
        .vaccine(code)
        .map_or(code, |v| v.name.as_str())
        .to_uppercase()
}

/// The profile code of a vaccine given by Co-WIN name or by code, any case.
fn vaccine_code(profile: &Profile, given: &str) -> Result<String, ApiError> {
    let given = given.trim();
    profile
        .vaccines
        .iter()
        .find(|v| v.code.eq_ignore_ascii_case(given) || v.name.eq_ignore_ascii_case(given))
        .map(|v| v.code.clone())
        .ok_or_else(|| ErrorCode::UnknownVaccine.into())
}

/// The region names from the top down to a facility's region.
fn region_names(profile: &Profile, region_code: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut current = profile.regions.get(region_code);
    while let Some(r) = current {
        names.push(r.name.clone());
        current = r.parent.as_deref().and_then(|p| profile.regions.get(p));
    }
    names.reverse();
    names
}

/// A centre in Co-WIN's form; hours from the slots of `sessions`.
pub fn centre(profile: &Profile, f: &Facility, region_code: &str, sessions: &[&Session]) -> Centre {
    let names = region_names(profile, region_code);
    let name_at = |level: usize, none: &str| {
        names
            .get(level)
            .cloned()
            .unwrap_or_else(|| none.to_string())
    };
    let slots: Vec<String> = sessions.iter().flat_map(|s| s.slot_list()).collect();
    let (from, to) = opening_hours(slots.iter().map(String::as_str));
    let pincode = f.postal_code.as_deref().unwrap_or("").trim();
    let pincode = match pincode.parse::<i64>() {
        Ok(n) if pincode.chars().all(|c| c.is_ascii_digit()) => serde_json::Value::from(n),
        _ => serde_json::Value::from(pincode),
    };
    Centre {
        center_id: f.id,
        name: f.name.clone(),
        address: f.address.clone(),
        state_name: name_at(0, ""),
        district_name: name_at(1, ""),
        block_name: name_at(2, NO_BLOCK),
        pincode,
        lat: f.latitude.unwrap_or(0.0),
        long: f.longitude.unwrap_or(0.0),
        from,
        to,
        fee_type: if sessions.iter().any(|s| s.fee > 0) {
            "Paid"
        } else {
            "Free"
        }
        .to_string(),
    }
}

/// A session in Co-WIN's form.
pub fn session_entry(profile: &Profile, s: &Session) -> SessionEntry {
    let available = s.available();
    let doses = s.dose_numbers();
    let for_dose = |d: u32| if doses.contains(&d) { available } else { 0 };
    SessionEntry {
        session_id: public_id(&s.reference),
        date: format_date(s.date),
        available_capacity: available,
        available_capacity_dose1: for_dose(1),
        available_capacity_dose2: for_dose(2),
        min_age_limit: s.min_age,
        max_age_limit: s.max_age,
        allow_all_age: s.max_age.is_none(),
        vaccine: vaccine_name(profile, &s.vaccine),
        slots: s.slot_list().iter().map(|l| cowin_slot(l)).collect(),
    }
}

/// The place of a postal code, checked against the profile.
fn pin_place(state: &AppState, pincode: &str) -> Result<Place, ApiError> {
    Ok(Place::PostalCode(pincode.to_string()).check(&state.core.profile)?)
}

/// The place of a district id (any region id: its sub-regions are included).
async fn district_place(state: &AppState, id: i64) -> Result<Place, ApiError> {
    let code = super::location::code_of(state, id)
        .await?
        .ok_or(ErrorCode::RegionNotFound)?;
    Ok(Place::Region(code))
}

fn filters(state: &AppState, vaccine: Option<&str>) -> Result<Filters, ApiError> {
    let profile = &state.core.profile;
    let vaccine = vaccine
        .filter(|v| !v.trim().is_empty())
        .map(|v| vaccine_code(profile, v))
        .transpose()?;
    Ok(Filters::check(profile, vaccine, None, None)?)
}

/// The sessions of a place on one day, flat.
async fn find(
    state: web::Data<AppState>,
    place: Place,
    date: &str,
    vaccine: Option<&str>,
) -> Result<HttpResponse, ApiError> {
    let date = parse_date(date)?;
    let filters = filters(&state, vaccine)?;
    let found = find_sessions(&state, sessions::day(place, date, filters)).await?;
    let profile = &state.core.profile;
    let mut list = Vec::new();
    for (f, region, in_facility) in found.by_facility() {
        for s in in_facility {
            list.push(FlatSession {
                centre: centre(profile, f, region, &[s]),
                fee: fee_text(s.fee),
                session: session_entry(profile, s),
            });
        }
    }
    Ok(public_json(&state, &Sessions { sessions: list }))
}

/// The centres of a place with their sessions in the seven days from `date`; centres without
/// sessions only if `keep_empty`.
async fn calendar(
    state: &AppState,
    place: Place,
    date: &str,
    vaccine: Option<&str>,
    keep_empty: bool,
) -> Result<Vec<CalendarCentre>, ApiError> {
    let from = parse_date(date)?;
    let week = sessions::week(place, from, Filters::default())?;
    let filters = filters(state, vaccine)?;
    let found: std::sync::Arc<Found> =
        find_sessions(state, sessions::Search { filters, ..week }).await?;
    Ok(found
        .by_facility()
        .into_iter()
        .filter(|(_, _, list)| keep_empty || !list.is_empty())
        .map(|(f, region, list)| calendar_centre(&state.core.profile, f, region, &list))
        .collect())
}

/// A centre and its sessions, with the fees of a paid centre.
fn calendar_centre(
    profile: &Profile,
    f: &Facility,
    region: &str,
    list: &[&Session],
) -> CalendarCentre {
    let centre = centre(profile, f, region, list);
    let mut fees: BTreeMap<String, i64> = BTreeMap::new();
    for s in list.iter().filter(|s| s.fee > 0) {
        fees.entry(vaccine_name(profile, &s.vaccine))
            .or_insert(s.fee);
    }
    CalendarCentre {
        centre,
        vaccine_fees: (!fees.is_empty()).then(|| {
            fees.into_iter()
                .map(|(vaccine, fee)| VaccineFee {
                    vaccine,
                    fee: fee_text(fee),
                })
                .collect()
        }),
        sessions: list.iter().map(|s| session_entry(profile, s)).collect(),
    }
}

/// `findByPin`: sessions on a day at a postal code.
pub async fn find_by_pin(
    state: web::Data<AppState>,
    query: Query<ByPin>,
) -> Result<HttpResponse, ApiError> {
    let place = pin_place(&state, &query.pincode)?;
    find(state, place, &query.date, query.vaccine.as_deref()).await
}

/// `findByDistrict`: sessions on a day in a district.
pub async fn find_by_district(
    state: web::Data<AppState>,
    query: Query<ByDistrict>,
) -> Result<HttpResponse, ApiError> {
    let place = district_place(&state, query.district_id).await?;
    find(state, place, &query.date, query.vaccine.as_deref()).await
}

/// `calendarByPin`: seven days of sessions at a postal code, by centre.
pub async fn calendar_by_pin(
    state: web::Data<AppState>,
    query: Query<ByPin>,
) -> Result<HttpResponse, ApiError> {
    let place = pin_place(&state, &query.pincode)?;
    let centers = calendar(&state, place, &query.date, query.vaccine.as_deref(), false).await?;
    Ok(public_json(&state, &Centres { centers }))
}

/// `calendarByDistrict`: seven days of sessions in a district, by centre.
pub async fn calendar_by_district(
    state: web::Data<AppState>,
    query: Query<ByDistrict>,
) -> Result<HttpResponse, ApiError> {
    let place = district_place(&state, query.district_id).await?;
    let centers = calendar(&state, place, &query.date, query.vaccine.as_deref(), false).await?;
    Ok(public_json(&state, &Centres { centers }))
}

/// `calendarByCenter`: seven days of one centre's sessions.
pub async fn calendar_by_center(
    state: web::Data<AppState>,
    query: Query<ByCenter>,
) -> Result<HttpResponse, ApiError> {
    let place = Place::FacilityId(query.center_id);
    let mut centers = calendar(&state, place, &query.date, query.vaccine.as_deref(), true).await?;
    let centers = centers.pop().ok_or(ErrorCode::FacilityNotFound)?;
    Ok(public_json(&state, &OneCentre { centers }))
}
