//! EU Digital COVID Certificate (`HC1:`): the hcert payload (schema 1.3.0), CWT claims, COSE_Sign1
//! with ES256, zlib and Base45 for issuing; and the full verification chain, including the quirks
//! found in the wild (two CBOR tags, kid in the unprotected header, PS256 signers, EKU OIDs in two forms).

use chrono::{DateTime, Utc};
use ciborium::Value as Cbor;
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
/// The hcert schema version written.
pub const SCHEMA_VERSION: &str = "1.3.0";
/// SNOMED CT code of COVID-19 (`tg`), the only disease EU DCC knows.
pub const COVID_19: &str = "840539006";

const ALG_ES256: i64 = -7;
const ALG_PS256: i64 = -37;
const HDR_ALG: i64 = 1;
const HDR_KID: i64 = 4;
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

/// Transliterates a name to the ICAO 9303 machine-readable form (`fnt`, `gnt`): A-Z and `<`.
pub fn icao_transliterate(name: &str) -> String {
    let mut out = String::new();
    for c in name.trim().chars().flat_map(char::to_uppercase) {
        let rep: &str = match c {
            'A'..='Z' => {
                out.push(c);
                continue;
            }
            ' ' | '-' | '\'' | ',' | '.' => "<",
            'Ä' | 'Æ' => "AE",
            'Ö' | 'Ø' | 'Œ' => "OE",
            'Ü' => "UE",
            'ß' => "SS",
            'Å' => "AA",
            'Þ' => "TH",
            'À' | 'Á' | 'Â' | 'Ã' | 'Ą' | 'Ă' | 'Ā' => "A",
            'Ç' | 'Č' | 'Ć' | 'Ĉ' | 'Ċ' => "C",
            'Ď' | 'Đ' | 'Ð' => "D",
            'È' | 'É' | 'Ê' | 'Ë' | 'Ę' | 'Ě' | 'Ē' | 'Ė' => "E",
            'Ğ' | 'Ģ' => "G",
            'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' | 'Į' | 'İ' => "I",
            'Ķ' => "K",
            'Ł' | 'Ľ' | 'Ĺ' | 'Ļ' => "L",
            'Ñ' | 'Ń' | 'Ň' | 'Ņ' => "N",
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ő' | 'Ō' => "O",
            'Ř' | 'Ŕ' => "R",
            'Š' | 'Ś' | 'Ş' | 'Ș' => "S",
            'Ť' | 'Ţ' | 'Ț' => "T",
            'Ù' | 'Ú' | 'Û' | 'Ů' | 'Ű' | 'Ū' | 'Ų' => "U",
            'Ý' | 'Ÿ' => "Y",
            'Ž' | 'Ź' | 'Ż' => "Z",
            _ => "",
        };
        out.push_str(rep);
    }
    out.chars().take(80).collect()
}

