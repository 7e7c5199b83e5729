//! The delivery worker: claims due messages from the outbox, sends them, and records each
//! result — sent, to be retried after an exponential, jittered wait, or given up after the
//! profile's maximum tries.
//!
//! Claims are leases ([`vaxkit_store::repo::outbox::claim`]): any number of workers on one
//! PostgreSQL database take different messages, and a worker that dies only delays its
//! messages by the lease. A worker asked to stop finishes the sends it started, gives the
//! rest of its batch back, records everything and returns, so a restart loses nothing and
//! sends nothing twice. Only a crash in the middle of a send can send a message again: the
//! gateway may have taken it before the crash, and no one can know.

use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDateTime;
use futures_util::StreamExt;
use tokio::sync::watch;
use vaxkit_profile::NotificationSettings;
use vaxkit_store::repo::outbox::{self, OutboxMessage};
use vaxkit_store::{Store, StoreError};

use crate::{Notifier, mask};

/// Where the worker reads the time: the system clock in production, any instant in tests.
pub type Clock = Arc<dyn Fn() -> NaiveDateTime + Send + Sync>;

/// The system clock, in UTC.
pub fn system_clock() -> Clock {
    Arc::new(|| chrono::Utc::now().naive_utc())
}

/// How long to wait before trying a message again, and when to give up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Tries before a message is given up.
    pub max_attempts: u32,
    /// Wait after the first failed try (before jitter).
    pub first: Duration,
    /// Longest wait.
    pub max: Duration,
}

impl RetryPolicy {
    /// The profile's policy.
    pub fn from_settings(s: &NotificationSettings) -> Self {
        Self {
            max_attempts: s.max_attempts,
            first: Duration::from_secs(s.retry_after_seconds),
            max: Duration::from_secs(s.retry_max_seconds),
        }
    }

    /// The wait after `tries` failed tries, with `jitter` in [0, 1): the exponential wait
    /// `first * 2^(tries-1)` (at most `max`), of which a random half is kept, so that
    /// messages failing together (a gateway outage) do not all come back at once.
    pub fn delay(&self, tries: u32, jitter: f64) -> Duration {
        let doublings = tries.saturating_sub(1).min(31);
        let full = self.first.saturating_mul(1 << doublings).min(self.max);
        full / 2 + (full / 2).mul_f64(jitter.clamp(0.0, 1.0))
    }

    /// Whether a message that has now failed `tries` times is given up.
    pub fn gives_up(&self, tries: u32) -> bool {
        tries >= self.max_attempts
    }
}

/// How a worker works.
#[derive(Debug, Clone, Copy)]
pub struct WorkerConfig {
    /// Messages claimed at once.
    pub batch: i64,
    /// Messages sent at the same time.
    pub concurrency: usize,
    /// Wait between two looks at an empty outbox.
    pub idle_poll: Duration,
    /// How long a claim holds; it must outlast the slowest batch.
    pub lease: Duration,
    /// Retries.
    pub retry: RetryPolicy,
}

impl WorkerConfig {
    /// Defaults for the profile's settings: batches of 200, 32 sends at a time, a lease long
    /// enough for a whole batch of sends that all time out.
    pub fn from_settings(s: &NotificationSettings) -> Self {
        let batch = 200;
        let concurrency = 32;
        let waves = u32::try_from(batch / concurrency as i64 + 1).unwrap_or(8);
        let timeout = Duration::from_secs(s.timeout_seconds);
        Self {
            batch,
            concurrency,
            idle_poll: Duration::from_millis(500),
            lease: timeout.saturating_mul(waves).saturating_mul(2) + Duration::from_secs(60),
            retry: RetryPolicy::from_settings(s),
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Messages claimed.
    pub claimed: usize,
    /// Accepted by the gateway.
    pub sent: usize,
    /// Failed, to be tried again.
    pub retried: usize,
    /// Given up.
    pub failed: usize,
    /// Given back untried (the worker was stopping).
    pub released: usize,
    /// Results not recorded because the claim had lapsed and another worker held the message.
    pub lost_claims: usize,
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.claimed += o.claimed;
        self.sent += o.sent;
        self.retried += o.retried;
        self.failed += o.failed;
        self.released += o.released;
        self.lost_claims += o.lost_claims;
    }
}

enum Outcome {
    Sent {
        id: i64,
        reference: Option<String>,
        redact: bool,
        at: NaiveDateTime,
    },
    Retry {
        id: i64,
        error: String,
        at: NaiveDateTime,
    },
    Failed {
        id: i64,
        error: String,
        redact: bool,
        at: NaiveDateTime,
    },
    Release {
        id: i64,
    },
}

/// Delivers the outbox.
pub struct Worker {
    store: Store,
    notifier: Arc<Notifier>,
    config: WorkerConfig,
    clock: Clock,
    id: String,
}

impl Worker {
    /// A worker with a fresh identity (its claims carry it).
    pub fn new(store: Store, notifier: Arc<Notifier>, config: WorkerConfig, clock: Clock) -> Self {
        let id = format!("{}-{:016x}", std::process::id(), rand::random::<u64>());
        Self {
            store,
            notifier,
            config,
            clock,
            id,
        }
    }

