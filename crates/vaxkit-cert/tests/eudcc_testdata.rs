//! Walks every EU DCC test case under tests/data/eu-dcc (from the public dgc-testdata repository)
//! and checks each expectation it states, with the clock pinned to the case's VALIDATIONCLOCK.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use chrono::{DateTime, Utc};
use serde_json::Value;
use vaxkit_cert::eudcc::{self, DccSigner};
use vaxkit_cert::{Reason, Trust, qr, verify};

fn data_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/eu-dcc")
}

fn cases(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            cases(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn hex(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    if !t.len().is_multiple_of(2) {
        return None;
    }
    (0..t.len())
        .step_by(2)
        .map(|i| t.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect()
}

fn clock(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .or_else(|_| DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f%z"))
        .ok()
        .map(|d| d.with_timezone(&Utc))
}

/// Known upstream issues: (test name, country, test set) with an empty set meaning all.
fn known_issues() -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(data_dir().join("known_issues.csv")).unwrap_or_default();
    text.lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            match f.as_slice() {
                [name, country, set, reason] => Some((
                    (*name).to_owned(),
                    (*country).to_owned(),
                    (*set).to_owned(),
                    (*reason).to_owned(),
                )),
                _ => None,
            }
        })
        .collect()
}

/// Upstream test name of each expectation, as used in known_issues.csv.
fn test_names(expectation: &str) -> &'static [&'static str] {
    match expectation {
        "EXPECTEDVERIFY" => &["test_verification_check"],
        "EXPECTEDEXPIRATIONCHECK" => &["test_expiration_check"],
        "EXPECTEDKEYUSAGE" => &["test_expected_key_usage"],
        "EXPECTEDSCHEMAVALIDATION" => &["test_cose_schema"],
        "EXPECTEDDECODE" => &["test_cose_json", "test_cbor_json"],
        _ => &[],
    }
}

struct Case {
    name: String,
    doc: Value,
    expected: BTreeMap<String, bool>,
    at: DateTime<Utc>,
}

impl Case {
    fn field(&self, key: &str) -> Option<&str> {
        self.doc
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
}

#[test]
fn every_eu_dcc_case_meets_its_expectations() {
    let mut files = Vec::new();
    cases(&data_dir(), &mut files);
    assert!(
        files.len() >= 100,
        "test data missing: {} files",
        files.len()
    );
    let issues = known_issues();
    // With VAXKIT_INTEROP_REPORT=FILE, one JSON line per case goes to FILE: what each
    // expectation wanted and what vaxkit answered (docs/interop.md is made from it).
    let mut report = Vec::new();
    let mut failures = Vec::new();
    let mut checked = 0;
    let mut skipped = 0;
    for path in &files {
        let rel = path.strip_prefix(data_dir()).unwrap_or(path);
        let country = rel
            .iter()
            .next()
            .and_then(|c| c.to_str())
            .unwrap_or_default()
            .to_owned();
        let set = rel
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_owned();
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let Ok(doc) = serde_json::from_str::<Value>(&text) else {
            failures.push(format!("{}: not JSON", rel.display()));
            continue;
        };
        let expected: BTreeMap<String, bool> = doc
            .get("EXPECTEDRESULTS")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_bool()?)))
                    .collect()
            })
            .unwrap_or_default();
        let ctx = doc.get("TESTCTX");
        let at = ctx
            .and_then(|c| c.get("VALIDATIONCLOCK"))
            .and_then(Value::as_str)
            .and_then(clock);
        let Some(at) = at else {
            failures.push(format!("{}: no readable VALIDATIONCLOCK", rel.display()));
            continue;
        };
        let case = Case {
            name: rel.display().to_string(),
            doc,
            expected,
            at,
        };
        let mut answers = serde_json::Map::new();
        for (key, want) in &case.expected {
            let known = issues.iter().find(|(name, c, s, _)| {
                test_names(key).contains(&name.as_str())
                    && *c == country
                    && (s.is_empty() || *s == set)
            });
            if let Some((name, _, _, reason)) = known {
                println!(
                    "skip {} {key} ({name}): known upstream issue {reason}",
                    case.name
                );
                answers.insert(
                    key.clone(),
                    serde_json::json!({"want": want, "known_issue": reason}),
                );
                skipped += 1;
                continue;
            }
            let got = check(&case, key);
            answers.insert(
                key.clone(),
                serde_json::json!({"want": want, "got": got.as_ref().map(|g| g.0),
                                   "why": got.as_ref().map(|g| g.1.clone())}),
            );
            match got {
                Some(got) if got.0 == *want => checked += 1,
                Some(got) => failures.push(format!(
                    "{} {key}: expected {want}, got {} ({})",
                    case.name, got.0, got.1
                )),
                None => println!("{} {key}: not a verifier step, not asserted", case.name),
            }
        }
        let unified = case.field("PREFIX").map(|prefix| {
            let v = verify(prefix, &trust_of(&case).unwrap_or_default(), case.at, None);
            v.reason.code()
        });
        report.push(serde_json::json!({
            "case": case.name, "expected": answers, "verify": unified,
            "ver": dgc_of(&case).ok().and_then(|d| d.get("ver").cloned()),
        }));
        if let Err(e) = check_unified(&case) {
            failures.push(format!("{} unified verify: {e}", case.name));
        }
    }
    println!("{checked} expectations met, {skipped} skipped as known issues");
    if let Ok(path) = std::env::var("VAXKIT_INTEROP_REPORT") {
        let lines: Vec<String> = report.iter().map(Value::to_string).collect();
        std::fs::write(path, lines.join("\n") + "\n").unwrap_or_default();
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked > 500, "only {checked} expectations checked");
}

