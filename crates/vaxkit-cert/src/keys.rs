//! Signing keys (P-256, ES256) for every format: generation, PKCS#8 PEM in and out, key ids, JWK and
//! JWKS export, self-signed X.509 signer certificates for EU DCC trust lists, and a keyring that
//! keeps retired keys verifying after a rotation.

use std::sync::Arc;

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use chrono::{DateTime, Utc};
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair};
use serde_json::{Value, json};

use crate::eudcc::{DccSigner, DccUsage};
use crate::verify::{ShcIssuer, Trust};

/// Problems with keys and signer certificates.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    /// The key could not be generated.
    #[error("could not generate a key")]
    Generate,
    /// The text holds no `PRIVATE KEY` PEM block.
    #[error(
        "no PKCS#8 `-----BEGIN PRIVATE KEY-----` block found (convert an EC key with `openssl pkcs8 -topk8 -nocrypt`)"
    )]
    NoPem,
    /// The PEM body is not valid base64.
    #[error("the PEM body is not valid base64")]
    BadBase64,
    /// The DER is not a P-256 PKCS#8 private key.
    #[error("not a P-256 (prime256v1) PKCS#8 private key")]
    NotP256,
    /// Neither the variable nor its `_FILE` companion is set.
    #[error("neither {0} nor {0}_FILE is set")]
    EnvMissing(String),
    /// The file named by `*_FILE` could not be read.
    #[error("cannot read {0}: {1}")]
    File(String, String),
    /// Signing failed.
    #[error("signing failed")]
    Sign,
    /// The signer certificate could not be made.
    #[error("cannot make the signer certificate: {0}")]
    Certificate(String),
    /// A JWK is not a P-256 public key.
    #[error("not a P-256 EC JWK: {0}")]
    BadJwk(String),
}

/// A P-256 public key (uncompressed SEC1 point).
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    point: Vec<u8>,
    kid: String,
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PublicKey").field("kid", &self.kid).finish()
    }
}

impl PublicKey {
    /// A key from its 65-byte uncompressed point; the kid is the RFC 7638 thumbprint.
    pub fn from_point(point: &[u8]) -> Result<Self, KeyError> {
        if point.len() != 65 || point.first() != Some(&4) {
            return Err(KeyError::BadJwk(
                "expected an uncompressed P-256 point".into(),
            ));
        }
        let mut key = Self {
            point: point.to_vec(),
            kid: String::new(),
        };
        key.kid = key.thumbprint();
        Ok(key)
    }

    /// A key from a JWK object (`kty` EC, `crv` P-256); a `kid` in the JWK is kept as given.
    pub fn from_jwk(jwk: &Value) -> Result<Self, KeyError> {
        let field = |name: &str| {
            jwk.get(name)
                .and_then(Value::as_str)
                .ok_or_else(|| KeyError::BadJwk(format!("missing `{name}`")))
        };
        if field("kty")? != "EC" || field("crv")? != "P-256" {
            return Err(KeyError::BadJwk("kty must be EC and crv P-256".into()));
        }
        let coord = |name: &str| -> Result<Vec<u8>, KeyError> {
            let bytes = URL_SAFE_NO_PAD
                .decode(field(name)?)
                .map_err(|_| KeyError::BadJwk(format!("`{name}` is not base64url")))?;
            if bytes.len() != 32 {
                return Err(KeyError::BadJwk(format!("`{name}` is not 32 bytes")));
            }
            Ok(bytes)
        };
        let mut point = vec![4u8];
        point.extend(coord("x")?);
        point.extend(coord("y")?);
        let mut key = Self::from_point(&point)?;
        if let Some(kid) = jwk.get("kid").and_then(Value::as_str) {
            kid.clone_into(&mut key.kid);
        }
        Ok(key)
    }

    /// The uncompressed point.
    pub fn point(&self) -> &[u8] {
        &self.point
    }

    /// The key id (RFC 7638 thumbprint unless a JWK said otherwise).
    pub fn kid(&self) -> &str {
        &self.kid
    }

    fn coords(&self) -> (String, String) {
        let x = self.point.get(1..33).unwrap_or_default();
        let y = self.point.get(33..65).unwrap_or_default();
        (URL_SAFE_NO_PAD.encode(x), URL_SAFE_NO_PAD.encode(y))
    }

    /// The RFC 7638 JWK thumbprint, base64url.
    pub fn thumbprint(&self) -> String {
        let (x, y) = self.coords();
        // RFC 7638: the required members only, in lexicographic order, no whitespace.
        let canonical = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
        URL_SAFE_NO_PAD.encode(ring::digest::digest(
            &ring::digest::SHA256,
            canonical.as_bytes(),
        ))
    }

    /// The public JWK (`use` sig, `alg` ES256, with `kid`).
    pub fn jwk(&self) -> Value {
        let (x, y) = self.coords();
        json!({"kty": "EC", "kid": self.kid, "use": "sig", "alg": "ES256", "crv": "P-256", "x": x, "y": y})
    }

