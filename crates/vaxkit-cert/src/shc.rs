//! SMART Health Cards (`shc:/`): a FHIR R4 Bundle (Patient and Immunization, CVX codes) in a
//! verifiable credential, signed as a compact JWS (ES256, raw DEFLATE, RFC 7638 kid), written as
//! numeric QR text and, when longer than one QR holds, split into balanced `shc:/i/n/` chunks.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::content::CertificateContent;
use crate::keys::{KeyError, PublicKey, SigningKey};
use crate::revocation::{RevocationList, revocation_key};
use crate::verify::{Format, Invalid, Reason, Trust, Verification};
use crate::zip;

/// The prefix of SMART Health Card QR text.
pub const PREFIX: &str = "shc:/";
/// A JWS longer than this is split over several QR codes.
pub const MAX_SINGLE_JWS: usize = 1195;
/// The largest chunk when splitting.
pub const MAX_CHUNK: usize = 1191;
/// CVX code system URI.
pub const CVX: &str = "http://hl7.org/fhir/sid/cvx";

/// Credential types of a COVID-19 immunization card.
pub const TYPES: [&str; 3] = [
    "https://smarthealth.cards#health-card",
    "https://smarthealth.cards#immunization",
    "https://smarthealth.cards#covid19",
];

/// Signs `payload` as a compact JWS with ES256 and this header (its `alg` must say ES256).
pub(crate) fn jws_sign(
    key: &SigningKey,
    header: &Value,
    payload: &[u8],
) -> Result<String, KeyError> {
    let header = serde_json::to_vec(header).map_err(|_| KeyError::Sign)?;
    let mut text = URL_SAFE_NO_PAD.encode(header);
    text.push('.');
    text.push_str(&URL_SAFE_NO_PAD.encode(payload));
    let signature = key.sign(text.as_bytes())?;
    text.push('.');
    text.push_str(&URL_SAFE_NO_PAD.encode(signature));
    Ok(text)
}

/// Checks a compact ES256 JWS, finding the key by the header `kid`; returns header and raw payload.
pub(crate) fn jws_verify(
    jws: &str,
    lookup: impl Fn(&str) -> Option<PublicKey>,
) -> Result<(Value, Vec<u8>), Invalid> {
    let (header, payload, signature, signed) = jws_parts(jws)?;
    check_header(&header)?;
    let kid = header_kid(&header)?;
    let key = lookup(kid)
        .ok_or_else(|| Invalid::new(Reason::UnknownKey, format!("no trusted key has kid {kid}")))?;
    if !key.verify(signed.as_bytes(), &signature) {
        return Err(Invalid::new(
            Reason::BadSignature,
            "the signature does not match",
        ));
    }
    Ok((header, payload))
}

type JwsParts<'a> = (Value, Vec<u8>, Vec<u8>, &'a str);

fn jws_parts(jws: &str) -> Result<JwsParts<'_>, Invalid> {
    let bad = |m: &str| Invalid::new(Reason::BadJws, m);
    let mut parts = jws.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad("a compact JWS has three parts separated by dots"));
    };
    let decode = |part: &str, what: &str| {
        URL_SAFE_NO_PAD
            .decode(part)
            .map_err(|_| bad(&format!("the JWS {what} is not base64url")))
    };
    let header: Value = serde_json::from_slice(&decode(h, "header")?)
        .map_err(|_| bad("the JWS header is not JSON"))?;
    let signed_len = h.len() + 1 + p.len();
    let signed = jws.get(..signed_len).unwrap_or_default();
    Ok((
        header,
        decode(p, "payload")?,
        decode(s, "signature")?,
        signed,
    ))
}

fn check_header(header: &Value) -> Result<(), Invalid> {
    match header.get("alg").and_then(Value::as_str) {
        Some("ES256") => Ok(()),
        other => Err(Invalid::new(
            Reason::UnsupportedAlgorithm,
            format!(
                "the JWS algorithm is {}, not ES256",
                other.unwrap_or("missing")
            ),
        )),
    }
}

fn header_kid(header: &Value) -> Result<&str, Invalid> {
    header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or_else(|| Invalid::new(Reason::KidMissing, "the JWS header names no kid"))
}

