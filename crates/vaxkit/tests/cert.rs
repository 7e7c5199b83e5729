//! `vaxkit keys` and `vaxkit cert verify`, run as the built binary: our own certificates signed
//! with a generated key folder, the EU DCC and SMART Health Card test material, revocation, and
//! bad input that must end in a clear "invalid", never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde_json::Value;
use vaxkit_cert::content::{
    BirthDate, CertificateContent, Holder, Identifier, IdentifierKind, Vaccination,
};
use vaxkit_cert::{EuCodes, Keyring, RevocationList, SigningKey, eudcc, keystore, qr, shc, uvci};

const ISS: &str = "https://vaccination.health.example";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn cert_data(rel: &str) -> PathBuf {
    root().join("crates/vaxkit-cert/tests/data").join(rel)
}

fn vaxkit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vaxkit"))
        .args(args)
        .current_dir(root())
        .output()
        .expect("the vaxkit binary runs")
}

fn vaxkit_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_vaxkit"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the vaxkit binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Runs `cert verify` and checks the exit status and the reason code (`valid` for exit 0).
fn check(args: &[&str], reason: &str) -> Output {
    let mut full = vec!["cert", "verify"];
    full.extend_from_slice(args);
    let o = vaxkit(&full);
    let context = format!("{full:?}\nstdout: {}\nstderr: {}", stdout(&o), stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{context}");
    if reason == "valid" {
        assert_eq!(o.status.code(), Some(0), "{context}");
        assert!(stdout(&o).starts_with("valid: "), "{context}");
    } else {
        assert_eq!(o.status.code(), Some(1), "{context}");
        assert!(
            stderr(&o).starts_with(&format!("invalid: {reason}: ")),
            "{context}"
        );
    }
    o
}

fn json_of(o: &Output) -> Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

fn generate(dir: &Path) -> String {
    let o = vaxkit(&["keys", "generate", "--dir", path(dir)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    out.lines()
        .find_map(|l| l.strip_prefix("new key: "))
        .unwrap_or_else(|| panic!("no kid in {out}"))
        .trim()
        .to_owned()
}

fn show(dir: &Path) -> Value {
    let o = vaxkit(&["keys", "show", "--dir", path(dir), "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    json_of(&o)
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
            date: NaiveDate::from_ymd_opt(2024, 3, 1).unwrap(),
            dose: 2,
            total_doses: 2,
            booster: false,
            country: "XX".into(),
            centre: "Centre 1".into(),
            next_dose_due: None,
            country_alpha3: None,
            vaccine_code_system: None,
        },
        issuer: "Ministry of Health of Examplia".into(),
        certificate_id: uvci::generate("XX").unwrap(),
        latin_name: None,
    }
}

/// Our own certificates, signed with the folder's active key: (EU DCC text, SHC QR texts).
struct Issued {
    content: CertificateContent,
    dcc: String,
    shc: Vec<String>,
    issued: DateTime<Utc>,
    expires: DateTime<Utc>,
    key: SigningKey,
}

fn issue(dir: &Path) -> Issued {
    let ring: Keyring = keystore::load(dir, None).unwrap();
    let content = content();
    let codes = EuCodes::builtin(&["comirnaty"]).unwrap();
    let issued = Utc::now() - Duration::minutes(1);
    let expires = issued + Duration::days(30);
    let dcc = eudcc::issue(
        &content,
        &codes,
        ring.active(),
        ring.active_certificate().unwrap(),
        issued,
        expires,
    )
    .unwrap();
    let shc = shc::issue(&content, "208", ring.active(), ISS, issued)
        .unwrap()
        .qr;
    Issued {
        content,
        dcc,
        shc,
        issued,
        expires,
        key: ring.active().clone(),
    }
}

#[test]
fn keys_generate_then_rotate_keeps_the_retired_key_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    let first = generate(&dir);
    assert!(dir.join("signer.pem").is_file());
    let shown = show(&dir);
    assert_eq!(shown["active"], first.as_str());
    assert_eq!(shown["retired"], serde_json::json!([]));
    assert_eq!(shown["jwks"]["keys"][0]["kid"], first.as_str());

    let o = vaxkit(&[
        "keys",
        "generate",
        "--dir",
        path(&dir),
        "--validity-days",
        "90",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    let second = out
        .lines()
        .find_map(|l| l.strip_prefix("new key: "))
        .unwrap()
        .trim()
        .to_owned();
    assert_ne!(first, second);
    assert!(out.contains(&format!("retired key: {first}")), "{out}");
    assert!(out.contains("signer.pem"), "{out}");
    assert!(out.contains("VAXKIT_SIGNING_KEY"), "{out}");
    assert!(dir.join(format!("retired/{first}.pem")).is_file());

    let shown = show(&dir);
    assert_eq!(shown["active"], second.as_str());
    assert_eq!(shown["retired"], serde_json::json!([first]));
    let kids: Vec<&str> = shown["jwks"]["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k["kid"].as_str().unwrap())
        .collect();
    assert_eq!(kids, vec![second.as_str(), first.as_str()]);
    assert!(
        shown["jwks"]["keys"]
            .as_array()
            .unwrap()
            .iter()
            .all(|k| k.get("d").is_none()),
        "the JWKS must hold public keys only"
    );

    let text = vaxkit(&["keys", "show", "--dir", path(&dir)]);
    assert_eq!(text.status.code(), Some(0));
    assert!(
        stdout(&text).contains(&format!("active key: {second}")),
        "{}",
        stdout(&text)
    );
    assert!(stdout(&text).contains(&first), "{}", stdout(&text));

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.join("signing-key.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }
}

#[test]
fn our_own_certificates_verify_with_the_signer_certificate_or_the_jwks() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    generate(&dir);
    let own = issue(&dir);
    let signer = dir.join("signer.pem");
    let jwks = tmp.path().join("jwks.json");
    std::fs::write(&jwks, show(&dir)["jwks"].to_string()).unwrap();
    let shc_file = tmp.path().join("card.txt");
    std::fs::write(&shc_file, own.shc.join("\n") + "\n").unwrap();
    let shc_arg = format!("@{}", path(&shc_file));
    assert!(own.dcc.starts_with("HC1:"));

    // EU DCC: the signer certificate (PEM), its DER form, or the whole folder.
    let o = check(&["--trust", path(&signer), &own.dcc], "valid");
    assert!(stdout(&o).contains("EU Digital COVID Certificate"));
    assert!(
        stdout(&o).contains(&own.content.certificate_id),
        "{}",
        stdout(&o)
    );
    let der = tmp.path().join("signer.der");
    std::fs::write(&der, keystore::read_certificate(&signer).unwrap()).unwrap();
    check(&["--trust", path(&der), &own.dcc], "valid");
    check(&["--trust", path(&dir), &own.dcc], "valid");

    // SMART Health Card: the JWKS, or the folder, or the signer certificate's key.
    check(&["--trust", path(&jwks), &shc_arg], "valid");
    check(&["--trust", path(&dir), &shc_arg], "valid");
    check(&["--trust", path(&signer), &shc_arg], "valid");
    let mut args = vec!["--trust", path(&jwks)];
    args.extend(own.shc.iter().map(String::as_str));
    check(&args, "valid");

    // JSON answer.
    let o = vaxkit(&[
        "cert",
        "verify",
        "--json",
        "--trust",
        path(&signer),
        &own.dcc,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json_of(&o);
    assert_eq!(v["valid"], true);
    assert_eq!(v["reason"], "valid");
    assert_eq!(v["format"], "eu-dcc");
    assert_eq!(v["payload"]["hcert"]["nam"]["fnt"], "DVORAK");
    let o = vaxkit(&["cert", "verify", "--json", "--trust", path(&jwks), &shc_arg]);
    let v = json_of(&o);
    assert_eq!(v["format"], "shc");
    assert_eq!(v["payload"]["iss"], ISS);

    // Without trust the key is unknown; with the wrong kind of trust too.
    check(&[&own.dcc], "unknown_key");
    check(&[&shc_arg], "unknown_key");
    check(&["--trust", path(&jwks), &own.dcc], "unknown_key");
    let o = vaxkit(&["cert", "verify", "--json", &own.dcc]);
    assert_eq!(o.status.code(), Some(1));
    let v = json_of(&o);
    assert_eq!(v["valid"], false);
    assert_eq!(v["reason"], "unknown_key");
    assert_eq!(v["format"], "eu-dcc");

    // As of a day after expiry, or before issue.
    let late = (own.expires + Duration::days(1)).to_rfc3339();
    check(
        &["--trust", path(&signer), "--at", &late, &own.dcc],
        "expired",
    );
    let early = (own.issued - Duration::days(1)).to_rfc3339();
    check(
        &["--trust", path(&jwks), "--at", &early, &shc_arg],
        "not_yet_valid",
    );

    // The QR as an image file, as @FILE, and the text on standard input.
    let png = tmp.path().join("dcc.png");
    std::fs::write(&png, qr::png(&own.dcc, 3).unwrap()).unwrap();
    check(&["--trust", path(&signer), path(&png)], "valid");
    let png_at = format!("@{}", path(&png));
    check(&["--trust", path(&signer), &png_at], "valid");
    let o = vaxkit_stdin(
        &["cert", "verify", "--trust", path(&signer), "-"],
        format!("  {}\n", own.dcc).as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = vaxkit_stdin(
        &["cert", "verify", "--trust", path(&jwks), "-"],
        own.shc.join("\n").as_bytes(),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));

    // After rotation the retired key keeps verifying what it signed.
    generate(&dir);
    check(&["--trust", path(&dir), &own.dcc], "valid");
    check(&["--trust", path(&dir), &shc_arg], "valid");
    check(
        &["--trust", path(&dir.join("signer.pem")), &own.dcc],
        "unknown_key",
    );
}

#[test]
fn a_revoked_certificate_fails_when_the_list_is_given() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    generate(&dir);
    let own = issue(&dir);
    let list = tmp.path().join("revocations.jws");
    let jws = RevocationList::sign(
        &own.key,
        Utc::now(),
        std::slice::from_ref(&own.content.certificate_id),
    )
    .unwrap();
    std::fs::write(&list, &jws).unwrap();
    let shc_arg = own.shc.join("\n");
    let trust = path(&dir);
    check(&["--trust", trust, &own.dcc], "valid");
    check(
        &["--trust", trust, "--revocations", path(&list), &own.dcc],
        "revoked",
    );
    check(
        &["--trust", trust, "--revocations", path(&list), &shc_arg],
        "revoked",
    );
    let o = vaxkit(&[
        "cert",
        "verify",
        "--json",
        "--trust",
        trust,
        "--revocations",
        path(&list),
        &own.dcc,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(json_of(&o)["reason"], "revoked");

    // A list for other certificates leaves this one valid.
    let other = tmp.path().join("other.jws");
    let jws =
        RevocationList::sign(&own.key, Utc::now(), &["URN:UVCI:01:XX:OTHER#A".into()]).unwrap();
    std::fs::write(&other, jws).unwrap();
    check(
        &["--trust", trust, "--revocations", path(&other), &own.dcc],
        "valid",
    );

    // A list signed by a key nobody trusts is refused outright.
    let stranger = SigningKey::generate().unwrap();
    let forged = tmp.path().join("forged.jws");
    let jws = RevocationList::sign(&stranger, Utc::now(), &[]).unwrap();
    std::fs::write(&forged, jws).unwrap();
    let o = vaxkit(&[
        "cert",
        "verify",
        "--trust",
        trust,
        "--revocations",
        path(&forged),
        &own.dcc,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("revocation list"), "{}", stderr(&o));
}

#[test]
fn an_eu_dcc_test_case_verifies_as_text_and_as_image() {
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(cert_data("eu-dcc/AT/1.json")).unwrap())
            .unwrap();
    assert_eq!(case["EXPECTEDRESULTS"]["EXPECTEDVERIFY"], true);
    let tmp = tempfile::tempdir().unwrap();
    let der = tmp.path().join("signer.der");
    let cert = case["TESTCTX"]["CERTIFICATE"].as_str().unwrap();
    std::fs::write(&der, STANDARD.decode(cert.trim()).unwrap()).unwrap();
    let clock = case["TESTCTX"]["VALIDATIONCLOCK"].as_str().unwrap();
    let text = case["PREFIX"].as_str().unwrap();

    let o = check(&["--trust", path(&der), "--at", clock, text], "valid");
    assert!(stdout(&o).contains("Musterfrau"), "{}", stdout(&o));
    // The same instant written with a `+0200` offset.
    let at = DateTime::parse_from_rfc3339(clock)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(7200).unwrap())
        .format("%Y-%m-%dT%H:%M:%S%z")
        .to_string();
    assert!(at.ends_with("+0200"), "{at}");
    check(&["--trust", path(&der), "--at", &at, text], "valid");

    let png = case
        .get("2DCODE")
        .or_else(|| case.get("_2DCODE"))
        .and_then(Value::as_str)
        .expect("the case has its QR image");
    let image = tmp.path().join("qr.png");
    std::fs::write(&image, STANDARD.decode(png.trim()).unwrap()).unwrap();
    check(
        &["--trust", path(&der), "--at", clock, path(&image)],
        "valid",
    );

    check(&["--at", clock, text], "unknown_key");
    check(
        &["--trust", path(&der), "--at", "2030-01-01T00:00:00Z", text],
        "signer_not_valid",
    );
}

#[test]
fn the_smart_health_card_example_verifies_and_the_altered_one_fails() {
    let jwks = cert_data("shc/issuer-jwks.json");
    let good = format!("@{}", path(&cert_data("shc/immunization-qr-numeric.txt")));
    let at = "2025-06-15T00:00:00Z";
    let o = check(&["--trust", path(&jwks), "--at", at, &good], "valid");
    assert!(stdout(&o).contains("SMART Health Card"), "{}", stdout(&o));
    check(&["--at", at, &good], "unknown_key");

    let bad_jws =
        std::fs::read_to_string(cert_data("shc/immunization-jws-bad-signature.txt")).unwrap();
    let bad = format!("shc:/{}", shc::to_numeric(bad_jws.trim()));
    check(&["--trust", path(&jwks), "--at", at, &bad], "bad_signature");

    // One changed digit pair near the end of the numeric QR: a changed signature character.
    let text = std::fs::read_to_string(cert_data("shc/immunization-qr-numeric.txt")).unwrap();
    let text = text.trim();
    let i = 5 + ((text.len() - 5) / 2 - 10) * 2;
    let other = if &text[i..i + 2] == "10" { "11" } else { "10" };
    let altered = format!("{}{other}{}", &text[..i], &text[i + 2..]);
    check(
        &["--trust", path(&jwks), "--at", at, &altered],
        "bad_signature",
    );
}

#[test]
fn bad_input_is_a_clear_invalid_never_a_panic() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("keys");
    generate(&dir);
    let own = issue(&dir);
    let trust = path(&dir);
    // Cut at a whole Base45 group, so that what is missing is the end of the data.
    let truncated = &own.dcc[..4 + (own.dcc.len() - 4) / 2 / 3 * 3];

    for (input, reason) in [
        ("HC1:", "truncated"),
        (truncated, "truncated"),
        ("XYZ:NCFOXN%TS3DH3ZSUZK", "bad_prefix"),
        ("HC1:!!!", "bad_base45"),
        ("HC1:NCFOXN%TS3DH3ZSUZK", "truncated"),
        ("shc:/123", "truncated"),
        ("shc:/12ab", "bad_numeric"),
        ("shc:/99999999", "bad_numeric"),
        ("shc:/1/2/5676290952432060346029243740", "missing_chunks"),
        ("   ", "truncated"),
    ] {
        let o = vaxkit(&["cert", "verify", "--trust", trust, input]);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(1), "{input:?}: {err}");
        assert!(!err.contains("panicked"), "{input:?}: {err}");
        assert!(
            err.starts_with(&format!("invalid: {reason}")),
            "{input:?}: {err}"
        );
        let o = vaxkit(&["cert", "verify", "--json", "--trust", trust, input]);
        assert_eq!(o.status.code(), Some(1), "{input:?}");
        let v = json_of(&o);
        assert_eq!(v["valid"], false);
        assert!(v["reason"].as_str().is_some_and(|r| !r.is_empty()), "{v}");
    }

    // Broken CBOR inside good Base45 and zlib.
    let broken = format!(
        "HC1:{}",
        vaxkit_cert::base45::encode(&zlib_stored(b"\xd2\x84\x43not cbor at all"))
    );
    let o = check(&["--trust", trust, &broken], "bad_cbor");
    assert!(stdout(&o).is_empty());

    // An image without a code, a file that claims to be a PNG and is not, and a text file.
    let blank = tmp.path().join("blank.png");
    image::GrayImage::from_pixel(120, 120, image::Luma([255u8]))
        .save(&blank)
        .unwrap();
    check(&["--trust", trust, path(&blank)], "no_qr_code");
    check(
        &["--trust", trust, &format!("@{}", path(&blank))],
        "no_qr_code",
    );
    let fake = tmp.path().join("fake.png");
    std::fs::write(&fake, b"\x89PNG\r\n\x1a\nnot really").unwrap();
    check(&["--trust", trust, path(&fake)], "bad_image");
    let noise = tmp.path().join("noise.txt");
    std::fs::write(&noise, [0u8, 159, 146, 150, 255]).unwrap();
    check(
        &["--trust", trust, &format!("@{}", path(&noise))],
        "bad_prefix",
    );

    // The explanation comes in the asked language; the English detail rides along.
    let o = vaxkit(&[
        "cert",
        "verify",
        "--json",
        "--lang",
        "fr",
        "--trust",
        trust,
        path(&blank),
    ]);
    let v = json_of(&o);
    assert_eq!(v["reason"], "no_qr_code");
    assert!(
        v["message"]
            .as_str()
            .is_some_and(|m| m.starts_with("Aucun code QR")),
        "{v}"
    );
    assert!(
        v["detail"]
            .as_str()
            .is_some_and(|d| d.contains("blank.png")),
        "{v}"
    );
    let o = vaxkit(&[
        "cert",
        "verify",
        "--lang",
        "hi",
        "--trust",
        trust,
        path(&fake),
    ]);
    assert!(
        stderr(&o).starts_with("invalid: bad_image: छवि पढ़ी नहीं जा सकती"),
        "{}",
        stderr(&o)
    );
    let o = vaxkit(&["cert", "verify", "--lang", "ar", "--trust", trust, &broken]);
    assert!(
        stderr(&o).contains("بيانات الشهادة تالفة"),
        "{}",
        stderr(&o)
    );
    // A language not shipped falls back to English.
    let o = vaxkit(&[
        "cert",
        "verify",
        "--json",
        "--lang",
        "th",
        "--trust",
        trust,
        path(&blank),
    ]);
    assert_eq!(
        json_of(&o)["message"]
            .as_str()
            .map(|m| m.starts_with("No QR code was found")),
        Some(true)
    );
}

/// `data` as a zlib stream of one stored (uncompressed) block.
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let len = u16::try_from(data.len()).unwrap();
    let mut out = vec![0x78, 0x01, 0x01];
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&(!len).to_le_bytes());
    out.extend_from_slice(data);
    let (mut a, mut b) = (1u32, 0u32);
    for byte in data {
        a = (a + u32::from(*byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    out.extend_from_slice(&((b << 16) | a).to_be_bytes());
    out
}

#[test]
fn usage_errors_exit_2() {
    let tmp = tempfile::tempdir().unwrap();
    let garbage = tmp.path().join("garbage.der");
    std::fs::write(&garbage, b"definitely not a certificate").unwrap();
    let empty_jwks = tmp.path().join("empty.json");
    std::fs::write(&empty_jwks, r#"{"keys": []}"#).unwrap();
    let list = tmp.path().join("list.jws");
    std::fs::write(&list, "a.b.c").unwrap();
    for args in [
        vec!["cert", "verify"],
        vec!["cert", "verify", "--frobnicate", "HC1:"],
        vec!["cert", "verify", "--at", "yesterday", "HC1:"],
        vec!["cert", "verify", "--at", "2021-13-45T00:00:00Z", "HC1:"],
        vec!["cert", "verify", "--trust", "/no/such/file.pem", "HC1:"],
        vec!["cert", "verify", "--trust", path(&garbage), "HC1:"],
        vec!["cert", "verify", "--trust", path(&empty_jwks), "HC1:"],
        vec!["cert", "verify", "--trust", path(tmp.path()), "HC1:"],
        vec!["cert", "verify", "--revocations", path(&list), "HC1:"],
        vec![
            "cert",
            "verify",
            "--revocations",
            "/no/such/list.jws",
            "HC1:",
        ],
        vec!["cert", "verify", "@/no/such/qr.txt"],
        vec!["cert", "verify", "/no/such/qr.png"],
        vec!["cert", "verify", "-", "-"],
        vec!["keys", "generate"],
        vec!["keys", "generate", "--dir", "x", "--validity-days", "0"],
        vec!["keys", "frobnicate"],
    ] {
        let o = vaxkit(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
        assert!(stderr(&o).contains("error"), "{args:?}: {}", stderr(&o));
    }
    // A missing key folder is an error the operator fixes, like a missing profile.
    let o = vaxkit(&["keys", "show", "--dir", "/no/such/keys"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("not a key folder"), "{}", stderr(&o));
    for cmd in [
        vec!["keys", "--help"],
        vec!["keys", "generate", "--help"],
        vec!["keys", "show", "--help"],
        vec!["cert", "--help"],
        vec!["cert", "verify", "--help"],
    ] {
        let o = vaxkit(&cmd);
        assert!(o.status.success(), "{cmd:?}");
        assert!(stdout(&o).contains("Usage: vaxkit"), "{cmd:?}");
    }
}

#[test]
fn every_verification_reason_has_its_message_in_every_shipped_locale() {
    let languages = vaxkit_i18n::Locales::available_languages(None);
    let locales = vaxkit_i18n::Locales::load(None, &languages).unwrap();
    let mut ids: Vec<String> = vaxkit_cert::Reason::ALL
        .iter()
        .map(|r| r.message_id())
        .collect();
    // The command's own image reasons.
    for code in ["no-qr-code", "bad-image", "unreadable-qr"] {
        ids.push(format!("cert-reason-{code}"));
    }
    let detail = [("detail", vaxkit_i18n::FluentValue::from("DETAIL"))];
    for lang in &languages {
        for id in &ids {
            let text = locales.message_plain(lang, id, &detail);
            assert_ne!(&text, id, "{lang} lacks {id}");
            if id != "cert-reason-valid" {
                assert!(
                    text.contains("DETAIL"),
                    "{lang} {id} drops the detail: {text}"
                );
            }
        }
    }
}
