//! Who is acting: a citizen logged in with a login code, a staff member with a role and a
//! scope, or the operator at the command line. Every use case takes an [`Actor`] and decides
//! from it alone what may be done; the front end only proves who it is (a token, a terminal).

use crate::error::{ErrorCode, Result};
use crate::staff::{Role, StaffMember};

/// A logged-in citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citizen {
    /// The account key.
    pub account_id: i64,
    /// The account's mobile number (calling code and national number, digits only).
    pub mobile: String,
    /// The login token's key (for logout).
    pub token_id: i64,
}

/// Who is acting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A citizen, for the people of their own account.
    Citizen(Citizen),
    /// A staff member, within their role and scope.
    Staff(StaffMember),
    /// The operator at the command line of the server's machine: may do what a national
    /// administrator may.
    Cli,
}

impl Actor {
    /// The name the audit log records: `account:<key>`, `staff:<username>` or `cli`.
    pub fn audit_name(&self) -> String {
        match self {
            Actor::Citizen(c) => format!("account:{}", c.account_id),
            Actor::Staff(s) => format!("staff:{}", s.username),
            Actor::Cli => "cli".to_string(),
        }
    }

    /// The citizen, or `forbidden` for anyone else.
    pub fn citizen(&self) -> Result<&Citizen> {
        match self {
            Actor::Citizen(c) => Ok(c),
            _ => Err(ErrorCode::Forbidden.into()),
        }
    }

    /// The staff member if their role is one of `roles`, or `forbidden`.
    pub fn staff(&self, roles: &[Role]) -> Result<&StaffMember> {
        match self {
            Actor::Staff(s) => {
                s.require(roles)?;
                Ok(s)
            }
            _ => Err(ErrorCode::Forbidden.into()),
        }
    }

    /// The role this actor acts with: a staff member's own; the command line acts as a
    /// national administrator; a citizen has none.
    pub fn role(&self) -> Option<Role> {
        match self {
            Actor::Citizen(_) => None,
            Actor::Staff(s) => Some(s.role),
            Actor::Cli => Some(Role::NationalAdmin),
        }
    }
}
