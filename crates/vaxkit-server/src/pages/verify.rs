//! Certificate verification for anyone: paste the QR text, upload a photo of the code, or use
//! the camera where the browser can read codes. The verdict and the holder's name are shown in
//! the page's language; the checks are the core's (`vaxkit_core::certificates::verify`), the
//! same as `POST /api/v1/certificates/verify`.

use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use serde_json::Value;
use vaxkit_core::certificates;

use super::{Form, Page};
use crate::error::{ApiError, ErrorCode};

/// Largest photo accepted, in bytes.
pub const PHOTO_LIMIT: usize = 8 * 1024 * 1024;

/// The body size limit of the photo upload.
pub fn photo_config() -> web::PayloadConfig {
    web::PayloadConfig::new(PHOTO_LIMIT)
}

/// `GET /verify`: the form.
pub async fn form(page: Page) -> HttpResponse {
    page.render("verify.html", context! {})
}

/// `POST /verify`: the verdict on the pasted QR text.
pub async fn check(page: Page, body: web::Bytes) -> HttpResponse {
    let form: Form = match page.form(&body) {
        Ok(form) => form,
        Err(answer) => return *answer,
    };
    let text = form.get("qr").to_owned();
    if text.is_empty() {
        let error = ApiError::new(ErrorCode::InvalidField)
            .with_arg("field", "qr")
            .with_arg(
                "expected",
                vaxkit_i18n::Message::new("json-expected-present"),
            );
        return page.render_status(
            crate::error::status(error.code()),
            "verify.html",
            context! { error => page.error_text(&error) },
        );
    }
    let qr = text.clone();
    match page
        .state()
        .run(move |core| certificates::verify(core, &qr, core.clock.now()))
        .await
    {
        Ok(outcome) => {
            let reason = outcome.reason.code().to_string();
            let locales = &page.state().core.locales;
            let verdict = if outcome.valid {
                locales.message(&page.lang, "certificate-valid", &[])
            } else {
                locales.message(
                    &page.lang,
                    "certificate-invalid",
                    &[("reason", reason.as_str().into())],
                )
            };
            let holder = outcome.payload.as_ref().and_then(holder_name);
            page.render(
                "verify.html",
                context! {
                    checked => true,
                    valid => outcome.valid,
                    verdict => verdict,
                    reason => reason,
                    holder => holder,
                    qr => text,
                },
            )
        }
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "verify.html",
            context! { error => page.error_text(&error), qr => text },
        ),
    }
}

/// `POST /verify/photo`: the text of the QR code in a photo (PNG or JPEG), for the page's
/// script to check; `X-CSRF-Token` carries the token.
pub async fn photo(page: Page, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let token = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !page.csrf_matches(token) {
        return page.json_error(&ApiError::new(ErrorCode::Forbidden));
    }
    match web::block(move || vaxkit_cert::qr::read(&body)).await {
        Ok(Ok(text)) => HttpResponse::Ok().json(serde_json::json!({ "qr": text })),
        _ => page.json_error(
            &ApiError::new(ErrorCode::InvalidField)
                .with_arg("field", "photo")
                .with_arg(
                    "expected",
                    vaxkit_i18n::Message::new("page-verify-expected-photo"),
                ),
        ),
    }
}

/// The holder's name in a verified payload: an EU DCC's `nam` (given and family names), or a
/// FHIR Patient's first name (SMART Health Card), wherever it sits in the document.
pub fn holder_name(payload: &Value) -> Option<String> {
    match payload {
        Value::Object(map) => {
            if let Some(nam) = map.get("nam") {
                let part = |k: &str| nam.get(k).and_then(Value::as_str).unwrap_or("").trim();
                let name = [part("gn"), part("fn")]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                if !name.is_empty() {
                    return Some(name);
                }
            }
            if map.get("resourceType").and_then(Value::as_str) == Some("Patient") {
                let first = map.get("name")?.get(0)?;
                let given: Vec<&str> = first
                    .get("given")
                    .and_then(Value::as_array)
                    .map(|g| g.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let family = first.get("family").and_then(Value::as_str).unwrap_or("");
                let name = given
                    .into_iter()
                    .chain(Some(family))
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ");
                return Some(name).filter(|n| !n.is_empty());
            }
            map.values().find_map(holder_name)
        }
        Value::Array(items) => items.iter().find_map(holder_name),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_from_both_formats() {
        let dcc = json!({ "v": [{}], "nam": { "fn": "Diallo", "gn": "Amina", "fnt": "DIALLO" } });
        assert_eq!(holder_name(&dcc).as_deref(), Some("Amina Diallo"));
        let shc = json!({ "vc": { "credentialSubject": { "fhirBundle": { "entry": [
            { "resource": { "resourceType": "Patient", "name": [{ "family": "Diallo", "given": ["Amina", "K."] }] } }
        ] } } } });
        assert_eq!(holder_name(&shc).as_deref(), Some("Amina K. Diallo"));
        assert_eq!(holder_name(&json!({ "x": 1 })), None);
    }
}
