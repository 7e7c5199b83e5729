//! The `vaxkit` command: how an operator checks a country profile, asks the schedule
//! engine, checks ID numbers and locales — and, as the platform grows, serves it.

mod cmd;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// vaxkit: a vaccination-management platform any country can run from a country profile.
#[derive(Parser)]
#[command(name = "vaxkit", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check or describe country profiles.
    #[command(subcommand)]
    Profile(cmd::profile::ProfileCommand),
    /// Check identity numbers against a profile's ID schemes.
    #[command(subcommand)]
    Id(cmd::id::IdCommand),
    /// Ask the schedule engine whether a person may have the next dose.
    Schedule(cmd::schedule::ScheduleArgs),
    /// Check the Fluent locale files a profile uses.
    #[command(subcommand)]
    Locales(cmd::locales::LocalesCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Profile(c) => cmd::profile::run(c),
        Command::Id(c) => cmd::id::run(c),
        Command::Schedule(a) => cmd::schedule::run(a),
        Command::Locales(c) => cmd::locales::run(c),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
