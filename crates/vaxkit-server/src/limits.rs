//! In-memory rate limits: the per-IP limit on every `/api` request ([`per_ip`]) and
//! [`RateLimiter::check`], which endpoints call for their own keys (login codes per mobile number
//! per hour).
//!
//! Each key is limited with GCRA (the generic cell rate algorithm): `limit` requests may come at
//! once, then one more every `window / limit`. It keeps one instant per key, never a list of
//! requests, and a key whose instant has passed is as good as absent, so those are evicted first
//! when the table is full; if every key is still active, the half nearest to expiry goes. Time
//! comes from the [`Clock`], so tests move through windows without sleeping. Limits are per
//! process: behind a load balancer each node counts for itself.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, web};
use chrono::{DateTime, Utc};

use crate::clock::Clock;
use crate::error::ApiError;
use crate::state::AppState;

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
    pub fn check(&self, key: &str, limit: i64, window: Duration) -> Result<(), ApiError> {
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
            return Err(ApiError::rate_limited(u64::try_from(seconds).unwrap_or(1)));
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

/// Middleware on the `/api` scope: the profile's `rate_limits.per_ip_per_minute` per client
/// address (IPv6 by /64, the block one subscriber usually holds).
pub async fn per_ip(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    if let Some(state) = req.app_data::<web::Data<AppState>>()
        && let Some(ip) = state.client_ip(req.request())
    {
        let key = format!("ip:{}", client_key(ip));
        state.limiter.check(
            &key,
            state.profile.rate_limits.per_ip_per_minute,
            Duration::from_secs(60),
        )?;
    }
    next.call(req).await
}

/// The client's address. Behind a trusted reverse proxy it is the right-most `X-Forwarded-For`
/// entry that is not itself a trusted proxy: entries further left come from the client and
/// could be forged to escape the limit.
pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpAddr]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    if !trusted_proxies.contains(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<&str> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    let mut client = peer;
    for entry in forwarded.iter().rev() {
        let parsed = entry
            .parse::<IpAddr>()
            .ok()
            .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()));
        let Some(ip) = parsed else { break };
        client = ip;
        if !trusted_proxies.contains(&ip) {
            break;
        }
    }
    Some(client)
}

/// The address a client is counted under.
fn client_key(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                for s in segments.iter_mut().skip(4) {
                    *s = 0;
                }
                IpAddr::V6(segments.into())
            }
        },
        v4 => v4,
    }
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
        assert_eq!(refused, ApiError::rate_limited(20));
        limiter.check("b", 3, minute).unwrap();
        clock.advance(chrono::Duration::seconds(19));
        assert_eq!(
            limiter.check("a", 3, minute),
            Err(ApiError::rate_limited(1))
        );
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
            assert_eq!(
                limiter.check("m", 1, hour),
                Err(ApiError::rate_limited(3600))
            );
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

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_proxies() {
        use actix_web::test::TestRequest;
        let proxy: IpAddr = "10.0.0.2".parse().unwrap();
        let request = |peer: &str, xff: &[&str]| {
            let mut r = TestRequest::default().peer_addr(format!("{peer}:4000").parse().unwrap());
            for v in xff {
                r = r.append_header(("X-Forwarded-For", *v));
            }
            r.to_http_request()
        };
        let ip = |s: &str| Some(s.parse::<IpAddr>().unwrap());
        // Not behind a trusted proxy: the header is ignored, whatever it says.
        assert_eq!(
            client_ip(&request("198.51.100.7", &["203.0.113.1"]), &[proxy]),
            ip("198.51.100.7")
        );
        // Behind one: the right-most untrusted entry; a forged entry to its left changes nothing.
        let r = request("10.0.0.2", &["1.1.1.1, 203.0.113.9"]);
        assert_eq!(client_ip(&r, &[proxy]), ip("203.0.113.9"));
        let r = request("10.0.0.2", &["203.0.113.9", "10.0.0.2"]);
        assert_eq!(client_ip(&r, &[proxy]), ip("203.0.113.9"));
        let r = request("10.0.0.2", &["203.0.113.9:5555"]);
        assert_eq!(client_ip(&r, &[proxy]), ip("203.0.113.9"));
        // No usable header: the proxy itself.
        assert_eq!(
            client_ip(&request("10.0.0.2", &[]), &[proxy]),
            ip("10.0.0.2")
        );
        assert_eq!(
            client_ip(&request("10.0.0.2", &["junk"]), &[proxy]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn ipv6_clients_are_counted_by_their_64_block() {
        let a: IpAddr = "2001:db8:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2001:db8:1:2:bbbb::9".parse().unwrap();
        let c: IpAddr = "2001:db8:1:3::1".parse().unwrap();
        assert_eq!(client_key(a), client_key(b));
        assert_ne!(client_key(a), client_key(c));
        let mapped: IpAddr = "::ffff:192.0.2.7".parse().unwrap();
        assert_eq!(client_key(mapped), "192.0.2.7".parse::<IpAddr>().unwrap());
    }
}
