//! The secret key that protects identity numbers at rest, and what is derived from it.
//!
//! One 32-byte master key (hex or base64) comes from `VAXKIT_SECRET_KEY` or the file
//! named by `VAXKIT_SECRET_KEY_FILE`. Two keys are derived from it: one for the keyed
//! hash that finds duplicates and one for AES-256-GCM that seals the number itself.

use std::path::{Path, PathBuf};

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::StoreError;

/// Environment variable holding the master key.
pub const KEY_ENV: &str = "VAXKIT_SECRET_KEY";
/// Environment variable naming a file that holds the master key.
pub const KEY_FILE_ENV: &str = "VAXKIT_SECRET_KEY_FILE";

/// Keys derived from the master key.
#[derive(Clone)]
pub struct Secrets {
    hash_key: [u8; 32],
    seal_key: [u8; 32],
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

/// Where the master key came from, for the start-up log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeySource {
    /// The environment variable.
    Env,
    /// A file named by the environment.
    File(PathBuf),
    /// A key file beside the SQLite database, created now.
    Created(PathBuf),
    /// A key file beside the SQLite database, created by an earlier start.
    Existing(PathBuf),
}

impl Secrets {
    /// Derives the working keys from a 32-byte master key.
    pub fn from_master(master: &[u8; 32]) -> Self {
        Self {
            hash_key: derive(master, b"vaxkit id-hash v1"),
            seal_key: derive(master, b"vaxkit id-seal v1"),
        }
    }

    /// Loads the master key from the environment; with none and a SQLite database,
    /// uses (or creates, mode 0600) `<database>.key` beside it. `None` for `sqlite_db`
    /// means PostgreSQL, where a missing key is an error.
    pub fn load(sqlite_db: Option<&Path>) -> Result<(Self, KeySource), StoreError> {
        if let Some(found) = Self::load_existing(sqlite_db)? {
            return Ok(found);
        }
        let Some(db) = sqlite_db else {
            return Err(StoreError::Config(format!(
                "no secret key: set {KEY_ENV} (32 bytes, hex or base64) or {KEY_FILE_ENV}; \
                 generate one with `openssl rand -hex 32` and keep it safe — identity numbers cannot be read without it"
            )));
        };
        let key_path = key_file_beside(db);
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        write_private(&key_path, &hex::encode(key))?;
        Ok((Self::from_master(&key), KeySource::Created(key_path)))
    }

    /// Loads the master key from the environment or from an existing `<database>.key` beside a
    /// SQLite database, creating nothing; `None` when no key is configured.
    pub fn load_existing(
        sqlite_db: Option<&Path>,
    ) -> Result<Option<(Self, KeySource)>, StoreError> {
        if let Ok(text) = std::env::var(KEY_ENV) {
            return Ok(Some((
                Self::from_master(&parse_key(&text, KEY_ENV)?),
                KeySource::Env,
            )));
        }
        if let Ok(file) = std::env::var(KEY_FILE_ENV) {
            let path = PathBuf::from(file);
            let text = std::fs::read_to_string(&path).map_err(|e| {
                StoreError::Config(format!("{KEY_FILE_ENV}={}: {e}", path.display()))
            })?;
            let key = parse_key(&text, &path.display().to_string())?;
            return Ok(Some((Self::from_master(&key), KeySource::File(path))));
        }
        let Some(db) = sqlite_db else {
            return Ok(None);
        };
        let key_path = key_file_beside(db);
        if !key_path.exists() {
            return Ok(None);
        }
        let text = std::fs::read_to_string(&key_path)
            .map_err(|e| StoreError::Config(format!("{}: {e}", key_path.display())))?;
        let key = parse_key(&text, &key_path.display().to_string())?;
        Ok(Some((
            Self::from_master(&key),
            KeySource::Existing(key_path),
        )))
    }

