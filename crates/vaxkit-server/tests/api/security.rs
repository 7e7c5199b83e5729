//! Security headers on every answer, personal data never cacheable.

use reqwest::{Response, StatusCode};
use serde_json::json;

use crate::citizen::login;

fn assert_protected(r: &Response, what: &str, cache: &str) {
    let h = r.headers();
    let get = |name: &str| h.get(name).map(|v| v.to_str().unwrap().to_string());
    assert_eq!(
        get("x-content-type-options").as_deref(),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(get("x-frame-options").as_deref(), Some("DENY"), "{what}");
    assert_eq!(
        get("content-security-policy").as_deref(),
        Some("frame-ancestors 'none'"),
        "{what}"
    );
    assert_eq!(
        get("referrer-policy").as_deref(),
        Some("no-referrer"),
        "{what}"
    );
    assert_eq!(get("cache-control").as_deref(), Some(cache), "{what}");
}

both_backends!(every_answer_carries_security_headers, |app| async move {
    let c = login(&app).await;
    c.add("Asha", "1980-05-17").await;
    let people = c.get("/api/v1/beneficiaries").await;
    assert_eq!(people.status(), StatusCode::OK);
    assert_protected(&people, "a citizen's family", "no-store");
    for path in [
        "/healthz",
        "/readyz",
        "/api/v1/openapi.json",
        "/nowhere",
        "/api/v1/beneficiaries",
    ] {
        let r = app.get(path).await;
        assert_protected(&r, path, "no-store");
    }
    let bad = app
        .post_json("/api/v1/auth/otp", &json!({ "mobile": "1" }))
        .await;
    assert_protected(&bad, "an error", "no-store");
    // A public answer keeps its own caching, with the other headers.
    let jwks = app.get("/.well-known/jwks.json").await;
    assert_eq!(jwks.status(), StatusCode::OK);
    assert_protected(&jwks, "the JWKS", "public, max-age=3600");
});

