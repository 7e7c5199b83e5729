//! The routine-schedule sections of `profile.toml` (format version 2), exactly as written:
//! `[[antigens]]`, `[[vaccine_groups]]`, `[[live_virus_conflicts]]` and `[[series]]` with their
//! doses. Ages and intervals stay text here (`"6 weeks - 4 days"`); the loader parses them and
//! reports each mistake at its position.

use serde::Deserialize;

use crate::schema::DateText;

/// One `[[antigens]]` entry: a target disease.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AntigenFile {
    /// Stable code, e.g. `measles`.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// People born before this day count as immune.
    pub immune_if_born_before: Option<DateText>,
}

/// An antigen a product counts for: a code, or a table limiting the ages.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum ProductAntigenFile {
    /// Every dose counts.
    Code(String),
    /// Doses count only at some ages.
    Limited(LimitedAntigenFile),
}

/// `{ antigen = "varicella", to_age = "50 years" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitedAntigenFile {
    /// The antigen code.
    pub antigen: String,
    /// Counts from this age on.
    pub from_age: Option<String>,
    /// Counts before this age.
    pub to_age: Option<String>,
}

/// One `[[vaccine_groups]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VaccineGroupFile {
    /// Stable code, e.g. `dtap`.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// Antigen codes.
    pub antigens: Vec<String>,
    /// Every antigen must be given together.
    #[serde(default)]
    pub administer_full_group: bool,
}

/// One `[[live_virus_conflicts]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConflictFile {
    /// Earlier products.
    pub previous: Vec<String>,
    /// Later products.
    pub current: Vec<String>,
    /// Start of the conflict after the earlier dose.
    #[serde(default = "one_day")]
    pub begin: String,
    /// End after a valid earlier dose; `end` when left out.
    pub min_end: Option<String>,
    /// End after an earlier dose.
    pub end: String,
}

fn one_day() -> String {
    "1 day".into()
}

/// One `[[series]]` entry.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeriesFile {
    /// Stable code.
    pub code: String,
    /// Name shown to people.
    pub name: String,
    /// The antigen code.
    pub antigen: String,
    /// `standard`, `risk` or `evaluation-only`.
    #[serde(default = "standard")]
    pub kind: String,
    /// Genders it is for.
    #[serde(default)]
    pub genders: Vec<String>,
    /// Region codes it is for.
    #[serde(default)]
    pub regions: Vec<String>,
    /// Conditions that make a risk series apply.
    #[serde(default)]
    pub conditions: Vec<String>,
    /// The series followed when nothing distinguishes the others.
    #[serde(default)]
    pub default: bool,
    /// Every dose must be the same product.
    #[serde(default)]
    pub product_path: bool,
    /// Competing series share a set.
    #[serde(default = "one")]
    pub set: i64,
    /// Sets that may stand in for this one.
    #[serde(default)]
    pub equivalent_sets: Vec<i64>,
    /// `A` before `B`.
    #[serde(default = "priority_a")]
    pub priority: String,
    /// Lower is preferred among equals.
    #[serde(default = "one")]
    pub preference: i64,
    /// Earliest age to start.
    pub min_age_to_start: Option<String>,
    /// Start before this age.
    pub max_age_to_start: Option<String>,
    /// The doses.
    pub doses: Vec<SeriesDoseFile>,
}

fn standard() -> String {
    "standard".into()
}
fn one() -> i64 {
    1
}
fn priority_a() -> String {
    "A".into()
}

/// One `[[series.doses]]` entry.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SeriesDoseFile {
    /// The age rule when there is one.
    pub age: Option<AgeFile>,
    /// Effective-dated age rules.
    #[serde(default)]
    pub ages: Vec<AgeFile>,
    /// The interval when there is one.
    pub interval: Option<IntervalFile>,
    /// Several intervals, all of which must be met.
    #[serde(default)]
    pub intervals: Vec<IntervalFile>,
    /// An interval that also makes the dose valid.
    pub allowable_interval: Option<IntervalFile>,
    /// Several allowable intervals.
    #[serde(default)]
    pub allowable_intervals: Vec<IntervalFile>,
    /// Recommended products.
    #[serde(default)]
    pub preferable: Vec<DoseProductFile>,
    /// Accepted products.
    #[serde(default)]
    pub allowable: Vec<DoseProductFile>,
    /// Products given by mistake.
    #[serde(default)]
    pub inadvertent: Vec<String>,
    /// Skip rules.
    #[serde(default)]
    pub skip: Vec<SkipFile>,
    /// The dose repeats.
    #[serde(default)]
    pub recurring: bool,
    /// A booster, after the primary series.
    #[serde(default)]
    pub booster: bool,
    /// A yearly season.
    pub season: Option<SeasonFile>,
}

/// An age rule.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AgeFile {
    /// Never valid below.
    pub absolute_min: Option<String>,
    /// Minimum age.
    pub min: Option<String>,
    /// Recommended from.
    pub earliest: Option<String>,
    /// Past due from.
    pub latest: Option<String>,
    /// Not given from.
    pub max: Option<String>,
    /// Applies from.
    pub from: Option<DateText>,
    /// Applies until.
    pub until: Option<DateText>,
}

