//! Signing material in a folder: the active private key, its signer certificate, and the
//! certificates of retired keys, which keep verifying what they signed.
//!
//! ```text
//! DIR/signing-key.pem      the active P-256 key, PKCS#8 (mode 0600)
//! DIR/signer.pem           its self-signed X.509 signer certificate (EU DCC trust lists)
//! DIR/retired/<kid>.pem    signer certificates of earlier keys (public material only)
//! ```
//!
//! [`generate`] makes a new key; when one is already active, its certificate moves to
//! `retired/` and its private key is deleted, so rotation is one command. The private key
//! may instead come from the environment (a PEM in a variable) and never touch the folder.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::eudcc::DccUsage;
use crate::keys::{
    KeyError, Keyring, PublicKey, RetiredKey, SignerCertificateRequest, SigningKey, pem_decode,
    pem_encode,
};

/// File name of the active private key.
pub const KEY_FILE: &str = "signing-key.pem";
/// File name of the active key's signer certificate.
pub const CERT_FILE: &str = "signer.pem";
/// Folder of retired keys' certificates.
pub const RETIRED_DIR: &str = "retired";
const CERT_LABEL: &str = "CERTIFICATE";

/// Problems with the key folder.
#[derive(Debug, thiserror::Error)]
pub enum KeystoreError {
    /// A file could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// A key or certificate is not usable.
    #[error("{path}: {source}")]
    Key {
        /// The file (or variable) it came from.
        path: PathBuf,
        /// Why it is not usable.
        source: KeyError,
    },
    /// There is no active key yet.
    #[error(
        "{0}: no signing key; make one with `vaxkit keys generate --dir {0}` (or set the key in the environment)"
    )]
    Missing(PathBuf),
    /// The key and the certificate do not belong together.
    #[error("{0}: the signer certificate is not for the signing key; generate them again together")]
    Mismatch(PathBuf),
}

/// What a new signer certificate says.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    /// The issuer (organisation) name, from the profile.
    pub issuer: String,
    /// ISO 3166-1 alpha-2 country code.
    pub country: String,
    /// The certificate's start of validity.
    pub now: DateTime<Utc>,
    /// How long the signer certificate is valid, in days.
    pub validity_days: i64,
}

/// A new key made by [`generate`].
#[derive(Debug, Clone)]
pub struct Generated {
    /// The new key's id (RFC 7638 thumbprint).
    pub kid: String,
    /// The key retired by this generation, if there was one.
    pub retired_kid: Option<String>,
    /// The new signer certificate file.
    pub certificate: PathBuf,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> KeystoreError + '_ {
    move |e| KeystoreError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

fn key_err(path: &Path) -> impl Fn(KeyError) -> KeystoreError + '_ {
    move |source| KeystoreError::Key {
        path: path.to_path_buf(),
        source,
    }
}

/// Makes a new active key and signer certificate in `dir`, retiring the current one.
pub fn generate(dir: &Path, request: &GenerateRequest) -> Result<Generated, KeystoreError> {
    private_dir(dir)?;
    let key_path = dir.join(KEY_FILE);
    let cert_path = dir.join(CERT_FILE);
    let mut retired_kid = None;
    if cert_path.exists() {
        let der = read_certificate(&cert_path)?;
        let public = public_key_of(&cert_path, &der)?;
        let retired = dir.join(RETIRED_DIR);
        private_dir(&retired)?;
        let target = retired.join(format!("{}.pem", public.kid()));
        fs::rename(&cert_path, &target).map_err(io(&target))?;
        retired_kid = Some(public.kid().to_string());
    }
    let key = SigningKey::generate().map_err(key_err(&key_path))?;
    let cert = key
        .self_signed_certificate(&SignerCertificateRequest {
            common_name: format!(
                "{} DSC {}",
                request.issuer,
                &key.kid()[..8.min(key.kid().len())]
            ),
            organization: request.issuer.clone(),
            country: request.country.clone(),
            not_before: request.now,
            not_after: request.now + chrono::Duration::days(request.validity_days),
            usages: vec![DccUsage::Vaccination],
        })
        .map_err(key_err(&cert_path))?;
    write_private(&key_path, &key.to_pem())?;
    fs::write(&cert_path, pem_encode(&cert, CERT_LABEL)).map_err(io(&cert_path))?;
    Ok(Generated {
        kid: key.kid().to_string(),
        retired_kid,
        certificate: cert_path,
    })
}

/// Loads the keyring from `dir`; `env_key` (a PEM) replaces the key file when given.
pub fn load(dir: &Path, env_key: Option<&str>) -> Result<Keyring, KeystoreError> {
    let key_path = dir.join(KEY_FILE);
    let cert_path = dir.join(CERT_FILE);
    let key = match env_key {
        Some(pem) => SigningKey::from_pem(pem).map_err(key_err(Path::new("environment")))?,
        None => {
            if !key_path.exists() {
                return Err(KeystoreError::Missing(dir.to_path_buf()));
            }
            let pem = fs::read_to_string(&key_path).map_err(io(&key_path))?;
            SigningKey::from_pem(&pem).map_err(key_err(&key_path))?
        }
    };
    if !cert_path.exists() {
        return Err(KeystoreError::Missing(dir.to_path_buf()));
    }
    let cert = read_certificate(&cert_path)?;
    if public_key_of(&cert_path, &cert)?.point() != key.public_key().point() {
        return Err(KeystoreError::Mismatch(cert_path));
    }
    let mut ring = Keyring::new(key, Some(cert));
    let retired = dir.join(RETIRED_DIR);
    if retired.is_dir() {
        let mut files: Vec<PathBuf> = fs::read_dir(&retired)
            .map_err(io(&retired))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pem"))
            .collect();
        files.sort();
        for path in files {
            let der = read_certificate(&path)?;
            let public = public_key_of(&path, &der)?;
            ring.add_retired(RetiredKey {
                public,
                certificate: Some(der),
            });
        }
    }
    Ok(ring)
}

