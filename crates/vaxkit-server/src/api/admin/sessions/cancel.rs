//! `POST /api/v1/admin/sessions/{session_id}/cancel`: cancel a session; its open
//! appointments are cancelled and each account is told by SMS, through the outbox.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use vaxkit_i18n::FluentValue;
use vaxkit_store::repo::{
    accounts, appointments, audit, beneficiaries, facilities, outbox, sessions,
};

use super::facility_in_scope;
use crate::api::sessions::CACHE_PREFIX;
use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::staff::Staff;
use crate::state::AppState;

/// Request body.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelSession {
    /// Why, for the audit log (1 to 500 characters).
    pub reason: String,
}

/// Answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct SessionCancelled {
    /// The session.
    pub session_id: String,
    /// Appointments cancelled with it.
    pub appointments_cancelled: usize,
}

/// Cancels the session and its appointments in one transaction.
#[utoipa::path(post, path = "/api/v1/admin/sessions/{session_id}/cancel", tag = "admin", security(("bearer" = [])),
    params(("session_id" = String, Path, description = "Session id")),
    request_body = CancelSession,
    responses((status = 200, body = SessionCancelled), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    me: Staff,
    path: web::Path<String>,
    body: web::Json<CancelSession>,
) -> Result<HttpResponse, ApiError> {
    let session_id = path.into_inner();
    let reason = body.into_inner().reason.trim().to_string();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(ErrorCode::ReasonRequired.into());
    }
    let now = state.clock.now().naive_utc();
    let st = state.clone();
    let count = crate::api::transact(&state, move |c| {
        let session = sessions::by_reference(c, &session_id)?.ok_or(ErrorCode::SessionNotFound)?;
        let (facility, _) = facilities::by_ids(c, &[session.facility_id])?
            .into_iter()
            .next()
            .ok_or(ErrorCode::SessionNotFound)?;
        facility_in_scope(c, &st, &me, &facility.code)
            .map_err(|_| ApiError::new(ErrorCode::SessionNotFound))?;
        if !sessions::cancel(c, session.id)? {
            return Err(ErrorCode::SessionNotFound.into());
        }
        let open = appointments::open_in_session(c, session.id)?;
        for a in &open {
            appointments::cancel(c, a.id, now)?;
            let Some(person) = beneficiaries::get(c, a.beneficiary_id)? else {
                continue;
            };
            let Some(account) = accounts::get(c, person.account_id)? else {
                continue;
            };
            let lang = if st.profile.country.languages.contains(&person.language) {
                person.language.clone()
            } else {
                st.profile.country.default_language().to_string()
            };
            let text = st.locales.message_plain(
                &lang,
                "sms-session-cancelled",
                &[
                    ("name", FluentValue::from(person.name.as_str())),
                    ("date", FluentValue::from(session.date.to_string())),
                    ("facility", FluentValue::from(facility.name.as_str())),
                ],
            );
            outbox::enqueue(
                c,
                outbox::NewMessage {
                    channel: "sms",
                    recipient: &account.mobile,
                    message_id: "sms-session-cancelled",
                    language: &lang,
                    body: &text,
                },
                now,
            )?;
        }
        audit::append(
            c,
            now,
            audit::Event {
                actor: &me.actor(),
                action: "session.cancel",
                entity: "session",
                entity_ref: &session.reference,
                before: None,
                after: Some(
                    serde_json::json!({ "reason": reason, "appointments_cancelled": open.len() })
                        .to_string(),
                ),
            },
        )?;
        Ok((session.reference, open.len()))
    })
    .await?;
    state.cache.invalidate_prefix(CACHE_PREFIX);
    Ok(HttpResponse::Ok().json(SessionCancelled {
        session_id: count.0,
        appointments_cancelled: count.1,
    }))
}
