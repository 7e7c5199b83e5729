//! `vaxkit user add`: create a staff account from the command line — how an operator
//! creates the first national administrator.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use vaxkit_server::staff::{Role, check_password_strength, check_scope, hash_password};
use vaxkit_store::repo::{audit, facilities, staff};
use vaxkit_store::{DatabaseUrl, Secrets, Store, StoreError};

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
    let profile = super::load_profile(&a.profile)?;
    let role = Role::parse(&a.role).ok_or_else(|| {
        let all: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role `{}`; use one of: {}", a.role, all.join(", "))
    })?;
    check_scope(&profile, role, a.region.as_deref(), a.facility.as_deref())?;
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
    check_password_strength(&password)?;
    let hash = hash_password(&password)?;
    let url = DatabaseUrl::parse(&a.database).map_err(|e| e.to_string())?;
    // Staff accounts hold no identity numbers, so no secret key is needed.
    let store =
        Store::open(&url, Secrets::from_master(&[0u8; 32]), 1).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    let now = chrono::Utc::now().naive_utc();
    let created = store.write(|c| {
        if let Some(f) = &a.facility
            && facilities::by_code(c, f)?.is_none()
        {
            return Ok(Err(format!(
                "facility `{f}` does not exist; import facilities first"
            )));
        }
        let new = staff::NewStaff {
            username: a.username.clone(),
            name: a.name.clone(),
            password_hash: hash,
            role: role.as_str().to_string(),
            region_code: a.region.clone(),
            facility_code: a.facility.clone(),
        };
        match staff::insert(c, &new, now) {
            Err(e) if e.is_unique_violation() => {
                return Ok(Err(format!("username `{}` is already taken", a.username)));
            }
            other => other?,
        };
        audit::append(
            c,
            now,
            audit::Event {
                actor: "cli",
                action: "staff.create",
                entity: "staff",
                entity_ref: &a.username,
                before: None,
                after: Some(format!("{{\"role\":\"{}\"}}", role.as_str())),
            },
        )?;
        Ok::<_, StoreError>(Ok(()))
    });
    created.map_err(|e| e.to_string())??;
    outln!(
        "created {} ({}) in {}",
        a.username,
        role.as_str(),
        store.describe()
    );
    Ok(ExitCode::SUCCESS)
}
