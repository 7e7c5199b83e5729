//! What a verification says: a stable reason code, a human sentence, the format found and the
//! decoded payload, plus the trust material (signer certificates, issuer key sets) it checks against.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::eudcc::DccSigner;
use crate::keys::{Jwks, PublicKey};
use crate::revocation::RevocationList;

/// Why a certificate is valid or not; the snake_case code is stable and doubles as a message id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Everything checked out.
    Valid,
    /// The text starts with neither `HC1:` nor `shc:/`.
    BadPrefix,
    /// The text or a structure inside it ends too early.
    Truncated,
    /// The Base45 text of an EU DCC is malformed.
    BadBase45,
    /// The compressed payload does not inflate.
    BadCompression,
    /// The CBOR or COSE structure is malformed.
    BadCbor,
    /// The CWT claims are missing or malformed.
    BadClaims,
    /// The numeric `shc:/` text is malformed.
    BadNumeric,
    /// Some chunks of a chunked SMART Health Card are missing.
    MissingChunks,
    /// The JWS compact text or its header is malformed.
    BadJws,
    /// The payload is not the JSON expected.
    BadPayload,
    /// No key identifier in the message.
    KidMissing,
    /// The key identifier is not among the trusted keys.
    UnknownKey,
    /// The signature algorithm is unsupported or does not match the key.
    UnsupportedAlgorithm,
    /// The signature does not match.
    BadSignature,
    /// The signer certificate is not valid at the verification instant.
    SignerNotValid,
    /// The signer certificate may not sign this kind of certificate.
    KeyUsage,
    /// The certificate was issued after the verification instant.
    NotYetValid,
    /// The certificate expired before the verification instant.
    Expired,
    /// The payload does not follow the schema of its format.
    Schema,
    /// The certificate is on the revocation list.
    Revoked,
}

impl Reason {
    /// The stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Valid => "valid",
            Reason::BadPrefix => "bad_prefix",
            Reason::Truncated => "truncated",
            Reason::BadBase45 => "bad_base45",
            Reason::BadCompression => "bad_compression",
            Reason::BadCbor => "bad_cbor",
            Reason::BadClaims => "bad_claims",
            Reason::BadNumeric => "bad_numeric",
            Reason::MissingChunks => "missing_chunks",
            Reason::BadJws => "bad_jws",
            Reason::BadPayload => "bad_payload",
            Reason::KidMissing => "kid_missing",
            Reason::UnknownKey => "unknown_key",
            Reason::UnsupportedAlgorithm => "unsupported_algorithm",
            Reason::BadSignature => "bad_signature",
            Reason::SignerNotValid => "signer_not_valid",
            Reason::KeyUsage => "key_usage",
            Reason::NotYetValid => "not_yet_valid",
            Reason::Expired => "expired",
            Reason::Schema => "schema",
            Reason::Revoked => "revoked",
        }
    }
}

impl Reason {
    /// The Fluent message id of this reason: `cert-reason-` and the code with dashes. Every
    /// shipped locale has it, with the variable `detail` (the English explanation of the case).
    pub fn message_id(self) -> String {
        format!("cert-reason-{}", self.code().replace('_', "-"))
    }

    /// Every reason, for checks that each has its message.
    pub const ALL: &'static [Reason] = &[
        Reason::Valid,
        Reason::BadPrefix,
        Reason::Truncated,
        Reason::BadBase45,
        Reason::BadCompression,
        Reason::BadCbor,
        Reason::BadClaims,
        Reason::BadNumeric,
        Reason::MissingChunks,
        Reason::BadJws,
        Reason::BadPayload,
        Reason::KidMissing,
        Reason::UnknownKey,
        Reason::UnsupportedAlgorithm,
        Reason::BadSignature,
        Reason::SignerNotValid,
        Reason::KeyUsage,
        Reason::NotYetValid,
        Reason::Expired,
        Reason::Schema,
        Reason::Revoked,
    ];
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A failed check: the reason code and a sentence for people.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}: {message}")]
pub struct Invalid {
    /// Stable reason code.
    pub reason: Reason,
    /// Human explanation in English (the code is the message id for translations).
    pub message: String,
}

impl Invalid {
    /// A failure with this reason and explanation.
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }
}

/// Certificate formats the verifier recognises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// EU Digital COVID Certificate (`HC1:`).
    EuDcc,
    /// SMART Health Card (`shc:/`).
    Shc,
}

