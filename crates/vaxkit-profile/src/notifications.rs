//! `[notifications]`: how messages leave the system — the SMS gateway, the email sender,
//! retries and the SMS length limit.
//!
//! The keys are read flat (one table per channel, `deny_unknown_fields`) so that every
//! mistake gets a line and column; [`Notifications::settings`] turns them into checked
//! settings, and the loader reports each [`Problem`] it finds. Secrets never sit here:
//! a key ending in `_env` names the environment variable (or `NAME_FILE`) that holds one.

use std::collections::BTreeMap;
use std::path::PathBuf;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// `[notifications]` as written in the profile.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct Notifications {
    /// Tries before a message is given up and marked failed.
    pub max_attempts: i64,
    /// Seconds before the first retry; each later retry waits twice as long (with jitter).
    pub retry_after_seconds: i64,
    /// Longest wait between two tries, in seconds.
    pub retry_max_seconds: i64,
    /// Seconds a gateway or mail server may take to answer one message.
    pub timeout_seconds: i64,
    /// The SMS gateway.
    pub sms: SmsGateway,
    /// The email sender, if any.
    pub email: Option<EmailSender>,
    /// The citizens' web address that links in messages start with (rebooking, certificates).
    pub public_url: String,
    /// Local hour (0-23) from which the day's scheduled notices (reminders, missed
    /// appointments, doses due) are sent.
    pub jobs_hour: i64,
}

impl Default for Notifications {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            retry_after_seconds: 30,
            retry_max_seconds: 3600,
            timeout_seconds: 10,
            sms: SmsGateway::default(),
            email: None,
            public_url: "http://localhost:8080".into(),
            jobs_hour: 9,
        }
    }
}

/// `notifications.sms` as written: the keys of every gateway kind; each kind checks that
/// it has the keys it needs and none that only another kind reads.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct SmsGateway {
    /// `log`, `http`, `twilio` or `africastalking`.
    pub gateway: String,
    /// Longest message, in SMS segments (GSM-7: 160 characters alone, 153 per part; UCS-2: 70, 67).
    pub max_segments: i64,
    /// `http`: the request URL (a template); presets: another base URL (a regional or test endpoint).
    pub url: Option<String>,
    /// `http`: the request method.
    pub method: Option<String>,
    /// `http`: request headers (templates).
    pub headers: Option<BTreeMap<String, String>>,
    /// `http`: the request body template.
    pub body: Option<String>,
    /// `http`: `json` or `form`: how values are escaped in the body, and its Content-Type.
    pub format: Option<String>,
    /// `http`: answer statuses that mean the gateway accepted the message (default any 2xx).
    pub success_status: Option<Vec<i64>>,
    /// `http`: a regular expression the answer body must match to count as accepted.
    pub success_body: Option<String>,
    /// `http`: JSON pointer to the gateway's message id in its answer, e.g. `/messageId`.
    pub reference: Option<String>,
    /// Environment variable holding the gateway's secret (token, API key, auth token).
    pub auth_env: Option<String>,
    /// Sender: a number, short code or alphanumeric sender id.
    pub sender: Option<String>,
    /// `twilio`: the account SID (`AC...`).
    pub account_sid: Option<String>,
    /// `twilio`: a messaging service SID (`MG...`) to send from instead of `sender`.
    pub messaging_service_sid: Option<String>,
    /// `twilio`: an API key SID (`SK...`) to authenticate with instead of the account SID.
    pub api_key_sid: Option<String>,
    /// `africastalking`: the application username (`sandbox` for the sandbox).
    pub username: Option<String>,
    /// `http`, `africastalking`: environment variable holding the shared secret that inbound
    /// SMS (`POST /api/v1/sms/inbound/{gateway}`) must carry. Twilio's are signed with `auth_env`.
    pub inbound_secret_env: Option<String>,
}

