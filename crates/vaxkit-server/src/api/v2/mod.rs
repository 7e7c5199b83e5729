//! The Co-WIN-compatible public API under `/api/v2`: Co-WIN's paths, parameter names, dates
//! (`dd-mm-yyyy`), field names and error form, so clients written for India's Co-WIN public API
//! (API Setu "v2") work against a vaxkit server. It is a thin facade: every rule (profile limits,
//! eligibility, capacity, rate limits) is the `/api/v1` code, called through the same functions;
//! these files only translate names, types and formats (and the errors, [`errors::cowin_errors`]).
//! `docs/cowin-compat.md` lists every
//! endpoint and every difference from the original.
//!
//! Identifiers: states, districts and centres are the integer keys of their database rows
//! (`regions.id`, `facilities.id`), which never change once a row exists. Sessions and
//! appointments keep their random public references, shown in Co-WIN's UUID form by
//! [`public_id`] and read back by [`reference_of`].

pub mod appointment;
pub mod auth;
pub mod errors;
pub mod location;
pub mod registration;
pub mod sessions;

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use chrono::{Datelike, NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The path prefix of the facade.
pub const PREFIX: &str = "/api/v2";

/// Whether a request path belongs to the facade (and its errors take Co-WIN's form).
pub fn serves(path: &str) -> bool {
    path.strip_prefix(PREFIX)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Mounts every `/api/v2` endpoint (inside the rate-limited `/api/v2` scope).
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/admin/location/states").get(location::states))
        .service(web::resource("/admin/location/districts/{state_id}").get(location::districts))
        .service(web::resource("/registration/beneficiary/idTypes").get(registration::id_types))
        .service(web::resource("/registration/beneficiary/genders").get(registration::genders))
        .service(web::resource("/registration/beneficiary/new").post(registration::new))
        .service(
            web::resource("/registration/certificate/public/download")
                .get(registration::certificate),
        )
        .service(web::resource("/auth/public/generateOTP").post(auth::generate_otp))
        .service(web::resource("/auth/public/confirmOTP").post(auth::confirm_otp))
        .service(web::resource("/appointment/beneficiaries").get(appointment::beneficiaries))
        .service(web::resource("/appointment/schedule").post(appointment::schedule))
        .service(web::resource("/appointment/cancel").post(appointment::cancel));
    // Co-WIN served the searches both under `sessions/public/` and, for logged-in clients,
    // under `sessions/`; clients use both, so both answer the same.
    for base in ["/appointment/sessions/public", "/appointment/sessions"] {
        cfg.service(web::resource(format!("{base}/findByPin")).get(sessions::find_by_pin))
            .service(
                web::resource(format!("{base}/findByDistrict")).get(sessions::find_by_district),
            )
            .service(web::resource(format!("{base}/calendarByPin")).get(sessions::calendar_by_pin))
            .service(
                web::resource(format!("{base}/calendarByDistrict"))
                    .get(sessions::calendar_by_district),
            )
            .service(
                web::resource(format!("{base}/calendarByCenter")).get(sessions::calendar_by_center),
            );
    }
}

/// Parses a Co-WIN date, `dd-mm-yyyy` (years 1900 to 9999, as `/api/v1`).
pub fn parse_date(s: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(s.trim(), "%d-%m-%Y")
        .ok()
        .filter(|d| (1900..=9999).contains(&d.year()))
        .ok_or_else(|| ErrorCode::InvalidDate.into())
}

/// Formats a date as Co-WIN did, `dd-mm-yyyy`.
pub fn format_date(d: NaiveDate) -> String {
    d.format("%d-%m-%Y").to_string()
}

/// A slot label as Co-WIN showed it: `09:00-11:00` becomes `09:00AM-11:00AM`; a label that is
/// not two `HH:MM` times is shown as it is.
pub fn cowin_slot(label: &str) -> String {
    let Some((start, end)) = label.split_once('-') else {
        return label.to_string();
    };
    let twelve = |t: &str| {
        NaiveTime::parse_from_str(t.trim(), "%H:%M")
            .ok()
            .map(|t| t.format("%I:%M%p").to_string())
    };
    match (twelve(start), twelve(end)) {
        (Some(start), Some(end)) => format!("{start}-{end}"),
        _ => label.to_string(),
    }
}

/// The first and last time of slot labels as Co-WIN's `from` and `to` (`HH:MM:SS`); the whole
/// day when no label has times.
pub fn opening_hours<'a>(labels: impl IntoIterator<Item = &'a str>) -> (String, String) {
    let times: Vec<NaiveTime> = labels
        .into_iter()
        .flat_map(|l| l.split('-'))
        .filter_map(|t| NaiveTime::parse_from_str(t.trim(), "%H:%M").ok())
        .collect();
    match (times.iter().min(), times.iter().max()) {
        (Some(from), Some(to)) => (
            from.format("%H:%M:%S").to_string(),
            to.format("%H:%M:%S").to_string(),
        ),
        _ => ("00:00:00".to_string(), "23:59:59".to_string()),
    }
}

