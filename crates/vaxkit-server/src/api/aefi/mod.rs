//! Adverse events following immunisation (AEFI): reported by the person vaccinated (for
//! their account's doses) or by staff (for doses given in their scope), with the WHO core
//! fields; listed for administrators of the region where the dose was given.

pub mod list;
pub mod report;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::aefi::{self, AefiReport, NewAefi};
use vaxkit_store::repo::doses::DoseRecord;
use vaxkit_store::repo::{audit, facilities};

use crate::api::sessions::parse_date;
use crate::error::{ApiError, ErrorCode};

/// Symptom codes offered (common AEFI terms; `other` with a description).
pub const SYMPTOMS: &[&str] = &[
    "fever",
    "injection_site_reaction",
    "headache",
    "fatigue",
    "myalgia",
    "nausea",
    "vomiting",
    "diarrhoea",
    "rash",
    "allergic_reaction",
    "anaphylaxis",
    "syncope",
    "seizure",
    "thrombosis",
    "myocarditis",
    "other",
];
/// Seriousness criteria (WHO): any one makes the event serious.
pub const SERIOUSNESS: &[&str] = &[
    "death",
    "life_threatening",
    "hospitalisation",
    "disability",
    "congenital_anomaly",
    "other_medically_important",
];
/// Outcomes (WHO).
pub const OUTCOMES: &[&str] = &[
    "recovered",
    "recovering",
    "not_recovered",
    "recovered_with_sequelae",
    "fatal",
    "unknown",
];

/// Request body.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AefiInput {
    /// Reference of the dose the event followed.
    pub dose: String,
    /// First day of symptoms, `YYYY-MM-DD`.
    pub onset_date: String,
    /// Symptom codes (see `SYMPTOMS`), one to ten.
    pub symptoms: Vec<String>,
    /// Seriousness criteria (empty: not serious).
    #[serde(default)]
    pub seriousness: Vec<String>,
    /// Outcome code.
    pub outcome: String,
    /// What happened, in the reporter's words (at most 2000 characters).
    #[serde(default)]
    pub description: String,
}

/// A report as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AefiOut {
    /// Report reference.
    pub reference: String,
    /// Dose reference.
    pub dose: String,
    /// Who reported.
    pub reporter: String,
    /// Onset.
    pub onset_date: NaiveDate,
    /// Symptoms.
    pub symptoms: Vec<String>,
    /// Serious or not.
    pub serious: bool,
    /// Seriousness criteria.
    pub seriousness: Vec<String>,
    /// Outcome.
    pub outcome: String,
    /// Description.
    pub description: String,
    /// Region of the facility where the dose was given.
    pub region: String,
}

fn split(s: &str) -> Vec<String> {
    s.split(',')
        .filter(|x| !x.is_empty())
        .map(String::from)
        .collect()
}

/// The answer form of a report.
pub fn out(r: &AefiReport, dose: &str) -> AefiOut {
    AefiOut {
        reference: r.reference.clone(),
        dose: dose.to_string(),
        reporter: r.reporter.clone(),
        onset_date: r.onset_date,
        symptoms: split(&r.symptoms),
        serious: r.serious,
        seriousness: split(&r.seriousness),
        outcome: r.outcome.clone(),
        description: r.description.clone(),
        region: r.region_code.clone(),
    }
}

fn invalid(field: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidAefi).with_arg("field", field)
}

/// Checks the report against its dose and stores it with an audit entry.
pub fn store(
    c: &mut DbConnection,
    input: &AefiInput,
    dose: &DoseRecord,
    reporter: &str,
    today: NaiveDate,
    now: chrono::NaiveDateTime,
) -> Result<AefiOut, ApiError> {
    let onset = parse_date(&input.onset_date)?;
    if onset < dose.given_on || onset > today {
        return Err(invalid("onset_date"));
    }
    let mut seen = std::collections::HashSet::new();
    if input.symptoms.is_empty()
        || input.symptoms.len() > 10
        || !input
            .symptoms
            .iter()
            .all(|s| SYMPTOMS.contains(&s.as_str()) && seen.insert(s))
    {
        return Err(invalid("symptoms"));
    }
    let mut seen = std::collections::HashSet::new();
    if !input
        .seriousness
        .iter()
        .all(|s| SERIOUSNESS.contains(&s.as_str()) && seen.insert(s))
    {
        return Err(invalid("seriousness"));
    }
    if !OUTCOMES.contains(&input.outcome.as_str())
        || (input.outcome == "fatal" && !input.seriousness.iter().any(|s| s == "death"))
    {
        return Err(invalid("outcome"));
    }
    let description = input.description.trim().to_string();
    if description.chars().count() > 2000
        || (input.symptoms.iter().any(|s| s == "other") && description.is_empty())
    {
        return Err(invalid("description"));
    }
    let region = match dose.facility_id {
        Some(id) => facilities::by_ids(c, &[id])?
            .into_iter()
            .next()
            .map(|(_, r)| r)
            .unwrap_or_default(),
        None => String::new(),
    };
    let report = aefi::insert(
        c,
        &NewAefi {
            dose_id: dose.id,
            reporter: reporter.to_string(),
            onset_date: onset,
            symptoms: input.symptoms.clone(),
            serious: !input.seriousness.is_empty(),
            seriousness: input.seriousness.clone(),
            outcome: input.outcome.clone(),
            description,
            region_code: region,
        },
        now,
    )?;
    let answer = out(&report, &dose.reference);
    audit::append(
        c,
        now,
        audit::Event {
            actor: reporter,
            action: "aefi.report",
            entity: "aefi",
            entity_ref: &report.reference,
            before: None,
            after: serde_json::to_string(&answer).ok(),
        },
    )?;
    Ok(answer)
}