impl Default for SmsGateway {
    fn default() -> Self {
        Self {
            gateway: "log".into(),
            max_segments: 3,
            url: None,
            method: None,
            headers: None,
            body: None,
            format: None,
            success_status: None,
            success_body: None,
            reference: None,
            auth_env: None,
            sender: None,
            account_sid: None,
            messaging_service_sid: None,
            api_key_sid: None,
            username: None,
            inbound_secret_env: None,
        }
    }
}

/// `notifications.email` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EmailSender {
    /// Environment variable holding the SMTP URL with its credentials:
    /// `smtps://user:pass@host:465` (TLS) or `smtp://user:pass@host:587?tls=required` (STARTTLS).
    pub smtp_url_env: String,
    /// Sender address.
    pub from: String,
    /// Sender name shown beside the address.
    pub from_name: Option<String>,
    /// Address replies go to.
    pub reply_to: Option<String>,
    /// PEM file of extra root certificates for a mail server with a private CA, relative to
    /// the profile folder.
    pub ca_file: Option<String>,
}

/// A mistake in `[notifications]`: where, what, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Key path, e.g. `notifications.sms.url`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: Option<String>,
}

/// Checked delivery settings.
#[derive(Debug, Clone)]
pub struct NotificationSettings {
    /// Tries before a message is marked failed.
    pub max_attempts: u32,
    /// Wait before the first retry, in seconds.
    pub retry_after_seconds: u64,
    /// Longest wait between tries, in seconds.
    pub retry_max_seconds: u64,
    /// Time one send may take, in seconds.
    pub timeout_seconds: u64,
    /// Longest SMS, in segments.
    pub max_segments: u32,
    /// The SMS gateway.
    pub sms: SmsRoute,
    /// The email sender, if any.
    pub email: Option<EmailRoute>,
}

/// A checked SMS gateway.
#[derive(Debug, Clone)]
pub enum SmsRoute {
    /// Messages go to the server log, recipient masked.
    Log,
    /// A generic HTTP gateway.
    Http(HttpGateway),
    /// Twilio's Messages API.
    Twilio(TwilioGateway),
    /// Africa's Talking's SMS API.
    AfricasTalking(AfricasTalkingGateway),
}

impl SmsRoute {
    /// The name used in `gateway = ...`.
    pub fn name(&self) -> &'static str {
        match self {
            SmsRoute::Log => "log",
            SmsRoute::Http(_) => "http",
            SmsRoute::Twilio(_) => "twilio",
            SmsRoute::AfricasTalking(_) => "africastalking",
        }
    }
}

/// How the `http` gateway escapes values in its body, and the Content-Type it sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyFormat {
    /// `application/json`; values are JSON-string escaped.
    Json,
    /// `application/x-www-form-urlencoded`; values are form-encoded.
    Form,
}

/// A checked `http` gateway.
#[derive(Debug, Clone)]
pub struct HttpGateway {
    /// GET, POST or PUT.
    pub method: String,
    /// URL template.
    pub url: String,
    /// Header name and value templates.
    pub headers: Vec<(String, String)>,
    /// Body template (none for GET).
    pub body: Option<String>,
    /// How values are escaped in the body.
    pub format: BodyFormat,
    /// Statuses that mean accepted; empty means any 2xx.
    pub success_status: Vec<u16>,
    /// What the answer body must match.
    pub success_body: Option<Regex>,
    /// JSON pointer to the gateway's message id.
    pub reference: Option<String>,
    /// Environment variable with the secret, for `{{secret}}`.
    pub auth_env: Option<String>,
    /// Value of `{{sender}}`.
    pub sender: Option<String>,
}

/// A checked Twilio gateway.
#[derive(Debug, Clone)]
pub struct TwilioGateway {
    /// Base URL, `https://api.twilio.com` unless overridden.
    pub base_url: String,
    /// Account SID.
    pub account_sid: String,
    /// `From`, unless a messaging service sends.
    pub sender: Option<String>,
    /// `MessagingServiceSid`.
    pub messaging_service_sid: Option<String>,
    /// API key SID used as the user name instead of the account SID.
    pub api_key_sid: Option<String>,
    /// Environment variable with the auth token (or API key secret).
    pub auth_env: String,
}

