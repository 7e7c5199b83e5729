//! `vaxkit demo`: fills a pilot database with example facilities and a week of sessions,
//! so the citizen API can be tried end to end before real facilities are imported.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Days;
use clap::Args;
use vaxkit_store::repo::{facilities, regions, sessions};
use vaxkit_store::{DatabaseUrl, Secrets, Store, StoreError};

/// Options of `vaxkit demo`.
#[derive(Args)]
pub struct DemoArgs {
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

/// Runs `vaxkit demo`: facilities `DEMO-1`.. and, for each day, one session per vaccine
/// in use that day, offering every dose. Running it again adds nothing twice.
pub fn run(args: DemoArgs) -> Result<ExitCode, String> {
    let profile = super::load_profile(&args.profile)?;
    let url = DatabaseUrl::parse(&args.database).map_err(|e| e.to_string())?;
    // Demo data holds no identity numbers, so no secret key is needed.
    let store =
        Store::open(&url, Secrets::from_master(&[0u8; 32]), 1).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    let now = chrono::Utc::now();
    let today = profile.local_date(now);
    let deepest = profile.regions.levels.len().saturating_sub(1);
    let places: Vec<_> = profile
        .regions
        .list
        .iter()
        .filter(|r| r.level == deepest)
        .take(args.facilities)
        .collect();
    let (mut made_facilities, mut made_sessions) = (0, 0);
    store
        .write(|c| {
            regions::sync(c, &profile.regions)?;
            for (i, region) in places.iter().enumerate() {
                let code = format!("DEMO-{}", i + 1);
                if facilities::by_code(c, &code)?.is_some() {
                    continue;
                }
                let ids = regions::ids_by_code(c, &[region.code.as_str()])?;
                let Some(region_id) = ids.get(&region.code).copied() else {
                    continue;
                };
                let f = facilities::insert(
                    c,
                    &facilities::NewFacility {
                        code,
                        name: format!("{} Vaccination Centre", region.name),
                        address: format!("Main Road, {}", region.name),
                        region_id,
                        postal_code: None,
                        latitude: None,
                        longitude: None,
                    },
                    now.naive_utc(),
                )?;
                made_facilities += 1;
                for day in 0..args.days {
                    let Some(date) = today.checked_add_days(Days::new(day)) else {
                        continue;
                    };
                    for v in profile
                        .vaccines
                        .iter()
                        .filter(|v| v.available.contains(date))
                    {
                        let min_age = v
                            .ages
                            .iter()
                            .find(|a| a.period.contains(date))
                            .map_or(0, |a| a.min_years);
                        sessions::insert(
                            c,
                            &sessions::NewSession {
                                facility_id: f.id,
                                date,
                                vaccine: v.code.clone(),
                                doses: (1..=v.doses + v.boosters).collect(),
                                min_age: i64::from(min_age),
                                max_age: None,
                                capacity_online: args.capacity,
                                capacity_walk_in: args.capacity,
                                slots: vec![
                                    "09:00-11:00".into(),
                                    "11:00-13:00".into(),
                                    "14:00-16:00".into(),
                                ],
                                fee: 0,
                            },
                            now.naive_utc(),
                        )?;
                        made_sessions += 1;
                    }
                }
            }
            Ok::<_, StoreError>(())
        })
        .map_err(|e| e.to_string())?;
    outln!(
        "{}: {made_facilities} demo facilit{} and {made_sessions} session{} added",
        store.describe(),
        if made_facilities == 1 { "y" } else { "ies" },
        if made_sessions == 1 { "" } else { "s" }
    );
    Ok(ExitCode::SUCCESS)
}
