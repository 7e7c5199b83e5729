//! Corrections of recorded doses by national and region admins: change what was written
//! wrongly, or revoke a dose that should not stand. Each moves the dose's count from the
//! counter it was added to, and each is in the audit log with before and after.

pub mod correct;
pub mod revoke;

use vaxkit_profile::Profile;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::doses::{self, DoseRecord};
use vaxkit_store::repo::{LockTable, facilities, lock_row};

use crate::error::{ApiError, ErrorCode};
use crate::staff::Staff;

/// A dose by reference, locked for the rest of the transaction, refused as not found
/// unless it was given at a facility within the caller's scope.
pub fn locked_in_scope(
    c: &mut DbConnection,
    me: &Staff,
    profile: &Profile,
    reference: &str,
) -> Result<DoseRecord, ApiError> {
    let d = doses::by_reference(c, reference)?.ok_or(ErrorCode::DoseNotFound)?;
    let place = match d.facility_id {
        Some(id) => facilities::by_ids(c, &[id])?.into_iter().next(),
        None => None,
    };
    let allowed = match &place {
        Some((f, region)) => me.covers_facility(profile, &f.code, region),
        // A dose recorded without a facility (an import) is national data.
        None => me.role == crate::staff::Role::NationalAdmin,
    };
    if !allowed {
        return Err(ErrorCode::DoseNotFound.into());
    }
    lock_row(c, LockTable::Doses, d.id)?;
    // Read again under the lock: a correction made meanwhile must be seen.
    Ok(doses::by_reference_id(c, d.id)?.ok_or(ErrorCode::DoseNotFound)?)
}

/// A written reason for a correction: 1 to 500 characters.
pub fn check_reason(reason: &str) -> Result<String, ApiError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ErrorCode::ReasonRequired.into());
    }
    Ok(reason.to_string())
}
