//! The citizen's pages: log in with the SMS code, the family (add, correct, remove), booking
//! several people at once, the appointment slip, cancelling, certificates. Each calls the
//! same use case as its `/api/v1` endpoint.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use minijinja::{Value as JinjaValue, context};
use vaxkit_core::booking::{self, BookingRequest};
use vaxkit_core::registration::{self, Correction, PersonFields};
use vaxkit_core::{Actor, certificates};
use vaxkit_profile::BirthPrecision;

use super::{CITIZEN_COOKIE, Form, Page, local_next};
use crate::error::ApiError;

/// Unwraps a login or returns the answer that asks for one.
macro_rules! logged_in {
    ($page:expr, $who:ident) => {
        let $who = match $page.citizen().await {
            Ok(actor) => actor,
            Err(answer) => return answer,
        };
    };
}

/// `GET /login`: the mobile number form.
pub async fn login_form(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let q = Form(query.into_inner());
    page.render(
        "login.html",
        context! { next => q.get("next"), calling_code => &page.state().core.profile.country.calling_code },
    )
}

/// `POST /login`: sends the code by SMS, then asks for it.
pub async fn login_send(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let state = page.state().clone();
    match crate::api::auth::request_otp::send_code(&state, &page.lang, form.get("mobile")).await {
        Ok(sent) => {
            let next: String = form_urlencoded::Serializer::new(String::new())
                .append_pair("txn", &sent.txn_id)
                .append_pair("next", form.get("next"))
                .finish();
            page.redirect(&format!("/login/code?{next}"))
        }
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "login.html",
            context! {
                error => page.error_text(&error),
                values => form.values(),
                next => form.get("next"),
                calling_code => &state.core.profile.country.calling_code,
            },
        ),
    }
}

/// `GET /login/code?txn=..`: the code form.
pub async fn code_form(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let q = Form(query.into_inner());
    page.render(
        "login_code.html",
        context! { txn => q.get("txn"), next => q.get("next") },
    )
}

/// `POST /login/code`: checks the code; a right one sets the login cookie.
pub async fn code_check(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let digest = vaxkit_core::auth::code_digest(form.get("code"));
    let txn = form.get("txn").to_owned();
    match crate::api::auth::confirm_otp::confirm(page.state(), txn, digest).await {
        Ok(login) => {
            page.login_redirect(CITIZEN_COOKIE, login.token, &local_next(form.get("next"), "/me"))
        }
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "login_code.html",
            context! { error => page.error_text(&error), txn => form.get("txn"), next => form.get("next") },
        ),
    }
}

/// `POST /logout`: ends the login.
pub async fn logout(page: Page, body: web::Bytes) -> HttpResponse {
    let _form = checked_form!(page, body);
    if let Ok(Actor::Citizen(citizen)) = page.citizen().await {
        let _ = page
            .state()
            .run(move |core| vaxkit_core::auth::logout(core, &citizen))
            .await;
    }
    page.logout_redirect(CITIZEN_COOKIE, "/")
}

/// `GET /me[?reported=REF]`: the family, their doses, appointments and certificates.
pub async fn home(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    logged_in!(page, who);
    let reported = Form(query.into_inner()).opt("reported").map(str::to_owned);
    let result = page
        .state()
        .run(move |core| {
            let people = registration::list(core, &who)?;
            let slips = booking::list(core, &who)?;
            Ok((people, slips))
        })
        .await;
    match result {
        Ok((people, slips)) => {
            let max = page
                .state()
                .core
                .profile
                .registration
                .max_beneficiaries_per_account;
            let can_add = i64::try_from(people.len()).unwrap_or(i64::MAX) < max;
            page.render(
                "me.html",
                context! { people => people, slips => slips, can_add => can_add, reported => reported },
            )
        }
        Err(error) => page.error(&error),
    }
}

/// What the person form needs: the profile's genders, ID schemes and birth precision.
pub(crate) fn person_choices(page: &Page) -> JinjaValue {
    let profile = &page.state().core.profile;
    let genders: Vec<JinjaValue> = profile
        .registration
        .genders
        .iter()
        .map(|g| context! { code => g, name => page.text(&format!("gender-{g}")) })
        .collect();
    let schemes: Vec<JinjaValue> = profile
        .id_schemes
        .iter()
        .map(|s| context! { id => &s.id, name => &s.name })
        .collect();
    context! {
        genders => genders,
        schemes => schemes,
        birth_date => profile.registration.birth == BirthPrecision::Date,
        max_date => page.today().to_string(),
        latin_names => profile.certificates.formats.contains(&vaxkit_profile::CertificateFormat::EuDcc),
    }
}

