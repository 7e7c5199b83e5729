//! The OpenAPI 3 document served at `/api/v1/openapi.json`. Endpoints describe themselves with
//! `#[utoipa::path(...)]`; this file lists them — the one place to add a path or a schema.

use std::sync::OnceLock;

use actix_web::HttpResponse;
use actix_web::http::header::ContentType;
use utoipa::OpenApi;

use crate::api;
use crate::error::{ApiError, ErrorBody, ErrorCode, ErrorDetail};
use crate::health::{self, Health};

/// The API description.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "vaxkit API",
        description = "Vaccination management: citizens register and book, vaccinators record doses. \
            Every error answer is `{ \"error\": { \"code\", \"message\" } }` with the message in the \
            request's language (`?lang=` or `Accept-Language`).",
        license(name = "Apache-2.0", identifier = "Apache-2.0"),
    ),
    paths(
        health::healthz,
        health::readyz,
        api::auth::request_otp::handle,
        api::auth::confirm_otp::handle,
        api::auth::logout::handle,
        api::beneficiaries::list::handle,
        api::beneficiaries::create::handle,
        api::beneficiaries::correct::handle,
        api::beneficiaries::remove::handle,
        api::places::regions::handle,
        api::places::facilities::handle,
        api::sessions::search::handle,
        api::sessions::calendar::handle,
        api::appointments::book::handle,
        api::appointments::list::handle,
        api::appointments::slip::handle,
        api::appointments::reschedule::handle,
        api::appointments::cancel::handle,
        api::certificates::download::json,
        api::certificates::download::pdf,
        api::certificates::download::qr,
        api::certificates::download::immunizations,
        api::certificates::verify::handle,
        api::certificates::publish::signers,
        api::certificates::publish::revocations,
        api::admin::facilities::list::handle,
        api::admin::facilities::create::handle,
        api::admin::facilities::update::handle,
        api::admin::sessions::list::handle,
        api::admin::sessions::create::handle,
        api::admin::sessions::cancel::handle,
        api::admin::doses::correct::handle,
        api::admin::doses::revoke::handle,
        api::admin::beneficiaries::show::handle,
        api::admin::beneficiaries::find::handle,
        api::admin::beneficiaries::merge::handle,
        api::vaccinator::queue::handle,
        api::vaccinator::lookup::handle,
        api::vaccinator::record::handle,
        api::vaccinator::walk_in::handle,
        api::vaccinator::sync::handle,
        api::reports::doses::handle,
        api::reports::coverage::handle,
        api::reports::audit::handle,
        api::aefi::report::citizen,
        api::aefi::report::staff,
        api::aefi::list::handle,
        api::staff::login::handle,
        api::staff::me::handle,
        api::staff::users::list,
        api::staff::users::create,
        api::sms::inbound::handle,
    ),
    components(schemas(ErrorBody, ErrorDetail, ErrorCode, Health)),
    modifiers(&BearerAuth, &CommonResponses),
    tags(
        (name = "health", description = "Liveness and readiness probes"),
        (name = "auth", description = "Citizen login with a one-time code sent by SMS"),
        (name = "beneficiaries", description = "People registered under a citizen's account"),
        (name = "places", description = "Regions and vaccination centres"),
        (name = "sessions", description = "Finding a session with free places"),
        (name = "appointments", description = "Booking, rescheduling, cancelling; the appointment slip"),
        (name = "certificates", description = "Signed certificates: download, verification, keys and revocations for verifiers"),
        (name = "staff", description = "Staff login, roles and scopes"),
        (name = "admin", description = "Administration of facilities and sessions, and corrections of records, within the caller's scope"),
        (name = "vaccinator", description = "The day at a facility: queue, look-up, recording doses"),
        (name = "reports", description = "Figures from the counters, coverage, and the audit log"),
        (name = "aefi", description = "Adverse events following immunisation"),
        (name = "sms", description = "Texts from feature phones, received from the SMS gateway"),
    ),
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme the citizen endpoints use (`Authorization: Bearer <token>`).
struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Documents the answers every operation can give besides its own: 400 for a request that
/// cannot be read, 401 where a login is needed, 413 and 415 where a body is sent, 429 from the
/// per-IP limit on `/api`, 500 and 503 — all with the error body.
struct CommonResponses;

impl utoipa::Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::{Ref, RefOr, ResponseBuilder, content::ContentBuilder};
        let error = |description: &str| {
            RefOr::T(
                ResponseBuilder::new()
                    .description(description)
                    .content(
                        "application/json",
                        ContentBuilder::new()
                            .schema(Some(Ref::from_schema_name("ErrorBody")))
                            .build(),
                    )
                    .build(),
            )
        };
        for (path, item) in openapi.paths.paths.iter_mut() {
            let api = path.starts_with("/api/");
            for operation in [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.patch.as_mut(),
                item.delete.as_mut(),
            ]
            .into_iter()
            .flatten()
            {
                let has_body = operation.request_body.is_some();
                let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
                let responses = &mut operation.responses.responses;
                let mut add = |status: &str, description: &str, when: bool| {
                    if when && !responses.contains_key(status) {
                        responses.insert(status.to_string(), error(description));
                    }
                };
                add(
                    "400",
                    "The request cannot be read (`bad_request`, `invalid_json`, `unknown_field`, `invalid_query`, `invalid_date`...)",
                    api,
                );
                add(
                    "401",
                    "No valid login (`unauthorized`, `session_expired`)",
                    secured,
                );
                add(
                    "413",
                    "The body is too large (`payload_too_large`)",
                    has_body,
                );
                add(
                    "415",
                    "The body is not JSON (`unsupported_media_type`)",
                    has_body,
                );
                add(
                    "429",
                    "Too many requests from this address (`rate_limited`, with `Retry-After`)",
                    api,
                );
                add(
                    "500",
                    "Something went wrong on the server (`internal_error`)",
                    api,
                );
                add(
                    "503",
                    "The database does not answer (`service_unavailable`)",
                    api,
                );
                add(
                    "507",
                    "The database's disk is full and nothing was saved (`storage_full`)",
                    api,
                );
            }
        }
    }
}

/// `GET /api/v1/openapi.json`.
pub async fn serve() -> Result<HttpResponse, ApiError> {
    static JSON: OnceLock<Result<String, String>> = OnceLock::new();
    let json = JSON.get_or_init(|| ApiDoc::openapi().to_json().map_err(|e| e.to_string()));
    match json {
        Ok(json) => Ok(HttpResponse::Ok()
            .content_type(ContentType::json())
            .body(json.clone())),
        Err(e) => Err(ApiError::internal(e)),
    }
}
