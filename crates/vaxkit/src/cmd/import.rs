//! `vaxkit import facilities FILE.csv`: load or refresh facilities from a CSV file,
//! keyed by facility code, so a file can be imported again after corrections.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use vaxkit_server::api::admin::facilities::FacilityInput;
use vaxkit_store::repo::{audit, facilities, regions};
use vaxkit_store::{DatabaseUrl, Secrets, Store, StoreError};

/// The columns of a facilities file, in order.
pub const FACILITY_COLUMNS: [&str; 7] = [
    "code",
    "name",
    "address",
    "region",
    "postal_code",
    "latitude",
    "longitude",
];

/// Import subcommands.
#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import facilities from CSV (columns code,name,address,region,postal_code,latitude,longitude;
    /// `#` lines are comments). New codes are added, known codes updated; rejected rows are
    /// listed with their line and reason, and make the exit status 1.
    Facilities {
        /// The CSV file.
        file: PathBuf,
        /// Profile folder (regions and the postal code rule).
        #[arg(long, default_value = super::DEFAULT_PROFILE)]
        profile: PathBuf,
        /// Database: postgres://user@host/db or sqlite:PATH.
        #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
        database: String,
    },
}

/// What happened to the rows.
#[derive(Debug, Default)]
struct Tally {
    added: usize,
    updated: usize,
    unchanged: usize,
    rejected: Vec<String>,
}

/// Runs an import subcommand.
pub fn run(command: ImportCommand) -> Result<ExitCode, String> {
    let ImportCommand::Facilities {
        file,
        profile,
        database,
    } = command;
    let profile = super::load_profile(&profile)?;
    let text = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let rows = parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let url = DatabaseUrl::parse(&database).map_err(|e| e.to_string())?;
    // Facilities hold no identity numbers, so no secret key is needed.
    let store =
        Store::open(&url, Secrets::from_master(&[0u8; 32]), 1).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    store
        .write(|c| regions::sync(c, &profile.regions))
        .map_err(|e| e.to_string())?;

    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} facilities")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let now = chrono::Utc::now().naive_utc();
    let mut tally = Tally::default();
    // One transaction per chunk keeps a large file fast without holding one huge transaction.
    for chunk in rows.chunks(500) {
        store
            .write(|c| {
                for (line, row) in chunk {
                    bar.inc(1);
                    let input = match row
                        .clone()
                        .and_then(|r| r.check(&profile).map_err(|p| p.describe().to_string()))
                    {
                        Ok(input) => input,
                        Err(reason) => {
                            tally.rejected.push(format!("line {line}: {reason}"));
                            continue;
                        }
                    };
                    let Some(region_id) = regions::ids_by_code(c, &[input.region.as_str()])?
                        .get(&input.region)
                        .copied()
                    else {
                        tally
                            .rejected
                            .push(format!("line {line}: the region is not in the profile"));
                        continue;
                    };
                    match facilities::by_code(c, &input.code)? {
                        None => {
                            facilities::insert(
                                c,
                                &facilities::NewFacility {
                                    code: input.code.clone(),
                                    name: input.name.clone(),
                                    address: input.address.clone(),
                                    region_id,
                                    postal_code: input.postal_code.clone(),
                                    latitude: input.latitude,
                                    longitude: input.longitude,
                                },
                                now,
                            )?;
                            tally.added += 1;
                            record(c, now, "facility.import.add", &input.code)?;
                        }
                        Some((f, _))
                            if f.name == input.name
                                && f.address == input.address
                                && f.region_id == region_id
                                && f.postal_code == input.postal_code
                                && f.latitude == input.latitude
                                && f.longitude == input.longitude =>
                        {
                            tally.unchanged += 1;
                        }
                        Some((f, _)) => {
                            facilities::update(
                                c,
                                f.id,
                                &facilities::FacilityChange {
                                    name: Some(input.name.clone()),
                                    address: Some(input.address.clone()),
                                    region_id: Some(region_id),
                                    postal_code: Some(input.postal_code.clone()),
                                    latitude: Some(input.latitude),
                                    longitude: Some(input.longitude),
                                    active: None,
                                },
                            )?;
                            tally.updated += 1;
                            record(c, now, "facility.import.update", &input.code)?;
                        }
                    }
                }
                Ok::<_, StoreError>(())
            })
            .map_err(|e| e.to_string())?;
    }
    bar.finish_and_clear();
    for r in &tally.rejected {
        eprintln!("{}: {r}", file.display());
    }
    outln!(
        "{}: {} added, {} updated, {} unchanged, {} rejected",
        file.display(),
        tally.added,
        tally.updated,
        tally.unchanged,
        tally.rejected.len()
    );
    Ok(if tally.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn record(
    c: &mut vaxkit_store::DbConnection,
    now: chrono::NaiveDateTime,
    action: &str,
    code: &str,
) -> Result<(), StoreError> {
    audit::append(
        c,
        now,
        audit::Event {
            actor: "cli",
            action,
            entity: "facility",
            entity_ref: code,
            before: None,
            after: None,
        },
    )
}

/// A row of the file: its line, and the facility or why it cannot be read.
type Row = (u64, Result<FacilityInput, String>);

/// The rows of the file with their line numbers; a row that cannot be read is kept as
/// its reason, so every problem is reported with its line.
fn parse(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .flexible(true)
        .from_reader(bytes);
    let header = reader.headers().map_err(|e| e.to_string())?.clone();
    if header
        .iter()
        .map(str::trim)
        .ne(FACILITY_COLUMNS.iter().copied())
    {
        return Err(format!(
            "the first row must be `{}`",
            FACILITY_COLUMNS.join(",")
        ));
    }
    let text = String::from_utf8_lossy(bytes);
    let line_of = |byte: u64| {
        let end = usize::try_from(byte).unwrap_or(usize::MAX).min(text.len());
        // The reader's byte offset may sit on the previous line's end or on a comment.
        let mut line = 1 + text.get(..end).map_or(0, |s| s.matches('\n').count()) as u64;
        let lines: Vec<&str> = text.lines().collect();
        while lines
            .get(usize::try_from(line).unwrap_or(0).saturating_sub(1))
            .is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            line += 1;
        }
        line
    };
    let mut rows = Vec::new();
    for record in reader.records() {
        match record {
            Err(e) => {
                let line = e.position().map_or(0, |p| line_of(p.byte()));
                rows.push((line, Err(format!("cannot be read: {e}"))));
            }
            Ok(r) => {
                let line = r.position().map_or(0, |p| line_of(p.byte()));
                if r.len() != FACILITY_COLUMNS.len() {
                    rows.push((
                        line,
                        Err(format!(
                            "has {} fields, the header has {}",
                            r.len(),
                            FACILITY_COLUMNS.len()
                        )),
                    ));
                    continue;
                }
                let field = |i: usize| r.get(i).unwrap_or("").trim().to_string();
                let number = |i: usize| -> Result<Option<f64>, String> {
                    let v = field(i);
                    if v.is_empty() {
                        Ok(None)
                    } else {
                        v.parse::<f64>()
                            .map(Some)
                            .map_err(|_| format!("`{v}` is not a number"))
                    }
                };
                let row = (|| {
                    Ok(FacilityInput {
                        code: field(0),
                        name: field(1),
                        address: field(2),
                        region: field(3),
                        postal_code: Some(field(4)).filter(|p| !p.is_empty()),
                        latitude: number(5)?,
                        longitude: number(6)?,
                    })
                })();
                rows.push((line, row));
            }
        }
    }
    Ok(rows)
}