/// `GET /me/people/new`: the form to add a person.
pub async fn person_new(page: Page) -> HttpResponse {
    logged_in!(page, _who);
    page.render(
        "person.html",
        context! { new => true, values => context! {}, ..person_choices(&page) },
    )
}

/// A year typed in a form: a number, or the refusal naming the field.
fn year(form: &Form, field: &'static str) -> Result<Option<i64>, ApiError> {
    form.opt(field)
        .map(|y| {
            vaxkit_profile::digits::to_ascii_digits(y)
                .parse::<i64>()
                .map_err(|_| {
                    ApiError::new(crate::error::ErrorCode::InvalidField)
                        .with_arg("field", field)
                        .with_arg(
                            "expected",
                            vaxkit_i18n::Message::new("json-expected-integer"),
                        )
                })
        })
        .transpose()
}

/// `POST /me/people/new`: registers the person.
pub async fn person_create(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    logged_in!(page, who);
    let lang = page.lang.clone();
    let result = match year(&form, "birth_year") {
        Ok(birth_year) => {
            let fields = (
                form.get("name").to_owned(),
                birth_year,
                form.opt("birth_date").map(str::to_owned),
                form.get("gender").to_owned(),
                form.get("id_scheme").to_owned(),
                form.get("id_number").to_owned(),
                form.opt("latin_name").map(str::to_owned),
            );
            page.state()
                .run(move |core| {
                    let person = PersonFields {
                        name: &fields.0,
                        birth_year: fields.1,
                        birth_date: fields.2.as_deref(),
                        gender: &fields.3,
                        id_scheme: &fields.4,
                        id_number: &fields.5,
                        language: None,
                        latin_name: fields.6.as_deref(),
                    };
                    registration::register(core, &who, &lang, &person, core.clock.now())
                })
                .await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => page.redirect("/me"),
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "person.html",
            context! { new => true, error => page.error_text(&error), values => form.values(), ..person_choices(&page) },
        ),
    }
}

/// `GET /me/people/{reference}/edit`: the correction form.
pub async fn person_edit(page: Page, path: web::Path<String>) -> HttpResponse {
    logged_in!(page, who);
    let reference = path.into_inner();
    let people = page
        .state()
        .run(move |core| registration::list(core, &who))
        .await;
    match people.map(|list| list.into_iter().find(|p| p.reference == reference)) {
        Ok(Some(person)) => page.render(
            "person.html",
            context! { new => false, person => person, values => context! {}, ..person_choices(&page) },
        ),
        Ok(None) => page.error(&ApiError::new(
            crate::error::ErrorCode::BeneficiaryNotFound,
        )),
        Err(error) => page.error(&error),
    }
}

