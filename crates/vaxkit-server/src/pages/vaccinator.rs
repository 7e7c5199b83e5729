//! The vaccinator's pages, made for one hand on a phone: staff login, the day's queue,
//! look-up by the slip's security code, and recording a dose (the batch is remembered for the
//! rest of the login). Each calls the same use case as its `/api/v1/vaccinator` endpoint.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{HttpRequest, HttpResponse, web};
use minijinja::context;
use vaxkit_core::Actor;
use vaxkit_core::vaccination::{self, DoseInput};

use super::{Form, Page, STAFF_COOKIE, local_next};

/// Cookie remembering the last batch typed, per vaccine (`vaccine=batch`).
pub const BATCH_COOKIE: &str = "vaxkit_batch";

/// Unwraps a staff login or returns the answer that asks for one.
macro_rules! staff_in {
    ($page:expr, $who:ident) => {
        let $who = match $page.staff().await {
            Ok(actor) => actor,
            Err(answer) => return answer,
        };
    };
}

/// `GET /staff/login`.
pub async fn login_form(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let q = Form(query.into_inner());
    page.render("staff_login.html", context! { next => q.get("next") })
}

/// `POST /staff/login`: a right username and password set the staff cookie.
pub async fn login(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let username = form.get("username").to_owned();
    let password = form.get("password").to_owned();
    let source = page.client.clone();
    match page
        .state()
        .run(move |core| {
            vaxkit_core::staff::login_from(core, &username, &password, &source, core.clock.now())
        })
        .await
    {
        Ok(token) => page.login_redirect(
            STAFF_COOKIE,
            token.token,
            &local_next(form.get("next"), "/vaccinator"),
        ),
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "staff_login.html",
            context! {
                error => page.error_text(&error),
                next => form.get("next"),
                values => context! { username => form.get("username") },
            },
        ),
    }
}

/// `POST /staff/logout`.
pub async fn logout(page: Page, body: web::Bytes) -> HttpResponse {
    let _form = checked_form!(page, body);
    if let Ok(Actor::Staff(me)) = page.staff().await {
        let _ = page
            .state()
            .run(move |core| vaxkit_core::staff::logout(core, &me))
            .await;
    }
    page.logout_redirect(STAFF_COOKIE, "/staff/login")
}

/// `GET /vaccinator`: the day's open appointments at one's facility.
pub async fn queue(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    staff_in!(page, me);
    let q = Form(query.into_inner());
    let today = page.today();
    match page
        .state()
        .run(move |core| vaccination::queue(core, &me, today))
        .await
    {
        Ok(entries) => page.render(
            "queue.html",
            context! { entries => entries, recorded => q.opt("recorded"), day => today.to_string() },
        ),
        Err(error) => page.error(&error),
    }
}

/// `GET /vaccinator/lookup?code=..`: the appointments today with this security code.
pub async fn lookup(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    staff_in!(page, me);
    let q = Form(query.into_inner());
    let code = vaxkit_profile::digits::to_ascii_digits(q.get("code"));
    let today = page.today().to_string();
    match page
        .state()
        .run(move |core| vaccination::lookup(core, &me, &code, core.clock.now()))
        .await
    {
        Ok(entries) => page.render(
            "queue.html",
            context! { entries => entries, lookup => q.get("code"), day => today },
        ),
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "queue.html",
            context! { entries => Vec::<String>::new(), lookup => q.get("code"), error => page.error_text(&error), day => today },
        ),
    }
}

/// The batch last typed for a vaccine in this login.
fn remembered_batch(req: &HttpRequest, vaccine: &str) -> String {
    req.cookie(BATCH_COOKIE)
        .and_then(|c| {
            form_urlencoded::parse(c.value().as_bytes())
                .find(|(k, _)| k == vaccine)
                .map(|(_, v)| v.into_owned())
        })
        .unwrap_or_default()
}

/// The product codes of the profile with their names, for the vaccine choice.
fn vaccines(page: &Page) -> Vec<minijinja::Value> {
    page.state()
        .core
        .profile
        .vaccines
        .iter()
        .map(|v| context! { code => &v.code, name => &v.name })
        .collect()
}

