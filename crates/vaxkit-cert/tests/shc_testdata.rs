//! The SMART Health Cards specification's examples (tests/data/shc) verify with the example
//! issuer's key set; the copy with one changed signature bit does not.

use chrono::{DateTime, Utc};
use vaxkit_cert::{Format, Jwks, Reason, Trust, shc, verify};

fn read(name: &str) -> String {
    let path = format!("{}/tests/data/shc/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| format!("cannot read {path}: {e}"))
}

fn trust() -> Trust {
    let jwks = Jwks::from_json(&read("issuer-jwks.json"));
    assert!(jwks.is_ok(), "{jwks:?}");
    let mut t = Trust::new();
    t.add_shc_issuer(
        Some("https://spec.smarthealth.cards/examples/issuer"),
        jwks.unwrap_or_default(),
    );
    t
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(1_750_000_000, 0).unwrap_or_default()
}

#[test]
fn spec_example_card_verifies_as_jws_qr_and_file() {
    let t = trust();
    let jws = read("example-00-d-jws.txt");
    let v = shc::verify_jws(jws.trim(), &t, now(), None);
    assert!(v.is_ok(), "{v:?}");
    let payload = v.unwrap_or_default();
    assert_eq!(
        payload["iss"],
        "https://spec.smarthealth.cards/examples/issuer"
    );
    let expected: serde_json::Value =
        serde_json::from_str(&read("example-00-c-jws-payload-minified.json")).unwrap_or_default();
    assert_eq!(payload, expected);
    let qr = read("example-00-f-qr-code-numeric-value-0.txt");
    let v = verify(&qr, &t, now(), None);
    assert!(v.valid, "{v:?}");
    assert_eq!(v.format, Some(Format::Shc));
    // The numeric QR text decodes to the very JWS.
    assert_eq!(
        shc::reassemble(&[qr.trim()]).ok().as_deref(),
        Some(jws.trim())
    );
    // Our encoder gives the same numeric text.
    assert_eq!(shc::qr_texts(jws.trim()), vec![qr.trim().to_owned()]);
    let file: serde_json::Value =
        serde_json::from_str(&read("example-00-e-file.smart-health-card")).unwrap_or_default();
    assert_eq!(file["verifiableCredential"][0].as_str(), Some(jws.trim()));
}

#[test]
fn independently_signed_immunization_card_verifies() {
    let t = trust();
    let jws = read("immunization-jws.txt");
    let v = shc::verify_jws(jws.trim(), &t, now(), None);
    assert!(v.is_ok(), "{v:?}");
    let expected: serde_json::Value =
        serde_json::from_str(&read("immunization-payload.json")).unwrap_or_default();
    assert_eq!(v.unwrap_or_default(), expected);
    let v = verify(&read("immunization-qr-numeric.txt"), &t, now(), None);
    assert!(v.valid, "{v:?}");
    let bundle: serde_json::Value =
        serde_json::from_str(&read("covid-vaccines-bundle.json")).unwrap_or_default();
    let payload = v.payload.unwrap_or_default();
    // The signer minified the fixture as SHC asks (Bundle.id dropped); the entries are the same.
    assert_eq!(
        payload["vc"]["credentialSubject"]["fhirBundle"]["entry"],
        bundle["entry"]
    );
    // Before its nbf the card is not valid yet.
    let early = DateTime::from_timestamp(1_600_000_000, 0).unwrap_or_default();
    assert_eq!(
        verify(&read("immunization-qr-numeric.txt"), &t, early, None).reason,
        Reason::NotYetValid
    );
}

#[test]
fn changed_signature_bit_fails() {
    let t = trust();
    let jws = read("immunization-jws-bad-signature.txt");
    let v = shc::verify_jws(jws.trim(), &t, now(), None);
    assert_eq!(v.map_err(|(e, _)| e.reason), Err(Reason::BadSignature));
    let text = format!("shc:/{}", shc::to_numeric(jws.trim()));
    assert_eq!(verify(&text, &t, now(), None).reason, Reason::BadSignature);
    // With no trusted issuer the key is unknown.
    let good = read("immunization-qr-numeric.txt");
    assert_eq!(
        verify(&good, &Trust::new(), now(), None).reason,
        Reason::UnknownKey
    );
}
