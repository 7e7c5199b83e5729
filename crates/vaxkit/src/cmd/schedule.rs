//! `vaxkit schedule`: the schedule engine's answer for one person.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use vaxkit_i18n::Locales;
use vaxkit_profile::schedule::{self, Birth, PastDose};

/// Arguments of `vaxkit schedule`.
#[derive(Args)]
pub struct ScheduleArgs {
    /// Profile folder.
    #[arg(long)]
    profile: PathBuf,
    /// Product code of the vaccine to give next.
    #[arg(long)]
    vaccine: String,
    /// Year (1980) or date (1980-05-17) of birth.
    #[arg(long)]
    birth: String,
    /// A dose already given: N:YYYY-MM-DD[:PRODUCT] (product defaults to --vaccine); repeat per dose.
    #[arg(long = "dose", value_name = "N:DATE[:PRODUCT]")]
    doses: Vec<String>,
    /// The day to answer for (YYYY-MM-DD); today in the profile's time zone if left out.
    #[arg(long)]
    on: Option<String>,
    /// Language of the explanation; the profile's default if left out.
    #[arg(long)]
    lang: Option<String>,
    /// Print one JSON object instead of text.
    #[arg(long)]
    json: bool,
}

/// Runs `vaxkit schedule`. Exit 0 when the dose may be given, 1 when not.
pub fn run(a: ScheduleArgs) -> Result<ExitCode, String> {
    let profile = super::load_profile(&a.profile)?;
    let birth = parse_birth(&a.birth)?;
    let doses = parse_doses(&a.doses, &a.vaccine)?;
    let on = match &a.on {
        Some(s) => super::parse_date(s)?,
        None => super::today(&profile),
    };
    let answer =
        schedule::evaluate(&profile, &a.vaccine, birth, &doses, on).map_err(|e| e.to_string())?;

    let locales =
        Locales::load(Some(&profile.dir), &profile.country.languages).map_err(|e| e.to_string())?;
    let lang = locales.negotiate(a.lang.as_deref().unwrap_or(""));
    // The same words as the API's refusals: the core turns the answer into a message.
    let message = locales.render_plain(lang, &vaxkit_core::schedule::reason(&answer));

    if a.json {
        let mut out = serde_json::json!({
            "eligible": answer.eligible,
            "reason": answer.reason.code(),
            "message": message,
            "vaccine": answer.vaccine,
            "next_dose": answer.next_dose,
            "booster": answer.booster,
            "earliest": answer.earliest,
            "latest": answer.latest,
            "on": answer.on,
            "products": answer.products,
        });
        if let (Some(obj), Ok(serde_json::Value::Object(details))) =
            (out.as_object_mut(), serde_json::to_value(&answer.reason))
        {
            for (k, v) in details.into_iter().filter(|(k, _)| k != "code") {
                obj.insert(k, v);
            }
        }
        outln!("{out:#}");
    } else {
        outln!("{message}");
        outln!("  reason: {}", answer.reason.code());
        if let Some(n) = answer.next_dose {
            outln!(
                "  next dose: {n}{}",
                if answer.booster { " (booster)" } else { "" }
            );
        }
        if let Some(e) = answer.earliest {
            outln!("  earliest: {e}");
        }
        if let Some(l) = answer.latest {
            outln!("  latest: {l}");
        }
        if !answer.products.is_empty() {
            outln!("  products: {}", answer.products.join(", "));
        }
    }
    Ok(if answer.eligible {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn parse_birth(s: &str) -> Result<Birth, String> {
    if s.len() == 4 {
        return s
            .parse::<i32>()
            .map(Birth::Year)
            .map_err(|_| format!("`{s}` is not a year of birth"));
    }
    super::parse_date(s)
        .map(Birth::Date)
        .map_err(|_| format!("`{s}` is not a birth year (1980) or date (1980-05-17)"))
}

fn parse_doses(specs: &[String], default_product: &str) -> Result<Vec<PastDose>, String> {
    let mut doses: Vec<(u32, PastDose)> = Vec::new();
    for spec in specs {
        let mut parts = spec.splitn(3, ':');
        let (Some(n), Some(date)) = (parts.next(), parts.next()) else {
            return Err(format!("`{spec}` is not N:YYYY-MM-DD[:PRODUCT]"));
        };
        let n: u32 = n
            .parse()
            .map_err(|_| format!("`{spec}`: `{n}` is not a dose number"))?;
        let date = super::parse_date(date)?;
        let product = parts.next().unwrap_or(default_product).to_string();
        doses.push((n, PastDose { date, product }));
    }
    doses.sort_by_key(|(n, _)| *n);
    for (i, (n, _)) in doses.iter().enumerate() {
        if usize::try_from(*n).ok() != Some(i + 1) {
            return Err(format!(
                "doses must be numbered 1, 2, 3... without gaps; found dose {n} where dose {} was expected",
                i + 1
            ));
        }
    }
    Ok(doses.into_iter().map(|(_, d)| d).collect())
}