fn trust_of(case: &Case) -> Result<Trust, String> {
    let der = case
        .doc
        .pointer("/TESTCTX/CERTIFICATE")
        .and_then(Value::as_str)
        .and_then(|c| STANDARD.decode(c.trim()).ok())
        .ok_or("no certificate")?;
    let mut trust = Trust::new();
    trust.add_dcc_signer_der(&der).map_err(|e| e.to_string())?;
    Ok(trust)
}

fn signer_of(case: &Case) -> Result<DccSigner, String> {
    trust_of(case)?
        .dcc_signers
        .into_iter()
        .next()
        .ok_or_else(|| "no signer".to_owned())
}

/// The COSE bytes of a case: its COSE field, else derived from the QR text.
fn cose_of(case: &Case) -> Result<Vec<u8>, String> {
    if let Some(c) = case.field("COSE") {
        return hex(c).ok_or_else(|| "COSE is not hex".to_owned());
    }
    let compressed = match case.field("COMPRESSED") {
        Some(c) => hex(c).ok_or("COMPRESSED is not hex")?,
        None => {
            let b45 = match case.field("BASE45") {
                Some(b) => b.to_owned(),
                None => eudcc::unprefix(case.field("PREFIX").unwrap_or_default())
                    .map_err(|e| e.to_string())?
                    .to_owned(),
            };
            eudcc::decode_base45(&b45).map_err(|e| e.to_string())?
        }
    };
    eudcc::inflate(&compressed).map_err(|e| e.to_string())
}

/// The hcert payload of a case for schema checks: its CBOR field if any, else the decoded COSE.
fn dgc_of(case: &Case) -> Result<Value, String> {
    if let Some(c) = case.field("CBOR") {
        let bytes = hex(c).ok_or("CBOR is not hex")?;
        let v: ciborium::Value =
            ciborium::from_reader(bytes.as_slice()).map_err(|e| e.to_string())?;
        // Some cases give the whole CWT claims map: the payload is then claim -260, key 1.
        let hcert = v
            .as_map()
            .and_then(|m| {
                m.iter()
                    .find(|(k, _)| k.as_integer() == Some((-260).into()))
            })
            .and_then(|(_, h)| h.as_map())
            .and_then(|m| m.iter().find(|(k, _)| k.as_integer() == Some(1.into())))
            .map(|(_, d)| d);
        return cbor_json(hcert.unwrap_or(&v));
    }
    Ok(eudcc::decode_cose(&cose_of(case)?)
        .map_err(|e| e.to_string())?
        .claims
        .dgc)
}

