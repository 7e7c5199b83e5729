//! The administrator's corrections page: find a person's whole record by its reference or its
//! identity number (within the scope: anyone else is "not found"), then correct a dose
//! (product, batch, day, dose number) or revoke it, each with a written reason. The rules are
//! the core's `corrections` use cases, the same as `/api/v1/admin/beneficiaries` and
//! `/api/v1/admin/doses`.

use actix_web::{HttpResponse, web};
use minijinja::{Value as JinjaValue, context};
use vaxkit_core::corrections::{self, DoseFix};
use vaxkit_core::types::parse_date;

use super::{Form, Page};
use crate::error::{ApiError, ErrorCode};

/// The page for `q` (`reference`, or `scheme` and `number`), with a refusal when there is one.
async fn show(page: &Page, q: &Form, refusal: Option<ApiError>) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    if let Err(error) = me.staff(corrections::CORRECTORS) {
        return page.error(&error.into());
    }
    let reference = q.opt("reference").map(str::to_owned);
    let by_number = q
        .opt("number")
        .map(|n| (q.get("scheme").to_owned(), n.to_owned()));
    let found = match (reference, by_number) {
        (None, None) => Ok(None),
        (reference, by_number) => page
            .state()
            .run(move |core| match (reference, by_number) {
                (Some(r), _) => corrections::show(core, &me, &r),
                (None, Some((scheme, number))) => corrections::find(core, &me, &scheme, &number),
                (None, None) => Err(ErrorCode::BeneficiaryNotFound.into()),
            })
            .await
            .map(Some),
    };
    let (person, error) = match (found, refusal) {
        (Ok(person), None) => (person, None),
        (Ok(person), Some(error)) => (person, Some(error)),
        (Err(error), _) => (None, Some(error)),
    };
    let profile = &page.state().core.profile;
    let schemes: Vec<JinjaValue> = profile
        .id_schemes
        .iter()
        .map(|s| context! { id => &s.id, name => &s.name })
        .collect();
    let vaccines: Vec<JinjaValue> = profile
        .vaccines
        .iter()
        .map(|v| context! { code => &v.code, name => &v.name })
        .collect();
    let status = error.as_ref().map_or(actix_web::http::StatusCode::OK, |e| {
        crate::error::status(e.code())
    });
    page.render_status(
        status,
        "corrections.html",
        context! {
            person => person,
            gender => person_gender(page),
            schemes => schemes,
            vaccines => vaccines,
            values => q.values(),
            error => error.map(|e| page.error_text(&e)),
            done => q.opt("done").map(|d| match d {
                "revoked" => page.text("page-admin-corrections-revoked"),
                _ => page.text("page-admin-corrections-corrected"),
            }),
        },
    )
}

/// Gender names of the profile, by code, for the record shown.
fn person_gender(page: &Page) -> JinjaValue {
    let names: std::collections::BTreeMap<String, String> = page
        .state()
        .core
        .profile
        .registration
        .genders
        .iter()
        .map(|g| (g.clone(), page.text(&format!("gender-{g}"))))
        .collect();
    JinjaValue::from_serialize(&names)
}

/// `GET /admin/corrections[?reference=R | ?scheme=S&number=N]`: the search, and the record found.
pub async fn search(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    show(&page, &Form(query.into_inner()), None).await
}

/// Back to the person's record after a change.
fn back_to(person: &str, done: &str) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("reference", person)
        .append_pair("done", done)
        .finish();
    format!("/admin/corrections?{query}")
}

/// The record a form came from, to show again with a refusal.
fn again(form: &Form) -> Form {
    Form(vec![(
        "reference".to_owned(),
        form.get("person").to_owned(),
    )])
}

/// `POST /admin/corrections/doses/{reference}/correct`: corrects the fields given (blank ones
/// stay), with the reason; then back to the record.
pub async fn correct(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let dose = path.into_inner();
    let fix = (|| -> Result<DoseFix, ApiError> {
        Ok(DoseFix {
            vaccine: form.opt("vaccine").map(str::to_owned),
            batch: form.opt("batch").map(str::to_owned),
            given_on: form.opt("given_on").map(parse_date).transpose()?,
            dose: form
                .opt("dose")
                .map(|d| {
                    d.parse::<i64>().map_err(|_| {
                        ApiError::new(ErrorCode::InvalidField)
                            .with_arg("field", "dose")
                            .with_arg(
                                "expected",
                                vaxkit_i18n::Message::new("json-expected-integer"),
                            )
                    })
                })
                .transpose()?,
        })
    })();
    let reason = form.get("reason").to_owned();
    let result = match fix {
        Ok(fix) => {
            page.state()
                .run(move |core| {
                    corrections::correct_dose(core, &me, &dose, &fix, &reason, core.clock.now())
                })
                .await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(_) => page.redirect(&back_to(form.get("person"), "corrected")),
        Err(error) => show(&page, &again(&form), Some(error)).await,
    }
}

/// `POST /admin/corrections/doses/{reference}/revoke`: revokes the dose with the reason; then
/// back to the record.
pub async fn revoke(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let dose = path.into_inner();
    let reason = form.get("reason").to_owned();
    match page
        .state()
        .run(move |core| corrections::revoke_dose(core, &me, &dose, &reason, core.clock.now()))
        .await
    {
        Ok(_) => page.redirect(&back_to(form.get("person"), "revoked")),
        Err(error) => show(&page, &again(&form), Some(error)).await,
    }
}