/// `GET /vaccinator/record/{beneficiary}?vaccine=..&dose=..&name=..`: the dose form.
pub async fn record_form(
    page: Page,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<Vec<(String, String)>>,
) -> HttpResponse {
    staff_in!(page, _me);
    let q = Form(query.into_inner());
    let vaccine = q.get("vaccine").to_owned();
    page.render(
        "record.html",
        context! {
            beneficiary => path.into_inner(),
            name => q.get("name"),
            vaccine => &vaccine,
            dose => q.get("dose"),
            batch => remembered_batch(&req, &vaccine),
            key => super::random_hex(16),
            vaccines => vaccines(&page),
        },
    )
}

/// `POST /vaccinator/record/{beneficiary}`: records the dose (a resubmitted form is answered
/// with the first record: the form's key is its idempotency key).
pub async fn record(
    page: Page,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> HttpResponse {
    let form = checked_form!(page, body);
    staff_in!(page, me);
    let beneficiary = path.into_inner();
    let dose = form.opt("dose").map(|d| {
        vaxkit_profile::digits::to_ascii_digits(d)
            .parse::<u32>()
            .unwrap_or(0)
    });
    let input = DoseInput::new(
        form.get("key"),
        form.get("vaccine"),
        form.get("batch"),
        dose,
        form.opt("override_reason"),
    );
    let who = beneficiary.clone();
    let result = match input {
        Ok(input) => {
            page.state()
                .run(move |core| vaccination::record(core, &me, &who, &input, core.clock.now()))
                .await
        }
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(recorded) => {
            let mut remembered: Vec<(String, String)> = req
                .cookie(BATCH_COOKIE)
                .map(|c| {
                    form_urlencoded::parse(c.value().as_bytes())
                        .into_owned()
                        .filter(|(k, _)| k != form.get("vaccine"))
                        .collect()
                })
                .unwrap_or_default();
            remembered.push((form.get("vaccine").to_owned(), form.get("batch").to_owned()));
            let value = form_urlencoded::Serializer::new(String::new())
                .extend_pairs(remembered.iter().take(8))
                .finish();
            let mut response =
                page.redirect(&format!("/vaccinator?recorded={}", recorded.dose.reference));
            let cookie = Cookie::build(BATCH_COOKIE, value)
                .path("/vaccinator")
                .http_only(true)
                .same_site(SameSite::Lax)
                .finish();
            let _ = response.add_cookie(&cookie);
            response
        }
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "record.html",
            context! {
                beneficiary => beneficiary,
                name => form.get("name"),
                vaccine => form.get("vaccine"),
                dose => form.get("dose"),
                batch => form.get("batch"),
                key => form.get("key"),
                override_reason => form.get("override_reason"),
                vaccines => vaccines(&page),
                error => page.error_text(&error),
            },
        ),
    }
}

/// `GET /vaccinator/offline`: the day's queue and a dose form that keep working without a
/// connection (a service worker keeps the page; IndexedDB keeps the queue and the doses until
/// they are sent). Without JavaScript it is the plain queue.
pub async fn offline(page: Page) -> HttpResponse {
    staff_in!(page, me);
    let today = page.today();
    match page
        .state()
        .run(move |core| vaccination::queue(core, &me, today))
        .await
    {
        Ok(entries) => {
            // Inside <script>: no `<` may close the element early.
            let json = serde_json::to_string(&entries)
                .unwrap_or_else(|_| "[]".to_owned())
                .replace('<', "\\u003c");
            page.render(
                "offline.html",
                context! {
                    entries => entries,
                    queue_json => minijinja::Value::from_safe_string(json),
                    server_now => page.state().core.clock.now().to_rfc3339(),
                    day => today.to_string(),
                    vaccines => vaccines(&page),
                },
            )
        }
        Err(error) => page.error(&error),
    }
}

/// `GET /vaccinator/sw.js`: the offline vaccinator's service worker (served under
/// `/vaccinator/` so that is its scope).
pub async fn service_worker(page: Page) -> HttpResponse {
    match page.state().pages.static_file("sw.js") {
        Some(bytes) => HttpResponse::Ok()
            .content_type("text/javascript; charset=utf-8")
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-cache"))
            .body(bytes),
        None => page.error(&crate::error::ApiError::new(
            crate::error::ErrorCode::NotFound,
        )),
    }
}

