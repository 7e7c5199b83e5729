//! Feature phones: texts come in through `POST /api/v1/sms/inbound/{gateway}` of the real
//! server, and the answers go out through the outbox worker to an HTTP gateway on loopback —
//! a whole conversation, from `BOOK <postal code>` to the confirmation with the security code.

use std::sync::{Arc, Mutex};

use actix_web::{App, HttpServer, web};
use reqwest::StatusCode;
use serde_json::Value;
use vaxkit_profile::SmsGateway;
use vaxkit_server::api::sms::inbound::{SECRET_HEADER, TWILIO_SIGNATURE_HEADER, twilio_signature};

use crate::citizen::{login, world};
use crate::helpers::{INBOUND_SMS_SECRET, TestApp, assert_error};

/// What the loopback gateway received: recipient and text of each message.
type Received = Arc<Mutex<Vec<(String, String)>>>;

/// An SMS gateway on loopback: takes `POST /send` with `{"to", "text"}` and keeps them.
struct LoopbackGateway {
    url: String,
    received: Received,
    server: actix_web::dev::ServerHandle,
}

impl LoopbackGateway {
    fn start() -> LoopbackGateway {
        let received: Received = Arc::default();
        let kept = web::Data::new(received.clone());
        let server = HttpServer::new(move || {
            App::new().app_data(kept.clone()).route(
                "/send",
                web::post().to(
                    |kept: web::Data<Received>, body: web::Json<Value>| async move {
                        let to = body["to"].as_str().unwrap_or("").to_string();
                        let text = body["text"].as_str().unwrap_or("").to_string();
                        kept.lock().unwrap().push((to, text));
                        actix_web::HttpResponse::Ok().json(serde_json::json!({"id": "m1"}))
                    },
                ),
            )
        })
        .workers(1)
        .bind("127.0.0.1:0")
        .unwrap();
        let port = server.addrs()[0].port();
        let server = server.run();
        let handle = server.handle();
        drop(tokio::spawn(server));
        LoopbackGateway {
            url: format!("http://127.0.0.1:{port}/send"),
            received,
            server: handle,
        }
    }

    /// The texts the gateway received for a number, in order.
    fn texts_to(&self, to: &str) -> Vec<String> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .filter(|(t, _)| t == to)
            .map(|(_, text)| text.clone())
            .collect()
    }
}

impl Drop for LoopbackGateway {
    fn drop(&mut self) {
        drop(self.server.stop(false));
    }
}

