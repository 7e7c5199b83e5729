//! The administrator's pages: reports within the role's scope — doses per day, by region,
//! vaccine, dose, age band and gender as server-drawn charts, coverage against population, and
//! the CSV export — from the same use cases as `GET /api/v1/reports/doses` and
//! `/reports/coverage`; adverse event reports; facilities and their CSV import (the core's
//! `facilities::file`, as `vaxkit import facilities`).

use std::collections::BTreeMap;

use actix_web::{HttpResponse, web};
use chrono::Days;
use minijinja::{Value as JinjaValue, context};
use vaxkit_core::facilities::FacilityProblem;
use vaxkit_core::facilities::file::{self as facility_file, RowProblem};
use vaxkit_core::reports::{self, DoseReport, NamedCount};
use vaxkit_core::types::parse_date;

use super::{Form, Page, charts};
use crate::error::ApiError;

/// Days a report covers when none are asked for.
const DEFAULT_DAYS: u64 = 28;

/// The period and region asked for: `from`, `until` (28 days to today by default), `region`.
fn period(page: &Page, q: &Form) -> Result<(chrono::NaiveDate, chrono::NaiveDate), ApiError> {
    let until = q
        .opt("until")
        .map(parse_date)
        .transpose()?
        .unwrap_or_else(|| page.today());
    let from = match q.opt("from") {
        Some(d) => parse_date(d)?,
        None => until
            .checked_sub_days(Days::new(DEFAULT_DAYS - 1))
            .unwrap_or(until),
    };
    Ok((from, until))
}

/// Sums of the report's rows by one of their fields, largest first unless `ordered` keeps the
/// key order (days, doses, age bands).
fn by(
    report: &DoseReport,
    key: impl Fn(&reports::DoseRow) -> (String, String),
    ordered: bool,
) -> Vec<NamedCount> {
    let mut sums: BTreeMap<String, (String, i64)> = BTreeMap::new();
    for row in &report.rows {
        let (k, name) = key(row);
        sums.entry(k).or_insert((name, 0)).1 += row.count;
    }
    let mut out: Vec<NamedCount> = sums
        .into_iter()
        .map(|(key, (name, count))| NamedCount { key, name, count })
        .collect();
    if !ordered {
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.key.cmp(&b.key)));
    }
    out
}

