//! EU Digital COVID Certificate (`HC1:`): the hcert payload (the newest schema), CWT claims,
//! COSE_Sign1 (`coset`) with ES256, zlib and Base45 for issuing; and the full verification chain,
//! including the quirks found in the wild (two CBOR tags, kid in the unprotected header, PS256
//! signers, EKU OIDs in two forms). Payloads are checked against the JSON schema of the version
//! they declare ([`crate::dcc_schema`]).

use chrono::{DateTime, Utc};
use ciborium::Value as Cbor;
use coset::{
    AsCborValue, CoseSign1, CoseSign1Builder, HeaderBuilder, TaggedCborSerializable, iana,
};
use serde_json::{Value, json};
use vaxkit_profile::Vaccine;
use x509_parser::prelude::{FromDer, X509Certificate};

use crate::base45;
use crate::cbor;
use crate::content::CertificateContent;
use crate::keys::{KeyError, SigningKey};
use crate::revocation::RevocationList;
use crate::verify::{Format, Invalid, Reason, Trust, Verification};
use crate::zip;

/// The QR text prefix (context identifier) of EU DCC version 1.
pub const PREFIX: &str = "HC1:";
/// The hcert schema version written: the newest released.
pub const SCHEMA_VERSION: &str = crate::dcc_schema::NEWEST;
/// SNOMED CT code of COVID-19 (`tg`), the only disease EU DCC knows.
pub const COVID_19: &str = "840539006";

const ALG_ES256: i64 = -7;
const ALG_PS256: i64 = -37;
const CWT_ISS: i64 = 1;
const CWT_EXP: i64 = 4;
const CWT_IAT: i64 = 6;
const CWT_HCERT: i64 = -260;

/// Kinds of EU DCC, which signer certificates may restrict through extended key usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DccUsage {
    /// Test certificate (`t`).
    Test,
    /// Vaccination certificate (`v`).
    Vaccination,
    /// Recovery certificate (`r`).
    Recovery,
}

