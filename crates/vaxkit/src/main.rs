//! The `vaxkit` command: how an operator checks a country profile, asks the schedule
//! engine, checks ID numbers and locales — and, as the platform grows, serves it.

/// Like `println!`, but a closed pipe (`vaxkit profile show ... | head`) ends the output
/// quietly instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

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
    /// Judge each dose a person had and forecast the next dose of every vaccine group.
    Forecast(cmd::forecast::ForecastArgs),
    /// Check the Fluent locale files a profile uses.
    #[command(subcommand)]
    Locales(cmd::locales::LocalesCommand),
    /// Serve the API and the web pages: check the profile, open and migrate the database, listen until SIGTERM.
    Serve(cmd::serve::ServeArgs),
    /// Apply the database migrations and print which were applied.
    Migrate(cmd::migrate::MigrateArgs),
    /// Import data from files (facilities).
    #[command(subcommand)]
    Import(cmd::import::ImportCommand),
    /// Manage staff accounts.
    #[command(subcommand)]
    User(cmd::user::UserCommand),
    /// Make, rotate and show the keys that sign vaccination certificates.
    #[command(subcommand)]
    Keys(cmd::keys::KeysCommand),
    /// Verify vaccination certificates (EU DCC, SMART Health Card) offline.
    #[command(subcommand)]
    Cert(cmd::cert::CertCommand),
    /// Deliver the notification outbox, or send a test message through the profile's gateway.
    #[command(subcommand)]
    Notify(cmd::notify::NotifyCommand),
    /// Add example facilities and a week of sessions to a pilot database, to try the API.
    Demo(cmd::demo::DemoArgs),
    /// Move a database between SQLite and PostgreSQL, or summarise one, table by table.
    #[command(subcommand)]
    Db(cmd::db::DbCommand),
    /// Write a backup of the database (either backend) to a new file.
    Backup(cmd::db::BackupArgs),
    /// Restore a backup into an empty database (either backend).
    Restore(cmd::db::RestoreArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Profile(c) => cmd::profile::run(c),
        Command::Id(c) => cmd::id::run(c),
        Command::Schedule(a) => cmd::schedule::run(a),
        Command::Forecast(a) => cmd::forecast::run(a),
        Command::Locales(c) => cmd::locales::run(c),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Migrate(a) => cmd::migrate::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::User(c) => cmd::user::run(c),
        Command::Import(c) => cmd::import::run(c),
        Command::Keys(c) => cmd::keys::run(c),
        Command::Cert(c) => cmd::cert::run(c),
        Command::Notify(c) => cmd::notify::run(c),
        Command::Db(c) => cmd::db::run(c),
        Command::Backup(a) => cmd::db::backup(a),
        Command::Restore(a) => cmd::db::restore(a),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}