/// The outcome of verifying a certificate text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verification {
    /// True only when every check passed.
    pub valid: bool,
    /// Stable reason code (`valid` when valid).
    pub reason: Reason,
    /// Human explanation.
    pub message: String,
    /// The format detected, if the prefix was recognised.
    pub format: Option<Format>,
    /// The decoded payload (EU DCC `hcert` or SHC JWS payload), when it could be decoded.
    pub payload: Option<serde_json::Value>,
    /// EU DCC codes outside the official value sets their fields name. They do not make a
    /// certificate invalid (issuers used national and older codes); a verifier may show them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub unknown_codes: Vec<crate::dcc_schema::CodeFinding>,
}

impl Verification {
    /// A valid outcome.
    pub fn valid(format: Format, payload: serde_json::Value) -> Self {
        Self {
            valid: true,
            reason: Reason::Valid,
            message: "the certificate is valid".into(),
            format: Some(format),
            payload: Some(payload),
            unknown_codes: Vec::new(),
        }
    }

    /// An invalid outcome.
    pub fn invalid(
        format: Option<Format>,
        failure: Invalid,
        payload: Option<serde_json::Value>,
    ) -> Self {
        Self {
            valid: false,
            reason: failure.reason,
            message: failure.message,
            format,
            payload,
            unknown_codes: Vec::new(),
        }
    }

    /// The Fluent message id explaining this outcome: `cert-reason-` and the reason code with
    /// dashes (`cert-reason-bad-signature`). Its one variable, `detail`, is [`Verification::message`].
    pub fn message_id(&self) -> String {
        self.reason.message_id()
    }
}

/// An SMART Health Card issuer: its `iss` URL and its published key set.
#[derive(Debug, Clone)]
pub struct ShcIssuer {
    /// The issuer URL the card's `iss` must equal; `None` trusts these keys for any `iss`.
    pub iss: Option<String>,
    /// The issuer's public keys.
    pub keys: Jwks,
}

/// Keys and certificates a verifier trusts.
#[derive(Debug, Clone, Default)]
pub struct Trust {
    /// EU DCC document signer certificates.
    pub dcc_signers: Vec<DccSigner>,
    /// SMART Health Card issuers.
    pub shc_issuers: Vec<ShcIssuer>,
}

impl Trust {
    /// An empty trust store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an EU DCC signer certificate given as DER.
    pub fn add_dcc_signer_der(&mut self, der: &[u8]) -> Result<(), Invalid> {
        self.dcc_signers.push(DccSigner::from_der(der)?);
        Ok(())
    }

    /// Adds a SMART Health Card issuer with its key set.
    pub fn add_shc_issuer(&mut self, iss: Option<&str>, keys: Jwks) {
        self.shc_issuers.push(ShcIssuer {
            iss: iss.map(str::to_owned),
            keys,
        });
    }

    /// The EU DCC signer with this key identifier.
    pub fn dcc_signer(&self, kid: &[u8]) -> Option<&DccSigner> {
        self.dcc_signers.iter().find(|s| s.kid() == kid)
    }

    /// The SMART Health Card key with this `kid` for issuer `iss`.
    pub fn shc_key(&self, iss: &str, kid: &str) -> Option<&PublicKey> {
        self.shc_issuers
            .iter()
            .filter(|i| i.iss.as_deref().is_none_or(|want| want == iss))
            .find_map(|i| i.keys.find(kid))
    }
}

/// Verifies an `HC1:` or `shc:/` text (several `shc:/i/n/` chunks may be given one per line) as of `at`.
///
/// Never panics: malformed input of any kind comes back as an invalid [`Verification`].
pub fn verify(
    text: &str,
    trust: &Trust,
    at: DateTime<Utc>,
    revocations: Option<&RevocationList>,
) -> Verification {
    let text = text.trim();
    if text.starts_with("HC1:") {
        crate::eudcc::verify(text, trust, at, revocations)
    } else if text.len() >= 5
        && text
            .get(..5)
            .is_some_and(|p| p.eq_ignore_ascii_case("shc:/"))
    {
        crate::shc::verify(text, trust, at, revocations)
    } else if text.is_empty() {
        Verification::invalid(
            None,
            Invalid::new(Reason::Truncated, "the text is empty"),
            None,
        )
    } else {
        Verification::invalid(
            None,
            Invalid::new(
                Reason::BadPrefix,
                "the text starts with neither HC1: (EU DCC) nor shc:/ (SMART Health Card)",
            ),
            None,
        )
    }
}