/// An interval rule.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct IntervalFile {
    /// Counted from the dose that met this dose number (default: the previous dose).
    pub from_dose: Option<i64>,
    /// Counted from the most recent dose of these products.
    pub from_last_of: Option<Vec<String>>,
    /// Only when the dose counted from was one of these products.
    #[serde(default)]
    pub after_vaccines: Vec<String>,
    /// Only when the dose given is one of these products.
    #[serde(default)]
    pub for_vaccines: Vec<String>,
    /// Never valid below.
    pub absolute_min: Option<String>,
    /// Minimum interval.
    pub min: Option<String>,
    /// Recommended from.
    pub earliest: Option<String>,
    /// Past due from.
    pub latest: Option<String>,
    /// In a vaccine group, the dose may come as soon as any antigen allows.
    #[serde(default, rename = "override")]
    pub priority_override: bool,
    /// Applies from.
    pub from: Option<DateText>,
    /// Applies until.
    pub until: Option<DateText>,
}

/// A product of a dose: a code, or a table with limits.
#[derive(Debug)]
pub enum DoseProductFile {
    /// Any age, any day.
    Code(String),
    /// With limits.
    Limited(LimitedDoseProductFile),
}

// Not `#[serde(untagged)]`: that reports any mistake inside the table (a misspelt key, a list of
// codes where `may_follow` wants tables) only as "data did not match any variant", with no key.
// Reading the table as itself passes its own error, at its key, through.
impl<'de> Deserialize<'de> for DoseProductFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entry;
        impl<'de> serde::de::Visitor<'de> for Entry {
            type Value = DoseProductFile;

            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a vaccine code or a table { vaccine = \"...\", ... }")
            }

            fn visit_str<E: serde::de::Error>(self, code: &str) -> Result<Self::Value, E> {
                Ok(DoseProductFile::Code(code.to_owned()))
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Self::Value, A::Error> {
                LimitedDoseProductFile::deserialize(serde::de::value::MapAccessDeserializer::new(
                    map,
                ))
                .map(DoseProductFile::Limited)
            }
        }
        deserializer.deserialize_any(Entry)
    }
}

/// `{ vaccine = "dtap", to_age = "7 years" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitedDoseProductFile {
    /// The product code.
    pub vaccine: String,
    /// From this age on.
    pub from_age: Option<String>,
    /// Before this age.
    pub to_age: Option<String>,
    /// The forecast names it.
    #[serde(default)]
    pub forecast: bool,
    /// Accepted from.
    pub from: Option<DateText>,
    /// Accepted until.
    pub until: Option<DateText>,
    /// Products whose earlier doses it may follow (left out: any).
    pub may_follow: Option<Vec<FollowFile>>,
}

/// `{ vaccines = ["covishield"], from = 2022-08-12 }`: earlier products a dose may follow.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowFile {
    /// The earlier products.
    pub vaccines: Vec<String>,
    /// Applies from.
    pub from: Option<DateText>,
    /// Applies until.
    pub until: Option<DateText>,
}

/// One `[[series.doses.skip]]` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipFile {
    /// `evaluation`, `forecast` or `both`.
    #[serde(default = "both")]
    pub context: String,
    /// `any` or `all` of the sets.
    #[serde(default = "any")]
    pub logic: String,
    /// The sets.
    pub sets: Vec<SkipSetFile>,
}

fn both() -> String {
    "both".into()
}
fn any() -> String {
    "any".into()
}

/// One set of a skip rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SkipSetFile {
    /// What the set means.
    #[serde(default)]
    pub description: String,
    /// `any` or `all` of the conditions.
    #[serde(default = "all")]
    pub logic: String,
    /// Applies from.
    pub from: Option<DateText>,
    /// Applies until.
    pub until: Option<DateText>,
    /// The conditions.
    pub conditions: Vec<ConditionFile>,
}

fn all() -> String {
    "all".into()
}

/// A skip condition: `type` says which keys apply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionFile {
    /// `age`, `interval`, `count` or `completed`.
    #[serde(rename = "type")]
    pub kind: String,
    /// From this age.
    pub from_age: Option<String>,
    /// Before this age.
    pub to_age: Option<String>,
    /// The interval since the previous dose.
    pub interval: Option<String>,
    /// Products counted.
    #[serde(default)]
    pub vaccines: Vec<String>,
    /// Doses on or after: a date, or `season-start`.
    pub from_date: Option<DateText>,
    /// Doses before: a date, or `season-start` / `season-end`.
    pub to_date: Option<DateText>,
    /// `valid` or `total`.
    pub doses: Option<String>,
    /// `greater`, `equal` or `less`.
    pub compare: Option<String>,
    /// The number compared to.
    pub count: Option<i64>,
    /// Series sets, for `completed`.
    #[serde(default)]
    pub sets: Vec<i64>,
}

/// `season = { start = "07-01", end = "06-30" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SeasonFile {
    /// First day, MM-DD.
    pub start: String,
    /// Last day, MM-DD.
    pub end: String,
}
