//! WHO DDCC:VS as a FHIR R4 document Bundle (Composition, Patient, Immunization, with the codes and
//! extensions of the WHO SMART Trust DDCC implementation guide), and plain FHIR R4 Immunization
//! resources for a person's doses.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::content::{CertificateContent, Holder, IdentifierKind, Vaccination};

/// Canonical base of the DDCC implementation guide.
pub const DDCC_BASE: &str = "http://smart.who.int/ddcc";
/// ICD-11 MMS code system (vaccine and disease codes of DDCC:VS).
pub const ICD11: &str = "http://id.who.int/icd11/mms";
/// Profile vaccine codes, for products without an international code.
pub const VAXKIT_VACCINES: &str = "https://vaxkit.org/fhir/CodeSystem/vaccine";

/// International codes of a dose's product, from the profile (`codes.icd11`, `codes.snomed`, ...).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VaccineCoding {
    /// ICD-11 vaccine code (e.g. `XM68M6` for COVID-19 vaccines).
    pub icd11: Option<String>,
    /// ICD-11 code of the disease targeted (e.g. `RA01` for COVID-19).
    pub disease_icd11: Option<String>,
    /// SNOMED CT product code.
    pub snomed: Option<String>,
    /// CVX code.
    pub cvx: Option<String>,
}

impl VaccineCoding {
    /// The codes a profile vaccine carries.
    pub fn from_profile(vaccine: &vaxkit_profile::Vaccine) -> Self {
        let c = &vaccine.codes;
        Self {
            icd11: c.icd11.clone(),
            disease_icd11: (vaccine.disease == "covid-19").then(|| "RA01".to_owned()),
            snomed: c.snomed.clone(),
            cvx: c.cvx.clone(),
        }
    }
}

fn vaccine_code(v: &Vaccination, coding: &VaccineCoding) -> Value {
    let mut codings = Vec::new();
    if let Some(c) = &coding.icd11 {
        codings.push(json!({"system": ICD11, "code": c}));
    }
    if let Some(c) = &coding.snomed {
        codings.push(json!({"system": "http://snomed.info/sct", "code": c}));
    }
    if let Some(c) = &coding.cvx {
        codings.push(json!({"system": crate::shc::CVX, "code": c}));
    }
    codings.push(json!({"system": VAXKIT_VACCINES, "code": v.vaccine, "display": v.brand}));
    json!({"coding": codings, "text": v.brand})
}

fn patient(holder: &Holder, id: &str) -> Value {
    let mut p = json!({
        "resourceType": "Patient",
        "id": id,
        "name": [{"text": holder.full_name(), "family": holder.family_name,
                  "given": holder.given_name.split_whitespace().collect::<Vec<_>>()}],
        "birthDate": holder.birth_date.iso(),
    });
    if let Some(obj) = p.as_object_mut() {
        if let Some(sex) = &holder.sex {
            obj.insert("gender".into(), sex.clone().into());
        }
        if let Some(ident) = &holder.identifier {
            let code = match ident.kind {
                IdentifierKind::Passport => "PPN",
                IdentifierKind::MaskedNationalId => "NI",
            };
            obj.insert(
                "identifier".into(),
                json!([{"type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": code}]},
                        "value": ident.value}]),
            );
        }
    }
    p
}

fn immunization(
    v: &Vaccination,
    coding: &VaccineCoding,
    issuer: Option<&str>,
    patient_ref: &str,
    id: &str,
) -> Value {
    let mut protocol = json!({
        "doseNumberPositiveInt": v.dose,
        "seriesDosesPositiveInt": v.total_doses.max(v.dose),
    });
    if let Some(obj) = protocol.as_object_mut() {
        if let Some(d) = &coding.disease_icd11 {
            obj.insert(
                "targetDisease".into(),
                json!([{"coding": [{"system": ICD11, "code": d}]}]),
            );
        }
        if let Some(issuer) = issuer {
            obj.insert("authority".into(), json!({"display": issuer}));
        }
    }
    let mut imm = json!({
        "resourceType": "Immunization",
        "id": id,
        "meta": {"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCImmunization")]},
        "extension": [
            {"url": format!("{DDCC_BASE}/StructureDefinition/DDCCEventBrand"),
             "valueCoding": {"system": VAXKIT_VACCINES, "code": v.vaccine, "display": v.brand}},
            {"url": format!("{DDCC_BASE}/StructureDefinition/DDCCCountryOfEvent"),
             "valueCode": v.country},
            {"url": format!("{DDCC_BASE}/StructureDefinition/DDCCVaccineMarketAuthorization"),
             "valueCoding": {"display": v.manufacturer}},
        ],
        "status": "completed",
        "vaccineCode": vaccine_code(v, coding),
        "patient": {"reference": patient_ref},
        "occurrenceDateTime": v.date.format("%Y-%m-%d").to_string(),
        "manufacturer": {"display": v.manufacturer},
        "location": {"display": v.centre},
        "protocolApplied": [protocol],
    });
    if let (Some(lot), Some(obj)) = (&v.lot, imm.as_object_mut()) {
        obj.insert("lotNumber".into(), lot.clone().into());
    }
    imm
}

