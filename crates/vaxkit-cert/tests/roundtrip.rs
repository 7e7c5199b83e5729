//! Own round trips: issue, encode, decode, verify; and every changed byte must fail.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::Value;
use vaxkit_cert::content::*;
use vaxkit_cert::{
    DccUsage, EuCodes, Format, Keyring, Reason, RevocationList, SignerCertificateRequest,
    SigningKey, Trust, base45, eudcc, qr, shc, uvci, verify,
};

const ISS: &str = "https://health.example/shc";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_default()
}

fn content() -> CertificateContent {
    CertificateContent {
        holder: Holder {
            family_name: "Dvořák".into(),
            given_name: "Anna Marie".into(),
            birth_date: BirthDate::Year(1980),
            sex: None,
            identifier: Some(Identifier {
                kind: IdentifierKind::MaskedNationalId,
                value: "XXXX-XXXX-1234".into(),
            }),
        },
        vaccination: Vaccination {
            vaccine: "comirnaty".into(),
            disease: "covid-19".into(),
            brand: "Comirnaty".into(),
            manufacturer: "BioNTech Manufacturing GmbH".into(),
            lot: Some("EW2246".into()),
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap_or_default(),
            dose: 2,
            total_doses: 2,
            booster: false,
            country: "CZ".into(),
            centre: "Centre 1".into(),
            next_dose_due: None,
            country_alpha3: None,
            vaccine_code_system: None,
        },
        issuer: "Ministry of Health".into(),
        certificate_id: uvci::generate("CZ").unwrap_or_default(),
        latin_name: None,
    }
}

struct Setup {
    key: SigningKey,
    cert: Vec<u8>,
    trust: Trust,
}

fn setup(usages: Vec<DccUsage>) -> Setup {
    let key = SigningKey::generate();
    assert!(key.is_ok());
    let key = key.unwrap_or_else(|_| unreachable_key());
    let cert = key
        .self_signed_certificate(&SignerCertificateRequest {
            common_name: "Test DSC".into(),
            organization: "Ministry of Health".into(),
            country: "CZ".into(),
            not_before: at("2024-01-01T00:00:00Z"),
            not_after: at("2026-01-01T00:00:00Z"),
            usages,
        })
        .unwrap_or_default();
    assert!(!cert.is_empty());
    let ring = Keyring::new(key.clone(), Some(cert.clone()));
    let trust = ring.trust(ISS);
    Setup { key, cert, trust }
}

fn unreachable_key() -> SigningKey {
    SigningKey::from_pem("").unwrap_or_else(|_| std::process::abort())
}

fn issue_dcc(s: &Setup, c: &CertificateContent) -> String {
    let codes = EuCodes::builtin(&["comirnaty"]).unwrap_or_else(|| std::process::abort());
    eudcc::issue(
        c,
        &codes,
        &s.key,
        &s.cert,
        at("2024-03-01T10:00:00Z"),
        at("2025-03-01T10:00:00Z"),
    )
    .unwrap_or_default()
}

#[test]
fn eu_dcc_round_trip() {
    let s = setup(vec![DccUsage::Vaccination]);
    let c = content();
    let text = issue_dcc(&s, &c);
    assert!(text.starts_with("HC1:"));
    let v = verify(&text, &s.trust, at("2024-06-01T00:00:00Z"), None);
    assert!(v.valid, "{v:?}");
    assert_eq!(v.format, Some(Format::EuDcc));
    let dgc = v
        .payload
        .as_ref()
        .map(|p| p["hcert"].clone())
        .unwrap_or_default();
    assert_eq!(dgc["nam"]["fnt"], "DVORAK");
    assert_eq!(dgc["nam"]["gnt"], "ANNA<MARIE");
    assert_eq!(dgc["dob"], "1980");
    assert_eq!(dgc["v"][0]["dn"], 2);
    assert_eq!(dgc["v"][0]["mp"], "EU/1/20/1528");
    assert_eq!(dgc["v"][0]["ci"], Value::from(c.certificate_id.clone()));
    assert_eq!(
        v.payload.as_ref().map(|p| p["iss"].clone()),
        Some(Value::from("CZ"))
    );
    // The QR of the text reads back to the same text.
    let png = qr::png(&text, 3).unwrap_or_default();
    assert_eq!(qr::read(&png).ok().as_deref(), Some(text.as_str()));
}

