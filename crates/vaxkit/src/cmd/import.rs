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

use super::facility_csv::parse;

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
