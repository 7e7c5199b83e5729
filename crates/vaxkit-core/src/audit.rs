//! What the audit log records: every change to a person's record, a facility, a session or a
//! staff account, with who made it and the record before and after (as JSON). The actions and
//! the kinds of record are closed lists, so a report or a test can name them without spelling
//! mistakes; the store keeps them as text.

use chrono::NaiveDateTime;
use serde::Serialize;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::audit;

use crate::actor::Actor;
use crate::error::Result;

/// Declares the actions: `Variant = ("action.code", Entity)`.
macro_rules! actions {
    ($( $(#[doc = $doc:literal])* $variant:ident = ($code:literal, $entity:ident), )*) => {
        /// Something done to a record.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Action {
            $( $(#[doc = $doc])* $variant, )*
        }

        impl Action {
            /// Every action.
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The stable code written to the log.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Action::$variant => $code,)*
                }
            }

            /// The kind of record it changes.
            pub fn entity(self) -> Entity {
                match self {
                    $(Action::$variant => Entity::$entity,)*
                }
            }
        }
    };
}

actions! {
    /// A citizen registered a person.
    BeneficiaryCreate = ("beneficiary.create", Beneficiary),
    /// A vaccinator registered a walk-in.
    BeneficiaryCreateWalkIn = ("beneficiary.create.walk_in", Beneficiary),
    /// A citizen corrected a person's details.
    BeneficiaryCorrect = ("beneficiary.correct", Beneficiary),
    /// A citizen removed a person without doses.
    BeneficiaryRemove = ("beneficiary.remove", Beneficiary),
    /// An administrator merged a duplicate record.
    BeneficiaryMerge = ("beneficiary.merge", Beneficiary),
    /// A dose was recorded within the schedule.
    DoseRecord = ("dose.record", Beneficiary),
    /// A dose was recorded against the schedule engine's refusal, with a reason.
    DoseRecordOverride = ("dose.record.override", Beneficiary),
    /// A dose given earlier or elsewhere was entered.
    DoseRecordPast = ("dose.record.past", Beneficiary),
    /// An administrator corrected a dose.
    DoseCorrect = ("dose.correct", Beneficiary),
    /// An administrator revoked a dose.
    DoseRevoke = ("dose.revoke", Beneficiary),
    /// A citizen booked.
    AppointmentBook = ("appointment.book", Appointment),
    /// A citizen cancelled.
    AppointmentCancel = ("appointment.cancel", Appointment),
    /// A facility was opened.
    FacilityCreate = ("facility.create", Facility),
    /// A facility's details changed.
    FacilityUpdate = ("facility.update", Facility),
    /// A facility was closed to bookings.
    FacilityClose = ("facility.close", Facility),
    /// An import added a facility.
    FacilityImportAdd = ("facility.import.add", Facility),
    /// An import changed a facility.
    FacilityImportUpdate = ("facility.import.update", Facility),
    /// A session was planned.
    SessionCreate = ("session.create", Session),
    /// A session was cancelled with its appointments.
    SessionCancel = ("session.cancel", Session),
    /// A staff account was created.
    StaffCreate = ("staff.create", Staff),
    /// A staff account was disabled and its logins ended.
    StaffDisable = ("staff.disable", Staff),
    /// An adverse event was reported.
    AefiReport = ("aefi.report", Aefi),
}

/// The kinds of record the log is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entity {
    /// A registered person (doses are logged under their person).
    Beneficiary,
    /// An appointment.
    Appointment,
    /// A facility.
    Facility,
    /// A session.
    Session,
    /// A staff account.
    Staff,
    /// An adverse event report.
    Aefi,
}

impl Entity {
    /// Every kind.
    pub const ALL: [Entity; 6] = [
        Entity::Beneficiary,
        Entity::Appointment,
        Entity::Facility,
        Entity::Session,
        Entity::Staff,
        Entity::Aefi,
    ];

    /// The stable code written to the log.
    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Beneficiary => "beneficiary",
            Entity::Appointment => "appointment",
            Entity::Facility => "facility",
            Entity::Session => "session",
            Entity::Staff => "staff",
            Entity::Aefi => "aefi",
        }
    }

    /// Parses a code.
    pub fn parse(code: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == code)
    }
}

/// The JSON text of a record as the log keeps it.
pub fn json(value: &(impl Serialize + ?Sized)) -> Option<String> {
    serde_json::to_string(value).ok()
}

/// Appends an entry: `actor` did `action` to the record `entity_ref`, which was `before`
/// and is now `after` (JSON text, see [`json`]).
pub fn record(
    c: &mut DbConnection,
    at: NaiveDateTime,
    actor: &Actor,
    action: Action,
    entity_ref: &str,
    before: Option<String>,
    after: Option<String>,
) -> Result<()> {
    audit::append(
        c,
        at,
        audit::Event {
            actor: &actor.audit_name(),
            action: action.as_str(),
            entity: action.entity().as_str(),
            entity_ref,
            before,
            after,
        },
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_name_their_entity() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.as_str()), "{a:?} twice");
            assert!(
                a.as_str().starts_with(a.entity().as_str())
                    || (a.entity() == Entity::Beneficiary && a.as_str().starts_with("dose.")),
                "{a:?}"
            );
        }
        for e in Entity::ALL {
            assert_eq!(Entity::parse(e.as_str()), Some(e));
        }
    }
}
