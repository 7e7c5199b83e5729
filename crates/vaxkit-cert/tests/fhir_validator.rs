//! The FHIR output checked by an independent validator (the `fhir.resources` models from PyPI,
//! FHIR R4B) and against the required elements of the WHO DDCC:VS profiles.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

use std::io::Write;
use std::path::Path;
use std::process::Stdio;

use chrono::{DateTime, NaiveDate};
use serde_json::{Value, json};
use vaxkit_cert::content::*;
use vaxkit_cert::fhir::{self, VaccineCoding};
use vaxkit_testkit::python::Python;

const FHIR_RESOURCES: &[&str] = &["fhir.resources==8.3.0"];

fn content() -> CertificateContent {
    CertificateContent {
        holder: Holder {
            family_name: "شرما".into(),
            given_name: "प्रिया".into(),
            birth_date: BirthDate::Full(NaiveDate::from_ymd_opt(1985, 4, 12).unwrap()),
            sex: Some("female".into()),
            identifier: Some(Identifier {
                kind: IdentifierKind::MaskedNationalId,
                value: "XXXXXXXX1234".into(),
            }),
        },
        vaccination: Vaccination {
            vaccine: "covishield".into(),
            disease: "covid-19".into(),
            brand: "Covishield".into(),
            manufacturer: "Serum Institute of India".into(),
            lot: Some("4121Z040".into()),
            date: NaiveDate::from_ymd_opt(2021, 6, 1).unwrap(),
            dose: 1,
            total_doses: 2,
            booster: false,
            country: "IN".into(),
            centre: "PHC Sector 12".into(),
            next_dose_due: NaiveDate::from_ymd_opt(2021, 8, 24),
            country_alpha3: Some("IND".into()),
            vaccine_code_system: Some(
                "https://health.example.gov.in/fhir/CodeSystem/vaccine".into(),
            ),
        },
        issuer: "Ministry of Health and Family Welfare".into(),
        certificate_id: "URN:UVCI:01:IN:4E3B2A1F0C9D8E7F#Q".into(),
        latin_name: None,
    }
}

fn coded() -> VaccineCoding {
    VaccineCoding {
        icd11: Some("XM9QW8".into()),
        disease_icd11: Some("RA01".into()),
        snomed: Some("1119305005".into()),
        cvx: None,
    }
}

fn at() -> DateTime<chrono::Utc> {
    DateTime::from_timestamp(1_622_548_800, 0).unwrap()
}

/// Each (name, resource) through the validator; returns the failures.
fn validate(items: &[(String, Value)]) -> Vec<String> {
    let python = Python::with(FHIR_RESOURCES);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fhir/validate.py");
    let mut child = python
        .command()
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut input = String::new();
    for (name, resource) in items {
        input.push_str(&json!({"name": name, "resource": resource}).to_string());
        input.push('\n');
    }
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "validate.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let lines: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), items.len(), "one verdict per resource");
    lines
        .iter()
        .filter(|v| v["ok"] != true)
        .map(|v| format!("{}: {}", v["name"], v["error"]))
        .collect()
}

/// The bundle and every resource in it, named for the report.
fn with_entries(name: &str, bundle: &Value) -> Vec<(String, Value)> {
    let mut items = vec![(name.to_owned(), bundle.clone())];
    for (i, e) in bundle["entry"].as_array().unwrap().iter().enumerate() {
        let kind = e["resource"]["resourceType"].as_str().unwrap_or("?");
        items.push((format!("{name} entry {i} ({kind})"), e["resource"].clone()));
    }
    items
}

fn entry<'a>(doc: &'a Value, full_url: &str) -> Option<&'a Value> {
    doc["entry"]
        .as_array()?
        .iter()
        .find(|e| e["fullUrl"] == full_url)
        .map(|e| &e["resource"])
}

fn resolves_to(doc: &Value, reference: &Value, kind: &str) -> bool {
    reference
        .as_str()
        .and_then(|r| entry(doc, r))
        .is_some_and(|r| r["resourceType"] == kind)
}

fn has_text(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.trim().is_empty())
}

