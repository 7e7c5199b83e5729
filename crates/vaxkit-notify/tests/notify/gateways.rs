//! Each gateway against a real HTTP server on loopback: the exact request — method, path,
//! headers, body — is checked against the provider's published format, and each kind of
//! answer is judged as the provider documents it.

use std::time::Duration;

use vaxkit_notify::gateway::{self, SmsGateway};
use vaxkit_notify::{Notifier, Sms};

use crate::support::{Answer, Gateway, settings};

const TEXT: &str = "Your code is 123456 & it's valid: 3 min. Über+ \"ok\"";

fn sms() -> Sms<'static> {
    Sms {
        to: "254712345678",
        text: TEXT,
        message_id: 42,
        kind: "notify-test-sms",
    }
}

fn gateway_for(toml: &str, secret: Option<&str>) -> Box<dyn SmsGateway> {
    let s = settings(toml);
    gateway::with_secret(
        &s.sms,
        secret.map(str::to_string),
        "254",
        Duration::from_secs(5),
        4,
    )
    .unwrap()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

#[tokio::test]
async fn twilio_posts_the_messages_api_form_with_basic_auth() {
    let server = Gateway::answering(Answer::new(
        201,
        r#"{"sid": "SM1234567890abcdef1234567890abcdef", "status": "queued", "num_segments": "1"}"#,
    ))
    .await;
    let g = gateway_for(
        &format!(
            r#"[sms]
gateway = "twilio"
url = "{}"
account_sid = "AC0123456789abcdef0123456789abcdef"
sender = "+15005550006"
auth_env = "TWILIO_AUTH_TOKEN""#,
            server.url("")
        ),
        Some("tw-auth-token"),
    );
    let d = g.send(sms()).await.unwrap();
    assert_eq!(
        d.reference.as_deref(),
        Some("SM1234567890abcdef1234567890abcdef")
    );
    assert!(d.answer.starts_with("HTTP 201 Created: {"), "{}", d.answer);
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.target,
        "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"
    );
    // base64("AC0123456789abcdef0123456789abcdef:tw-auth-token"), written out independently.
    assert_eq!(
        r.header("authorization"),
        Some("Basic QUMwMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjp0dy1hdXRoLXRva2Vu")
    );
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(
        r.form(),
        pairs(&[
            ("To", "+254712345678"),
            ("From", "+15005550006"),
            ("Body", TEXT)
        ])
    );
}

