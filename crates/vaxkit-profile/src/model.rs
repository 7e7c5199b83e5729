//! The checked country profile that the rest of vaxkit reads.
//!
//! A value of these types exists only after [`crate::load`] accepted the profile, so a
//! `Regex` compiles, a time zone is real, dates parse and codes are unique.

use std::path::PathBuf;

use chrono::NaiveDate;
use regex::Regex;
use serde::{Deserialize, Serialize};

use crate::id::IdScheme;
use crate::notifications::Notifications;
use crate::regions::Regions;

/// A loaded, validated country profile.
#[derive(Debug, Clone)]
pub struct Profile {
    /// The folder the profile was read from.
    pub dir: PathBuf,
    /// Format version.
    pub version: i64,
    /// Country identity and rules.
    pub country: Country,
    /// Account and beneficiary rules.
    pub registration: Registration,
    /// Identity documents people may register with.
    pub id_schemes: Vec<IdScheme>,
    /// The vaccine catalogue.
    pub vaccines: Vec<Vaccine>,
    /// Booking rules.
    pub appointments: Appointments,
    /// Citizen login codes.
    pub otp: Otp,
    /// Request rate limits.
    pub rate_limits: RateLimits,
    /// SMS and email gateways.
    pub notifications: Notifications,
    /// Certificate settings.
    pub certificates: Certificates,
    /// The region tree.
    pub regions: Regions,
    /// The routine immunisation schedule: antigens, every product, series and vaccine groups.
    pub schedule: crate::immunization::Schedule,
    /// How the web pages present the programme.
    pub branding: Branding,
}

impl Profile {
    /// The vaccine with this product code.
    pub fn vaccine(&self, code: &str) -> Option<&Vaccine> {
        self.vaccines.iter().find(|v| v.code == code)
    }

    /// The ID scheme with this id.
    pub fn id_scheme(&self, id: &str) -> Option<&IdScheme> {
        self.id_schemes.iter().find(|s| s.id == id)
    }

    /// The calendar date at an instant, in the country's time zone.
    pub fn local_date(&self, at: chrono::DateTime<chrono::Utc>) -> NaiveDate {
        at.with_timezone(&self.country.timezone).date_naive()
    }
}

/// `[country]`, checked.
#[derive(Debug, Clone)]
pub struct Country {
    /// ISO 3166-1 alpha-2 code, upper case.
    pub code: String,
    /// The country's name in English.
    pub name: String,
    /// Time zone in which dates and ages are counted.
    pub timezone: chrono_tz::Tz,
    /// Language tags; the first is the default.
    pub languages: Vec<String>,
    /// International calling code without `+`.
    pub calling_code: String,
    /// The national mobile number rule (anchored).
    pub phone_pattern: Regex,
    /// The postal code rule (anchored), if the country has postal codes.
    pub postal_code_pattern: Option<Regex>,
}

impl Country {
    /// The default language.
    pub fn default_language(&self) -> &str {
        self.languages.first().map_or("en", String::as_str)
    }
}

/// How precisely people give their birth: Co-WIN asked only for the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BirthPrecision {
    /// Year of birth only; age is the difference of calendar years.
    #[default]
    Year,
    /// Full date of birth; age is counted in completed years.
    Date,
}

/// `[registration]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Registration {
    /// People one mobile account may register.
    pub max_beneficiaries_per_account: i64,
    /// Whether the year or the full date of birth is asked.
    pub birth: BirthPrecision,
    /// Gender values offered, as codes that have locale messages.
    pub genders: Vec<String>,
}

impl Default for Registration {
    fn default() -> Self {
        Self {
            max_beneficiaries_per_account: 4,
            birth: BirthPrecision::Year,
            genders: vec!["female".into(), "male".into(), "other".into()],
        }
    }
}

/// `[appointments]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Appointments {
    /// How many days ahead a session may be booked.
    pub booking_window_days: i64,
    /// Share of each session kept for on-site registration (0 to 1).
    pub walk_in_share: f64,
    /// Seconds a public session search may be served from cache.
    pub search_cache_seconds: i64,
    /// Facilities on one page of a session search's answer.
    pub search_page_size: i64,
    /// Whether a later dose may be booked with another product than the earlier doses
    /// even where no `may_follow` rule allows it.
    pub allow_product_mix: bool,
}

impl Default for Appointments {
    fn default() -> Self {
        Self {
            booking_window_days: 28,
            walk_in_share: 0.5,
            search_cache_seconds: 30,
            search_page_size: 20,
            allow_product_mix: false,
        }
    }
}

