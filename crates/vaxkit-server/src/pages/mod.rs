//! The web pages: server-rendered HTML for citizens, vaccinators and the public, calling the
//! same `vaxkit-core` use cases as the JSON API. Every page works without JavaScript — plain
//! forms, POST-redirect-GET — and every POST carries a CSRF token. Texts come from Fluent in
//! the page's language (`?lang=`, then the remembered choice, then `Accept-Language`).
//!
//! Logins are cookies holding the same tokens the API takes as bearer tokens (HttpOnly,
//! SameSite=Lax, Secure when the request came over TLS). The CSRF token is a random value in
//! its own cookie that every form repeats (double submit): another site can make a browser
//! send the cookie, but cannot read it to put it in the form.

/// Unwraps a form whose CSRF token is right, or returns the refusal.
macro_rules! checked_form {
    ($page:expr, $body:expr) => {
        match $page.form(&$body) {
            Ok(form) => form,
            Err(answer) => return *answer,
        }
    };
}

pub mod admin;
pub mod charts;
pub mod citizen;
pub mod corrections;
pub mod dashboard;
pub mod planning;
pub mod public;
pub mod staff_admin;
pub mod templates;
pub mod vaccinator;
pub mod verify;

use std::future::{Ready, ready};

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder, web};
use minijinja::{Value as JinjaValue, context};
use vaxkit_core::{Actor, ErrorCode};

use crate::error::ApiError;
use crate::state::AppState;

/// Cookie holding a citizen's login token.
pub const CITIZEN_COOKIE: &str = "vaxkit_citizen";
/// Cookie holding a staff member's login token.
pub const STAFF_COOKIE: &str = "vaxkit_staff";
/// Cookie remembering the chosen language.
pub const LANG_COOKIE: &str = "vaxkit_lang";
/// Cookie holding the CSRF token forms repeat.
pub const CSRF_COOKIE: &str = "vaxkit_csrf";
/// Name of the CSRF field in every form.
pub const CSRF_FIELD: &str = "csrf";
/// The login forms, limited per IP address more tightly than the other forms.
pub const LOGIN_FORMS: [&str; 3] = ["/login", "/login/code", "/staff/login"];

/// Mounts the pages and `/static/`.
pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/").get(public::home))
        .service(web::resource("/static/{name:.*}").get(public::static_file))
        .service(web::resource("/find").get(public::find))
        .service(web::resource("/dashboard").get(dashboard::show))
        .service(web::resource("/admin/reports").get(admin::reports_page))
        .service(web::resource("/admin/reports.csv").get(admin::reports_csv))
        .service(web::resource("/admin/aefi").get(admin::aefi_list))
        .service(web::resource("/admin/facilities").get(admin::facilities))
        .service(
            web::resource("/admin/facilities/import")
                .app_data(admin::import_config())
                .get(admin::import_form)
                .post(admin::import),
        )
        .service(
            web::resource("/admin/sessions")
                .get(planning::list)
                .post(planning::create),
        )
        .service(web::resource("/admin/sessions/{id}/cancel").post(planning::cancel))
        .service(
            web::resource("/admin/staff")
                .get(staff_admin::list)
                .post(staff_admin::create),
        )
        .service(web::resource("/admin/staff/{username}/disable").post(staff_admin::disable))
        .service(web::resource("/admin/corrections").get(corrections::search))
        .service(
            web::resource("/admin/corrections/doses/{reference}/correct")
                .post(corrections::correct),
        )
        .service(
            web::resource("/admin/corrections/doses/{reference}/revoke").post(corrections::revoke),
        )
        .service(
            web::resource("/verify")
                .get(verify::form)
                .post(verify::check),
        )
        .service(
            web::resource("/verify/photo")
                .app_data(verify::photo_config())
                .post(verify::photo),
        )
        .service(
            web::resource("/login")
                .get(citizen::login_form)
                .post(citizen::login_send),
        )
        .service(
            web::resource("/login/code")
                .get(citizen::code_form)
                .post(citizen::code_check),
        )
        .service(web::resource("/logout").post(citizen::logout))
        .service(web::resource("/me").get(citizen::home))
        .service(
            web::resource("/me/people/new")
                .get(citizen::person_new)
                .post(citizen::person_create),
        )
        .service(
            web::resource("/me/people/{reference}/edit")
                .get(citizen::person_edit)
                .post(citizen::person_update),
        )
        .service(web::resource("/me/people/{reference}/remove").post(citizen::person_remove))
        .service(web::resource("/me/people/{reference}/certificate").get(citizen::certificate))
        .service(
            web::resource("/me/people/{reference}/certificate.pdf").get(citizen::certificate_pdf),
        )
        .service(
            web::resource("/me/book")
                .get(citizen::book_form)
                .post(citizen::book),
        )
        .service(web::resource("/me/appointments/{reference}").get(citizen::slip))
        .service(
            web::resource("/me/aefi/{dose}")
                .get(citizen::aefi_form)
                .post(citizen::aefi_report),
        )
        .service(web::resource("/me/appointments/{reference}/cancel").post(citizen::cancel))
        .service(web::resource("/me/appointments/{reference}/reschedule").post(citizen::reschedule))
        .service(
            web::resource("/staff/login")
                .get(vaccinator::login_form)
                .post(vaccinator::login),
        )
        .service(web::resource("/staff/logout").post(vaccinator::logout))
        .service(web::resource("/vaccinator").get(vaccinator::queue))
        .service(web::resource("/vaccinator/lookup").get(vaccinator::lookup))
        .service(web::resource("/vaccinator/offline").get(vaccinator::offline))
        .service(
            web::resource("/vaccinator/walk-in")
                .get(vaccinator::walk_in_form)
                .post(vaccinator::walk_in),
        )
        .service(web::resource("/vaccinator/sw.js").get(vaccinator::service_worker))
        .service(
            web::resource("/vaccinator/sync")
                .app_data(crate::api::vaccinator::sync::payload_config())
                .post(vaccinator::sync),
        )
        .service(
            web::resource("/vaccinator/record/{beneficiary}")
                .get(vaccinator::record_form)
                .post(vaccinator::record),
        );
}

