//! Certificate content and codes filled from the shipped country profiles.

use std::path::Path;

use chrono::NaiveDate;
use vaxkit_cert::content::*;
use vaxkit_cert::fhir::VaccineCoding;
use vaxkit_cert::{EuCodes, eudcc};
use vaxkit_profile::{LoadOptions, Profile};

fn profile(code: &str) -> Option<Profile> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../country-profiles")
        .join(code);
    let p = vaxkit_profile::load(&dir, &LoadOptions::default());
    assert!(
        p.is_ok(),
        "{code}: {:?}",
        p.as_ref().err().map(ToString::to_string)
    );
    p.ok()
}

fn holder(passport: bool) -> Holder {
    Holder {
        family_name: "Sharma".into(),
        given_name: "Priya".into(),
        birth_date: BirthDate::Year(1985),
        sex: None,
        identifier: Some(Identifier {
            kind: if passport {
                IdentifierKind::Passport
            } else {
                IdentifierKind::MaskedNationalId
            },
            value: if passport {
                "Z1234567".into()
            } else {
                "XXXXXXXX1234".into()
            },
        }),
    }
}

#[test]
fn every_shipped_vaccine_has_eu_codes_and_content_follows_the_profile() {
    for code in ["example", "in", "ke", "mx"] {
        let Some(p) = profile(code) else { continue };
        for v in &p.vaccines {
            if v.disease != "covid-19" {
                continue;
            }
            let codes = EuCodes::for_vaccine(v);
            // Products outside the EU value sets (no profile code, not in the built-in table)
            // get no EU codes, so the server can leave the EU format out for them.
            let known = v.codes.eu_product.is_some()
                || EuCodes::builtin(&[&v.code, &v.name, &v.manufacturer]).is_some();
            assert_eq!(codes.is_some(), known, "{code}/{}", v.code);
            let Some(codes) = codes else { continue };
            let day = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap_or_default();
            let c = CertificateContent::from_profile(
                &p,
                v,
                holder(false),
                1,
                day,
                "URN:UVCI:01:XX:1#A".into(),
            );
            assert_eq!(c.issuer, p.certificates.issuer);
            assert_eq!(c.vaccination.country, p.country.code);
            assert_eq!(c.vaccination.total_doses, v.doses);
            let expected = if v.doses == 1 {
                CertificateKind::Final
            } else {
                CertificateKind::Provisional
            };
            assert_eq!(c.kind(), expected, "{code}/{}", v.code);
            let booster = CertificateContent::from_profile(
                &p,
                v,
                holder(false),
                v.doses + 1,
                day,
                String::new(),
            );
            assert_eq!(booster.kind(), CertificateKind::Booster);
            let dgc = eudcc::hcert(&c, &codes);
            assert_eq!(
                eudcc::validate_dgc(&dgc).map_err(|e| e.message),
                Ok(vaxkit_cert::DccUsage::Vaccination)
            );
            // What vaxkit issues meets the newest schema and the EU value sets.
            assert_eq!(
                vaxkit_cert::dcc_schema::validate_for_issue(&dgc),
                Ok(()),
                "{code}/{}",
                v.code
            );
            let _ = VaccineCoding::from_profile(v);
        }
    }
}

#[test]
fn profile_codes_win_over_the_builtin_table() {
    let Some(p) = profile("in") else { return };
    let Some(v) = p.vaccine("covishield") else {
        return assert!(p.vaccine("covishield").is_some());
    };
    let codes = EuCodes::for_vaccine(v).unwrap_or_else(|| std::process::abort());
    assert_eq!(Some(&codes.prophylaxis), v.codes.eu_prophylaxis.as_ref());
    assert_eq!(codes.product, "Covishield");
}

#[test]
fn passports_only_on_international_certificates() {
    let Some(mut p) = profile("example") else {
        return;
    };
    let Some(v) = p.vaccines.first().cloned() else {
        return;
    };
    let day = NaiveDate::from_ymd_opt(2024, 1, 10).unwrap_or_default();
    p.certificates.international = false;
    let c = CertificateContent::from_profile(&p, &v, holder(true), 1, day, String::new());
    assert_eq!(c.holder.identifier, None);
    let c = CertificateContent::from_profile(&p, &v, holder(false), 1, day, String::new());
    assert!(c.holder.identifier.is_some());
    p.certificates.international = true;
    let c = CertificateContent::from_profile(&p, &v, holder(true), 1, day, String::new());
    assert_eq!(
        c.holder.identifier.map(|i| i.kind),
        Some(IdentifierKind::Passport)
    );
}