/// What the DDCC:VS profiles (DDCCVSDocument, DDCCVSComposition, DDCCPatient, DDCCImmunization,
/// DDCCImmunizationRecommendation) require beyond base FHIR, as problems found.
fn ddcc_problems(doc: &Value) -> Vec<String> {
    let mut p = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            p.push(what.to_owned());
        }
    };
    need(doc["type"] == "document", "Bundle.type is document");
    need(has_text(&doc["timestamp"]), "Bundle.timestamp");
    let comp = &doc["entry"][0]["resource"];
    need(
        comp["resourceType"] == "Composition",
        "the first entry is the Composition",
    );
    need(
        has_text(&comp["identifier"]["system"]) && has_text(&comp["identifier"]["value"]),
        "Composition.identifier with system and value",
    );
    need(has_text(&comp["status"]), "Composition.status");
    need(
        comp["type"]["coding"][0]["system"] == "http://loinc.org"
            && comp["type"]["coding"][0]["code"] == "82593-5",
        "Composition.type = LOINC 82593-5",
    );
    need(
        comp["category"][0]["coding"][0]["code"] == "ddcc-vs",
        "Composition.category = ddcc-vs",
    );
    need(
        comp["title"] == fhir::DDCC_TITLE,
        "Composition.title fixed by DDCC",
    );
    need(
        resolves_to(doc, &comp["subject"]["reference"], "Patient"),
        "Composition.subject is the Patient",
    );
    need(
        comp["attester"].as_array().map(Vec::len) == Some(1)
            && comp["attester"][0]["mode"] == "official"
            && resolves_to(
                doc,
                &comp["attester"][0]["party"]["reference"],
                "Organization",
            ),
        "one official Composition.attester, the issuing Organization",
    );
    let sections = comp["section"].as_array().cloned().unwrap_or_default();
    need(sections.len() == 1, "exactly one section (vaccination)");
    for s in &sections {
        need(
            s["code"]["coding"][0]["code"] == "11369-6",
            "section.code = LOINC 11369-6",
        );
        need(
            resolves_to(doc, &s["focus"]["reference"], "Immunization"),
            "section.focus is the Immunization",
        );
        for e in s["entry"].as_array().cloned().unwrap_or_default() {
            need(
                resolves_to(doc, &e["reference"], "Immunization")
                    || resolves_to(doc, &e["reference"], "ImmunizationRecommendation"),
                "section.entry are Immunizations or the recommendation",
            );
        }
    }
    for e in doc["entry"].as_array().cloned().unwrap_or_default() {
        let r = &e["resource"];
        match r["resourceType"].as_str() {
            Some("Patient") => {
                let names = r["name"].as_array().cloned().unwrap_or_default();
                need(
                    names
                        .iter()
                        .any(|n| n["use"] == "official" && has_text(&n["text"])),
                    "Patient.name with use official and text",
                );
                need(has_text(&r["birthDate"]), "Patient.birthDate");
                need(
                    r.get("gender").is_none()
                        || ["male", "female", "other", "unknown"]
                            .contains(&r["gender"].as_str().unwrap_or("")),
                    "Patient.gender from AdministrativeGender",
                );
            }
            Some("Immunization") => {
                let ext = |suffix: &str| -> Vec<Value> {
                    r["extension"]
                        .as_array()
                        .cloned()
                        .unwrap_or_default()
                        .into_iter()
                        .filter(|x| x["url"].as_str().is_some_and(|u| u.ends_with(suffix)))
                        .collect()
                };
                let brand = ext("/DDCCEventBrand");
                need(
                    brand.len() == 1 && brand[0]["valueCoding"].is_object(),
                    "one DDCCEventBrand with valueCoding",
                );
                let country = ext("/DDCCCountryOfEvent");
                need(
                    country.len() == 1 && has_text(&country[0]["valueCode"]),
                    "one DDCCCountryOfEvent with valueCode",
                );
                let codings = r["vaccineCode"]["coding"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
                need(
                    codings.len() == 1
                        && has_text(&codings[0]["system"])
                        && has_text(&codings[0]["code"]),
                    "vaccineCode with exactly one coding with system and code",
                );
                need(
                    has_text(&r["location"]["display"]),
                    "Immunization.location.display",
                );
                need(
                    has_text(&r["occurrenceDateTime"]),
                    "Immunization.occurrenceDateTime",
                );
                need(
                    resolves_to(doc, &r["patient"]["reference"], "Patient"),
                    "Immunization.patient is the Patient",
                );
                let applied = r["protocolApplied"].as_array().cloned().unwrap_or_default();
                need(
                    applied.iter().any(|a| {
                        resolves_to(doc, &a["authority"]["reference"], "Organization")
                            && a["doseNumberPositiveInt"].as_u64().is_some_and(|n| n >= 1)
                    }),
                    "protocolApplied with the authority and a dose number",
                );
            }
            Some("ImmunizationRecommendation") => {
                need(
                    resolves_to(doc, &r["patient"]["reference"], "Patient"),
                    "ImmunizationRecommendation.patient is the Patient",
                );
                need(has_text(&r["date"]), "ImmunizationRecommendation.date");
            }
            _ => {}
        }
    }
    p
}