/// What every page knows about its request: language, CSRF token, logins, where it is.
pub struct Page {
    /// The page's language.
    pub lang: String,
    state: web::Data<AppState>,
    csrf: String,
    new_csrf: bool,
    remember_lang: bool,
    secure: bool,
    path: String,
    citizen_token: Option<String>,
    staff_token: Option<String>,
    /// The client's address (behind trusted proxies, the forwarded one), empty if unknown.
    pub client: String,
    client_ip: Option<std::net::IpAddr>,
}

impl FromRequest for Page {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(Page::read(req))
    }
}

/// A form body: its fields in order (a field may repeat, as checkboxes do).
#[derive(Debug, Default)]
pub struct Form(Vec<(String, String)>);

impl Form {
    /// Reads an `application/x-www-form-urlencoded` body.
    pub fn parse(body: &[u8]) -> Self {
        Form(form_urlencoded::parse(body).into_owned().collect())
    }

    /// The first value of a field, trimmed; empty when absent.
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.trim())
    }

    /// The value of a field, or nothing when absent or blank.
    pub fn opt(&self, name: &str) -> Option<&str> {
        Some(self.get(name)).filter(|v| !v.is_empty())
    }

    /// Every non-blank value of a field.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_owned())
            .collect()
    }

    /// The fields as a template value (to fill a form in again after a refusal).
    pub fn values(&self) -> JinjaValue {
        let map: std::collections::BTreeMap<&str, &str> = self
            .0
            .iter()
            .filter(|(k, _)| k != CSRF_FIELD)
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        JinjaValue::from_serialize(&map)
    }
}

/// A local path to go back to after a login, or the default.
pub fn local_next(next: &str, default: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        default.to_owned()
    }
}

impl Page {
    fn read(req: &HttpRequest) -> Result<Self, ApiError> {
        let state = req
            .app_data::<web::Data<AppState>>()
            .cloned()
            .ok_or_else(|| ApiError::internal("a page without AppState"))?;
        let locales = &state.core.locales;
        let query_lang = form_urlencoded::parse(req.query_string().as_bytes())
            .find(|(k, _)| k == "lang")
            .map(|(_, v)| v.into_owned())
            .filter(|v| !v.is_empty());
        let cookie_lang = req.cookie(LANG_COOKIE).map(|c| c.value().to_owned());
        let (lang, remember_lang) = match (query_lang, cookie_lang) {
            (Some(lang), _) => (locales.negotiate(&lang).to_owned(), true),
            (None, Some(lang)) => (locales.negotiate(&lang).to_owned(), false),
            (None, None) => (crate::lang::negotiate(req, locales), false),
        };
        let existing = req
            .cookie(CSRF_COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|v| v.len() == 32 && v.chars().all(|c| c.is_ascii_hexdigit()));
        let (csrf, new_csrf) = match existing {
            Some(token) => (token, false),
            None => (random_hex(16), true),
        };
        let cookie = |name: &str| {
            req.cookie(name)
                .map(|c| c.value().to_owned())
                .filter(|v| !v.is_empty())
        };
        let client_ip = state.client_ip(req);
        Ok(Page {
            lang,
            csrf,
            new_csrf,
            remember_lang,
            secure: req.connection_info().scheme() == "https",
            path: req.path().to_owned(),
            citizen_token: cookie(CITIZEN_COOKIE),
            staff_token: cookie(STAFF_COOKIE),
            client: client_ip.map(|ip| ip.to_string()).unwrap_or_default(),
            client_ip,
            state,
        })
    }

