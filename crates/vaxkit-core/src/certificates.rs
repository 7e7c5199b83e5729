//! Issuing certificates from recorded doses: the content (WHO DDCC:VS core data set) is
//! built from the dose, the person and the profile, then signed in each format the profile
//! names, and printed as a PDF in the holder's language. The same signing keys publish the
//! verifiers' material (JWKS, signer certificates) and the signed revocation list of revoked
//! doses, and verify a certificate's QR text as an offline verifier would.

use chrono::{DateTime, Utc};
use serde::Serialize;
use vaxkit_cert::pdf::{PdfCertificate, QrEcc, QrPayload, Renderer};
use vaxkit_cert::{
    BirthDate, CertificateContent, EuCodes, Holder, Identifier, IdentifierKind, Keyring, Trust,
    eudcc, fhir, shc, uvci,
};
use vaxkit_profile::CertificateFormat;
use vaxkit_store::DbConnection;
use vaxkit_store::repo::beneficiaries::{self, Beneficiary};
use vaxkit_store::repo::doses::{self, DoseRecord};
use vaxkit_store::repo::facilities;

use crate::Core;
use crate::actor::Actor;
use crate::error::{Error, ErrorCode, Result};
use crate::schedule;

/// Printable certificates kept drawn (about 40 KB each: some 20 MB at most).
pub const PDFS_KEPT: usize = 512;

/// How long a drawn certificate is served again: well inside any certificate validity, so its
/// QR codes stay valid for the profile's whole `validity_days` less this.
pub const PDF_KEPT_FOR: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

/// The signing keys and where this server is reached (the SMART Health Card issuer URL).
pub struct Certifier {
    /// Active and retired keys.
    pub keyring: Keyring,
    /// Public base URL, e.g. `https://vaccination.health.example` (no trailing slash).
    pub public_url: String,
    renderer: Option<Renderer>,
}

impl std::fmt::Debug for Certifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Certifier")
            .field("kid", &self.keyring.active().kid())
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

/// A dose's certificate in every format the profile names.
#[derive(Debug, Clone, Serialize)]
pub struct Issued {
    /// The content every format is made from.
    pub content: CertificateContent,
    /// `provisional`, `final` or `booster`.
    pub kind: vaxkit_cert::CertificateKind,
    /// EU DCC QR text (`HC1:...`), when the profile asks for it and the vaccine has EU codes.
    pub eu_dcc: Option<String>,
    /// SMART Health Card QR texts (`shc:/...`, several when chunked).
    pub shc: Option<Vec<String>>,
    /// WHO DDCC:VS as a FHIR R4 document Bundle.
    pub ddcc_fhir: Option<serde_json::Value>,
}

impl Certifier {
    /// A certifier with these keys, reached at `public_url`.
    pub fn new(keyring: Keyring, public_url: &str) -> Self {
        Self {
            keyring,
            public_url: public_url.trim_end_matches('/').to_string(),
            renderer: Renderer::new().ok(),
        }
    }

    /// The trust a verifier of this server's certificates needs: every key, active and retired.
    pub fn trust(&self) -> Trust {
        self.keyring.trust(&self.public_url)
    }

    /// Signs the content in each of the profile's formats.
    pub fn issue(
        &self,
        profile: &vaxkit_profile::Profile,
        content: CertificateContent,
        now: DateTime<Utc>,
    ) -> Result<Issued> {
        let formats = &profile.certificates.formats;
        let wants = |f: CertificateFormat| formats.contains(&f);
        let vaccine = profile
            .vaccine(&content.vaccination.vaccine)
            .ok_or(ErrorCode::UnknownVaccine)?;
        let key = self.keyring.active();
        let eu_dcc = match (
            wants(CertificateFormat::EuDcc),
            EuCodes::for_vaccine(vaccine),
            self.keyring.active_certificate(),
        ) {
            (true, Some(codes), Some(cert)) => {
                let valid_until =
                    now + chrono::Duration::days(i64::from(profile.certificates.validity_days));
                match eudcc::issue(&content, &codes, key, cert, now, valid_until) {
                    Ok(text) => Some(text),
                    // A name with no Latin-script form, or a record the newest schema refuses
                    // (a code outside the EU value sets): no EU DCC, the other formats stand.
                    Err(
                        e @ (eudcc::IssueError::NeedsLatinName | eudcc::IssueError::Payload(_)),
                    ) => {
                        tracing::warn!(certificate = %content.certificate_id, "no EU DCC: {e}");
                        None
                    }
                    Err(e) => return Err(Error::internal(e)),
                }
            }
            _ => None,
        };
        let shc = match (wants(CertificateFormat::Shc), &vaccine.codes.cvx) {
            (true, Some(cvx)) => Some(
                shc::issue(&content, cvx, key, &self.public_url, now)
                    .map_err(Error::internal)?
                    .qr,
            ),
            _ => None,
        };
        let ddcc_fhir = wants(CertificateFormat::DdccFhir).then(|| {
            fhir::ddcc_document(&content, &fhir::VaccineCoding::from_profile(vaccine), now)
        });
        Ok(Issued {
            kind: content.kind(),
            content,
            eu_dcc,
            shc,
            ddcc_fhir,
        })
    }

