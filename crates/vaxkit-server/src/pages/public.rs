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

/// The `/find` link to page `number` of the same search.
fn page_link(q: &super::Form, number: u32) -> String {
    let mut link = form_urlencoded::Serializer::new(String::new());
    for (name, value) in q.0.iter().filter(|(name, _)| name != "page") {
        link.append_pair(name, value);
    }
    link.append_pair("page", &number.to_string());
    format!("/find?{}", link.finish())
}

/// `GET /find?region=..|postal_code=..&date=..[&page=N]` or `?facility=..&date=..` (a centre's week).
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
        // A centre's week is one centre; a day's search lists its centres a page at a time.
        let number = match q.opt("page") {
            Some(n) if !week => n.parse().map_err(|_| ErrorCode::InvalidQuery)?,
            _ => 1,
        };
        let shown = found.centres_page(profile, number)?;
        Ok::<_, ApiError>((shown, week))
    }
    .await;
    match result {
        Ok((shown, week)) => page.render(
            "find.html",
            context! {
                centres => &shown.centres,
                page => shown.page,
                pages => shown.pages,
                // Past the last page, "previous" goes back to the last.
                previous => (shown.page > 1 && shown.pages > 0)
                    .then(|| page_link(&q, (shown.page - 1).min(shown.pages))),
                next => (shown.page < shown.pages).then(|| page_link(&q, shown.page + 1)),
                week => week,
                searched => true,
                ..base
            },
        ),
        Err(error) => page.render_status(
            crate::error::status(error.code()),
            "find.html",
            context! { error => page.error_text(&error), ..base },
        ),
    }
}