/// `GET /admin/reports[?from=D&until=D&region=CODE]`.
pub async fn reports_page(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let q = Form(query.into_inner());
    let region = q.opt("region").map(str::to_owned);
    let result = match period(&page, &q) {
        Ok((from, until)) => {
            page.state()
                .run(move |core| {
                    let report = reports::doses(core, &me, from, until, region.as_deref())?;
                    let coverage = reports::coverage(core, &me, region.as_deref(), until)?;
                    Ok((report, coverage))
                })
                .await
        }
        Err(error) => Err(error),
    };
    let (report, coverage) = match result {
        Ok(found) => found,
        Err(error) => {
            if matches!(
                error.code(),
                vaxkit_core::ErrorCode::Unauthorized | vaxkit_core::ErrorCode::SessionExpired
            ) {
                return page.error(&error);
            }
            return page.render_status(
                crate::error::status(error.code()),
                "reports.html",
                context! { error => page.error_text(&error), values => q.values() },
            );
        }
    };
    let profile = &page.state().core.profile;
    let region_name = |code: &str| {
        profile
            .regions
            .get(code)
            .map_or_else(|| code.to_owned(), |r| r.name_in(&page.lang).to_owned())
    };
    let vaccine_name = |code: &str| {
        profile
            .vaccine(code)
            .map_or_else(|| code.to_owned(), |v| v.name.clone())
    };
    let mut per_day = by(&report, |r| (r.day.to_string(), r.day.to_string()), true);
    // Every day of the period, the quiet ones too.
    let mut day = report.from;
    while day <= report.until {
        if !per_day.iter().any(|d| d.key == day.to_string()) {
            per_day.push(NamedCount {
                key: day.to_string(),
                name: day.to_string(),
                count: 0,
            });
        }
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    per_day.sort_by(|a, b| a.key.cmp(&b.key));
    let groups = [
        (
            "page-dashboard-per-region",
            by(
                &report,
                |r| (r.region.clone(), region_name(&r.region)),
                false,
            ),
        ),
        (
            "page-dashboard-per-vaccine",
            by(
                &report,
                |r| (r.vaccine.clone(), vaccine_name(&r.vaccine)),
                false,
            ),
        ),
        (
            "page-admin-per-dose",
            by(
                &report,
                |r| (format!("{:03}", r.dose), r.dose.to_string()),
                true,
            ),
        ),
        (
            "page-admin-per-age",
            by(&report, |r| (r.age_band.clone(), r.age_band.clone()), true),
        ),
        (
            "page-admin-per-gender",
            by(
                &report,
                |r| (r.gender.clone(), page.text(&format!("gender-{}", r.gender))),
                false,
            ),
        ),
    ];
    let charts_by: Vec<JinjaValue> = groups
        .iter()
        .map(|(title, items)| {
            let title = page.text(title);
            context! {
                title => &title,
                chart => JinjaValue::from_safe_string(charts::bars(items, &title)),
                items => items,
            }
        })
        .collect();
    let csv_query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("from", &report.from.to_string())
        .append_pair("until", &report.until.to_string())
        .extend_pairs(q.opt("region").map(|r| ("region", r)))
        .finish();
    page.render(
        "reports.html",
        context! {
            report => &report,
            per_day_chart => JinjaValue::from_safe_string(charts::columns(&per_day, &page.text("page-dashboard-per-day"))),
            groups => charts_by,
            coverage => coverage,
            csv_query => csv_query,
            values => q.values(),
        },
    )
}

/// `GET /admin/reports.csv[?from=D&until=D&region=CODE]`: the same report as CSV.
pub async fn reports_csv(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let q = Form(query.into_inner());
    let region = q.opt("region").map(str::to_owned);
    let result = match period(&page, &q) {
        Ok((from, until)) => {
            page.state()
                .run(move |core| reports::doses(core, &me, from, until, region.as_deref()))
                .await
        }
        Err(error) => Err(error),
    };
    match result.and_then(|report| crate::api::reports::doses::doses_csv(&report)) {
        Ok(response) => response,
        Err(error) => page.error(&error),
    }
}

/// `GET /admin/aefi[?serious=true]`: adverse event reports of the regions in the scope, newest
/// first, each symptom and outcome in the page's language.
pub async fn aefi_list(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let serious = Form(query.into_inner()).opt("serious") == Some("true");
    let filter = serious.then_some(true);
    match page
        .state()
        .run(move |core| vaxkit_core::aefi::list(core, &me, filter, 200))
        .await
    {
        Ok(reports) => {
            let word = |prefix: &str, code: &str| {
                page.text(&format!("{prefix}{}", code.replace('_', "-")))
            };
            let rows: Vec<JinjaValue> = reports
                .iter()
                .map(|r| {
                    let symptoms: Vec<String> = r
                        .symptoms
                        .iter()
                        .map(|s| word("aefi-symptom-", s))
                        .collect();
                    let seriousness: Vec<String> = r
                        .seriousness
                        .iter()
                        .map(|s| word("aefi-serious-", s))
                        .collect();
                    context! {
                        reference => &r.reference,
                        dose => &r.dose,
                        onset => r.onset_date.to_string(),
                        region => &r.region,
                        symptoms => symptoms.join(", "),
                        seriousness => seriousness.join(", "),
                        serious => r.serious,
                        outcome => word("aefi-outcome-", &r.outcome),
                        description => &r.description,
                    }
                })
                .collect();
            page.render(
                "aefi_list.html",
                context! { reports => rows, serious => serious },
            )
        }
        Err(error) => page.error(&error),
    }
}

/// `GET /admin/facilities`: the facilities within the scope, closed ones included.
pub async fn facilities(page: Page) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    match page
        .state()
        .run(move |core| vaxkit_core::facilities::list(core, &me))
        .await
    {
        Ok(list) => page.render("facilities.html", context! { facilities => list }),
        Err(error) => page.error(&error),
    }
}

