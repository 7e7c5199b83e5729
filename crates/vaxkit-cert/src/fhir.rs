//! WHO DDCC:VS as a FHIR R4 document Bundle (Composition, Patient, Organization, Immunization and
//! ImmunizationRecommendation, with the codes, extensions and required elements of the WHO DDCC
//! implementation guide), and plain FHIR R4 Immunization resources for a person's doses.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::content::{CertificateContent, Holder, IdentifierKind, Vaccination};

/// Canonical base of the DDCC implementation guide.
pub const DDCC_BASE: &str = "http://smart.who.int/ddcc";
/// ICD-11 MMS code system (vaccine and disease codes of DDCC:VS).
pub const ICD11: &str = "http://id.who.int/icd11/mms";
/// ISO 3166 country codes in FHIR.
pub const ISO3166: &str = "urn:iso:std:iso:3166";
/// The title DDCC:VS fixes for its Composition.
pub const DDCC_TITLE: &str = "Digital Documentation of COVID-19 Certificate (DDCC)";

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

/// The product's code in its profile code system, when the profile names one.
fn profile_coding(v: &Vaccination) -> Option<Value> {
    v.vaccine_code_system
        .as_ref()
        .map(|system| json!({"system": system, "code": v.vaccine, "display": v.brand}))
}

/// One coding of the vaccine, as DDCC:VS allows one: ICD-11 (its preferred value set), else
/// SNOMED CT, else CVX, else the profile's own code.
fn vaccine_code(v: &Vaccination, coding: &VaccineCoding) -> Value {
    let international = [
        (ICD11, &coding.icd11),
        ("http://snomed.info/sct", &coding.snomed),
        (crate::shc::CVX, &coding.cvx),
    ]
    .into_iter()
    .find_map(|(system, code)| code.as_ref().map(|c| json!({"system": system, "code": c})));
    match international.or_else(|| profile_coding(v)) {
        Some(c) => json!({"coding": [c], "text": v.brand}),
        None => json!({"text": v.brand}),
    }
}

/// FHIR's administrative gender of a recorded sex, when it is one of FHIR's four.
fn gender(sex: &str) -> Option<&'static str> {
    match sex.to_lowercase().as_str() {
        "male" | "m" => Some("male"),
        "female" | "f" => Some("female"),
        "other" | "o" => Some("other"),
        "unknown" | "u" => Some("unknown"),
        _ => None,
    }
}

