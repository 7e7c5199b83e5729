//! Headers every answer carries, whatever produced it (a handler, an error, actix's own 404):
//! no content-type sniffing, no framing by other sites, no referrer sent on, and no caching
//! unless the handler said an answer is public (`Cache-Control` of its own: the JWKS, the
//! public dashboard). Answers hold personal data — a citizen's family, a vaccinator's queue —
//! that a shared or browser cache must never keep.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;

/// The headers set on every answer that does not set them itself, with their values.
pub const HEADERS: [(&str, &str); 5] = [
    ("x-content-type-options", "nosniff"),
    ("x-frame-options", "DENY"),
    ("content-security-policy", "frame-ancestors 'none'"),
    ("referrer-policy", "no-referrer"),
    ("cache-control", "no-store"),
];

/// Middleware: adds [`HEADERS`] to the answer (keeping any the handler set).
pub async fn headers(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let mut response = next.call(req).await?;
    let map = response.headers_mut();
    for (name, value) in HEADERS {
        let name = HeaderName::from_static(name);
        if !map.contains_key(&name) {
            map.insert(name, HeaderValue::from_static(value));
        }
    }
    Ok(response)
}