/// A checked Africa's Talking gateway.
#[derive(Debug, Clone)]
pub struct AfricasTalkingGateway {
    /// The messaging endpoint.
    pub url: String,
    /// Application username.
    pub username: String,
    /// `from`: short code or sender id; the account default when none.
    pub sender: Option<String>,
    /// Environment variable with the API key.
    pub auth_env: String,
}

/// A checked email sender.
#[derive(Debug, Clone)]
pub struct EmailRoute {
    /// Environment variable with the SMTP URL.
    pub smtp_url_env: String,
    /// Sender address.
    pub from: String,
    /// Sender name.
    pub from_name: Option<String>,
    /// Reply address.
    pub reply_to: Option<String>,
    /// Extra root certificates, resolved against the profile folder.
    pub ca_file: Option<PathBuf>,
}

/// The placeholders a gateway template may use.
pub const PLACEHOLDERS: &[&str] = &[
    "to",
    "to_e164",
    "to_national",
    "text",
    "sender",
    "secret",
    "message_id",
];

/// The Twilio API's address.
pub const TWILIO_URL: &str = "https://api.twilio.com";
/// Africa's Talking's live messaging endpoint.
pub const AFRICASTALKING_URL: &str = "https://api.africastalking.com/version1/messaging";
/// Africa's Talking's sandbox messaging endpoint (used when `username = "sandbox"`).
pub const AFRICASTALKING_SANDBOX_URL: &str =
    "https://api.sandbox.africastalking.com/version1/messaging";

/// Gateway names accepted in `notifications.sms.gateway`.
pub const GATEWAYS: &[&str] = &["log", "http", "twilio", "africastalking"];

/// Which keys each gateway reads besides `gateway`, `max_segments`.
fn keys_of(gateway: &str) -> &'static [&'static str] {
    match gateway {
        "http" => &[
            "url",
            "method",
            "headers",
            "body",
            "format",
            "success_status",
            "success_body",
            "reference",
            "auth_env",
            "sender",
            "inbound_secret_env",
        ],
        "twilio" => &[
            "url",
            "auth_env",
            "sender",
            "account_sid",
            "messaging_service_sid",
            "api_key_sid",
        ],
        "africastalking" => &[
            "url",
            "auth_env",
            "sender",
            "username",
            "inbound_secret_env",
        ],
        _ => &[],
    }
}

struct Check {
    problems: Vec<Problem>,
}

impl Check {
    fn err(&mut self, path: &str, message: impl Into<String>, help: impl Into<String>) {
        let help: String = help.into();
        self.problems.push(Problem {
            path: path.into(),
            message: message.into(),
            help: (!help.is_empty()).then_some(help),
        });
    }

    fn range(&mut self, key: &str, value: i64, min: i64, max: i64) -> u64 {
        if value < min || value > max {
            self.err(
                &format!("notifications.{key}"),
                format!("{value} is out of range"),
                format!("use a value from {min} to {max}"),
            );
        }
        u64::try_from(value.clamp(min, max)).unwrap_or(0)
    }

    fn env_name(&mut self, path: &str, name: &str) {
        let ok = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        if !ok {
            self.err(
                path,
                format!("`{name}` is not an environment variable name"),
                "secrets never go in the profile: name the variable that holds them, e.g. SMS_TOKEN",
            );
        }
    }

