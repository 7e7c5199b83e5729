//! Pages anyone may open: the home page, finding sessions (by region or postal code, or a
//! centre's week), and the static files.

use actix_web::http::header;
use actix_web::{HttpResponse, web};
use minijinja::context;
use vaxkit_core::sessions::{self, Filters, Place};
use vaxkit_core::types::parse_date;
use vaxkit_profile::Profile;

use super::Page;
use crate::error::{ApiError, ErrorCode};

/// `GET /`: what one can do here.
pub async fn home(page: Page) -> HttpResponse {
    page.render("home.html", context! {})
}

/// `GET /static/{name}`: a static file, the profile's own first.
pub async fn static_file(page: Page, name: web::Path<String>) -> HttpResponse {
    let name = name.into_inner();
    match page.state().pages.static_file(&name) {
        Some(bytes) => HttpResponse::Ok()
            .content_type(super::templates::content_type(&name))
            .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
            .body(bytes),
        None => page.error(&ApiError::new(ErrorCode::NotFound)),
    }
}

/// Every region, parents before their children, named in `lang`, with its depth for
/// indentation.
fn region_choices(profile: &Profile, lang: &str) -> Vec<minijinja::Value> {
    fn walk(
        profile: &Profile,
        lang: &str,
        parent: Option<&str>,
        depth: usize,
        out: &mut Vec<minijinja::Value>,
    ) {
        for region in profile.regions.children(parent) {
            out.push(context! {
                code => &region.code,
                name => region.name_in(lang),
                indent => "\u{2003}".repeat(depth),
            });
            walk(profile, lang, Some(&region.code), depth + 1, out);
        }
    }
    let mut out = Vec::new();
    walk(profile, lang, None, 0, &mut out);
    out
}

/// `GET /find?region=..|postal_code=..&date=..` or `?facility=..&date=..` (a centre's week).
pub async fn find(page: Page, query: web::Query<Vec<(String, String)>>) -> HttpResponse {
    let q = super::Form(query.into_inner());
    let state = page.state().clone();
    let profile = &state.core.profile;
    let today = page.today();
    let date_text = q
        .opt("date")
        .map_or_else(|| today.to_string(), str::to_owned);
    let base = context! {
        regions => region_choices(profile, &page.lang),
        has_postal_codes => profile.country.postal_code_pattern.is_some(),
        values => q.values(),
        date => &date_text,
    };
    let searched =
        q.opt("region").is_some() || q.opt("postal_code").is_some() || q.opt("facility").is_some();
    if !searched {
        return page.render("find.html", base);
    }
    let result = async {
        let date = parse_date(&date_text)?;
        let filters = Filters::check(profile, None, None, None)?;
        let (search, week) = if let Some(code) = q.opt("facility") {
            let place = Place::FacilityCode(code.to_owned());
            (sessions::week(place, date, filters)?, true)
        } else {
            let place = match (q.opt("region"), q.opt("postal_code")) {
                (_, Some(postal)) => Place::PostalCode(postal.to_owned()),
                (Some(region), None) => Place::Region(region.to_owned()),
                (None, None) => return Err(ErrorCode::InvalidQuery.into()),
            }
            .check(profile)?;
            (sessions::day(place, date, filters), false)
        };
        let found = crate::api::sessions::find(&state, search).await?;
        Ok::<_, ApiError>((found.centres(profile), week))
    }
    .await;
    match result {
        Ok((centres, week)) => page.render(
            "find.html",
            context! { centres => centres, week => week, searched => true, ..base },
        ),
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "find.html",
            context! { error => page.error_text(&error), ..base },
        ),
    }
}