#[test]
fn names_in_scripts_without_an_icao_table_need_the_latin_name() {
    let s = setup(vec![DccUsage::Vaccination]);
    let codes = EuCodes::builtin(&["comirnaty"]).unwrap_or_else(|| std::process::abort());
    let mut c = content();
    c.holder.family_name = "शर्मा".into();
    c.holder.given_name = "प्रिया".into();
    let issue = |c: &CertificateContent| {
        eudcc::issue(
            c,
            &codes,
            &s.key,
            &s.cert,
            at("2024-03-01T10:00:00Z"),
            at("2025-03-01T10:00:00Z"),
        )
    };
    assert!(matches!(issue(&c), Err(eudcc::IssueError::NeedsLatinName)));
    c.latin_name = Some(LatinName {
        family_name: "Sharma".into(),
        given_name: "Priya".into(),
    });
    let text = issue(&c).unwrap_or_default();
    let v = verify(&text, &s.trust, at("2024-06-01T00:00:00Z"), None);
    assert!(v.valid, "{v:?}");
    let nam = v
        .payload
        .map(|p| p["hcert"]["nam"].clone())
        .unwrap_or_default();
    assert_eq!(nam["fn"], "शर्मा");
    assert_eq!(nam["fnt"], "SHARMA");
    assert_eq!(nam["gnt"], "PRIYA");
    // A Cyrillic name needs none: Doc 9303's table B writes it.
    c.latin_name = None;
    c.holder.family_name = "Иванова".into();
    c.holder.given_name = "Мария".into();
    let v = verify(
        &issue(&c).unwrap_or_default(),
        &s.trust,
        at("2024-06-01T00:00:00Z"),
        None,
    );
    assert_eq!(
        v.payload.map(|p| p["hcert"]["nam"]["fnt"].clone()),
        Some(Value::from("IVANOVA"))
    );
}

#[test]
fn issuing_refuses_codes_outside_the_eu_value_sets() {
    let s = setup(vec![DccUsage::Vaccination]);
    let codes = EuCodes {
        prophylaxis: "1119349007".into(),
        product: "NotAProduct".into(),
        manufacturer: "ORG-100030215".into(),
    };
    let r = eudcc::issue(
        &content(),
        &codes,
        &s.key,
        &s.cert,
        at("2024-03-01T10:00:00Z"),
        at("2025-03-01T10:00:00Z"),
    );
    assert!(
        matches!(&r, Err(eudcc::IssueError::Payload(m)) if m.contains("/v/0/mp")),
        "{r:?}"
    );
}

