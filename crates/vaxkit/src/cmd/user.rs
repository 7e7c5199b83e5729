//! `vaxkit user add`: create a staff account from the command line — how an operator
//! creates the first national administrator. The same use case as `POST /api/v1/staff/users`
//! ([`vaxkit_core::staff::create`]), acting as the operator: the same checks, refusals and
//! audit record.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use vaxkit_core::staff::{self, NewStaff};
use vaxkit_core::{Actor, Role};

/// Environment variable holding the new account's password (otherwise read from stdin).
pub const PASSWORD_ENV: &str = "VAXKIT_USER_PASSWORD";

/// User subcommands.
#[derive(Subcommand)]
pub enum UserCommand {
    /// Create a staff account. The password comes from VAXKIT_USER_PASSWORD or the first
    /// line of standard input (at least 12 characters).
    Add(AddArgs),
}

/// Options of `vaxkit user add`.
#[derive(Args)]
pub struct AddArgs {
    /// Login name.
    #[arg(long)]
    username: String,
    /// Full name.
    #[arg(long)]
    name: String,
    /// national_admin, region_admin, facility_admin, vaccinator, verifier or auditor.
    #[arg(long)]
    role: String,
    /// Region scope (region_admin; optional for auditor).
    #[arg(long, conflicts_with = "facility")]
    region: Option<String>,
    /// Facility scope (facility_admin, vaccinator).
    #[arg(long)]
    facility: Option<String>,
    /// Profile folder.
    #[arg(long, default_value = super::DEFAULT_PROFILE)]
    profile: PathBuf,
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
}

/// Runs a user subcommand.
pub fn run(command: UserCommand) -> Result<ExitCode, String> {
    let UserCommand::Add(a) = command;
    let role = Role::parse(&a.role).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role `{}`; use one of: {}", a.role, all.join(", "))
    })?;
    let password = match std::env::var(PASSWORD_ENV) {
        Ok(p) => p,
        Err(_) => {
            let mut line = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut line)
                .map_err(|e| e.to_string())?;
            line.trim_end_matches(['\n', '\r']).to_string()
        }
    };
    let core = super::open_core(&a.profile, &a.database)?;
    let new = NewStaff {
        username: a.username,
        name: a.name,
        password,
        role,
        region: a.region,
        facility: a.facility,
    };
    let created = staff::create(&core, &Actor::Cli, new, core.clock.now())
        .map_err(|e| super::refusal(&core, &e))?;
    outln!(
        "created {} ({}) in {}",
        created.username,
        created.role,
        core.store.describe()
    );
    Ok(ExitCode::SUCCESS)
}
