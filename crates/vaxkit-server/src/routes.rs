//! The route table: every path the server answers, in one place.

use actix_web::middleware::from_fn;
use actix_web::{HttpResponse, web};

use crate::error::{ApiError, ErrorCode};
use crate::{api, health, limits, metrics, openapi, pages};

/// Mounts the probes, the OpenAPI document, the `/api/v1` endpoints and the Co-WIN-compatible
/// `/api/v2` facade (both rate-limited per IP), and the web pages.
///
/// Register paths as `web::resource(path).get(handler).post(...)`, not `cfg.route(path,
/// web::get()...)`: a resource answers other methods with 405 and an `Allow` header, whereas
/// `route` puts the method guard on the path and a wrong method falls through to 404.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/metrics").get(metrics::serve))
        .service(web::resource("/healthz").get(health::healthz))
        .service(web::resource("/readyz").get(health::readyz))
        .service(web::resource("/.well-known/jwks.json").get(api::certificates::publish::jwks))
        // Before `/api/v1`: a gateway sends everyone's texts from a few addresses, so the
        // per-IP limit does not apply here; the core limits each sender instead.
        .service(web::resource("/api/v1/sms/inbound/{gateway}").post(api::sms::inbound::handle))
        .service(
            web::scope("/api/v1")
                .wrap(from_fn(limits::per_ip))
                .service(web::resource("/openapi.json").get(openapi::serve))
                .configure(api::config),
        )
        .service(
            web::scope(api::v2::PREFIX)
                .wrap(from_fn(limits::per_ip))
                .wrap(from_fn(api::v2::errors::cowin_errors))
                .configure(api::v2::config),
        )
        .configure(pages::config);
}

/// The answer for a path nothing else matched: the error page in the page's language for a
/// browser asking for HTML outside the API, else the JSON error.
pub async fn not_found(req: actix_web::HttpRequest) -> Result<HttpResponse, ApiError> {
    use actix_web::FromRequest;
    let wants_html = !req.path().starts_with("/api/")
        && req
            .headers()
            .get(actix_web::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
    if wants_html && let Ok(page) = pages::Page::extract(&req).await {
        return Ok(page.error(&ApiError::new(ErrorCode::NotFound)));
    }
    Err(ApiError::new(ErrorCode::NotFound))
}
