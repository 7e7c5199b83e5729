//! The `profile.toml` file format, exactly as written by an integrator.
//!
//! These structs mirror the TOML keys one to one and refuse unknown keys. They hold
//! plain text and numbers; [`crate::load`] turns them into the checked model
//! ([`crate::Profile`]) and reports every mistake with its position.

use serde::Deserialize;

/// The whole `profile.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileFile {
    /// Format version of the profile; this release reads versions 1 and 2.
    pub version: i64,
    /// Country identity, time zone, languages, phone and address rules.
    pub country: CountryFile,
    /// Account and beneficiary rules.
    #[serde(default)]
    pub registration: crate::Registration,
    /// Identity documents people may register with.
    #[serde(default)]
    pub id_schemes: Vec<IdSchemeFile>,
    /// The vaccine catalogue.
    #[serde(default)]
    pub vaccines: Vec<VaccineFile>,
    /// Target diseases (version 2).
    #[serde(default)]
    pub antigens: Vec<crate::schema_schedule::AntigenFile>,
    /// Antigens forecast together (version 2).
    #[serde(default)]
    pub vaccine_groups: Vec<crate::schema_schedule::VaccineGroupFile>,
    /// Spacing between live-virus products (version 2).
    #[serde(default)]
    pub live_virus_conflicts: Vec<crate::schema_schedule::ConflictFile>,
    /// Series of doses per antigen (version 2).
    #[serde(default)]
    pub series: Vec<crate::schema_schedule::SeriesFile>,
    /// Booking rules.
    #[serde(default)]
    pub appointments: crate::Appointments,
    /// One-time password rules for citizen login.
    #[serde(default)]
    pub otp: crate::Otp,
    /// Request rate limits.
    #[serde(default)]
    pub rate_limits: crate::RateLimits,
    /// SMS and email gateways.
    #[serde(default)]
    pub notifications: crate::Notifications,
    /// Certificate formats and issuer.
    #[serde(default)]
    pub certificates: CertificatesFile,
    /// The web pages' programme name, logo and colours.
    #[serde(default)]
    pub branding: crate::Branding,
}

/// `[country]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CountryFile {
    /// ISO 3166-1 alpha-2 code.
    pub code: String,
    /// The country's name in English.
    pub name: String,
    /// IANA time zone in which dates and ages are counted.
    pub timezone: String,
    /// Language tags; the first is the default.
    pub languages: Vec<String>,
    /// Mobile number rule.
    pub phone: PhoneFile,
    /// Postal code rule, if the country has postal codes.
    pub postal_code: Option<PatternFile>,
    /// Region levels and the regions file.
    pub regions: RegionsFile,
}

/// `country.phone`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneFile {
    /// International calling code without `+`.
    pub calling_code: String,
    /// Regular expression for the national number (without the calling code).
    pub pattern: String,
}

/// A table holding only a regular expression.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternFile {
    /// Regular expression the whole value must match.
    pub pattern: String,
}

/// `country.regions`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionsFile {
    /// Level names from the top down, e.g. `["state", "district"]`.
    pub levels: Vec<String>,
    /// CSV file with the regions, relative to the profile folder.
    pub file: String,
}

/// One `[[id_schemes]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdSchemeFile {
    /// Stable identifier used in the API and the database.
    pub id: String,
    /// Name shown to people.
    pub name: String,
    /// Regular expression the normalised number must match.
    pub pattern: String,
    /// Normalisation steps applied before the pattern and the checksum.
    #[serde(default)]
    pub normalize: Vec<String>,
    /// Check-digit algorithm name.
    #[serde(default = "none")]
    pub checksum: String,
    /// Parameters when `checksum = "weighted"`: one table, or a list for several check chars.
    pub weighted: Option<OneOrMany<WeightedFile>>,
    /// How the number is shown masked.
    #[serde(default)]
    pub mask: MaskFile,
    /// Whether the number may be printed on international certificates (passports).
    #[serde(default)]
    pub travel_document: bool,
    /// A valid example number, checked when the profile loads.
    pub example: Option<String>,
    /// Regular expressions of numbers the pattern accepts but that are never issued.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// A birth date written inside the number.
    pub date: Option<DateFile>,
    /// Pad a shorter normalised number with leading zeros to this length.
    pub pad_to: Option<i64>,
}