/// Largest facility file the import page takes, in bytes.
pub const IMPORT_LIMIT: usize = 4 * 1024 * 1024;

/// The body size limit of the import form.
pub fn import_config() -> web::PayloadConfig {
    web::PayloadConfig::new(IMPORT_LIMIT)
}

/// The header a facility file must have, as shown on the page.
fn import_columns() -> String {
    facility_file::COLUMNS.join(",")
}

/// `GET /admin/facilities/import`: the form to paste a facility file into.
pub async fn import_form(page: Page) -> HttpResponse {
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    if let Err(error) = facility_file::allowed(&me) {
        return page.error(&error.into());
    }
    page.render(
        "facilities_import.html",
        context! { columns => import_columns() },
    )
}

/// `POST /admin/facilities/import`: reads and imports the pasted file as `vaxkit import
/// facilities` does — the readable rows within the scope are imported, the others listed with
/// their line and reason in the page's language; a wrong first row refuses the whole file.
pub async fn import(page: Page, body: web::Bytes) -> HttpResponse {
    let form = checked_form!(page, body);
    let me = match page.staff().await {
        Ok(me) => me,
        Err(answer) => return answer,
    };
    let text = form.get("file").to_owned();
    let rows = match facility_file::read(text.as_bytes()) {
        Ok(rows) => rows,
        Err(problem) => {
            return page.render_status(
                actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
                "facilities_import.html",
                context! {
                    columns => import_columns(),
                    error => row_problem(&page, &problem),
                    file => text,
                },
            );
        }
    };
    let report = match page
        .state()
        .run(move |core| facility_file::import(core, &me, &rows, core.clock.now(), |_| {}))
        .await
    {
        Ok(report) => report,
        Err(error) => return page.error(&error),
    };
    let locales = &page.state().core.locales;
    let rejected: Vec<String> = report
        .rejected
        .iter()
        .map(|r| {
            locales.message(
                &page.lang,
                "page-admin-import-line",
                &[
                    ("line", r.line.to_string().into()),
                    ("reason", row_problem(&page, &r.problem).into()),
                ],
            )
        })
        .collect();
    let done = locales.message(
        &page.lang,
        "page-admin-import-done",
        &[
            ("added", report.added.to_string().into()),
            ("updated", report.updated.to_string().into()),
            ("unchanged", report.unchanged.to_string().into()),
            ("rejected", report.rejected.len().to_string().into()),
        ],
    );
    page.render(
        "facilities_import.html",
        context! {
            columns => import_columns(),
            done => done,
            rejected => rejected,
            // A file with refused rows stays in the form, to be corrected and sent again
            // (rows already imported come back unchanged).
            file => if report.rejected.is_empty() { String::new() } else { text },
        },
    )
}

/// Why a row of a facility file is refused, in the page's language.
fn row_problem(page: &Page, problem: &RowProblem) -> String {
    let locales = &page.state().core.locales;
    let say = |id: &str, args: &[vaxkit_i18n::Arg<'_>]| locales.message(&page.lang, id, args);
    match problem {
        RowProblem::Header => say(
            "page-admin-import-header",
            &[("columns", import_columns().into())],
        ),
        RowProblem::Unreadable(_) => say("page-admin-import-unreadable", &[]),
        RowProblem::FieldCount { found } => say(
            "page-admin-import-fields",
            &[
                ("found", found.to_string().into()),
                ("expected", facility_file::COLUMNS.len().to_string().into()),
            ],
        ),
        RowProblem::NotANumber(value) => say(
            "page-admin-import-number",
            &[("value", value.clone().into())],
        ),
        RowProblem::Facility(problem) => say(
            match problem {
                FacilityProblem::Code => "page-admin-import-code",
                FacilityProblem::Text => "page-admin-import-text",
                FacilityProblem::Region => "page-admin-import-region",
                FacilityProblem::PostalCode => "page-admin-import-postal",
                FacilityProblem::Coordinates => "page-admin-import-coordinates",
                FacilityProblem::OutOfScope => "page-admin-import-scope",
            },
            &[],
        ),
    }
}
