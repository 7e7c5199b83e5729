//! `POST /api/v1/sms/inbound/{gateway}`: a text a gateway received for us. The handler only
//! translates: it checks that the request comes from the profile's gateway (Twilio's
//! `X-Twilio-Signature`, made with the auth token; for Africa's Talking and the generic `http`
//! gateway, the shared secret of `notifications.sms.inbound_secret_env`, in the
//! `X-Vaxkit-Secret` header or the `secret` query parameter — both read by `vaxkit serve` at
//! start), reads the sender and the text from the gateway's form, and hands them to
//! [`vaxkit_core::sms::command`]. The answer goes back through the outbox, as every SMS does;
//! the webhook's own answer is empty (Twilio gets an empty TwiML `<Response/>`).
//!
//! This path is outside the per-IP limit of `/api/v1` (a gateway sends every person's texts
//! from few addresses); the core limits each sender instead.

use actix_web::{HttpRequest, HttpResponse, web};
use base64::Engine;
use serde::Serialize;
use utoipa::ToSchema;

use crate::error::{ApiError, ErrorBody, ErrorCode};
use crate::state::AppState;

/// The header carrying the shared secret (Africa's Talking, `http`).
pub const SECRET_HEADER: &str = "X-Vaxkit-Secret";
/// Twilio's signature header.
pub const TWILIO_SIGNATURE_HEADER: &str = "X-Twilio-Signature";

/// The form fields of an inbound text, as each gateway names them (documentation only: the
/// body is read by hand, because each gateway names them differently).
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct InboundForm {
    /// Sender: `From` (Twilio), `from` (Africa's Talking, `http`).
    pub from: String,
    /// The text: `Body` (Twilio), `text` (Africa's Talking, `http`).
    pub text: String,
}

/// Answer for gateways other than Twilio.
#[derive(Debug, Serialize, ToSchema)]
pub struct Received {
    /// Always true: the answer goes back by SMS through the outbox.
    pub received: bool,
}

/// Receives a text from the profile's SMS gateway and acts on it as an SMS command (`NEXT`,
/// `BOOK <postal code>`, `CANCEL`, a number, `HELP`); the answer is sent by SMS.
#[utoipa::path(post, path = "/api/v1/sms/inbound/{gateway}", operation_id = "receiveSms", tag = "sms",
    params(("gateway" = String, Path, description = "The profile's SMS gateway: `twilio`, `africastalking` or `http`")),
    request_body(content = InboundForm, content_type = "application/x-www-form-urlencoded",
        description = "The gateway's own form (Twilio: `From`, `Body`; Africa's Talking and `http`: `from`, `text`; `http` may send the same as JSON)"),
    responses(
        (status = 200, description = "Received (Twilio: an empty TwiML document)", body = Received),
        (status = 403, description = "Not the profile's SMS gateway, or its signature or shared secret is missing or wrong", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, description = "Too many texts from this sender", body = ErrorBody)))]