fn cbor_json(v: &ciborium::Value) -> Result<Value, String> {
    // A round trip through serde gives the meaning; tags only wrap values in these files.
    Ok(match v {
        ciborium::Value::Tag(_, inner) => cbor_json(inner)?,
        ciborium::Value::Map(m) => {
            let mut o = serde_json::Map::new();
            for (k, val) in m {
                o.insert(
                    k.as_text().ok_or("non-text key")?.to_owned(),
                    cbor_json(val)?,
                );
            }
            Value::Object(o)
        }
        ciborium::Value::Array(a) => {
            Value::Array(a.iter().map(cbor_json).collect::<Result<_, _>>()?)
        }
        other => serde_json::to_value(other).map_err(|e| e.to_string())?,
    })
}

/// Same meaning: numbers compared as numbers, everything else structurally.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

type Outcome = (bool, String);

fn outcome<T>(r: Result<T, String>) -> Outcome {
    match r {
        Ok(_) => (true, "ok".into()),
        Err(e) => (false, e),
    }
}

/// A picture check that may have had no picture to read.
fn picture(r: Result<Option<()>, String>) -> Option<Outcome> {
    match r {
        Ok(Some(())) => Some((true, "ok".into())),
        Ok(None) => None,
        Err(e) => Some((false, e)),
    }
}

/// Runs the verifier step an expectation names; `None` for expectations about the test file itself.
fn check(case: &Case, key: &str) -> Option<Outcome> {
    Some(match key {
        "EXPECTEDUNPREFIX" => outcome((|| {
            let b45 = eudcc::unprefix(case.field("PREFIX").unwrap_or_default())
                .map_err(|e| e.to_string())?;
            match case.field("BASE45") {
                Some(want) if want != b45 => Err("unprefixed text differs from BASE45".into()),
                _ => Ok(()),
            }
        })()),
        "EXPECTEDB45DECODE" => outcome((|| {
            let b45 = match case.field("BASE45") {
                Some(b) => b.to_owned(),
                None => eudcc::unprefix(case.field("PREFIX").unwrap_or_default())
                    .map_err(|e| e.to_string())?
                    .to_owned(),
            };
            let bytes = eudcc::decode_base45(&b45).map_err(|e| e.to_string())?;
            match case.field("COMPRESSED").and_then(hex) {
                Some(want) if want != bytes => Err("decoded bytes differ from COMPRESSED".into()),
                _ => Ok(()),
            }
        })()),
        "EXPECTEDCOMPRESSION" => outcome((|| {
            let cose = {
                let compressed = match case.field("COMPRESSED") {
                    Some(c) => hex(c).ok_or("COMPRESSED is not hex")?,
                    None => {
                        let b45 = eudcc::unprefix(case.field("PREFIX").unwrap_or_default())
                            .map_err(|e| e.to_string())?;
                        eudcc::decode_base45(b45).map_err(|e| e.to_string())?
                    }
                };
                eudcc::inflate(&compressed).map_err(|e| e.to_string())?
            };
            match case.field("COSE").and_then(hex) {
                Some(want) if want != cose => Err("inflated bytes differ from COSE".into()),
                _ => Ok(()),
            }
        })()),
        "EXPECTEDDECODE" => outcome((|| {
            let decoded = eudcc::decode_cose(&cose_of(case)?).map_err(|e| e.to_string())?;
            if let Some(json) = case.doc.get("JSON").filter(|j| j.is_object())
                && !same(&decoded.claims.dgc, json)
            {
                return Err("decoded payload differs from JSON".into());
            }
            Ok(())
        })()),
        "EXPECTEDVERIFY" => outcome((|| {
            let trust = trust_of(case)?;
            let decoded = eudcc::decode_cose(&cose_of(case)?).map_err(|e| e.to_string())?;
            decoded
                .verify_signature(&trust)
                .map_err(|e| e.to_string())
                .map(|_| ())
        })()),
        "EXPECTEDKEYUSAGE" => outcome((|| {
            let signer = signer_of(case)?;
            let decoded = eudcc::decode_cose(&cose_of(case)?).map_err(|e| e.to_string())?;
            let usage = eudcc::validate_dgc(&decoded.claims.dgc).map_err(|e| e.to_string())?;
            signer.check_usage(usage).map_err(|e| e.to_string())
        })()),
        "EXPECTEDEXPIRATIONCHECK" => outcome((|| {
            let signer = signer_of(case)?;
            let decoded = eudcc::decode_cose(&cose_of(case)?).map_err(|e| e.to_string())?;
            signer.check_validity(case.at).map_err(|e| e.to_string())?;
            decoded.check_times(case.at).map_err(|e| e.to_string())
        })()),
        "EXPECTEDSCHEMAVALIDATION" => outcome((|| {
            eudcc::validate_dgc(&dgc_of(case)?)
                .map_err(|e| e.to_string())
                .map(|_| ())
        })()),
        "EXPECTEDPICTUREDECODE" => picture((|| {
            let Some(image) = case.field("2DCODE").or_else(|| case.field("_2DCODE")) else {
                return Ok(None);
            };
            let bytes = STANDARD.decode(image.trim()).map_err(|e| e.to_string())?;
            let text = qr::read(&bytes).map_err(|e| e.to_string())?;
            if text != case.field("PREFIX").unwrap_or_default() {
                return Err("QR text differs from PREFIX".into());
            }
            Ok(Some(()))
        })())?,
        "EXPECTEDVALIDJSON" => match case.doc.get("JSON") {
            Some(Value::Object(_)) => (true, "ok".into()),
            Some(_) => (false, "JSON is not an object".into()),
            None => return None,
        },
        _ => return None,
    })
}

