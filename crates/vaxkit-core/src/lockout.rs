//! Staff login lock-out that an anonymous client cannot turn against a staff member.
//!
//! Wrong passwords are counted per username *and* source (the client's address, as the front
//! end knows it): a few are free, then each further one makes that pair wait twice as long as
//! the last, up to [`MAX_BACKOFF_SECONDS`] — slower guessing, never a permanent lock. Another
//! source is not held back by them, so a guesser elsewhere cannot keep a vaccinator out. A
//! guesser spread over many sources is slowed per username as well, once
//! [`USER_FREE_FAILURES`] wrong passwords came from anywhere; a source the staff member logged
//! in from before (known-good) is never held back by that. Counts are forgotten after
//! [`FORGET_AFTER_SECONDS`] without a wrong password.
//!
//! Time is the caller's `now`; state is in memory, per process (like [`crate::limits`]), and
//! bounded to [`MAX_ENTRIES`] entries per table.

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};

use chrono::{DateTime, Duration, Utc};

use crate::error::Error;

/// Wrong passwords a username and source may send before they have to wait.
pub const FREE_FAILURES: u32 = 5;

/// Wrong passwords for one username from all sources before unknown sources have to wait.
pub const USER_FREE_FAILURES: u32 = 50;

/// The longest wait after a wrong password.
pub const MAX_BACKOFF_SECONDS: i64 = 300;

/// Seconds without a wrong password after which a count is forgotten.
pub const FORGET_AFTER_SECONDS: i64 = 3600;

/// Entries kept per table before old ones are dropped.
pub const MAX_ENTRIES: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: DateTime<Utc>,
    blocked_until: DateTime<Utc>,
}

impl Failures {
    fn fresh(now: DateTime<Utc>) -> Self {
        Self {
            count: 0,
            last: now,
            blocked_until: now,
        }
    }

    /// One more wrong password; past `free`, a wait doubling each time up to the bound.
    fn add(&mut self, now: DateTime<Utc>, free: u32) {
        if (now - self.last).num_seconds() >= FORGET_AFTER_SECONDS {
            *self = Self::fresh(now);
        }
        self.count = self.count.saturating_add(1);
        self.last = now;
        if let Some(over) = self.count.checked_sub(free).filter(|n| *n > 0) {
            let seconds = 1_i64
                .checked_shl(over.saturating_sub(1).min(30))
                .unwrap_or(MAX_BACKOFF_SECONDS)
                .min(MAX_BACKOFF_SECONDS);
            self.blocked_until = now + Duration::seconds(seconds);
        }
    }

    fn wait(&self, now: DateTime<Utc>) -> Option<u64> {
        let left = (self.blocked_until - now).num_seconds()
            + i64::from((self.blocked_until - now).subsec_nanos() > 0);
        (left > 0).then(|| u64::try_from(left).unwrap_or(1))
    }

    fn stale(&self, now: DateTime<Utc>) -> bool {
        self.blocked_until <= now && (now - self.last).num_seconds() >= FORGET_AFTER_SECONDS
    }
}

#[derive(Default)]
struct State {
    pairs: HashMap<(String, String), Failures>,
    users: HashMap<String, Failures>,
    known_good: HashSet<(String, String)>,
}

/// Wrong staff passwords, per username and source and per username, in memory.
#[derive(Default)]
pub struct LoginGuard {
    state: Mutex<State>,
    password_checks: AtomicU64,
}

impl LoginGuard {
    /// An empty guard.
    pub fn new() -> Self {
        Self::default()
    }

    /// `Ok` if `username` may try a password from `source` now, otherwise `rate_limited` with
    /// the seconds to wait.
    pub fn check(&self, username: &str, source: &str, now: DateTime<Utc>) -> Result<(), Error> {
        let user = normal(username);
        let state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let pair = (user.clone(), source.to_owned());
        let mut wait = state.pairs.get(&pair).and_then(|f| f.wait(now));
        if !state.known_good.contains(&pair) {
            let spread = state.users.get(&user).and_then(|f| f.wait(now));
            wait = wait.max(spread);
        }
        match wait {
            Some(seconds) => Err(Error::rate_limited(seconds)),
            None => Ok(()),
        }
    }