    /// Checks an ES256 signature (64 bytes, r then s) over `message`.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        signature::UnparsedPublicKey::new(&signature::ECDSA_P256_SHA256_FIXED, &self.point)
            .verify(message, signature)
            .is_ok()
    }
}

/// A set of public keys, as published at `/.well-known/jwks.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Jwks {
    /// The keys.
    pub keys: Vec<PublicKey>,
}

impl Jwks {
    /// Reads a JWKS JSON text; keys that are not P-256 EC keys are skipped.
    pub fn from_json(text: &str) -> Result<Self, KeyError> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| KeyError::BadJwk(e.to_string()))?;
        let keys = value
            .get("keys")
            .and_then(Value::as_array)
            .ok_or_else(|| KeyError::BadJwk("no `keys` array".into()))?;
        Ok(Self {
            keys: keys
                .iter()
                .filter_map(|k| PublicKey::from_jwk(k).ok())
                .collect(),
        })
    }

    /// The JWKS JSON value.
    pub fn to_json(&self) -> Value {
        json!({"keys": self.keys.iter().map(PublicKey::jwk).collect::<Vec<_>>()})
    }

    /// The key with this kid.
    pub fn find(&self, kid: &str) -> Option<&PublicKey> {
        self.keys.iter().find(|k| k.kid == kid)
    }
}

/// What a self-signed EU DCC signer certificate says about itself.
#[derive(Debug, Clone)]
pub struct SignerCertificateRequest {
    /// Subject common name, e.g. `"Ministry of Health DSC 1"`.
    pub common_name: String,
    /// Subject organisation (issuer name).
    pub organization: String,
    /// ISO 3166-1 alpha-2 country.
    pub country: String,
    /// Start of validity.
    pub not_before: DateTime<Utc>,
    /// End of validity.
    pub not_after: DateTime<Utc>,
    /// Kinds of certificate the key may sign (EU extended key usage); empty means any.
    pub usages: Vec<DccUsage>,
}

/// A P-256 private key that signs ES256.
#[derive(Clone)]
pub struct SigningKey {
    pair: Arc<EcdsaKeyPair>,
    pkcs8: Vec<u8>,
    public: PublicKey,
    rng: SystemRandom,
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.public.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Generates a new random key.
    pub fn generate() -> Result<Self, KeyError> {
        let rng = SystemRandom::new();
        let doc = EcdsaKeyPair::generate_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, &rng)
            .map_err(|_| KeyError::Generate)?;
        Self::from_pkcs8_der(doc.as_ref())
    }

    /// A key from PKCS#8 DER.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, KeyError> {
        let rng = SystemRandom::new();
        let pair = EcdsaKeyPair::from_pkcs8(&signature::ECDSA_P256_SHA256_FIXED_SIGNING, der, &rng)
            .map_err(|_| KeyError::NotP256)?;
        let public = PublicKey::from_point(pair.public_key().as_ref())?;
        Ok(Self {
            pair: Arc::new(pair),
            pkcs8: der.to_vec(),
            public,
            rng,
        })
    }

    /// A key from the text of a PKCS#8 PEM file (`-----BEGIN PRIVATE KEY-----`).
    pub fn from_pem(pem: &str) -> Result<Self, KeyError> {
        Self::from_pkcs8_der(&pem_decode(pem, "PRIVATE KEY")?)
    }

    /// A key from environment variable `name` (PEM text), or else from the file `name_FILE` names.
    pub fn from_env(name: &str) -> Result<Self, KeyError> {
        if let Ok(text) = std::env::var(name) {
            return Self::from_pem(&text);
        }
        let file_var = format!("{name}_FILE");
        match std::env::var(&file_var) {
            Ok(path) => {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| KeyError::File(path.clone(), e.to_string()))?;
                Self::from_pem(&text)
            }
            Err(_) => Err(KeyError::EnvMissing(name.to_owned())),
        }
    }

    /// The key as PKCS#8 PEM text.
    pub fn to_pem(&self) -> String {
        pem_encode(&self.pkcs8, "PRIVATE KEY")
    }

    /// The public half.
    pub fn public_key(&self) -> &PublicKey {
        &self.public
    }

    /// The key id: RFC 7638 thumbprint of the public key.
    pub fn kid(&self) -> &str {
        &self.public.kid
    }

    /// Signs `message` with ES256 (SHA-256, P-256); the signature is r then s, 64 bytes.
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        self.pair
            .sign(&self.rng, message)
            .map(|s| s.as_ref().to_vec())
            .map_err(|_| KeyError::Sign)
    }

    /// Makes a self-signed X.509 signer certificate (DER) for EU DCC trust lists.
    pub fn self_signed_certificate(
        &self,
        request: &SignerCertificateRequest,
    ) -> Result<Vec<u8>, KeyError> {
        let cert_err = |e: rcgen::Error| KeyError::Certificate(e.to_string());
        let key = rcgen::KeyPair::try_from(self.pkcs8.as_slice()).map_err(cert_err)?;
        let mut params = rcgen::CertificateParams::new(Vec::<String>::new()).map_err(cert_err)?;
        let dn = &mut params.distinguished_name;
        dn.push(rcgen::DnType::CommonName, request.common_name.as_str());
        dn.push(
            rcgen::DnType::OrganizationName,
            request.organization.as_str(),
        );
        dn.push(rcgen::DnType::CountryName, request.country.as_str());
        let time = |t: DateTime<Utc>| {
            time::OffsetDateTime::from_unix_timestamp(t.timestamp())
                .map_err(|e| KeyError::Certificate(e.to_string()))
        };
        params.not_before = time(request.not_before)?;
        params.not_after = time(request.not_after)?;
        params.key_usages = vec![rcgen::KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = request
            .usages
            .iter()
            .map(|u| rcgen::ExtendedKeyUsagePurpose::Other(u.oid_arcs().to_vec()))
            .collect();
        let cert = params.self_signed(&key).map_err(cert_err)?;
        Ok(cert.der().to_vec())
    }
}