    /// The keyed hash of an identity number, for uniqueness and look-up.
    pub fn id_hash(&self, scheme: &str, normalized: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.hash_key)
            .unwrap_or_else(|_| unreachable_mac());
        mac.update(scheme.as_bytes());
        mac.update(b"\0");
        mac.update(normalized.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// The keyed hash of a mobile number (calling code and national number, digits only), for
    /// finding its account, login codes and SMS conversation.
    pub fn mobile_hash(&self, mobile: &str) -> String {
        self.id_hash("@mobile", mobile)
    }

    /// The keyed hash of an appointment's security code, for the vaccinator's look-up.
    pub fn security_code_hash(&self, code: &str) -> String {
        self.id_hash("@security-code", code)
    }

    /// Encrypts a value; the 12-byte nonce leads the output.
    pub fn seal(&self, plain: &str) -> Result<Vec<u8>, StoreError> {
        let cipher = Aes256Gcm::new_from_slice(&self.seal_key)
            .map_err(|e| StoreError::Crypto(e.to_string()))?;
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let mut out = nonce.to_vec();
        let sealed = cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .map_err(|e| StoreError::Crypto(e.to_string()))?;
        out.extend(sealed);
        Ok(out)
    }

    /// Decrypts what [`Secrets::seal`] produced.
    pub fn open(&self, sealed: &[u8]) -> Result<String, StoreError> {
        let cipher = Aes256Gcm::new_from_slice(&self.seal_key)
            .map_err(|e| StoreError::Crypto(e.to_string()))?;
        let (nonce, body) = sealed
            .split_at_checked(12)
            .ok_or_else(|| StoreError::Crypto("sealed value too short".into()))?;
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), body)
            .map_err(|_| StoreError::Crypto("cannot decrypt: wrong key or damaged value".into()))?;
        String::from_utf8(plain).map_err(|e| StoreError::Crypto(e.to_string()))
    }
}

/// What leads a text sealed by [`Secrets::seal_text`].
pub const SEALED_TEXT_PREFIX: &str = "sealed:v1:";

impl Secrets {
    /// Encrypts a text for a text column (the outbox body of a login code): the prefix, then
    /// [`Secrets::seal`]'s output in base64. The plain text is never written, so neither the
    /// table nor the write-ahead log ever holds it.
    pub fn seal_text(&self, plain: &str) -> Result<String, StoreError> {
        use base64::Engine;
        let sealed = self.seal(plain)?;
        Ok(format!(
            "{SEALED_TEXT_PREFIX}{}",
            base64::engine::general_purpose::STANDARD.encode(sealed)
        ))
    }

    /// The plain text of a value from [`Secrets::seal_text`]; any other text as it is.
    pub fn open_text(&self, text: &str) -> Result<String, StoreError> {
        use base64::Engine;
        let Some(encoded) = text.strip_prefix(SEALED_TEXT_PREFIX) else {
            return Ok(text.to_owned());
        };
        let sealed = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|e| StoreError::Crypto(e.to_string()))?;
        self.open(&sealed)
    }
}

impl Secrets {
    /// The plain text of a value from [`Secrets::seal_text`]; anything else (a value that was
    /// never sealed) is an error rather than passed through.
    pub fn open_sealed_text(&self, text: &str) -> Result<String, StoreError> {
        if !text.starts_with(SEALED_TEXT_PREFIX) {
            return Err(StoreError::Crypto("the value is not sealed".into()));
        }
        self.open_text(text)
    }
}

/// Reads a 32-byte master key (hex or base64) from a file, as `VAXKIT_SECRET_KEY_FILE` is read.
pub fn read_master_key(path: &Path) -> Result<[u8; 32], StoreError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| StoreError::Config(format!("{}: {e}", path.display())))?;
    parse_key(&text, &path.display().to_string())
}

/// Replaces a key file with another master key (hex, mode 0600): the new file is written
/// beside it and renamed over it, so the file always holds one whole key.
pub fn replace_key_file(path: &Path, master: &[u8; 32]) -> Result<(), StoreError> {
    let mut next = path.as_os_str().to_owned();
    next.push(".new");
    let next = PathBuf::from(next);
    let _ = std::fs::remove_file(&next);
    write_private(&next, &hex::encode(master))?;
    std::fs::rename(&next, path).map_err(|e| {
        StoreError::Config(format!(
            "cannot replace the key file {}: {e}",
            path.display()
        ))
    })
}