/// `POST /me/people/{reference}/edit`: corrects what changed.
pub async fn person_update(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    logged_in!(page, who);
    let reference = path.into_inner();
    let fix = year(&form, "birth_year").map(|birth_year| Correction {
        name: form.opt("name").map(str::to_owned),
        birth_year,
        birth_date: form.opt("birth_date").map(str::to_owned),
        gender: form.opt("gender").map(str::to_owned),
        language: None,
        latin_name: form.opt("latin_name").map(str::to_owned),
    });
    let lookup = reference.clone();
    let who2 = who.clone();
    let result = match fix {
        Ok(fix) => {
            page.state()
                .run(move |core| {
                    registration::correct(core, &who, &reference, fix, core.clock.now())
                })
                .await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => page.redirect("/me"),
        Err(error) => {
            let person = page
                .state()
                .run(move |core| registration::list(core, &who2))
                .await
                .ok()
                .and_then(|list| list.into_iter().find(|p| p.reference == lookup));
            page.render_status(
                crate::error::status(error.code()),
                "person.html",
                context! { new => false, person => person, error => page.error_text(&error), values => form.values(), ..person_choices(&page) },
            )
        }
    }
}

/// `POST /me/people/{reference}/remove`: removes a person without doses.
pub async fn person_remove(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let _form = checked_form!(page, body);
    logged_in!(page, who);
    let reference = path.into_inner();
    match page
        .state()
        .run(move |core| registration::remove(core, &who, &reference, core.clock.now()))
        .await
    {
        Ok(()) => page.redirect("/me"),
        Err(error) => page.error(&error),
    }
}

/// `GET /me/people/{reference}/certificate`: the QR code on screen and the PDF link.
pub async fn certificate(page: Page, path: web::Path<String>) -> HttpResponse {
    logged_in!(page, who);
    let reference = path.into_inner();
    let for_view = reference.clone();
    let result = page
        .state()
        .run(move |core| certificates::issue(core, &who, &reference, None, core.clock.now()))
        .await
        .and_then(|(issued, _)| {
            let text = issued
                .eu_dcc
                .or_else(|| issued.shc.and_then(|chunks| chunks.into_iter().next()))
                .ok_or(crate::error::ErrorCode::CertificateNotAvailable)?;
            let svg = vaxkit_cert::qr::svg(&text).map_err(ApiError::internal)?;
            Ok((issued.content, svg))
        });
    match result {
        Ok((content, svg)) => page.render(
            "certificate.html",
            context! { reference => for_view, content => JinjaValue::from_serialize(&content), qr_svg => JinjaValue::from_safe_string(svg) },
        ),
        Err(error) => page.error(&error),
    }
}

/// `GET /me/people/{reference}/certificate.pdf`: the printable certificate in the page's
/// language.
pub async fn certificate_pdf(page: Page, path: web::Path<String>) -> HttpResponse {
    logged_in!(page, who);
    let reference = path.into_inner();
    let bytes = crate::api::certificates::download::pdf_bytes(
        page.state(),
        who,
        reference.clone(),
        None,
        Some(page.lang.clone()),
    )
    .await;
    match bytes {
        Ok(bytes) => HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"certificate-{reference}.pdf\""),
            ))
            .body(bytes),
        Err(error) => page.error(&error),
    }
}

/// `GET /me/book?session=..`: choose the slot and the people to book.
pub async fn book_form(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    logged_in!(page, who);
    let q = Form(query.into_inner());
    let session_id = q.get("session").to_owned();
    book_page(&page, who, session_id, None, &q).await
}

/// The booking form for a session, with a refusal's message if there was one.
async fn book_page(
    page: &Page,
    who: Actor,
    session_id: String,
    error: Option<ApiError>,
    values: &Form,
) -> HttpResponse {
    let result = page
        .state()
        .run(move |core| {
            let session = vaxkit_core::sessions::by_reference(core, &session_id)?;
            let view = vaxkit_core::sessions::SessionView::new(&core.profile, &session);
            let people = registration::list(core, &who)?;
            Ok((view, people))
        })
        .await;
    match result {
        Ok((session, people)) => {
            let status = error
                .as_ref()
                .map_or(StatusCode::OK, |e| crate::error::status(e.code()));
            page.render_status(
                status,
                "book.html",
                context! {
                    session => session,
                    move => values.opt("move"),
                    people => people,
                    error => error.as_ref().map(|e| page.error_text(e)),
                    chosen => values.all("people"),
                },
            )
        }
        Err(error) => page.error(&error),
    }
}

/// `POST /me/book`: books every chosen person, all or none; then their slips.
pub async fn book(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    logged_in!(page, who);
    let request = BookingRequest {
        session_id: form.get("session").to_owned(),
        slot: form.get("slot").to_owned(),
        beneficiaries: form.all("people"),
        dose: None,
    };
    let lang = page.lang.clone();
    let actor = who.clone();
    let result = if request.beneficiaries.is_empty() {
        Err(ApiError::new(crate::error::ErrorCode::InvalidField)
            .with_arg("field", "people")
            .with_arg(
                "expected",
                vaxkit_i18n::Message::new("page-expected-person"),
            ))
    } else {
        page.state()
            .run(move |core| booking::book(core, &actor, &lang, &request, core.clock.now()))
            .await
    };
    match result {
        Ok(slips) => match slips.first() {
            Some(first) if slips.len() == 1 => {
                page.redirect(&format!("/me/appointments/{}", first.appointment_id))
            }
            _ => page.redirect("/me"),
        },
        Err(error) => {
            book_page(
                &page,
                who,
                form.get("session").to_owned(),
                Some(error),
                &form,
            )
            .await
        }
    }
}

/// `GET /me/appointments/{reference}`: the slip with its security code.
pub async fn slip(page: Page, path: web::Path<String>) -> HttpResponse {
    logged_in!(page, who);
    let reference = path.into_inner();
    match page
        .state()
        .run(move |core| booking::slip(core, &who, &reference))
        .await
    {
        Ok(slip) => page.render("slip.html", context! { slip => slip }),
        Err(error) => page.error(&error),
    }
}