    /// The application state.
    pub fn state(&self) -> &web::Data<AppState> {
        &self.state
    }

    /// A message in the page's language.
    pub fn text(&self, id: &str) -> String {
        self.state.core.locales.message(&self.lang, id, &[])
    }

    /// A refusal's message in the page's language.
    pub fn error_text(&self, error: &ApiError) -> String {
        error.ui_message(&self.state.core.locales, &self.lang)
    }

    /// A cookie with the page's security attributes.
    fn cookie(&self, name: &'static str, value: String, max_age: Option<i64>) -> Cookie<'static> {
        let mut builder = Cookie::build(name, value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure);
        if let Some(seconds) = max_age {
            builder = builder.max_age(CookieDuration::seconds(seconds));
        }
        builder.finish()
    }

    /// Adds the cookies this page must set (a new CSRF token, a chosen language).
    fn finish(&self, mut builder: HttpResponseBuilder) -> HttpResponseBuilder {
        if self.new_csrf {
            builder.cookie(self.cookie(CSRF_COOKIE, self.csrf.clone(), None));
        }
        if self.remember_lang {
            builder.cookie(self.cookie(LANG_COOKIE, self.lang.clone(), Some(365 * 86_400)));
        }
        builder.insert_header((header::CACHE_CONTROL, "no-store"));
        builder
    }

    /// The context every template has: language, direction, languages, branding, CSRF token.
    fn common(&self) -> JinjaValue {
        let core = &self.state.core;
        let locales = &core.locales;
        let languages: Vec<JinjaValue> = locales
            .languages()
            .iter()
            .map(|code| {
                context! {
                    code => code,
                    name => locales.message(code, "language-name", &[]),
                    current => *code == self.lang,
                }
            })
            .collect();
        let branding = &core.profile.branding;
        let name = branding
            .programme_name
            .clone()
            .unwrap_or_else(|| self.text("app-name"));
        context! {
            lang => &self.lang,
            dir => if vaxkit_i18n::is_rtl(&self.lang) { "rtl" } else { "ltr" },
            languages => languages,
            path => &self.path,
            csrf => &self.csrf,
            citizen => self.citizen_token.is_some(),
            staff => self.staff_token.is_some(),
            brand => context! {
                name => name,
                logo => branding.logo.as_ref().map(|l| format!("/static/{l}")),
                primary => &branding.primary_colour,
                on_primary => &branding.on_primary_colour,
            },
        }
    }

    /// Renders a template with status 200.
    pub fn render(&self, template: &str, ctx: JinjaValue) -> HttpResponse {
        self.render_status(StatusCode::OK, template, ctx)
    }

    /// Renders a template with a status; a refusal's page is marked so the JSON error
    /// middleware leaves it as it is.
    pub fn render_status(
        &self,
        status: StatusCode,
        template: &str,
        ctx: JinjaValue,
    ) -> HttpResponse {
        let full = context! { ..ctx, ..self.common() };
        match self.state.pages.render(template, full) {
            Ok(html) => {
                let mut response = self
                    .finish(HttpResponse::build(status))
                    .content_type("text/html; charset=utf-8")
                    .body(html);
                if status.is_client_error() || status.is_server_error() {
                    crate::error::mark_rendered(&mut response);
                }
                response
            }
            Err(error) => {
                tracing::error!(%error, template, "a page template failed");
                let mut response = HttpResponse::InternalServerError()
                    .content_type("text/plain; charset=utf-8")
                    .body(self.text("error-internal-error"));
                crate::error::mark_rendered(&mut response);
                response
            }
        }
    }

    /// `303 See Other` to a local path (the GET after a POST).
    pub fn redirect(&self, to: &str) -> HttpResponse {
        self.finish(HttpResponse::SeeOther())
            .insert_header((header::LOCATION, to.to_owned()))
            .finish()
    }

    /// A refusal as a page: a lost login goes back to the login page, anything else is shown
    /// with its message and status.
    pub fn error(&self, error: &ApiError) -> HttpResponse {
        if matches!(
            error.code(),
            ErrorCode::Unauthorized | ErrorCode::SessionExpired
        ) {
            return self.to_login();
        }
        let status = crate::error::status(error.code());
        let mut response = self.render_status(
            status,
            "error.html",
            context! { message => self.error_text(error) },
        );
        for (name, value) in error.headers() {
            if let Ok(value) = header::HeaderValue::from_str(&value) {
                let _ = response.headers_mut().insert(name, value);
            }
        }
        response
    }

    /// To the login page that fits this path, coming back here afterwards.
    fn to_login(&self) -> HttpResponse {
        let login = if ["/vaccinator", "/staff", "/admin"]
            .iter()
            .any(|prefix| self.path.starts_with(prefix))
        {
            "/staff/login"
        } else {
            "/login"
        };
        let next: String = form_urlencoded::byte_serialize(self.path.as_bytes()).collect();
        self.redirect(&format!("{login}?next={next}"))
    }

    /// The logged-in citizen, or the answer that sends the browser to the login page.
    pub async fn citizen(&self) -> Result<Actor, HttpResponse> {
        let Some(token) = self.citizen_token.clone() else {
            return Err(self.to_login());
        };
        self.state
            .run(move |core| {
                vaxkit_core::auth::authenticate(core, &token, core.clock.now()).map(Actor::Citizen)
            })
            .await
            .map_err(|e| self.error(&e))
    }

    /// The logged-in staff member, or the answer that sends the browser to the staff login.
    pub async fn staff(&self) -> Result<Actor, HttpResponse> {
        let Some(token) = self.staff_token.clone() else {
            return Err(self.to_login());
        };
        self.state
            .run(move |core| {
                vaxkit_core::staff::authenticate(core, &token, core.clock.now()).map(Actor::Staff)
            })
            .await
            .map_err(|e| self.error(&e))
    }

    /// A POSTed form, if its client is within the per-IP form limits and its CSRF token is this
    /// browser's; otherwise the refusal page.
    pub fn form(&self, body: &[u8]) -> Result<Form, Box<HttpResponse>> {
        self.within_form_limits()
            .map_err(|error| Box::new(self.error(&error)))?;
        let form = Form::parse(body);
        if self.new_csrf || form.get(CSRF_FIELD) != self.csrf {
            let error = ApiError::new(ErrorCode::Forbidden);
            return Err(Box::new(self.render_status(
                StatusCode::FORBIDDEN,
                "error.html",
                context! { message => self.text("page-csrf-refused"), code => error.code().as_str() },
            )));
        }
        Ok(form)
    }

    /// Counts a form against the profile's per-IP limits: every form, and the login forms
    /// once more against their own, smaller allowance (password and code guessing comes
    /// through them). An address the server cannot tell is not limited here.
    fn within_form_limits(&self) -> Result<(), ApiError> {
        let Some(ip) = self.client_ip else {
            return Ok(());
        };
        let core = &self.state.core;
        let limits = &core.profile.rate_limits;
        let client = crate::limits::client_key(ip);
        let minute = std::time::Duration::from_secs(60);
        if LOGIN_FORMS.contains(&self.path.as_str()) {
            core.limiter.check(
                &format!("login-form:{client}"),
                limits.per_ip_logins_per_minute,
                minute,
            )?;
        }
        core.limiter.check(
            &format!("form:{client}"),
            limits.per_ip_forms_per_minute,
            minute,
        )?;
        Ok(())
    }

    /// Whether a token sent with a script's request is this browser's CSRF token.
    pub fn csrf_matches(&self, token: &str) -> bool {
        !self.new_csrf && token == self.csrf
    }

    /// A refusal as the JSON error body, for the offline page's script.
    pub fn json_error(&self, error: &ApiError) -> HttpResponse {
        let mut response = HttpResponse::build(crate::error::status(error.code()))
            .json(error.body(Some(&self.state.core.locales), &self.lang));
        crate::error::mark_rendered(&mut response);
        response
    }

    /// Answer setting a login cookie and going on to `to`.
    pub fn login_redirect(&self, name: &'static str, token: String, to: &str) -> HttpResponse {
        let mut response = self.redirect(to);
        let _ = response.add_cookie(&self.cookie(name, token, None));
        response
    }

    /// Answer removing a login cookie and going on to `to`.
    pub fn logout_redirect(&self, name: &'static str, to: &str) -> HttpResponse {
        let mut response = self.redirect(to);
        let _ = response.add_cookie(&self.cookie(name, String::new(), Some(0)));
        response
    }

    /// The current day in the country.
    pub fn today(&self) -> chrono::NaiveDate {
        let core = &self.state.core;
        core.today(core.clock.now())
    }
}

/// Random hexadecimal text of `bytes` random bytes.
fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::thread_rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_stays_on_this_site() {
        assert_eq!(local_next("/me/book", "/me"), "/me/book");
        assert_eq!(local_next("//evil.example/x", "/me"), "/me");
        assert_eq!(local_next("https://evil.example", "/me"), "/me");
        assert_eq!(local_next("/\\evil.example", "/me"), "/me");
        assert_eq!(local_next("", "/me"), "/me");
    }

    #[test]
    fn forms_keep_repeated_fields() {
        let form = Form::parse(b"people=a&people=b&people=&name=+Asha+&csrf=x");
        assert_eq!(form.all("people"), vec!["a", "b"]);
        assert_eq!(form.get("name"), "Asha");
        assert_eq!(form.opt("missing"), None);
    }
}
