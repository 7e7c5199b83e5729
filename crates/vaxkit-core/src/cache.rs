//! A small in-memory cache with a time to live, for public answers that many people ask at once
//! (session search). The profile's `appointments.search_cache_seconds` sets how long an answer
//! may be served from it.
//!
//! A booking changes capacity, so it calls [`TtlCache::invalidate_prefix`]: the matching answers
//! go, and the cache's generation moves on, so an answer that was being computed while the booking
//! happened is returned to its caller but not stored. Expiry follows the [`Clock`]. Each process
//! has its own cache; the time to live bounds how stale another node's answer can be.

use std::any::Any;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::clock::Clock;

/// Entries kept before expired ones are dropped (and, if all are fresh, all of them).
pub const DEFAULT_MAX_ENTRIES: usize = 10_000;

struct Entry {
    expires: DateTime<Utc>,
    value: Arc<dyn Any + Send + Sync>,
}

#[derive(Default)]
struct Inner {
    generation: u64,
    entries: HashMap<String, Entry>,
}

/// Answers kept for a short time, by key; values of any `Clone + Send + Sync` type.
pub struct TtlCache {
    clock: Clock,
    max_entries: usize,
    inner: Mutex<Inner>,
}

impl TtlCache {
    /// A cache holding at most `max_entries` answers.
    pub fn new(clock: Clock, max_entries: usize) -> Self {
        Self {
            clock,
            max_entries: max_entries.max(1),
            inner: Mutex::new(Inner::default()),
        }
    }

    /// The answer stored under `key`, if fresh and of type `T`.
    pub fn get<T: Clone + 'static>(&self, key: &str) -> Option<T> {
        let now = self.clock.now();
        let inner = self.lock();
        let entry = inner.entries.get(key).filter(|e| e.expires > now)?;
        entry.value.downcast_ref::<T>().cloned()
    }

    /// Stores `value` under `key` for `ttl` (a zero `ttl` stores nothing).
    pub fn insert<T: Clone + Send + Sync + 'static>(&self, key: &str, ttl: Duration, value: T) {
        let generation = self.generation();
        self.insert_if_current(key, ttl, value, generation);
    }

    /// The fresh answer under `key`, or else the one `make` computes, stored for `ttl` unless
    /// an invalidation happened while it was being computed. Errors are not stored.
    pub fn get_or_insert<T, E>(
        &self,
        key: &str,
        ttl: Duration,
        make: impl FnOnce() -> Result<T, E>,
    ) -> Result<T, E>
    where
        T: Clone + Send + Sync + 'static,
    {
        if let Some(hit) = self.get::<T>(key) {
            return Ok(hit);
        }
        let generation = self.generation();
        let value = make()?;
        self.insert_if_current(key, ttl, value.clone(), generation);
        Ok(value)
    }

    /// Stores `value` under `key` for `ttl` unless an invalidation happened since `generation`
    /// was read (from [`TtlCache::generation`], before the value was computed).
    pub fn insert_since<T: Send + Sync + 'static>(
        &self,
        key: &str,
        ttl: Duration,
        value: T,
        generation: u64,
    ) {
        self.insert_if_current(key, ttl, value, generation);
    }

    /// Drops every answer whose key starts with `prefix` (`""` drops all), and makes answers
    /// computed before now unstorable.
    pub fn invalidate_prefix(&self, prefix: &str) {
        let mut inner = self.lock();
        inner.generation = inner.generation.wrapping_add(1);
        inner.entries.retain(|key, _| !key.starts_with(prefix));
    }

    /// The number of invalidations so far.
    pub fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Answers held, fresh or not yet dropped.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether nothing is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn insert_if_current<T: Send + Sync + 'static>(
        &self,
        key: &str,
        ttl: Duration,
        value: T,
        generation: u64,
    ) {
        let Ok(ttl) = chrono::Duration::from_std(ttl) else {
            return;
        };
        if ttl <= chrono::Duration::zero() {
            return;
        }
        let now = self.clock.now();
        let mut inner = self.lock();
        if inner.generation != generation {
            return;
        }
        if !inner.entries.contains_key(key) && inner.entries.len() >= self.max_entries {
            inner.entries.retain(|_, e| e.expires > now);
            if inner.entries.len() >= self.max_entries {
                inner.entries.clear();
            }
        }
        let _ = inner.entries.insert(
            key.to_owned(),
            Entry {
                expires: now + ttl,
                value: Arc::new(value),
            },
        );
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> (Clock, TtlCache) {
        let clock = Clock::fixed(
            DateTime::parse_from_rfc3339("2021-06-01T06:00:00Z")
                .unwrap()
                .with_timezone(&Utc),
        );
        (clock.clone(), TtlCache::new(clock, 3))
    }

    const TTL: Duration = Duration::from_secs(30);

    #[test]
    fn answers_are_reused_until_they_expire() {
        let (clock, cache) = cache();
        let mut calls = 0;
        for _ in 0..3 {
            let v: Result<u32, ()> = cache.get_or_insert("search:1", TTL, || {
                calls += 1;
                Ok(7)
            });
            assert_eq!(v, Ok(7));
        }
        assert_eq!(calls, 1);
        clock.advance(chrono::Duration::seconds(30));
        assert_eq!(cache.get::<u32>("search:1"), None);
        assert_eq!(cache.get::<String>("search:1"), None);
    }

    #[test]
    fn errors_and_zero_ttl_are_not_stored() {
        let (_, cache) = cache();
        let e: Result<u32, &str> = cache.get_or_insert("k", TTL, || Err("db down"));
        assert_eq!(e, Err("db down"));
        assert!(cache.is_empty());
        cache.insert("k", Duration::ZERO, 1u32);
        assert!(cache.is_empty());
    }

    #[test]
    fn invalidation_drops_matching_answers_and_any_computed_meanwhile() {
        let (_, cache) = cache();
        cache.insert("sessions:district-1:2021-06-02", TTL, 10u32);
        cache.insert("regions:root", TTL, 1u32);
        let stale: Result<u32, ()> =
            cache.get_or_insert("sessions:district-2:2021-06-02", TTL, || {
                // A booking lands while this answer is computed.
                cache.invalidate_prefix("sessions:");
                Ok(5)
            });
        assert_eq!(stale, Ok(5), "the caller still gets its answer");
        assert_eq!(cache.get::<u32>("sessions:district-2:2021-06-02"), None);
        assert_eq!(cache.get::<u32>("sessions:district-1:2021-06-02"), None);
        assert_eq!(cache.get::<u32>("regions:root"), Some(1));
    }

    #[test]
    fn size_is_bounded() {
        let (_, cache) = cache();
        for i in 0..10u32 {
            cache.insert(&format!("k{i}"), TTL, i);
            assert!(cache.len() <= 3);
        }
        assert_eq!(cache.get::<u32>("k9"), Some(9));
    }
}