    /// The printable certificate in `lang`, with the QR codes of `issued`.
    pub fn pdf(
        &self,
        locales: &vaxkit_i18n::Locales,
        lang: &str,
        issued: &Issued,
    ) -> Result<Vec<u8>> {
        let renderer = self
            .renderer
            .as_ref()
            .ok_or_else(|| Error::internal("the PDF fonts could not be loaded"))?;
        renderer
            .render(&pdf_layout(locales, lang, issued))
            .map_err(Error::internal)
    }

    /// The signed list of revoked certificate ids, as a compact JWS.
    pub fn revocation_list(&self, ids: &[String], now: DateTime<Utc>) -> Result<String> {
        vaxkit_cert::RevocationList::sign(self.keyring.active(), now, ids).map_err(Error::internal)
    }
}

/// The certificate id of a dose: a UVCI made from the dose's reference, so it needs no
/// storage and a revoked dose's certificates can be listed.
pub fn certificate_id(country: &str, dose_reference: &str) -> String {
    uvci::from_unique(country, dose_reference).unwrap_or_else(|| dose_reference.to_string())
}

/// Builds the content of the certificate for one dose of a person.
fn content_for(
    c: &mut DbConnection,
    core: &Core,
    person: &Beneficiary,
    dose: &DoseRecord,
) -> Result<CertificateContent> {
    let profile = &core.profile;
    let vaccine = profile
        .vaccine(&dose.vaccine)
        .ok_or(ErrorCode::UnknownVaccine)?;
    let scheme = profile.id_scheme(&person.id_scheme);
    let identifier = match scheme {
        Some(s) if s.travel_document && profile.certificates.international => Identifier {
            kind: IdentifierKind::Passport,
            value: core.store.secrets.open(&person.id_sealed)?,
        },
        _ => Identifier {
            kind: IdentifierKind::MaskedNationalId,
            value: person.id_masked.clone(),
        },
    };
    let (given, family) = split_name(&person.name);
    let holder = Holder {
        family_name: family,
        given_name: given,
        birth_date: match person.birth_date {
            Some(d) => BirthDate::Full(d),
            None => BirthDate::Year(i32::try_from(person.birth_year).unwrap_or(0)),
        },
        sex: Some(person.gender.clone()),
        identifier: Some(identifier),
    };
    let number = u32::try_from(dose.dose).unwrap_or(1);
    let mut content = CertificateContent::from_profile(
        profile,
        vaccine,
        holder,
        number,
        dose.given_on,
        certificate_id(&profile.country.code, &dose.reference),
    );
    content.vaccination.lot = dose.batch.clone();
    content.latin_name = person.latin_name.as_deref().map(|latin| {
        let (given, family) = split_name(latin);
        vaxkit_cert::LatinName {
            family_name: family,
            given_name: given,
        }
    });
    if let Some(id) = dose.facility_id
        && let Some((f, _)) = facilities::by_ids(c, &[id])?.into_iter().next()
    {
        content.vaccination.centre = f.name;
    }
    // The next dose due, as the schedule engine sees it the day this dose was given.
    let standing: Vec<DoseRecord> = doses::active_of(c, person.id)?
        .into_iter()
        .filter(|d| (d.given_on, d.dose) <= (dose.given_on, dose.dose))
        .collect();
    let past = schedule::past(&standing);
    if let Ok(answer) = schedule::evaluate(
        profile,
        &dose.vaccine,
        person,
        &past,
        dose.given_on,
        schedule::Purpose::Record,
    ) && answer.next_dose.is_some()
        && !answer.booster
    {
        content.vaccination.next_dose_due = answer.earliest;
    }
    Ok(content)
}

