//! `vaxkit import facilities FILE.csv`: load or refresh facilities from a CSV file,
//! keyed by facility code, so a file can be imported again after corrections. The file is read
//! and imported by the core ([`vaxkit_core::facilities::file`]), as the administrator's import
//! page does; each row goes through the same checks as a facility an administrator creates.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};
use vaxkit_core::Actor;
use vaxkit_core::facilities::file as facility_file;

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

/// Runs an import subcommand.
pub fn run(command: ImportCommand) -> Result<ExitCode, String> {
    let ImportCommand::Facilities {
        file,
        profile,
        database,
    } = command;
    let text = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
    let rows =
        facility_file::read(&text).map_err(|e| format!("{}: {}", file.display(), e.describe()))?;
    let core = super::open_core(&profile, &database)?;

    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} facilities")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let report = facility_file::import(&core, &Actor::Cli, &rows, core.clock.now(), |n| {
        bar.inc(n as u64);
    })
    .map_err(|e| super::refusal(&core, &e))?;
    bar.finish_and_clear();
    for rejection in &report.rejected {
        eprintln!(
            "{}: line {}: {}",
            file.display(),
            rejection.line,
            rejection.problem.describe()
        );
    }
    outln!(
        "{}: {} added, {} updated, {} unchanged, {} rejected",
        file.display(),
        report.added,
        report.updated,
        report.unchanged,
        report.rejected.len()
    );
    Ok(if report.rejected.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