#[test]
fn eu_dcc_checks_time_usage_trust_and_revocation() {
    let s = setup(vec![DccUsage::Vaccination]);
    let c = content();
    let text = issue_dcc(&s, &c);
    let reason = |trust: &Trust, when: &str, rev: Option<&RevocationList>| {
        verify(&text, trust, at(when), rev).reason
    };
    assert_eq!(
        reason(&s.trust, "2024-02-01T00:00:00Z", None),
        Reason::NotYetValid
    );
    assert_eq!(
        reason(&s.trust, "2025-06-01T00:00:00Z", None),
        Reason::Expired
    );
    assert_eq!(
        reason(&s.trust, "2023-06-01T00:00:00Z", None),
        Reason::SignerNotValid
    );
    assert_eq!(
        reason(&Trust::new(), "2024-06-01T00:00:00Z", None),
        Reason::UnknownKey
    );
    let revoked = RevocationList::from_entries(None, [c.certificate_id.clone()]);
    assert_eq!(
        reason(&s.trust, "2024-06-01T00:00:00Z", Some(&revoked)),
        Reason::Revoked
    );
    let other = RevocationList::from_entries(None, ["URN:UVCI:01:CZ:OTHER#A"]);
    assert_eq!(
        reason(&s.trust, "2024-06-01T00:00:00Z", Some(&other)),
        Reason::Valid
    );
    // A signer for test certificates only may not sign a vaccination.
    let t = setup(vec![DccUsage::Test]);
    let text = issue_dcc(&t, &c);
    assert_eq!(
        verify(&text, &t.trust, at("2024-06-01T00:00:00Z"), None).reason,
        Reason::KeyUsage
    );
    // No EU usage at all means any kind.
    let any = setup(Vec::new());
    let text = issue_dcc(&any, &c);
    assert!(verify(&text, &any.trust, at("2024-06-01T00:00:00Z"), None).valid);
}

#[test]
fn every_changed_byte_of_an_eu_dcc_fails() {
    let s = setup(vec![DccUsage::Vaccination]);
    let codes = EuCodes::builtin(&["comirnaty"]).unwrap_or_else(|| std::process::abort());
    let dgc = eudcc::hcert(&content(), &codes);
    let issued = eudcc::sign_hcert(
        &dgc,
        "CZ",
        &s.key,
        &s.cert,
        at("2024-03-01T10:00:00Z"),
        at("2025-03-01T10:00:00Z"),
    );
    let Ok(issued) = issued else {
        return assert!(issued.is_ok());
    };
    let when = at("2024-06-01T00:00:00Z");
    let encode = |cose: &[u8]| {
        use std::io::Write;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = z.write_all(cose);
        format!("HC1:{}", base45::encode(&z.finish().unwrap_or_default()))
    };
    assert!(verify(&encode(&issued.cose), &s.trust, when, None).valid);
    for i in 0..issued.cose.len() {
        for bit in [0x01u8, 0x80] {
            let mut bytes = issued.cose.clone();
            if let Some(b) = bytes.get_mut(i) {
                *b ^= bit;
            }
            let v = verify(&encode(&bytes), &s.trust, when, None);
            assert!(!v.valid, "byte {i} ^ {bit:#x} still verifies");
        }
    }
    let text = issued.text;
    let alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    for i in 4..text.len() {
        let mut changed = text.clone().into_bytes();
        if let Some(b) = changed.get_mut(i) {
            let pos = alphabet.bytes().position(|a| a == *b).unwrap_or(0);
            *b = alphabet
                .as_bytes()
                .get((pos + 7) % 45)
                .copied()
                .unwrap_or(b'0');
        }
        let changed = String::from_utf8(changed).unwrap_or_default();
        let v = verify(&changed, &s.trust, when, None);
        assert!(!v.valid, "character {i} changed still verifies");
    }
    // Every truncation is an invalid result, never a panic.
    for n in 0..text.len() {
        let v = verify(text.get(..n).unwrap_or_default(), &s.trust, when, None);
        assert!(!v.valid);
    }
}

#[test]
fn keyring_rotation_keeps_old_certificates_verifying() {
    let first = setup(vec![DccUsage::Vaccination]);
    let c = content();
    let old_dcc = issue_dcc(&first, &c);
    let old_shc = shc::issue(&c, "208", &first.key, ISS, at("2024-03-01T10:00:00Z"))
        .unwrap_or_else(|_| std::process::abort());
    let mut ring = Keyring::new(first.key.clone(), Some(first.cert.clone()));
    let second = setup(vec![DccUsage::Vaccination]);
    ring.rotate(second.key.clone(), Some(second.cert.clone()));
    assert_eq!(ring.active().kid(), second.key.kid());
    assert_eq!(ring.retired().len(), 1);
    assert_eq!(ring.jwks().keys.len(), 2);
    let trust = ring.trust(ISS);
    let when = at("2024-06-01T00:00:00Z");
    assert!(verify(&old_dcc, &trust, when, None).valid);
    assert!(verify(&old_shc.qr.join("\n"), &trust, when, None).valid);
    let new_dcc = issue_dcc(&second, &c);
    assert!(verify(&new_dcc, &trust, when, None).valid);
    // A verifier that only knows the new key refuses the old certificate.
    assert_eq!(
        verify(&old_dcc, &second.trust, when, None).reason,
        Reason::UnknownKey
    );
}