/// Encodes a JWS as numeric QR text (each character minus 45, two digits), without the prefix.
pub fn to_numeric(jws: &str) -> String {
    let mut out = String::with_capacity(jws.len() * 2);
    for b in jws.bytes() {
        let v = b.saturating_sub(45);
        out.push(char::from(b'0' + v / 10 % 10));
        out.push(char::from(b'0' + v % 10));
    }
    out
}

/// Decodes numeric QR text (without the prefix) back into the JWS.
pub fn from_numeric(digits: &str) -> Result<String, Invalid> {
    let bytes = digits.as_bytes();
    if bytes.len() % 2 == 1 {
        return Err(Invalid::new(
            Reason::Truncated,
            "the numeric text has an odd length",
        ));
    }
    let mut out = String::with_capacity(bytes.len() / 2);
    for pair in bytes.chunks(2) {
        let [a, b] = *pair else {
            return Err(Invalid::new(
                Reason::Truncated,
                "the numeric text ends early",
            ));
        };
        if !a.is_ascii_digit() || !b.is_ascii_digit() {
            return Err(Invalid::new(
                Reason::BadNumeric,
                "the numeric text holds a non-digit",
            ));
        }
        let v = (a - b'0') * 10 + (b - b'0');
        if v > b'z' - 45 {
            return Err(Invalid::new(
                Reason::BadNumeric,
                "a digit pair is out of range",
            ));
        }
        out.push(char::from(v + 45));
    }
    Ok(out)
}

/// The QR texts of a JWS: one `shc:/...`, or balanced `shc:/i/n/...` chunks when it is too long.
pub fn qr_texts(jws: &str) -> Vec<String> {
    if jws.len() <= MAX_SINGLE_JWS {
        return vec![format!("{PREFIX}{}", to_numeric(jws))];
    }
    let count = jws.len().div_ceil(MAX_CHUNK);
    let size = jws.len().div_ceil(count);
    let bytes = jws.as_bytes();
    bytes
        .chunks(size)
        .enumerate()
        .map(|(i, chunk)| {
            let text = String::from_utf8_lossy(chunk);
            format!("{PREFIX}{}/{count}/{}", i + 1, to_numeric(&text))
        })
        .collect()
}

/// Reassembles the JWS from one `shc:/` text or all chunks of a chunked card, in any order.
pub fn reassemble<S: AsRef<str>>(texts: &[S]) -> Result<String, Invalid> {
    let mut chunks: Vec<Option<String>> = Vec::new();
    let mut total = None;
    for text in texts {
        let text = text.as_ref().trim();
        let body = text
            .get(..PREFIX.len())
            .filter(|p| p.eq_ignore_ascii_case(PREFIX))
            .and_then(|_| text.get(PREFIX.len()..))
            .ok_or_else(|| {
                Invalid::new(Reason::BadPrefix, "a SMART Health Card starts with shc:/")
            })?;
        let parts: Vec<&str> = body.split('/').collect();
        match parts.as_slice() {
            [digits] => {
                if texts.len() != 1 {
                    return Err(Invalid::new(
                        Reason::BadNumeric,
                        "an unchunked card cannot be mixed with other texts",
                    ));
                }
                return from_numeric(digits);
            }
            [i, n, digits] => {
                let bad = || Invalid::new(Reason::BadNumeric, "bad chunk numbers");
                let i: usize = i.parse().map_err(|_| bad())?;
                let n: usize = n.parse().map_err(|_| bad())?;
                if n == 0 || n > 99 || i == 0 || i > n || total.is_some_and(|t| t != n) {
                    return Err(bad());
                }
                total = Some(n);
                chunks.resize(n, None);
                if let Some(slot) = chunks.get_mut(i - 1) {
                    *slot = Some(from_numeric(digits)?);
                }
            }
            _ => {
                return Err(Invalid::new(Reason::BadNumeric, "malformed shc:/ text"));
            }
        }
    }
    let missing: Vec<String> = chunks
        .iter()
        .enumerate()
        .filter(|(_, c)| c.is_none())
        .map(|(i, _)| (i + 1).to_string())
        .collect();
    if chunks.is_empty() || !missing.is_empty() {
        return Err(Invalid::new(
            Reason::MissingChunks,
            format!("chunks missing: {}", missing.join(", ")),
        ));
    }
    Ok(chunks.into_iter().flatten().collect())
}

