//! Appointments: book (a family at once, all or none), reschedule, cancel, and the slip.

pub mod book;
pub mod cancel;
pub mod list;
pub mod reschedule;
pub mod rules;
pub mod slip;

use chrono::NaiveDate;
use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::appointments::Appointment;
use vaxkit_store::repo::{beneficiaries, facilities, sessions};

use crate::api::places::FacilityOut;
use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// The person an appointment is for.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SlipPerson {
    /// Beneficiary reference.
    pub reference: String,
    /// Name.
    pub name: String,
    /// The identity number, masked.
    pub id_masked: String,
}

/// The appointment slip a citizen shows at the centre.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Slip {
    /// Appointment reference (the confirmation number).
    pub appointment_id: String,
    /// `booked` or `cancelled`.
    pub status: String,
    /// The four-digit code the vaccinator asks for.
    pub security_code: String,
    /// Dose number.
    pub dose: i64,
    /// The day.
    pub date: NaiveDate,
    /// The slot.
    pub slot: String,
    /// Product code.
    pub vaccine: String,
    /// Product name.
    pub vaccine_name: String,
    /// Session id.
    pub session_id: String,
    /// Who.
    pub beneficiary: SlipPerson,
    /// Where.
    pub facility: FacilityOut,
}

/// Builds the slip of an appointment.
pub fn slip(
    c: &mut DbConnection,
    state: &AppState,
    a: &Appointment,
    account_id: i64,
) -> Result<Slip, ApiError> {
    let session = sessions::get(c, a.session_id)?.ok_or(ErrorCode::AppointmentNotFound)?;
    let person = beneficiaries::for_account(c, account_id)?
        .into_iter()
        .find(|b| b.id == a.beneficiary_id)
        .ok_or(ErrorCode::AppointmentNotFound)?;
    let (facility, region) = facilities::by_ids(c, &[session.facility_id])?
        .into_iter()
        .next()
        .ok_or(ErrorCode::AppointmentNotFound)?;
    Ok(Slip {
        appointment_id: a.reference.clone(),
        status: a.status.clone(),
        security_code: a.security_code.clone(),
        dose: a.dose,
        date: session.date,
        slot: a.slot.clone(),
        vaccine_name: state
            .profile
            .vaccine(&session.vaccine)
            .map_or_else(|| session.vaccine.clone(), |v| v.name.clone()),
        vaccine: session.vaccine,
        session_id: session.reference,
        beneficiary: SlipPerson {
            reference: person.reference,
            name: person.name,
            id_masked: person.id_masked,
        },
        facility: FacilityOut::new(&state.profile, &facility, &region),
    })
}
