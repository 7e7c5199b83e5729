//! `/api/v2/appointment/{beneficiaries,schedule,cancel}`: the account's people with their doses
//! and open appointment ([`vaxkit_core::registration::overview`]), booking
//! ([`vaxkit_core::booking::book`]) and cancelling ([`vaxkit_core::booking::cancel_in_session`]),
//! in Co-WIN's shapes.
//!
//! vaxkit keeps one appointment per person; Co-WIN gave a family booked together one
//! confirmation number. Here the confirmation number is the first person's appointment, and
//! cancelling it with `beneficiariesToCancel` cancels those people's appointments in the same
//! session.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use vaxkit_core::booking::{self, BookingRequest};
use vaxkit_core::registration::{self, Overview};
use vaxkit_core::vaccination::VaccinationStatus;

use super::registration::gender_name;
use super::sessions::{Centre, centre, vaccine_name};
use super::{Number, cowin_slot, format_date, public_id, reference_of};
use crate::actors::AsCitizen;
use crate::error::{ApiError, ErrorCode};
use crate::extractors::Json;
use crate::lang::RequestLanguage;
use crate::state::AppState;

/// An open appointment as Co-WIN listed it under a beneficiary.
#[derive(Debug, Serialize)]
pub struct AppointmentEntry {
    /// The centre.
    #[serde(flatten)]
    pub centre: Centre,
    /// Dose number.
    pub dose: i64,
    /// The appointment's reference in UUID form.
    pub appointment_id: String,
    /// The session's reference in UUID form.
    pub session_id: String,
    /// The day, `dd-mm-yyyy`.
    pub date: String,
    /// The slot, `09:00AM-11:00AM`.
    pub slot: String,
}

/// A beneficiary as Co-WIN listed it.
#[derive(Debug, Serialize)]
pub struct BeneficiaryEntry {
    /// Reference.
    pub beneficiary_reference_id: String,
    /// Name.
    pub name: String,
    /// Year of birth, as text (as Co-WIN sent it).
    pub birth_year: String,
    /// Gender name.
    pub gender: String,
    /// Last four digits of the account's mobile number.
    pub mobile_number: String,
    /// ID type name.
    pub photo_id_type: String,
    /// The identity number, masked.
    pub photo_id_number: String,
    /// Always "N": vaxkit does not record comorbidities.
    pub comorbidity_ind: String,
    /// "Not Vaccinated", "Partially Vaccinated" or "Vaccinated".
    pub vaccination_status: String,
    /// Vaccine of the last dose, upper case; empty before the first.
    pub vaccine: String,
    /// Day of dose 1, `dd-mm-yyyy`, or empty.
    pub dose1_date: String,
    /// Day of dose 2, `dd-mm-yyyy`, or empty.
    pub dose2_date: String,
    /// The open appointment, if any.
    pub appointments: Vec<AppointmentEntry>,
}

/// Answer of `beneficiaries`.
#[derive(Debug, Serialize)]
pub struct BeneficiaryList {
    /// The account's people.
    pub beneficiaries: Vec<BeneficiaryEntry>,
}

/// Body of `schedule`.
#[derive(Debug, Deserialize)]
pub struct Schedule {
    /// The dose number expected (number or text).
    pub dose: Option<Number>,
    /// A `session_id` from a search.
    pub session_id: String,
    /// One of the session's slots (`09:00AM-11:00AM` or vaxkit's `09:00-11:00`).
    pub slot: String,
    /// Beneficiary references.
    pub beneficiaries: Vec<String>,
    /// The session's centre; refused if it is another one.
    pub center_id: Option<i64>,
}

/// Answer of `schedule`.
#[derive(Debug, Serialize)]
pub struct Scheduled {
    /// The first person's appointment, in UUID form.
    pub appointment_confirmation_no: String,
}

/// Body of `cancel`.
#[derive(Debug, Deserialize)]
pub struct Cancel {
    /// The confirmation number (or any appointment id of the booking).
    pub appointment_id: String,
    /// The people whose appointments in that session are cancelled; the appointment itself
    /// when left out or empty.
    #[serde(rename = "beneficiariesToCancel", default)]
    pub beneficiaries_to_cancel: Vec<String>,
}

