//! The per-IP limit on `/api`.

use reqwest::StatusCode;

use crate::helpers::assert_error;

both_backends!(
    api_requests_over_the_per_ip_limit_get_429_with_retry_after,
    profile = |p| p.rate_limits.per_ip_per_minute = 3,
    |app| async move {
        for _ in 0..3 {
            assert_eq!(
                app.get("/api/v1/openapi.json").await.status(),
                StatusCode::OK
            );
        }
        let refused = app.get_in("/api/v1/openapi.json", "fr").await;
        assert_eq!(
            refused.headers()["retry-after"],
            "20",
            "3 a minute: one every 20 s"
        );
        let message = assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        assert_eq!(message, "Trop de requêtes. Réessayez dans 20 secondes.");
        // Unknown /api paths count too; the probes are outside /api and never limited.
        let refused = app.get("/api/v1/nothing").await;
        assert_error(refused, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);

        app.clock.advance(chrono::Duration::seconds(20));
        assert_eq!(
            app.get("/api/v1/openapi.json").await.status(),
            StatusCode::OK
        );
        let refused = app.get("/api/v1/openapi.json").await;
        assert_eq!(refused.headers()["retry-after"], "20");
    }
);

both_backends!(
    clients_behind_a_trusted_proxy_are_limited_one_by_one,
    profile = |p| p.rate_limits.per_ip_per_minute = 2,
    |app| async move {
        let get_from = |client: &'static str| {
            app.client
                .get(app.url("/api/v1/openapi.json"))
                .header("X-Forwarded-For", client)
                .send()
        };
        for _ in 0..2 {
            assert_eq!(
                get_from("203.0.113.1").await.unwrap().status(),
                StatusCode::OK
            );
        }
        let refused = get_from("203.0.113.1").await.unwrap();
        assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            get_from("203.0.113.2").await.unwrap().status(),
            StatusCode::OK
        );
        // A client cannot escape by forging an entry in front of what the proxy appends.
        let forged = get_from("198.51.100.99, 203.0.113.1").await.unwrap();
        assert_eq!(forged.status(), StatusCode::TOO_MANY_REQUESTS);
    }
);
