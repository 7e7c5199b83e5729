//! `vaxkit locales check`: no silent language gaps.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

/// Locale subcommands.
#[derive(Subcommand)]
pub enum LocalesCommand {
    /// Check that every language of a profile has every message of the base locale,
    /// with the same variables (shipped locales merged with the profile's own); warn where a
    /// profile's own message reads exactly as the base language's.
    Check {
        /// Profile folder.
        #[arg(long)]
        profile: PathBuf,
        /// The locale others are compared with.
        #[arg(long, default_value = vaxkit_i18n::BASE_LANGUAGE)]
        base: String,
    },
}

/// Runs a locales subcommand.
pub fn run(command: LocalesCommand) -> Result<ExitCode, String> {
    let LocalesCommand::Check { profile, base } = command;
    let p = super::load_profile(&profile)?;
    let gaps = vaxkit_i18n::check_completeness(Some(&profile), &p.country.languages, &base)
        .map_err(|e| e.to_string())?;
    // Complete is not translated: a profile's own message left in the base language shows
    // only here, as a warning.
    let same = vaxkit_i18n::same_as_base(&profile, &p.country.languages, &base)
        .map_err(|e| e.to_string())?;
    for w in &same {
        eprintln!("warning: {w}");
    }
    if gaps.is_empty() {
        outln!(
            "{}: OK ({} compared with {base})",
            profile.display(),
            p.country.languages.join(", ")
        );
        Ok(ExitCode::SUCCESS)
    } else {
        for g in &gaps {
            eprintln!("{g}");
        }
        eprintln!(
            "{}: {} gap{}",
            profile.display(),
            gaps.len(),
            if gaps.len() == 1 { "" } else { "s" }
        );
        Ok(ExitCode::from(1))
    }
}
