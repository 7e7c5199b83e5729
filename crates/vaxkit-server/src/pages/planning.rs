//! The administrator's session planning page: choose a facility within the scope, see its
//! sessions over a period with their bookings, plan sessions for a day or a range of days, and
//! cancel one (its appointments are cancelled and each person told). The rules are the core's
//! `planning` use cases, the same as `POST /api/v1/admin/sessions` and its neighbours.

use actix_web::{HttpResponse, web};
use chrono::{Days, NaiveDate};
use minijinja::{Value as JinjaValue, context};
use vaxkit_core::planning::{self, Plan};
use vaxkit_core::types::parse_date;

use super::{Form, Page};
use crate::error::{ApiError, ErrorCode};

/// Days the list shows when no period is asked for.
const DEFAULT_DAYS: u64 = 14;

/// `field` must be `expected` (a `json-expected-*` message).
fn invalid(field: &str, expected: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidField)
        .with_arg("field", field.to_owned())
        .with_arg("expected", vaxkit_i18n::Message::new(expected))
}

/// A whole number from a form field, `None` when blank.
fn number(form: &Form, field: &str) -> Result<Option<i64>, ApiError> {
    form.opt(field)
        .map(|v| {
            v.parse()
                .map_err(|_| invalid(field, "json-expected-integer"))
        })
        .transpose()
}

/// A date from a form field, `default` when blank.
fn date(form: &Form, field: &str, default: NaiveDate) -> Result<NaiveDate, ApiError> {
    Ok(form
        .opt(field)
        .map(parse_date)
        .transpose()?
        .unwrap_or(default))
}

/// The plan a form describes: doses as `1,2`, slots separated by spaces or commas.
fn plan_of(form: &Form, today: NaiveDate) -> Result<Plan, ApiError> {
    let from = date(form, "from", today)?;
    let until = date(form, "until", from)?;
    let doses = form
        .get("doses")
        .split([',', ' '])
        .filter(|d| !d.is_empty())
        .map(|d| d.parse::<u32>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|_| invalid("doses", "json-expected-list"))?;
    let share = form
        .opt("walk_in_share")
        .map(|v| {
            v.parse::<f64>()
                .map(|percent| percent / 100.0)
                .map_err(|_| invalid("walk_in_share", "json-expected-number"))
        })
        .transpose()?;
    Ok(Plan {
        facility: form.get("facility").to_owned(),
        from,
        until,
        vaccine: form.get("vaccine").to_owned(),
        doses,
        min_age: number(form, "min_age")?.unwrap_or(0),
        max_age: number(form, "max_age")?,
        capacity: number(form, "capacity")?
            .ok_or_else(|| invalid("capacity", "json-expected-present"))?,
        walk_in_share: share,
        slots: form
            .get("slots")
            .split([',', ' ', '\n'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        fee: None,
    })
}

/// The page for `q` (`facility`, `from`, `until`), with a refusal and the plan form's values
/// when there is one.
async fn show(page: &Page, q: &Form, refusal: Option<(ApiError, JinjaValue)>) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    if let Err(error) = planning::may_plan(&me) {
        return page.error(&error.into());
    }
    let today = page.today();
    let period = date(q, "from", today).and_then(|from| {
        let default_until = from
            .checked_add_days(Days::new(DEFAULT_DAYS - 1))
            .unwrap_or(from);
        Ok((from, date(q, "until", default_until)?))
    });
    let (from, until) = match period {
        Ok(period) => period,
        Err(error) => return page.error(&error),
    };
    let facility = q.opt("facility").map(str::to_owned);
    let chosen = facility.clone();
    let found = page
        .state()
        .run(move |core| {
            let facilities = vaxkit_core::facilities::list(core, &me)?;
            let sessions = match &chosen {
                Some(code) => Some(planning::list(core, &me, code, from, until)?),
                None => None,
            };
            Ok((facilities, sessions))
        })
        .await;
    let (facilities, sessions) = match found {
        Ok(found) => found,
        Err(error) => return page.error(&error),
    };
    let vaccines: Vec<JinjaValue> = page
        .state()
        .core
        .profile
        .vaccines
        .iter()
        .map(|v| context! { code => &v.code, name => &v.name })
        .collect();
    let (status, error, values) = match refusal {
        Some((error, values)) => (
            crate::error::status(error.code()),
            Some(page.error_text(&error)),
            values,
        ),
        None => (
            actix_web::http::StatusCode::OK,
            None,
            context! { from => from.to_string(), doses => "1", min_age => "0" },
        ),
    };
    page.render_status(
        status,
        "sessions_admin.html",
        context! {
            facilities => facilities,
            facility => facility,
            sessions => sessions,
            from => from.to_string(),
            until => until.to_string(),
            vaccines => vaccines,
            error => error,
            values => values,
        },
    )
}

/// `GET /admin/sessions[?facility=CODE&from=D&until=D]`: the facilities within the scope; for
/// the one chosen, its sessions (two weeks from today unless asked) and the plan form.
pub async fn list(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    show(&page, &Form(query.into_inner()), None).await
}

/// The list of `facility` from `from`, where a form goes back to.
fn back_to(facility: &str, from: NaiveDate) -> String {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("facility", facility)
        .append_pair("from", &from.to_string())
        .finish();
    format!("/admin/sessions?{query}")
}

/// `POST /admin/sessions`: plans the sessions of the form (all or none), then back to the
/// facility's list from the first day; a refusal comes back on the page with what was typed.
pub async fn create(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let result = match plan_of(&form, page.today()) {
        Ok(plan) => {
            let from = plan.from;
            page.state()
                .run(move |core| planning::plan(core, &me, &plan, core.clock.now()))
                .await
                .map(|_| from)
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(from) => page.redirect(&back_to(form.get("facility"), from)),
        Err(error) if error.code() == ErrorCode::Forbidden => page.error(&error),
        Err(error) => {
            let q = Form(vec![(
                "facility".to_owned(),
                form.get("facility").to_owned(),
            )]);
            show(&page, &q, Some((error, form.values()))).await
        }
    }
}

/// `POST /admin/sessions/{id}/cancel`: cancels the session with the reason given, then back to
/// its facility's list.
pub async fn cancel(page: Page, path: web::Path<String>, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let session = path.into_inner();
    let reason = form.get("reason").to_owned();
    let from = form
        .opt("from")
        .and_then(|d| parse_date(d).ok())
        .unwrap_or_else(|| page.today());
    match page
        .state()
        .run(move |core| planning::cancel(core, &me, &session, &reason, core.clock.now()))
        .await
    {
        Ok(_) => page.redirect(&back_to(form.get("facility"), from)),
        Err(error) if error.code() == ErrorCode::ReasonRequired => {
            let q = Form(vec![
                ("facility".to_owned(), form.get("facility").to_owned()),
                ("from".to_owned(), from.to_string()),
            ]);
            let values = context! { from => from.to_string(), doses => "1", min_age => "0" };
            show(&page, &q, Some((error, values))).await
        }
        Err(error) => page.error(&error),
    }
}
