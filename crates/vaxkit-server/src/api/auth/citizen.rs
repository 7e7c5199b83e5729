//! The `Citizen` extractor: a valid bearer token, not idle for longer than the profile
//! allows, and the account it belongs to.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use vaxkit_store::keys::token_hash;
use vaxkit_store::repo::{accounts, tokens};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// A logged-in citizen.
#[derive(Debug, Clone)]
pub struct Citizen {
    /// The account key.
    pub account_id: i64,
    /// The account's mobile number.
    pub mobile: String,
    /// The token's key (for logout).
    pub token_id: i64,
}

impl FromRequest for Citizen {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = crate::extractors::bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("Citizen used without AppState"))?;
            let token = token
                .filter(|t| !t.is_empty())
                .ok_or(ErrorCode::Unauthorized)?;
            let hash = token_hash(&token);
            let now = state.clock.now().naive_utc();
            let idle = chrono::Duration::minutes(state.profile.otp.token_idle_minutes);
            let found = super::super::transact(&state, move |c| {
                let Some(t) = tokens::find(c, &hash)? else {
                    return Ok(None);
                };
                if now - t.last_used_at > idle {
                    tokens::delete(c, t.id)?;
                    return Ok(Some(Err(ErrorCode::SessionExpired)));
                }
                tokens::touch(c, t.id, now)?;
                let account = accounts::get(c, t.account_id)?;
                Ok(account.map(|a| Ok((a, t.id))))
            })
            .await?;
            match found {
                None => Err(ErrorCode::Unauthorized.into()),
                Some(Err(code)) => Err(code.into()),
                Some(Ok((account, token_id))) => Ok(Citizen {
                    account_id: account.id,
                    mobile: account.mobile,
                    token_id,
                }),
            }
        })
    }
}