/// The `http` gateway (its address is the loopback gateway's, set when delivering), inbound
/// texts proven with a shared secret.
fn http_gateway() -> SmsGateway {
    SmsGateway {
        gateway: "http".into(),
        url: Some("http://127.0.0.1:9/send".into()),
        body: Some(r#"{"to": "{{to}}", "text": "{{text}}"}"#.into()),
        inbound_secret_env: Some("VAXKIT_INBOUND_SMS_SECRET".into()),
        ..SmsGateway::default()
    }
}

/// Sends everything due in the outbox through the profile's gateway, as `vaxkit serve` does,
/// to the loopback gateway.
async fn deliver(app: &TestApp, gateway: &LoopbackGateway) {
    let mut profile = app.profile.clone();
    profile.notifications.sms.url = Some(gateway.url.clone());
    let (notifier, settings) = vaxkit_notify::Notifier::from_profile(&profile).unwrap();
    let clock = app.clock.clone();
    let worker = vaxkit_notify::Worker::new(
        app.store.clone(),
        Arc::new(notifier),
        vaxkit_notify::WorkerConfig::from_settings(&settings),
        Arc::new(move || clock.now().naive_utc()),
    );
    let t = worker.drain().await.unwrap();
    assert_eq!((t.retried, t.failed), (0, 0), "{t:?}");
}

/// A text from `from`, as the `http` gateway forwards it.
async fn text(app: &TestApp, from: &str, body: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/sms/inbound/http"))
        .header(SECRET_HEADER, INBOUND_SMS_SECRET)
        .form(&[("from", from), ("text", body)])
        .send()
        .await
        .unwrap()
}

both_backends!(
    a_feature_phone_books_and_cancels_by_sms,
    profile = |p| p.notifications.sms = http_gateway(),
    |app| async move {
        let gateway = LoopbackGateway::start();
        let w = world(&app);
        // The person was registered online (or at a centre) under this mobile number.
        let c = login(&app).await;
        let asha = c.add("Asha Kumari", "1980-05-17").await;
        let to = format!("999{}", c.mobile);
        let from = format!("+999{}", c.mobile);
        // The login code and the registration text go out first, so that each answer below
        // is the only text of its delivery.
        deliver(&app, &gateway).await;

        // NEXT: nothing booked, no dose yet.
        let r = text(&app, &from, "next").await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        deliver(&app, &gateway).await;
        let answers = gateway.texts_to(&to);
        assert_eq!(
            answers.last().unwrap(),
            "Asha Kumari: no dose recorded yet",
            "{answers:?}"
        );

        // BOOK with the postal code of Harbour Clinic: the first free place, numbered.
        let r = text(&app, &from, "BOOK 10001").await;
        assert_eq!(r.status(), StatusCode::OK);
        let r: Value = r.json().await.unwrap();
        assert_eq!(r["received"], true);
        deliver(&app, &gateway).await;
        let offer = gateway.texts_to(&to).last().unwrap().clone();
        assert_eq!(
            offer,
            "Reply with the number to book:\n1. Asha Kumari: 2021-06-02, Harbour Clinic"
        );
        let places = crate::citizen::available(&app, &w.harbour);

        // The reply with the number books it; the confirmation is the answer.
        let r = text(&app, &from, "1").await;
        assert_eq!(r.status(), StatusCode::OK);
        deliver(&app, &gateway).await;
        let list: Value = c.get("/api/v1/appointments").await.json().await.unwrap();
        assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
        assert_eq!(list[0]["session_id"], w.harbour.as_str());
        assert_eq!(list[0]["beneficiary"]["reference"], asha.as_str());
        let code = list[0]["security_code"].as_str().unwrap();
        let confirmation = gateway.texts_to(&to).last().unwrap().clone();
        assert_eq!(
            confirmation,
            format!(
                "Appointment confirmed for Asha Kumari on 2021-06-02, 09:00-11:00, at Harbour Clinic. Security code: {code}."
            )
        );
        assert_eq!(crate::citizen::available(&app, &w.harbour), places - 1);

        // The same number again: the offer was used up.
        let r = text(&app, &from, "1").await;
        assert_eq!(r.status(), StatusCode::OK);
        deliver(&app, &gateway).await;
        assert!(
            gateway
                .texts_to(&to)
                .last()
                .unwrap()
                .starts_with("There is nothing to choose from now."),
            "{:?}",
            gateway.texts_to(&to)
        );

        // NEXT now names the appointment and its code.
        text(&app, &from, "Next").await;
        deliver(&app, &gateway).await;
        assert_eq!(
            gateway.texts_to(&to).last().unwrap(),
            &format!("Asha Kumari: appointment 2021-06-02 at Harbour Clinic, code {code}")
        );

        // CANCEL, in French: the numbered appointments, then the cancellation's notice.
        text(&app, &from, "annuler").await;
        deliver(&app, &gateway).await;
        assert_eq!(
            gateway.texts_to(&to).last().unwrap(),
            "Répondez par le numéro à annuler :\n1. Asha Kumari : 2021-06-02"
        );
        text(&app, &from, "1").await;
        deliver(&app, &gateway).await;
        assert_eq!(
            gateway.texts_to(&to).last().unwrap(),
            "The appointment of Asha Kumari on 2021-06-02 at Harbour Clinic is cancelled.",
            "the notice is in the person's language"
        );
        assert_eq!(crate::citizen::available(&app, &w.harbour), places);

        // Anything else gets the help text.
        text(&app, &from, "hello?").await;
        deliver(&app, &gateway).await;
        assert!(
            gateway
                .texts_to(&to)
                .last()
                .unwrap()
                .starts_with("vaxkit by SMS: NEXT"),
            "{:?}",
            gateway.texts_to(&to)
        );
    }
);

both_backends!(
    unknown_numbers_wrong_secrets_and_other_gateways_are_refused,
    profile = |p| p.notifications.sms = http_gateway(),
    |app| async move {
        let gateway = LoopbackGateway::start();
        // A number with no account is told how to register.
        let r = text(&app, "+999712345678", "BOOK 10001").await;
        assert_eq!(r.status(), StatusCode::OK);
        deliver(&app, &gateway).await;
        assert_eq!(
            gateway.texts_to("999712345678"),
            ["No one is registered with this number. Register online or at a vaccination centre."]
        );
        // Without the secret, or with another, nothing is done.
        for secret in [None, Some("wrong")] {
            let mut request = app
                .client
                .post(app.url("/api/v1/sms/inbound/http"))
                .form(&[("from", "+999712345678"), ("text", "HELP")]);
            if let Some(s) = secret {
                request = request.header(SECRET_HEADER, s);
            }
            assert_error(
                request.send().await.unwrap(),
                StatusCode::FORBIDDEN,
                "forbidden",
            )
            .await;
        }
        // The secret may come in the query (Africa's Talking calls a URL without headers).
        let r = app
            .client
            .post(app.url(&format!(
                "/api/v1/sms/inbound/http?secret={INBOUND_SMS_SECRET}"
            )))
            .form(&[("from", "+999712345678"), ("text", "HELP")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        // Only the profile's gateway may post.
        let r = app
            .client
            .post(app.url("/api/v1/sms/inbound/twilio"))
            .header(SECRET_HEADER, INBOUND_SMS_SECRET)
            .form(&[("From", "+999712345678"), ("Body", "HELP")])
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        // A sender the profile cannot read is refused.
        assert_error(
            text(&app, "12", "HELP").await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_mobile",
        )
        .await;
    }
);

both_backends!(
    texts_from_one_number_are_limited_as_the_api_is,
    profile = |p| {
        p.notifications.sms = http_gateway();
        p.rate_limits.per_ip_per_minute = 3;
    },
    |app| async move {
        for _ in 0..3 {
            assert_eq!(
                text(&app, "+999712345678", "HELP").await.status(),
                StatusCode::OK
            );
        }
        assert_error(
            text(&app, "+999712345678", "HELP").await,
            StatusCode::TOO_MANY_REQUESTS,
            "rate_limited",
        )
        .await;
        // Another number is not held back by the first (the gateway's one address neither).
        assert_eq!(
            text(&app, "+999712345679", "HELP").await.status(),
            StatusCode::OK
        );
    }
);

both_backends!(
    twilio_texts_are_checked_by_their_signature,
    profile = |p| {
        p.notifications.sms = SmsGateway {
            gateway: "twilio".into(),
            account_sid: Some(format!("AC{}", "0".repeat(32))),
            sender: Some("+15005550006".into()),
            auth_env: Some("TWILIO_AUTH_TOKEN".into()),
            ..SmsGateway::default()
        };
    },
    |app| async move {
        let _ = world(&app);
        let c = login(&app).await;
        c.add("Asha Kumari", "1980-05-17").await;
        let to = format!("999{}", c.mobile);
        let path = "/api/v1/sms/inbound/twilio";
        // The fields of Twilio's incoming-message webhook.
        let form: Vec<(String, String)> = [
            ("AccountSid", format!("AC{}", "0".repeat(32))),
            ("Body", "BOOK 10001".to_string()),
            ("From", format!("+{to}")),
            (
                "MessageSid",
                "SM0123456789abcdef0123456789abcdef".to_string(),
            ),
            ("NumMedia", "0".to_string()),
            ("To", "+15005550006".to_string()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
        let signature = twilio_signature(INBOUND_SMS_SECRET, &app.url(path), &form);
        let r = app
            .client
            .post(app.url(path))
            .header(TWILIO_SIGNATURE_HEADER, &signature)
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(
            r.headers().get("content-type").unwrap(),
            "text/xml; charset=utf-8"
        );
        assert_eq!(
            r.text().await.unwrap(),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"
        );
        let answers: Vec<String> = app
            .store
            .read({
                let to = to.clone();
                let secrets = app.store.secrets.clone();
                move |c| vaxkit_store::repo::outbox::for_recipient(c, &secrets, &to)
            })
            .unwrap()
            .into_iter()
            .filter(|m| m.message_id == "sms-cmd-answer")
            .map(|m| m.body)
            .collect();
        assert_eq!(
            answers,
            ["Reply with the number to book:\n1. Asha Kumari: 2021-06-02, Harbour Clinic"]
        );
        // A changed field, or another token's signature, is refused.
        let mut changed = form.clone();
        changed[1].1 = "CANCEL".into();
        let forged = twilio_signature("another-token", &app.url(path), &form);
        for (fields, signature) in [(&changed, signature.as_str()), (&form, forged.as_str())] {
            let r = app
                .client
                .post(app.url(path))
                .header(TWILIO_SIGNATURE_HEADER, signature)
                .form(fields)
                .send()
                .await
                .unwrap();
            assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        }
    }
);

both_backends!(
    africastalking_texts_carry_the_secret_in_the_callback_url,
    profile = |p| {
        p.notifications.sms = SmsGateway {
            gateway: "africastalking".into(),
            username: Some("sandbox".into()),
            auth_env: Some("AT_API_KEY".into()),
            inbound_secret_env: Some("AT_INBOUND_SECRET".into()),
            ..SmsGateway::default()
        };
    },
    |app| async move {
        let _ = world(&app);
        let c = login(&app).await;
        c.add("Asha Kumari", "1980-05-17").await;
        let to = format!("999{}", c.mobile);
        // The fields of Africa's Talking's incoming-messages callback.
        let form = [
            ("from", format!("+{to}")),
            ("to", "20880".to_string()),
            ("text", "Suivant".to_string()),
            ("date", "2021-06-01 06:00:00".to_string()),
            ("id", "ATXid_0123456789".to_string()),
            ("linkId", "SampleLinkId123".to_string()),
        ];
        let path = "/api/v1/sms/inbound/africastalking";
        let r = app
            .client
            .post(app.url(&format!("{path}?secret={INBOUND_SMS_SECRET}")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let answers: Vec<(String, String)> = app
            .store
            .read({
                let to = to.clone();
                let secrets = app.store.secrets.clone();
                move |c| vaxkit_store::repo::outbox::for_recipient(c, &secrets, &to)
            })
            .unwrap()
            .into_iter()
            .filter(|m| m.message_id == "sms-cmd-answer")
            .map(|m| (m.language, m.body))
            .collect();
        // A French keyword: the answer is in French.
        assert_eq!(
            answers,
            [(
                "fr".to_string(),
                "Asha Kumari : aucune dose enregistrée".to_string()
            )]
        );
        let r = app
            .client
            .post(app.url(&format!("{path}?secret=guess")))
            .form(&form)
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    }
);
