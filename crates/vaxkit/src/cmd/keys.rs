//! `vaxkit keys generate` and `vaxkit keys show`: the certificate signing key folder.
//!
//! The folder layout belongs to `vaxkit_cert::keystore`; this module makes and rotates keys in it
//! and reads back only its public material (signer certificates), so that publishing the keys or
//! trusting them in `vaxkit cert verify` never needs the private key.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use clap::Subcommand;
use vaxkit_cert::keystore::{self, CERT_FILE, GenerateRequest, KEY_FILE, RETIRED_DIR};
use vaxkit_cert::{Jwks, PublicKey};

/// Environment variable the server reads the private key from (PEM text).
pub const SIGNING_KEY_ENV: &str = "VAXKIT_SIGNING_KEY";
/// Environment variable naming the key folder the server uses.
pub const KEYS_DIR_ENV: &str = "VAXKIT_KEYS_DIR";

/// Keys subcommands.
#[derive(Subcommand)]
pub enum KeysCommand {
    /// Make a P-256 signing key and its self-signed EU DCC signer certificate; an existing key is
    /// retired (its certificate moves to DIR/retired/ and keeps verifying what it signed).
    Generate {
        /// Key folder (created if missing).
        #[arg(long)]
        dir: PathBuf,
        /// Country profile folder: the certificate names its `[certificates] issuer` and country.
        #[arg(long, default_value = super::DEFAULT_PROFILE)]
        profile: PathBuf,
        /// How long the signer certificate is valid, in days.
        #[arg(long, default_value_t = 730, value_parser = clap::value_parser!(i64).range(1..=36_500))]
        validity_days: i64,
    },
    /// Show the active and retired key ids and the JWKS (public keys) to publish.
    Show {
        /// Key folder.
        #[arg(long)]
        dir: PathBuf,
        /// Print one JSON object instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a keys subcommand.
pub fn run(command: KeysCommand) -> Result<ExitCode, String> {
    match command {
        KeysCommand::Generate {
            dir,
            profile,
            validity_days,
        } => generate(&dir, &profile, validity_days),
        KeysCommand::Show { dir, json } => show(&dir, json),
    }
}

fn generate(dir: &Path, profile: &Path, validity_days: i64) -> Result<ExitCode, String> {
    let profile = super::load_profile(profile)?;
    let request = GenerateRequest {
        issuer: profile.certificates.issuer.clone(),
        country: profile.country.code.clone(),
        now: Utc::now(),
        validity_days,
    };
    let made = keystore::generate(dir, &request).map_err(|e| e.to_string())?;
    outln!("new key: {}", made.kid);
    if let Some(old) = &made.retired_kid {
        let retired = dir.join(RETIRED_DIR).join(format!("{old}.pem"));
        outln!(
            "retired key: {old} (its certificate, {}, keeps verifying what it signed)",
            retired.display()
        );
    }
    outln!(
        "signer certificate: {} (self-signed, {} {}, valid {validity_days} days): publish it for EU DCC verifiers",
        made.certificate.display(),
        request.issuer,
        request.country
    );
    outln!(
        "private key: {} (mode 0600): keep it secret and out of version control; the server may \
         instead read it from {SIGNING_KEY_ENV} (PEM text), with {KEYS_DIR_ENV} naming this folder",
        dir.join(KEY_FILE).display()
    );
    Ok(ExitCode::SUCCESS)
}

/// A signer certificate found in a key folder, with its public key.
pub struct FolderCertificate {
    /// The certificate file.
    pub path: PathBuf,
    /// The certificate (DER).
    pub der: Vec<u8>,
    /// Its P-256 public key; the kid is the RFC 7638 thumbprint.
    pub public: PublicKey,
    /// End of validity.
    pub not_after: Option<DateTime<Utc>>,
}

/// The public material of a key folder: the active signer certificate and the retired ones.
pub struct FolderKeys {
    /// The active key's certificate, if the folder has one.
    pub active: Option<FolderCertificate>,
    /// Certificates of retired keys, in file-name order.
    pub retired: Vec<FolderCertificate>,
}

impl FolderKeys {
    /// Every public key, active first.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self.all().map(|c| c.public.clone()).collect(),
        }
    }

    /// Every certificate, active first.
    pub fn all(&self) -> impl Iterator<Item = &FolderCertificate> {
        self.active.iter().chain(self.retired.iter())
    }
}

