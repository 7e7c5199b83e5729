//! Email over SMTP with lettre: TLS from the start (`smtps://`) or STARTTLS
//! (`smtp://...?tls=required`), credentials in the URL the environment holds, a plain-text
//! and an HTML part.

use std::time::Duration;

use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use vaxkit_profile::notifications::EmailRoute;

use crate::gateway::{Delivered, SendError};
use crate::{SetupError, secret};

/// One email to send.
#[derive(Debug, Clone, Copy)]
pub struct Email<'a> {
    /// Address.
    pub to: &'a str,
    /// Subject line.
    pub subject: &'a str,
    /// Plain text; the HTML part is made from it.
    pub text: &'a str,
    /// Language tag, for the HTML part's `lang` and direction.
    pub language: &'a str,
    /// The outbox id, which makes the Message-ID (0 outside the outbox).
    pub message_id: i64,
}

/// Sends email through one SMTP server.
pub struct EmailSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    reply_to: Option<Mailbox>,
    domain: String,
    server: String,
}

impl std::fmt::Debug for EmailSender {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EmailSender({}, from {})", self.server, self.from)
    }
}

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Security {
    /// TLS from the first byte (`smtps://`, port 465).
    Tls,
    /// STARTTLS, required (`smtp://...?tls=required`, port 587).
    StartTls,
    /// None: only to a server on this machine.
    Plain,
}

impl EmailSender {
    /// The sender the profile describes, its SMTP URL read from the environment.
    pub fn from_route(route: &EmailRoute, timeout: Duration) -> Result<Self, SetupError> {
        let url = secret::read(&route.smtp_url_env)?;
        Self::new(&url, route, timeout)
            .map_err(|e| SetupError::Email(format!("{}: {e}", route.smtp_url_env)))
    }

    /// A sender for an SMTP URL; call it inside a Tokio runtime (its connection pool lives there).
    pub fn new(url: &str, route: &EmailRoute, timeout: Duration) -> Result<Self, String> {
        // The URL holds the password: no error quotes it.
        let parsed = url::Url::parse(url).map_err(|e| format!("not an SMTP URL ({e})"))?;
        let host = parsed
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("the SMTP URL has no host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        let tls_param = parsed
            .query_pairs()
            .find(|(k, _)| k == "tls")
            .map(|(_, v)| v.into_owned());
        let security = match (parsed.scheme(), tls_param.as_deref()) {
            ("smtps", None) => Security::Tls,
            ("smtp", Some("required")) => Security::StartTls,
            ("smtp", None) => Security::Plain,
            ("smtp", Some(other)) => {
                return Err(format!(
                    "tls={other} is not supported: use ?tls=required (STARTTLS), or smtps:// (TLS)"
                ));
            }
            (scheme, _) => {
                return Err(format!(
                    "scheme {scheme}:// is not SMTP: use smtps://host:465 or smtp://host:587?tls=required"
                ));
            }
        };
        let loopback = host == "localhost"
            || host
                .parse::<std::net::IpAddr>()
                .is_ok_and(|ip| ip.is_loopback());
        if security == Security::Plain && !loopback {
            return Err(format!(
                "smtp://{host} without TLS would send the password and the messages in clear: use \
                 smtps://{host}:465 or smtp://{host}:587?tls=required (plain SMTP is only for a \
                 server on this machine)"
            ));
        }
        let port = parsed.port().unwrap_or(match security {
            Security::Tls => 465,
            Security::StartTls => 587,
            Security::Plain => 25,
        });
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host.clone())
            .port(port)
            .timeout(Some(timeout));
        if security != Security::Plain {
            let mut params = TlsParameters::builder(host.clone());
            if let Some(path) = &route.ca_file {
                let pem = std::fs::read(path)
                    .map_err(|e| format!("cannot read ca_file {}: {e}", path.display()))?;
                let cert = Certificate::from_pem(&pem)
                    .map_err(|e| format!("ca_file {}: {e}", path.display()))?;
                params = params.add_root_certificate(cert);
            }
            let params = params.build().map_err(|e| format!("TLS: {e}"))?;
            builder = builder.tls(match security {
                Security::Tls => Tls::Wrapper(params),
                _ => Tls::Required(params),
            });
        }
        if !parsed.username().is_empty() {
            let decode = |s: &str| {
                url::form_urlencoded::parse(format!("x={}", s.replace('+', "%2B")).as_bytes())
                    .next()
                    .map(|(_, v)| v.into_owned())
                    .unwrap_or_default()
            };
            builder = builder.credentials(Credentials::new(
                decode(parsed.username()),
                decode(parsed.password().unwrap_or("")),
            ));
        }
        let from =
            mailbox(&route.from, route.from_name.as_deref()).map_err(|e| format!("from: {e}"))?;
        let reply_to = route
            .reply_to
            .as_deref()
            .map(|a| mailbox(a, None))
            .transpose()
            .map_err(|e| format!("reply_to: {e}"))?;
        let domain = route
            .from
            .rsplit_once('@')
            .map_or("vaxkit.invalid", |(_, d)| d)
            .to_string();
        Ok(Self {
            transport: builder.build(),
            from,
            reply_to,
            domain,
            server: format!("{host}:{port}"),
        })
    }

