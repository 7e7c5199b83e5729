//! `vaxkit demo`: fills a pilot database with example facilities and a week of sessions,
//! so the citizen API can be tried end to end before real facilities are imported. The
//! facilities and sessions are made by the same use cases an administrator calls
//! ([`vaxkit_core::facilities::create`], [`vaxkit_core::planning::plan`]), acting as the
//! operator.

pub mod seed;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Days;
use clap::{Args, Subcommand};
use vaxkit_core::facilities::{self, FacilityInput};
use vaxkit_core::planning::{self, Plan};
use vaxkit_core::{Actor, ErrorCode};

/// Options of `vaxkit demo`.
#[derive(Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct DemoArgs {
    /// `seed`; without one, the example facilities and sessions.
    #[command(subcommand)]
    command: Option<DemoCommand>,
    /// Profile folder.
    #[arg(long, default_value = super::DEFAULT_PROFILE)]
    profile: PathBuf,
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
    /// How many facilities to create (one per region of the lowest level, in file order).
    #[arg(long, default_value_t = 5)]
    facilities: usize,
    /// Days of sessions from today.
    #[arg(long, default_value_t = 7)]
    days: u64,
    /// Online places per session.
    #[arg(long, default_value_t = 50)]
    capacity: i64,
}

/// What `vaxkit demo` does besides its example facilities.
#[derive(Subcommand)]
pub enum DemoCommand {
    /// Fill a database with a population for load tests: facilities, sessions, people, doses
    /// and appointments, in bulk.
    Seed(seed::SeedArgs),
}

/// Runs `vaxkit demo`: facilities `DEMO-1`.. and, for each day, one session per vaccine
/// in use that day, offering every dose, with as many places again kept for walk-ins.
/// Running it again adds nothing twice.
pub fn run(args: DemoArgs) -> Result<ExitCode, String> {
    if let Some(DemoCommand::Seed(seed)) = args.command {
        return seed::run(seed);
    }
    let core = super::open_core(&args.profile, &args.database)?;
    let profile = &core.profile;
    let now = core.clock.now();
    let today = core.today(now);
    let deepest = profile.regions.levels.len().saturating_sub(1);
    let places: Vec<_> = profile
        .regions
        .list
        .iter()
        .filter(|r| r.level == deepest)
        .take(args.facilities)
        .collect();
    let refusal = |e: vaxkit_core::Error| super::refusal(&core, &e);
    let (mut made_facilities, mut made_sessions) = (0, 0);
    for (i, region) in places.iter().enumerate() {
        let code = format!("DEMO-{}", i + 1);
        let input = FacilityInput {
            code: code.clone(),
            name: format!("{} Vaccination Centre", region.name),
            address: format!("Main Road, {}", region.name),
            region: region.code.clone(),
            postal_code: None,
            latitude: None,
            longitude: None,
        };
        match facilities::create(&core, &Actor::Cli, input, now) {
            Ok(_) => made_facilities += 1,
            Err(e) if e.code() == ErrorCode::FacilityExists => continue,
            Err(e) => return Err(refusal(e)),
        }
        for day in 0..args.days {
            let Some(date) = today.checked_add_days(Days::new(day)) else {
                continue;
            };
            for plan in plans(profile, &code, date, date, args.capacity.saturating_mul(2)) {
                made_sessions += planning::plan(&core, &Actor::Cli, &plan, now)
                    .map_err(refusal)?
                    .len();
            }
        }
    }
    outln!(
        "{}: {made_facilities} demo facilit{} and {made_sessions} session{} added",
        core.store.describe(),
        if made_facilities == 1 { "y" } else { "ies" },
        if made_sessions == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}

/// The demo's sessions at a facility from `from` to `until`: one plan per vaccine offered on
/// `from`, for every dose and booster, from the youngest age allowed then, in three slots.
fn plans(
    profile: &vaxkit_profile::Profile,
    facility: &str,
    from: chrono::NaiveDate,
    until: chrono::NaiveDate,
    capacity: i64,
) -> Vec<Plan> {
    profile
        .vaccines
        .iter()
        .filter(|v| v.available.contains(from))
        .map(|v| Plan {
            facility: facility.to_owned(),
            from,
            until,
            vaccine: v.code.clone(),
            doses: (1..=v.doses + v.boosters).collect(),
            min_age: i64::from(
                v.ages
                    .iter()
                    .find(|a| a.period.contains(from))
                    .map_or(0, |a| a.min_years),
            ),
            max_age: None,
            capacity,
            walk_in_share: Some(0.5),
            slots: vec![
                "09:00-11:00".into(),
                "11:00-13:00".into(),
                "14:00-16:00".into(),
            ],
            fee: None,
        })
        .collect()
}