#[test]
fn shc_round_trip_and_changed_bytes_fail() {
    let s = setup(Vec::new());
    let c = content();
    let card = shc::issue(&c, "208", &s.key, ISS, at("2024-03-01T10:00:00Z"));
    let Ok(card) = card else {
        return assert!(card.is_ok());
    };
    let when = at("2024-06-01T00:00:00Z");
    assert_eq!(card.qr.len(), 1);
    let qr_text = card.qr.first().cloned().unwrap_or_default();
    let v = verify(&qr_text, &s.trust, when, None);
    assert!(v.valid, "{v:?}");
    assert_eq!(v.format, Some(Format::Shc));
    let p = v.payload.unwrap_or_default();
    assert_eq!(p["iss"], ISS);
    let bundle = &p["vc"]["credentialSubject"]["fhirBundle"];
    assert_eq!(
        bundle["entry"][1]["resource"]["vaccineCode"]["coding"][0]["code"],
        "208"
    );
    assert_eq!(bundle["entry"][0]["resource"]["birthDate"], "1980");
    assert_eq!(
        verify(&qr_text, &s.trust, at("2024-02-01T00:00:00Z"), None).reason,
        Reason::NotYetValid
    );
    let revoked = RevocationList::from_entries(None, [c.certificate_id.clone()]);
    assert_eq!(
        verify(&qr_text, &s.trust, when, Some(&revoked)).reason,
        Reason::Revoked
    );
    // Wrong issuer URL: the key is not trusted for it.
    let mut other = Trust::new();
    other.add_shc_issuer(
        Some("https://elsewhere.example"),
        Keyring::new(s.key.clone(), None).jwks(),
    );
    assert_eq!(
        verify(&qr_text, &other, when, None).reason,
        Reason::UnknownKey
    );
    // Any changed character of the JWS fails.
    let b64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for i in 0..card.jws.len() {
        let mut bytes = card.jws.clone().into_bytes();
        if let Some(b) = bytes.get_mut(i) {
            if *b == b'.' {
                continue;
            }
            let pos = b64.bytes().position(|a| a == *b).unwrap_or(0);
            *b = b64.as_bytes().get((pos + 1) % 64).copied().unwrap_or(b'A');
        }
        let jws = String::from_utf8(bytes).unwrap_or_default();
        let text = format!("shc:/{}", shc::to_numeric(&jws));
        assert!(
            !verify(&text, &s.trust, when, None).valid,
            "character {i} changed still verifies"
        );
    }
    for n in 0..qr_text.len() {
        assert!(!verify(qr_text.get(..n).unwrap_or_default(), &s.trust, when, None).valid);
    }
    let file: Value = serde_json::from_str(&card.file()).unwrap_or_default();
    assert_eq!(
        file["verifiableCredential"][0],
        Value::from(card.jws.clone())
    );
}