    /// Sends one email.
    pub async fn send(&self, email: Email<'_>) -> Result<Delivered, SendError> {
        let to: Mailbox = email.to.parse().map_err(|e| {
            SendError::permanent(format!("`{}` is not an email address: {e}", email.to))
        })?;
        // The same outbox message always gets the same Message-ID, so a copy sent again
        // after a crash is recognisable as the same message.
        let message_id = if email.message_id > 0 {
            format!("<vaxkit-outbox-{}@{}>", email.message_id, self.domain)
        } else {
            format!("<vaxkit-test-{}@{}>", rand::random::<u64>(), self.domain)
        };
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(email.subject)
            .message_id(Some(message_id.clone()));
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        let message = builder
            .multipart(MultiPart::alternative_plain_html(
                email.text.to_string(),
                html(email.text, email.subject, email.language),
            ))
            .map_err(|e| SendError::permanent(format!("cannot build the email: {e}")))?;
        match self.transport.send(message).await {
            Ok(response) => Ok(Delivered {
                reference: Some(message_id),
                answer: format!(
                    "SMTP {} {}: {}",
                    self.server,
                    response.code(),
                    response.message().collect::<Vec<_>>().join(" ")
                ),
            }),
            Err(e) => {
                let message = format!("SMTP {}: {e}", self.server);
                if e.is_permanent() {
                    Err(SendError::permanent(message))
                } else {
                    Err(SendError::transient(message))
                }
            }
        }
    }
}

fn mailbox(address: &str, name: Option<&str>) -> Result<Mailbox, String> {
    let address = address.parse().map_err(|e| format!("`{address}`: {e}"))?;
    Ok(Mailbox::new(name.map(str::to_string), address))
}

/// The HTML part: the text escaped, blank lines as paragraphs, line breaks kept, web
/// addresses as links, in the language's direction.
pub fn html(text: &str, subject: &str, language: &str) -> String {
    let dir = if vaxkit_i18n::is_rtl(language) {
        "rtl"
    } else {
        "ltr"
    };
    let mut body = String::new();
    for paragraph in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
        body.push_str("<p>");
        let lines: Vec<String> = paragraph.trim().lines().map(linkify).collect();
        body.push_str(&lines.join("<br>\n"));
        body.push_str("</p>\n");
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"{}\" dir=\"{dir}\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n{body}</body>\n</html>\n",
        escape(language),
        escape(subject)
    )
}

fn linkify(line: &str) -> String {
    line.split(' ')
        .map(|word| {
            if word.starts_with("https://") || word.starts_with("http://") {
                let url = word.trim_end_matches(['.', ',', ')', ';', ':']);
                let rest = word.get(url.len()..).unwrap_or("");
                format!(
                    "<a href=\"{}\">{}</a>{}",
                    escape(url),
                    escape(url),
                    escape(rest)
                )
            } else {
                escape(word)
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn route() -> EmailRoute {
        EmailRoute {
            smtp_url_env: "SMTP_URL".into(),
            from: "noreply@health.example".into(),
            from_name: Some("Ministry".into()),
            reply_to: None,
            ca_file: None,
        }
    }

    #[tokio::test]
    async fn plain_smtp_only_to_this_machine() {
        let t = Duration::from_secs(5);
        assert!(EmailSender::new("smtp://127.0.0.1:2525", &route(), t).is_ok());
        assert!(EmailSender::new("smtp://u:p@localhost:2525", &route(), t).is_ok());
        let e = EmailSender::new("smtp://u:secret@mail.example:25", &route(), t).unwrap_err();
        assert!(e.contains("in clear") && !e.contains("secret"), "{e}");
        assert!(EmailSender::new("smtps://u:p@mail.example", &route(), t).is_ok());
        assert!(EmailSender::new("smtp://u:p@mail.example?tls=required", &route(), t).is_ok());
        let e = EmailSender::new("smtp://mail.example?tls=opportunistic", &route(), t).unwrap_err();
        assert!(e.contains("tls=required"), "{e}");
        assert!(EmailSender::new("http://mail.example", &route(), t).is_err());
    }

    #[test]
    fn html_part_is_escaped_linked_and_directed() {
        let h = html(
            "Hello <b>you</b> & co.\nSee https://vax.example/c?a=1&b=2.\n\nBye",
            "Subj",
            "ar",
        );
        assert!(h.contains("dir=\"rtl\""), "{h}");
        assert!(
            h.contains("<p>Hello &lt;b&gt;you&lt;/b&gt; &amp; co.<br>"),
            "{h}"
        );
        assert!(
            h.contains("<a href=\"https://vax.example/c?a=1&amp;b=2\">https://vax.example/c?a=1&amp;b=2</a>."),
            "{h}"
        );
        assert!(h.contains("<p>Bye</p>"), "{h}");
    }
}
