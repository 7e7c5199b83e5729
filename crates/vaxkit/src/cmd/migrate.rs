//! `vaxkit migrate`: applies the database migrations this release carries, and says which.

use std::process::ExitCode;

use clap::Args;
use vaxkit_store::{DatabaseUrl, Store};

/// Options of `vaxkit migrate`.
#[derive(Args)]
pub struct MigrateArgs {
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
}

/// Runs `vaxkit migrate`.
pub fn run(args: MigrateArgs) -> Result<ExitCode, String> {
    let url = DatabaseUrl::parse(&args.database).map_err(|e| e.to_string())?;
    // Migrations change the schema and need no secret key (and do not create one), except to
    // seal the mobile numbers and security codes an older release stored in plain text: then
    // the configured key is used, and another key than the database's is refused.
    let store =
        Store::open(&url, super::configured_secrets(&url)?, 1).map_err(|e| e.to_string())?;
    let applied = store.migrate().map_err(|e| e.to_string())?;
    if applied.is_empty() {
        outln!("{}: up to date, no migration to apply", store.describe());
    } else {
        for version in &applied {
            outln!("applied {version}");
        }
        outln!(
            "{}: {} migration{} applied",
            store.describe(),
            applied.len(),
            if applied.len() == 1 { "" } else { "s" }
        );
    }
    Ok(ExitCode::SUCCESS)
}