/// Encodes DER as a PEM block with this label.
pub fn pem_encode(der: &[u8], label: &str) -> String {
    let body = STANDARD.encode(der);
    let mut out = format!("-----BEGIN {label}-----\n");
    for line in body.as_bytes().chunks(64) {
        out.push_str(&String::from_utf8_lossy(line));
        out.push('\n');
    }
    out.push_str(&format!("-----END {label}-----\n"));
    out
}

/// Decodes the first PEM block with this label.
pub fn pem_decode(pem: &str, label: &str) -> Result<Vec<u8>, KeyError> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin).ok_or(KeyError::NoPem)? + begin.len();
    let rest = pem.get(start..).ok_or(KeyError::NoPem)?;
    let stop = rest.find(&end).ok_or(KeyError::NoPem)?;
    let body: String = rest
        .get(..stop)
        .ok_or(KeyError::NoPem)?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    STANDARD.decode(body).map_err(|_| KeyError::BadBase64)
}

/// A public key that no longer signs but still verifies what it signed.
#[derive(Debug, Clone)]
pub struct RetiredKey {
    /// The public key.
    pub public: PublicKey,
    /// Its EU DCC signer certificate (DER), if it had one.
    pub certificate: Option<Vec<u8>>,
}

/// One active signing key and the retired keys that still verify.
#[derive(Debug, Clone)]
pub struct Keyring {
    active: SigningKey,
    active_certificate: Option<Vec<u8>>,
    retired: Vec<RetiredKey>,
}

impl Keyring {
    /// A keyring whose active key has this (optional) EU DCC signer certificate.
    pub fn new(active: SigningKey, certificate: Option<Vec<u8>>) -> Self {
        Self {
            active,
            active_certificate: certificate,
            retired: Vec::new(),
        }
    }

    /// Adds a retired key.
    pub fn add_retired(&mut self, retired: RetiredKey) {
        self.retired.push(retired);
    }

    /// Makes `next` the active key; the previous one is retired and keeps verifying.
    pub fn rotate(&mut self, next: SigningKey, certificate: Option<Vec<u8>>) {
        let old_public = self.active.public_key().clone();
        let old_cert = std::mem::replace(&mut self.active_certificate, certificate);
        self.active = next;
        self.retired.push(RetiredKey {
            public: old_public,
            certificate: old_cert,
        });
    }

    /// The signing key.
    pub fn active(&self) -> &SigningKey {
        &self.active
    }

    /// The active key's EU DCC signer certificate (DER).
    pub fn active_certificate(&self) -> Option<&[u8]> {
        self.active_certificate.as_deref()
    }

    /// The retired keys.
    pub fn retired(&self) -> &[RetiredKey] {
        &self.retired
    }

    /// Every public key, active first.
    pub fn jwks(&self) -> Jwks {
        let mut keys = vec![self.active.public_key().clone()];
        keys.extend(self.retired.iter().map(|r| r.public.clone()));
        Jwks { keys }
    }

    /// A trust store with every key: EU DCC signer certificates and an SHC issuer `iss`.
    pub fn trust(&self, shc_iss: &str) -> Trust {
        let certs = self
            .active_certificate
            .iter()
            .chain(self.retired.iter().filter_map(|r| r.certificate.as_ref()));
        Trust {
            dcc_signers: certs.filter_map(|c| DccSigner::from_der(c).ok()).collect(),
            shc_issuers: vec![ShcIssuer {
                iss: Some(shc_iss.to_owned()),
                keys: self.jwks(),
            }],
        }
    }
}
