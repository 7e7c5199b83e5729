//! Adverse events following immunisation (AEFI): reported by the person vaccinated (for
//! their account's doses) or by staff (for doses given in their scope), with the WHO core
//! fields; listed for administrators of the region where the dose was given.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use vaxkit_store::DbConnection;
use vaxkit_store::repo::aefi::{self, AefiReport, NewAefi};
use vaxkit_store::repo::doses::{self, DoseRecord};
use vaxkit_store::repo::{beneficiaries, facilities};

use crate::Core;
use crate::actor::Actor;
use crate::audit::{self, Action};
use crate::error::{Error, ErrorCode, Result};
use crate::staff::Role;
use crate::types::parse_date;

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

/// A report as the reporter gives it.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// A report as answers show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
fn out(r: &AefiReport, dose: &str) -> AefiOut {
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

fn invalid(field: &str) -> Error {
    Error::new(ErrorCode::InvalidAefi).with_arg("field", field)
}

/// Checks the report against its dose and stores it with an audit entry.
fn store(
    c: &mut DbConnection,
    input: &AefiInput,
    dose: &DoseRecord,
    reporter: &Actor,
    today: NaiveDate,
    now: chrono::NaiveDateTime,
) -> Result<AefiOut> {
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
            reporter: reporter.audit_name(),
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
    audit::record(
        c,
        now,
        reporter,
        Action::AefiReport,
        &report.reference,
        None,
        audit::json(&answer),
    )?;
    Ok(answer)
}

/// Reports an event after a dose: a citizen for a dose of one of their account's people, staff
/// for a dose given at a facility of their scope; any other dose is `dose_not_found`.
pub fn report(
    core: &Core,
    actor: &Actor,
    input: &AefiInput,
    now: DateTime<Utc>,
) -> Result<AefiOut> {
    let staff = match actor {
        Actor::Citizen(_) => None,
        _ => Some(actor.staff(&[
            Role::NationalAdmin,
            Role::RegionAdmin,
            Role::FacilityAdmin,
            Role::Vaccinator,
        ])?),
    };
    let today = core.today(now);
    core.write(|c| {
        let dose = doses::by_reference(c, &input.dose)?.ok_or(ErrorCode::DoseNotFound)?;
        let allowed = match (actor, staff) {
            (Actor::Citizen(who), _) => beneficiaries::get(c, dose.beneficiary_id)?
                .is_some_and(|person| person.account_id == who.account_id),
            (_, Some(me)) => {
                let facility = match dose.facility_id {
                    Some(id) => facilities::by_ids(c, &[id])?.into_iter().next(),
                    None => None,
                };
                facility
                    .is_some_and(|(f, region)| me.covers_facility(&core.profile, &f.code, &region))
            }
            _ => false,
        };
        if !allowed {
            return Err(ErrorCode::DoseNotFound.into());
        }
        store(c, input, &dose, actor, today, now.naive_utc())
    })
}

/// Reports for the regions of the actor's scope, newest first (at most `limit`, 1 to 1000),
/// serious ones only if asked; national and region admins and auditors.
pub fn list(core: &Core, actor: &Actor, serious: Option<bool>, limit: i64) -> Result<Vec<AefiOut>> {
    let me = actor.staff(&[Role::NationalAdmin, Role::RegionAdmin, Role::Auditor])?;
    if !(1..=1000).contains(&limit) {
        return Err(ErrorCode::InvalidQuery.into());
    }
    let reports = core.store.read(|c| {
        let mut found = Vec::new();
        for r in aefi::all(c, limit)? {
            let dose = doses::by_reference_id(c, r.dose_id)?;
            found.push((r, dose.map(|d| d.reference).unwrap_or_default()));
        }
        Ok(found)
    })?;
    Ok(reports
        .iter()
        .filter(|(r, _)| me.covers_region(&core.profile, &r.region_code))
        .filter(|(r, _)| serious.is_none_or(|s| r.serious == s))
        .map(|(r, dose)| out(r, dose))
        .collect())
}
