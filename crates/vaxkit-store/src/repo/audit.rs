//! The append-only audit log of changes to people's records.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::schema::audit_log as audit;
use crate::{DbConnection, StoreResult};

/// One audit entry.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit)]
pub struct AuditEntry {
    /// Internal key.
    pub id: i64,
    /// When.
    pub at: NaiveDateTime,
    /// Who: `account:<id>`, `staff:<id>`, `system`.
    pub actor: String,
    /// What, e.g. `beneficiary.correct`.
    pub action: String,
    /// Kind of record.
    pub entity: String,
    /// Public reference of the record.
    pub entity_ref: String,
    /// The record before (JSON), if any.
    pub before: Option<String>,
    /// The record after (JSON), if any.
    pub after: Option<String>,
}

/// What happened, for [`append`].
#[derive(Debug, Clone)]
pub struct Event<'a> {
    /// Who.
    pub actor: &'a str,
    /// What.
    pub action: &'a str,
    /// Kind of record.
    pub entity: &'a str,
    /// Public reference.
    pub entity_ref: &'a str,
    /// Before (JSON).
    pub before: Option<String>,
    /// After (JSON).
    pub after: Option<String>,
}

/// Appends an entry.
pub fn append(conn: &mut DbConnection, at: NaiveDateTime, e: Event<'_>) -> StoreResult<()> {
    diesel::insert_into(audit::table)
        .values((
            audit::at.eq(at),
            audit::actor.eq(e.actor),
            audit::action.eq(e.action),
            audit::entity.eq(e.entity),
            audit::entity_ref.eq(e.entity_ref),
            audit::before.eq(e.before),
            audit::after.eq(e.after),
        ))
        .execute(conn)?;
    Ok(())
}

/// Entries about one record, oldest first.
pub fn for_entity(
    conn: &mut DbConnection,
    entity: &str,
    entity_ref: &str,
) -> StoreResult<Vec<AuditEntry>> {
    Ok(audit::table
        .filter(audit::entity.eq(entity))
        .filter(audit::entity_ref.eq(entity_ref))
        .order(audit::id.asc())
        .select(AuditEntry::as_select())
        .load(conn)?)
}

/// The newest entries first, at most `limit`, optionally of one kind of record.
pub fn recent(
    conn: &mut DbConnection,
    entity: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<AuditEntry>> {
    let mut q = audit::table
        .order(audit::id.desc())
        .limit(limit)
        .select(AuditEntry::as_select())
        .into_boxed();
    if let Some(e) = entity {
        q = q.filter(audit::entity.eq(e.to_string()));
    }
    Ok(q.load(conn)?)
}