/// The FHIR R4 Bundle of a card: `resource:0` Patient and `resource:1` Immunization.
///
/// `cvx` is the CVX code of the vaccine (profile `codes.cvx`).
pub fn fhir_bundle(content: &CertificateContent, cvx: &str) -> Value {
    let h = &content.holder;
    let v = &content.vaccination;
    let mut name = serde_json::Map::new();
    name.insert("family".into(), h.family_name.clone().into());
    if !h.given_name.is_empty() {
        name.insert(
            "given".into(),
            h.given_name.split_whitespace().collect::<Vec<_>>().into(),
        );
    }
    let mut immunization = json!({
        "resourceType": "Immunization",
        "status": "completed",
        "vaccineCode": {"coding": [{"system": CVX, "code": cvx}]},
        "patient": {"reference": "resource:0"},
        "occurrenceDateTime": v.date.format("%Y-%m-%d").to_string(),
        "performer": [{"actor": {"display": if v.centre.is_empty() { &content.issuer } else { &v.centre }}}],
    });
    if let (Some(lot), Some(obj)) = (&v.lot, immunization.as_object_mut()) {
        obj.insert("lotNumber".into(), lot.clone().into());
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "resource:0", "resource": {
                "resourceType": "Patient",
                "name": [name],
                "birthDate": h.birth_date.iso(),
            }},
            {"fullUrl": "resource:1", "resource": immunization},
        ]
    })
}

/// The JWS payload of a card: issuer, not-before, credential with the bundle, and `rid`.
pub fn payload(content: &CertificateContent, cvx: &str, iss: &str, nbf: DateTime<Utc>) -> Value {
    json!({
        "iss": iss,
        "nbf": nbf.timestamp(),
        "vc": {
            "type": TYPES,
            "credentialSubject": {"fhirVersion": "4.0.1", "fhirBundle": fhir_bundle(content, cvx)},
            "rid": revocation_key(&content.certificate_id),
        }
    })
}

/// Signs a card payload: minified JSON, raw DEFLATE, JWS ES256 with `zip: DEF` and the key's kid.
pub fn sign_payload(payload: &Value, key: &SigningKey) -> Result<String, KeyError> {
    let json = serde_json::to_vec(payload).map_err(|_| KeyError::Sign)?;
    let header = json!({"alg": "ES256", "zip": "DEF", "kid": key.kid()});
    jws_sign(key, &header, &zip::deflate_raw(&json))
}

/// An issued card.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedShc {
    /// The compact JWS.
    pub jws: String,
    /// QR texts (one, or several chunks).
    pub qr: Vec<String>,
}

impl IssuedShc {
    /// The `.smart-health-card` file contents.
    pub fn file(&self) -> String {
        json!({"verifiableCredential": [self.jws]}).to_string()
    }
}

/// Issues the SMART Health Card of a vaccination.
pub fn issue(
    content: &CertificateContent,
    cvx: &str,
    key: &SigningKey,
    iss: &str,
    nbf: DateTime<Utc>,
) -> Result<IssuedShc, KeyError> {
    let jws = sign_payload(&payload(content, cvx, iss, nbf), key)?;
    let qr = qr_texts(&jws);
    Ok(IssuedShc { jws, qr })
}