impl DccUsage {
    /// The arcs of the extended key usage OID `1.3.6.1.4.1.1847.2021.1.x`.
    pub fn oid_arcs(self) -> &'static [u64] {
        match self {
            DccUsage::Test => &[1, 3, 6, 1, 4, 1, 1847, 2021, 1, 1],
            DccUsage::Vaccination => &[1, 3, 6, 1, 4, 1, 1847, 2021, 1, 2],
            DccUsage::Recovery => &[1, 3, 6, 1, 4, 1, 1847, 2021, 1, 3],
        }
    }

    fn from_oid(oid: &str) -> Option<Self> {
        // Both the registered form and the form with an extra `.0` arc occur in signer certificates.
        let tail = oid
            .strip_prefix("1.3.6.1.4.1.1847.2021.1.")
            .or_else(|| oid.strip_prefix("1.3.6.1.4.1.0.1847.2021.1."))?;
        match tail {
            "1" => Some(DccUsage::Test),
            "2" => Some(DccUsage::Vaccination),
            "3" => Some(DccUsage::Recovery),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            DccUsage::Test => "test",
            DccUsage::Vaccination => "vaccination",
            DccUsage::Recovery => "recovery",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum SignerKey {
    /// Uncompressed P-256 point.
    Ec(Vec<u8>),
    /// DER RSAPublicKey.
    Rsa(Vec<u8>),
}

/// A document signer certificate: key, validity and allowed kinds, indexed by its 8-byte kid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DccSigner {
    der: Vec<u8>,
    kid: Vec<u8>,
    key: SignerKey,
    not_before: i64,
    not_after: i64,
    usages: Vec<DccUsage>,
}

/// The EU DCC key id of a signer certificate: the first 8 bytes of SHA-256 of its DER.
pub fn kid_of_certificate(der: &[u8]) -> Vec<u8> {
    let digest = ring::digest::digest(&ring::digest::SHA256, der);
    digest.as_ref().get(..8).unwrap_or_default().to_vec()
}

impl DccSigner {
    /// Reads an X.509 signer certificate (DER).
    pub fn from_der(der: &[u8]) -> Result<Self, Invalid> {
        let bad = |m: String| Invalid::new(Reason::UnknownKey, m);
        let (_, cert) = X509Certificate::from_der(der)
            .map_err(|e| bad(format!("the signer certificate does not parse: {e}")))?;
        let spki = cert.public_key();
        let key_bytes = spki.subject_public_key.data.to_vec();
        let key = match spki.algorithm.algorithm.to_id_string().as_str() {
            "1.2.840.10045.2.1" => SignerKey::Ec(key_bytes),
            "1.2.840.113549.1.1.1" | "1.2.840.113549.1.1.10" => SignerKey::Rsa(key_bytes),
            other => return Err(bad(format!("unsupported signer key type {other}"))),
        };
        let usages = match cert.extended_key_usage() {
            Ok(Some(eku)) => eku
                .value
                .other
                .iter()
                .filter_map(|oid| DccUsage::from_oid(&oid.to_id_string()))
                .collect(),
            _ => Vec::new(),
        };
        let validity = cert.validity();
        Ok(Self {
            kid: kid_of_certificate(der),
            der: der.to_vec(),
            key,
            not_before: validity.not_before.timestamp(),
            not_after: validity.not_after.timestamp(),
            usages,
        })
    }

    /// The key id (8 bytes).
    pub fn kid(&self) -> &[u8] {
        &self.kid
    }

    /// The certificate DER.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Whether this signer may sign this kind (no EU key usage OID at all means any kind).
    pub fn allows(&self, usage: DccUsage) -> bool {
        self.usages.is_empty() || self.usages.contains(&usage)
    }

    /// Fails unless the certificate is within its validity period at `at`.
    pub fn check_validity(&self, at: DateTime<Utc>) -> Result<(), Invalid> {
        let t = at.timestamp();
        if t < self.not_before || t > self.not_after {
            return Err(Invalid::new(
                Reason::SignerNotValid,
                "the signer certificate is outside its validity period",
            ));
        }
        Ok(())
    }

    /// Fails unless the certificate may sign this kind of certificate.
    pub fn check_usage(&self, usage: DccUsage) -> Result<(), Invalid> {
        if self.allows(usage) {
            Ok(())
        } else {
            Err(Invalid::new(
                Reason::KeyUsage,
                format!(
                    "the signer certificate may not sign {} certificates",
                    usage.name()
                ),
            ))
        }
    }

    fn verify(&self, alg: Option<i64>, message: &[u8], signature: &[u8]) -> Result<(), Invalid> {
        use ring::signature::{
            ECDSA_P256_SHA256_FIXED, RSA_PSS_2048_8192_SHA256, UnparsedPublicKey,
        };
        let ok = match (&self.key, alg) {
            (SignerKey::Ec(k), Some(ALG_ES256) | None) => {
                UnparsedPublicKey::new(&ECDSA_P256_SHA256_FIXED, k).verify(message, signature)
            }
            // ring's PSS check uses a salt as long as the digest (32 bytes), as EU DCC signers do.
            (SignerKey::Rsa(k), Some(ALG_PS256) | None) => {
                UnparsedPublicKey::new(&RSA_PSS_2048_8192_SHA256, k).verify(message, signature)
            }
            (_, Some(a)) => {
                return Err(Invalid::new(
                    Reason::UnsupportedAlgorithm,
                    format!("algorithm {a} does not fit the signer key"),
                ));
            }
        };
        ok.map_err(|_| Invalid::new(Reason::BadSignature, "the signature does not match"))
    }
}

/// EU DCC value-set codes of a vaccine: prophylaxis (`vp`), product (`mp`), authorisation holder (`ma`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EuCodes {
    /// `vp`, value set `sct-vaccines-covid-19`.
    pub prophylaxis: String,
    /// `mp`, value set `vaccines-covid-19-names`.
    pub product: String,
    /// `ma`, value set `vaccines-covid-19-auth-holders`.
    pub manufacturer: String,
}