fn patient(holder: &Holder, id: &str) -> Value {
    let mut p = json!({
        "resourceType": "Patient",
        "id": id,
        "name": [{"use": "official", "text": holder.full_name(), "family": holder.family_name,
                  "given": holder.given_name.split_whitespace().collect::<Vec<_>>()}],
        "birthDate": holder.birth_date.iso(),
    });
    if let Some(obj) = p.as_object_mut() {
        if let Some(g) = holder.sex.as_deref().and_then(gender) {
            obj.insert("gender".into(), g.into());
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

/// An Immunization; with an issuing organisation it follows the DDCCImmunization profile.
fn immunization(
    v: &Vaccination,
    coding: &VaccineCoding,
    authority: Option<&str>,
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
        if let Some(reference) = authority {
            obj.insert("authority".into(), json!({"reference": reference}));
        }
    }
    let brand = profile_coding(v).unwrap_or_else(|| json!({"display": v.brand}));
    let country = match &v.country_alpha3 {
        Some(a3) => a3.clone(),
        None => v.country.clone(),
    };
    let mut imm = json!({
        "resourceType": "Immunization",
        "id": id,
        "extension": [
            {"url": format!("{DDCC_BASE}/StructureDefinition/DDCCEventBrand"),
             "valueCoding": brand},
            {"url": format!("{DDCC_BASE}/StructureDefinition/DDCCCountryOfEvent"),
             "valueCode": country},
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
    if let Some(obj) = imm.as_object_mut() {
        if let Some(lot) = &v.lot {
            obj.insert("lotNumber".into(), lot.clone().into());
        }
        if authority.is_some() {
            obj.insert(
                "meta".into(),
                json!({"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCImmunization")]}),
            );
        }
        if v.centre.trim().is_empty() {
            obj.remove("location");
        }
    }
    imm
}

/// The next dose's due date as an ImmunizationRecommendation (where DDCC:VS maps `nextDose`).
fn recommendation(
    v: &Vaccination,
    coding: &VaccineCoding,
    patient_ref: &str,
    at: DateTime<Utc>,
) -> Option<Value> {
    let due = v.next_dose_due?;
    Some(json!({
        "resourceType": "ImmunizationRecommendation",
        "id": "recommendation",
        "meta": {"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCImmunizationRecommendation")]},
        "patient": {"reference": patient_ref},
        "date": at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "recommendation": [{
            "vaccineCode": [vaccine_code(v, coding)],
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
    let stamp = at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut pat = patient(&content.holder, "patient");
    if let Some(obj) = pat.as_object_mut() {
        obj.insert(
            "meta".into(),
            json!({"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCPatient")]}),
        );
    }
    let mut v = content.vaccination.clone();
    if v.centre.trim().is_empty() {
        // DDCC:VS requires an administering centre; the issuer stands in when none was recorded.
        v.centre = content.issuer.clone();
    }
    let imm = immunization(
        &v,
        coding,
        Some("urn:uuid:organization"),
        "urn:uuid:patient",
        "immunization",
    );
    let next = recommendation(&v, coding, "urn:uuid:patient", at);
    let mut section_entries = vec![json!({"reference": "urn:uuid:immunization"})];
    if next.is_some() {
        section_entries.push(json!({"reference": "urn:uuid:recommendation"}));
    }
    let certificate_ids = format!("{DDCC_BASE}/certificate-id");
    let mut doc = json!({
        "resourceType": "Bundle",
        "meta": {"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCVSDocument")]},
        "identifier": {"system": certificate_ids, "value": id},
        "type": "document",
        "timestamp": stamp,
        "entry": [
            {"fullUrl": "urn:uuid:composition", "resource": {
                "resourceType": "Composition",
                "id": "composition",
                "meta": {"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCVSComposition")]},
                "identifier": {"system": certificate_ids, "value": id},
                "status": "final",
                "type": {"coding": [{"system": "http://loinc.org", "code": "82593-5",
                                     "display": "Immunization summary report"}]},
                "category": [{"coding": [{"system": format!("{DDCC_BASE}/CodeSystem/DDCCCompositionCategoryCodeSystem"),
                                          "code": "ddcc-vs"}]}],
                "subject": {"reference": "urn:uuid:patient"},
                "date": stamp,
                "author": [{"reference": "urn:uuid:organization"}],
                "title": DDCC_TITLE,
                "attester": [{"mode": "official", "party": {"reference": "urn:uuid:organization"}}],
                "section": [{
                    "code": {"coding": [{"system": "http://loinc.org", "code": "11369-6",
                                         "display": "History of Immunization Narrative"}]},
                    "focus": {"reference": "urn:uuid:immunization"},
                    "entry": section_entries,
                }],
            }},
            {"fullUrl": "urn:uuid:patient", "resource": pat},
            {"fullUrl": "urn:uuid:organization", "resource": {
                "resourceType": "Organization",
                "id": "organization",
                "meta": {"profile": [format!("{DDCC_BASE}/StructureDefinition/DDCCOrganization")]},
                "name": content.issuer,
            }},
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
                "Organization",
                "Immunization",
                "ImmunizationRecommendation"
            ]
        );
        let due = &doc["entry"][4]["resource"]["recommendation"][0]["dateCriterion"][0]["value"];
        assert_eq!(due, "2021-03-11");
        let imm = &doc["entry"][3]["resource"];
        assert_eq!(imm["extension"][1]["valueCode"], "AUT");
        assert_eq!(
            imm["extension"][0]["valueCoding"]["system"],
            "https://health.example.at/fhir/CodeSystem/vaccine"
        );
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
