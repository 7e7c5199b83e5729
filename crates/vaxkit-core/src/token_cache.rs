//! Login tokens checked recently, by hash, so that a stream of requests from one login (a
//! vaccinator recording doses, a citizen booking and downloading) does not read the token and
//! its account for each one. Staff and citizens each have one ([`crate::Core`]).
//!
//! An entry lives for [`TOKEN_CACHE_SECONDS`]. A logout drops its token at once, and a check
//! that was reading the database while a logout happened does not store what it read (the
//! cache's generation moved on). A logout on another node takes effect here within the entry's
//! life.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, NaiveDateTime, Utc};

use crate::Clock;
use crate::error::{Error, ErrorCode};

/// Seconds a checked token is answered from memory before the database is read again.
pub const TOKEN_CACHE_SECONDS: i64 = 5;

/// How stale a login's last use may get before a request records a new one.
pub const TOUCH_EVERY_SECONDS: i64 = 60;

/// Tokens held before expired ones are dropped (and, if all are fresh, all of them).
const TOKEN_CACHE_MAX: usize = 10_000;

/// A token as read from the database: its key, its last use and whose it is.
#[derive(Debug, Clone)]
pub struct KnownToken<U> {
    /// The token's key.
    pub token_id: i64,
    /// Its last recorded use.
    pub last_used: NaiveDateTime,
    /// Whose it is (the staff member, the citizen's account).
    pub user: U,
}

/// Tokens checked in the last seconds, by hash; `U` is what a token says about its holder.
pub struct TokenCache<U> {
    clock: Clock,
    inner: Mutex<Inner<U>>,
}

struct Inner<U> {
    generation: u64,
    entries: HashMap<String, (DateTime<Utc>, KnownToken<U>)>,
}

impl<U: Clone> TokenCache<U> {
    /// An empty cache whose entries expire by `clock`.
    pub fn new(clock: Clock) -> Self {
        Self {
            clock,
            inner: Mutex::new(Inner {
                generation: 0,
                entries: HashMap::new(),
            }),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner<U>> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The token with this hash, from memory if it was read in the last seconds, else by
    /// `read` (`None`: no such token), kept for the next requests.
    pub fn get_or_read<E>(
        &self,
        hash: &str,
        read: impl FnOnce() -> Result<Option<KnownToken<U>>, E>,
    ) -> Result<Option<KnownToken<U>>, E> {
        let now = self.clock.now();
        let generation = {
            let inner = self.lock();
            if let Some((expires, known)) = inner.entries.get(hash)
                && *expires > now
            {
                return Ok(Some(known.clone()));
            }
            inner.generation
        };
        let Some(known) = read()? else {
            return Ok(None);
        };
        let expires = now + chrono::Duration::seconds(TOKEN_CACHE_SECONDS);
        let mut inner = self.lock();
        if inner.generation == generation {
            if inner.entries.len() >= TOKEN_CACHE_MAX {
                inner.entries.retain(|_, (e, _)| *e > now);
                if inner.entries.len() >= TOKEN_CACHE_MAX {
                    inner.entries.clear();
                }
            }
            inner
                .entries
                .insert(hash.to_owned(), (expires, known.clone()));
        }
        Ok(Some(known))
    }

    /// Uses a token at `at`: refused as `session_expired` if it was idle for longer than
    /// `idle`; otherwise its last use is recorded by `touch` (given the token's key) when the
    /// recorded one is [`TOUCH_EVERY_SECONDS`] old or more, and remembered here.
    pub fn use_at(
        &self,
        hash: &str,
        known: &KnownToken<U>,
        at: NaiveDateTime,
        idle: chrono::Duration,
        touch: impl FnOnce(i64) -> Result<(), Error>,
    ) -> Result<(), Error> {
        let since = at - known.last_used;
        if since > idle {
            return Err(ErrorCode::SessionExpired.into());
        }
        if since >= chrono::Duration::seconds(TOUCH_EVERY_SECONDS) {
            touch(known.token_id)?;
            if let Some((_, k)) = self.lock().entries.get_mut(hash) {
                k.last_used = at;
            }
        }
        Ok(())
    }

    /// Forgets the tokens whose holder `matches` (a logout, a disabled account).
    pub fn revoke_where(&self, matches: impl Fn(&KnownToken<U>) -> bool) {
        let mut inner = self.lock();
        inner.generation = inner.generation.wrapping_add(1);
        inner.entries.retain(|_, (_, k)| !matches(k));
    }

    /// Tokens held.
    pub fn len(&self) -> usize {
        self.lock().entries.len()
    }

    /// Whether no token is held.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