/// Built-in EU value-set codes of common COVID-19 vaccines: names matched, then vp, mp, ma.
const BUILTIN_CODES: &[(&[&str], &str, &str, &str)] = &[
    (
        &["comirnaty", "pfizer", "biontech"],
        "1119349007",
        "EU/1/20/1528",
        "ORG-100030215",
    ),
    (
        &["spikevax", "moderna"],
        "1119349007",
        "EU/1/20/1507",
        "ORG-100031184",
    ),
    (
        &["vaxzevria", "astrazeneca"],
        "J07BX03",
        "EU/1/21/1529",
        "ORG-100001699",
    ),
    (
        &["jcovden", "janssen", "ad26"],
        "J07BX03",
        "EU/1/20/1525",
        "ORG-100001417",
    ),
    (
        &["nuvaxovid", "novavax"],
        "J07BX03",
        "EU/1/21/1618",
        "ORG-100032020",
    ),
    (
        &["covishield", "serum institute"],
        "J07BX03",
        "Covishield",
        "ORG-100001981",
    ),
    (
        &["covaxin", "bharat"],
        "J07BX03",
        "Covaxin",
        "Bharat-Biotech",
    ),
    (
        &["coronavac", "sinovac"],
        "J07BX03",
        "CoronaVac",
        "Sinovac-Biotech",
    ),
    (
        &["bbibp-corv", "sinopharm"],
        "J07BX03",
        "BBIBP-CorV",
        "ORG-100020693",
    ),
    (
        &["sputnik", "gamaleya"],
        "J07BX03",
        "Sputnik-V",
        "Gamaleya-Research-Institute",
    ),
];

impl EuCodes {
    /// Codes from the built-in table, matching a product code, brand or manufacturer name.
    pub fn builtin(names: &[&str]) -> Option<Self> {
        let lower: Vec<String> = names.iter().map(|n| n.to_lowercase()).collect();
        BUILTIN_CODES
            .iter()
            .find(|(keys, ..)| keys.iter().any(|k| lower.iter().any(|n| n.contains(k))))
            .map(|(_, vp, mp, ma)| Self {
                prophylaxis: (*vp).into(),
                product: (*mp).into(),
                manufacturer: (*ma).into(),
            })
    }

    /// Codes for a profile vaccine: its `codes.eu_*` keys, each missing one from the built-in table.
    pub fn for_vaccine(vaccine: &Vaccine) -> Option<Self> {
        let builtin = Self::builtin(&[&vaccine.code, &vaccine.name, &vaccine.manufacturer]);
        let c = &vaccine.codes;
        let pick = |own: &Option<String>, fallback: Option<&String>| {
            own.clone().or_else(|| fallback.cloned())
        };
        Some(Self {
            prophylaxis: pick(&c.eu_prophylaxis, builtin.as_ref().map(|b| &b.prophylaxis))?,
            product: pick(&c.eu_product, builtin.as_ref().map(|b| &b.product))?,
            manufacturer: pick(
                &c.eu_manufacturer,
                builtin.as_ref().map(|b| &b.manufacturer),
            )?,
        })
    }
}

/// Transliterates a name to the ICAO 9303 machine-readable form (`fnt`, `gnt`): A-Z and `<`;
/// empty when a letter of the name is in no ICAO table (see [`crate::icao`]).
pub fn icao_transliterate(name: &str) -> String {
    crate::icao::transliterate(name).unwrap_or_default()
}

