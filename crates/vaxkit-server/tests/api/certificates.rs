//! Certificates: a citizen downloads their own people's certificates, every format verifies
//! with the keys the server publishes (online and with the library offline), a revoked dose's
//! certificate fails, and bad QR text is a clear "invalid", never an error page.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::citizen::{Citizen, book, login, world};
use crate::helpers::{PUBLIC_URL, TestApp, assert_error};
use crate::staff::{seed_staff, staff_login};

/// A citizen with one person vaccinated (dose 1 of Comirnaty at HARBOUR on 2 June 2021).
async fn vaccinated(app: &TestApp) -> (Citizen<'_>, String) {
    let w = world(app);
    let c = login(app).await;
    let p = c.add("Asha Rao", "1980-05-17").await;
    assert_eq!(
        book(&c, &w.harbour, &[&p]).await.status(),
        StatusCode::CREATED
    );
    app.clock.advance(chrono::Duration::days(1));
    seed_staff(app, "vax", "vaccinator", None, Some("HARBOUR"));
    let vax = staff_login(app, "vax").await;
    let r = vax
        .post(
            "/api/v1/vaccinator/doses",
            &json!({ "idempotency_key": "cert-key-1", "beneficiary": p,
                     "vaccine": "comirnaty", "batch": "EW2246" }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    (c, p)
}

async fn verify(app: &TestApp, qr: &str) -> Value {
    let r = app
        .post_json("/api/v1/certificates/verify", &json!({ "qr": qr }))
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

/// The trust an offline verifier builds from what the server publishes.
async fn published_trust(app: &TestApp) -> vaxkit_cert::Trust {
    use base64::Engine;
    let mut trust = vaxkit_cert::Trust::new();
    let signers: Value = app
        .get("/api/v1/certificates/signers")
        .await
        .json()
        .await
        .unwrap();
    for s in signers.as_array().unwrap() {
        let der = base64::engine::general_purpose::STANDARD
            .decode(s["certificate"].as_str().unwrap())
            .unwrap();
        trust.add_dcc_signer_der(&der).unwrap();
    }
    let jwks = app
        .get("/.well-known/jwks.json")
        .await
        .text()
        .await
        .unwrap();
    trust.add_shc_issuer(
        Some(PUBLIC_URL),
        vaxkit_cert::Jwks::from_json(&jwks).unwrap(),
    );
    trust
}

both_backends!(
    a_citizen_downloads_certificates_that_verify_in_every_format,
    profile = |p| p.otp.token_idle_minutes = 2880,
    |app| async move {
        let (c, p) = vaccinated(&app).await;
        let r = c
            .get(&format!("/api/v1/beneficiaries/{p}/certificate"))
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let cert: Value = r.json().await.unwrap();
        assert_eq!(cert["kind"], "provisional", "dose 1 of 2");
        assert_eq!(cert["content"]["holder"]["family_name"], "Rao");
        assert_eq!(cert["content"]["vaccination"]["lot"], "EW2246");
        assert_eq!(cert["content"]["vaccination"]["centre"], "Harbour Clinic");
        assert!(cert["content"]["vaccination"]["next_dose_due"].is_string());
        let id = cert["content"]["certificate_id"].as_str().unwrap();
        assert!(id.starts_with("URN:UVCI:01:XX:"), "{id}");
        let hc1 = cert["eu_dcc"].as_str().unwrap();
        assert!(hc1.starts_with("HC1:"));
        let shc: Vec<&str> = cert["shc"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        assert!(shc[0].starts_with("shc:/"));
        assert_eq!(cert["ddcc_fhir"]["resourceType"], "Bundle");

        // Online, and offline with only what the server publishes.
        for qr in [hc1.to_string(), shc.join("\n")] {
            let answer = verify(&app, &qr).await;
            assert_eq!(answer["valid"], true, "{answer}");
            assert_eq!(answer["reason"], "valid");
        }
        let trust = published_trust(&app).await;
        let now = app.clock.now();
        let offline = vaxkit_cert::verify(hc1, &trust, now, None);
        assert!(offline.valid, "{offline:?}");
        assert_eq!(offline.payload.unwrap()["hcert"]["nam"]["fn"], "Rao");
        let offline = vaxkit_cert::verify(&shc.join("\n"), &trust, now, None);
        assert!(offline.valid, "{offline:?}");
        // A changed character fails.
        let mut bytes = hc1.as_bytes().to_vec();
        bytes[40] = if bytes[40] == b'A' { b'B' } else { b'A' };
        let changed = String::from_utf8(bytes).unwrap();
        assert_eq!(verify(&app, &changed).await["valid"], false);

        // The printable certificate, in the asked language.
        for lang in ["en", "ar"] {
            let r = c
                .get(&format!(
                    "/api/v1/beneficiaries/{p}/certificate.pdf?lang={lang}"
                ))
                .await;
            assert_eq!(r.status(), StatusCode::OK);
            assert_eq!(r.headers()["content-type"], "application/pdf");
            let pdf = r.bytes().await.unwrap();
            assert!(pdf.starts_with(b"%PDF"), "{lang}");
            assert!(pdf.len() > 5_000, "{lang}: {} bytes", pdf.len());
        }
        // The QR code as an image reads back to the same text.
        let png = c
            .get(&format!(
                "/api/v1/beneficiaries/{p}/certificate/qr?image=png"
            ))
            .await;
        assert_eq!(png.headers()["content-type"], "image/png");
        let read = vaxkit_cert::qr::read(&png.bytes().await.unwrap()).unwrap();
        // Signatures differ from one issue to the next; the signed content does not.
        let from_image = verify(&app, &read).await;
        assert_eq!(from_image["valid"], true, "{from_image}");
        assert_eq!(from_image["payload"], verify(&app, hc1).await["payload"]);
        let svg = c
            .get(&format!(
                "/api/v1/beneficiaries/{p}/certificate/qr?format=shc"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(svg.contains("<svg"), "{svg}");
        // A value the parameter does not take is refused naming the parameter and its values.
        let msg = assert_error(
            c.get(&format!(
                "/api/v1/beneficiaries/{p}/certificate/qr?image=gif"
            ))
            .await,
            StatusCode::BAD_REQUEST,
            "invalid_field",
        )
        .await;
        assert!(msg.contains("“image”") && msg.contains("svg, png"), "{msg}");
        let msg = assert_error(
            c.get(&format!(
                "/api/v1/beneficiaries/{p}/certificate/qr?format=eu_dcc"
            ))
            .await,
            StatusCode::BAD_REQUEST,
            "invalid_field",
        )
        .await;
        assert!(
            msg.contains("“format”") && msg.contains("eu-dcc, shc"),
            "{msg}"
        );
        // Without `lang`, the language the person registered with.
        let r = c
            .patch(
                &format!("/api/v1/beneficiaries/{p}"),
                &json!({ "language": "ar" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let own = c
            .get(&format!("/api/v1/beneficiaries/{p}/certificate.pdf"))
            .await
            .bytes()
            .await
            .unwrap();
        let has_arabic_font = |pdf: &[u8]| pdf.windows(15).any(|w| w == b"NotoNaskhArabic");
        assert!(has_arabic_font(&own), "the holder's language is Arabic");
        let english = c
            .get(&format!(
                "/api/v1/beneficiaries/{p}/certificate.pdf?lang=en"
            ))
            .await
            .bytes()
            .await
            .unwrap();
        assert!(!has_arabic_font(&english));
        let fhir: Value = c
            .get(&format!("/api/v1/beneficiaries/{p}/immunizations"))
            .await
            .json()
            .await
            .unwrap();
        let kinds: Vec<&str> = fhir["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["resource"]["resourceType"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, vec!["Patient", "Immunization"]);

        // Only the account's own people; none before a dose.
        let other = login(&app).await;
        assert_error(
            other
                .get(&format!("/api/v1/beneficiaries/{p}/certificate"))
                .await,
            StatusCode::NOT_FOUND,
            "beneficiary_not_found",
        )
        .await;
        assert_error(
            app.get(&format!("/api/v1/beneficiaries/{p}/certificate"))
                .await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
        let q = c.add("Ravi Rao", "1978-01-02").await;
        assert_error(
            c.get(&format!("/api/v1/beneficiaries/{q}/certificate"))
                .await,
            StatusCode::NOT_FOUND,
            "no_certificate",
        )
        .await;
    }
);

both_backends!(
    a_revoked_dose_fails_verification_and_is_on_the_signed_list,
    profile = |p| p.otp.token_idle_minutes = 2880,
    |app| async move {
        let (c, p) = vaccinated(&app).await;
        let cert: Value = c
            .get(&format!("/api/v1/beneficiaries/{p}/certificate"))
            .await
            .json()
            .await
            .unwrap();
        let hc1 = cert["eu_dcc"].as_str().unwrap().to_string();
        let id = cert["content"]["certificate_id"]
            .as_str()
            .unwrap()
            .to_string();
        assert_eq!(verify(&app, &hc1).await["valid"], true);

        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        let north = staff_login(&app, "north").await;
        let record: Value = north
            .get(&format!("/api/v1/admin/beneficiaries/{p}"))
            .await
            .json()
            .await
            .unwrap();
        let dose = record["doses"][0]["reference"].as_str().unwrap();
        let r = north
            .post(
                &format!("/api/v1/admin/doses/{dose}/revoke"),
                &json!({ "reason": "recorded for the wrong person" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);

        let answer = verify(&app, &hc1).await;
        assert_eq!(answer["valid"], false);
        assert_eq!(answer["reason"], "revoked");
        // The signed list verifies with the published keys and names the certificate.
        let jws = app
            .get("/api/v1/certificates/revocations")
            .await
            .text()
            .await
            .unwrap();
        let jwks = app
            .get("/.well-known/jwks.json")
            .await
            .text()
            .await
            .unwrap();
        let list =
            vaxkit_cert::RevocationList::load(&jws, &vaxkit_cert::Jwks::from_json(&jwks).unwrap())
                .unwrap();
        assert!(list.is_revoked(&id));
        let trust = published_trust(&app).await;
        let offline = vaxkit_cert::verify(&hc1, &trust, app.clock.now(), Some(&list));
        assert!(!offline.valid);
        assert_eq!(offline.reason.code(), "revoked");
        assert_error(
            c.get(&format!("/api/v1/beneficiaries/{p}/certificate"))
                .await,
            StatusCode::NOT_FOUND,
            "no_certificate",
        )
        .await;
    }
);

both_backends!(bad_qr_text_is_invalid_with_a_reason, |app| async move {
    for (qr, reason) in [
        ("XYZ:123", "bad_prefix"),
        ("HC1:!!!", "bad_base45"),
        ("HC1:", "truncated"),
        ("shc:/99", "bad_numeric"),
        ("shc:/123", "truncated"),
    ] {
        let answer = verify(&app, qr).await;
        assert_eq!(answer["valid"], false, "{qr}");
        assert_eq!(answer["reason"], reason, "{qr}: {answer}");
        assert!(!answer["message"].as_str().unwrap().is_empty());
    }
    let fr: Value = app
        .client
        .post(app.url("/api/v1/certificates/verify"))
        .header("Accept-Language", "fr")
        .json(&json!({ "qr": "XYZ" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        fr["message"].as_str().unwrap().contains("pas valide"),
        "{fr}"
    );
});

both_backends!(
    a_name_in_another_script_carries_its_latin_form_abroad,
    profile = |p| p.otp.token_idle_minutes = 2880,
    |app| async move {
        use crate::citizen::{give, national_id, new_person};
        let c = login(&app).await;
        // The example profile issues EU DCC; no ICAO 9303 table covers Devanagari.
        let mut priya = new_person("प्रिया शर्मा", "1990-04-02", &national_id());
        assert_error(
            c.post("/api/v1/beneficiaries", &priya).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "latin_name_required",
        )
        .await;
        priya["latin_name"] = json!("प्रिया Sharma");
        assert_error(
            c.post("/api/v1/beneficiaries", &priya).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_latin_name",
        )
        .await;
        priya["latin_name"] = json!("Priya  Sharma");
        let r = c.post("/api/v1/beneficiaries", &priya).await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["latin_name"], "Priya Sharma");
        let p = body["reference"].as_str().unwrap().to_string();
        // Cyrillic has an ICAO table: no Latin form needed.
        let ivan = c
            .post(
                "/api/v1/beneficiaries",
                &new_person("Иван Петров", "1985-01-09", &national_id()),
            )
            .await;
        assert_eq!(ivan.status(), StatusCode::CREATED);
        let ivan: Value = ivan.json().await.unwrap();
        assert_eq!(ivan["latin_name"], Value::Null);
        let ivan = ivan["reference"].as_str().unwrap().to_string();

        let trust = published_trust(&app).await;
        for (who, fnt, gnt, family) in [
            (&p, "SHARMA", "PRIYA", "शर्मा"),
            (&ivan, "PETROV", "IVAN", "Петров"),
        ] {
            give(&app, who, 1, "comirnaty", "2021-06-02");
            let cert: Value = c
                .get(&format!("/api/v1/beneficiaries/{who}/certificate"))
                .await
                .json()
                .await
                .unwrap();
            let hc1 = cert["eu_dcc"].as_str().expect("an EU DCC");
            let v = vaxkit_cert::verify(hc1, &trust, app.clock.now(), None);
            assert!(v.valid, "{v:?}");
            let nam = &v.payload.unwrap()["hcert"]["nam"];
            assert_eq!(nam["fnt"], fnt, "{nam}");
            assert_eq!(nam["gnt"], gnt, "{nam}");
            assert_eq!(nam["fn"], family, "the name as written stays: {nam}");
        }

        // The Latin form is corrected once, like the other fields.
        let r = c
            .patch(
                &format!("/api/v1/beneficiaries/{p}"),
                &json!({ "latin_name": "Priya Sharma-Rao" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_error(
            c.patch(
                &format!("/api/v1/beneficiaries/{p}"),
                &json!({ "latin_name": "Priya Rao" }),
            )
            .await,
            StatusCode::CONFLICT,
            "already_corrected",
        )
        .await;
        // A name corrected into Devanagari needs its Latin form with it.
        assert_error(
            c.patch(
                &format!("/api/v1/beneficiaries/{ivan}"),
                &json!({ "name": "इवान पेत्रोव" }),
            )
            .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "latin_name_required",
        )
        .await;
    }
);

both_backends!(
    the_verdict_and_its_detail_speak_the_asked_language,
    |app| async move {
        let fr: Value = app
            .client
            .post(app.url("/api/v1/certificates/verify"))
            .header("Accept-Language", "fr")
            .json(&json!({ "qr": "XYZ:123" }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(fr["reason"], "bad_prefix");
        let detail = fr["detail"].as_str().unwrap();
        assert!(detail.starts_with("Ce n’est pas un certificat"), "{detail}");
        assert!(
            !detail.contains('\u{2068}'),
            "no isolation marks in JSON: {detail}"
        );
        assert_eq!(fr["unknown_codes"], json!([]));
    }
);

both_backends!(
    the_eu_dcc_expires_after_the_profiles_validity,
    profile = |p| {
        p.otp.token_idle_minutes = 2880;
        p.certificates.validity_days = 30;
    },
    |app| async move {
        let (c, p) = vaccinated(&app).await;
        let cert: Value = c
            .get(&format!("/api/v1/beneficiaries/{p}/certificate"))
            .await
            .json()
            .await
            .unwrap();
        let trust = published_trust(&app).await;
        let v = vaxkit_cert::verify(
            cert["eu_dcc"].as_str().unwrap(),
            &trust,
            app.clock.now(),
            None,
        );
        let payload = v.payload.unwrap();
        let lifetime = payload["exp"].as_i64().unwrap() - payload["iat"].as_i64().unwrap();
        assert_eq!(lifetime, 30 * 86_400, "{payload}");
        let later = app.clock.now() + chrono::Duration::days(31);
        let expired = vaxkit_cert::verify(cert["eu_dcc"].as_str().unwrap(), &trust, later, None);
        assert_eq!(expired.reason.code(), "expired");
    }
);

both_backends!(
    a_printed_certificate_is_kept_until_what_it_shows_changes,
    profile = |p| p.otp.token_idle_minutes = 2880,
    |app| async move {
        let (c, p) = vaccinated(&app).await;
        let download = |lang: &'static str| {
            let c = &c;
            let p = &p;
            async move {
                let r = c
                    .get(&format!(
                        "/api/v1/beneficiaries/{p}/certificate.pdf?lang={lang}"
                    ))
                    .await;
                assert_eq!(r.status(), StatusCode::OK);
                r.bytes().await.unwrap()
            }
        };
        let first = download("en").await;
        // A minute later a fresh drawing would carry a new issue time in its QR codes: the same
        // bytes mean the drawn certificate was kept.
        app.clock.advance(chrono::Duration::minutes(1));
        assert!(download("en").await == first, "kept");
        assert_ne!(
            download("fr").await,
            first,
            "another language is another drawing"
        );
        // A correction changes what the certificate shows: drawn again.
        let r = c
            .patch(
                &format!("/api/v1/beneficiaries/{p}"),
                &json!({ "name": "Asha Rao-Menon" }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let corrected = download("en").await;
        assert!(corrected != first, "drawn again after the correction");
        app.clock.advance(chrono::Duration::minutes(1));
        assert!(download("en").await == corrected, "and kept again");
    }
);