/// Given and family names of a name held in one field: the family name is the last word.
fn split_name(name: &str) -> (String, String) {
    match name.rsplit_once(' ') {
        Some((given, family)) => (given.to_string(), family.to_string()),
        None => (String::new(), name.to_string()),
    }
}

/// The person's dose to certify: dose number `wanted`, or the latest; revoked doses have
/// no certificate.
fn dose_to_certify(
    c: &mut DbConnection,
    person: &Beneficiary,
    wanted: Option<i64>,
) -> Result<DoseRecord> {
    let active = doses::active_of(c, person.id)?;
    let found = match wanted {
        Some(n) => active.into_iter().rev().find(|d| d.dose == n),
        None => active.into_iter().last(),
    };
    found.ok_or_else(|| ErrorCode::NoCertificate.into())
}

/// The printed page: title by kind, one row per field, the QR codes, in `lang`.
fn pdf_layout(locales: &vaxkit_i18n::Locales, lang: &str, issued: &Issued) -> PdfCertificate {
    let t = |id: &str| locales.message_plain(lang, id, &[]);
    let c = &issued.content;
    let v = &c.vaccination;
    let title = match issued.kind {
        vaxkit_cert::CertificateKind::Provisional => t("certificate-title-provisional"),
        vaxkit_cert::CertificateKind::Final => t("certificate-title-final"),
        vaxkit_cert::CertificateKind::Booster => t("certificate-title-booster"),
    };
    let mut rows = vec![
        (t("certificate-name"), c.holder.full_name()),
        (t("certificate-birth"), c.holder.birth_date.iso()),
    ];
    if let Some(id) = &c.holder.identifier {
        rows.push((t("certificate-identifier"), id.value.clone()));
    }
    rows.push((t("certificate-vaccine"), v.brand.clone()));
    rows.push((t("certificate-manufacturer"), v.manufacturer.clone()));
    if let Some(lot) = &v.lot {
        rows.push((t("certificate-lot"), lot.clone()));
    }
    rows.push((t("certificate-date"), v.date.format("%Y-%m-%d").to_string()));
    rows.push((
        t("certificate-dose"),
        locales.message_plain(
            lang,
            "certificate-dose-of",
            &[
                ("dose", i64::from(v.dose).into()),
                ("total", i64::from(v.total_doses).into()),
            ],
        ),
    ));
    rows.push((t("certificate-centre"), v.centre.clone()));
    rows.push((t("certificate-country"), v.country.clone()));
    if let Some(next) = v.next_dose_due {
        rows.push((
            t("certificate-next-dose"),
            next.format("%Y-%m-%d").to_string(),
        ));
    }
    rows.push((t("certificate-issuer"), c.issuer.clone()));
    rows.push((t("certificate-id"), c.certificate_id.clone()));
    let mut qr_codes = Vec::new();
    if let Some(text) = &issued.eu_dcc {
        qr_codes.push(QrPayload {
            text: text.clone(),
            ecc: QrEcc::Quartile,
            caption: Some("EU DCC".into()),
        });
    }
    if let Some(texts) = &issued.shc {
        for text in texts {
            qr_codes.push(QrPayload {
                text: text.clone(),
                ecc: QrEcc::Low,
                caption: Some("SMART Health Card".into()),
            });
        }
    }
    PdfCertificate {
        language: lang.to_string(),
        title,
        subtitle: Some(c.issuer.clone()),
        rows,
        qr_codes,
        footer: t("certificate-footer"),
    }
}

/// The core's certifier, or `certificate_not_available` when no signing key is set up.
pub fn certifier(core: &Core) -> Result<&Certifier> {
    core.certifier
        .as_ref()
        .ok_or_else(|| ErrorCode::CertificateNotAvailable.into())
}

/// One of the citizen's people by reference.
fn own_person(c: &mut DbConnection, actor: &Actor, reference: &str) -> Result<Beneficiary> {
    let account = actor.citizen()?.account_id;
    beneficiaries::of_account(c, account, reference)?
        .ok_or_else(|| ErrorCode::BeneficiaryNotFound.into())
}

/// The certificate of one of the citizen's people for dose number `dose` (the latest dose when
/// `None`), in every format the profile names; also the language the person registered with.
pub fn issue(
    core: &Core,
    actor: &Actor,
    reference: &str,
    dose: Option<i64>,
    now: DateTime<Utc>,
) -> Result<(Issued, String)> {
    let signer = certifier(core)?;
    let (content, language) = core.read(|c| {
        let person = own_person(c, actor, reference)?;
        let dose = dose_to_certify(c, &person, dose)?;
        Ok((content_for(c, core, &person, &dose)?, person.language))
    })?;
    Ok((signer.issue(&core.profile, content, now)?, language))
}