/// The hcert payload (the newest EU DCC schema) of a vaccination. The standardised names come
/// from the content's Latin-script name when it has one, else from the name as written.
pub fn hcert(content: &CertificateContent, codes: &EuCodes) -> Value {
    let h = &content.holder;
    let v = &content.vaccination;
    let latin = content.latin_name.as_ref();
    let standard = |written: &str, latin: Option<&str>| {
        latin
            .filter(|l| !l.trim().is_empty())
            .map(icao_transliterate)
            .unwrap_or_else(|| icao_transliterate(written))
    };
    let mut nam = serde_json::Map::new();
    if !h.family_name.is_empty() {
        nam.insert("fn".into(), h.family_name.clone().into());
        let fnt = standard(&h.family_name, latin.map(|l| l.family_name.as_str()));
        if !fnt.is_empty() {
            nam.insert("fnt".into(), fnt.into());
        }
    }
    if !h.given_name.is_empty() {
        nam.insert("gn".into(), h.given_name.clone().into());
        let gnt = standard(&h.given_name, latin.map(|l| l.given_name.as_str()));
        if !gnt.is_empty() {
            nam.insert("gnt".into(), gnt.into());
        }
    }
    json!({
        "ver": SCHEMA_VERSION,
        "nam": nam,
        "dob": h.birth_date.iso(),
        "v": [{
            "tg": COVID_19,
            "vp": codes.prophylaxis,
            "mp": codes.product,
            "ma": codes.manufacturer,
            "dn": v.dose,
            "sd": v.total_doses.max(v.dose),
            "dt": v.date.format("%Y-%m-%d").to_string(),
            "co": v.country,
            "is": content.issuer,
            "ci": content.certificate_id,
        }]
    })
}

/// Why an EU DCC could not be issued.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IssueError {
    /// Signing failed.
    #[error(transparent)]
    Key(#[from] KeyError),
    /// The payload could not be encoded.
    #[error("cannot encode the payload: {0}")]
    Encode(String),
    /// The payload breaks the newest schema or uses a code outside the EU value sets.
    #[error("the payload is not a valid EU DCC: {0}")]
    Payload(String),
    /// Neither name has an ICAO 9303 form: the person's name needs a Latin-script form.
    #[error("the name has no ICAO 9303 transliteration: a Latin-script name is needed")]
    NeedsLatinName,
}

/// The pieces of an issued EU DCC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedDcc {
    /// The QR text, `HC1:` then Base45.
    pub text: String,
    /// The COSE_Sign1 bytes before compression.
    pub cose: Vec<u8>,
}