    /// This worker's identity in `outbox.claimed_by`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// Claims one batch of due messages, sends it and records the results. A stop seen
    /// while sending gives the untried rest of the batch back.
    pub async fn run_once(&self, stop: &watch::Receiver<bool>) -> Result<Tally, StoreError> {
        let now = (self.clock)();
        let lease_until = now
            + chrono::Duration::from_std(self.config.lease).unwrap_or(chrono::Duration::hours(1));
        let (store, worker, limit) = (self.store.clone(), self.id.clone(), self.config.batch);
        let batch =
            blocking(move || store.write(|c| outbox::claim(c, &worker, now, lease_until, limit)))
                .await?;
        let mut tally = Tally {
            claimed: batch.len(),
            ..Tally::default()
        };
        if batch.is_empty() {
            return Ok(tally);
        }
        let outcomes: Vec<Outcome> = futures_util::stream::iter(batch)
            .map(|m| self.attempt(m, stop))
            .buffer_unordered(self.config.concurrency.max(1))
            .collect()
            .await;
        tally += self.record(outcomes).await?;
        Ok(tally)
    }

    /// Runs until `stop` turns true, then finishes the batch in hand and returns.
    pub async fn run(&self, mut stop: watch::Receiver<bool>) -> Tally {
        let mut total = Tally::default();
        tracing::info!(worker = %self.id, gateway = self.notifier.sms_gateway_name(), "outbox worker started");
        while !*stop.borrow() {
            let wait = match self.run_once(&stop).await {
                Ok(t) => {
                    total += t;
                    if t.claimed > 0 {
                        continue;
                    }
                    self.config.idle_poll
                }
                Err(e) => {
                    tracing::error!(error = %e, "outbox: the database failed; trying again");
                    self.config.idle_poll.max(Duration::from_secs(1))
                }
            };
            tokio::select! {
                _ = tokio::time::sleep(wait) => {}
                _ = stop.changed() => {}
            }
        }
        tracing::info!(worker = %self.id, sent = total.sent, retried = total.retried, failed = total.failed, "outbox worker stopped");
        total
    }

    /// Sends every message due now, batch after batch, and returns when none is left due
    /// (messages waiting for a later retry stay).
    pub async fn drain(&self) -> Result<Tally, StoreError> {
        let (_keep, stop) = watch::channel(false);
        let mut total = Tally::default();
        loop {
            let t = self.run_once(&stop).await?;
            total += t;
            if t.claimed == 0 {
                return Ok(total);
            }
        }
    }