/// `POST /vaccinator/sync`: the offline page's waiting doses, with the staff cookie and the
/// CSRF token in the `X-CSRF-Token` header; the same use case and answer as
/// `POST /api/v1/vaccinator/sync`.
pub async fn sync(page: Page, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let token = req
        .headers()
        .get("X-CSRF-Token")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !page.csrf_matches(token) {
        let mut response = HttpResponse::Forbidden().json(
            crate::error::ApiError::new(crate::error::ErrorCode::Forbidden)
                .body(Some(&page.state().core.locales), &page.lang),
        );
        crate::error::mark_rendered(&mut response);
        return response;
    }
    let me = match page.staff().await {
        Ok(me) => me,
        Err(_) => {
            let mut response = HttpResponse::Unauthorized().json(
                crate::error::ApiError::new(crate::error::ErrorCode::Unauthorized)
                    .body(Some(&page.state().core.locales), &page.lang),
            );
            crate::error::mark_rendered(&mut response);
            return response;
        }
    };
    let request =
        match crate::extractors::parse_json::<crate::api::vaccinator::sync::SyncRequest>(&body) {
            Ok(request) => request,
            Err(error) => return page.json_error(&error),
        };
    match crate::api::vaccinator::sync::run(page.state(), me, &page.lang, request).await {
        Ok(answer) => HttpResponse::Ok()
            .insert_header((actix_web::http::header::CACHE_CONTROL, "no-store"))
            .json(answer),
        Err(error) => page.json_error(&error),
    }
}

/// What the walk-in form needs: the profile's genders, ID schemes, birth precision, vaccines.
fn walk_in_choices(page: &Page) -> minijinja::Value {
    context! {
        vaccines => vaccines(page),
        calling_code => &page.state().core.profile.country.calling_code,
        ..super::citizen::person_choices(page)
    }
}

/// `GET /vaccinator/walk-in`: someone without an appointment.
pub async fn walk_in_form(page: Page, req: HttpRequest) -> HttpResponse {
    staff_in!(page, _me);
    let first = page
        .state()
        .core
        .profile
        .vaccines
        .first()
        .map(|v| v.code.clone())
        .unwrap_or_default();
    page.render(
        "walk_in.html",
        context! {
            key => super::random_hex(16),
            values => context! { vaccine => &first, batch => remembered_batch(&req, &first) },
            ..walk_in_choices(&page)
        },
    )
}

/// `POST /vaccinator/walk-in`: registers the person (or finds them by identity number) and
/// records the dose, all or nothing.
pub async fn walk_in(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    staff_in!(page, me);
    let number = |name: &str| {
        form.opt(name).map(|v| {
            vaxkit_profile::digits::to_ascii_digits(v)
                .parse::<i64>()
                .ok()
        })
    };
    let birth_year = number("birth_year").flatten();
    let dose = number("dose").flatten().and_then(|d| u32::try_from(d).ok());
    let input = DoseInput::new(
        form.get("key"),
        form.get("vaccine"),
        form.get("batch"),
        dose,
        form.opt("override_reason"),
    );
    let fields: Vec<String> = [
        "mobile",
        "name",
        "birth_date",
        "gender",
        "id_scheme",
        "id_number",
        "latin_name",
    ]
    .iter()
    .map(|f| form.get(f).to_owned())
    .collect();
    let lang = page.lang.clone();
    let result = match input {
        Ok(input) => {
            page.state()
                .run(move |core| {
                    let get = |i: usize| fields.get(i).map_or("", String::as_str);
                    let birth_date = Some(get(2)).filter(|d| !d.is_empty());
                    let person = vaccination::WalkIn {
                        mobile: get(0),
                        person: vaxkit_core::registration::PersonFields {
                            name: get(1),
                            birth_year,
                            birth_date,
                            gender: get(3),
                            id_scheme: get(4),
                            id_number: get(5),
                            language: None,
                            latin_name: Some(get(6)),
                        },
                    };
                    vaccination::walk_in(core, &me, &lang, &person, &input, core.clock.now())
                })
                .await
        }
        Err(error) => Err(error.into()),
    };
    match result {
        Ok(recorded) => page.redirect(&format!("/vaccinator?recorded={}", recorded.dose.reference)),
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "walk_in.html",
            context! {
                error => page.error_text(&error),
                key => form.get("key"),
                values => form.values(),
                ..walk_in_choices(&page)
            },
        ),
    }
}
