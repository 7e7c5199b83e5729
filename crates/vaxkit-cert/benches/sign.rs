//! Certificates signed and verified per second on one core: EU DCC (hcert, CWT, COSE ES256, zlib,
//! Base45), SMART Health Card (FHIR, raw DEFLATE, JWS ES256, numeric text), and raw ES256.
//!
//! Run with `cargo bench -p vaxkit-cert --bench sign`; each figure is the best of three timed runs.

use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, Utc};
use vaxkit_cert::content::*;
use vaxkit_cert::{
    DccUsage, EuCodes, Keyring, SignerCertificateRequest, SigningKey, eudcc, shc, verify,
};

fn rate(name: &str, iterations: u32, mut f: impl FnMut()) {
    for _ in 0..iterations / 10 {
        f();
    }
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        best = best.min(start.elapsed());
    }
    let per = best / iterations;
    let per_second = f64::from(iterations) / best.as_secs_f64();
    println!("{name:<32} {per:>10.1?} each  {per_second:>10.0} /s/core");
}

fn main() {
    let Ok(key) = SigningKey::generate() else {
        eprintln!("cannot generate a key");
        return;
    };
    let t = |s: &str| {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    };
    let cert = key
        .self_signed_certificate(&SignerCertificateRequest {
            common_name: "Bench DSC".into(),
            organization: "Ministry of Health".into(),
            country: "IN".into(),
            not_before: t("2024-01-01T00:00:00Z"),
            not_after: t("2030-01-01T00:00:00Z"),
            usages: vec![DccUsage::Vaccination],
        })
        .unwrap_or_default();
    let trust = Keyring::new(key.clone(), Some(cert.clone())).trust("https://health.example");
    let content = CertificateContent {
        holder: Holder {
            family_name: "Sharma".into(),
            given_name: "Priya".into(),
            birth_date: BirthDate::Year(1985),
            sex: Some("female".into()),
            identifier: None,
        },
        vaccination: Vaccination {
            vaccine: "covishield".into(),
            disease: "covid-19".into(),
            brand: "Covishield".into(),
            manufacturer: "Serum Institute of India".into(),
            lot: Some("4121Z025".into()),
            date: NaiveDate::from_ymd_opt(2024, 5, 2).unwrap_or_default(),
            dose: 2,
            total_doses: 2,
            booster: false,
            country: "IN".into(),
            centre: "PHC Rampur".into(),
            next_dose_due: None,
            country_alpha3: None,
            vaccine_code_system: None,
        },
        issuer: "Ministry of Health and Family Welfare".into(),
        certificate_id: "URN:UVCI:01:IN:4E3B2A1F0C9D8E7F6A5B4C3D2E1F0A9B#Q".into(),
        latin_name: None,
    };
    let codes = EuCodes::builtin(&["covishield"]).unwrap_or(EuCodes {
        prophylaxis: String::new(),
        product: String::new(),
        manufacturer: String::new(),
    });
    let (iat, exp, now) = (
        t("2024-05-02T10:00:00Z"),
        t("2025-05-02T10:00:00Z"),
        t("2024-06-01T00:00:00Z"),
    );
    let message = [7u8; 200];
    let signature = key.sign(&message).unwrap_or_default();
    let dcc = eudcc::issue(&content, &codes, &key, &cert, iat, exp).unwrap_or_default();
    let card = shc::issue(&content, "208", &key, "https://health.example", iat)
        .map(|c| c.qr.join("\n"))
        .unwrap_or_default();
    if !verify(&dcc, &trust, now, None).valid || !verify(&card, &trust, now, None).valid {
        eprintln!("the bench certificates do not verify");
        return;
    }
    println!(
        "one core, {} bytes EU DCC QR text, {} digits SHC QR text",
        dcc.len(),
        card.len()
    );
    rate("ES256 sign (ring)", 20_000, || {
        black_box(key.sign(black_box(&message)).ok());
    });
    rate("ES256 verify (ring)", 10_000, || {
        black_box(key.public_key().verify(black_box(&message), &signature));
    });
    rate("EU DCC issue (HC1: text)", 10_000, || {
        black_box(eudcc::issue(&content, &codes, &key, &cert, iat, exp).ok());
    });
    rate("EU DCC verify", 5_000, || {
        black_box(verify(black_box(&dcc), &trust, now, None));
    });
    rate("SHC issue (shc:/ text)", 10_000, || {
        black_box(shc::issue(&content, "208", &key, "https://health.example", iat).ok());
    });
    rate("SHC verify", 5_000, || {
        black_box(verify(black_box(&card), &trust, now, None));
    });
}