    async fn attempt(&self, m: OutboxMessage, stop: &watch::Receiver<bool>) -> Outcome {
        if *stop.borrow() {
            return Outcome::Release { id: m.id };
        }
        let redact = crate::SECRET_MESSAGES.contains(&m.message_id.as_str());
        // Recipients and texts wait sealed with the server key; they are opened only for the
        // gateway (and the recipient, masked, for the log).
        let (result, to) = match m.opened(&self.store.secrets) {
            Ok(plain) => (self.notifier.deliver(&plain).await, mask(&plain.recipient)),
            Err(e) => (
                Err(crate::SendError::permanent(format!(
                    "the message cannot be opened with this server's key: {e}"
                ))),
                String::from("?"),
            ),
        };
        let at = (self.clock)();
        let tries = u32::try_from(m.attempts.saturating_add(1)).unwrap_or(u32::MAX);
        match result {
            Ok(d) => {
                tracing::info!(
                    id = m.id, channel = %m.channel, to = %to, message = %m.message_id,
                    reference = d.reference.as_deref().unwrap_or(""), "sent"
                );
                Outcome::Sent {
                    id: m.id,
                    reference: d.reference,
                    redact,
                    at,
                }
            }
            Err(e) if e.retry && !self.config.retry.gives_up(tries) => {
                let wait = self.config.retry.delay(tries, rand::random::<f64>());
                tracing::warn!(
                    id = m.id, channel = %m.channel, to = %to, tries,
                    retry_in_s = wait.as_secs_f64(), error = %e.message, "not sent; will try again"
                );
                Outcome::Retry {
                    id: m.id,
                    error: e.message,
                    at: at + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1)),
                }
            }
            Err(e) => {
                tracing::error!(
                    id = m.id, channel = %m.channel, to = %to, tries,
                    error = %e.message, "not sent; given up"
                );
                Outcome::Failed {
                    id: m.id,
                    error: e.message,
                    redact,
                    at,
                }
            }
        }
    }

    async fn record(&self, outcomes: Vec<Outcome>) -> Result<Tally, StoreError> {
        let (store, worker) = (self.store.clone(), self.id.clone());
        let now = (self.clock)();
        blocking(move || {
            store.write(|c| {
                let mut t = Tally::default();
                let mut released = Vec::new();
                // Messages without a gateway reference are recorded in one statement: one
                // round trip per batch instead of one per message.
                let (mut plain, mut plain_redact) = (Vec::new(), Vec::new());
                for o in &outcomes {
                    let held = match o {
                        Outcome::Sent {
                            id,
                            reference: None,
                            redact,
                            ..
                        } => {
                            t.sent += 1;
                            plain.push(*id);
                            if *redact {
                                plain_redact.push(*id);
                            }
                            true
                        }
                        Outcome::Sent {
                            id,
                            reference,
                            redact,
                            at,
                        } => {
                            t.sent += 1;
                            outbox::record_sent(
                                c,
                                *id,
                                &worker,
                                *at,
                                *redact,
                                reference.as_deref(),
                            )?
                        }
                        Outcome::Retry { id, error, at } => {
                            t.retried += 1;
                            outbox::record_retry(c, *id, &worker, error, *at)?
                        }
                        Outcome::Failed {
                            id,
                            error,
                            redact,
                            at,
                        } => {
                            t.failed += 1;
                            outbox::record_failed(c, *id, &worker, error, *at, *redact)?
                        }
                        Outcome::Release { id } => {
                            released.push(*id);
                            true
                        }
                    };
                    if !held {
                        t.lost_claims += 1;
                    }
                }
                let held = outbox::record_sent_many(c, &plain, &worker, now, &plain_redact)?;
                t.lost_claims += plain.len().saturating_sub(held);
                if !released.is_empty() {
                    t.released = outbox::release(c, &released, &worker, now)?;
                }
                Ok::<_, StoreError>(t)
            })
        })
        .await
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| StoreError::Connect(format!("the database task failed: {e}")))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_double_up_to_the_maximum_and_keep_a_random_half() {
        let p = RetryPolicy {
            max_attempts: 5,
            first: Duration::from_secs(30),
            max: Duration::from_secs(300),
        };
        assert_eq!(p.delay(1, 0.0), Duration::from_secs(15));
        assert_eq!(p.delay(1, 1.0), Duration::from_secs(30));
        assert_eq!(p.delay(2, 1.0), Duration::from_secs(60));
        assert_eq!(p.delay(3, 0.5), Duration::from_secs(90));
        assert_eq!(p.delay(4, 1.0), Duration::from_secs(240));
        assert_eq!(p.delay(5, 1.0), Duration::from_secs(300), "capped");
        assert_eq!(p.delay(60, 1.0), Duration::from_secs(300), "no overflow");
        assert!(!p.gives_up(4));
        assert!(p.gives_up(5));
    }
}
