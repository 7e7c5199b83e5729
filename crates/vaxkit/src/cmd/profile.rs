//! `vaxkit profile check` and `vaxkit profile show`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use vaxkit_profile::Profile;

/// Profile subcommands.
#[derive(Subcommand)]
pub enum ProfileCommand {
    /// Check profiles: prints OK for each valid one, otherwise every error with file:line:column.
    Check {
        /// Profile folders (each holds profile.toml).
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
    },
    /// Rewrite a version-1 profile.toml as version 2, keeping its comments; prints it unless --write.
    Upgrade {
        /// Profile folder.
        dir: PathBuf,
        /// Replace the folder's profile.toml (after checking that the result loads).
        #[arg(long)]
        write: bool,
    },
    /// Describe a profile: languages, ID schemes, vaccines with the intervals in force, regions.
    Show {
        /// Profile folder.
        dir: PathBuf,
        /// Show the rules in force on this day (YYYY-MM-DD) instead of today.
        #[arg(long)]
        on: Option<String>,
    },
}

/// Runs a profile subcommand.
pub fn run(command: ProfileCommand) -> Result<ExitCode, String> {
    match command {
        ProfileCommand::Check { dirs } => {
            let mut ok = true;
            for dir in &dirs {
                match vaxkit_profile::load(dir, &super::load_options(dir)) {
                    Ok(_) => outln!("{}: OK", dir.display()),
                    Err(diags) => {
                        ok = false;
                        eprintln!("{diags}");
                        let n = diags.0.len();
                        eprintln!(
                            "{}: {n} error{}",
                            dir.display(),
                            if n == 1 { "" } else { "s" }
                        );
                    }
                }
            }
            Ok(if ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        ProfileCommand::Upgrade { dir, write } => upgrade(&dir, write),
        ProfileCommand::Show { dir, on } => {
            let profile = super::load_profile(&dir)?;
            let on = match on {
                Some(s) => super::parse_date(&s)?,
                None => super::today(&profile),
            };
            print!("{}", describe(&profile, on));
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn upgrade(dir: &std::path::Path, write: bool) -> Result<ExitCode, String> {
    let path = dir.join("profile.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let upgraded =
        vaxkit_profile::upgrade::upgrade(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    if !write {
        print!("{upgraded}");
        return Ok(ExitCode::SUCCESS);
    }
    // Check the result in a copy of the folder before replacing anything.
    let scratch =
        Scratch(std::env::temp_dir().join(format!("vaxkit-upgrade-{}", std::process::id())));
    std::fs::create_dir_all(scratch.path()).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        if entry.path().is_file() {
            std::fs::copy(entry.path(), scratch.path().join(entry.file_name()))
                .map_err(|e| e.to_string())?;
        }
    }
    if dir.join("locales").is_dir() {
        copy_dir(&dir.join("locales"), &scratch.path().join("locales"))?;
    }
    std::fs::write(scratch.path().join("profile.toml"), &upgraded).map_err(|e| e.to_string())?;
    vaxkit_profile::load(scratch.path(), &super::load_options(dir)).map_err(|d| d.to_string())?;
    std::fs::write(&path, upgraded).map_err(|e| format!("{}: {e}", path.display()))?;
    outln!("{}: upgraded to version 2", path.display());
    Ok(ExitCode::SUCCESS)
}

/// A folder removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn path(&self) -> &std::path::Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| e.to_string())?;
    for entry in std::fs::read_dir(from).map_err(|e| e.to_string())? {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn describe(p: &Profile, on: chrono::NaiveDate) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let c = &p.country;
    let _ = writeln!(
        out,
        "{} ({}), profile version {}",
        c.name, c.code, p.version
    );
    let _ = writeln!(out, "Time zone: {} (rules as of {on})", c.timezone.name());
    let langs: Vec<String> = c
        .languages
        .iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l} (default)")
            } else {
                l.clone()
            }
        })
        .collect();
    let _ = writeln!(out, "Languages: {}", langs.join(", "));
    let counts: Vec<String> = p
        .regions
        .count_per_level()
        .into_iter()
        .map(|(level, n)| format!("{n} {level}"))
        .collect();
    let _ = writeln!(out, "Regions: {}", counts.join(", "));
    let _ = writeln!(
        out,
        "Beneficiaries per account: {}",
        p.registration.max_beneficiaries_per_account
    );
    let _ = writeln!(out, "\nID schemes:");
    for s in &p.id_schemes {
        let example = s
            .example
            .as_deref()
            .map(|e| format!(", shown as {}", s.mask.apply(&s.normalize(e))))
            .unwrap_or_default();
        let travel = if s.travel_document {
            ", travel document"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "  {:<18} {} (checksum {}{travel}{example})",
            s.id,
            s.name,
            s.checksum.name()
        );
    }
    let _ = writeln!(out, "\nVaccines (rules in force on {on}):");
    for v in &p.vaccines {
        let boosters = match v.boosters {
            0 => String::new(),
            1 => " + 1 booster".into(),
            n => format!(" + {n} boosters"),
        };
        let doses = if v.doses == 1 {
            "1 dose".to_string()
        } else {
            format!("{} doses", v.doses)
        };
        let availability = if v.available.contains(on) {
            ""
        } else {
            " [not available on this day]"
        };
        let _ = writeln!(
            out,
            "  {:<18} {} by {}, {}, {doses}{boosters}{availability}",
            v.code, v.name, v.manufacturer, v.disease
        );
        match v.ages.iter().find(|a| a.period.contains(on)) {
            Some(a) => {
                let max = a
                    .max_years
                    .map(|m| format!(" to {m}"))
                    .unwrap_or_else(|| "+".into());
                let _ = writeln!(out, "      ages: {}{max}", a.min_years);
            }
            None if v.ages.is_empty() => {}
            None => {
                let _ = writeln!(out, "      ages: not offered on this day");
            }
        }
        for dose in 2..=v.doses + v.boosters {
            let label = if dose > v.doses {
                format!("booster {}", dose - v.doses)
            } else {
                format!("dose {dose}")
            };
            match v
                .intervals
                .iter()
                .find(|r| r.after_dose == dose - 1 && r.period.contains(on))
            {
                Some(r) => {
                    let window = match r.max_days {
                        Some(max) => format!("{}-{max} days", r.min_days),
                        None => format!("from {} days", r.min_days),
                    };
                    let age = r
                        .min_age_years
                        .map(|a| format!(", age {a}+"))
                        .unwrap_or_default();
                    let since = r
                        .period
                        .from
                        .map(|f| format!(" (since {f})"))
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "      {label}: {window} after dose {}{age}{since}",
                        dose - 1
                    );
                }
                None => {
                    let _ = writeln!(out, "      {label}: not offered on this day");
                }
            }
        }
        for m in &v.may_follow {
            if m.period.contains(on) {
                let kind = match m.doses {
                    vaxkit_profile::DoseKind::Primary => "primary doses",
                    vaxkit_profile::DoseKind::Booster => "boosters",
                    vaxkit_profile::DoseKind::Any => "any dose",
                };
                let _ = writeln!(out, "      may follow {} ({kind})", m.products.join(", "));
            }
        }
    }
    out
}
