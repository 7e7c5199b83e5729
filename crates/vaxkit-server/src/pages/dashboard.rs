//! The public dashboard: doses per day, per region and per vaccine from the aggregate counters
//! (`vaxkit_core::reports::dashboard`), with charts drawn on the server and no personal data.

use actix_web::{HttpResponse, web};
use chrono::Days;
use minijinja::{Value as JinjaValue, context};
use vaxkit_core::reports;
use vaxkit_core::types::parse_date;

use super::{Form, Page, charts};
use crate::error::ApiError;

/// Days the dashboard shows when none are asked for.
const DEFAULT_DAYS: u64 = 14;

/// `GET /dashboard[?from=D&until=D]`.
pub async fn show(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let q = Form(query.into_inner());
    let today = page.today();
    let dates = (|| -> Result<_, ApiError> {
        let until = q.opt("until").map(parse_date).transpose()?.unwrap_or(today);
        let from = match q.opt("from") {
            Some(d) => parse_date(d)?,
            None => until
                .checked_sub_days(Days::new(DEFAULT_DAYS - 1))
                .unwrap_or(until),
        };
        Ok((from, until))
    })();
    let result = match dates {
        Ok((from, until)) => {
            page.state()
                .run(move |core| reports::dashboard(core, from, until))
                .await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(figures) => {
            let per_day = charts::columns(&figures.per_day, &page.text("page-dashboard-per-day"));
            let per_region =
                charts::bars(&figures.per_region, &page.text("page-dashboard-per-region"));
            let per_vaccine = charts::bars(
                &figures.per_vaccine,
                &page.text("page-dashboard-per-vaccine"),
            );
            page.render(
                "dashboard.html",
                context! {
                    figures => figures,
                    per_day_chart => JinjaValue::from_safe_string(per_day),
                    per_region_chart => JinjaValue::from_safe_string(per_region),
                    per_vaccine_chart => JinjaValue::from_safe_string(per_vaccine),
                },
            )
        }
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "dashboard.html",
            context! { error => page.error_text(&error) },
        ),
    }
}
