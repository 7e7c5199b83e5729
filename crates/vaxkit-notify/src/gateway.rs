//! SMS gateways: the server log, a generic HTTP gateway described by the profile, and
//! presets for Twilio's Messages API and Africa's Talking's SMS API.
//!
//! Every HTTP gateway is one request per message, built by [`HttpSms::request`] and judged
//! by its answer; what differs between providers is only those two steps, so a new preset
//! is a new arm in each. An inbound-SMS webhook for a gateway belongs beside it: the
//! [`SmsGateway`] trait is what the worker needs, and an inbound handler can add its own
//! trait for the same types without changing this one.

use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use base64::Engine as _;
use vaxkit_profile::notifications::{
    AfricasTalkingGateway, BodyFormat, HttpGateway, SmsRoute, TwilioGateway, fill, json_escape,
};

use crate::{SetupError, mask, secret};

/// One SMS to send.
#[derive(Debug, Clone, Copy)]
pub struct Sms<'a> {
    /// Calling code and national number, digits only.
    pub to: &'a str,
    /// The text.
    pub text: &'a str,
    /// The outbox id, a stable reference for the gateway (0 outside the outbox).
    pub message_id: i64,
    /// The Fluent id of the text (`sms-otp`), for logs.
    pub kind: &'a str,
}

/// A gateway's acceptance of a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    /// The gateway's own id for the message, when it gave one.
    pub reference: Option<String>,
    /// What the gateway answered, for people: `HTTP 201 Created: {...}`.
    pub answer: String,
}

/// A failed try.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct SendError {
    /// Whether trying again later may succeed (a timeout, a 5xx) or not (a refused number).
    pub retry: bool,
    /// What went wrong, without secrets.
    pub message: String,
}

impl SendError {
    /// A failure worth trying again.
    pub fn transient(message: impl Into<String>) -> Self {
        Self {
            retry: true,
            message: message.into(),
        }
    }

    /// A failure that will not change by trying again.
    pub fn permanent(message: impl Into<String>) -> Self {
        Self {
            retry: false,
            message: message.into(),
        }
    }
}

/// What sending returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<Delivered, SendError>> + Send + 'a>>;

/// Something that sends SMS.
pub trait SmsGateway: Send + Sync {
    /// The profile's name for it.
    fn name(&self) -> &'static str;
    /// Sends one message.
    fn send<'a>(&'a self, sms: Sms<'a>) -> SendFuture<'a>;
}

/// Builds the gateway a profile names; secrets are read from the environment now, so a
/// missing one stops start-up instead of failing every message.
pub fn from_route(
    route: &SmsRoute,
    calling_code: &str,
    timeout: Duration,
    connections: usize,
) -> Result<Box<dyn SmsGateway>, SetupError> {
    let secret = match route {
        SmsRoute::Log => None,
        SmsRoute::Http(g) => g.auth_env.as_deref().map(secret::read).transpose()?,
        SmsRoute::Twilio(g) => Some(secret::read(&g.auth_env)?),
        SmsRoute::AfricasTalking(g) => Some(secret::read(&g.auth_env)?),
    };
    with_secret(route, secret, calling_code, timeout, connections)
}

/// Builds the gateway a profile names with its secret given, not read from the environment.
pub fn with_secret(
    route: &SmsRoute,
    secret: Option<String>,
    calling_code: &str,
    timeout: Duration,
    connections: usize,
) -> Result<Box<dyn SmsGateway>, SetupError> {
    let kind = match route {
        SmsRoute::Log => return Ok(Box::new(LogGateway)),
        SmsRoute::Http(g) => Kind::Http(g.clone()),
        SmsRoute::Twilio(g) => Kind::Twilio(g.clone()),
        SmsRoute::AfricasTalking(g) => Kind::AfricasTalking(g.clone()),
    };
    Ok(Box::new(HttpSms::new(
        kind,
        secret,
        calling_code,
        timeout,
        connections,
    )?))
}

impl HttpSms {
    fn new(
        kind: Kind,
        secret: Option<String>,
        calling_code: &str,
        timeout: Duration,
        connections: usize,
    ) -> Result<Self, SetupError> {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout)
            .pool_max_idle_per_host(connections.max(1))
            .user_agent(concat!("vaxkit/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SetupError::Http(e.to_string()))?;
        Ok(HttpSms {
            client,
            kind,
            secret,
            calling_code: calling_code.to_string(),
            timeout,
        })
    }
}

/// Writes each message to the server log, recipient masked: pilots and development.
#[derive(Debug, Clone, Copy, Default)]
pub struct LogGateway;

impl SmsGateway for LogGateway {
    fn name(&self) -> &'static str {
        "log"
    }

    fn send<'a>(&'a self, sms: Sms<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            tracing::info!(gateway = "log", to = %mask(sms.to), message = %sms.kind, id = sms.message_id, "{}", sms.text);
            Ok(Delivered {
                reference: None,
                answer: "written to the server log".into(),
            })
        })
    }
}

