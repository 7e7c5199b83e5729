//! Vaccination certificates: payloads (EU DCC, SMART Health Card, WHO DDCC:VS), signing, QR and verification.
//!
//! A pure library: no HTTP, no SQL, no clock (every instant is a parameter), no panics on input.
//!
//! # Issuing
//!
//! 1. Fill a [`CertificateContent`] (WHO DDCC:VS core data set) from a recorded dose, e.g. with
//!    [`CertificateContent::from_profile`]; [`CertificateContent::kind`] says provisional, final or
//!    booster. Certificate ids come from [`uvci::generate`] / [`uvci::from_unique`].
//! 2. Keys: [`SigningKey::generate`], [`SigningKey::from_pem`], [`SigningKey::from_env`];
//!    [`SigningKey::self_signed_certificate`] makes the EU DCC signer certificate; a [`Keyring`]
//!    holds the active key and retired ones, exports [`Keyring::jwks`] and [`Keyring::trust`].
//! 3. Formats:
//!    - EU DCC: [`eudcc::issue`]`(content, &EuCodes, key, signer_cert_der, issued_at, expires_at)`
//!      gives the `HC1:` text; codes come from [`EuCodes::for_vaccine`] (profile `codes.eu_*`, else a
//!      built-in table) or are passed in. The payload is checked against the newest official schema
//!      and the EU value sets ([`dcc_schema`]); names get their ICAO 9303 form ([`icao`]), from the
//!      content's [`LatinName`] when the name is in a script no ICAO table covers.
//!    - SMART Health Card: [`shc::issue`]`(content, cvx, key, iss, nbf)` gives the JWS and its
//!      `shc:/` QR texts (chunked when long); [`shc::IssuedShc::file`] the `.smart-health-card` file.
//!    - WHO DDCC:VS FHIR: [`fhir::ddcc_document`]; FHIR Immunizations of a person: [`fhir::immunizations`].
//! 4. QR: [`qr::svg`], [`qr::png`]; reading a photo or scan: [`qr::read`]. Printable PDF in the
//!    holder's language: [`pdf::Renderer::render`].
//! 5. Revocation: [`RevocationList::sign`] publishes a signed list; verifiers [`RevocationList::load`] it.
//!
//! # Verifying
//!
//! [`verify()`]`(text, &trust, at, revocations)` detects `HC1:` or `shc:/` and returns a
//! [`Verification`] `{ valid, reason, message, format, payload, unknown_codes }`; [`Reason::code`]
//! is a stable snake_case code and [`Reason::message_id`] its Fluent message (`cert-reason-*`, with
//! the English `message` as its `detail` variable). An EU DCC payload is checked against the JSON
//! schema of the version it declares ([`dcc_schema::validate`]). The steps of each format are public too ([`eudcc::decode_cose`],
//! [`shc::reassemble`], ...).

pub mod base45;
mod cbor;
pub mod content;
pub mod dcc_schema;
pub mod eudcc;
pub mod fhir;
pub mod icao;
pub mod keys;
pub mod keystore;
/// Printable A4 certificates in PDF, with shaped text in every shipped script and vector QR codes.
pub mod pdf;
pub mod qr;
pub mod revocation;
pub mod shc;
pub mod uvci;
pub mod verify;
mod zip;

pub use content::{
    BirthDate, CertificateContent, CertificateKind, Holder, Identifier, IdentifierKind, LatinName,
    Vaccination,
};
pub use eudcc::{DccSigner, DccUsage, EuCodes};
pub use keys::{
    Jwks, KeyError, Keyring, PublicKey, RetiredKey, SignerCertificateRequest, SigningKey,
};
pub use revocation::RevocationList;
pub use verify::{Format, Invalid, Reason, ShcIssuer, Trust, Verification, verify};