/// Whether `dir` holds an active key and certificate.
pub fn exists(dir: &Path) -> bool {
    dir.join(KEY_FILE).exists() && dir.join(CERT_FILE).exists()
}

/// Reads a signer certificate: PEM, or DER as it is.
pub fn read_certificate(path: &Path) -> Result<Vec<u8>, KeystoreError> {
    let bytes = fs::read(path).map_err(io(path))?;
    match std::str::from_utf8(&bytes) {
        Ok(text) if text.contains("-----BEGIN") => {
            pem_decode(text, CERT_LABEL).map_err(key_err(path))
        }
        _ => Ok(bytes),
    }
}

/// The P-256 public key of a signer certificate.
fn public_key_of(path: &Path, der: &[u8]) -> Result<PublicKey, KeystoreError> {
    use x509_parser::prelude::FromDer;
    let (_, cert) = x509_parser::certificate::X509Certificate::from_der(der).map_err(|e| {
        KeystoreError::Key {
            path: path.to_path_buf(),
            source: KeyError::Certificate(e.to_string()),
        }
    })?;
    PublicKey::from_point(&cert.public_key().subject_public_key.data).map_err(key_err(path))
}

/// Creates `dir` if needed and makes it readable by its owner only (0700), whatever the umask
/// and whatever mode an existing folder had.
fn private_dir(dir: &Path) -> Result<(), KeystoreError> {
    fs::create_dir_all(dir).map_err(io(dir))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(dir, fs::Permissions::from_mode(0o700)).map_err(io(dir))?;
    }
    Ok(())
}

fn write_private(path: &Path, text: &str) -> Result<(), KeystoreError> {
    #[cfg(unix)]
    {
        use std::io::Write;
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mut f = fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(path)
            .map_err(io(path))?;
        // `mode` applies only to a file it creates: a key file that already existed (a
        // rotation) is narrowed too, before the new key is written into it.
        f.set_permissions(fs::Permissions::from_mode(0o600))
            .map_err(io(path))?;
        f.write_all(text.as_bytes()).map_err(io(path))
    }
    #[cfg(not(unix))]
    {
        fs::write(path, text).map_err(io(path))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn request() -> GenerateRequest {
        GenerateRequest {
            issuer: "Ministry of Health".into(),
            country: "XX".into(),
            now: Utc::now(),
            validity_days: 730,
        }
    }

    #[test]
    fn generate_then_rotate_keeps_the_old_key_verifying() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            load(dir.path(), None),
            Err(KeystoreError::Missing(_))
        ));
        let first = generate(dir.path(), &request()).unwrap();
        assert!(first.retired_kid.is_none());
        let ring = load(dir.path(), None).unwrap();
        assert_eq!(ring.active().kid(), first.kid);
        let second = generate(dir.path(), &request()).unwrap();
        assert_eq!(second.retired_kid.as_deref(), Some(first.kid.as_str()));
        let ring = load(dir.path(), None).unwrap();
        assert_eq!(ring.active().kid(), second.kid);
        let kids: Vec<String> = ring
            .jwks()
            .keys
            .iter()
            .map(|k| k.kid().to_string())
            .collect();
        assert_eq!(kids, vec![second.kid.clone(), first.kid.clone()]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(dir.path().join(KEY_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    /// What a umask of 000 leaves: a world-writable folder and a world-readable key file. The
    /// keys written there end up private anyway.
    #[cfg(unix)]
    #[test]
    fn key_folders_are_0700_and_key_files_0600_whatever_was_there() {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("keys");
        fs::create_dir(&dir).unwrap();
        fs::set_permissions(&dir, fs::Permissions::from_mode(0o777)).unwrap();
        fs::write(dir.join(KEY_FILE), "old").unwrap();
        fs::set_permissions(dir.join(KEY_FILE), fs::Permissions::from_mode(0o666)).unwrap();
        fs::create_dir(dir.join(RETIRED_DIR)).unwrap();
        fs::set_permissions(dir.join(RETIRED_DIR), fs::Permissions::from_mode(0o777)).unwrap();
        generate(&dir, &request()).unwrap();
        generate(&dir, &request()).unwrap();
        assert_eq!(mode(&dir), 0o700);
        assert_eq!(mode(&dir.join(RETIRED_DIR)), 0o700);
        assert_eq!(mode(&dir.join(KEY_FILE)), 0o600);
        // A folder created here is private too.
        let fresh = root.path().join("a/b/keys");
        generate(&fresh, &request()).unwrap();
        assert_eq!(mode(&fresh), 0o700);
        assert_eq!(mode(&fresh.join(KEY_FILE)), 0o600);
    }

    #[test]
    fn a_key_from_the_environment_must_match_the_certificate() {
        let dir = tempfile::tempdir().unwrap();
        generate(dir.path(), &request()).unwrap();
        let other = SigningKey::generate().unwrap().to_pem();
        assert!(matches!(
            load(dir.path(), Some(&other)),
            Err(KeystoreError::Mismatch(_))
        ));
        let own = fs::read_to_string(dir.path().join(KEY_FILE)).unwrap();
        fs::remove_file(dir.path().join(KEY_FILE)).unwrap();
        assert!(load(dir.path(), Some(&own)).is_ok());
    }
}
