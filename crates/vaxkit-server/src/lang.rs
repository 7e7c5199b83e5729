//! The language of a request: `?lang=` if given, else the `Accept-Language` header, negotiated
//! against the profile's languages (the profile's default when nothing fits). Handlers take a
//! [`RequestLanguage`]; the error middleware calls [`negotiate`] directly.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use vaxkit_i18n::Locales;

use crate::error::ApiError;
use crate::state::AppState;

/// Longest `?lang=` or `Accept-Language` value looked at, so a hostile one costs little.
const MAX_LEN: usize = 256;

/// The negotiated profile language of a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLanguage(pub String);

impl RequestLanguage {
    /// The language tag, e.g. `fr`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromRequest for RequestLanguage {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(match req.app_data::<web::Data<AppState>>() {
            Some(state) => Ok(RequestLanguage(negotiate(req, &state.core.locales))),
            None => Err(ApiError::internal("RequestLanguage used without AppState")),
        })
    }
}

/// The profile language that fits the request best.
pub fn negotiate(req: &HttpRequest, locales: &Locales) -> String {
    if let Some(lang) = query_lang(req.query_string()) {
        return locales.negotiate(&lang).to_owned();
    }
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    locales.negotiate(truncate(accept)).to_owned()
}

/// The value of `lang` in a query string, if present and not empty.
fn query_lang(query: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, _)| *key == "lang")
        .map(|(_, value)| truncate(value).to_owned())
        .filter(|value| !value.is_empty())
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(MAX_LEN) {
        Some((end, _)) => s.get(..end).unwrap_or(s),
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn locales() -> Locales {
        Locales::load(None, &["en", "fr", "ar"]).unwrap()
    }

    #[test]
    fn query_wins_over_the_header() {
        let req = TestRequest::with_uri("/x?a=1&lang=ar")
            .insert_header((header::ACCEPT_LANGUAGE, "fr"))
            .to_http_request();
        assert_eq!(negotiate(&req, &locales()), "ar");
    }

    #[test]
    fn header_then_default() {
        let l = locales();
        let req = TestRequest::with_uri("/x")
            .insert_header((header::ACCEPT_LANGUAGE, "de;q=0.9, fr-CA;q=0.8"))
            .to_http_request();
        assert_eq!(negotiate(&req, &l), "fr");
        let req = TestRequest::with_uri("/x?lang=").to_http_request();
        assert_eq!(negotiate(&req, &l), "en");
        let req = TestRequest::with_uri("/x?lang=zz").to_http_request();
        assert_eq!(negotiate(&req, &l), "en");
    }
}
