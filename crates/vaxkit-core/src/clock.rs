//! Where the server reads the time. Library code never calls `Utc::now()` itself: it asks the
//! [`Clock`] in the application state, so tests can stand time still or move it forward (an OTP
//! that expires, a rate-limit window that passes, a cached answer that goes stale).

use std::sync::{Arc, Mutex, PoisonError};

use chrono::{DateTime, Utc};

/// A cheap-to-clone source of the current instant: the system clock or a settable one.
#[derive(Clone)]
pub struct Clock {
    /// `None` reads the system clock; `Some` holds the instant a fixed clock shows.
    fixed: Option<Arc<Mutex<DateTime<Utc>>>>,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// A clock that shows `at` until it is moved with [`Clock::set`] or [`Clock::advance`];
    /// every clone shows the same instant.
    pub fn fixed(at: DateTime<Utc>) -> Self {
        Self {
            fixed: Some(Arc::new(Mutex::new(at))),
        }
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match &self.fixed {
            Some(at) => *at.lock().unwrap_or_else(PoisonError::into_inner),
            None => Utc::now(),
        }
    }

    /// Moves a fixed clock forward; the system clock cannot be moved and ignores this.
    pub fn advance(&self, by: chrono::Duration) {
        if let Some(at) = &self.fixed {
            let mut at = at.lock().unwrap_or_else(PoisonError::into_inner);
            *at += by;
        }
    }

    /// Sets a fixed clock to `to`; the system clock ignores this.
    pub fn set(&self, to: DateTime<Utc>) {
        if let Some(at) = &self.fixed {
            *at.lock().unwrap_or_else(PoisonError::into_inner) = to;
        }
    }

    /// Whether this is a fixed (test) clock.
    pub fn is_fixed(&self) -> bool {
        self.fixed.is_some()
    }
}

impl std::fmt::Debug for Clock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.fixed {
            Some(_) => write!(f, "Clock::fixed({})", self.now()),
            None => f.write_str("Clock::system()"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fixed_clock_stands_still_and_moves_in_every_clone() {
        let start = DateTime::parse_from_rfc3339("2021-06-01T06:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let clock = Clock::fixed(start);
        let clone = clock.clone();
        assert_eq!(clock.now(), start);
        clone.advance(chrono::Duration::seconds(90));
        assert_eq!(clock.now(), start + chrono::Duration::seconds(90));
        clock.set(start);
        assert_eq!(clone.now(), start);
    }

    #[test]
    fn the_system_clock_ignores_moves() {
        let clock = Clock::system();
        let before = clock.now();
        clock.advance(chrono::Duration::days(365));
        assert!(clock.now() - before < chrono::Duration::days(1));
    }
}