/// The hcert payload (EU DCC schema 1.3.0) of a vaccination.
pub fn hcert(content: &CertificateContent, codes: &EuCodes) -> Value {
    let h = &content.holder;
    let v = &content.vaccination;
    let mut nam = serde_json::Map::new();
    if !h.family_name.is_empty() {
        nam.insert("fn".into(), h.family_name.clone().into());
        nam.insert("fnt".into(), icao_transliterate(&h.family_name).into());
    }
    if !h.given_name.is_empty() {
        nam.insert("gn".into(), h.given_name.clone().into());
        nam.insert("gnt".into(), icao_transliterate(&h.given_name).into());
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
    let protected = cbor::to_vec(&Cbor::Map(vec![
        (
            Cbor::Integer(HDR_ALG.into()),
            Cbor::Integer(ALG_ES256.into()),
        ),
        (
            Cbor::Integer(HDR_KID.into()),
            Cbor::Bytes(kid_of_certificate(signer_certificate)),
        ),
    ]))
    .map_err(IssueError::Encode)?;
    let to_sign = sig_structure(&protected, &payload).map_err(IssueError::Encode)?;
    let signature = key.sign(&to_sign)?;
    let cose = cbor::to_vec(&Cbor::Tag(
        18,
        Box::new(Cbor::Array(vec![
            Cbor::Bytes(protected),
            Cbor::Map(Vec::new()),
            Cbor::Bytes(payload),
            Cbor::Bytes(signature),
        ])),
    ))
    .map_err(IssueError::Encode)?;
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

fn sig_structure(protected: &[u8], payload: &[u8]) -> Result<Vec<u8>, String> {
    cbor::to_vec(&Cbor::Array(vec![
        Cbor::Text("Signature1".into()),
        Cbor::Bytes(protected.to_vec()),
        Cbor::Bytes(Vec::new()),
        Cbor::Bytes(payload.to_vec()),
    ]))
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
    protected: Vec<u8>,
    payload: Vec<u8>,
    signature: Vec<u8>,
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

fn header_map(value: &Cbor) -> Result<&[(Cbor, Cbor)], Invalid> {
    match value {
        Cbor::Map(m) => Ok(m),
        _ => Err(Invalid::new(Reason::BadCbor, "a COSE header is not a map")),
    }
}

fn header_int(map: &[(Cbor, Cbor)], label: i64) -> Option<i64> {
    match cbor::map_get(map, label)? {
        Cbor::Integer(i) => i64::try_from(i128::from(*i)).ok(),
        _ => None,
    }
}

fn header_bytes(map: &[(Cbor, Cbor)], label: i64) -> Option<Vec<u8>> {
    match cbor::map_get(map, label)? {
        Cbor::Bytes(b) => Some(b.clone()),
        _ => None,
    }
}

/// Decodes COSE_Sign1 bytes (tagged 18, optionally inside CWT tag 61, or untagged) and its CWT claims.
pub fn decode_cose(bytes: &[u8]) -> Result<DecodedDcc, Invalid> {
    let mut value: Cbor = ciborium::from_reader(bytes).map_err(cbor_error)?;
    // Some issuers wrap COSE_Sign1 (tag 18) in the CWT tag 61 as well.
    while let Cbor::Tag(tag, inner) = value {
        if tag != 18 && tag != 61 {
            return Err(Invalid::new(
                Reason::BadCbor,
                format!("unexpected CBOR tag {tag} (COSE_Sign1 is 18)"),
            ));
        }
        value = *inner;
    }
    let Cbor::Array(parts) = value else {
        return Err(Invalid::new(Reason::BadCbor, "COSE_Sign1 is not an array"));
    };
    let [protected, unprotected, payload, signature] = <[Cbor; 4]>::try_from(parts)
        .map_err(|_| Invalid::new(Reason::BadCbor, "COSE_Sign1 does not have four parts"))?;
    let (Cbor::Bytes(protected), Cbor::Bytes(payload), Cbor::Bytes(signature)) =
        (protected, payload, signature)
    else {
        return Err(Invalid::new(
            Reason::BadCbor,
            "COSE_Sign1 header, payload or signature is not a byte string",
        ));
    };
    let protected_map = if protected.is_empty() {
        Cbor::Map(Vec::new())
    } else {
        ciborium::from_reader(protected.as_slice()).map_err(cbor_error)?
    };
    let pmap = header_map(&protected_map)?;
    let umap = header_map(&unprotected)?;
    let alg = header_int(pmap, HDR_ALG).or_else(|| header_int(umap, HDR_ALG));
    // A kid in the protected header wins: it is covered by the signature.
    let kid = header_bytes(pmap, HDR_KID).or_else(|| header_bytes(umap, HDR_KID));
    let claims = decode_claims(&payload)?;
    Ok(DecodedDcc {
        protected,
        payload,
        signature,
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
        let to_sign = sig_structure(&self.protected, &self.payload)
            .map_err(|e| Invalid::new(Reason::BadCbor, e))?;
        let mut last = Invalid::new(
            Reason::UnknownKey,
            "no trusted signer certificate has this key id",
        );
        for signer in trust.dcc_signers.iter().filter(|s| s.kid() == kid) {
            match signer.verify(self.alg, &to_sign, &self.signature) {
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

fn is_date(s: &str) -> bool {
    chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

fn is_date_or_datetime(s: &str) -> bool {
    is_date(s.get(..10).unwrap_or(s)) && (s.len() == 10 || s.get(10..11) == Some("T"))
}

fn is_dob(s: &str) -> bool {
    // Schema: empty, YYYY, YYYY-MM or YYYY-MM-DD (older versions also allowed a time after it).
    let date = s.split('T').next().unwrap_or_default();
    let parts: Vec<&str> = date.split('-').collect();
    let digits = |p: &str, n: usize| p.len() == n && p.bytes().all(|b| b.is_ascii_digit());
    s.is_empty()
        || match parts.as_slice() {
            [y] => digits(y, 4),
            [y, m] => digits(y, 4) && digits(m, 2),
            [_, _, _] => is_date(date),
            _ => false,
        }
}

/// Checks a hcert payload against the EU DCC schema (1.0.0 to 1.3.0): required fields, their types
/// and formats, and exactly one entry of exactly one kind. Returns the kind.
pub fn validate_dgc(dgc: &Value) -> Result<DccUsage, Invalid> {
    let bad = |m: String| Invalid::new(Reason::Schema, m);
    let obj = dgc
        .as_object()
        .ok_or_else(|| bad("the payload is not an object".into()))?;
    let ver = obj.get("ver").and_then(Value::as_str).unwrap_or_default();
    let ver_ok = {
        let p: Vec<&str> = ver.split('.').collect();
        p.len() == 3
            && p.iter()
                .all(|x| !x.is_empty() && x.bytes().all(|b| b.is_ascii_digit()))
    };
    if !ver_ok {
        return Err(bad("`ver` is missing or not a version".into()));
    }
    let nam = obj
        .get("nam")
        .and_then(Value::as_object)
        .ok_or_else(|| bad("`nam` is missing".into()))?;
    let icao = |k: &str, required: bool| -> Result<(), Invalid> {
        match nam.get(k) {
            None if !required => Ok(()),
            Some(Value::String(s))
                if s.len() <= 80 && s.bytes().all(|b| b.is_ascii_uppercase() || b == b'<') =>
            {
                Ok(())
            }
            _ => Err(bad(format!("`nam.{k}` is missing or not ICAO 9303 text"))),
        }
    };
    icao("fnt", true)?;
    icao("gnt", false)?;
    for k in ["fn", "gn"] {
        if nam.get(k).is_some_and(|v| !v.is_string()) {
            return Err(bad(format!("`nam.{k}` is not text")));
        }
    }
    match obj.get("dob").and_then(Value::as_str) {
        Some(d) if is_dob(d) => {}
        _ => return Err(bad("`dob` is missing or not a date".into())),
    }
    let kinds: Vec<(&str, &Value)> = ["v", "t", "r"]
        .iter()
        .filter_map(|k| obj.get(*k).map(|v| (*k, v)))
        .collect();
    let [(kind, entries)] = kinds.as_slice() else {
        return Err(bad("exactly one of `v`, `t`, `r` is required".into()));
    };
    let Some([entry]) = entries.as_array().map(Vec::as_slice) else {
        return Err(bad(format!("`{kind}` must hold exactly one entry")));
    };
    let e = entry
        .as_object()
        .ok_or_else(|| bad(format!("`{kind}[0]` is not an object")))?;
    let text = |k: &str| -> Result<&str, Invalid> {
        e.get(k)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .ok_or_else(|| bad(format!("`{kind}[0].{k}` is missing or not text")))
    };
    for k in ["tg", "co", "is", "ci"] {
        text(k)?;
    }
    let usage = match *kind {
        "v" => {
            for k in ["vp", "mp", "ma"] {
                text(k)?;
            }
            for k in ["dn", "sd"] {
                if !e
                    .get(k)
                    .and_then(Value::as_u64)
                    .is_some_and(|n| (1..=9).contains(&n))
                {
                    return Err(bad(format!(
                        "`v[0].{k}` must be a whole number from 1 to 9"
                    )));
                }
            }
            if !is_date_or_datetime(text("dt")?) {
                return Err(bad("`v[0].dt` is not a date".into()));
            }
            DccUsage::Vaccination
        }
        "t" => {
            for k in ["tt", "tr"] {
                text(k)?;
            }
            if !is_date_or_datetime(text("sc")?) {
                return Err(bad("`t[0].sc` is not a date-time".into()));
            }
            DccUsage::Test
        }
        _ => {
            for k in ["fr", "df", "du"] {
                if !is_date_or_datetime(text(k)?) {
                    return Err(bad(format!("`r[0].{k}` is not a date")));
                }
            }
            DccUsage::Recovery
        }
    };
    Ok(usage)
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
        Ok(()) => Verification::valid(Format::EuDcc, payload),
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