/// A public reference (session, appointment) in Co-WIN's UUID form: its ASCII bytes as hex,
/// padded with leading zeros to 32 digits. References longer than 16 characters stay as they are.
pub fn public_id(reference: &str) -> String {
    let hex: String = reference.bytes().map(|b| format!("{b:02x}")).collect();
    if hex.len() > 32 {
        return reference.to_string();
    }
    let padded = format!("{hex:0>32}");
    let part = |a: usize, b: usize| padded.get(a..b).unwrap_or("");
    format!(
        "{}-{}-{}-{}-{}",
        part(0, 8),
        part(8, 12),
        part(12, 16),
        part(16, 20),
        part(20, 32)
    )
}

/// The reference behind a [`public_id`]; anything else is taken as a reference as it is.
pub fn reference_of(id: &str) -> String {
    let id = id.trim();
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    if hex.len() != 32 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return id.to_string();
    }
    let bytes: Option<Vec<u8>> = (0..16)
        .map(|i| {
            hex.get(2 * i..2 * i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect();
    let Some(bytes) = bytes else {
        return id.to_string();
    };
    let start = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    match String::from_utf8(bytes.get(start..).unwrap_or_default().to_vec()) {
        Ok(reference)
            if !reference.is_empty() && reference.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            reference
        }
        _ => id.to_string(),
    }
}

/// Seconds a public answer may be cached: the profile's `appointments.search_cache_seconds`.
pub fn ttl_seconds(state: &AppState) -> i64 {
    state.core.profile.appointments.search_cache_seconds.max(0)
}

/// A public answer, cacheable for the profile's cache time (`Cache-Control: max-age`); names in
/// it may follow the request's language, hence `Vary: Accept-Language`.
pub fn public_json(state: &AppState, body: &impl Serialize) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            header::CACHE_CONTROL,
            format!("public, max-age={}", ttl_seconds(state)),
        ))
        .insert_header((header::VARY, "Accept-Language"))
        .json(body)
}

/// A number Co-WIN clients send either as a JSON number or as a string (`"dose": "1"`).
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Number {
    /// Sent as a number.
    Int(i64),
    /// Sent as text.
    Text(String),
}

impl Number {
    /// The value, if it is a whole number.
    pub fn value(&self) -> Option<i64> {
        match self {
            Number::Int(n) => Some(*n),
            Number::Text(t) => t.trim().parse().ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_round_trip_through_the_uuid_form() {
        let id = public_id("ABCD23456789");
        assert_eq!(id, "00000000-4142-4344-3233-343536373839");
        assert_eq!(reference_of(&id), "ABCD23456789");
        assert_eq!(reference_of(&id.to_uppercase()), "ABCD23456789");
        assert_eq!(reference_of("ABCD23456789"), "ABCD23456789");
        assert_eq!(
            reference_of("3fa85f64-5717-4562-b3fc-2c963f66afa6"),
            "3fa85f64-5717-4562-b3fc-2c963f66afa6"
        );
    }

    #[test]
    fn dates_slots_and_hours_take_cowin_forms() {
        let d = parse_date("31-05-2021").unwrap();
        assert_eq!(format_date(d), "31-05-2021");
        assert!(parse_date("2021-05-31").is_err());
        assert_eq!(cowin_slot("09:00-11:00"), "09:00AM-11:00AM");
        assert_eq!(cowin_slot("11:00-13:00"), "11:00AM-01:00PM");
        assert_eq!(cowin_slot("morning"), "morning");
        assert_eq!(
            opening_hours(["11:00-13:00", "09:00-11:00"]),
            ("09:00:00".to_string(), "13:00:00".to_string())
        );
        assert!(serves("/api/v2/appointment/schedule"));
        assert!(!serves("/api/v2x"));
        assert!(!serves("/api/v1/sessions"));
    }
}