#[test]
fn ddcc_documents_pass_the_fhir_validator_and_the_ddcc_profiles() {
    let full = fhir::ddcc_document(&content(), &coded(), at());
    // A product with only its profile code, no next dose, no lot, no centre, a year of birth,
    // a sex outside FHIR's four.
    let mut bare = content();
    bare.vaccination.next_dose_due = None;
    bare.vaccination.lot = None;
    bare.vaccination.centre = String::new();
    bare.vaccination.country_alpha3 = None;
    bare.holder.birth_date = BirthDate::Year(1985);
    bare.holder.sex = Some("X".into());
    bare.holder.identifier = None;
    let profile_only = fhir::ddcc_document(&bare, &VaccineCoding::default(), at());
    let mut booster = content();
    booster.vaccination.dose = 3;
    booster.vaccination.booster = true;
    booster.vaccination.next_dose_due = None;
    let booster_doc = fhir::ddcc_document(
        &booster,
        &VaccineCoding {
            snomed: Some("1119305005".into()),
            ..VaccineCoding::default()
        },
        at(),
    );
    let mut items = with_entries("full", &full);
    items.extend(with_entries("profile-only", &profile_only));
    items.extend(with_entries("booster", &booster_doc));
    let failures = validate(&items);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    for (name, doc) in [
        ("full", &full),
        ("profile-only", &profile_only),
        ("booster", &booster_doc),
    ] {
        let problems = ddcc_problems(doc);
        assert!(problems.is_empty(), "{name}: {problems:?}");
    }
    // The country of vaccination in three letters when the profile gives them.
    assert_eq!(
        entry(&full, "urn:uuid:immunization").unwrap()["extension"][1]["valueCode"],
        "IND"
    );
    assert_eq!(
        entry(&profile_only, "urn:uuid:immunization").unwrap()["vaccineCode"]["coding"][0]["system"],
        "https://health.example.gov.in/fhir/CodeSystem/vaccine"
    );
}

#[test]
fn a_product_with_no_code_at_all_is_what_ddcc_refuses() {
    let mut c = content();
    c.vaccination.vaccine_code_system = None;
    let doc = fhir::ddcc_document(&c, &VaccineCoding::default(), at());
    // Valid FHIR (a CodeableConcept may be text only), but DDCC:VS wants a coded vaccine.
    assert!(validate(&with_entries("uncoded", &doc)).is_empty());
    assert_eq!(
        ddcc_problems(&doc),
        ["vaccineCode with exactly one coding with system and code"]
    );
}

#[test]
fn immunization_bundles_pass_the_fhir_validator() {
    let c = content();
    let mut second = c.vaccination.clone();
    second.dose = 2;
    second.date = NaiveDate::from_ymd_opt(2021, 8, 30).unwrap();
    let bundle = fhir::immunizations(
        &c.holder,
        &[
            (c.vaccination.clone(), coded()),
            (second, VaccineCoding::default()),
        ],
    );
    let failures = validate(&with_entries("immunizations", &bundle));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // And the validator is no rubber stamp: a broken resource is refused.
    let mut broken = bundle["entry"][1]["resource"].clone();
    broken["protocolApplied"][0]["doseNumberPositiveInt"] = json!(0);
    broken.as_object_mut().unwrap().remove("status");
    assert_eq!(validate(&[("broken".into(), broken)]).len(), 1);
}
