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

/// An entry as written, owned: what a grouped write keeps until its transaction commits.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = audit)]
pub(crate) struct NewEntry {
    at: NaiveDateTime,
    actor: String,
    action: String,
    entity: String,
    entity_ref: String,
    before: Option<String>,
    after: Option<String>,
}

/// Appends an entry. Inside a grouped write the entry waits for the group's commit, where the
/// entries of every piece are written in one statement ([`crate::group`]); a piece rolled back
/// takes its entries with it. Otherwise it is written now.
pub fn append(conn: &mut DbConnection, at: NaiveDateTime, e: Event<'_>) -> StoreResult<()> {
    let entry = NewEntry {
        at,
        actor: e.actor.to_string(),
        action: e.action.to_string(),
        entity: e.entity.to_string(),
        entity_ref: e.entity_ref.to_string(),
        before: e.before,
        after: e.after,
    };
    match crate::group::defer_audit(entry) {
        None => Ok(()),
        Some(entry) => append_now(conn, std::slice::from_ref(&entry)),
    }
}

/// Writes entries now, in one statement, in order.
pub(crate) fn append_now(conn: &mut DbConnection, entries: &[NewEntry]) -> StoreResult<()> {
    if entries.is_empty() {
        return Ok(());
    }
    // A multi-row insert is not expressible over the multi-backend connection: one statement
    // per backend (on PostgreSQL one prepared statement for any number of entries).
    match conn {
        DbConnection::Pg(c) => {
            use crate::unnest::{Column, Unnest};
            /// The prepared statement's own key.
            struct Append;
            Unnest::<Append>::new(
                "INSERT INTO audit_log (at, actor, action, entity, entity_ref, before, after) \
                 SELECT t, a, c, e, r, b, f FROM",
                vec![
                    Column::timestamp(entries, |e| e.at),
                    Column::text(entries, |e| e.actor.clone()),
                    Column::text(entries, |e| e.action.clone()),
                    Column::text(entries, |e| e.entity.clone()),
                    Column::text(entries, |e| e.entity_ref.clone()),
                    Column::optional_text(entries, |e| e.before.clone()),
                    Column::optional_text(entries, |e| e.after.clone()),
                ],
                "WITH ORDINALITY AS u(t, a, c, e, r, b, f, i) ORDER BY i",
            )
            .execute(c)?
        }
        DbConnection::Sqlite(c) => diesel::insert_into(audit::table)
            .values(entries)
            .execute(c)?,
    };
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
