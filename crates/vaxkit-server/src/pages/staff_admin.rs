//! The administrator's staff page: the staff within the scope, a form to create an account
//! (a facility admin creates vaccinators of their facility), and disabling an account, which
//! ends its logins at once. The rules are the core's `staff` use cases, the same as
//! `/api/v1/staff/users`.

use actix_web::{HttpResponse, web};
use minijinja::{Value as JinjaValue, context};
use vaxkit_core::Role;
use vaxkit_core::staff::{self, NewStaff};

use super::Page;
use crate::error::{ApiError, ErrorCode};

/// The page, with a refusal and the create form's values when there is one, or a notice.
async fn show(page: &Page, refusal: Option<(ApiError, JinjaValue)>) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let list = match page.state().run(move |core| staff::list(core, &me)).await {
        Ok(list) => list,
        Err(error) => return page.error(&error),
    };
    let role_name = |code: &str| page.text(&format!("page-staff-role-{}", code.replace('_', "-")));
    let people: Vec<JinjaValue> = list
        .iter()
        .map(|s| {
            context! {
                username => &s.username,
                name => &s.name,
                role => role_name(&s.role),
                scope => s.facility.clone().or_else(|| s.region.clone()),
                active => s.active,
            }
        })
        .collect();
    let roles: Vec<JinjaValue> = Role::ALL
        .iter()
        .map(|r| context! { code => r.as_str(), name => role_name(r.as_str()) })
        .collect();
    let (status, error, values) = match refusal {
        Some((error, values)) => (
            crate::error::status(error.code()),
            Some(page.error_text(&error)),
            values,
        ),
        None => (actix_web::http::StatusCode::OK, None, context! {}),
    };
    page.render_status(
        status,
        "staff_admin.html",
        context! { people => people, roles => roles, error => error, values => values },
    )
}

/// `GET /admin/staff`: the staff within the scope and the form to create an account.
pub async fn list(page: Page) -> HttpResponse {
    show(&page, None).await
}

/// `POST /admin/staff`: creates the account of the form within the scope, then back to the
/// list; a refusal comes back on the page with what was typed (never the password).
pub async fn create(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let result = match Role::parse(form.get("role")) {
        Some(role) => {
            let new = NewStaff {
                username: form.get("username").to_owned(),
                name: form.get("name").to_owned(),
                password: form.get("password").to_owned(),
                role,
                region: form.opt("region").map(str::to_owned),
                facility: form.opt("facility").map(str::to_owned),
            };
            page.state()
                .run(move |core| staff::create(core, &me, new, core.clock.now()))
                .await
        }
        None => Err(ApiError::new(ErrorCode::InvalidField)
            .with_arg("field", "role")
            .with_arg(
                "expected",
                vaxkit_i18n::Message::new("json-expected-one-of")
                    .with("values", Role::ALL.map(Role::as_str).join(", ")),
            )),
    };
    match result {
        Ok(_) => page.redirect("/admin/staff"),
        Err(error) => {
            let mut values = form;
            values.0.retain(|(k, _)| k != "password");
            show(&page, Some((error, values.values()))).await
        }
    }
}

/// `POST /admin/staff/{username}/disable`: disables the account and ends its logins, then back
/// to the list.
pub async fn disable(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let _form = checked_form!(page, body);
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let username = path.into_inner();
    match page
        .state()
        .run(move |core| staff::disable(core, &me, &username, core.clock.now()))
        .await
    {
        Ok(_) => page.redirect("/admin/staff"),
        Err(error) => page.error(&error),
    }
}