/// A request to a gateway, exactly as it is sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// GET, POST or PUT.
    pub method: String,
    /// Full URL.
    pub url: String,
    /// Headers in order.
    pub headers: Vec<(String, String)>,
    /// Body, if any.
    pub body: Option<String>,
}

#[derive(Debug, Clone)]
enum Kind {
    Http(HttpGateway),
    Twilio(TwilioGateway),
    AfricasTalking(AfricasTalkingGateway),
}

/// A gateway reached over HTTP: the generic one or a preset.
pub struct HttpSms {
    client: reqwest::Client,
    kind: Kind,
    secret: Option<String>,
    calling_code: String,
    timeout: Duration,
}

const FORM: &str = "application/x-www-form-urlencoded";
const JSON: &str = "application/json";
/// Most of a gateway's answer kept in errors and in `notify test` output.
const ANSWER_CHARS: usize = 500;

impl HttpSms {
    /// The request that sends `sms`.
    pub fn request(&self, sms: &Sms<'_>) -> Result<Request, SendError> {
        let e164 = format!("+{}", sms.to);
        match &self.kind {
            Kind::Http(g) => self.generic_request(g, sms),
            Kind::Twilio(g) => {
                let mut form = url::form_urlencoded::Serializer::new(String::new());
                form.append_pair("To", &e164);
                match (&g.messaging_service_sid, &g.sender) {
                    (Some(service), _) => form.append_pair("MessagingServiceSid", service),
                    (None, Some(from)) => form.append_pair("From", from),
                    (None, None) => &mut form,
                };
                form.append_pair("Body", sms.text);
                let user = g.api_key_sid.as_deref().unwrap_or(&g.account_sid);
                let credentials = base64::engine::general_purpose::STANDARD
                    .encode(format!("{user}:{}", self.secret.as_deref().unwrap_or("")));
                Ok(Request {
                    method: "POST".into(),
                    url: format!(
                        "{}/2010-04-01/Accounts/{}/Messages.json",
                        g.base_url, g.account_sid
                    ),
                    headers: vec![
                        ("Authorization".into(), format!("Basic {credentials}")),
                        ("Content-Type".into(), FORM.into()),
                        ("Accept".into(), JSON.into()),
                    ],
                    body: Some(form.finish()),
                })
            }
            Kind::AfricasTalking(g) => {
                let mut form = url::form_urlencoded::Serializer::new(String::new());
                form.append_pair("username", &g.username);
                form.append_pair("to", &e164);
                form.append_pair("message", sms.text);
                if let Some(from) = &g.sender {
                    form.append_pair("from", from);
                }
                Ok(Request {
                    method: "POST".into(),
                    url: g.url.clone(),
                    headers: vec![
                        ("apiKey".into(), self.secret.clone().unwrap_or_default()),
                        ("Content-Type".into(), FORM.into()),
                        ("Accept".into(), JSON.into()),
                    ],
                    body: Some(form.finish()),
                })
            }
        }
    }

    fn generic_request(&self, g: &HttpGateway, sms: &Sms<'_>) -> Result<Request, SendError> {
        let national = sms
            .to
            .strip_prefix(self.calling_code.as_str())
            .unwrap_or(sms.to);
        let id = sms.message_id.to_string();
        let value = |name: &str| -> String {
            match name {
                "to" => sms.to.to_string(),
                "to_e164" => format!("+{}", sms.to),
                "to_national" => national.to_string(),
                "text" => sms.text.to_string(),
                "sender" => g.sender.clone().unwrap_or_default(),
                "secret" => self.secret.clone().unwrap_or_default(),
                "message_id" => id.clone(),
                _ => String::new(),
            }
        };
        let url = fill(&g.url, |n| percent_encode(&value(n)));
        let body = g.body.as_deref().map(|b| match g.format {
            BodyFormat::Json => fill(b, |n| json_escape(&value(n))),
            BodyFormat::Form => fill(b, |n| {
                url::form_urlencoded::byte_serialize(value(n).as_bytes()).collect()
            }),
        });
        let mut headers = Vec::with_capacity(g.headers.len() + 1);
        if body.is_some() {
            let content_type = match g.format {
                BodyFormat::Json => JSON,
                BodyFormat::Form => FORM,
            };
            headers.push(("Content-Type".to_string(), content_type.to_string()));
        }
        for (name, template) in &g.headers {
            let filled = fill(template, value);
            if filled.chars().any(char::is_control) {
                return Err(SendError::permanent(format!(
                    "header {name} would hold a control character"
                )));
            }
            headers.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
            headers.push((name.clone(), filled));
        }
        Ok(Request {
            method: g.method.clone(),
            url,
            headers,
            body,
        })
    }

