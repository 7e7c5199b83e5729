//! `POST /api/v1/vaccinator/doses`: record a dose given at one's facility.
//!
//! The client makes an idempotency key for each dose: a retry with the same key returns
//! the first record (header `Idempotent-Replayed: true`) and counts nothing twice. The
//! schedule engine checks the dose; a vaccinator may override a refusal only by writing
//! why. The record, the appointment it fulfils, the counters and the audit entry are one
//! transaction.

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_profile::schedule::{self, PastDose};
use vaxkit_store::DbConnection;
use vaxkit_store::repo::doses::{self, CounterKey, DoseRecord, NewDose};
use vaxkit_store::repo::{appointments, audit, beneficiaries};

use super::own_facility;
use crate::api::appointments::rules::{birth, schedule_reason};
use crate::api::reports::counters::{self, age_band};
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::lang::RequestLanguage;
use crate::staff::Staff;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordDose {
    /// A key the client makes once per dose (8 to 100 characters, e.g. a UUID).
    pub idempotency_key: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Product code given.
    pub vaccine: String,
    /// Batch or lot number from the vial.
    pub batch: String,
    /// Dose number, if the vaccinator states it; the schedule engine's otherwise.
    pub dose: Option<u32>,
    /// Why the schedule engine's refusal is overridden (required to override).
    pub override_reason: Option<String>,
}

/// A recorded dose as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DoseOut {
    /// Dose reference.
    pub reference: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Dose number.
    pub dose: i64,
    /// Product code.
    pub vaccine: String,
    /// Batch.
    pub batch: Option<String>,
    /// Day given.
    pub given_on: NaiveDate,
    /// Facility code.
    pub facility: String,
    /// The appointment fulfilled, if any.
    pub appointment_id: Option<String>,
    /// Why the schedule was overridden, if it was.
    pub override_reason: Option<String>,
}

/// The dose fields of a request, checked.
#[derive(Debug, Clone)]
pub struct DoseInput {
    /// The client's idempotency key.
    pub idempotency_key: String,
    /// Product code.
    pub vaccine: String,
    /// Batch, trimmed.
    pub batch: String,
    /// Dose number stated by the vaccinator.
    pub dose: Option<u32>,
    /// Why the schedule engine is overridden.
    pub override_reason: Option<String>,
}

impl DoseInput {
    /// Checks the key, the batch and the override reason.
    pub fn new(
        idempotency_key: String,
        vaccine: String,
        batch: &str,
        dose: Option<u32>,
        override_reason: Option<&str>,
    ) -> Result<Self, ApiError> {
        if !(8..=100).contains(&idempotency_key.len()) {
            return Err(ErrorCode::InvalidIdempotencyKey.into());
        }
        let batch = batch.trim().to_string();
        if batch.is_empty() || batch.chars().count() > 64 {
            return Err(ErrorCode::InvalidBatch.into());
        }
        let override_reason = override_reason
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(String::from);
        if override_reason
            .as_ref()
            .is_some_and(|r| r.chars().count() > 500)
        {
            return Err(ErrorCode::ReasonRequired.into());
        }
        Ok(Self {
            idempotency_key,
            vaccine,
            batch,
            dose,
            override_reason,
        })
    }
}

/// Records the dose.
#[utoipa::path(post, path = "/api/v1/vaccinator/doses", tag = "vaccinator", security(("bearer" = [])),
    request_body = RecordDose,
    responses((status = 201, body = DoseOut), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    lang: RequestLanguage,
    body: web::Json<RecordDose>,
) -> Result<HttpResponse, ApiError> {
    let b = body.into_inner();
    let input = DoseInput::new(
        b.idempotency_key,
        b.vaccine,
        &b.batch,
        b.dose,
        b.override_reason.as_deref(),
    )?;
    let st = state.clone();
    let result = crate::api::transact(&state, move |c| {
        let (facility, region) = own_facility(c, &me)?;
        record_in_tx(
            c,
            &st,
            &me,
            lang.as_str(),
            (&facility, &region),
            &b.beneficiary,
            &input,
        )
    })
    .await?;
    Ok(respond(result))
}

/// The answer to a recording: 201 with the record, marked when it is a replay.
pub fn respond((out, replayed): (DoseOut, bool)) -> HttpResponse {
    let mut response = HttpResponse::Created();
    if replayed {
        response.insert_header(("Idempotent-Replayed", "true"));
    }
    response.json(out)
}

