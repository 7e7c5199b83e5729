//! The content of a vaccination certificate, following the WHO DDCC:VS core data set. The server
//! fills it from a recorded dose and the country profile; every format (EU DCC, SMART Health Card,
//! DDCC:VS FHIR, PDF) is rendered from this one struct.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use vaxkit_profile::{Profile, Vaccine};

/// A birth date, full or year only (profiles may register the year alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BirthDate {
    /// The full date.
    Full(NaiveDate),
    /// Only the year.
    Year(i32),
}

impl BirthDate {
    /// The year.
    pub fn year(&self) -> i32 {
        match self {
            BirthDate::Full(d) => d.year(),
            BirthDate::Year(y) => *y,
        }
    }

    /// ISO 8601 text: `YYYY-MM-DD` or `YYYY` (the form EU DCC `dob` and FHIR `birthDate` accept).
    pub fn iso(&self) -> String {
        match self {
            BirthDate::Full(d) => d.format("%Y-%m-%d").to_string(),
            BirthDate::Year(y) => format!("{y:04}"),
        }
    }
}

/// Which kind of identity document the identifier is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdentifierKind {
    /// A national ID number, already masked for display (e.g. `XXXXXXXX1234`).
    MaskedNationalId,
    /// A passport number (the international variant).
    Passport,
}

/// The holder's identifier as printed on the certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identifier {
    /// Kind of document.
    pub kind: IdentifierKind,
    /// The (masked) number.
    pub value: String,
}

/// The vaccinated person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Holder {
    /// Family name(s), as written in the person's script.
    pub family_name: String,
    /// Given name(s).
    pub given_name: String,
    /// Birth date.
    pub birth_date: BirthDate,
    /// Sex as recorded (`male`, `female`, `other`, `unknown`), if any.
    pub sex: Option<String>,
    /// Identity document.
    pub identifier: Option<Identifier>,
}

impl Holder {
    /// The full name, given name first.
    pub fn full_name(&self) -> String {
        match (self.given_name.is_empty(), self.family_name.is_empty()) {
            (true, _) => self.family_name.clone(),
            (_, true) => self.given_name.clone(),
            _ => format!("{} {}", self.given_name, self.family_name),
        }
    }
}

/// The event: one dose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Vaccination {
    /// Profile vaccine code (e.g. `comirnaty`).
    pub vaccine: String,
    /// Disease or agent targeted (profile `disease`, e.g. `covid-19`).
    pub disease: String,
    /// Brand or product name.
    pub brand: String,
    /// Manufacturer or marketing authorisation holder.
    pub manufacturer: String,
    /// Lot (batch) number.
    pub lot: Option<String>,
    /// Date of the dose.
    pub date: NaiveDate,
    /// Dose number (1-based, counting boosters after the series).
    pub dose: u32,
    /// Doses in the primary series.
    pub total_doses: u32,
    /// Whether the dose is a booster.
    pub booster: bool,
    /// Country of vaccination, ISO 3166-1 alpha-2 or alpha-3.
    pub country: String,
    /// Administering centre.
    pub centre: String,
    /// Due date of the next dose, if one is due.
    pub next_dose_due: Option<NaiveDate>,
    /// Country of vaccination, ISO 3166-1 alpha-3 (profile `certificates.country_alpha3`), for
    /// the formats that want it (WHO DDCC:VS).
    #[serde(default)]
    pub country_alpha3: Option<String>,
    /// The code system of the profile vaccine code `vaccine` (profile
    /// `certificates.vaccine_code_system`); without one, FHIR output carries only the
    /// international codes and the product name.
    #[serde(default)]
    pub vaccine_code_system: Option<String>,
}

impl Vaccination {
    /// The product data of `vaccine` from the profile for dose `dose` given on `date`.
    ///
    /// A dose past the primary series counts as a booster.
    pub fn from_profile(vaccine: &Vaccine, dose: u32, date: NaiveDate, country: &str) -> Self {
        Self {
            vaccine: vaccine.code.clone(),
            disease: vaccine.disease.clone(),
            brand: vaccine.name.clone(),
            manufacturer: vaccine.manufacturer.clone(),
            lot: None,
            date,
            dose,
            total_doses: vaccine.doses,
            booster: dose > vaccine.doses,
            country: country.to_owned(),
            centre: String::new(),
            next_dose_due: None,
            country_alpha3: None,
            vaccine_code_system: None,
        }
    }
}

/// Where a dose stands in the schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateKind {
    /// The primary series is not complete yet.
    Provisional,
    /// The primary series is complete with this dose.
    Final,
    /// A dose after the completed series.
    Booster,
}

