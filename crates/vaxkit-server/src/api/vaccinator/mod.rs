//! The vaccinator's day at a facility: the queue, finding a person by the slip's security
//! code, recording a dose (idempotent, counted in the same transaction), and walk-ins.

pub mod lookup;
pub mod queue;
pub mod record;
pub mod walk_in;

use serde::Serialize;
use utoipa::ToSchema;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::appointments::Appointment;
use vaxkit_store::repo::beneficiaries::Beneficiary;
use vaxkit_store::repo::facilities::{self, Facility};

use crate::error::{ApiError, ErrorCode};
use crate::staff::{Role, Staff};

/// A person waiting with an appointment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueEntry {
    /// Appointment reference.
    pub appointment_id: String,
    /// Slot.
    pub slot: String,
    /// Dose number booked.
    pub dose: i64,
    /// Product of the session.
    pub vaccine: String,
    /// Beneficiary reference.
    pub beneficiary: String,
    /// Name.
    pub name: String,
    /// Year of birth.
    pub birth_year: i64,
    /// Gender code.
    pub gender: String,
    /// ID scheme and masked number, to compare with the document shown.
    pub id_scheme: String,
    /// The identity number, masked.
    pub id_masked: String,
}

impl QueueEntry {
    /// Builds an entry.
    pub fn new(a: &Appointment, b: &Beneficiary, vaccine: &str) -> Self {
        Self {
            appointment_id: a.reference.clone(),
            slot: a.slot.clone(),
            dose: a.dose,
            vaccine: vaccine.to_string(),
            beneficiary: b.reference.clone(),
            name: b.name.clone(),
            birth_year: b.birth_year,
            gender: b.gender.clone(),
            id_scheme: b.id_scheme.clone(),
            id_masked: b.id_masked.clone(),
        }
    }
}

/// The facility a vaccinator (or a facility admin) works at; it must be open.
pub fn own_facility(c: &mut DbConnection, me: &Staff) -> Result<(Facility, String), ApiError> {
    me.require(&[Role::Vaccinator, Role::FacilityAdmin])?;
    let code = me.facility.as_deref().ok_or(ErrorCode::Forbidden)?;
    let (f, region) = facilities::by_code(c, code)?.ok_or(ErrorCode::FacilityNotFound)?;
    if !f.active {
        return Err(ErrorCode::FacilityNotFound.into());
    }
    Ok((f, region))
}