pub async fn handle(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, ApiError> {
    let gateway = path.into_inner();
    let sms = &state.core.profile.notifications.sms;
    // Only the profile's gateway may post here, and only a gateway that can forward texts.
    if gateway != sms.gateway || !["twilio", "africastalking", "http"].contains(&gateway.as_str()) {
        return Err(ErrorCode::Forbidden.into());
    }
    let form = parse_body(&req, &body);
    let (from, text) = match gateway.as_str() {
        "twilio" => {
            let token = state.inbound_sms_secret.clone();
            let signature = header(&req, TWILIO_SIGNATURE_HEADER);
            let public = state
                .core
                .profile
                .notifications
                .public_url
                .trim_end_matches('/');
            let info = req.connection_info();
            let urls = [
                format!("{public}{}", path_and_query(&req)),
                format!(
                    "{}://{}{}",
                    info.scheme(),
                    info.host(),
                    path_and_query(&req)
                ),
            ];
            let signed = match (token, signature) {
                (Some(token), Some(signature)) => urls
                    .iter()
                    .any(|url| twilio_signature_matches(&token, url, &form, &signature)),
                _ => false,
            };
            if !signed {
                return Err(ErrorCode::Forbidden.into());
            }
            (field(&form, "From"), field(&form, "Body"))
        }
        _ => {
            let expected = state.inbound_sms_secret.clone();
            let given = header(&req, SECRET_HEADER).or_else(|| query(&req, "secret"));
            match (expected, given) {
                (Some(e), Some(g)) if same(e.as_bytes(), g.as_bytes()) => {}
                _ => return Err(ErrorCode::Forbidden.into()),
            }
            (field(&form, "from"), field(&form, "text"))
        }
    };
    let Some(from) = from else {
        return Err(ApiError::new(ErrorCode::InvalidField)
            .with_arg("field", "from")
            .with_arg("expected", "the sender's number"));
    };
    let text = text.unwrap_or_default();
    state
        .run(move |core| vaxkit_core::sms::command(core, &from, &text, core.clock.now()))
        .await?;
    if gateway == "twilio" {
        return Ok(HttpResponse::Ok()
            .content_type("text/xml; charset=utf-8")
            .body("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"));
    }
    Ok(HttpResponse::Ok().json(Received { received: true }))
}

/// The body's fields: a form, or (for `http`) a JSON object of strings.
fn parse_body(req: &HttpRequest, body: &[u8]) -> Vec<(String, String)> {
    let json = req
        .headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json {
        let Ok(serde_json::Value::Object(map)) = serde_json::from_slice(body) else {
            return Vec::new();
        };
        return map
            .into_iter()
            .filter_map(|(k, v)| v.as_str().map(|s| (k, s.to_string())))
            .collect();
    }
    form_urlencoded::parse(body).into_owned().collect()
}

fn field(form: &[(String, String)], name: &str) -> Option<String> {
    form.iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .filter(|v| !v.trim().is_empty())
}

fn header(req: &HttpRequest, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

fn query(req: &HttpRequest, name: &str) -> Option<String> {
    form_urlencoded::parse(req.query_string().as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn path_and_query(req: &HttpRequest) -> String {
    req.uri()
        .path_and_query()
        .map_or_else(|| req.path().to_string(), |p| p.as_str().to_string())
}

/// Whether `signature` is Twilio's for this request: Base64 of HMAC-SHA1, keyed with the auth
/// token, over the full URL Twilio called followed by every form field's name and value,
/// sorted by name.
pub fn twilio_signature_matches(
    token: &str,
    url: &str,
    form: &[(String, String)],
    signature: &str,
) -> bool {
    let Ok(given) = base64::engine::general_purpose::STANDARD.decode(signature.trim()) else {
        return false;
    };
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, token.as_bytes());
    ring::hmac::verify(&key, twilio_signed_text(url, form).as_bytes(), &given).is_ok()
}

/// Twilio's signature of a request, Base64 (tests sign with it as Twilio would).
pub fn twilio_signature(token: &str, url: &str, form: &[(String, String)]) -> String {
    let key = ring::hmac::Key::new(ring::hmac::HMAC_SHA1_FOR_LEGACY_USE_ONLY, token.as_bytes());
    let tag = ring::hmac::sign(&key, twilio_signed_text(url, form).as_bytes());
    base64::engine::general_purpose::STANDARD.encode(tag.as_ref())
}

fn twilio_signed_text(url: &str, form: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = form.iter().collect();
    sorted.sort();
    let mut text = url.to_string();
    for (k, v) in sorted {
        text.push_str(k);
        text.push_str(v);
    }
    text
}

/// Compares two secrets in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect()
    }

    #[test]
    fn twilio_signature_follows_the_published_algorithm() {
        // Twilio's own example ("Validating Requests are coming from Twilio"): this auth
        // token, URL and form give this signature.
        let form = pairs(&[
            ("CallSid", "CA1234567890ABCDE"),
            ("Caller", "+14158675310"),
            ("Digits", "1234"),
            ("From", "+14158675310"),
            ("To", "+18005551212"),
        ]);
        let url = "https://mycompany.com/myapp.php?foo=1&bar=2";
        let token = "12345";
        let signature = twilio_signature(token, url, &form);
        assert_eq!(signature, "GvWf1cFY/Q7PnoempGyD5oXAezc=");
        assert!(twilio_signature_matches(token, url, &form, &signature));
        assert!(!twilio_signature_matches("54321", url, &form, &signature));
        let mut changed = form.clone();
        changed[2].1 = "1235".into();
        assert!(!twilio_signature_matches(token, url, &changed, &signature));
        assert!(!twilio_signature_matches(token, url, &form, "not base64!"));
    }

    #[test]
    fn secrets_compare_whole() {
        assert!(same(b"abc", b"abc"));
        assert!(!same(b"abc", b"abd"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"", b"a"));
    }
}