/// Records a dose for a beneficiary at the vaccinator's facility inside the caller's
/// transaction: replay of a known key, the schedule engine's check or a written override,
/// the appointment fulfilled, the counters and the audit entry.
pub fn record_in_tx(
    c: &mut DbConnection,
    st: &AppState,
    me: &Staff,
    lang: &str,
    (facility, region): (&vaxkit_store::repo::facilities::Facility, &str),
    beneficiary: &str,
    input: &DoseInput,
) -> Result<(DoseOut, bool), ApiError> {
    let now = st.clock.now();
    let today = st.profile.local_date(now);
    if let Some(done) = doses::by_idempotency_key(c, &input.idempotency_key)? {
        return replay(c, done, beneficiary, &facility.code);
    }
    let person =
        beneficiaries::by_reference(c, beneficiary)?.ok_or(ErrorCode::BeneficiaryNotFound)?;
    if st.profile.vaccine(&input.vaccine).is_none() {
        return Err(ErrorCode::UnknownVaccine.into());
    }
    let past: Vec<PastDose> = beneficiaries::doses_of(c, person.id)?
        .into_iter()
        .map(|d| PastDose {
            date: d.given_on,
            product: d.vaccine,
        })
        .collect();
    let answer = schedule::evaluate(&st.profile, &input.vaccine, birth(&person), &past, today)
        .map_err(|e| {
            ApiError::new(ErrorCode::NotEligible)
                .with_arg("name", person.name.as_str())
                .with_arg("reason", e.to_string())
        })?;
    let next = u32::try_from(past.len())
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    let dose = input.dose.unwrap_or(answer.next_dose.unwrap_or(next));
    if input.override_reason.is_none() {
        if !answer.eligible {
            let reason = schedule_reason(&st.locales, lang, &answer);
            return Err(ApiError::new(ErrorCode::NotEligible)
                .with_arg("name", person.name.as_str())
                .with_arg("reason", reason));
        }
        if dose != next {
            return Err(ApiError::new(ErrorCode::WrongDose).with_arg("dose", i64::from(next)));
        }
    }
    // The person's open appointment here today, if any, is fulfilled by this dose.
    let appointment = appointments::open_at_facility(c, facility.id, today)?
        .into_iter()
        .find(|(_, p, _)| p.id == person.id)
        .map(|(a, _, _)| a);
    if let Some(a) = &appointment {
        appointments::complete(c, a.id, now.naive_utc())?;
    }
    let counted = CounterKey {
        day: today,
        region_code: region.to_string(),
        facility_id: facility.id,
        vaccine: input.vaccine.clone(),
        dose: i64::from(dose),
        age_band: age_band(birth(&person).age_on(today)).to_string(),
        gender: person.gender.clone(),
        shard: 0,
    };
    let new = NewDose {
        beneficiary_id: person.id,
        dose: i64::from(dose),
        vaccine: input.vaccine.clone(),
        given_on: today,
        batch: input.batch.clone(),
        facility_id: facility.id,
        staff_id: me.id,
        appointment_id: appointment.as_ref().map(|a| a.id),
        idempotency_key: input.idempotency_key.clone(),
        override_reason: input.override_reason.clone(),
    };
    let record = match doses::insert(c, &new, &counted, now.naive_utc()) {
        Err(e) if e.is_unique_violation() => return Err(ErrorCode::DuplicateRequest.into()),
        other => other?,
    };
    counters::add(c, counted, 1)?;
    let out = dose_out(
        &record,
        &person.reference,
        &facility.code,
        appointment.map(|a| a.reference),
    );
    audit::append(
        c,
        now.naive_utc(),
        audit::Event {
            actor: &me.actor(),
            action: if input.override_reason.is_some() {
                "dose.record.override"
            } else {
                "dose.record"
            },
            entity: "beneficiary",
            entity_ref: &person.reference,
            before: None,
            after: serde_json::to_string(&out).ok(),
        },
    )?;
    Ok((out, false))
}

/// The first result of a retried request; the same key for another person is refused.
fn replay(
    c: &mut DbConnection,
    done: DoseRecord,
    beneficiary: &str,
    facility: &str,
) -> Result<(DoseOut, bool), ApiError> {
    let person = beneficiaries::get(c, done.beneficiary_id)?.ok_or(ErrorCode::DuplicateRequest)?;
    if person.reference != beneficiary {
        return Err(ErrorCode::DuplicateRequest.into());
    }
    let appointment = match done.appointment_id {
        Some(id) => appointments::get(c, id)?.map(|a| a.reference),
        None => None,
    };
    Ok((
        dose_out(&done, &person.reference, facility, appointment),
        true,
    ))
}

fn dose_out(
    d: &DoseRecord,
    beneficiary: &str,
    facility: &str,
    appointment: Option<String>,
) -> DoseOut {
    DoseOut {
        reference: d.reference.clone(),
        beneficiary: beneficiary.to_string(),
        dose: d.dose,
        vaccine: d.vaccine.clone(),
        batch: d.batch.clone(),
        given_on: d.given_on,
        facility: facility.to_string(),
        appointment_id: appointment,
        override_reason: d.override_reason.clone(),
    }
}