/// The holder's name in Latin script, as registered for certificates read abroad, when the name
/// itself is written in another script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatinName {
    /// Family name(s) in Latin script.
    pub family_name: String,
    /// Given name(s) in Latin script.
    pub given_name: String,
}

/// A vaccination certificate's content (WHO DDCC:VS core data set).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateContent {
    /// The vaccinated person.
    pub holder: Holder,
    /// The dose.
    pub vaccination: Vaccination,
    /// Issuing authority (profile `certificates.issuer`).
    pub issuer: String,
    /// Unique certificate id (for EU DCC a UVCI, see [`crate::uvci`]).
    pub certificate_id: String,
    /// The holder's name in Latin script, if registered: the EU DCC's standardised names
    /// (`fnt`, `gnt`) come from it instead of from the name as written.
    #[serde(default)]
    pub latin_name: Option<LatinName>,
}

impl CertificateContent {
    /// Provisional, final or booster, from the dose number, the series length and the booster flag.
    pub fn kind(&self) -> CertificateKind {
        let v = &self.vaccination;
        if v.booster || v.dose > v.total_doses {
            CertificateKind::Booster
        } else if v.dose >= v.total_doses {
            CertificateKind::Final
        } else {
            CertificateKind::Provisional
        }
    }

    /// Content for a dose of `vaccine` with the issuer and country taken from `profile`.
    ///
    /// The international variant (profile `certificates.international`) keeps the passport number
    /// and the full birth date; otherwise a passport is not printed and only the masked national ID is.
    pub fn from_profile(
        profile: &Profile,
        vaccine: &Vaccine,
        holder: Holder,
        dose: u32,
        date: NaiveDate,
        certificate_id: String,
    ) -> Self {
        let mut holder = holder;
        if !profile.certificates.international
            && holder
                .identifier
                .as_ref()
                .is_some_and(|i| i.kind == IdentifierKind::Passport)
        {
            holder.identifier = None;
        }
        let mut vaccination = Vaccination::from_profile(vaccine, dose, date, &profile.country.code);
        vaccination.country_alpha3 = profile.certificates.country_alpha3.clone();
        vaccination.vaccine_code_system = profile.certificates.vaccine_code_system.clone();
        Self {
            holder,
            vaccination,
            issuer: profile.certificates.issuer.clone(),
            certificate_id,
            latin_name: None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A sample certificate content used across the crate's tests.
    pub(crate) fn sample() -> CertificateContent {
        CertificateContent {
            holder: Holder {
                family_name: "Musterfrau-Gößinger".into(),
                given_name: "Gabriele".into(),
                birth_date: BirthDate::Full(
                    NaiveDate::from_ymd_opt(1998, 2, 26).unwrap_or_default(),
                ),
                sex: Some("female".into()),
                identifier: Some(Identifier {
                    kind: IdentifierKind::MaskedNationalId,
                    value: "XXXXXXXX1234".into(),
                }),
            },
            vaccination: Vaccination {
                vaccine: "comirnaty".into(),
                disease: "covid-19".into(),
                brand: "Comirnaty".into(),
                manufacturer: "BioNTech Manufacturing GmbH".into(),
                lot: Some("EW2246".into()),
                date: NaiveDate::from_ymd_opt(2021, 2, 18).unwrap_or_default(),
                dose: 1,
                total_doses: 2,
                booster: false,
                country: "AT".into(),
                centre: "Vaccination centre Vienna 1".into(),
                next_dose_due: NaiveDate::from_ymd_opt(2021, 3, 11),
                country_alpha3: Some("AUT".into()),
                vaccine_code_system: Some(
                    "https://health.example.at/fhir/CodeSystem/vaccine".into(),
                ),
            },
            issuer: "Ministry of Health, Austria".into(),
            certificate_id: "URN:UVCI:01:AT:10807843F94AEE0EE5093FBC254BD813#B".into(),
            latin_name: None,
        }
    }

    #[test]
    fn kind_follows_dose_and_series() {
        let mut c = sample();
        assert_eq!(c.kind(), CertificateKind::Provisional);
        c.vaccination.dose = 2;
        assert_eq!(c.kind(), CertificateKind::Final);
        c.vaccination.dose = 3;
        assert_eq!(c.kind(), CertificateKind::Booster);
        c.vaccination.dose = 1;
        c.vaccination.total_doses = 1;
        assert_eq!(c.kind(), CertificateKind::Final);
        c.vaccination.booster = true;
        assert_eq!(c.kind(), CertificateKind::Booster);
    }

    #[test]
    fn birth_date_forms() {
        assert_eq!(BirthDate::Year(1987).iso(), "1987");
        assert_eq!(sample().holder.birth_date.iso(), "1998-02-26");
        assert_eq!(sample().holder.full_name(), "Gabriele Musterfrau-Gößinger");
    }
}
