//! The per-IP limit on every `/api` request ([`per_ip`]), counted by the core's
//! [`vaxkit_core::RateLimiter`], and how the client's address is found behind trusted proxies.
//! The web pages' forms have their own per-IP limits (`Page::form` in `pages`), counted under
//! the same [`client_key`].

use std::net::IpAddr;
use std::time::Duration;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, web};

use crate::error::ApiError;
use crate::state::AppState;

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
        state
            .core
            .limiter
            .check(
                &key,
                state.core.profile.rate_limits.per_ip_per_minute,
                Duration::from_secs(60),
            )
            .map_err(ApiError::from)?;
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
pub fn client_key(ip: IpAddr) -> IpAddr {
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