/// `POST /me/appointments/{reference}/cancel`: cancels and gives the place back.
pub async fn cancel(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let _form = checked_form!(page, body);
    logged_in!(page, who);
    let reference = path.into_inner();
    let lang = page.lang.clone();
    match page
        .state()
        .run(move |core| booking::cancel(core, &who, &lang, &reference, core.clock.now()))
        .await
    {
        Ok(_) => page.redirect("/me"),
        Err(error) => page.error(&error),
    }
}

/// `POST /me/appointments/{reference}/reschedule`: moves the appointment to the chosen session
/// and slot (the old one stays if the new one is refused).
pub async fn reschedule(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    logged_in!(page, who);
    let reference = path.into_inner();
    let lang = page.lang.clone();
    let (session, slot) = (form.get("session").to_owned(), form.get("slot").to_owned());
    let actor = who.clone();
    let moved = reference.clone();
    match page
        .state()
        .run(move |core| {
            booking::reschedule(
                core,
                &actor,
                &lang,
                &moved,
                &session,
                &slot,
                core.clock.now(),
            )
        })
        .await
    {
        Ok(slip) => page.redirect(&format!("/me/appointments/{}", slip.appointment_id)),
        Err(error) => {
            let values = Form(vec![("move".to_owned(), reference)]);
            book_page(
                &page,
                who,
                form.get("session").to_owned(),
                Some(error),
                &values,
            )
            .await
        }
    }
}

/// The choices of the adverse event form: symptoms, seriousness criteria and outcomes, each
/// with its words in the page's language.
fn aefi_choices(page: &Page) -> JinjaValue {
    let named = |prefix: &str, codes: &[&str]| -> Vec<JinjaValue> {
        codes
            .iter()
            .map(|code| context! { code => code, name => page.text(&format!("{prefix}{}", code.replace('_', "-"))) })
            .collect()
    };
    context! {
        symptoms => named("aefi-symptom-", vaxkit_core::aefi::SYMPTOMS),
        seriousness => named("aefi-serious-", vaxkit_core::aefi::SERIOUSNESS),
        outcomes => named("aefi-outcome-", vaxkit_core::aefi::OUTCOMES),
        max_date => page.today().to_string(),
    }
}

/// The person and dose an adverse event form is about, from the account's own people.
async fn aefi_subject(page: &Page, who: Actor, dose: String) -> Result<JinjaValue, ApiError> {
    let people = page
        .state()
        .run(move |core| registration::list(core, &who))
        .await?;
    people
        .into_iter()
        .find_map(|p| {
            let found = p.doses.iter().find(|d| d.reference == dose).cloned();
            found.map(|d| context! { name => p.name, dose => d })
        })
        .ok_or_else(|| ApiError::new(crate::error::ErrorCode::DoseNotFound))
}

/// `GET /me/aefi/{dose}`: report an adverse event after one of the family's doses.
pub async fn aefi_form(page: Page, path: web::Path<String>) -> HttpResponse {
    logged_in!(page, who);
    match aefi_subject(&page, who, path.into_inner()).await {
        Ok(subject) => page.render(
            "aefi.html",
            context! { subject => subject, values => context! {}, ..aefi_choices(&page) },
        ),
        Err(error) => page.error(&error),
    }
}

/// `POST /me/aefi/{dose}`: records the report (the same use case as `POST /api/v1/aefi`).
pub async fn aefi_report(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    logged_in!(page, who);
    let dose = path.into_inner();
    let input = vaxkit_core::aefi::AefiInput {
        dose: dose.clone(),
        onset_date: form.get("onset_date").to_owned(),
        symptoms: form.all("symptoms"),
        seriousness: form.all("seriousness"),
        outcome: form.get("outcome").to_owned(),
        description: form.get("description").to_owned(),
    };
    let actor = who.clone();
    match page
        .state()
        .run(move |core| vaxkit_core::aefi::report(core, &actor, &input, core.clock.now()))
        .await
    {
        Ok(out) => page.redirect(&format!("/me?reported={}", out.reference)),
        Err(error) => {
            let subject = aefi_subject(&page, who, dose).await.ok();
            page.render_status(
                crate::error::status(error.code()),
                "aefi.html",
                context! {
                    subject => subject,
                    error => page.error_text(&error),
                    values => form.values(),
                    chosen => form.all("symptoms"),
                    serious_chosen => form.all("seriousness"),
                    ..aefi_choices(&page)
                },
            )
        }
    }
}