    fn url(&mut self, path: &str, url: &str) {
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.starts_with('/')) {
            self.err(
                path,
                format!("`{url}` is not an http:// or https:// URL"),
                "write the full address, e.g. \"https://sms.example/send\"",
            );
        }
    }

    /// Checks that a template uses only known placeholders and closes each one.
    fn template(&mut self, path: &str, template: &str) {
        let mut rest = template;
        while let Some(start) = rest.find("{{") {
            let after = rest.get(start + 2..).unwrap_or("");
            let Some(end) = after.find("}}") else {
                self.err(
                    path,
                    "a `{{` is not closed by `}}`",
                    "write placeholders as {{to}}, {{text}} ...",
                );
                return;
            };
            let name = after.get(..end).unwrap_or("").trim();
            if !PLACEHOLDERS.contains(&name) {
                let help = match crate::load::suggest(name, PLACEHOLDERS) {
                    Some(s) => format!("did you mean `{{{{{s}}}}}`?"),
                    None => format!("use one of: {}", braces(PLACEHOLDERS)),
                };
                self.err(path, format!("unknown placeholder `{{{{{name}}}}}`"), help);
            }
            rest = after.get(end + 2..).unwrap_or("");
        }
    }
}

fn braces(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("{{{{{n}}}}}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Replaces each `{{name}}` in a template with `value(name)`; unknown names become empty.
pub fn fill(template: &str, mut value: impl FnMut(&str) -> String) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(rest.get(..start).unwrap_or(""));
        let after = rest.get(start + 2..).unwrap_or("");
        match after.find("}}") {
            Some(end) => {
                out.push_str(&value(after.get(..end).unwrap_or("").trim()));
                rest = after.get(end + 2..).unwrap_or("");
            }
            None => {
                out.push_str(rest.get(start..).unwrap_or(""));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// Escapes text for the inside of a JSON string.
pub fn json_escape(text: &str) -> String {
    let quoted = serde_json::Value::String(text.to_string()).to_string();
    quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or("")
        .to_string()
}

impl Notifications {
    /// The checked settings, or every problem found; `profile_dir` resolves relative files.
    pub fn settings(
        &self,
        profile_dir: &std::path::Path,
    ) -> Result<NotificationSettings, Vec<Problem>> {
        let mut c = Check {
            problems: Vec::new(),
        };
        let max_attempts = c.range("max_attempts", self.max_attempts, 1, 100);
        let retry_after = c.range("retry_after_seconds", self.retry_after_seconds, 1, 86_400);
        let retry_max = c.range("retry_max_seconds", self.retry_max_seconds, 1, 7 * 86_400);
        if self.retry_max_seconds < self.retry_after_seconds {
            c.err(
                "notifications.retry_max_seconds",
                format!(
                    "retry_max_seconds ({}) is shorter than retry_after_seconds ({})",
                    self.retry_max_seconds, self.retry_after_seconds
                ),
                "raise retry_max_seconds, or lower retry_after_seconds",
            );
        }
        let timeout = c.range("timeout_seconds", self.timeout_seconds, 1, 300);
        let max_segments = c.range("sms.max_segments", self.sms.max_segments, 1, 10);
        c.url("notifications.public_url", &self.public_url);
        c.range("jobs_hour", self.jobs_hour, 0, 23);
        let sms = sms_route(&mut c, &self.sms);
        let email = self
            .email
            .as_ref()
            .map(|e| email_route(&mut c, e, profile_dir));
        if !c.problems.is_empty() {
            return Err(c.problems);
        }
        Ok(NotificationSettings {
            max_attempts: u32::try_from(max_attempts).unwrap_or(1),
            retry_after_seconds: retry_after,
            retry_max_seconds: retry_max,
            timeout_seconds: timeout,
            max_segments: u32::try_from(max_segments).unwrap_or(1),
            sms: sms.unwrap_or(SmsRoute::Log),
            email,
        })
    }
}

/// Every key of `notifications.sms` that is set, by name.
fn set_keys(s: &SmsGateway) -> Vec<&'static str> {
    let set = [
        ("url", s.url.is_some()),
        ("method", s.method.is_some()),
        ("headers", s.headers.is_some()),
        ("body", s.body.is_some()),
        ("format", s.format.is_some()),
        ("success_status", s.success_status.is_some()),
        ("success_body", s.success_body.is_some()),
        ("reference", s.reference.is_some()),
        ("auth_env", s.auth_env.is_some()),
        ("sender", s.sender.is_some()),
        ("account_sid", s.account_sid.is_some()),
        ("messaging_service_sid", s.messaging_service_sid.is_some()),
        ("api_key_sid", s.api_key_sid.is_some()),
        ("username", s.username.is_some()),
        ("inbound_secret_env", s.inbound_secret_env.is_some()),
    ];
    set.iter().filter(|(_, on)| *on).map(|(k, _)| *k).collect()
}

fn sms_route(c: &mut Check, s: &SmsGateway) -> Option<SmsRoute> {
    let gateway = s.gateway.as_str();
    if !GATEWAYS.contains(&gateway) {
        let help = match crate::load::suggest(gateway, GATEWAYS) {
            Some(g) => format!("did you mean `{g}`?"),
            None => format!("use one of: {}", GATEWAYS.join(", ")),
        };
        c.err(
            "notifications.sms.gateway",
            format!("unknown SMS gateway `{gateway}`"),
            help,
        );
        return None;
    }
    for key in set_keys(s) {
        if !keys_of(gateway).contains(&key) {
            c.err(
                &format!("notifications.sms.{key}"),
                format!("`{key}` is not read by the `{gateway}` gateway"),
                "remove it (see docs/profile-guide.md for the keys of each gateway)",
            );
        }
    }
    if let Some(env) = &s.auth_env {
        c.env_name("notifications.sms.auth_env", env);
    }
    if let Some(env) = &s.inbound_secret_env {
        c.env_name("notifications.sms.inbound_secret_env", env);
    }
    if let Some(url) = &s.url {
        c.url("notifications.sms.url", url);
    }
    match gateway {
        "http" => http_route(c, s).map(SmsRoute::Http),
        "twilio" => twilio_route(c, s).map(SmsRoute::Twilio),
        "africastalking" => africastalking_route(c, s).map(SmsRoute::AfricasTalking),
        _ => Some(SmsRoute::Log),
    }
}

fn required<'a>(
    c: &mut Check,
    gateway: &str,
    key: &str,
    value: &'a Option<String>,
    example: &str,
) -> Option<&'a str> {
    let v = value.as_deref().filter(|v| !v.trim().is_empty());
    if v.is_none() {
        c.err(
            &format!("notifications.sms.{key}"),
            format!("the `{gateway}` gateway needs `{key}`"),
            format!("set {key} = {example}"),
        );
    }
    v
}

fn http_route(c: &mut Check, s: &SmsGateway) -> Option<HttpGateway> {
    let url = required(c, "http", "url", &s.url, "\"https://sms.example/send\"");
    let method = s
        .method
        .clone()
        .unwrap_or_else(|| "POST".into())
        .to_ascii_uppercase();
    if !["GET", "POST", "PUT"].contains(&method.as_str()) {
        c.err(
            "notifications.sms.method",
            format!("method `{method}` is not supported"),
            "use GET, POST or PUT",
        );
    }
    let format = match s.format.as_deref().unwrap_or("json") {
        "json" => BodyFormat::Json,
        "form" => BodyFormat::Form,
        other => {
            c.err(
                "notifications.sms.format",
                format!("unknown body format `{other}`"),
                "use json or form",
            );
            BodyFormat::Json
        }
    };
    if let Some(url) = url {
        c.template("notifications.sms.url", url);
    }
    let body = match (&s.body, method.as_str()) {
        (Some(_), "GET") => {
            c.err(
                "notifications.sms.body",
                "a GET request has no body",
                "put the values in the url, e.g. url = \"https://sms.example/send?to={{to}}&text={{text}}\"",
            );
            None
        }
        (Some(b), _) => Some(b.clone()),
        (None, "GET") => None,
        (None, _) => Some(match format {
            BodyFormat::Json => "{\"to\": \"{{to_e164}}\", \"text\": \"{{text}}\"}".into(),
            BodyFormat::Form => "to={{to_e164}}&text={{text}}".into(),
        }),
    };
    if let Some(b) = &s.body {
        c.template("notifications.sms.body", b);
        if format == BodyFormat::Json {
            let sample = fill(b, |_| json_escape("+1 \"sample\"\n"));
            if let Err(e) = serde_json::from_str::<serde_json::Value>(&sample) {
                c.err(
                    "notifications.sms.body",
                    format!("the body is not JSON once its placeholders are filled: {e}"),
                    "write placeholders inside JSON strings, e.g. '{\"to\": \"{{to_e164}}\", \"text\": \"{{text}}\"}'",
                );
            }
        }
    }
    let mut headers = Vec::new();
    match &s.headers {
        Some(h) => {
            for (name, value) in h {
                let path = format!("notifications.sms.headers.{name}");
                let token = !name.is_empty()
                    && name
                        .chars()
                        .all(|ch| ch.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(ch));
                if !token {
                    c.err(
                        &path,
                        format!("`{name}` is not a header name"),
                        "use letters, digits and -",
                    );
                }
                if value.chars().any(|ch| ch.is_control()) {
                    c.err(&path, "a header value cannot hold control characters", "");
                }
                c.template(&path, value);
                headers.push((name.clone(), value.clone()));
            }
        }
        None if s.auth_env.is_some() => {
            headers.push(("Authorization".into(), "Bearer {{secret}}".into()));
        }
        None => {}
    }
    let uses_secret = url.is_some_and(|u| u.contains("{{secret}}"))
        || body.as_deref().is_some_and(|b| b.contains("{{secret}}"))
        || headers.iter().any(|(_, v)| v.contains("{{secret}}"));
    if uses_secret && s.auth_env.is_none() {
        c.err(
            "notifications.sms.auth_env",
            "the templates use {{secret}} but no auth_env names where it comes from",
            "set auth_env = \"SMS_TOKEN\" and put the secret in that environment variable",
        );
    }
    let mut success_status = Vec::new();
    for (i, code) in s.success_status.iter().flatten().enumerate() {
        match u16::try_from(*code) {
            Ok(code) if (100..600).contains(&code) => success_status.push(code),
            _ => c.err(
                &format!("notifications.sms.success_status[{i}]"),
                format!("{code} is not an HTTP status"),
                "use codes from 100 to 599, e.g. [200, 201, 202]",
            ),
        }
    }
    let success_body = match &s.success_body {
        Some(p) => match Regex::new(p) {
            Ok(r) => Some(r),
            Err(e) => {
                let detail = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or("")
                    .trim()
                    .to_string();
                c.err(
                    "notifications.sms.success_body",
                    format!("the regular expression does not compile: {detail}"),
                    "see https://docs.rs/regex/latest/regex/#syntax",
                );
                None
            }
        },
        None => None,
    };
    if let Some(pointer) = &s.reference
        && !pointer.starts_with('/')
    {
        c.err(
            "notifications.sms.reference",
            format!("`{pointer}` is not a JSON pointer"),
            "start it with /, e.g. \"/messageId\" or \"/data/0/id\"",
        );
    }
    Some(HttpGateway {
        method,
        url: url?.to_string(),
        headers,
        body,
        format,
        success_status,
        success_body,
        reference: s.reference.clone(),
        auth_env: s.auth_env.clone(),
        sender: s.sender.clone(),
    })
}

fn twilio_route(c: &mut Check, s: &SmsGateway) -> Option<TwilioGateway> {
    let sid = required(c, "twilio", "account_sid", &s.account_sid, "\"AC...\"");
    if let Some(sid) = sid
        && !(sid.starts_with("AC")
            && sid.len() == 34
            && sid.chars().all(|ch| ch.is_ascii_alphanumeric()))
    {
        c.err(
            "notifications.sms.account_sid",
            format!("`{sid}` is not a Twilio account SID"),
            "copy it from the Twilio console: AC followed by 32 hexadecimal characters",
        );
    }
    if s.sender.is_none() && s.messaging_service_sid.is_none() {
        c.err(
            "notifications.sms.sender",
            "the `twilio` gateway needs `sender` (a Twilio number) or `messaging_service_sid`",
            "set sender = \"+15005550006\", or messaging_service_sid = \"MG...\"",
        );
    }
    let auth_env = required(
        c,
        "twilio",
        "auth_env",
        &s.auth_env,
        "\"TWILIO_AUTH_TOKEN\"",
    );
    Some(TwilioGateway {
        base_url: s
            .url
            .clone()
            .unwrap_or_else(|| TWILIO_URL.into())
            .trim_end_matches('/')
            .to_string(),
        account_sid: sid?.to_string(),
        sender: s.sender.clone(),
        messaging_service_sid: s.messaging_service_sid.clone(),
        api_key_sid: s.api_key_sid.clone(),
        auth_env: auth_env?.to_string(),
    })
}

fn africastalking_route(c: &mut Check, s: &SmsGateway) -> Option<AfricasTalkingGateway> {
    let username = required(c, "africastalking", "username", &s.username, "\"myapp\"");
    let auth_env = required(
        c,
        "africastalking",
        "auth_env",
        &s.auth_env,
        "\"AT_API_KEY\"",
    );
    let username = username?;
    let default_url = if username == "sandbox" {
        AFRICASTALKING_SANDBOX_URL
    } else {
        AFRICASTALKING_URL
    };
    Some(AfricasTalkingGateway {
        url: s.url.clone().unwrap_or_else(|| default_url.into()),
        username: username.to_string(),
        sender: s.sender.clone(),
        auth_env: auth_env?.to_string(),
    })
}

fn email_route(c: &mut Check, e: &EmailSender, profile_dir: &std::path::Path) -> EmailRoute {
    c.env_name("notifications.email.smtp_url_env", &e.smtp_url_env);
    for (key, address) in [("from", Some(&e.from)), ("reply_to", e.reply_to.as_ref())] {
        if let Some(a) = address
            && !is_address(a)
        {
            c.err(
                &format!("notifications.email.{key}"),
                format!("`{a}` is not an email address"),
                "write it as name@domain, e.g. noreply@health.example",
            );
        }
    }
    let ca_file = e.ca_file.as_ref().map(|f| profile_dir.join(f));
    if let (Some(path), Some(name)) = (&ca_file, &e.ca_file)
        && !path.is_file()
    {
        c.err(
            "notifications.email.ca_file",
            format!("`{name}` is not a file in the profile folder"),
            "give the path of a PEM file of root certificates, relative to the profile folder",
        );
    }
    EmailRoute {
        smtp_url_env: e.smtp_url_env.clone(),
        from: e.from.clone(),
        from_name: e.from_name.clone(),
        reply_to: e.reply_to.clone(),
        ca_file,
    }
}

fn is_address(a: &str) -> bool {
    match a.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !a
                    .chars()
                    .any(|ch| ch.is_whitespace() || ch == '<' || ch == '>')
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn fill_replaces_known_placeholders_and_keeps_the_rest() {
        let out = fill("{\"to\":\"{{to}}\",\"n\":\"{{ text }}\"} {{", |n| {
            n.to_uppercase()
        });
        assert_eq!(out, "{\"to\":\"TO\",\"n\":\"TEXT\"} {{");
        assert_eq!(json_escape("a\"b\nc"), "a\\\"b\\nc");
    }

    #[test]
    fn a_gateway_refuses_keys_it_does_not_read() {
        let n = Notifications {
            sms: SmsGateway {
                gateway: "twilio".into(),
                account_sid: Some(format!("AC{}", "0".repeat(32))),
                sender: Some("+15005550006".into()),
                auth_env: Some("TWILIO_AUTH_TOKEN".into()),
                body: Some("x".into()),
                ..SmsGateway::default()
            },
            ..Notifications::default()
        };
        let problems = n.settings(std::path::Path::new(".")).unwrap_err();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert_eq!(problems[0].path, "notifications.sms.body");
    }
}
