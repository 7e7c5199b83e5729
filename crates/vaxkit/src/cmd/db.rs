//! `vaxkit db copy`, `db summary`, `db rekey`, `vaxkit backup` and `vaxkit restore`: moving a
//! pilot's SQLite database to PostgreSQL (or back), backups of either backend, every table
//! checked by its row count and checksum, and rotating the server key.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use vaxkit_store::DatabaseUrl;
use vaxkit_store::transfer::{self, TableSummary};

/// `vaxkit db ...`.
#[derive(Subcommand)]
pub enum DbCommand {
    /// Copy every row of every table into an empty database (migrated first), and check each
    /// table by its row count and checksum.
    Copy(CopyArgs),
    /// Print each table's row count and checksum (the same for the same data on either backend).
    Summary(SummaryArgs),
    /// Rotate the server key: re-hash and re-seal every protected value under a new key, in
    /// one transaction (stop every server first).
    Rekey(RekeyArgs),
}

/// Options of `vaxkit db copy`.
#[derive(Args)]
pub struct CopyArgs {
    /// The database to read: sqlite:PATH or postgres://user@host/db.
    #[arg(long)]
    from: String,
    /// The database to fill: a new SQLite file, or an existing PostgreSQL database without data.
    #[arg(long)]
    to: String,
}

/// Options of `vaxkit db summary`.
#[derive(Args)]
pub struct SummaryArgs {
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
}

/// Options of `vaxkit db rekey`.
#[derive(Args)]
pub struct RekeyArgs {
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
    /// A file holding the new key: 32 bytes, hex or base64 (`openssl rand -hex 32 > new.key`).
    #[arg(long)]
    new_key_file: PathBuf,
}

/// Options of `vaxkit backup`.
#[derive(Args)]
pub struct BackupArgs {
    /// Database: postgres://user@host/db or sqlite:PATH.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true, default_value = super::DEFAULT_DATABASE)]
    database: String,
    /// The backup file to write (a SQLite file; it must not exist).
    #[arg(long)]
    to: PathBuf,
}

/// Options of `vaxkit restore`.
#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file (made by `vaxkit backup`).
    #[arg(long)]
    from: PathBuf,
    /// The database to restore into: a new SQLite file, or a PostgreSQL database without data.
    #[arg(long, env = "DATABASE_URL", hide_env_values = true)]
    database: String,
}

/// Runs `vaxkit db ...`.
pub fn run(command: DbCommand) -> Result<ExitCode, String> {
    match command {
        DbCommand::Copy(args) => {
            let from = parse(&args.from)?;
            let to = parse(&args.to)?;
            outln!("copying {} to {}", from.redacted(), to.redacted());
            let report =
                transfer::copy(&from, &to, &mut |t| print_table(t)).map_err(|e| e.to_string())?;
            for version in &report.migrations {
                outln!("applied {version} to the target first");
            }
            outln!(
                "{} tables, {} rows copied; every table has the same rows and checksum in {}",
                report.tables.len(),
                report.tables.iter().map(|t| t.rows).sum::<u64>(),
                to.redacted()
            );
            outln!(
                "the copy needs the same secret key as the source (VAXKIT_SECRET_KEY or its file) \
                 and the same certificate signing keys (VAXKIT_KEYS_DIR)"
            );
            Ok(ExitCode::SUCCESS)
        }
        DbCommand::Rekey(args) => rekey(args),
        DbCommand::Summary(args) => {
            let url = parse(&args.database)?;
            for table in transfer::summarize(&url).map_err(|e| e.to_string())? {
                print_table(&table);
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Runs `vaxkit db rekey`: the current key from where the server reads it, the new one from
/// `--new-key-file`; a SQLite database's key file beside it is replaced once the rotation is
/// committed.
fn rekey(args: RekeyArgs) -> Result<ExitCode, String> {
    use vaxkit_store::{KeySource, Secrets, Store, keys};
    let url = parse(&args.database)?;
    let sqlite_path = match &url {
        DatabaseUrl::Sqlite(path) => Some(path.as_path()),
        DatabaseUrl::Postgres(_) => None,
    };
    let (old, source) = Secrets::load_existing(sqlite_path)
        .map_err(|e| e.to_string())?
        .ok_or_else(|| {
            format!(
                "no current secret key: set {} or {} to the key {} uses now",
                keys::KEY_ENV,
                keys::KEY_FILE_ENV,
                url.redacted()
            )
        })?;
    let master = keys::read_master_key(&args.new_key_file).map_err(|e| e.to_string())?;
    let store = Store::open(&url, old, 1).map_err(|e| e.to_string())?;
    store.migrate().map_err(|e| e.to_string())?;
    let report = store
        .rekey(&Secrets::from_master(&master))
        .map_err(|e| e.to_string())?;
    outln!(
        "beneficiaries      {:>10} identity numbers",
        report.beneficiaries
    );
    outln!("accounts           {:>10} mobile numbers", report.accounts);
    outln!(
        "otp_challenges     {:>10} mobile numbers, {} open login codes closed",
        report.otp_challenges,
        report.otp_challenges_closed
    );
    outln!(
        "appointments       {:>10} security codes",
        report.appointments
    );
    outln!("outbox             {:>10} messages", report.outbox);
    outln!(
        "sms_conversations  {:>10} conversations ended",
        report.sms_conversations_dropped
    );
    outln!(
        "{} now uses the new key; the old one opens nothing in it.",
        url.redacted()
    );
    match source {
        KeySource::Existing(path) | KeySource::Created(path) => {
            keys::replace_key_file(&path, &master).map_err(|e| {
                format!(
                    "{e}. The database already uses the key in {}: copy it to {} by hand",
                    args.new_key_file.display(),
                    path.display()
                )
            })?;
            outln!("{} now holds the new key.", path.display());
        }
        KeySource::Env | KeySource::File(_) => outln!(
            "Start the servers with the new key: {}={} (or {} set to its contents).",
            keys::KEY_FILE_ENV,
            args.new_key_file.display(),
            keys::KEY_ENV
        ),
    }
    outln!("Backups made before now still need the old key: keep it as long as them.");
    Ok(ExitCode::SUCCESS)
}

/// Runs `vaxkit backup`.
pub fn backup(args: BackupArgs) -> Result<ExitCode, String> {
    let url = parse(&args.database)?;
    let tables = transfer::backup(&url, &args.to).map_err(|e| e.to_string())?;
    for table in &tables {
        print_table(table);
    }
    outln!(
        "backed up {} to {}: {} tables, {} rows. Keep the secret key and the signing keys \
         with it: the backup cannot be used without them.",
        url.redacted(),
        args.to.display(),
        tables.len(),
        tables.iter().map(|t| t.rows).sum::<u64>()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `vaxkit restore`.
pub fn restore(args: RestoreArgs) -> Result<ExitCode, String> {
    let url = parse(&args.database)?;
    let report = transfer::restore(&args.from, &url).map_err(|e| e.to_string())?;
    for table in &report.tables {
        print_table(table);
    }
    outln!(
        "restored {} into {}: {} tables, {} rows, each checked by count and checksum",
        args.from.display(),
        url.redacted(),
        report.tables.len(),
        report.tables.iter().map(|t| t.rows).sum::<u64>()
    );
    Ok(ExitCode::SUCCESS)
}

fn parse(url: &str) -> Result<DatabaseUrl, String> {
    DatabaseUrl::parse(url).map_err(|e| e.to_string())
}

fn print_table(table: &TableSummary) {
    outln!(
        "{:<28} {:>10} rows  {}",
        table.name,
        table.rows,
        table.checksum
    );
}