/// The unified verifier agrees with the expectations: a case whose every verifier expectation is
/// true (signature, times and schema among them) verifies; a failing step gives its reason code.
fn check_unified(case: &Case) -> Result<(), String> {
    let Some(prefix) = case.field("PREFIX") else {
        return Ok(());
    };
    let trust = trust_of(case).unwrap_or_default();
    let v = verify(prefix, &trust, case.at, None);
    let e = |k: &str| case.expected.get(k).copied();
    let failing: &[(&str, &[Reason])] = &[
        ("EXPECTEDUNPREFIX", &[Reason::BadPrefix]),
        ("EXPECTEDB45DECODE", &[Reason::BadBase45, Reason::Truncated]),
        (
            "EXPECTEDCOMPRESSION",
            &[Reason::BadCompression, Reason::Truncated],
        ),
        (
            "EXPECTEDDECODE",
            &[Reason::BadCbor, Reason::BadClaims, Reason::Truncated],
        ),
        ("EXPECTEDKEYUSAGE", &[Reason::KeyUsage]),
        (
            "EXPECTEDEXPIRATIONCHECK",
            &[Reason::Expired, Reason::NotYetValid, Reason::SignerNotValid],
        ),
    ];
    // Only cases whose QR text is the thing under test: a failing step must surface as its reason.
    let prefix_is_subject = case.field("COSE").is_none() || e("EXPECTEDVERIFY").is_some();
    for (key, reasons) in failing {
        if e(key) == Some(false) && prefix_is_subject && case.field("BASE45").is_none() {
            if v.valid || !reasons.contains(&v.reason) {
                return Err(format!(
                    "{key} false but verify said {} ({})",
                    v.reason, v.message
                ));
            }
            return Ok(());
        }
    }
    let all_true = [
        "EXPECTEDVERIFY",
        "EXPECTEDEXPIRATIONCHECK",
        "EXPECTEDSCHEMAVALIDATION",
    ]
    .iter()
    .all(|k| e(k) == Some(true))
        && case.expected.values().all(|v| *v);
    if all_true && !v.valid {
        return Err(format!(
            "all steps pass but verify said {} ({})",
            v.reason, v.message
        ));
    }
    if e("EXPECTEDVERIFY") == Some(false) && v.valid {
        return Err("signature expected to fail but verify said valid".into());
    }
    Ok(())
}
