//! `vaxkit forecast`: each dose a person had, judged, and the next dose of every vaccine group.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use vaxkit_i18n::{FluentValue, Locales};
use vaxkit_profile::forecast::{self, Given, Patient};

/// Arguments of `vaxkit forecast`.
#[derive(Args)]
pub struct ForecastArgs {
    /// Profile folder.
    #[arg(long)]
    profile: PathBuf,
    /// Date of birth (YYYY-MM-DD).
    #[arg(long)]
    birth: String,
    /// Gender (female or male); series for one gender need it.
    #[arg(long)]
    gender: Option<String>,
    /// Region code where the person lives; series given only in some regions need it.
    #[arg(long)]
    region: Option<String>,
    /// A dose given: YYYY-MM-DD:PRODUCT, where PRODUCT is a product code or cvx:NNN; repeat per dose.
    #[arg(long = "dose", value_name = "DATE:PRODUCT")]
    doses: Vec<String>,
    /// The day to forecast for (YYYY-MM-DD); today in the profile's time zone if left out.
    #[arg(long)]
    on: Option<String>,
    /// Language of the text output; the profile's default if left out.
    #[arg(long)]
    lang: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs `vaxkit forecast`. Exit 0 with an answer, 2 for bad usage or an unknown product.
pub fn run(a: ForecastArgs) -> Result<ExitCode, String> {
    let profile = super::load_profile(&a.profile)?;
    let usage = |message: String| {
        eprintln!("error: {message}");
        Ok(ExitCode::from(2))
    };
    let birth = match super::parse_date(&a.birth) {
        Ok(b) => b,
        Err(e) => return usage(e),
    };
    let on = match &a.on {
        Some(s) => match super::parse_date(s) {
            Ok(d) => d,
            Err(e) => return usage(e),
        },
        None => super::today(&profile),
    };
    let gender = match a.gender.as_deref() {
        None => None,
        Some(g) if profile.registration.genders.iter().any(|x| x == g) => Some(g),
        Some(g) => {
            return usage(format!(
                "unknown gender `{g}`: use one of {}",
                profile.registration.genders.join(", ")
            ));
        }
    };
    if let Some(r) = &a.region
        && profile.regions.get(r).is_none()
    {
        return usage(format!("unknown region `{r}`"));
    }
    let schedule = &profile.schedule;
    let mut given = Vec::new();
    for spec in &a.doses {
        let Some((date, product)) = spec.split_once(':') else {
            return usage(format!("`{spec}` is not YYYY-MM-DD:PRODUCT"));
        };
        let date = match super::parse_date(date) {
            Ok(d) => d,
            Err(e) => return usage(e),
        };
        let found = match product.strip_prefix("cvx:") {
            Some(cvx) => schedule.product_by_cvx(cvx),
            None => schedule.product(product),
        };
        let Some(product) = found else {
            return usage(format!("unknown product `{product}` in `{spec}`"));
        };
        given.push(Given { date, product });
    }
    let patient = Patient {
        birth,
        gender,
        region: a.region.as_deref(),
        conditions: &[],
    };
    let result = match forecast::forecast(schedule, &patient, &given, on, Some(&profile.regions)) {
        Ok(r) => r,
        Err(e) => return usage(e.to_string()),
    };
    let code = |p: usize| schedule.products.get(p).map_or("", |p| p.code.as_str());
    if a.json {
        let doses: Vec<serde_json::Value> = given
            .iter()
            .zip(&result.doses)
            .map(|(g, e)| {
                serde_json::json!({
                    "date": g.date,
                    "product": code(g.product),
                    "valid": e.is_valid(),
                    "reason": e.reason.map(|r| r.code()),
                })
            })
            .collect();
        let groups: Vec<serde_json::Value> = result
            .groups
            .iter()
            .map(|g| {
                serde_json::json!({
                    "group": schedule.groups.get(g.group).map(|x| x.code.as_str()),
                    "status": g.status.code(),
                    "next_dose": g.next_dose,
                    "earliest": g.earliest,
                    "recommended": g.recommended,
                    "past_due": g.past_due,
                    "products": g.products.iter().map(|p| code(*p)).collect::<Vec<_>>(),
                })
            })
            .collect();
        outln!(
            "{:#}",
            serde_json::json!({ "doses": doses, "groups": groups })
        );
        return Ok(ExitCode::SUCCESS);
    }
    let locales =
        Locales::load(Some(&profile.dir), &profile.country.languages).map_err(|e| e.to_string())?;
    let lang = locales.negotiate(a.lang.as_deref().unwrap_or(""));
    let text = |id: &str, args: &[(&str, FluentValue<'_>)]| locales.message_plain(lang, id, args);
    for (i, (g, e)) in given.iter().zip(&result.doses).enumerate() {
        let n = i64::try_from(i + 1).unwrap_or(0);
        let reason = e.reason.map_or(String::new(), |r| {
            text(
                &format!("forecast-reason-{}", r.code().replace('_', "-")),
                &[],
            )
        });
        let id = if e.is_valid() {
            "forecast-dose-valid"
        } else {
            "forecast-dose-not-valid"
        };
        outln!(
            "{}",
            text(
                id,
                &[
                    ("number", FluentValue::from(n)),
                    ("date", FluentValue::from(g.date.to_string())),
                    ("product", FluentValue::from(code(g.product))),
                    ("reason", FluentValue::from(reason)),
                ]
            )
        );
    }
    for g in &result.groups {
        let name = schedule.groups.get(g.group).map_or("", |x| x.name.as_str());
        let status = text(
            &format!("forecast-status-{}", g.status.code().replace('_', "-")),
            &[],
        );
        let day = |d: Option<chrono::NaiveDate>| {
            FluentValue::from(d.map_or(String::new(), |d| d.to_string()))
        };
        let due = if g.past_due.is_some() {
            "forecast-group-due-until"
        } else {
            "forecast-group-due"
        };
        let line = match (g.next_dose, g.earliest) {
            (Some(n), Some(_)) => text(
                due,
                &[
                    ("group", FluentValue::from(name)),
                    ("dose", FluentValue::from(i64::from(n))),
                    ("earliest", day(g.earliest)),
                    ("recommended", day(g.recommended)),
                    ("past_due", day(g.past_due)),
                ],
            ),
            _ => text(
                "forecast-group-status",
                &[
                    ("group", FluentValue::from(name)),
                    ("status", FluentValue::from(status)),
                ],
            ),
        };
        outln!("{line}");
    }
    Ok(ExitCode::SUCCESS)
}