/// `[otp]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Otp {
    /// Digits in a code.
    pub length: i64,
    /// Seconds a code stays valid.
    pub ttl_seconds: i64,
    /// Wrong tries before a code is void.
    pub max_attempts: i64,
    /// Codes one mobile number may receive in a day.
    pub max_sends_per_day: i64,
    /// Seconds before another code may be sent to the same number.
    pub resend_after_seconds: i64,
    /// Minutes of inactivity after which a citizen's session token expires.
    pub token_idle_minutes: i64,
}

impl Default for Otp {
    fn default() -> Self {
        Self {
            length: 6,
            ttl_seconds: 180,
            max_attempts: 3,
            max_sends_per_day: 50,
            resend_after_seconds: 60,
            token_idle_minutes: 15,
        }
    }
}

/// `[branding]`: how the web pages present the programme (the templates and static files
/// themselves are overridden from the profile's `templates/` and `static/` folders).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Branding {
    /// The programme's name in the page header; the `app-name` message when left out.
    pub programme_name: Option<String>,
    /// A logo file under the profile's `static/` folder (SVG or PNG), shown beside the name.
    pub logo: Option<String>,
    /// Colour of the header and the buttons, `#rrggbb`.
    pub primary_colour: String,
    /// Colour of text on the primary colour, `#rrggbb`; must contrast with it at 4.5:1 or more.
    pub on_primary_colour: String,
}

impl Default for Branding {
    fn default() -> Self {
        Self {
            programme_name: None,
            logo: None,
            primary_colour: "#0b5394".to_owned(),
            on_primary_colour: "#ffffff".to_owned(),
        }
    }
}

impl Branding {
    /// The contrast ratio of two `#rrggbb` colours as WCAG 2.1 defines it (1 to 21), if both parse.
    pub fn contrast(a: &str, b: &str) -> Option<f64> {
        let (la, lb) = (luminance(a)?, luminance(b)?);
        let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
        Some((hi + 0.05) / (lo + 0.05))
    }
}

/// The relative luminance of a `#rrggbb` colour (WCAG 2.1).
fn luminance(colour: &str) -> Option<f64> {
    let hex = colour.strip_prefix('#')?;
    if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |i: usize| -> Option<f64> {
        let v = f64::from(u8::from_str_radix(hex.get(i..i + 2)?, 16).ok()?) / 255.0;
        Some(if v <= 0.039_28 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        })
    };
    Some(0.2126 * channel(0)? + 0.7152 * channel(2)? + 0.0722 * channel(4)?)
}

/// `[rate_limits]`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RateLimits {
    /// API requests one IP address may make per minute.
    pub per_ip_per_minute: i64,
    /// Login-code requests one mobile number may make per hour.
    pub per_mobile_per_hour: i64,
    /// Forms one IP address may send to the web pages per minute.
    pub per_ip_forms_per_minute: i64,
    /// Of those, login forms (citizen and staff) one IP address may send per minute.
    pub per_ip_logins_per_minute: i64,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            per_ip_per_minute: 600,
            per_mobile_per_hour: 10,
            per_ip_forms_per_minute: 60,
            per_ip_logins_per_minute: 10,
        }
    }
}

/// Certificate settings, checked.
#[derive(Debug, Clone)]
pub struct Certificates {
    /// Formats issued.
    pub formats: Vec<CertificateFormat>,
    /// Issuer name printed on certificates.
    pub issuer: String,
    /// Print full birth date and travel document on international certificates.
    pub international: bool,
    /// Days a signed certificate stays valid after it is issued (default 365).
    pub validity_days: u32,
    /// ISO 3166-1 alpha-3 code of the country, for formats that want three letters (DDCC:VS).
    pub country_alpha3: Option<String>,
    /// URL of the code system of the profile's vaccine codes, written in FHIR output.
    pub vaccine_code_system: Option<String>,
}

impl Certificates {
    /// Validity of a certificate when the profile does not set `validity_days`.
    pub const DEFAULT_VALIDITY_DAYS: u32 = 365;
}

impl Default for Certificates {
    fn default() -> Self {
        Self {
            formats: Vec::new(),
            issuer: String::new(),
            international: false,
            validity_days: Self::DEFAULT_VALIDITY_DAYS,
            country_alpha3: None,
            vaccine_code_system: None,
        }
    }
}

/// A certificate format a profile may ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateFormat {
    /// EU Digital COVID Certificate (`HC1:`).
    EuDcc,
    /// SMART Health Card (`shc:/`).
    Shc,
    /// WHO DDCC:VS as a FHIR bundle.
    DdccFhir,
    /// Printable PDF.
    Pdf,
}