/// `date = { ... }` of an ID scheme: where a birth date sits in the number and how it is written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateFile {
    /// 0-based char position of the date in the normalised number.
    pub at: i64,
    /// `YYMMDD`, `DDMMYY` or `YYYYMMDD`.
    pub order: String,
    /// Offsets that may have been added to the day, e.g. `[0, 40]`.
    #[serde(default)]
    pub day_offsets: Vec<i64>,
    /// Offsets that may have been added to the month, e.g. `[0, 20, 40]`.
    #[serde(default)]
    pub month_offsets: Vec<i64>,
    /// Rules choosing the century of a two-digit year.
    #[serde(default)]
    pub centuries: Vec<CenturyFile>,
    /// Numbers matching this regular expression carry no date.
    pub skip: Option<String>,
}

/// One `date.centuries` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CenturyFile {
    /// Numbers this rule covers (all when absent).
    pub pattern: Option<String>,
    /// First year of the century, e.g. 1900.
    pub century: i64,
}

/// A value written either as one table or as a list of them.
#[derive(Debug)]
pub enum OneOrMany<T> {
    /// `key = { ... }`.
    One(T),
    /// `key = [{ ... }, { ... }]`.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values in order.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }
}

// Hand-written rather than `#[serde(untagged)]`, so that a mistake inside the table (an unknown
// key) keeps its own message instead of "did not match any variant".
impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a table or a list of tables")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(OneOrMany::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                seq: A,
            ) -> Result<Self::Value, A::Error> {
                Vec::<T>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(OneOrMany::Many)
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

fn none() -> String {
    "none".into()
}

/// `weighted = { ... }` parameters of a configurable weighted-sum check.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightedFile {
    /// Weights for the payload characters, cycled when the payload is longer.
    pub weights: Vec<i64>,
    /// The modulus, e.g. 11.
    pub modulus: i64,
    /// Apply weights from the right (next to the check character) instead of the left.
    #[serde(default)]
    pub from_right: bool,
    /// Check value is `modulus - sum % modulus` (mod modulus) instead of `sum % modulus`.
    #[serde(default)]
    pub complement: bool,
    /// Letters count as A=10 .. Z=35.
    #[serde(default)]
    pub letters: bool,
    /// How a check value of 10 is written, e.g. "X".
    pub ten_as: Option<String>,
    /// The character written for each check value, e.g. "0123456789K".
    pub check_chars: Option<String>,
    /// Each product counts by the sum of its digits (Luhn's doubling).
    #[serde(default)]
    pub digit_sum: bool,
    /// 0-based position of the check char when it is not the last.
    pub position: Option<i64>,
    /// Payload chars the sum passes over, e.g. "-+".
    #[serde(default)]
    pub skip_chars: String,
}

/// `mask = { ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MaskFile {
    /// Characters kept visible at the start.
    #[serde(default)]
    pub keep_first: i64,
    /// Characters kept visible at the end.
    #[serde(default = "four")]
    pub keep_last: i64,
    /// The masking character.
    #[serde(default = "x")]
    pub char: String,
}

fn four() -> i64 {
    4
}
fn x() -> String {
    "X".into()
}

impl Default for MaskFile {
    fn default() -> Self {
        Self {
            keep_first: 0,
            keep_last: four(),
            char: x(),
        }
    }
}

