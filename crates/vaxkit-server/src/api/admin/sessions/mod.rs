//! Sessions for administrators: plan a day or a range of days at a facility, see them
//! with their bookings, cancel one (its appointments are cancelled and the people told).

pub mod cancel;
pub mod create;
pub mod list;

use vaxkit_store::DbConnection;
use vaxkit_store::repo::facilities::{self, Facility};

use crate::error::{ApiError, ErrorCode};
use crate::staff::{Role, Staff};
use crate::state::AppState;

/// The facility by code, if the staff member may plan its sessions.
pub fn facility_in_scope(
    c: &mut DbConnection,
    state: &AppState,
    me: &Staff,
    code: &str,
) -> Result<(Facility, String), ApiError> {
    me.require(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])?;
    let (f, region) = facilities::by_code(c, code)?.ok_or(ErrorCode::FacilityNotFound)?;
    if !me.covers_facility(&state.profile, &f.code, &region) {
        return Err(ErrorCode::FacilityNotFound.into());
    }
    Ok((f, region))
}