impl CertificateFormat {
    /// Names accepted in `certificates.formats`.
    pub const NAMES: &'static [&'static str] = &["eu-dcc", "shc", "ddcc-fhir", "pdf"];

    /// Parses a profile name.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "eu-dcc" => Some(Self::EuDcc),
            "shc" => Some(Self::Shc),
            "ddcc-fhir" => Some(Self::DdccFhir),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }
}

/// Codes of a product in international code systems.
#[derive(Debug, Clone, Deserialize, Serialize, Default, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct VaccineCodes {
    /// EU DCC medicinal product (value set `vaccines-covid-19-names`), e.g. `EU/1/20/1528`.
    pub eu_product: Option<String>,
    /// EU DCC marketing authorisation holder (value set `vaccines-covid-19-auth-holders`), e.g. `ORG-100030215`.
    pub eu_manufacturer: Option<String>,
    /// EU DCC vaccine or prophylaxis (value set `sct-vaccines-covid-19`), e.g. `1119349007`.
    pub eu_prophylaxis: Option<String>,
    /// WHO ATC code.
    pub atc: Option<String>,
    /// SNOMED CT product code.
    pub snomed: Option<String>,
    /// CDC CVX code (used by SMART Health Cards).
    pub cvx: Option<String>,
    /// ICD-11 code.
    pub icd11: Option<String>,
}

/// A vaccine product, checked.
#[derive(Debug, Clone)]
pub struct Vaccine {
    /// Stable product code.
    pub code: String,
    /// Brand name.
    pub name: String,
    /// Manufacturer.
    pub manufacturer: String,
    /// Disease targeted.
    pub disease: String,
    /// International codes.
    pub codes: VaccineCodes,
    /// Window in which the product may be given.
    pub available: Period,
    /// Age rules.
    pub ages: Vec<AgeRule>,
    /// Doses in the primary series.
    pub doses: u32,
    /// Booster doses after the series.
    pub boosters: u32,
    /// Gaps between doses.
    pub intervals: Vec<IntervalRule>,
    /// Which other products' earlier doses this one may follow.
    pub may_follow: Vec<MayFollow>,
}

/// An inclusive range of days; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Period {
    /// First day, or open.
    pub from: Option<NaiveDate>,
    /// Last day, or open.
    pub until: Option<NaiveDate>,
}

impl Period {
    /// A period that contains no day: a rule that exists but is in force on none.
    pub const NEVER: Period = Period {
        from: Some(NaiveDate::MAX),
        until: Some(NaiveDate::MIN),
    };

    /// Whether the day falls in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day <= u)
    }

    /// Whether two periods share at least one day.
    pub fn overlaps(&self, other: &Period) -> bool {
        let starts_before_other_ends = match (self.from, other.until) {
            (Some(f), Some(u)) => f <= u,
            _ => true,
        };
        let other_starts_before_self_ends = match (other.from, self.until) {
            (Some(f), Some(u)) => f <= u,
            _ => true,
        };
        starts_before_other_ends && other_starts_before_self_ends
    }
}

/// Who may receive a vaccine, in a period.
#[derive(Debug, Clone)]
pub struct AgeRule {
    /// When the rule applies.
    pub period: Period,
    /// Minimum age in completed years.
    pub min_years: u32,
    /// Maximum age in completed years.
    pub max_years: Option<u32>,
}

/// The gap before a dose, in a period.
#[derive(Debug, Clone)]
pub struct IntervalRule {
    /// The dose after which the gap is counted.
    pub after_dose: u32,
    /// Earliest day, in days after the previous dose.
    pub min_days: u32,
    /// Latest recommended day, in days after the previous dose.
    pub max_days: Option<u32>,
    /// When the rule applies (by the day the next dose is given).
    pub period: Period,
    /// Minimum age for this dose, if it differs.
    pub min_age_years: Option<u32>,
}

/// Which doses a `may_follow` rule covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DoseKind {
    /// Doses of the primary series.
    Primary,
    /// Booster doses.
    Booster,
    /// Both.
    Any,
}

/// Permission for a product to follow doses of other products.
#[derive(Debug, Clone)]
pub struct MayFollow {
    /// Products whose doses this product may follow.
    pub products: Vec<String>,
    /// Which of this product's doses the rule covers.
    pub doses: DoseKind,
    /// When the rule applies.
    pub period: Period,
}