    /// Counts a wrong password (or an unknown username) from `source`.
    pub fn failed(&self, username: &str, source: &str, now: DateTime<Utc>) {
        let user = normal(username);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        if state.pairs.len() >= MAX_ENTRIES || state.users.len() >= MAX_ENTRIES {
            state.pairs.retain(|_, f| !f.stale(now));
            state.users.retain(|_, f| !f.stale(now));
            // Still full of live entries: an attack on many names at once. Forgetting the
            // oldest counts only lets a few more guesses through; keeping memory bounded matters
            // more.
            if state.pairs.len() >= MAX_ENTRIES {
                state.pairs.clear();
            }
            if state.users.len() >= MAX_ENTRIES {
                state.users.clear();
            }
        }
        state
            .pairs
            .entry((user.clone(), source.to_owned()))
            .or_insert_with(|| Failures::fresh(now))
            .add(now, FREE_FAILURES);
        state
            .users
            .entry(user)
            .or_insert_with(|| Failures::fresh(now))
            .add(now, USER_FREE_FAILURES);
    }

    /// A right password from `source`: its count is cleared and the source is known-good for
    /// this username from now on.
    pub fn succeeded(&self, username: &str, source: &str) {
        let user = normal(username);
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        let pair = (user, source.to_owned());
        let _ = state.pairs.remove(&pair);
        if state.known_good.len() >= MAX_ENTRIES {
            state.known_good.clear();
        }
        let _ = state.known_good.insert(pair);
    }

    /// Counts one password hash verification (made for known and unknown usernames alike).
    pub fn count_password_check(&self) {
        let _ = self.password_checks.fetch_add(1, Ordering::Relaxed);
    }

    /// Password hash verifications made so far (tests check that unknown usernames cost one
    /// too, so the answer's timing does not tell which usernames exist).
    pub fn password_checks(&self) -> u64 {
        self.password_checks.load(Ordering::Relaxed)
    }
}

fn normal(username: &str) -> String {
    username.trim().to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn t0() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2021-06-01T06:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn the_wait_doubles_after_the_free_failures_and_stays_bounded() {
        let g = LoginGuard::new();
        let now = t0();
        for _ in 0..FREE_FAILURES {
            assert!(g.check("vax", "10.0.0.9", now).is_ok());
            g.failed("vax", "10.0.0.9", now);
        }
        assert!(g.check("vax", "10.0.0.9", now).is_ok());
        let mut waits = Vec::new();
        let mut at = now;
        for _ in 0..12 {
            g.failed("vax", "10.0.0.9", at);
            let e = g.check("vax", "10.0.0.9", at).unwrap_err();
            let wait = e.retry_after_seconds().unwrap();
            waits.push(wait);
            at += Duration::seconds(i64::try_from(wait).unwrap());
            assert!(
                g.check("vax", "10.0.0.9", at).is_ok(),
                "free again after {wait}s"
            );
        }
        assert_eq!(
            waits,
            vec![1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300, 300],
            "doubling, bounded"
        );
    }

    #[test]
    fn another_source_and_a_known_good_source_are_not_held_back() {
        let g = LoginGuard::new();
        let now = t0();
        g.succeeded("vax", "10.0.0.1");
        // Guessers from many addresses.
        for i in 0..200 {
            g.failed("vax", &format!("192.0.2.{}", i % 100), now);
        }
        assert!(g.check("vax", "192.0.2.7", now).is_err());
        assert!(
            g.check("vax", "198.51.100.1", now).is_err(),
            "a spread guess slows new sources"
        );
        assert!(g.check("VAX", "10.0.0.1", now).is_ok(), "known-good source");
        assert!(
            g.check("other", "192.0.2.7", now).is_ok(),
            "another username"
        );
        // Bounded for everyone.
        let later = now + Duration::seconds(MAX_BACKOFF_SECONDS);
        assert!(g.check("vax", "192.0.2.7", later).is_ok());
        assert!(g.check("vax", "198.51.100.1", later).is_ok());
    }
}
