//! `vaxkit id check`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// ID subcommands.
#[derive(Subcommand)]
pub enum IdCommand {
    /// Check a number: its normalised and masked forms, valid or why not. Without
    /// --scheme every scheme of the profile is tried and the matches listed.
    Check {
        /// Profile folder.
        #[arg(long)]
        profile: PathBuf,
        /// ID scheme id (see `vaxkit profile show`).
        #[arg(long)]
        scheme: Option<String>,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// The number, as a person would type it.
        number: String,
    },
}

/// Runs an ID subcommand.
pub fn run(command: IdCommand) -> Result<ExitCode, String> {
    let IdCommand::Check {
        profile,
        scheme,
        json,
        number,
    } = command;
    let profile = super::load_profile(&profile)?;
    let schemes: Vec<_> = match &scheme {
        Some(id) => vec![profile.id_scheme(id).ok_or_else(|| {
            let ids: Vec<&str> = profile.id_schemes.iter().map(|s| s.id.as_str()).collect();
            format!(
                "unknown ID scheme `{id}`; this profile has: {}",
                ids.join(", ")
            )
        })?],
        None => profile.id_schemes.iter().collect(),
    };
    let checks: Vec<_> = schemes.iter().map(|s| (s, s.check(&number))).collect();
    let any_valid = checks.iter().any(|(_, c)| c.result.is_ok());
    if json {
        let results: Vec<serde_json::Value> = checks
            .iter()
            .map(|(s, c)| {
                serde_json::json!({
                    "scheme": s.id,
                    "valid": c.result.is_ok(),
                    "normalized": c.normalized,
                    "masked": c.masked,
                    "reason": c.result.as_ref().err().map(|p| p.message_id().trim_start_matches("id-").replace('-', "_")),
                })
            })
            .collect();
        let matches: Vec<&str> = checks
            .iter()
            .filter(|(_, c)| c.result.is_ok())
            .map(|(s, _)| s.id.as_str())
            .collect();
        let out = serde_json::json!({ "valid": any_valid, "matches": matches, "results": results });
        outln!("{out:#}");
    } else if scheme.is_some() {
        for (s, c) in &checks {
            match &c.result {
                Ok(()) => outln!(
                    "{}: valid\n  normalized: {}\n  masked: {}",
                    s.id,
                    c.normalized,
                    c.masked
                ),
                Err(p) => outln!(
                    "{}: invalid: {}\n  normalized: {}",
                    s.id,
                    p.describe(),
                    c.normalized
                ),
            }
        }
    } else {
        let matches: Vec<_> = checks.iter().filter(|(_, c)| c.result.is_ok()).collect();
        if matches.is_empty() {
            outln!("no scheme matches:");
            for (s, c) in &checks {
                outln!(
                    "  {}: {}",
                    s.id,
                    c.result
                        .as_ref()
                        .err()
                        .map(|p| p.describe())
                        .unwrap_or_default()
                );
            }
        } else {
            outln!(
                "matches {}:",
                if matches.len() == 1 {
                    "one scheme"
                } else {
                    "several schemes"
                }
            );
            for (s, c) in matches {
                outln!(
                    "  {}: {} (normalized {}, masked {})",
                    s.id,
                    s.name,
                    c.normalized,
                    c.masked
                );
            }
        }
    }
    Ok(if any_valid {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