/// One `[[vaccines]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaccineFile {
    /// Stable product code used everywhere else in the profile and the API.
    pub code: String,
    /// Brand name shown to people.
    pub name: String,
    /// Marketing authorisation holder or manufacturer (required in version 1 and for products
    /// with `doses`).
    pub manufacturer: Option<String>,
    /// Disease targeted, e.g. `covid-19` (version 1).
    pub disease: Option<String>,
    /// The antigens a dose counts for (version 2).
    pub antigens: Option<Vec<crate::schema_schedule::ProductAntigenFile>>,
    /// Codes in international code systems.
    #[serde(default)]
    pub codes: crate::VaccineCodes,
    /// First day the product may be given.
    pub available_from: Option<DateText>,
    /// Last day the product may be given.
    pub available_until: Option<DateText>,
    /// Age rules, effective-dated.
    #[serde(default)]
    pub ages: Vec<AgeRuleFile>,
    /// Doses in the primary series of a campaign product (required in version 1).
    pub doses: Option<i64>,
    /// Booster doses offered after the primary series.
    #[serde(default)]
    pub boosters: i64,
    /// Minimum and maximum gaps before each later dose, effective-dated.
    #[serde(default)]
    pub intervals: Vec<IntervalRuleFile>,
    /// Other products whose earlier doses this product may follow.
    #[serde(default)]
    pub may_follow: Vec<MayFollowFile>,
}

/// One `[[vaccines.ages]]` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgeRuleFile {
    /// First day the rule applies.
    pub from: Option<DateText>,
    /// Last day the rule applies.
    pub until: Option<DateText>,
    /// Minimum age in completed years.
    #[serde(default)]
    pub min_years: i64,
    /// Maximum age in completed years.
    pub max_years: Option<i64>,
}

/// One `[[vaccines.intervals]]` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalRuleFile {
    /// The dose after which the gap is counted (1 = gap between dose 1 and dose 2).
    pub after_dose: i64,
    /// Earliest day of the next dose, counted in days after the previous one.
    pub min_days: i64,
    /// Latest recommended day of the next dose; later doses are overdue but allowed.
    pub max_days: Option<i64>,
    /// First day the rule applies.
    pub from: Option<DateText>,
    /// Last day the rule applies.
    pub until: Option<DateText>,
    /// Minimum age for this dose, when it differs from the vaccine's age rules.
    pub min_age_years: Option<i64>,
}

/// One `[[vaccines.may_follow]]` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MayFollowFile {
    /// Product codes whose earlier doses this product may follow.
    pub products: Vec<String>,
    /// Which doses: `primary`, `booster` or `any`.
    #[serde(default = "any")]
    pub doses: String,
    /// First day the rule applies.
    pub from: Option<DateText>,
}

fn any() -> String {
    "any".into()
}

/// `[certificates]`.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct CertificatesFile {
    /// Formats issued: `eu-dcc`, `shc`, `ddcc-fhir`, `pdf`.
    #[serde(default)]
    pub formats: Vec<String>,
    /// Issuer name printed on certificates.
    #[serde(default)]
    pub issuer: String,
    /// Print the full birth date and the travel document on international certificates.
    #[serde(default)]
    pub international: bool,
    /// Days a signed certificate stays valid after it is issued.
    pub validity_days: Option<i64>,
    /// The country's ISO 3166-1 alpha-3 code, for formats that want three letters (DDCC:VS).
    pub country_alpha3: Option<String>,
    /// URL of the code system of the profile's own vaccine codes, written in FHIR output.
    pub vaccine_code_system: Option<String>,
}

/// A date written either as a TOML date (`2021-05-13`) or a string (`"2021-05-13"`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateText(pub String);

impl<'de> Deserialize<'de> for DateText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = DateText;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a date such as 2021-05-13")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DateText, E> {
                Ok(DateText(v.to_string()))
            }
            // TOML dates reach serde as a one-entry map holding their text.
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<DateText, A::Error> {
                match map.next_entry::<String, String>()? {
                    Some((_, text)) => Ok(DateText(text)),
                    None => Err(serde::de::Error::custom(
                        "expected a date such as 2021-05-13",
                    )),
                }
            }
        }
        d.deserialize_any(V)
    }
}
