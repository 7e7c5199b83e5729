//! Notifications: delivering what the outbox holds.
//!
//! Messages are written to the outbox in the same transaction as the event that causes
//! them ([`vaxkit_store::repo::outbox::enqueue`], or `enqueue_email` for an email with a
//! subject). A [`Worker`] — inside `vaxkit serve`, or alone as `vaxkit notify run` — claims
//! due messages, sends each through the profile's SMS gateway ([`gateway`]) or SMTP server
//! ([`email`]), and records the result: sent, retried after an exponential jittered wait,
//! or given up after the profile's maximum tries. SMS longer than the profile's segment
//! limit ([`segments`]) are never sent. Login codes are emptied from the outbox once they
//! are sent or given up, so no readable code stays in the database.

pub mod email;
pub mod gateway;
pub mod secret;
pub mod worker;

/// SMS segment counting (GSM-7 and UCS-2), shared with the core, which fits its answers to it.
pub use vaxkit_i18n::segments;

use std::time::Duration;

use vaxkit_profile::{NotificationSettings, Profile};
use vaxkit_store::repo::outbox::OutboxMessage;

pub use email::{Email, EmailSender};
pub use gateway::{Delivered, SendError, Sms, SmsGateway};
/// The stop signal a [`Worker::run`] watches.
pub use tokio::sync::watch;
pub use worker::{Clock, RetryPolicy, Tally, Worker, WorkerConfig, system_clock};

/// Message ids whose body holds a secret and is emptied after delivery.
pub const SECRET_MESSAGES: &[&str] = &["sms-otp"];

/// Why notifications cannot start: a profile, secret or server setting to fix.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    /// The profile's `[notifications]` has problems (a loaded profile never has).
    #[error("{0}")]
    Profile(String),
    /// A secret the profile names is missing.
    #[error("{0}")]
    Secret(String),
    /// The HTTP client could not be made.
    #[error("HTTP client: {0}")]
    Http(String),
    /// The SMTP settings are wrong.
    #[error("email: {0}")]
    Email(String),
}

/// Sends outbox messages through the profile's gateways.
pub struct Notifier {
    sms: Box<dyn SmsGateway>,
    email: Option<EmailSender>,
    /// Why the profile's email sender could not be made, if it could not.
    email_problem: Option<String>,
    max_segments: u32,
}

impl std::fmt::Debug for Notifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Notifier(sms: {}, email: {:?})",
            self.sms.name(),
            self.email
        )
    }
}

impl Notifier {
    /// The gateways a loaded profile names, with their secrets read from the environment.
    pub fn from_profile(profile: &Profile) -> Result<(Notifier, NotificationSettings), SetupError> {
        let settings = settings(profile)?;
        let timeout = Duration::from_secs(settings.timeout_seconds);
        let sms = gateway::from_route(&settings.sms, &profile.country.calling_code, timeout, 64)?;
        let mut notifier = Notifier::new(sms, None, settings.max_segments);
        if let Some(route) = &settings.email {
            match EmailSender::from_route(route, timeout) {
                Ok(sender) => notifier.email = Some(sender),
                // Emails wait in the outbox (tried again) until the variable is set and the
                // process restarted; SMS, login codes above all, keep going meanwhile.
                Err(SetupError::Secret(problem)) => {
                    tracing::warn!("email cannot be sent: {problem}");
                    notifier.email_problem = Some(problem);
                }
                Err(e) => return Err(e),
            }
        }
        Ok((notifier, settings))
    }

    /// A notifier from its parts.
    pub fn new(sms: Box<dyn SmsGateway>, email: Option<EmailSender>, max_segments: u32) -> Self {
        Self {
            sms,
            email,
            email_problem: None,
            max_segments,
        }
    }

    /// The SMS gateway's name.
    pub fn sms_gateway_name(&self) -> &'static str {
        self.sms.name()
    }

    /// Whether emails can be sent.
    pub fn has_email(&self) -> bool {
        self.email.is_some()
    }

    /// Sends an SMS, refusing one longer than the profile's segment limit.
    pub async fn send_sms(&self, sms: Sms<'_>) -> Result<Delivered, SendError> {
        segments::check(sms.text, self.max_segments)
            .map_err(|e| SendError::permanent(e.to_string()))?;
        self.sms.send(sms).await
    }

    /// Sends an email.
    pub async fn send_email(&self, email: Email<'_>) -> Result<Delivered, SendError> {
        match (&self.email, &self.email_problem) {
            (Some(sender), _) => sender.send(email).await,
            (None, Some(problem)) => Err(SendError::transient(problem.clone())),
            (None, None) => Err(SendError::permanent(
                "the profile has no [notifications.email] sender",
            )),
        }
    }

    /// Sends one outbox message on its channel.
    pub async fn deliver(&self, m: &OutboxMessage) -> Result<Delivered, SendError> {
        match m.channel.as_str() {
            "sms" => {
                self.send_sms(Sms {
                    to: &m.recipient,
                    text: &m.body,
                    message_id: m.id,
                    kind: &m.message_id,
                })
                .await
            }
            "email" => {
                let first_line = m.body.lines().next().unwrap_or("");
                self.send_email(Email {
                    to: &m.recipient,
                    subject: m.subject.as_deref().unwrap_or(first_line),
                    text: &m.body,
                    language: &m.language,
                    message_id: m.id,
                })
                .await
            }
            other => Err(SendError::permanent(format!("unknown channel `{other}`"))),
        }
    }
}

/// The profile's checked notification settings.
pub fn settings(profile: &Profile) -> Result<NotificationSettings, SetupError> {
    profile
        .notifications
        .settings(&profile.dir)
        .map_err(|problems| {
            SetupError::Profile(
                problems
                    .iter()
                    .map(|p| format!("{}: {}", p.path, p.message))
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })
}

/// A phone number or address with all but its last four characters hidden.
pub fn mask(recipient: &str) -> String {
    let n = recipient.chars().count();
    recipient
        .chars()
        .enumerate()
        .map(|(i, c)| if i + 4 < n { '*' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipients_are_masked_in_logs() {
        assert_eq!(mask("999712345678"), "********5678");
        assert_eq!(mask("12"), "12");
    }
}