/// The next dose's due date as an ImmunizationRecommendation (where DDCC:VS maps `nextDose`).
fn recommendation(v: &Vaccination, patient_ref: &str, at: DateTime<Utc>) -> Option<Value> {
    let due = v.next_dose_due?;
    Some(json!({
        "resourceType": "ImmunizationRecommendation",
        "id": "recommendation",
        "patient": {"reference": patient_ref},
        "date": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "recommendation": [{
            "vaccineCode": [{"coding": [{"system": VAXKIT_VACCINES, "code": v.vaccine}]}],
            "forecastStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/immunization-recommendation-status", "code": "due"}]},
            "doseNumberPositiveInt": v.dose + 1,
            "dateCriterion": [{
                "code": {"coding": [{"system": "http://loinc.org", "code": "30980-7",
                                     "display": "Date vaccine due"}]},
                "value": due.format("%Y-%m-%d").to_string(),
            }],
        }],
    }))
}

/// The DDCC:VS document Bundle of one dose, stamped at `at`.
pub fn ddcc_document(
    content: &CertificateContent,
    coding: &VaccineCoding,
    at: DateTime<Utc>,
) -> Value {
    let id = &content.certificate_id;
    let pat = patient(&content.holder, "patient");
    let imm = immunization(
        &content.vaccination,
        coding,
        Some(&content.issuer),
        "urn:uuid:patient",
        "immunization",
    );
    let next = recommendation(&content.vaccination, "urn:uuid:patient", at);
    let mut doc = json!({
        "resourceType": "Bundle",
        "meta": {"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCDocument")]},
        "identifier": {"system": format!("{DDCC_BASE}/certificate-id"), "value": id},
        "type": "document",
        "timestamp": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "entry": [
            {"fullUrl": "urn:uuid:composition", "resource": {
                "resourceType": "Composition",
                "meta": {"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCVSComposition")]},
                "identifier": {"value": id},
                "status": "final",
                "type": {"coding": [{"system": "http://loinc.org", "code": "82593-5",
                                     "display": "Immunization summary report"}]},
                "category": [{"coding": [{"system": format!("{DDCC_BASE}/CodeSystem/DDCCCompositionCategoryCodeSystem"),
                                          "code": "ddcc-vs"}]}],
                "subject": {"reference": "urn:uuid:patient"},
                "date": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "author": [{"display": content.issuer}],
                "title": "International Certificate of Vaccination or Prophylaxis",
                "section": [{
                    "code": {"coding": [{"system": "http://loinc.org", "code": "11369-6",
                                         "display": "History of Immunization Narrative"}]},
                    "focus": {"reference": "urn:uuid:immunization"},
                    "entry": [{"reference": "urn:uuid:immunization"}],
                }],
            }},
            {"fullUrl": "urn:uuid:patient", "resource": pat},
            {"fullUrl": "urn:uuid:immunization", "resource": imm},
        ]
    });
    if let (Some(next), Some(entries)) = (next, doc.get_mut("entry").and_then(Value::as_array_mut))
    {
        entries.push(json!({"fullUrl": "urn:uuid:recommendation", "resource": next}));
    }
    doc
}

/// FHIR R4 Immunization resources of one person's doses, with the Patient, as a collection Bundle.
pub fn immunizations(holder: &Holder, doses: &[(Vaccination, VaccineCoding)]) -> Value {
    let mut entries =
        vec![json!({"fullUrl": "urn:uuid:patient", "resource": patient(holder, "patient")})];
    for (i, (v, coding)) in doses.iter().enumerate() {
        let id = format!("immunization-{}", i + 1);
        entries.push(json!({
            "fullUrl": format!("urn:uuid:{id}"),
            "resource": immunization(v, coding, None, "urn:uuid:patient", &id),
        }));
    }
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn document_has_composition_patient_immunization() {
        let c = crate::content::tests::sample();
        let coding = VaccineCoding {
            icd11: Some("XM68M6".into()),
            disease_icd11: Some("RA01".into()),
            ..Default::default()
        };
        let at = DateTime::from_timestamp(1_700_000_000, 0).unwrap_or_default();
        let doc = ddcc_document(&c, &coding, at);
        assert_eq!(doc["type"], "document");
        let kinds: Vec<&str> = doc["entry"]
            .as_array()
            .map(|e| {
                e.iter()
                    .filter_map(|x| x["resource"]["resourceType"].as_str())
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(
            kinds,
            [
                "Composition",
                "Patient",
                "Immunization",
                "ImmunizationRecommendation"
            ]
        );
        let due = &doc["entry"][3]["resource"]["recommendation"][0]["dateCriterion"][0]["value"];
        assert_eq!(due, "2021-03-11");
        let imm = &doc["entry"][2]["resource"];
        assert_eq!(imm["protocolApplied"][0]["doseNumberPositiveInt"], 1);
        assert_eq!(imm["protocolApplied"][0]["seriesDosesPositiveInt"], 2);
        assert_eq!(imm["vaccineCode"]["coding"][0]["code"], "XM68M6");
        assert_eq!(imm["lotNumber"], "EW2246");
        assert_eq!(doc["entry"][1]["resource"]["birthDate"], "1998-02-26");
    }

    #[test]
    fn several_doses() {
        let c = crate::content::tests::sample();
        let mut second = c.vaccination.clone();
        second.dose = 2;
        let doses = [
            (c.vaccination.clone(), VaccineCoding::default()),
            (second, VaccineCoding::default()),
        ];
        let b = immunizations(&c.holder, &doses);
        assert_eq!(b["entry"].as_array().map(Vec::len), Some(3));
        assert_eq!(
            b["entry"][2]["resource"]["protocolApplied"][0]["doseNumberPositiveInt"],
            2
        );
    }
}