    /// Whether an answer means the gateway took the message.
    pub fn judge(&self, status: u16, reason: &str, body: &str) -> Result<Delivered, SendError> {
        let answer = format!("HTTP {status} {reason}: {}", shorten(body));
        let status_error = |what: &str| {
            // Throttling and the gateway's own trouble pass; a refused request does not.
            let retry = status >= 500 || status == 429 || status == 408;
            SendError {
                retry,
                message: format!("{what} answered {answer}"),
            }
        };
        match &self.kind {
            Kind::Http(g) => {
                let accepted = if g.success_status.is_empty() {
                    (200..300).contains(&status)
                } else {
                    g.success_status.contains(&status)
                };
                if !accepted {
                    return Err(status_error("the gateway"));
                }
                if let Some(pattern) = &g.success_body
                    && !pattern.is_match(body)
                {
                    return Err(SendError::transient(format!(
                        "the gateway's answer does not match success_body: {answer}"
                    )));
                }
                let reference = g.reference.as_deref().and_then(|pointer| {
                    let json: serde_json::Value = serde_json::from_str(body).ok()?;
                    json_text(json.pointer(pointer)?)
                });
                Ok(Delivered { reference, answer })
            }
            Kind::Twilio(_) => {
                if !(200..300).contains(&status) {
                    return Err(status_error("Twilio"));
                }
                let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
                Ok(Delivered {
                    reference: json.get("sid").and_then(json_text),
                    answer,
                })
            }
            Kind::AfricasTalking(_) => {
                if !(200..300).contains(&status) {
                    return Err(status_error("Africa's Talking"));
                }
                let json: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
                let data = json.get("SMSMessageData");
                let recipient = data
                    .and_then(|d| d.get("Recipients"))
                    .and_then(|r| r.get(0));
                let Some(recipient) = recipient else {
                    let reason = data
                        .and_then(|d| d.get("Message"))
                        .and_then(json_text)
                        .unwrap_or_else(|| "no recipient in the answer".into());
                    return Err(SendError::permanent(format!(
                        "Africa's Talking refused the message ({reason}): {answer}"
                    )));
                };
                let code = recipient
                    .get("statusCode")
                    .and_then(serde_json::Value::as_i64)
                    .unwrap_or(0);
                match code {
                    // Processed, Sent, Queued.
                    100..=102 => Ok(Delivered {
                        reference: recipient.get("messageId").and_then(json_text),
                        answer,
                    }),
                    // A bad number, sender id or blacklisting will not change by retrying.
                    401..=404 | 406 | 409 => Err(SendError::permanent(format!(
                        "Africa's Talking refused the message (status {code}): {answer}"
                    ))),
                    _ => Err(SendError::transient(format!(
                        "Africa's Talking did not send the message (status {code}): {answer}"
                    ))),
                }
            }
        }
    }

    async fn send_request(&self, request: Request) -> Result<Delivered, SendError> {
        let method = reqwest::Method::from_bytes(request.method.as_bytes())
            .map_err(|_| SendError::permanent(format!("bad method {}", request.method)))?;
        let mut builder = self.client.request(method, &request.url);
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        if let Some(body) = request.body {
            builder = builder.body(body);
        }
        let response = builder.send().await.map_err(|e| self.transport_error(e))?;
        let status = response.status();
        let body = response.text().await.map_err(|e| self.transport_error(e))?;
        self.judge(
            status.as_u16(),
            status.canonical_reason().unwrap_or(""),
            &body,
        )
    }

    fn transport_error(&self, e: reqwest::Error) -> SendError {
        // The URL may carry the secret in its query: never in an error.
        let e = e.without_url();
        if e.is_timeout() {
            return SendError::transient(format!(
                "the gateway did not answer within {} s",
                self.timeout.as_secs_f64()
            ));
        }
        let mut message = e.to_string();
        let mut source = std::error::Error::source(&e);
        while let Some(s) = source {
            message.push_str(": ");
            message.push_str(&s.to_string());
            source = s.source();
        }
        if e.is_connect() {
            return SendError::transient(format!("cannot reach the gateway: {message}"));
        }
        if e.is_builder() {
            return SendError::permanent(message);
        }
        SendError::transient(message)
    }
}

impl SmsGateway for HttpSms {
    fn name(&self) -> &'static str {
        match self.kind {
            Kind::Http(_) => "http",
            Kind::Twilio(_) => "twilio",
            Kind::AfricasTalking(_) => "africastalking",
        }
    }

    fn send<'a>(&'a self, sms: Sms<'a>) -> SendFuture<'a> {
        Box::pin(async move {
            let request = self.request(&sms)?;
            self.send_request(request).await
        })
    }
}

fn json_text(v: &serde_json::Value) -> Option<String> {
    match v {
        serde_json::Value::String(s) => Some(s.clone()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// The first characters of a gateway's answer, on one line.
fn shorten(body: &str) -> String {
    let one_line: String = body
        .trim()
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(ANSWER_CHARS + 1)
        .collect();
    if one_line.chars().count() > ANSWER_CHARS {
        let cut: String = one_line.chars().take(ANSWER_CHARS).collect();
        format!("{cut}…")
    } else {
        one_line
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, for URL templates.
fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_values_are_percent_encoded() {
        assert_eq!(
            percent_encode("+91 98/76&x=é"),
            "%2B91%2098%2F76%26x%3D%C3%A9"
        );
    }

    #[test]
    fn answers_are_cut_to_one_short_line() {
        assert_eq!(shorten(" a\nb "), "a b");
        let long = "x".repeat(600);
        assert_eq!(shorten(&long).chars().count(), ANSWER_CHARS + 1);
    }
}