/// Lists the account's beneficiaries.
pub async fn beneficiaries(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
) -> Result<HttpResponse, ApiError> {
    let mobile = who.citizen()?.mobile.clone();
    let list = state
        .run(move |core| registration::overview(core, &who))
        .await?;
    let list = list
        .into_iter()
        .map(|o| entry(&state, lang.as_str(), &mobile, o))
        .collect();
    Ok(HttpResponse::Ok().json(BeneficiaryList {
        beneficiaries: list,
    }))
}

/// One beneficiary in Co-WIN's form.
fn entry(state: &AppState, lang: &str, mobile: &str, o: Overview) -> BeneficiaryEntry {
    let profile = &state.core.profile;
    let b = o.person;
    let day_of = |n: i64| {
        b.doses
            .iter()
            .find(|d| d.dose == n)
            .map(|d| format_date(d.given_on))
            .unwrap_or_default()
    };
    let last = b.doses.iter().max_by_key(|d| d.dose);
    let status = match o.status {
        VaccinationStatus::NotVaccinated => "Not Vaccinated",
        VaccinationStatus::Partially => "Partially Vaccinated",
        VaccinationStatus::Fully => "Vaccinated",
    };
    let appointments = o
        .open
        .iter()
        .map(|a| AppointmentEntry {
            centre: centre(profile, &a.facility, &a.region, &[&a.session]),
            dose: a.dose,
            appointment_id: public_id(&a.reference),
            session_id: public_id(&a.session.reference),
            date: format_date(a.session.date),
            slot: cowin_slot(&a.slot),
        })
        .collect();
    let digits: Vec<char> = mobile.chars().collect();
    BeneficiaryEntry {
        beneficiary_reference_id: b.reference.clone(),
        name: b.name.clone(),
        birth_year: b.birth_year.to_string(),
        gender: gender_name(state, lang, &b.gender),
        mobile_number: digits
            .get(digits.len().saturating_sub(4)..)
            .unwrap_or_default()
            .iter()
            .collect(),
        photo_id_type: profile
            .id_scheme(&b.id_scheme)
            .map_or_else(|| b.id_scheme.clone(), |s| s.name.clone()),
        photo_id_number: b.id_masked.clone(),
        comorbidity_ind: "N".to_string(),
        vaccination_status: status.to_string(),
        vaccine: last
            .map(|d| vaccine_name(profile, &d.vaccine))
            .unwrap_or_default(),
        dose1_date: day_of(1),
        dose2_date: day_of(2),
        appointments,
    }
}

/// Books beneficiaries into a session, all or none.
pub async fn schedule(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
    body: Json<Schedule>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let reference = reference_of(&body.session_id);
    let lookup = reference.clone();
    let session = state
        .run(move |core| vaxkit_core::sessions::by_reference(core, &lookup))
        .await?;
    if body.center_id.is_some_and(|id| id != session.facility_id) {
        return Err(ErrorCode::SessionNotFound.into());
    }
    let given = body.slot.trim();
    let slot = session
        .slot_list()
        .into_iter()
        .find(|s| s == given || cowin_slot(s).eq_ignore_ascii_case(given))
        .ok_or(ErrorCode::InvalidSlot)?;
    let dose = match &body.dose {
        None => None,
        Some(n) => Some(
            n.value()
                .and_then(|d| u32::try_from(d).ok())
                .ok_or(ErrorCode::WrongDose)?,
        ),
    };
    let request = BookingRequest {
        session_id: reference,
        slot,
        beneficiaries: body.beneficiaries,
        dose,
    };
    let slips = state
        .run(move |core| booking::book(core, &who, lang.as_str(), &request, core.clock.now()))
        .await?;
    let first = slips.first().ok_or(ErrorCode::InvalidBeneficiaryList)?;
    Ok(HttpResponse::Ok().json(Scheduled {
        appointment_confirmation_no: public_id(&first.appointment_id),
    }))
}

/// Cancels appointments of a booking; answers 204.
pub async fn cancel(
    state: web::Data<AppState>,
    AsCitizen(who): AsCitizen,
    lang: RequestLanguage,
    body: Json<Cancel>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let anchor = reference_of(&body.appointment_id);
    state
        .run(move |core| {
            booking::cancel_in_session(
                core,
                &who,
                lang.as_str(),
                &anchor,
                &body.beneficiaries_to_cancel,
                core.clock.now(),
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