/// Verifies a compact JWS card as of `at` against the issuers in `trust`; returns the payload JSON.
pub fn verify_jws(
    jws: &str,
    trust: &Trust,
    at: DateTime<Utc>,
    revocations: Option<&RevocationList>,
) -> Result<Value, (Invalid, Option<Value>)> {
    let (header, raw, signature, signed) = jws_parts(jws).map_err(|e| (e, None))?;
    let inflated = match header.get("zip").and_then(Value::as_str) {
        Some("DEF") => zip::inflate_raw(&raw).map_err(|e| (e, None))?,
        None => raw,
        Some(other) => {
            return Err((
                Invalid::new(Reason::BadJws, format!("unknown compression {other}")),
                None,
            ));
        }
    };
    let payload: Value = serde_json::from_slice(&inflated).map_err(|_| {
        (
            Invalid::new(Reason::BadPayload, "the card payload is not JSON"),
            None,
        )
    })?;
    let with = |e: Invalid| (e, Some(payload.clone()));
    check_header(&header).map_err(with)?;
    let kid = header_kid(&header).map_err(with)?;
    let iss = payload
        .get("iss")
        .and_then(Value::as_str)
        .ok_or_else(|| with(Invalid::new(Reason::BadPayload, "the card has no iss")))?;
    let key = trust.shc_key(iss, kid).ok_or_else(|| {
        with(Invalid::new(
            Reason::UnknownKey,
            format!("no trusted key of issuer {iss} has kid {kid}"),
        ))
    })?;
    if !key.verify(signed.as_bytes(), &signature) {
        return Err(with(Invalid::new(
            Reason::BadSignature,
            "the signature does not match",
        )));
    }
    let t = at.timestamp() as f64;
    if payload
        .get("nbf")
        .and_then(Value::as_f64)
        .is_some_and(|nbf| nbf > t)
    {
        return Err(with(Invalid::new(
            Reason::NotYetValid,
            "the card is not valid yet",
        )));
    }
    if payload
        .get("exp")
        .and_then(Value::as_f64)
        .is_some_and(|exp| exp < t)
    {
        return Err(with(Invalid::new(Reason::Expired, "the card has expired")));
    }
    let vc = payload.get("vc");
    let types_ok = vc
        .and_then(|v| v.get("type"))
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|x| x.as_str() == TYPES.first().copied()));
    let bundle_ok = vc
        .and_then(|v| v.pointer("/credentialSubject/fhirBundle/resourceType"))
        .and_then(Value::as_str)
        == Some("Bundle");
    if !types_ok || !bundle_ok {
        return Err(with(Invalid::new(
            Reason::Schema,
            "the credential lacks the health-card type or its FHIR Bundle",
        )));
    }
    if let (Some(list), Some(rid)) = (
        revocations,
        vc.and_then(|v| v.get("rid")).and_then(Value::as_str),
    ) {
        let rid = rid.split('.').next().unwrap_or(rid);
        if list.is_rid_revoked(rid) {
            return Err(with(Invalid::new(
                Reason::Revoked,
                "the card has been revoked",
            )));
        }
    }
    Ok(payload)
}

/// Verifies `shc:/` text (one QR, or all chunks separated by whitespace) as of `at`.
pub fn verify(
    text: &str,
    trust: &Trust,
    at: DateTime<Utc>,
    revocations: Option<&RevocationList>,
) -> Verification {
    let texts: Vec<&str> = text.split_whitespace().collect();
    let jws = match reassemble(&texts) {
        Ok(j) => j,
        Err(e) => return Verification::invalid(Some(Format::Shc), e, None),
    };
    match verify_jws(&jws, trust, at, revocations) {
        Ok(p) => Verification::valid(Format::Shc, p),
        Err((e, p)) => Verification::invalid(Some(Format::Shc), e, p),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_round_trip_and_errors() {
        let jws = "eyJ-_.abcXYZ0189";
        assert_eq!(from_numeric(&to_numeric(jws)).ok().as_deref(), Some(jws));
        assert_eq!(to_numeric("-"), "00");
        assert_eq!(to_numeric("z"), "77");
        assert_eq!(
            from_numeric("78").map_err(|e| e.reason),
            Err(Reason::BadNumeric)
        );
        assert_eq!(
            from_numeric("123").map_err(|e| e.reason),
            Err(Reason::Truncated)
        );
        assert_eq!(
            from_numeric("1a").map_err(|e| e.reason),
            Err(Reason::BadNumeric)
        );
    }

    #[test]
    fn chunks_are_balanced_and_reassemble_in_any_order() {
        let jws: String = "abcdefghij".repeat(250);
        let texts = qr_texts(&jws);
        assert_eq!(texts.len(), 3);
        let sizes: Vec<usize> = texts.iter().map(|t| t.len()).collect();
        assert!(
            sizes.iter().max().unwrap_or(&0) - sizes.iter().min().unwrap_or(&0) <= 6,
            "{sizes:?}"
        );
        assert!(texts.first().is_some_and(|t| t.starts_with("shc:/1/3/")));
        let mut shuffled = texts.clone();
        shuffled.reverse();
        assert_eq!(reassemble(&shuffled).ok(), Some(jws.clone()));
        let missing = texts.get(..2).unwrap_or_default();
        assert_eq!(
            reassemble(missing).map_err(|e| e.reason),
            Err(Reason::MissingChunks)
        );
        let short: String = "a".repeat(MAX_SINGLE_JWS);
        assert_eq!(qr_texts(&short).len(), 1);
    }
}
