//! Who is asking: the bearer token of a request proves a citizen's or a staff member's login,
//! and handlers take the [`vaxkit_core::Actor`] it stands for. Checking the token is the
//! core's ([`vaxkit_core::auth::authenticate`], [`vaxkit_core::staff::authenticate`]).

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use vaxkit_core::{Actor, Core};

use crate::error::{ApiError, ErrorCode};
use crate::state::AppState;

/// A request by a logged-in citizen.
#[derive(Debug, Clone)]
pub struct AsCitizen(pub Actor);

/// A request by a logged-in staff member.
#[derive(Debug, Clone)]
pub struct AsStaff(pub Actor);

/// The token of an `Authorization: Bearer <token>` header, if there is a non-empty one.
pub fn bearer_token(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// The actor behind the request's token, as `check` finds it.
fn authenticate(
    req: &HttpRequest,
    check: fn(&Core, &str) -> vaxkit_core::Result<Actor>,
) -> Pin<Box<dyn Future<Output = Result<Actor, ApiError>>>> {
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let token = bearer_token(req);
    Box::pin(async move {
        let state = state.ok_or_else(|| ApiError::internal("an actor read without AppState"))?;
        let token = token.ok_or(ErrorCode::Unauthorized)?;
        state.run(move |core| check(core, &token)).await
    })
}

impl FromRequest for AsCitizen {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let actor = authenticate(req, |core, token| {
            vaxkit_core::auth::authenticate(core, token, core.clock.now()).map(Actor::Citizen)
        });
        Box::pin(async move { actor.await.map(AsCitizen) })
    }
}

impl FromRequest for AsStaff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let actor = authenticate(req, |core, token| {
            vaxkit_core::staff::authenticate(core, token, core.clock.now()).map(Actor::Staff)
        });
        Box::pin(async move { actor.await.map(AsStaff) })
    }
}
