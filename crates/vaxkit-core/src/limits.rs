//! In-memory rate limits: [`RateLimiter::check`] counts requests per key — a client address
//! (the HTTP front end's per-IP limit), a mobile number (login codes per hour), a username (staff
//! logins).
//!
//! Each key is limited with GCRA (the generic cell rate algorithm): `limit` requests may come at
//! once, then one more every `window / limit`. It keeps one instant per key, never a list of
//! requests, and a key whose instant has passed is as good as absent, so those are evicted first
//! when the table is full; if every key is still active, the half nearest to expiry goes. Time
//! comes from the [`Clock`], so tests move through windows without sleeping. Limits are per
//! process: behind a load balancer each node counts for itself.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::error::Error;

/// Keys kept before old ones are evicted.
pub const DEFAULT_MAX_KEYS: usize = 100_000;

/// Request counters per key, in memory.
pub struct RateLimiter {
    clock: Clock,
    max_keys: usize,
    /// For each key, the instant at which its allowance is full again (GCRA's "theoretical
    /// arrival time").
    keys: Mutex<HashMap<String, DateTime<Utc>>>,
}

impl RateLimiter {
    /// A limiter that keeps at most `max_keys` keys.
    pub fn new(clock: Clock, max_keys: usize) -> Self {
        Self {
            clock,
            max_keys: max_keys.max(1),
            keys: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one request for `key`: `Ok` if it is within `limit` per `window`, otherwise
    /// `rate_limited` with the seconds until the next one is allowed. A limit below 1 counts as 1.
    pub fn check(&self, key: &str, limit: i64, window: Duration) -> Result<(), Error> {
        let now = self.clock.now();
        let window = chrono::Duration::from_std(window).unwrap_or(chrono::Duration::MAX);
        let limit = i32::try_from(limit.max(1)).unwrap_or(i32::MAX);
        let interval = window / limit;
        let mut keys = self.keys.lock().unwrap_or_else(PoisonError::into_inner);
        let full_again = keys.get(key).map_or(now, |at| (*at).max(now));
        let next = full_again + interval;
        let allowed_from = next - window;
        if allowed_from > now {
            let wait = allowed_from - now;
            let seconds = wait.num_seconds() + i64::from(wait.subsec_nanos() > 0);
            return Err(Error::rate_limited(u64::try_from(seconds).unwrap_or(1)));
        }
        if !keys.contains_key(key) && keys.len() >= self.max_keys {
            evict(&mut keys, now, self.max_keys);
        }
        let _ = keys.insert(key.to_owned(), next);
        Ok(())
    }

    /// Keys currently held.
    pub fn len(&self) -> usize {
        self.keys
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no key is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Drops keys whose allowance is full again; if fewer than `max_keys` remain, that is enough,
/// otherwise the half nearest to being full again goes too.
fn evict(keys: &mut HashMap<String, DateTime<Utc>>, now: DateTime<Utc>, max_keys: usize) {
    keys.retain(|_, at| *at > now);
    if keys.len() < max_keys {
        return;
    }
    let mut instants: Vec<DateTime<Utc>> = keys.values().copied().collect();
    let middle = instants.len() / 2;
    let (_, median, _) = instants.select_nth_unstable(middle);
    let median = *median;
    keys.retain(|_, at| *at > median);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::ErrorCode;

    fn start() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2021-06-01T06:00:00Z")
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn allows_the_limit_at_once_then_one_per_interval() {
        let clock = Clock::fixed(start());
        let limiter = RateLimiter::new(clock.clone(), 10);
        let minute = Duration::from_secs(60);
        for _ in 0..3 {
            limiter.check("a", 3, minute).unwrap();
        }
        let refused = limiter.check("a", 3, minute).unwrap_err();
        assert_eq!(refused.code(), ErrorCode::RateLimited);
        assert_eq!(refused, Error::rate_limited(20));
        limiter.check("b", 3, minute).unwrap();
        clock.advance(chrono::Duration::seconds(19));
        assert_eq!(limiter.check("a", 3, minute), Err(Error::rate_limited(1)));
        clock.advance(chrono::Duration::seconds(1));
        limiter.check("a", 3, minute).unwrap();
        assert!(limiter.check("a", 3, minute).is_err());
        clock.advance(chrono::Duration::seconds(60));
        for _ in 0..3 {
            limiter.check("a", 3, minute).unwrap();
        }
    }

    #[test]
    fn a_refused_request_does_not_use_up_the_allowance() {
        let clock = Clock::fixed(start());
        let limiter = RateLimiter::new(clock.clone(), 10);
        let hour = Duration::from_secs(3600);
        limiter.check("m", 1, hour).unwrap();
        for _ in 0..5 {
            assert_eq!(limiter.check("m", 1, hour), Err(Error::rate_limited(3600)));
        }
        clock.advance(chrono::Duration::seconds(3600));
        limiter.check("m", 1, hour).unwrap();
    }

    #[test]
    fn memory_stays_bounded() {
        let clock = Clock::fixed(start());
        let limiter = RateLimiter::new(clock.clone(), 100);
        for i in 0..1000 {
            limiter
                .check(&format!("k{i}"), 5, Duration::from_secs(60))
                .unwrap();
            clock.advance(chrono::Duration::milliseconds(10));
        }
        assert!(limiter.len() <= 100, "{}", limiter.len());
        // The most recent keys are the ones kept.
        for _ in 0..4 {
            limiter.check("k999", 5, Duration::from_secs(60)).unwrap();
        }
        assert!(limiter.check("k999", 5, Duration::from_secs(60)).is_err());
    }
}