fn key_file_beside(db: &Path) -> PathBuf {
    let mut key_path = db.as_os_str().to_owned();
    key_path.push(".key");
    PathBuf::from(key_path)
}

/// A hash for secrets that are compared, never read back (login codes, tokens).
pub fn token_hash(secret: &str) -> String {
    use sha2::Digest;
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn unreachable_mac() -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this is never reached; it keeps the
    // signature free of panics.
    <Hmac<Sha256> as Mac>::new_from_slice(&[0u8; 32]).unwrap_or_else(|_| unreachable_mac())
}

fn derive(master: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac =
        <Hmac<Sha256> as Mac>::new_from_slice(master).unwrap_or_else(|_| unreachable_mac());
    mac.update(label);
    mac.finalize().into_bytes().into()
}

fn parse_key(text: &str, source: &str) -> Result<[u8; 32], StoreError> {
    let text = text.trim();
    let bytes = hex::decode(text)
        .ok()
        .or_else(|| base64::engine::general_purpose::STANDARD.decode(text).ok())
        .ok_or_else(|| {
            StoreError::Config(format!(
                "{source}: the secret key is neither hex nor base64"
            ))
        })?;
    bytes.try_into().map_err(|b: Vec<u8>| {
        StoreError::Config(format!(
            "{source}: the secret key has {} bytes, it needs 32",
            b.len()
        ))
    })
}

fn write_private(path: &Path, content: &str) -> Result<(), StoreError> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(path).map_err(|e| {
        StoreError::Config(format!(
            "cannot create the key file {}: {e}",
            path.display()
        ))
    })?;
    f.write_all(content.as_bytes()).map_err(|e| {
        StoreError::Config(format!("cannot write the key file {}: {e}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_texts_round_trip_and_plain_texts_pass() {
        let s = Secrets::from_master(&[7u8; 32]);
        let sealed = s.seal_text("Your code is 123456").unwrap();
        assert!(sealed.starts_with(SEALED_TEXT_PREFIX));
        assert!(!sealed.contains("123456"));
        assert_eq!(s.open_text(&sealed).unwrap(), "Your code is 123456");
        assert_eq!(s.open_text("plain").unwrap(), "plain");
        let other = Secrets::from_master(&[8u8; 32]);
        assert!(other.open_text(&sealed).is_err());
    }

    #[test]
    fn sealing_round_trips_and_hides_the_number() {
        let s = Secrets::from_master(&[7u8; 32]);
        let sealed = s.seal("234567890124").unwrap();
        assert!(!sealed.windows(12).any(|w| w == b"234567890124"));
        assert_eq!(s.open(&sealed).unwrap(), "234567890124");
        let other = Secrets::from_master(&[8u8; 32]);
        assert!(other.open(&sealed).is_err());
        assert_ne!(
            s.seal("x").unwrap(),
            s.seal("x").unwrap(),
            "fresh nonce each time"
        );
    }

    #[test]
    fn id_hash_depends_on_key_scheme_and_number() {
        let a = Secrets::from_master(&[1u8; 32]);
        let b = Secrets::from_master(&[2u8; 32]);
        assert_eq!(a.id_hash("aadhaar", "1"), a.id_hash("aadhaar", "1"));
        assert_ne!(a.id_hash("aadhaar", "1"), b.id_hash("aadhaar", "1"));
        assert_ne!(a.id_hash("aadhaar", "1"), a.id_hash("pan", "1"));
    }

    #[test]
    fn keys_parse_from_hex_or_base64_of_32_bytes() {
        assert!(parse_key(&"ab".repeat(32), "t").is_ok());
        assert!(
            parse_key(
                &base64::engine::general_purpose::STANDARD.encode([3u8; 32]),
                "t"
            )
            .is_ok()
        );
        assert!(parse_key("abcd", "t").is_err());
        assert!(parse_key("not a key", "t").is_err());
    }
}