/// Reads the signer certificates of a key folder; an error when it holds none.
pub fn read_folder(dir: &Path) -> Result<FolderKeys, String> {
    if !dir.is_dir() {
        return Err(format!("{}: not a key folder", dir.display()));
    }
    let active_path = dir.join(CERT_FILE);
    let active = if active_path.exists() {
        Some(read_certificate(&active_path)?)
    } else {
        None
    };
    let retired_dir = dir.join(RETIRED_DIR);
    let mut retired = Vec::new();
    if retired_dir.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&retired_dir)
            .map_err(|e| format!("{}: {e}", retired_dir.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pem"))
            .collect();
        files.sort();
        for path in files {
            retired.push(read_certificate(&path)?);
        }
    }
    if active.is_none() && retired.is_empty() {
        return Err(format!(
            "{}: no signer certificate ({CERT_FILE}); make one with `vaxkit keys generate --dir {}`",
            dir.display(),
            dir.display()
        ));
    }
    Ok(FolderKeys { active, retired })
}

fn read_certificate(path: &Path) -> Result<FolderCertificate, String> {
    let der = keystore::read_certificate(path).map_err(|e| e.to_string())?;
    let (public, not_after) =
        certificate_key(&der).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(FolderCertificate {
        path: path.to_path_buf(),
        der,
        public,
        not_after,
    })
}

/// The P-256 public key of an X.509 certificate (DER) and its end of validity.
pub fn certificate_key(der: &[u8]) -> Result<(PublicKey, Option<DateTime<Utc>>), String> {
    use x509_parser::prelude::FromDer;
    let (_, cert) = x509_parser::certificate::X509Certificate::from_der(der)
        .map_err(|e| format!("not an X.509 certificate: {e}"))?;
    let public = PublicKey::from_point(&cert.public_key().subject_public_key.data)
        .map_err(|e| e.to_string())?;
    let not_after = DateTime::from_timestamp(cert.validity().not_after.timestamp(), 0);
    Ok((public, not_after))
}

fn show(dir: &Path, json: bool) -> Result<ExitCode, String> {
    let keys = read_folder(dir)?;
    let jwks = keys.jwks().to_json();
    let key_path = dir.join(KEY_FILE);
    if json {
        let entry = |c: &FolderCertificate| {
            serde_json::json!({
                "kid": c.public.kid(),
                "dcc_kid": dcc_kid(&c.der),
                "certificate": c.path.display().to_string(),
                "not_after": c.not_after,
            })
        };
        let out = serde_json::json!({
            "active": keys.active.as_ref().map(|c| c.public.kid()),
            "retired": keys.retired.iter().map(|c| c.public.kid()).collect::<Vec<_>>(),
            "certificates": keys.all().map(entry).collect::<Vec<_>>(),
            "private_key_file": key_path.exists(),
            "jwks": jwks,
        });
        outln!("{out}");
        return Ok(ExitCode::SUCCESS);
    }
    let describe = |c: &FolderCertificate| {
        let until = c
            .not_after
            .map(|t| format!(", valid until {}", t.format("%Y-%m-%d")))
            .unwrap_or_default();
        format!(
            "{} (EU DCC kid {}, {}{until})",
            c.public.kid(),
            dcc_kid(&c.der),
            c.path.display()
        )
    };
    match &keys.active {
        Some(c) => outln!("active key: {}", describe(c)),
        None => outln!("active key: none ({CERT_FILE} is missing)"),
    }
    if keys.retired.is_empty() {
        outln!("retired keys: none");
    } else {
        outln!("retired keys:");
        for c in &keys.retired {
            outln!("  {}", describe(c));
        }
    }
    if key_path.exists() {
        outln!("private key: {} (keep it secret)", key_path.display());
    } else {
        outln!("private key: not in the folder (the server reads it from {SIGNING_KEY_ENV})");
    }
    outln!("JWKS (publish at /.well-known/jwks.json):");
    outln!(
        "{}",
        serde_json::to_string_pretty(&jwks).map_err(|e| e.to_string())?
    );
    Ok(ExitCode::SUCCESS)
}

/// The EU DCC key id of a signer certificate, base64 as trust lists print it.
fn dcc_kid(der: &[u8]) -> String {
    STANDARD.encode(vaxkit_cert::eudcc::kid_of_certificate(der))
}