#[test]
fn long_shc_is_chunked_and_verifies_only_when_complete() {
    let s = setup(Vec::new());
    let mut c = content();
    // Text that does not compress away: distinct numbers written out.
    c.holder.family_name = (0..300u32)
        .map(|i| format!("{:x}", i.wrapping_mul(2_654_435_761)))
        .collect();
    let card = shc::issue(&c, "208", &s.key, ISS, at("2024-03-01T10:00:00Z"));
    let Ok(card) = card else {
        return assert!(card.is_ok());
    };
    assert!(card.jws.len() > shc::MAX_SINGLE_JWS, "{}", card.jws.len());
    assert!(card.qr.len() >= 2);
    let when = at("2024-06-01T00:00:00Z");
    assert!(verify(&card.qr.join("\n"), &s.trust, when, None).valid);
    let v = verify(
        card.qr.first().map(String::as_str).unwrap_or_default(),
        &s.trust,
        when,
        None,
    );
    assert_eq!(v.reason, Reason::MissingChunks);
    for chunk in &card.qr {
        assert!(qr::svg(chunk).is_ok());
    }
}

#[test]
fn unified_verify_reports_input_problems() {
    let t = Trust::new();
    let when = at("2024-06-01T00:00:00Z");
    let r = |s: &str| verify(s, &t, when, None).reason;
    assert_eq!(r(""), Reason::Truncated);
    assert_eq!(r("HL0:NCFOXN"), Reason::BadPrefix);
    assert_eq!(r("hello"), Reason::BadPrefix);
    assert_eq!(r("HC1:abc"), Reason::BadBase45);
    assert_eq!(r("HC1:NCFO"), Reason::Truncated);
    assert_eq!(r("HC1:NCFOX"), Reason::BadBase45);
    // NCF is the zlib header 78 DA: a stream cut right after it is truncated.
    assert_eq!(r("HC1:NCFOXN"), Reason::Truncated);
    assert_eq!(
        r(&format!("HC1:{}", base45::encode(b"not zlib at all"))),
        Reason::BadCompression
    );
    assert_eq!(
        r(&format!(
            "HC1:{}",
            base45::encode(&[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])
        )),
        Reason::Truncated
    );
    assert_eq!(r("shc:/12345"), Reason::Truncated);
    assert_eq!(r("shc:/99"), Reason::BadNumeric);
    assert_eq!(r("shc:/1/2/5676"), Reason::MissingChunks);
    assert_eq!(r("shc:/5676"), Reason::BadJws);
}

#[test]
fn keys_round_trip_through_pem_and_env() {
    let key = SigningKey::generate().unwrap_or_else(|_| std::process::abort());
    let pem = key.to_pem();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    let back = SigningKey::from_pem(&pem).map(|k| k.kid().to_owned());
    assert_eq!(back.as_deref(), Ok(key.kid()));
    assert!(
        SigningKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")
            .is_err()
    );
    assert!(SigningKey::from_pem("nothing").is_err());
    let missing = SigningKey::from_env("VAXKIT_CERT_TEST_SURELY_UNSET_KEY");
    assert!(matches!(missing, Err(vaxkit_cert::KeyError::EnvMissing(_))));
    let jwk = key.public_key().jwk();
    let again = vaxkit_cert::PublicKey::from_jwk(&jwk).map(|k| k.thumbprint());
    assert_eq!(again.as_deref(), Ok(key.kid()));
}

#[test]
fn spec_thumbprint_example() {
    // RFC 7638 section 3.1 uses an RSA key; for EC we check against the SMART Health Cards example
    // issuer key, whose published kid is its thumbprint.
    let jwks = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/shc/issuer-jwks.json"
    ))
    .unwrap_or_default();
    let keys = vaxkit_cert::Jwks::from_json(&jwks).unwrap_or_default();
    let first = keys
        .keys
        .first()
        .map(|k| (k.kid().to_owned(), k.thumbprint()));
    assert_eq!(
        first,
        Some((
            "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s".into(),
            "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s".into()
        ))
    );
}

#[test]
fn profile_content_and_codes() {
    let _ = Duration::days(1);
    assert_eq!(
        uvci::from_unique("AT", "10807843F94AEE0EE5093FBC254BD813").as_deref(),
        Some("URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B")
    );
}