#[tokio::test]
async fn twilio_with_a_messaging_service_and_an_api_key() {
    let server = Gateway::answering(Answer::new(201, r#"{"sid": "SMx"}"#)).await;
    let g = gateway_for(
        &format!(
            r#"[sms]
gateway = "twilio"
url = "{}"
account_sid = "AC0123456789abcdef0123456789abcdef"
messaging_service_sid = "MG0123456789abcdef0123456789abcdef"
api_key_sid = "SK0123456789abcdef0123456789abcdef"
auth_env = "TWILIO_API_SECRET""#,
            server.url("/")
        ),
        Some("key-secret"),
    );
    g.send(sms()).await.unwrap();
    let r = &server.requests()[0];
    assert_eq!(
        r.target,
        "/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json"
    );
    assert_eq!(
        r.header("authorization"),
        Some("Basic U0swMTIzNDU2Nzg5YWJjZGVmMDEyMzQ1Njc4OWFiY2RlZjprZXktc2VjcmV0")
    );
    assert_eq!(
        r.form(),
        pairs(&[
            ("To", "+254712345678"),
            ("MessagingServiceSid", "MG0123456789abcdef0123456789abcdef"),
            ("Body", TEXT)
        ])
    );
}

#[tokio::test]
async fn twilio_errors_are_permanent_unless_twilio_is_busy() {
    let server = Gateway::start(|n, _| match n {
        0 => Answer::new(
            400,
            r#"{"code": 21211, "message": "The 'To' number is not a valid phone number.", "status": 400}"#,
        ),
        1 => Answer::new(429, r#"{"code": 20429, "message": "Too Many Requests"}"#),
        _ => Answer::new(503, "Service Unavailable"),
    })
    .await;
    let g = gateway_for(
        &format!(
            r#"[sms]
gateway = "twilio"
url = "{}"
account_sid = "AC0123456789abcdef0123456789abcdef"
sender = "+15005550006"
auth_env = "T""#,
            server.url("")
        ),
        Some("t"),
    );
    let e = g.send(sms()).await.unwrap_err();
    assert!(!e.retry, "a bad number does not become good");
    assert!(e.message.contains("21211"), "{}", e.message);
    assert!(g.send(sms()).await.unwrap_err().retry, "429");
    assert!(g.send(sms()).await.unwrap_err().retry, "503");
}

#[tokio::test]
async fn africastalking_posts_the_messaging_form_with_the_api_key_header() {
    let server = Gateway::answering(Answer::new(
        201,
        r#"{"SMSMessageData": {"Message": "Sent to 1/1 Total Cost: KES 0.8000", "Recipients": [{"statusCode": 101, "number": "+254712345678", "status": "Success", "cost": "KES 0.8000", "messageId": "ATXid_4bc5a0b6e1c5f2f1"}]}}"#,
    ))
    .await;
    let g = gateway_for(
        &format!(
            r#"[sms]
gateway = "africastalking"
url = "{}"
username = "moh-ke"
sender = "MOH"
auth_env = "AT_API_KEY""#,
            server.url("/version1/messaging")
        ),
        Some("atsk_0123456789"),
    );
    let d = g.send(sms()).await.unwrap();
    assert_eq!(d.reference.as_deref(), Some("ATXid_4bc5a0b6e1c5f2f1"));
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/version1/messaging");
    assert_eq!(r.header("apikey"), Some("atsk_0123456789"));
    assert_eq!(r.header("authorization"), None);
    assert_eq!(
        r.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(r.header("accept"), Some("application/json"));
    assert_eq!(
        r.form(),
        pairs(&[
            ("username", "moh-ke"),
            ("to", "+254712345678"),
            ("message", TEXT),
            ("from", "MOH")
        ])
    );
}

#[tokio::test]
async fn africastalking_recipient_statuses_decide() {
    let answer = |code: i64, status: &str| {
        Answer::new(
            201,
            &format!(
                r#"{{"SMSMessageData": {{"Message": "Sent to 0/1", "Recipients": [{{"statusCode": {code}, "number": "+254712345678", "status": "{status}", "cost": "0", "messageId": "None"}}]}}}}"#
            ),
        )
    };
    let answers = [
        answer(403, "InvalidPhoneNumber"),
        answer(405, "InsufficientBalance"),
        Answer::new(
            201,
            r#"{"SMSMessageData": {"Message": "InvalidSenderId", "Recipients": []}}"#,
        ),
        Answer::new(401, "The supplied authentication is invalid"),
        Answer::new(500, "oops"),
    ];
    let server = Gateway::start(move |n, _| answers[n.min(4)].clone()).await;
    let g = gateway_for(
        &format!(
            r#"[sms]
gateway = "africastalking"
url = "{}"
username = "sandbox"
auth_env = "AT_API_KEY""#,
            server.url("/version1/messaging")
        ),
        Some("k"),
    );
    let mut results = Vec::new();
    for _ in 0..5 {
        let e = g.send(sms()).await.unwrap_err();
        results.push(e.retry);
    }
    assert_eq!(
        results,
        [false, true, false, false, true],
        "retry decisions"
    );
    // Without `sender` no `from` is sent: the account's default applies.
    assert!(server.requests()[0].form().iter().all(|(k, _)| k != "from"));
}

#[tokio::test]
async fn http_json_template_headers_and_reference() {
    let server = Gateway::answering(Answer::new(
        202,
        r#"{"result": {"accepted": true, "ids": ["msg-77"]}}"#,
    ))
    .await;
    let toml = format!(
        r#"[sms]
gateway = "http"
url = "{}"
auth_env = "SMS_TOKEN"
sender = "VAXKIT"
headers = {{ Authorization = "Bearer {{{{secret}}}}", X-Client = "vaxkit/{{{{message_id}}}}" }}
body = '{{"from": "{{{{sender}}}}", "to": ["{{{{to_e164}}}}"], "local": "{{{{to_national}}}}", "text": "{{{{text}}}}", "ref": "{{{{message_id}}}}"}}'
success_status = [202]
success_body = '"accepted":\s*true'
reference = "/result/ids/0""#,
        server.url("/api/v2/sms?route=fast")
    );
    let g = gateway_for(&toml, Some("tok-en"));
    let d = g.send(sms()).await.unwrap();
    assert_eq!(d.reference.as_deref(), Some("msg-77"));
    let r = &server.requests()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/api/v2/sms?route=fast");
    assert_eq!(r.header("authorization"), Some("Bearer tok-en"));
    assert_eq!(r.header("x-client"), Some("vaxkit/42"));
    assert_eq!(r.header("content-type"), Some("application/json"));
    let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({
            "from": "VAXKIT", "to": ["+254712345678"], "local": "712345678",
            "text": TEXT, "ref": "42"
        })
    );
}

#[tokio::test]
async fn http_success_rules_are_applied() {
    let server = Gateway::start(|n, _| match n {
        0 => Answer::new(200, r#"{"accepted": false, "error": "quota"}"#),
        1 => Answer::new(200, r#"{"accepted": true}"#),
        2 => Answer::new(404, "no such route"),
        _ => Answer::new(502, "bad gateway"),
    })
    .await;
    let toml = format!(
        r#"[sms]
gateway = "http"
url = "{}"
success_body = '"accepted":\s*true'"#,
        server.url("/send")
    );
    let g = gateway_for(&toml, None);
    let e = g.send(sms()).await.unwrap_err();
    assert!(e.retry && e.message.contains("success_body"), "{e:?}");
    assert!(g.send(sms()).await.is_ok());
    assert!(!g.send(sms()).await.unwrap_err().retry, "404 is permanent");
    assert!(g.send(sms()).await.unwrap_err().retry, "502 passes");
    // The default body, without auth_env: no Authorization header.
    let r = &server.requests()[0];
    assert_eq!(r.header("authorization"), None);
    let body: serde_json::Value = serde_json::from_str(&r.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"to": "+254712345678", "text": TEXT})
    );
}

#[tokio::test]
async fn http_get_with_values_in_the_url_and_a_form_post() {
    let server = Gateway::answering(Answer::new(200, "OK")).await;
    let get = format!(
        r#"[sms]
gateway = "http"
method = "GET"
url = "{}"
auth_env = "K"
headers = {{}}"#,
        server.url("/send?key={{secret}}&to={{to}}&msg={{text}}")
    );
    gateway_for(&get, Some("a b/c")).send(sms()).await.unwrap();
    let form = format!(
        r#"[sms]
gateway = "http"
method = "PUT"
format = "form"
url = "{}"
body = "number={{{{to_national}}}}&message={{{{text}}}}""#,
        server.url("/sms")
    );
    gateway_for(&form, None).send(sms()).await.unwrap();
    let r = server.requests();
    assert_eq!(r[0].method, "GET");
    assert_eq!(r[0].body, "");
    assert_eq!(r[0].header("content-type"), None);
    let query = r[0].target.strip_prefix("/send?").unwrap();
    let got: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(
        got,
        pairs(&[("key", "a b/c"), ("to", "254712345678"), ("msg", TEXT)])
    );
    assert!(!r[0].target.contains(' ') && !r[0].target.contains('"'));
    assert_eq!(r[1].method, "PUT");
    assert_eq!(
        r[1].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        r[1].form(),
        pairs(&[("number", "712345678"), ("message", TEXT)])
    );
}

#[tokio::test]
async fn a_text_over_the_segment_limit_is_never_sent() {
    let server = Gateway::answering(Answer::new(200, "OK")).await;
    let s = settings(&format!(
        r#"[sms]
gateway = "http"
url = "{}"
max_segments = 1"#,
        server.url("/send")
    ));
    let g = gateway::with_secret(&s.sms, None, "254", Duration::from_secs(5), 1).unwrap();
    let notifier = Notifier::new(g, None, s.max_segments);
    let two_parts = "आपका टीकाकरण ".repeat(6);
    let e = notifier
        .send_sms(Sms {
            to: "254712345678",
            text: &two_parts,
            message_id: 1,
            kind: "notify-test-sms",
        })
        .await
        .unwrap_err();
    assert!(!e.retry);
    assert!(
        e.message.contains("needs 2 SMS") && e.message.contains("UCS-2"),
        "{}",
        e.message
    );
    assert_eq!(server.count(), 0);
    notifier
        .send_sms(Sms {
            to: "254712345678",
            text: &"a".repeat(160),
            message_id: 2,
            kind: "notify-test-sms",
        })
        .await
        .unwrap();
    assert_eq!(server.count(), 1);
}
