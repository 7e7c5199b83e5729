//! `GET` and `POST /api/v1/staff/users`: staff within one's scope. A national admin
//! manages anyone; a region admin, staff of its region and its facilities; a facility
//! admin, the vaccinators of its facility.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use utoipa::ToSchema;
use vaxkit_store::repo::{audit, facilities, staff};

use super::StaffOut;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::{Role, Staff, check_password_strength, check_scope, hash_password};
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewStaffUser {
    /// Login name (letters, digits, `.`, `_`, `-`; 3 to 64).
    pub username: String,
    /// Full name.
    pub name: String,
    /// Initial password (at least 12 characters).
    pub password: String,
    /// Role code.
    pub role: Role,
    /// Region scope, for region admins (and auditors limited to a region).
    pub region: Option<String>,
    /// Facility scope, for facility admins and vaccinators.
    pub facility: Option<String>,
}

/// Lists the staff within the caller's scope.
#[utoipa::path(get, path = "/api/v1/staff/users", tag = "staff", security(("bearer" = [])),
    responses((status = 200, body = Vec<StaffOut>), (status = 403, body = ErrorBody)))]
pub async fn list(state: web::Data<AppState>, me: Staff) -> Result<HttpResponse, ApiError> {
    me.require(&[
        Role::NationalAdmin,
        Role::RegionAdmin,
        Role::FacilityAdmin,
        Role::Auditor,
    ])?;
    let (users, facility_regions) = state
        .read(|c| {
            let users = staff::all(c)?;
            let codes: Vec<String> = users
                .iter()
                .filter_map(|u| u.facility_code.clone())
                .collect();
            let mut regions = std::collections::HashMap::new();
            for code in codes {
                if let Some((_, region)) = facilities::by_code(c, &code)? {
                    regions.insert(code, region);
                }
            }
            Ok((users, regions))
        })
        .await?;
    let visible: Vec<StaffOut> = users
        .into_iter()
        .filter(|u| match (&u.facility_code, &u.region_code) {
            (Some(f), _) => facility_regions
                .get(f)
                .is_some_and(|r| me.covers_facility(&state.profile, f, r)),
            (None, Some(r)) => {
                me.role != Role::FacilityAdmin && me.covers_region(&state.profile, r)
            }
            (None, None) => {
                matches!(me.role, Role::NationalAdmin)
                    || (me.role == Role::Auditor && me.region.is_none())
            }
        })
        .map(StaffOut::from)
        .collect();
    Ok(HttpResponse::Ok().json(visible))
}

/// Creates a staff member within the caller's scope; recorded in the audit log.
#[utoipa::path(post, path = "/api/v1/staff/users", tag = "staff", security(("bearer" = [])),
    request_body = NewStaffUser,
    responses((status = 201, body = StaffOut), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    state: web::Data<AppState>,
    me: Staff,
    body: web::Json<NewStaffUser>,
) -> Result<HttpResponse, ApiError> {
    me.require(&[Role::NationalAdmin, Role::RegionAdmin, Role::FacilityAdmin])?;
    let b = body.into_inner();
    check_username(&b.username)?;
    check_password_strength(&b.password).map_err(|_| ApiError::new(ErrorCode::WeakPassword))?;
    check_scope(
        &state.profile,
        b.role,
        b.region.as_deref(),
        b.facility.as_deref(),
    )
    .map_err(|reason| ApiError::new(ErrorCode::InvalidScope).with_arg("reason", reason))?;
    // Nobody creates a role above their own.
    let allowed = match me.role {
        Role::NationalAdmin => true,
        Role::RegionAdmin => match b.role {
            Role::NationalAdmin | Role::Verifier => false,
            Role::Auditor => b.region.is_some(),
            _ => true,
        },
        Role::FacilityAdmin => b.role == Role::Vaccinator,
        _ => false,
    };
    if !allowed {
        return Err(ErrorCode::Forbidden.into());
    }
    let password = b.password.clone();
    let hash = web::block(move || hash_password(&password))
        .await?
        .map_err(ApiError::internal)?;
    let now = state.clock.now().naive_utc();
    let st = state.clone();
    let out = crate::api::transact(&state, move |c| {
        let in_scope = match (&b.facility, &b.region) {
            (Some(f), _) => {
                let (_, region) = facilities::by_code(c, f)?.ok_or(ErrorCode::FacilityNotFound)?;
                me.covers_facility(&st.profile, f, &region)
            }
            (None, Some(r)) => me.covers_region(&st.profile, r),
            (None, None) => me.role == Role::NationalAdmin,
        };
        if !in_scope {
            return Err(ErrorCode::Forbidden.into());
        }
        let new = staff::NewStaff {
            username: b.username.clone(),
            name: b.name.trim().to_string(),
            password_hash: hash,
            role: b.role.as_str().to_string(),
            region_code: b.region.clone(),
            facility_code: b.facility.clone(),
        };
        let user = match staff::insert(c, &new, now) {
            Err(e) if e.is_unique_violation() => return Err(ErrorCode::UsernameTaken.into()),
            other => other?,
        };
        let out = StaffOut::from(user);
        audit::append(
            c,
            now,
            audit::Event {
                actor: &me.actor(),
                action: "staff.create",
                entity: "staff",
                entity_ref: &out.username,
                before: None,
                after: serde_json::to_string(&out).ok(),
            },
        )?;
        Ok(out)
    })
    .await?;
    Ok(HttpResponse::Created().json(out))
}

fn check_username(username: &str) -> Result<(), ApiError> {
    let ok = (3..=64).contains(&username.len())
        && username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::InvalidUsername.into())
    }
}