/// Signs a hcert payload: CWT (iss, iat, exp, hcert) in COSE_Sign1 (ES256, kid of the signer
/// certificate in the protected header), zlib, Base45, `HC1:`.
pub fn sign_hcert(
    dgc: &Value,
    issuer_country: &str,
    key: &SigningKey,
    signer_certificate: &[u8],
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<IssuedDcc, IssueError> {
    let claims = Cbor::Map(vec![
        (
            Cbor::Integer(CWT_ISS.into()),
            Cbor::Text(issuer_country.into()),
        ),
        (
            Cbor::Integer(CWT_IAT.into()),
            Cbor::Integer(issued_at.timestamp().into()),
        ),
        (
            Cbor::Integer(CWT_EXP.into()),
            Cbor::Integer(expires_at.timestamp().into()),
        ),
        (
            Cbor::Integer(CWT_HCERT.into()),
            Cbor::Map(vec![(Cbor::Integer(1.into()), cbor::from_json(dgc))]),
        ),
    ]);
    let payload = cbor::to_vec(&claims).map_err(IssueError::Encode)?;
    let protected = HeaderBuilder::new()
        .algorithm(iana::Algorithm::ES256)
        .key_id(kid_of_certificate(signer_certificate))
        .build();
    let sign1 = CoseSign1Builder::new()
        .protected(protected)
        .payload(payload)
        .try_create_signature(&[], |to_sign| key.sign(to_sign))?
        .build();
    let cose = sign1
        .to_tagged_vec()
        .map_err(|e| IssueError::Encode(e.to_string()))?;
    let text = format!("{PREFIX}{}", base45::encode(&zip::zlib(&cose)));
    Ok(IssuedDcc { text, cose })
}

/// Issues the EU DCC of a vaccination: [`hcert`] signed by [`sign_hcert`]; returns the `HC1:` text.
pub fn issue(
    content: &CertificateContent,
    codes: &EuCodes,
    key: &SigningKey,
    signer_certificate: &[u8],
    issued_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<String, IssueError> {
    let dgc = hcert(content, codes);
    let named = dgc
        .get("nam")
        .is_some_and(|n| n.get("fnt").is_some() || n.get("gnt").is_some());
    if !named {
        return Err(IssueError::NeedsLatinName);
    }
    crate::dcc_schema::validate_for_issue(&dgc).map_err(IssueError::Payload)?;
    let country = content.vaccination.country.clone();
    sign_hcert(
        &dgc,
        &country,
        key,
        signer_certificate,
        issued_at,
        expires_at,
    )
    .map(|i| i.text)
}

/// The CWT claims of an EU DCC.
#[derive(Debug, Clone, PartialEq)]
pub struct CwtClaims {
    /// Issuer country (claim 1).
    pub iss: Option<String>,
    /// Issued at, Unix seconds (claim 6).
    pub iat: Option<i64>,
    /// Expires at, Unix seconds (claim 4).
    pub exp: Option<i64>,
    /// The hcert v1 payload (claim -260, key 1), as JSON.
    pub dgc: Value,
}

/// A decoded, not yet verified, COSE_Sign1 EU DCC.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedDcc {
    sign1: CoseSign1,
    /// Signature algorithm (protected header first, else unprotected).
    pub alg: Option<i64>,
    /// Key id (protected header first, else unprotected).
    pub kid: Option<Vec<u8>>,
    /// The CWT claims.
    pub claims: CwtClaims,
}

/// Removes the `HC1:` prefix.
pub fn unprefix(text: &str) -> Result<&str, Invalid> {
    text.trim()
        .strip_prefix(PREFIX)
        .ok_or_else(|| Invalid::new(Reason::BadPrefix, "an EU DCC starts with HC1:"))
}

/// Decodes the Base45 text.
pub fn decode_base45(text: &str) -> Result<Vec<u8>, Invalid> {
    base45::decode(text).map_err(|e| match e {
        base45::Base45Error::Truncated => Invalid::new(
            Reason::Truncated,
            "the Base45 text ends in the middle of a group",
        ),
        base45::Base45Error::BadCharacter(p) => Invalid::new(
            Reason::BadBase45,
            format!("character {} is not Base45", p + 1),
        ),
        base45::Base45Error::Overflow(p) => Invalid::new(
            Reason::BadBase45,
            format!("the Base45 group at character {} is out of range", p + 1),
        ),
    })
}

/// Inflates the zlib data (EU DCC payloads must be compressed).
pub fn inflate(data: &[u8]) -> Result<Vec<u8>, Invalid> {
    zip::inflate_zlib(data)
}

fn cbor_error<E: std::fmt::Debug>(e: ciborium::de::Error<E>) -> Invalid {
    match e {
        ciborium::de::Error::Io(_) => Invalid::new(Reason::Truncated, "the CBOR data ends early"),
        other => Invalid::new(Reason::BadCbor, format!("malformed CBOR: {other:?}")),
    }
}

/// A COSE algorithm as its integer label.
fn alg_label(alg: &coset::Algorithm) -> Option<i64> {
    match alg {
        coset::RegisteredLabelWithPrivate::Assigned(a) => Some(*a as i64),
        coset::RegisteredLabelWithPrivate::PrivateUse(i) => Some(*i),
        coset::RegisteredLabelWithPrivate::Text(_) => None,
    }
}

/// Decodes COSE_Sign1 bytes (tagged 18, optionally inside CWT tag 61, or untagged) and its CWT claims.
pub fn decode_cose(bytes: &[u8]) -> Result<DecodedDcc, Invalid> {
    let mut value: Cbor = ciborium::from_reader(bytes).map_err(cbor_error)?;
    // Some issuers wrap COSE_Sign1 (tag 18) in the CWT tag 61 as well, which coset refuses:
    // the tags come off here, and coset reads the untagged structure.
    while let Cbor::Tag(tag, inner) = value {
        if tag != 18 && tag != 61 {
            return Err(Invalid::new(
                Reason::BadCbor,
                format!("unexpected CBOR tag {tag} (COSE_Sign1 is 18)"),
            ));
        }
        value = *inner;
    }
    let sign1 = CoseSign1::from_cbor_value(value)
        .map_err(|e| Invalid::new(Reason::BadCbor, format!("not a COSE_Sign1: {e}")))?;
    let protected = &sign1.protected.header;
    let unprotected = &sign1.unprotected;
    let alg = protected
        .alg
        .as_ref()
        .or(unprotected.alg.as_ref())
        .and_then(alg_label);
    // A kid in the protected header wins: it is covered by the signature.
    let kid = [&protected.key_id, &unprotected.key_id]
        .into_iter()
        .find(|k| !k.is_empty())
        .cloned();
    let payload = sign1
        .payload
        .as_deref()
        .ok_or_else(|| Invalid::new(Reason::BadCbor, "COSE_Sign1 has no payload"))?;
    let claims = decode_claims(payload)?;
    Ok(DecodedDcc {
        sign1,
        alg,
        kid,
        claims,
    })
}

fn decode_claims(payload: &[u8]) -> Result<CwtClaims, Invalid> {
    let bad = |m: &str| Invalid::new(Reason::BadClaims, m);
    let value: Cbor = ciborium::from_reader(payload).map_err(|e| match cbor_error(e) {
        i if i.reason == Reason::Truncated => i,
        i => Invalid::new(Reason::BadClaims, i.message),
    })?;
    let Cbor::Map(map) = value else {
        return Err(bad("the CWT payload is not a map"));
    };
    let iss = match cbor::map_get(&map, CWT_ISS) {
        Some(Cbor::Text(s)) => Some(s.clone()),
        _ => None,
    };
    let iat = cbor::map_get(&map, CWT_IAT).and_then(cbor::as_seconds);
    let exp = cbor::map_get(&map, CWT_EXP).and_then(cbor::as_seconds);
    let Some(Cbor::Map(hcert)) = cbor::map_get(&map, CWT_HCERT) else {
        return Err(bad("the CWT has no hcert claim (-260)"));
    };
    let dgc = match cbor::map_get(hcert, 1) {
        Some(d @ Cbor::Map(_)) => d,
        _ => return Err(bad("the hcert claim has no v1 payload map")),
    };
    let dgc = cbor::to_json(dgc).map_err(|e| Invalid::new(Reason::BadClaims, e))?;
    Ok(CwtClaims { iss, iat, exp, dgc })
}

impl DecodedDcc {
    /// Checks the signature with the trusted signers whose kid the message names (kids may
    /// collide, so each is tried); returns the signer that verified it.
    pub fn verify_signature<'t>(&self, trust: &'t Trust) -> Result<&'t DccSigner, Invalid> {
        let kid = self
            .kid
            .as_deref()
            .ok_or_else(|| Invalid::new(Reason::KidMissing, "the certificate names no key id"))?;
        // coset keeps the protected header's bytes as received, which is what was signed.
        let to_sign = self.sign1.tbs_data(&[]);
        let mut last = Invalid::new(
            Reason::UnknownKey,
            "no trusted signer certificate has this key id",
        );
        for signer in trust.dcc_signers.iter().filter(|s| s.kid() == kid) {
            match signer.verify(self.alg, &to_sign, &self.sign1.signature) {
                Ok(()) => return Ok(signer),
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    /// Checks the CWT issued-at and expiry against `at`.
    pub fn check_times(&self, at: DateTime<Utc>) -> Result<(), Invalid> {
        let t = at.timestamp();
        if self.claims.iat.is_some_and(|iat| iat > t) {
            return Err(Invalid::new(
                Reason::NotYetValid,
                "the certificate was issued after the verification time",
            ));
        }
        if self.claims.exp.is_some_and(|exp| exp < t) {
            return Err(Invalid::new(Reason::Expired, "the certificate has expired"));
        }
        Ok(())
    }
}

/// Checks a hcert payload against the official JSON schema of the version it declares
/// ([`crate::dcc_schema::validate`]) and that it holds exactly one kind of entry; returns the kind.
pub fn validate_dgc(dgc: &Value) -> Result<DccUsage, Invalid> {
    // Some issuers write the kinds a certificate does not hold as null; a verifier reads them as
    // absent (the EU's advice to be liberal in what it accepts), and the schema sees them so.
    let mut dgc = dgc.clone();
    if let Some(o) = dgc.as_object_mut() {
        o.retain(|k, v| !(matches!(k.as_str(), "v" | "t" | "r") && v.is_null()));
    }
    crate::dcc_schema::validate(&dgc)?;
    let kinds: Vec<&str> = ["v", "t", "r"]
        .into_iter()
        .filter(|k| dgc.get(*k).is_some())
        .collect();
    match kinds.as_slice() {
        ["v"] => Ok(DccUsage::Vaccination),
        ["t"] => Ok(DccUsage::Test),
        ["r"] => Ok(DccUsage::Recovery),
        _ => Err(Invalid::new(
            Reason::Schema,
            "exactly one of `v`, `t`, `r` is required",
        )),
    }
}

/// Verifies an `HC1:` text as of `at`: prefix, Base45, zlib, COSE, signature (kid lookup in
/// `trust`), signer validity and key usage, CWT times, schema and revocation.
pub fn verify(
    text: &str,
    trust: &Trust,
    at: DateTime<Utc>,
    revocations: Option<&RevocationList>,
) -> Verification {
    let fail =
        |e: Invalid, payload: Option<Value>| Verification::invalid(Some(Format::EuDcc), e, payload);
    let decoded = match unprefix(text)
        .and_then(decode_base45)
        .and_then(|b| inflate(&b))
        .and_then(|c| decode_cose(&c))
    {
        Ok(d) => d,
        Err(e) => return fail(e, None),
    };
    let payload = json!({
        "iss": decoded.claims.iss,
        "iat": decoded.claims.iat,
        "exp": decoded.claims.exp,
        "hcert": decoded.claims.dgc,
    });
    let checks = || -> Result<(), Invalid> {
        let signer = decoded.verify_signature(trust)?;
        signer.check_validity(at)?;
        decoded.check_times(at)?;
        let usage = validate_dgc(&decoded.claims.dgc)?;
        signer.check_usage(usage)?;
        if let Some(list) = revocations {
            let ids = ["v", "t", "r"]
                .iter()
                .filter_map(|k| decoded.claims.dgc.get(*k)?.get(0)?.get("ci")?.as_str());
            for ci in ids {
                if list.is_revoked(ci) {
                    return Err(Invalid::new(
                        Reason::Revoked,
                        "the certificate has been revoked",
                    ));
                }
            }
        }
        Ok(())
    };
    match checks() {
        Ok(()) => {
            let mut v = Verification::valid(Format::EuDcc, payload);
            v.unknown_codes = crate::dcc_schema::unknown_codes(&decoded.claims.dgc);
            v
        }
        Err(e) => fail(e, Some(payload)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliteration_follows_icao() {
        assert_eq!(
            icao_transliterate("Musterfrau-Gößinger"),
            "MUSTERFRAU<GOESSINGER"
        );
        assert_eq!(icao_transliterate("Jean Pierre"), "JEAN<PIERRE");
        assert_eq!(icao_transliterate("Dvořák"), "DVORAK");
    }

    #[test]
    fn the_declared_schema_decides_what_is_accepted() {
        let c = crate::content::tests::sample();
        let codes = EuCodes::builtin(&["comirnaty"]).unwrap_or_else(|| EuCodes {
            prophylaxis: String::new(),
            product: String::new(),
            manufacturer: String::new(),
        });
        let mut dgc = hcert(&c, &codes);
        // The unused kinds written as null are read as absent.
        dgc["t"] = Value::Null;
        dgc["r"] = Value::Null;
        assert_eq!(validate_dgc(&dgc), Ok(DccUsage::Vaccination));
        // An empty issuer is allowed by the schema (no minimum length).
        dgc["v"][0]["is"] = json!("");
        assert_eq!(validate_dgc(&dgc), Ok(DccUsage::Vaccination));
        // 1.0.0 took a date-time for the date of vaccination (`format` is an annotation).
        dgc["ver"] = json!("1.0.0");
        dgc["v"][0]["dt"] = json!("2021-02-18T10:00:00Z");
        assert_eq!(validate_dgc(&dgc), Ok(DccUsage::Vaccination));
        // A string dose number is refused, and the verdict names the path.
        dgc["v"][0]["dn"] = json!("1");
        let e = validate_dgc(&dgc)
            .err()
            .map(|e| e.message)
            .unwrap_or_default();
        assert!(e.contains("/v/0/dn"), "{e}");
    }

    #[test]
    fn names_without_an_icao_form_need_the_latin_name() {
        let mut c = crate::content::tests::sample();
        c.holder.family_name = "ศรีสุข".into();
        c.holder.given_name = "สมชาย".into();
        let codes = EuCodes::builtin(&["comirnaty"]).unwrap_or_else(|| EuCodes {
            prophylaxis: String::new(),
            product: String::new(),
            manufacturer: String::new(),
        });
        let dgc = hcert(&c, &codes);
        assert!(dgc["nam"].get("fnt").is_none() && dgc["nam"].get("gnt").is_none());
        assert_eq!(dgc["nam"]["fn"], "ศรีสุข");
        c.latin_name = Some(crate::content::LatinName {
            family_name: "Srisuk".into(),
            given_name: "Somchai".into(),
        });
        let dgc = hcert(&c, &codes);
        assert_eq!(dgc["nam"]["fnt"], "SRISUK");
        assert_eq!(dgc["nam"]["gnt"], "SOMCHAI");
        assert_eq!(dgc["nam"]["fn"], "ศรีสุข", "the name as written stays");
        assert_eq!(validate_dgc(&dgc), Ok(DccUsage::Vaccination));
    }

    #[test]
    fn key_usage_oids_in_both_forms() {
        assert_eq!(
            DccUsage::from_oid("1.3.6.1.4.1.1847.2021.1.2"),
            Some(DccUsage::Vaccination)
        );
        assert_eq!(
            DccUsage::from_oid("1.3.6.1.4.1.0.1847.2021.1.1"),
            Some(DccUsage::Test)
        );
        assert_eq!(DccUsage::from_oid("1.3.6.1.4.1.1847.2021.1.4"), None);
    }

    #[test]
    fn builtin_codes_by_name() {
        let c = EuCodes::builtin(&["x", "Comirnaty"]);
        assert_eq!(c.map(|c| c.product), Some("EU/1/20/1528".to_owned()));
        assert!(EuCodes::builtin(&["measles"]).is_none());
    }

    #[test]
    fn schema_rejects_missing_and_multiple() {
        let good = hcert(
            &crate::content::tests::sample(),
            &EuCodes::builtin(&["comirnaty"]).unwrap_or_else(|| EuCodes {
                prophylaxis: String::new(),
                product: String::new(),
                manufacturer: String::new(),
            }),
        );
        assert_eq!(validate_dgc(&good), Ok(DccUsage::Vaccination));
        let mut two = good.clone();
        if let Some(o) = two.as_object_mut() {
            o.insert("t".into(), json!([{}]));
        }
        assert_eq!(
            validate_dgc(&two).map_err(|e| e.reason),
            Err(Reason::Schema)
        );
        let mut no_dn = good.clone();
        if let Some(e) = no_dn.pointer_mut("/v/0").and_then(Value::as_object_mut) {
            e.remove("dn");
        }
        assert!(validate_dgc(&no_dn).is_err());
        let mut bad_dob = good;
        if let Some(o) = bad_dob.as_object_mut() {
            o.insert("dob".into(), json!("26.02.1998"));
        }
        assert!(validate_dgc(&bad_dob).is_err());
    }
}