/// The printable certificate (PDF) of one of the citizen's people in `language`, else in the
/// language the person registered with.
///
/// Drawing one costs tens of milliseconds of CPU, and people download theirs again and again, so
/// a drawn certificate is kept for [`PDF_KEPT_FOR`] under the hash of everything it shows (the
/// content, the language, the signing key): a correction, a revoked dose or a new key changes
/// the content or the key and so the hash, and the next download draws it afresh. The person's
/// record is read on every download, so only the account's own people are ever answered.
pub fn pdf(
    core: &Core,
    actor: &Actor,
    reference: &str,
    dose: Option<i64>,
    language: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<u8>> {
    let signer = certifier(core)?;
    let (content, registered) = core.read(|c| {
        let person = own_person(c, actor, reference)?;
        let dose = dose_to_certify(c, &person, dose)?;
        Ok((content_for(c, core, &person, &dose)?, person.language))
    })?;
    let language = core
        .locales
        .negotiate(language.unwrap_or(&registered))
        .to_string();
    let key = pdf_key(&content, &language, signer.keyring.active().kid())?;
    let pdf =
        core.pdfs
            .get_or_insert(&key, PDF_KEPT_FOR, || -> Result<std::sync::Arc<Vec<u8>>> {
                let issued = signer.issue(&core.profile, content, now)?;
                Ok(std::sync::Arc::new(signer.pdf(
                    &core.locales,
                    &language,
                    &issued,
                )?))
            })?;
    Ok(pdf.as_ref().clone())
}

/// The cache key of a printable certificate: SHA-256 of its content, language and signing key.
fn pdf_key(content: &CertificateContent, language: &str, kid: &str) -> Result<String> {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    hash.update(serde_json::to_vec(content).map_err(Error::internal)?);
    hash.update([0]);
    hash.update(language.as_bytes());
    hash.update([0]);
    hash.update(kid.as_bytes());
    let digest = hash.finalize();
    Ok(format!(
        "pdf:{}",
        digest
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    ))
}

/// Every dose of one of the citizen's people that stands, as a FHIR R4 Bundle of Immunization
/// resources with the Patient, for national health records.
pub fn immunizations(core: &Core, actor: &Actor, reference: &str) -> Result<serde_json::Value> {
    let contents = core.read(|c| {
        let person = own_person(c, actor, reference)?;
        let mut out = Vec::new();
        for record in doses::active_of(c, person.id)? {
            out.push(content_for(c, core, &person, &record)?);
        }
        Ok(out)
    })?;
    let holder = match contents.first() {
        Some(first) => first.holder.clone(),
        None => return Err(ErrorCode::NoCertificate.into()),
    };
    let doses: Vec<_> = contents
        .into_iter()
        .filter_map(|content| {
            let coding = fhir::VaccineCoding::from_profile(
                core.profile.vaccine(&content.vaccination.vaccine)?,
            );
            Some((content.vaccination, coding))
        })
        .collect();
    Ok(fhir::immunizations(&holder, &doses))
}

/// The certificate ids of every revoked dose.
fn revoked_ids(core: &Core) -> Result<Vec<String>> {
    let country = &core.profile.country.code;
    Ok(core
        .store
        .read(doses::revoked)?
        .into_iter()
        .map(|(_, d)| certificate_id(country, &d.reference))
        .collect())
}

/// The signed list of revoked certificate ids, as a compact JWS verifiable with the JWKS.
pub fn revocations(core: &Core, now: DateTime<Utc>) -> Result<String> {
    let signer = certifier(core)?;
    signer.revocation_list(&revoked_ids(core)?, now)
}

/// Verifies a certificate's QR text as an offline verifier would: signature by one of this
/// server's keys (active or retired), key usage, validity dates, and the revocation list.
pub fn verify(core: &Core, qr: &str, now: DateTime<Utc>) -> Result<vaxkit_cert::Verification> {
    let trust = certifier(core)?.trust();
    let list = vaxkit_cert::RevocationList::from_entries(None, revoked_ids(core)?);
    Ok(vaxkit_cert::verify(qr, &trust, now, Some(&list)))
}
