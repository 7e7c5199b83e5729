//! The web pages over HTTP, as a browser without JavaScript uses them: cookies, forms with
//! their CSRF token, POST-redirect-GET. Every flow on SQLite and PostgreSQL.

use std::collections::BTreeMap;

use reqwest::StatusCode;
use reqwest::header::{HeaderMap, LOCATION, SET_COOKIE};

use crate::citizen::{day, last_code, mobile, national_id, world};
use crate::helpers::{TestApp, example_profile_dir};

/// A cookie-keeping client that does not follow redirects, so each step can be checked.
pub struct Browser<'a> {
    pub app: &'a TestApp,
    client: reqwest::Client,
    pub cookies: BTreeMap<String, String>,
    /// The attributes of each cookie as last set.
    pub cookie_attributes: BTreeMap<String, String>,
}

/// One answer: status, headers, body.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Answer {
    pub fn location(&self) -> String {
        self.headers
            .get(LOCATION)
            .map(|v| v.to_str().unwrap().to_owned())
            .unwrap_or_default()
    }
}

impl<'a> Browser<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Browser {
            app,
            client: reqwest::Client::builder()
                .no_proxy()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            cookies: BTreeMap::new(),
            cookie_attributes: BTreeMap::new(),
        }
    }

    fn cookie_header(&self) -> String {
        self.cookies
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("; ")
    }

    async fn keep(&mut self, response: reqwest::Response) -> Answer {
        for value in response.headers().get_all(SET_COOKIE) {
            let text = value.to_str().unwrap();
            let (pair, attributes) = text.split_once(';').unwrap_or((text, ""));
            let (name, value) = pair.split_once('=').unwrap();
            if attributes.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
            self.cookie_attributes
                .insert(name.to_owned(), attributes.to_owned());
        }
        Answer {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.unwrap(),
        }
    }

    pub async fn get(&mut self, path: &str) -> Answer {
        let response = self
            .client
            .get(self.app.url(path))
            .header("Cookie", self.cookie_header())
            .send()
            .await
            .unwrap();
        self.keep(response).await
    }

    /// POSTs a form with this browser's CSRF token added.
    pub async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let csrf = self.cookies.get("vaxkit_csrf").cloned().unwrap_or_default();
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", &csrf));
        self.post_raw(path, &all).await
    }

    /// POSTs a form exactly as given.
    pub async fn post_raw(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let body: String = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(fields)
            .finish();
        let response = self
            .client
            .post(self.app.url(path))
            .header("Cookie", self.cookie_header())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap();
        self.keep(response).await
    }

    /// Logs in through the pages with a new mobile number; returns the number.
    pub async fn log_in(&mut self) -> String {
        let number = mobile();
        let page = self.get("/login").await;
        assert_eq!(page.status, StatusCode::OK);
        let sent = self
            .post("/login", &[("mobile", &number), ("next", "")])
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        let to = sent.location();
        assert!(to.starts_with("/login/code?txn="), "{to}");
        let txn = to
            .trim_start_matches("/login/code?txn=")
            .split('&')
            .next()
            .unwrap()
            .to_owned();
        let code = last_code(self.app, &format!("999{number}"));
        let done = self
            .post(
                "/login/code",
                &[("txn", &txn), ("code", &code), ("next", "")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(done.location(), "/me");
        number
    }

    /// Adds a person through the form; returns their reference from the family page.
    pub async fn add_person(&mut self, name: &str, birth_date: &str) -> String {
        let id = national_id();
        let added = self
            .post(
                "/me/people/new",
                &[
                    ("name", name),
                    ("birth_date", birth_date),
                    ("gender", "female"),
                    ("id_scheme", "national-id"),
                    ("id_number", &id),
                ],
            )
            .await;
        assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
        let me = self.get("/me").await;
        assert!(me.body.contains(name), "{}", me.body);
        let marker = "/me/people/";
        let people = self
            .app
            .store
            .read(|c| vaxkit_store::repo::beneficiaries::by_id_hash(c, &id_hash(self.app, &id)))
            .unwrap()
            .unwrap();
        assert!(me.body.contains(marker));
        people.reference
    }
}

/// The keyed hash the store keeps of a national ID of the example profile.
fn id_hash(app: &TestApp, id: &str) -> String {
    let number = vaxkit_core::types::IdNumber::parse(&app.profile, "national-id", id).unwrap();
    number.hash(&app.store.secrets)
}

both_backends!(
    pages_speak_the_chosen_language_and_remember_it,
    |app| async move {
        let mut browser = Browser::new(&app);
        let home = browser.get("/").await;
        assert_eq!(home.status, StatusCode::OK);
        assert!(
            home.body.contains(r#"<html lang="en" dir="ltr">"#),
            "{}",
            home.body
        );
        assert!(home.body.contains("Register or book"));
        // The language switch is on the page: a link per profile language, in that language.
        assert!(home.body.contains(r#"href="/?lang=ar""#));
        assert!(home.body.contains("العربية"));

        let arabic = browser.get("/?lang=ar").await;
        assert!(arabic.body.contains(r#"<html lang="ar" dir="rtl">"#));
        assert!(arabic.body.contains("التسجيل أو الحجز"), "{}", arabic.body);
        assert!(
            browser
                .cookies
                .get("vaxkit_lang")
                .is_some_and(|l| l == "ar")
        );
        // Remembered on the next page, without ?lang=.
        let find = browser.get("/find").await;
        assert!(find.body.contains(r#"dir="rtl""#));
        assert!(find.body.contains("البحث عن جلسة تطعيم"));
        // French from Accept-Language when nothing was chosen.
        let french = app.get_in("/find", "fr-CA,fr;q=0.9").await;
        let body = french.text().await.unwrap();
        assert!(body.contains(r#"<html lang="fr" dir="ltr">"#));
        assert!(body.contains("Trouver une séance de vaccination"));
    }
);

both_backends!(static_files_and_branding, |app| async move {
    let mut browser = Browser::new(&app);
    let css = browser.get("/static/vaxkit.css").await;
    assert_eq!(css.status, StatusCode::OK);
    assert_eq!(css.headers["content-type"], "text/css; charset=utf-8");
    assert!(css.body.contains("--primary"));
    // The example profile's colours, from profile.toml; no logo unless one is named.
    let home = browser.get("/").await;
    assert!(home.body.contains("--primary:#0b5394"));
    assert!(!home.body.contains("<img"));
    // Nothing outside the static folders.
    for path in [
        "/static/../profile.toml",
        "/static/%2e%2e/profile.toml",
        "/static/nope.css",
    ] {
        let answer = browser.get(path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path}");
        assert!(!answer.body.contains("[country]"));
    }
});

/// A copy of the example profile with its own home page template, style sheet and name.
fn overriding_profile() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = example_profile_dir();
    for file in ["profile.toml", "regions.csv"] {
        std::fs::copy(from.join(file), dir.path().join(file)).unwrap();
    }
    std::fs::create_dir(dir.path().join("static")).unwrap();
    std::fs::write(
        dir.path().join("static/logo.svg"),
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="white"/></svg>"#,
    )
    .unwrap();
    std::fs::write(dir.path().join("static/vaxkit.css"), "body{color:#123456}").unwrap();
    std::fs::create_dir(dir.path().join("templates")).unwrap();
    std::fs::write(
        dir.path().join("templates/home.html"),
        r#"{% extends "base.html" %}{% block main %}<h1 id="own">{{ t("page-home-title") }} — Examplia</h1>{% endblock %}"#,
    )
    .unwrap();
    let toml = std::fs::read_to_string(dir.path().join("profile.toml")).unwrap();
    let toml = toml.replace(
        "[branding]\n",
        "[branding]\nlogo = \"logo.svg\"\nprogramme_name = \"Examplia Immunises\"\n",
    );
    std::fs::write(dir.path().join("profile.toml"), toml).unwrap();
    dir
}

#[tokio::test]
async fn a_profile_overrides_templates_static_files_and_name() {
    let dir = overriding_profile();
    let app = TestApp::spawn_profile(crate::helpers::Backend::Sqlite, dir.path(), |_| {}).await;
    let mut browser = Browser::new(&app);
    let home = browser.get("/?lang=fr").await;
    assert!(
        home.body
            .contains(r#"<h1 id="own">Vaccination — Examplia</h1>"#),
        "{}",
        home.body
    );
    assert!(home.body.contains("Examplia Immunises"));
    let css = browser.get("/static/vaxkit.css").await;
    assert_eq!(css.body, "body{color:#123456}");
    // The logo named in profile.toml, from the profile's static/ folder.
    assert!(home.body.contains(r#"<img src="/static/logo.svg""#));
    let logo = browser.get("/static/logo.svg").await;
    assert_eq!(logo.status, StatusCode::OK);
    assert_eq!(logo.headers["content-type"], "image/svg+xml");
    // Templates the profile does not replace are the built-in ones.
    let find = browser.get("/find").await;
    assert!(find.body.contains("Trouver une séance de vaccination"));
}

both_backends!(forms_without_the_csrf_token_are_refused, |app| async move {
    let mut browser = Browser::new(&app);
    let _ = browser.get("/login").await;
    assert!(browser.cookies.contains_key("vaxkit_csrf"));
    let number = mobile();
    let refused = browser.post_raw("/login", &[("mobile", &number)]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    assert!(
        refused.body.contains("This form has expired"),
        "{}",
        refused.body
    );
    let wrong = browser
        .post_raw(
            "/login",
            &[
                ("mobile", &number),
                ("csrf", "0123456789abcdef0123456789abcdef"),
            ],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::FORBIDDEN);
    // A browser that never had the cookie (another site's form) is refused too.
    let mut other = Browser::new(&app);
    let forged = other
        .post_raw("/login", &[("mobile", &number), ("csrf", "")])
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    // Nothing was sent.
    let sent = app
        .store
        .read(|c| {
            vaxkit_store::repo::outbox::for_recipient(
                c,
                &app.store.secrets,
                &format!("999{number}"),
            )
        })
        .unwrap();
    assert!(sent.is_empty());
});

both_backends!(
    citizen_logs_in_registers_books_and_cancels,
    |app| async move {
        let w = world(&app);
        let mut browser = Browser::new(&app);
        // The family page asks for a login first, and comes back after it.
        let me = browser.get("/me").await;
        assert_eq!(me.status, StatusCode::SEE_OTHER);
        assert_eq!(me.location(), "/login?next=%2Fme");
        browser.log_in().await;
        let attributes = &browser.cookie_attributes["vaxkit_citizen"];
        assert!(attributes.contains("HttpOnly"), "{attributes}");
        assert!(attributes.contains("SameSite=Lax"), "{attributes}");
        assert!(!attributes.contains("Secure"), "plain HTTP: {attributes}");
        // The cookie holds the same kind of token the API takes.
        let token = browser.cookies["vaxkit_citizen"].clone();
        let api = app
            .client
            .get(app.url("/api/v1/beneficiaries"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::OK);

        // A refused registration says why, in the page's language, and keeps what was typed.
        let bad = browser
            .post(
                "/me/people/new?lang=fr",
                &[
                    ("name", "Amina Diallo"),
                    ("birth_date", "1980-02-03"),
                    ("gender", "female"),
                    ("id_scheme", "national-id"),
                    ("id_number", "7304125814"),
                ],
            )
            .await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
        assert!(
            bad.body
                .contains("le chiffre de contrôle ne correspond pas"),
            "{}",
            bad.body
        );
        assert!(bad.body.contains(r#"value="Amina Diallo""#));

        let amina = browser.add_person("Amina Diallo", "1980-02-03").await;
        let omar = browser.add_person("Omar Diallo", "1975-07-09").await;

        // Book both at once.
        let form = browser
            .get(&format!("/me/book?session={}", w.harbour))
            .await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert!(form.body.contains("09:00-11:00"));
        let booked = browser
            .post(
                "/me/book",
                &[
                    ("session", &w.harbour),
                    ("slot", "09:00-11:00"),
                    ("people", &amina),
                    ("people", &omar),
                ],
            )
            .await;
        assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.body);
        assert_eq!(booked.location(), "/me");
        assert_eq!(crate::citizen::available(&app, &w.harbour), 8);
        let me = browser.get("/me").await;
        let slip_link = me
            .body
            .split("href=\"/me/appointments/")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let slip = browser.get(&format!("/me/appointments/{slip_link}")).await;
        assert_eq!(slip.status, StatusCode::OK);
        let code = slip
            .body
            .split("id=\"security-code\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap();
        assert_eq!(code.len(), 4, "{}", slip.body);
        assert!(slip.body.contains("Harbour Clinic"));

        // Booking nobody is refused with a message, not a panic (in French: the language chosen
        // above is remembered).
        let nobody = browser
            .post(
                "/me/book",
                &[("session", &w.harbour), ("slot", "09:00-11:00")],
            )
            .await;
        assert_eq!(nobody.status, StatusCode::BAD_REQUEST);
        assert!(
            nobody.body.contains("au moins une personne choisie"),
            "{}",
            nobody.body
        );
        let _ = browser.get("/me?lang=en").await;

        // Cancel one: its place comes back.
        let cancelled = browser
            .post(&format!("/me/appointments/{slip_link}/cancel"), &[])
            .await;
        assert_eq!(cancelled.status, StatusCode::SEE_OTHER);
        assert_eq!(crate::citizen::available(&app, &w.harbour), 9);
        let slip = browser.get(&format!("/me/appointments/{slip_link}")).await;
        assert!(slip.body.contains("Cancelled"));

        // Log out: the cookie goes, and the token no longer works.
        let out = browser.post("/logout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(!browser.cookies.contains_key("vaxkit_citizen"));
        let api = app
            .client
            .get(app.url("/api/v1/beneficiaries"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), StatusCode::UNAUTHORIZED);
        let _ = day("2021-06-02");
    }
);

both_backends!(family_members_are_corrected_and_removed, |app| async move {
    let mut browser = Browser::new(&app);
    browser.log_in().await;
    let asha = browser.add_person("Asha Mwangi", "1990-01-01").await;
    let edit = browser.get(&format!("/me/people/{asha}/edit")).await;
    assert_eq!(edit.status, StatusCode::OK);
    let fixed = browser
        .post(
            &format!("/me/people/{asha}/edit"),
            &[("name", "Asha Wanjiru Mwangi")],
        )
        .await;
    assert_eq!(fixed.status, StatusCode::SEE_OTHER, "{}", fixed.body);
    let me = browser.get("/me").await;
    assert!(me.body.contains("Asha Wanjiru Mwangi"));
    // A name is corrected once.
    let again = browser
        .post(&format!("/me/people/{asha}/edit"), &[("name", "Asha M.")])
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    let removed = browser
        .post(&format!("/me/people/{asha}/remove"), &[])
        .await;
    assert_eq!(removed.status, StatusCode::SEE_OTHER);
    let me = browser.get("/me").await;
    assert!(!me.body.contains("Asha Wanjiru Mwangi"));
    // Someone else's reference is not found.
    let other = browser.get("/me/people/nobody/edit").await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
});

both_backends!(
    sessions_are_found_by_region_postal_code_and_week,
    |app| async move {
        let _w = world(&app);
        let mut browser = Browser::new(&app);
        let found = browser.get("/find?region=XX-N&date=2021-06-02").await;
        assert_eq!(found.status, StatusCode::OK, "{}", found.body);
        assert!(found.body.contains("Harbour Clinic"));
        assert!(!found.body.contains("Capital Clinic"));
        let postal = browser.get("/find?postal_code=10002&date=2021-06-03").await;
        assert!(postal.body.contains("Hill Clinic"));
        let week = browser.get("/find?facility=HARBOUR&date=2021-06-01").await;
        assert!(week.body.contains("2021-06-02"));
        assert!(week.body.contains("2021-06-07") || week.body.contains("Harbour Clinic"));
        let bad = browser
            .get("/find?postal_code=1&date=2021-06-02&lang=fr")
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains(r#"role="alert""#));
    }
);

both_backends!(
    found_centres_come_a_page_at_a_time_with_links_between_pages,
    profile = |profile| profile.appointments.search_page_size = 2,
    |app| async move {
        crate::sessions::centres_with_sessions(&app, "XX-N-01", 5);
        let mut browser = Browser::new(&app);
        let clinics = |body: &str| -> Vec<String> {
            (0..5)
                .map(|i| format!("Page Clinic {i:02}"))
                .filter(|name| body.contains(name.as_str()))
                .collect()
        };
        let link = |body: &str, rel: &str| -> Option<String> {
            let at = body.find(&format!(r#"rel="{rel}""#))?;
            let start = body[..at].rfind("href=\"")? + 6;
            let end = start + body[start..].find('"')?;
            Some(body[start..end].replace("&amp;", "&"))
        };
        let mut page = browser.get("/find?region=XX-N&date=2021-06-02").await;
        let mut seen = Vec::new();
        for n in 1..=3 {
            assert_eq!(page.status, StatusCode::OK, "{}", page.body);
            // Fluent isolates the numbers (for right-to-left languages).
            let text = page.body.replace(['\u{2068}', '\u{2069}'], "");
            assert!(text.contains(&format!("Page {n} of 3")), "{}", page.body);
            let here = clinics(&page.body);
            assert_eq!(here.len(), if n < 3 { 2 } else { 1 }, "page {n}: {here:?}");
            seen.extend(here);
            assert_eq!(link(&page.body, "prev").is_some(), n > 1, "page {n}");
            match link(&page.body, "next") {
                Some(next) => {
                    assert!(n < 3, "page {n} links past the last");
                    assert!(next.contains("region=XX-N") && next.contains("date=2021-06-02"));
                    assert!(next.ends_with(&format!("page={}", n + 1)), "{next}");
                    page = browser.get(&next).await;
                }
                None => assert_eq!(n, 3, "page {n} has no next link"),
            }
        }
        seen.sort();
        seen.dedup();
        assert_eq!(seen.len(), 5, "every centre on one page: {seen:?}");
        let bad = browser
            .get("/find?region=XX-N&date=2021-06-02&page=0")
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains(r#"role="alert""#));
    }
);

both_backends!(vaccinator_records_from_the_queue_once, |app| async move {
    let w = world(&app);
    crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
    let mut citizen = Browser::new(&app);
    citizen.log_in().await;
    let amina = citizen.add_person("Amina Diallo", "1980-02-03").await;
    let booked = citizen
        .post(
            "/me/book",
            &[
                ("session", &w.harbour),
                ("slot", "09:00-11:00"),
                ("people", &amina),
            ],
        )
        .await;
    assert_eq!(booked.status, StatusCode::SEE_OTHER, "{}", booked.body);
    let slip = citizen.get(&booked.location()).await;
    let code = slip
        .body
        .split("id=\"security-code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    app.clock.advance(chrono::Duration::days(1));

    let mut nurse = Browser::new(&app);
    let queue = nurse.get("/vaccinator").await;
    assert_eq!(queue.location(), "/staff/login?next=%2Fvaccinator");
    let _ = nurse.get("/staff/login").await;
    let wrong = nurse
        .post(
            "/staff/login",
            &[("username", "nurse"), ("password", "wrong"), ("next", "")],
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let login = nurse
        .post(
            "/staff/login",
            &[
                ("username", "nurse"),
                ("password", crate::staff::PASSWORD),
                ("next", "/vaccinator"),
            ],
        )
        .await;
    assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
    let queue = nurse.get("/vaccinator").await;
    assert!(queue.body.contains("Amina Diallo"), "{}", queue.body);
    let found = nurse.get(&format!("/vaccinator/lookup?code={code}")).await;
    assert!(found.body.contains("Amina Diallo"));
    let form = nurse
        .get(&format!(
            "/vaccinator/record/{amina}?vaccine=comirnaty&dose=1&name=Amina"
        ))
        .await;
    let key = form
        .body
        .split("name=\"key\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let fields = [
        ("key", key.as_str()),
        ("vaccine", "comirnaty"),
        ("dose", "1"),
        ("batch", "EX1234"),
        ("name", "Amina"),
    ];
    let recorded = nurse
        .post(&format!("/vaccinator/record/{amina}"), &fields)
        .await;
    assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
    assert!(recorded.location().starts_with("/vaccinator?recorded="));
    // The same form sent again (a double tap) records nothing more.
    let again = nurse
        .post(&format!("/vaccinator/record/{amina}"), &fields)
        .await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(recorded.location(), again.location());
    let doses = app
        .store
        .read(|c| {
            let b = vaxkit_store::repo::beneficiaries::by_reference(c, &amina)?.unwrap();
            vaxkit_store::repo::doses::all_of(c, b.id)
        })
        .unwrap();
    assert_eq!(doses.len(), 1);
    // The batch is remembered for the next person.
    let next = nurse
        .get(&format!(
            "/vaccinator/record/{amina}?vaccine=comirnaty&dose=2"
        ))
        .await;
    assert!(next.body.contains(r#"value="EX1234""#), "{}", next.body);
    // A refused dose says why, in the page's language.
    let refused = nurse
        .post(
            &format!("/vaccinator/record/{amina}?lang=fr"),
            &[
                ("key", "another-key-1"),
                ("vaccine", "comirnaty"),
                ("dose", "2"),
                ("batch", "EX1234"),
            ],
        )
        .await;
    assert_eq!(
        refused.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        refused.body
    );
    assert!(refused.body.contains(r#"role="alert""#));
});

/// Bytes of a page's first load: the HTML and every style sheet, script and image it names
/// (nothing is cached yet; no compression is assumed).
async fn first_load(browser: &mut Browser<'_>, path: &str) -> (usize, String) {
    let page = browser.get(path).await;
    assert_eq!(page.status, StatusCode::OK, "{path}: {}", page.body);
    let mut total = page.body.len();
    let mut seen = Vec::new();
    for attribute in ["href=\"/static/", "src=\"/static/"] {
        for piece in page.body.split(attribute).skip(1) {
            let name = piece.split('"').next().unwrap().to_owned();
            if seen.contains(&name) {
                continue;
            }
            let file = browser.get(&format!("/static/{name}")).await;
            assert_eq!(file.status, StatusCode::OK, "{name}");
            total += file.body.len();
            seen.push(name);
        }
    }
    (total, page.body)
}

both_backends!(every_page_loads_under_100_kb, |app| async move {
    let w = world(&app);
    crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
    let mut citizen = Browser::new(&app);
    citizen.log_in().await;
    let amina = citizen.add_person("Amina Diallo", "1980-02-03").await;
    let booked = citizen
        .post(
            "/me/book",
            &[
                ("session", &w.harbour),
                ("slot", "09:00-11:00"),
                ("people", &amina),
            ],
        )
        .await;
    let slip = booked.location();
    crate::citizen::give(&app, &amina, 1, "comirnaty", "2021-05-01");
    let mut nurse = Browser::new(&app);
    let _ = nurse.get("/staff/login").await;
    let _ = nurse
        .post(
            "/staff/login",
            &[
                ("username", "nurse"),
                ("password", crate::staff::PASSWORD),
                ("next", ""),
            ],
        )
        .await;
    let mut weights = Vec::new();
    let mut public = Browser::new(&app);
    for path in [
        "/",
        "/find",
        "/find?region=XX-N&date=2021-06-02",
        "/login",
        "/staff/login",
        "/verify",
        "/dashboard?from=2021-04-01&until=2021-06-30",
    ] {
        weights.push((path.to_owned(), first_load(&mut public, path).await.0));
    }
    let citizen_pages = [
        "/me".to_owned(),
        "/me/people/new".to_owned(),
        format!("/me/book?session={}", w.harbour),
        slip,
        format!("/me/people/{amina}/certificate"),
    ];
    for path in citizen_pages {
        weights.push((path.clone(), first_load(&mut citizen, &path).await.0));
    }
    for path in [
        "/vaccinator".to_owned(),
        "/vaccinator/offline".to_owned(),
        format!("/vaccinator/record/{amina}?vaccine=comirnaty&dose=1"),
    ] {
        weights.push((path.clone(), first_load(&mut nurse, &path).await.0));
    }
    crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
    let mut chief = staff_browser(&app, "chief", "en").await;
    for path in [
        "/admin/facilities".to_owned(),
        "/admin/facilities/import".to_owned(),
        "/admin/sessions?facility=HARBOUR".to_owned(),
        "/admin/staff".to_owned(),
        format!("/admin/corrections?reference={amina}"),
    ] {
        weights.push((path.clone(), first_load(&mut chief, &path).await.0));
    }
    for (path, bytes) in &weights {
        println!("page weight: {path}: {bytes} bytes");
        assert!(*bytes < 100 * 1024, "{path}: {bytes} bytes");
    }
});

/// A citizen with one person who had a dose (through the API), and that person's EU DCC QR text.
async fn vaccinated(app: &TestApp) -> String {
    let citizen = crate::citizen::login(app).await;
    let amina = citizen.add("Amina Diallo", "1980-02-03").await;
    crate::citizen::give(app, &amina, 1, "comirnaty", "2021-05-20");
    let cert: serde_json::Value = citizen
        .get(&format!("/api/v1/beneficiaries/{amina}/certificate"))
        .await
        .json()
        .await
        .unwrap();
    cert["eu_dcc"].as_str().unwrap().to_owned()
}

both_backends!(
    anyone_verifies_a_certificate_in_their_language,
    |app| async move {
        let qr = vaccinated(&app).await;
        let mut browser = Browser::new(&app);
        let form = browser.get("/verify?lang=ar").await;
        assert_eq!(form.status, StatusCode::OK);
        let checked = browser.post("/verify", &[("qr", &qr)]).await;
        assert_eq!(checked.status, StatusCode::OK, "{}", checked.body);
        assert!(
            checked.body.contains("هذه الشهادة صالحة."),
            "{}",
            checked.body
        );
        assert!(checked.body.contains(r#"class="ok""#));
        let holder = checked.body.split("id=\"holder\">").nth(1).unwrap();
        assert!(
            holder.starts_with("Amina") && holder.contains("Diallo"),
            "{holder}"
        );
        // A changed character breaks the signature.
        let mut tampered = qr.clone();
        tampered.pop();
        tampered.push(if qr.ends_with('A') { 'B' } else { 'A' });
        let _ = browser.get("/verify?lang=en").await;
        let bad = browser.post("/verify", &[("qr", &tampered)]).await;
        assert_eq!(bad.status, StatusCode::OK);
        assert!(
            bad.body.contains("This certificate is not valid"),
            "{}",
            bad.body
        );
        assert!(!bad.body.contains(r#"id="holder""#));
        let empty = browser.post("/verify", &[("qr", "")]).await;
        assert_eq!(empty.status, StatusCode::BAD_REQUEST);
        assert!(empty.body.contains(r#"role="alert""#));

        // A photo of the code is read on the server, for the page's script.
        let png = vaxkit_cert::qr::png(&qr, 4).unwrap();
        let csrf = browser.cookies["vaxkit_csrf"].clone();
        let send = |token: String, body: Vec<u8>| {
            let cookies = format!("vaxkit_csrf={csrf}");
            app.client
                .post(app.url("/verify/photo"))
                .header("Cookie", cookies)
                .header("X-CSRF-Token", token)
                .body(body)
                .send()
        };
        let read = send(csrf.clone(), png.clone()).await.unwrap();
        assert_eq!(read.status(), StatusCode::OK);
        let answer: serde_json::Value = read.json().await.unwrap();
        assert_eq!(answer["qr"], qr.as_str());
        let forged = send("0".repeat(32), png).await.unwrap();
        assert_eq!(forged.status(), StatusCode::FORBIDDEN);
        let garbage = send(csrf.clone(), b"not a picture".to_vec()).await.unwrap();
        assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
        let answer: serde_json::Value = garbage.json().await.unwrap();
        assert_eq!(answer["error"]["code"], "invalid_field");
    }
);

both_backends!(
    the_dashboard_shows_counts_without_personal_data,
    |app| async move {
        let _ = vaccinated(&app).await;
        let citizen = crate::citizen::login(&app).await;
        let omar = citizen.add("Omar Diallo", "1975-07-09").await;
        crate::citizen::give(&app, &omar, 1, "comirnaty", "2021-05-21");
        let mut browser = Browser::new(&app);
        let page = browser
            .get("/dashboard?from=2021-05-15&until=2021-06-01")
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.contains(r#"<strong id="total">2</strong>"#),
            "{}",
            page.body
        );
        assert!(page.body.contains("<svg class=\"chart\""));
        assert!(page.body.contains("<td>2021-05-20</td><td>1</td>"));
        assert!(page.body.contains("<td>2021-05-16</td><td>0</td>"));
        // Per top-level region: the doses given at the cards desk (XX-C-01) count for its province.
        let capital = app.profile.regions.get("XX-C").unwrap().name.clone();
        assert!(
            page.body.contains(&format!("<td>{capital}</td><td>2</td>")),
            "{}",
            page.body
        );
        assert!(!page.body.contains("Amina") && !page.body.contains("Omar"));
        // The default period ends today.
        let default = browser.get("/dashboard").await;
        assert_eq!(default.status, StatusCode::OK);
        let bad = browser
            .get("/dashboard?from=2021-06-01&until=2021-01-01&lang=fr")
            .await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains(r#"role="alert""#));
    }
);

both_backends!(
    administrators_read_reports_with_charts_and_csv,
    |app| async move {
        let citizen = crate::citizen::login(&app).await;
        let amina = citizen.add("Amina Diallo", "1980-02-03").await;
        let omar = citizen.add("Omar Diallo", "1975-07-09").await;
        crate::citizen::give(&app, &amina, 1, "comirnaty", "2021-05-20");
        crate::citizen::give(&app, &omar, 1, "comirnaty", "2021-05-21");
        crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
        crate::staff::seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        let mut admin = Browser::new(&app);
        let asked = admin.get("/admin/reports").await;
        assert_eq!(asked.location(), "/staff/login?next=%2Fadmin%2Freports");
        let _ = admin.get("/staff/login").await;
        let login = admin
            .post(
                "/staff/login",
                &[
                    ("username", "chief"),
                    ("password", crate::staff::PASSWORD),
                    ("next", "/admin/reports"),
                ],
            )
            .await;
        assert_eq!(login.location(), "/admin/reports");
        let page = admin
            .get("/admin/reports?from=2021-05-15&until=2021-06-01")
            .await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(
            page.body.contains(r#"<strong id="total">2</strong>"#),
            "{}",
            page.body
        );
        assert_eq!(page.body.matches("<svg class=\"chart\"").count(), 6);
        assert!(page.body.contains("Doses by age band"));
        assert!(
            page.body
                .contains("<td>Capital Territory</td><td>940000</td>"),
            "{}",
            page.body
        );
        let csv = admin
            .get("/admin/reports.csv?from=2021-05-15&until=2021-06-01")
            .await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(
            csv.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/csv")
        );
        let lines: Vec<&str> = csv.body.lines().collect();
        assert_eq!(lines[0], "day,region,vaccine,dose,age_band,gender,count");
        assert_eq!(lines.len(), 3, "{}", csv.body);
        assert!(lines[1].starts_with("2021-05-20,XX-C-01,comirnaty,1,"));

        // A region administrator of the north sees none of the capital's doses, and may not ask.
        let mut north = Browser::new(&app);
        let _ = north.get("/staff/login").await;
        let _ = north
            .post(
                "/staff/login",
                &[
                    ("username", "north"),
                    ("password", crate::staff::PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        let scoped = north
            .get("/admin/reports?from=2021-05-15&until=2021-06-01")
            .await;
        assert!(
            scoped.body.contains(r#"<strong id="total">0</strong>"#),
            "{}",
            scoped.body
        );
        let refused = north
            .get("/admin/reports?from=2021-05-15&until=2021-06-01&region=XX-C")
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        // A vaccinator may not read reports.
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("CARDS"));
        let mut nurse = Browser::new(&app);
        let _ = nurse.get("/staff/login").await;
        let _ = nurse
            .post(
                "/staff/login",
                &[
                    ("username", "nurse"),
                    ("password", crate::staff::PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        let refused = nurse.get("/admin/reports.csv").await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
);

both_backends!(
    a_walk_in_is_registered_and_vaccinated_at_once,
    |app| async move {
        let _w = world(&app);
        app.clock.advance(chrono::Duration::days(1));
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
        let mut nurse = Browser::new(&app);
        let _ = nurse.get("/staff/login").await;
        let _ = nurse
            .post(
                "/staff/login",
                &[
                    ("username", "nurse"),
                    ("password", crate::staff::PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        let form = nurse.get("/vaccinator/walk-in").await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        let key = form
            .body
            .split("name=\"key\" value=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        let id = national_id();
        let number = mobile();
        let mut fields = vec![
            ("key", key.as_str()),
            ("mobile", number.as_str()),
            ("name", "Zawadi Walker"),
            ("birth_date", "1990-03-04"),
            ("gender", "female"),
            ("id_scheme", "national-id"),
            ("id_number", id.as_str()),
            ("vaccine", "comirnaty"),
            ("dose", "1"),
            ("batch", "EX1234"),
        ];
        let recorded = nurse.post("/vaccinator/walk-in", &fields).await;
        assert_eq!(recorded.status, StatusCode::SEE_OTHER, "{}", recorded.body);
        assert!(recorded.location().starts_with("/vaccinator?recorded="));
        let person = app
            .store
            .read(|c| vaxkit_store::repo::beneficiaries::by_id_hash(c, &id_hash(&app, &id)))
            .unwrap()
            .unwrap();
        let doses = app
            .store
            .read(|c| vaxkit_store::repo::doses::all_of(c, person.id))
            .unwrap();
        assert_eq!(doses.len(), 1);
        // A wrong number is refused with its reason and registers nobody.
        let bad_id = "7304125814";
        fields[0] = ("key", "another-walk-in-key");
        fields[6] = ("id_number", bad_id);
        let refused = nurse.post("/vaccinator/walk-in", &fields).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(
            refused.body.contains("check digit does not match"),
            "{}",
            refused.body
        );
        assert!(refused.body.contains(r#"value="Zawadi Walker""#));
    }
);

both_backends!(an_appointment_moves_to_another_session, |app| async move {
    let w = world(&app);
    let mut browser = Browser::new(&app);
    browser.log_in().await;
    let amina = browser.add_person("Amina Diallo", "1980-02-03").await;
    let booked = browser
        .post(
            "/me/book",
            &[
                ("session", &w.harbour),
                ("slot", "09:00-11:00"),
                ("people", &amina),
            ],
        )
        .await;
    let slip = booked.location();
    let reference = slip.trim_start_matches("/me/appointments/").to_owned();
    let page = browser.get(&slip).await;
    assert!(page.body.contains(&format!("/find?move={reference}")));
    let found = browser
        .get(&format!(
            "/find?postal_code=10002&date=2021-06-03&move={reference}"
        ))
        .await;
    let link = format!("/me/book?session={}&amp;move={reference}", w.hill_small);
    assert!(found.body.contains(&link), "{}", found.body);
    let form = browser
        .get(&format!(
            "/me/book?session={}&move={reference}",
            w.hill_small
        ))
        .await;
    assert!(
        form.body
            .contains(&format!("/me/appointments/{reference}/reschedule"))
    );
    let moved = browser
        .post(
            &format!("/me/appointments/{reference}/reschedule"),
            &[("session", &w.hill_small), ("slot", "11:00-13:00")],
        )
        .await;
    assert_eq!(moved.status, StatusCode::SEE_OTHER, "{}", moved.body);
    assert_eq!(crate::citizen::available(&app, &w.harbour), 10);
    assert_eq!(crate::citizen::available(&app, &w.hill_small), 1);
    let slip = browser.get(&moved.location()).await;
    assert!(slip.body.contains("Hill Clinic"));
    assert!(slip.body.contains("11:00-13:00"));
    // Outside the booking window: refused, the appointment stays where it was.
    let refused = browser
        .post(
            &format!("/me/appointments/{reference}/reschedule"),
            &[("session", &w.far), ("slot", "09:00-11:00")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
    assert!(refused.body.contains(r#"role="alert""#));
    assert_eq!(crate::citizen::available(&app, &w.hill_small), 1);
});

both_backends!(a_citizen_reports_an_adverse_event, |app| async move {
    let mut browser = Browser::new(&app);
    browser.log_in().await;
    let amina = browser.add_person("Amina Diallo", "1980-02-03").await;
    crate::citizen::give(&app, &amina, 1, "comirnaty", "2021-05-20");
    let me = browser.get("/me?lang=fr").await;
    let link = me
        .body
        .split("href=\"/me/aefi/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let form = browser.get(&format!("/me/aefi/{link}")).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Douleurs musculaires"));
    // No symptom: refused with the reason, nothing recorded.
    let refused = browser
        .post(
            &format!("/me/aefi/{link}"),
            &[("onset_date", "2021-05-21"), ("outcome", "recovered")],
        )
        .await;
    assert!(refused.status.is_client_error(), "{}", refused.body);
    assert!(refused.body.contains(r#"role="alert""#));
    let sent = browser
        .post(
            &format!("/me/aefi/{link}"),
            &[
                ("onset_date", "2021-05-21"),
                ("symptoms", "fever"),
                ("symptoms", "myalgia"),
                ("outcome", "recovered"),
                ("description", "Fièvre le lendemain."),
            ],
        )
        .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    assert!(sent.location().starts_with("/me?reported="));
    let me = browser.get(&sent.location()).await;
    assert!(me.body.contains("Signalement envoyé"));
    crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
    let chief = crate::staff::staff_actor(&app, "chief");
    let reports = vaxkit_core::aefi::list(&app.core, &chief, None, 10).unwrap();
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0].symptoms, vec!["fever", "myalgia"]);
    // Another account's dose is not found.
    let mut other = Browser::new(&app);
    other.log_in().await;
    let hidden = other.get(&format!("/me/aefi/{link}")).await;
    assert_eq!(hidden.status, StatusCode::NOT_FOUND);
});

both_backends!(
    administrators_list_adverse_events_and_facilities,
    |app| async move {
        let _w = world(&app);
        let citizen = crate::citizen::login(&app).await;
        let amina = citizen.add("Amina Diallo", "1980-02-03").await;
        crate::citizen::give(&app, &amina, 1, "comirnaty", "2021-05-20");
        let people: serde_json::Value = citizen
            .get("/api/v1/beneficiaries")
            .await
            .json()
            .await
            .unwrap();
        let dose = people[0]["doses"][0]["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = citizen
            .post(
                "/api/v1/aefi",
                &serde_json::json!({
                    "dose": dose, "onset_date": "2021-05-21", "symptoms": ["fever"],
                    "seriousness": ["hospitalisation"], "outcome": "recovering",
                }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
        let mut admin = Browser::new(&app);
        let _ = admin.get("/staff/login?lang=fr").await;
        let _ = admin
            .post(
                "/staff/login",
                &[
                    ("username", "chief"),
                    ("password", crate::staff::PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        let list = admin.get("/admin/aefi?serious=true").await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert!(list.body.contains("Fièvre"), "{}", list.body);
        assert!(list.body.contains("Hospitalisation"));
        assert!(list.body.contains("En voie de rétablissement"));
        let facilities = admin.get("/admin/facilities").await;
        assert_eq!(facilities.status, StatusCode::OK);
        assert!(
            facilities
                .body
                .contains("<td>HARBOUR</td><td>Harbour Clinic</td>")
        );
        // A vaccinator may not read the adverse event list.
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
        let mut nurse = Browser::new(&app);
        let _ = nurse.get("/staff/login").await;
        let _ = nurse
            .post(
                "/staff/login",
                &[
                    ("username", "nurse"),
                    ("password", crate::staff::PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        assert_eq!(nurse.get("/admin/aefi").await.status, StatusCode::FORBIDDEN);
    }
);

both_backends!(
    a_browser_gets_an_error_page_for_an_unknown_path,
    |app| async move {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let r = client
            .get(app.url("/no-such-page?lang=fr"))
            .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html"),
            "{:?}",
            r.headers()
        );
        let body = r.text().await.unwrap();
        assert!(body.contains("lang=\"fr\""), "{body}");
        assert!(
            body.contains("Rien n’a été trouvé à cette adresse."),
            "{body}"
        );
        // The API keeps its JSON answer, whatever the client accepts.
        let r = client
            .get(app.url("/api/v1/no-such-thing"))
            .header("Accept", "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::NOT_FOUND);
        assert!(
            r.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/json")
        );
    }
);

both_backends!(
    page_forms_over_the_per_ip_limits_get_the_error_page_with_retry_after,
    profile = |p| {
        p.rate_limits.per_ip_logins_per_minute = 2;
        p.rate_limits.per_ip_forms_per_minute = 4;
    },
    |app| async move {
        let mut browser = Browser::new(&app);
        let _ = browser.get("/login?lang=fr").await;
        for _ in 0..2 {
            let sent = browser
                .post("/login", &[("mobile", &mobile()), ("next", "")])
                .await;
            assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
        }
        // The third login form of the minute, whichever login it is, waits 30 s.
        let refused = browser
            .post(
                "/staff/login",
                &[("username", "x"), ("password", "y"), ("next", "")],
            )
            .await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.headers["retry-after"], "30");
        assert!(
            refused.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        assert!(refused.body.contains("lang=\"fr\""), "{}", refused.body);
        let text = refused.body.replace(['\u{2068}', '\u{2069}'], "");
        assert!(text.contains("Réessayez dans 30 secondes"), "{text}");
        // Other forms have their own, larger allowance, which the logins used up half of.
        for _ in 0..2 {
            let out = browser.post("/logout", &[]).await;
            assert_eq!(out.status, StatusCode::SEE_OTHER, "{}", out.body);
        }
        let refused = browser.post("/logout", &[]).await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(refused.headers["retry-after"], "15");
        // Pages are still read, and after the wait the forms are taken again.
        assert_eq!(browser.get("/login").await.status, StatusCode::OK);
        app.clock.advance(chrono::Duration::seconds(30));
        let sent = browser
            .post("/login", &[("mobile", &mobile()), ("next", "")])
            .await;
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    }
);

/// A browser logged in through the staff login page as `username`, in `lang`.
async fn staff_browser<'a>(app: &'a TestApp, username: &str, lang: &str) -> Browser<'a> {
    let mut browser = Browser::new(app);
    let _ = browser.get(&format!("/staff/login?lang={lang}")).await;
    let done = browser
        .post(
            "/staff/login",
            &[
                ("username", username),
                ("password", crate::staff::PASSWORD),
                ("next", ""),
            ],
        )
        .await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    browser
}

/// A page's text without the Fluent isolation marks around its placeables.
fn plain(body: &str) -> String {
    body.replace(['\u{2068}', '\u{2069}'], "")
}

both_backends!(
    administrators_import_facilities_with_line_numbered_rejections,
    |app| async move {
        crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
        let mut chief = staff_browser(&app, "chief", "fr").await;
        let form = chief.get("/admin/facilities/import").await;
        assert_eq!(form.status, StatusCode::OK, "{}", form.body);
        assert!(form.body.contains("name=\"file\""), "{}", form.body);
        let header = "code,name,address,region,postal_code,latitude,longitude\n";
        let file = format!(
            "{header}{}",
            concat!(
                "GOOD-1,Good Clinic,1 Road,XX-N-01,10001,25.2,55.3\n",
                "# a comment line\n",
                "bad code,Clinic,1 Road,XX-N-01,,,\n",
                "NOREGION,Clinic,1 Road,XX-Q-01,,,\n",
                "POSTAL,Clinic,1 Road,XX-N-01,ABCDE,,\n",
                "HALFGEO,Clinic,1 Road,XX-N-01,,25.0,\n",
                "SHORT,Clinic\n",
                "GOOD-2,\"Clinic, with comma\",2 Road,XX-S-02,,,\n",
            )
        );
        let done = chief
            .post("/admin/facilities/import", &[("file", &file)])
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let text = plain(&done.body);
        assert!(
            text.contains("2 ajoutés, 0 mis à jour, 0 inchangés, 5 refusés."),
            "{text}"
        );
        for line in [
            "Ligne 4 : le code doit compter de 2 à 32 caractères",
            "Ligne 5 : la région n’est pas dans le profil",
            "Ligne 6 : le code postal ne suit pas la règle du pays",
            "Ligne 7 : latitude et longitude doivent être données toutes les deux",
            "Ligne 8 : elle a 2 champs, la première ligne en a 7",
        ] {
            assert!(text.contains(line), "missing {line:?} in {text}");
        }
        // The file stays in the form to be corrected; the good rows are there already.
        assert!(text.contains("HALFGEO,Clinic"), "{text}");
        let list = chief.get("/admin/facilities").await;
        assert!(list.body.contains("<td>GOOD-1</td><td>Good Clinic</td>"));
        assert!(
            list.body
                .contains("<td>GOOD-2</td><td>Clinic, with comma</td>")
        );
        assert!(!list.body.contains("HALFGEO"));
        // Sent again with a changed name: one updated, one unchanged, nothing left over.
        let again = format!(
            "{header}GOOD-1,Better Clinic,1 Road,XX-N-01,10001,25.2,55.3\n\
             GOOD-2,\"Clinic, with comma\",2 Road,XX-S-02,,,\n"
        );
        let done = chief
            .post("/admin/facilities/import", &[("file", &again)])
            .await;
        let text = plain(&done.body);
        assert!(
            text.contains("0 ajoutés, 1 mis à jour, 1 inchangés, 0 refusés."),
            "{text}"
        );
        assert!(
            !text.contains("GOOD-1,Better"),
            "a clean import empties the form"
        );
        // A wrong first row refuses the whole file.
        let done = chief
            .post(
                "/admin/facilities/import",
                &[("file", "code;name\nX1;Clinic\n")],
            )
            .await;
        assert_eq!(done.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            plain(&done.body).contains(
                "La première ligne doit être code,name,address,region,postal_code,latitude,longitude."
            ),
            "{}",
            done.body
        );

        // A region admin imports within the region only; the rest is refused by line.
        crate::staff::seed_staff(&app, "south", "region_admin", Some("XX-S"), None);
        let mut south = staff_browser(&app, "south", "en").await;
        let file = format!(
            "{header}SOUTH-1,Delta Clinic,3 Road,XX-S-01,,,\n\
             NORTH-1,Hill Clinic,4 Road,XX-N-02,,,\n\
             GOOD-1,Moved Clinic,1 Road,XX-S-01,,,\n"
        );
        let done = south
            .post("/admin/facilities/import", &[("file", &file)])
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let text = plain(&done.body);
        assert!(
            text.contains("1 added, 0 updated, 0 unchanged, 2 refused."),
            "{text}"
        );
        assert!(
            text.contains("Line 3: the facility’s region is outside your scope"),
            "{text}"
        );
        assert!(
            text.contains("Line 4: the facility’s region is outside your scope"),
            "a known facility of another region is not taken over: {text}"
        );
        let list = chief.get("/admin/facilities").await;
        assert!(list.body.contains("<td>GOOD-1</td><td>Better Clinic</td>"));
        assert!(!list.body.contains("NORTH-1"));

        // A vaccinator may not import.
        let _w = world(&app);
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
        let mut nurse = staff_browser(&app, "nurse", "en").await;
        assert_eq!(
            nurse.get("/admin/facilities/import").await.status,
            StatusCode::FORBIDDEN
        );
        let refused = nurse
            .post("/admin/facilities/import", &[("file", &file)])
            .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
    }
);

both_backends!(
    administrators_plan_list_and_cancel_sessions_within_their_scope,
    |app| async move {
        let w = world(&app);
        let citizen = crate::citizen::login(&app).await;
        let amina = citizen.add("Amina Diallo", "1980-02-03").await;
        let booked = crate::citizen::book(&citizen, &w.harbour, &[&amina]).await;
        assert_eq!(booked.status(), StatusCode::CREATED);
        crate::staff::seed_staff(&app, "boss", "facility_admin", None, Some("HARBOUR"));
        let mut boss = staff_browser(&app, "boss", "fr").await;

        // The facilities of the scope only.
        let page = boss.get("/admin/sessions").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.body);
        assert!(page.body.contains("value=\"HARBOUR\""), "{}", page.body);
        assert!(!page.body.contains("value=\"HILL\""));
        assert_eq!(
            boss.get("/admin/sessions?facility=HILL").await.status,
            StatusCode::NOT_FOUND
        );
        // Two weeks from today: the sessions of 2 and 9 June, not the one in July.
        let list = boss.get("/admin/sessions?facility=HARBOUR").await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        let text = plain(&list.body);
        assert!(text.contains(&format!("id=\"session-{}\"", w.harbour)));
        assert!(text.contains(&format!("id=\"session-{}\"", w.harbour_dose2)));
        assert!(!text.contains(&format!("id=\"session-{}\"", w.far)));
        assert!(
            text.contains("Réservé en ligne : 1 sur 10")
                || text.contains("Réservé en ligne: 1 sur 10"),
            "{text}"
        );

        // Plan two days; then they are listed.
        let plan = [
            ("facility", "HARBOUR"),
            ("from", "2021-06-04"),
            ("until", "2021-06-05"),
            ("vaccine", "comirnaty"),
            ("doses", "1,2"),
            ("min_age", "12"),
            ("max_age", ""),
            ("capacity", "20"),
            ("walk_in_share", "25"),
            ("slots", "09:00-11:00 11:00-13:00"),
        ];
        let done = boss.post("/admin/sessions", &plan).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(
            done.location(),
            "/admin/sessions?facility=HARBOUR&from=2021-06-04"
        );
        let list = boss.get(&done.location()).await;
        let text = plain(&list.body);
        assert!(text.contains("2021-06-04 · Comirnaty"), "{text}");
        assert!(text.contains("2021-06-05 · Comirnaty"), "{text}");
        // 20 places, a quarter kept for walk-ins.
        assert!(text.contains("0 sur 15"), "{text}");
        assert!(!text.contains(&format!("id=\"session-{}\"", w.harbour)));

        // Refusals come back on the page with what was typed.
        let mut bad = plan.to_vec();
        bad[7] = ("capacity", "0");
        let refused = boss.post("/admin/sessions", &bad).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(refused.body.contains("role=\"alert\""));
        assert!(refused.body.contains("value=\"09:00-11:00 11:00-13:00\""));
        bad[7] = ("capacity", "many");
        let refused = boss.post("/admin/sessions", &bad).await;
        assert_eq!(refused.status, StatusCode::BAD_REQUEST);
        assert!(
            plain(&refused.body).contains("capacity"),
            "{}",
            refused.body
        );
        let mut past = plan.to_vec();
        past[1] = ("from", "2021-05-01");
        past[2] = ("until", "2021-05-01");
        let refused = boss.post("/admin/sessions", &past).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let mut elsewhere = plan.to_vec();
        elsewhere[0] = ("facility", "HILL");
        let refused = boss.post("/admin/sessions", &elsewhere).await;
        assert_eq!(refused.status, StatusCode::NOT_FOUND);

        // Cancelling asks for a reason, then cancels the appointment with the session.
        let cancel = format!("/admin/sessions/{}/cancel", w.harbour);
        let refused = boss
            .post(
                &cancel,
                &[
                    ("facility", "HARBOUR"),
                    ("from", "2021-06-01"),
                    ("reason", ""),
                ],
            )
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        let done = boss
            .post(
                &cancel,
                &[
                    ("facility", "HARBOUR"),
                    ("from", "2021-06-01"),
                    ("reason", "Panne du réfrigérateur"),
                ],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let list = boss.get(&done.location()).await;
        let text = plain(&list.body);
        let row = text
            .split(&format!("id=\"session-{}\"", w.harbour))
            .nth(1)
            .unwrap()
            .split("</li>")
            .next()
            .unwrap();
        assert!(row.contains("Annulée"), "{row}");
        let session = app
            .store
            .read(|c| vaxkit_store::repo::sessions::by_reference(c, &w.harbour))
            .unwrap()
            .unwrap();
        let open = app
            .store
            .read(|c| vaxkit_store::repo::appointments::open_in_session(c, session.id))
            .unwrap();
        assert!(open.is_empty(), "the appointment went with its session");

        // A vaccinator reads nothing here and plans nothing.
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
        let mut nurse = staff_browser(&app, "nurse", "en").await;
        assert_eq!(
            nurse.get("/admin/sessions").await.status,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            nurse.post("/admin/sessions", &plan).await.status,
            StatusCode::FORBIDDEN
        );
    }
);

both_backends!(
    administrators_create_and_disable_staff_within_their_scope,
    |app| async move {
        let _w = world(&app);
        crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
        crate::staff::seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
        crate::staff::seed_staff(&app, "capnurse", "vaccinator", None, Some("CAPITAL"));
        let mut north = staff_browser(&app, "north", "en").await;
        let list = north.get("/admin/staff").await;
        assert_eq!(list.status, StatusCode::OK, "{}", list.body);
        assert!(list.body.contains("id=\"staff-nurse\""), "{}", list.body);
        assert!(list.body.contains("id=\"staff-north\""));
        assert!(!list.body.contains("id=\"staff-capnurse\""));
        assert!(!list.body.contains("id=\"staff-chief\""));

        // A vaccinator at a facility of the region.
        let new = [
            ("username", "nurse2"),
            ("name", "Second Nurse"),
            ("password", "a long enough password"),
            ("role", "vaccinator"),
            ("region", ""),
            ("facility", "HILL"),
        ];
        let done = north.post("/admin/staff", &new).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let list = north.get("/admin/staff").await;
        assert!(list.body.contains("Second Nurse (nurse2)"), "{}", list.body);
        // Refusals come back with what was typed, never the password.
        let mut weak = new.to_vec();
        weak[0] = ("username", "nurse3");
        weak[2] = ("password", "short");
        let refused = north.post("/admin/staff", &weak).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(refused.body.contains("role=\"alert\""));
        assert!(refused.body.contains("value=\"nurse3\""));
        assert!(!refused.body.contains("short"));
        let mut above = new.to_vec();
        above[0] = ("username", "boss2");
        above[3] = ("role", "national_admin");
        above[5] = ("facility", "");
        let refused = north.post("/admin/staff", &above).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);
        let mut elsewhere = new.to_vec();
        elsewhere[0] = ("username", "nurse4");
        elsewhere[5] = ("facility", "CAPITAL");
        let refused = north.post("/admin/staff", &elsewhere).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN);

        // Disabling ends the vaccinator's login at once and refuses the next one.
        let mut nurse = staff_browser(&app, "nurse", "en").await;
        assert_eq!(nurse.get("/vaccinator").await.status, StatusCode::OK);
        let done = north.post("/admin/staff/nurse/disable", &[]).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let list = north.get("/admin/staff").await;
        let row = list
            .body
            .split("id=\"staff-nurse\"")
            .nth(1)
            .unwrap()
            .split("</li>")
            .next()
            .unwrap();
        assert!(row.contains("Disabled"), "{row}");
        let out = nurse.get("/vaccinator").await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        assert!(
            out.location().starts_with("/staff/login"),
            "{}",
            out.location()
        );
        let again = nurse
            .post(
                "/staff/login",
                &[
                    ("username", "nurse"),
                    ("password", crate::staff::PASSWORD),
                    ("next", ""),
                ],
            )
            .await;
        assert_ne!(again.status, StatusCode::SEE_OTHER, "{}", again.body);

        // Outside the scope, or oneself: refused, nothing changes.
        assert_eq!(
            north
                .post("/admin/staff/capnurse/disable", &[])
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            north.post("/admin/staff/chief/disable", &[]).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            north.post("/admin/staff/north/disable", &[]).await.status,
            StatusCode::FORBIDDEN
        );
        let mut chief = staff_browser(&app, "chief", "en").await;
        let list = chief.get("/admin/staff").await;
        let row = list
            .body
            .split("id=\"staff-capnurse\"")
            .nth(1)
            .unwrap()
            .split("</li>")
            .next()
            .unwrap();
        assert!(!row.contains("Disabled"), "{row}");
        // A vaccinator has no staff page.
        let mut capnurse = staff_browser(&app, "capnurse", "en").await;
        assert_eq!(
            capnurse.get("/admin/staff").await.status,
            StatusCode::FORBIDDEN
        );
    }
);

both_backends!(
    administrators_correct_and_revoke_doses_within_their_scope,
    |app| async move {
        let _w = world(&app);
        let citizen = crate::citizen::login(&app).await;
        let amina = citizen.add("Amina Diallo", "1980-02-03").await;
        // At the cards desk, in the capital's region.
        crate::citizen::give(&app, &amina, 1, "comirnaty", "2021-05-20");
        let people: serde_json::Value = citizen
            .get("/api/v1/beneficiaries")
            .await
            .json()
            .await
            .unwrap();
        let dose = people[0]["doses"][0]["reference"]
            .as_str()
            .unwrap()
            .to_owned();
        crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
        crate::staff::seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        let mut chief = staff_browser(&app, "chief", "fr").await;
        let record = chief
            .get(&format!("/admin/corrections?reference={amina}"))
            .await;
        assert_eq!(record.status, StatusCode::OK, "{}", record.body);
        assert!(record.body.contains("Amina Diallo"));
        assert!(record.body.contains(&format!("id=\"dose-{dose}\"")));

        let correct = format!("/admin/corrections/doses/{dose}/correct");
        let fields = |batch: &'static str, reason: &'static str| {
            vec![
                ("person", amina.clone()),
                ("vaccine", String::new()),
                ("batch", batch.to_owned()),
                ("given_on", String::new()),
                ("dose", String::new()),
                ("reason", reason.to_owned()),
            ]
        };
        let body = fields("AB123", "Lot mal saisi");
        let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let done = chief.post(&correct, &pairs).await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        assert_eq!(
            done.location(),
            format!("/admin/corrections?reference={amina}&done=corrected")
        );
        let record = chief.get(&done.location()).await;
        assert!(record.body.contains("La dose est corrigée."));
        assert!(record.body.contains("AB123"), "{}", record.body);
        // Without a reason, or changing nothing: refused on the page, the record still shown.
        for (batch, reason) in [("CD456", ""), ("AB123", "Encore")] {
            let body = fields(batch, reason);
            let pairs: Vec<(&str, &str)> = body.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let refused = chief.post(&correct, &pairs).await;
            assert!(refused.status.is_client_error(), "{}", refused.status);
            assert!(refused.body.contains("role=\"alert\""), "{}", refused.body);
            assert!(refused.body.contains("Amina Diallo"));
        }
        // Revoked with its reason.
        let revoke = format!("/admin/corrections/doses/{dose}/revoke");
        let done = chief
            .post(
                &revoke,
                &[("person", &amina), ("reason", "Jamais administrée")],
            )
            .await;
        assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
        let record = plain(&chief.get(&done.location()).await.body);
        assert!(record.contains("La dose est révoquée."));
        assert!(record.contains("Révoquée : Jamais administrée"), "{record}");

        // A region admin of another region does not even learn the record exists.
        let mut north = staff_browser(&app, "north", "en").await;
        let hidden = north
            .get(&format!("/admin/corrections?reference={amina}"))
            .await;
        assert_eq!(hidden.status, StatusCode::NOT_FOUND);
        assert!(!hidden.body.contains("Amina"));
        let refused = north
            .post(&revoke, &[("person", &amina), ("reason", "x")])
            .await;
        assert!(refused.status.is_client_error());
        // A vaccinator has no corrections page.
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
        let mut nurse = staff_browser(&app, "nurse", "en").await;
        assert_eq!(
            nurse.get("/admin/corrections").await.status,
            StatusCode::FORBIDDEN
        );
    }
);

// Staff tokens are answered from memory for a few seconds: a logout on this node refuses the
// token at once, and a token ended elsewhere (here: its row deleted, as another node's logout
// does) is refused once those seconds are over.
both_backends!(
    a_logged_out_staff_token_is_refused_at_once,
    |app| async move {
        world(&app);
        crate::staff::seed_staff(&app, "nurse", "vaccinator", None, Some("HARBOUR"));
        let queue = |token: &str| {
            let request = app
                .client
                .get(app.url("/api/v1/vaccinator/queue"))
                .bearer_auth(token)
                .send();
            async move { request.await.unwrap().status() }
        };
        let mut nurse = Browser::new(&app);
        let _ = nurse.get("/staff/login").await;
        let login = nurse
            .post(
                "/staff/login",
                &[
                    ("username", "nurse"),
                    ("password", crate::staff::PASSWORD),
                    ("next", "/vaccinator"),
                ],
            )
            .await;
        assert_eq!(login.status, StatusCode::SEE_OTHER, "{}", login.body);
        let token = nurse.cookies["vaxkit_staff"].clone();
        for _ in 0..3 {
            assert_eq!(queue(&token).await, StatusCode::OK);
        }
        assert_eq!(
            app.core.staff_tokens.len(),
            1,
            "the token is held in memory"
        );
        let out = nurse.post("/staff/logout", &[]).await;
        assert_eq!(out.status, StatusCode::SEE_OTHER);
        // The clock has not moved: refused at once, not when the memory of it expires.
        assert_eq!(queue(&token).await, StatusCode::UNAUTHORIZED);

        // A login ended by another node (its row gone) is refused within the cache's seconds.
        let api = crate::staff::staff_login(&app, "nurse").await;
        assert_eq!(queue(&api.token).await, StatusCode::OK);
        app.store
            .write(|c| {
                let nurse = vaxkit_store::repo::staff::by_username(c, "nurse")?.unwrap();
                vaxkit_store::repo::staff::forget_unused_tokens(
                    c,
                    nurse.id,
                    crate::helpers::test_start().naive_utc() + chrono::Duration::days(1),
                )
            })
            .unwrap();
        assert_eq!(
            queue(&api.token).await,
            StatusCode::OK,
            "still held in memory"
        );
        app.clock.advance(chrono::Duration::seconds(
            vaxkit_core::staff::TOKEN_CACHE_SECONDS + 1,
        ));
        assert_eq!(queue(&api.token).await, StatusCode::UNAUTHORIZED);
    }
);
