//! `vaxkit import facilities FILE.csv`: load or refresh facilities from a CSV file,
//! keyed by facility code, so a file can be imported again after corrections. Each row goes
//! through the same checks as a facility an administrator creates
//! ([`vaxkit_core::facilities::import`]).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use vaxkit_core::Actor;
use vaxkit_core::facilities::{self, FacilityInput, Imported};

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
    rejected: Vec<(u64, String)>,
}

/// Runs an import subcommand.
pub fn run(command: ImportCommand) -> Result<ExitCode, String> {
    let ImportCommand::Facilities {
        file,
        profile,
        database,
    } = command;
    let text = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let rows = parse(&text).map_err(|e| format!("{}: {e}", file.display()))?;
    let core = super::open_core(&profile, &database)?;

    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} facilities")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut tally = Tally::default();
    // One transaction per chunk keeps a large file fast without holding one huge transaction.
    for chunk in rows.chunks(500) {
        let mut readable = Vec::new();
        for (line, row) in chunk {
            match row {
                Ok(input) => readable.push((*line, input.clone())),
                Err(reason) => tally.rejected.push((*line, reason.clone())),
            }
        }
        let inputs: Vec<FacilityInput> = readable.iter().map(|(_, i)| i.clone()).collect();
        let outcomes = facilities::import(&core, &Actor::Cli, &inputs, core.clock.now())
            .map_err(|e| super::refusal(&core, &e))?;
        for ((line, _), outcome) in readable.iter().zip(outcomes) {
            match outcome {
                Ok(Imported::Added) => tally.added += 1,
                Ok(Imported::Updated) => tally.updated += 1,
                Ok(Imported::Unchanged) => tally.unchanged += 1,
                Err(problem) => tally.rejected.push((*line, problem.describe().to_string())),
            }
        }
        bar.inc(chunk.len() as u64);
    }
    bar.finish_and_clear();
    tally.rejected.sort_by_key(|(line, _)| *line);
    for (line, reason) in &tally.rejected {
        eprintln!("{}: line {line}: {reason}", file.display());
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
