//! The OpenAPI document.

use reqwest::StatusCode;
use serde_json::Value;

both_backends!(openapi_document_describes_the_api, |app| async move {
    let response = app.get("/api/v1/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()["content-type"].to_str().unwrap(),
        "application/json"
    );
    let doc: Value = response.json().await.unwrap();
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    for path in ["/healthz", "/readyz"] {
        assert!(doc["paths"][path]["get"].is_object(), "{path} missing");
    }
    let readyz = &doc["paths"]["/readyz"]["get"]["responses"];
    assert!(readyz["503"].is_object(), "{readyz}");
    let schemas = &doc["components"]["schemas"];
    assert!(schemas["ErrorBody"].is_object());
    let codes: Vec<&str> = schemas["ErrorCode"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let expected: Vec<&str> = vaxkit_server::ErrorCode::ALL
        .iter()
        .map(|c| c.as_str())
        .collect();
    assert_eq!(codes, expected, "every error code is documented");
});

/// Every endpoint the router serves under `/api/v1`, as (method, path template).
const SERVED: &[(&str, &str)] = &[
    ("post", "/api/v1/auth/otp"),
    ("post", "/api/v1/auth/otp/confirm"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/beneficiaries"),
    ("post", "/api/v1/beneficiaries"),
    ("patch", "/api/v1/beneficiaries/{reference}"),
    ("delete", "/api/v1/beneficiaries/{reference}"),
    ("get", "/api/v1/regions"),
    ("get", "/api/v1/facilities"),
    ("get", "/api/v1/facilities/{code}/calendar"),
    ("get", "/api/v1/sessions"),
    ("get", "/api/v1/appointments"),
    ("post", "/api/v1/appointments"),
    ("get", "/api/v1/appointments/{reference}"),
    ("post", "/api/v1/appointments/{reference}/reschedule"),
    ("post", "/api/v1/appointments/{reference}/cancel"),
    ("get", "/api/v1/admin/facilities"),
    ("post", "/api/v1/admin/facilities"),
    ("patch", "/api/v1/admin/facilities/{code}"),
    ("get", "/api/v1/admin/facilities/{code}/sessions"),
    ("post", "/api/v1/admin/sessions"),
    ("post", "/api/v1/admin/sessions/{session_id}/cancel"),
    ("get", "/api/v1/beneficiaries/{reference}/certificate"),
    ("get", "/api/v1/beneficiaries/{reference}/certificate.pdf"),
    ("get", "/api/v1/beneficiaries/{reference}/certificate/qr"),
    ("get", "/api/v1/beneficiaries/{reference}/immunizations"),
    ("post", "/api/v1/certificates/verify"),
    ("get", "/api/v1/certificates/signers"),
    ("get", "/api/v1/certificates/revocations"),
    ("patch", "/api/v1/admin/doses/{reference}"),
    ("post", "/api/v1/admin/doses/{reference}/revoke"),
    ("get", "/api/v1/admin/beneficiaries/{reference}"),
    ("post", "/api/v1/admin/beneficiaries/find"),
    ("post", "/api/v1/admin/beneficiaries/merge"),
    ("get", "/api/v1/vaccinator/queue"),
    ("get", "/api/v1/vaccinator/lookup"),
    ("post", "/api/v1/vaccinator/doses"),
    ("post", "/api/v1/vaccinator/walk-in"),
    ("get", "/api/v1/reports/doses"),
    ("get", "/api/v1/reports/coverage"),
    ("get", "/api/v1/audit"),
    ("post", "/api/v1/aefi"),
    ("get", "/api/v1/admin/aefi"),
    ("post", "/api/v1/admin/aefi"),
    ("post", "/api/v1/staff/login"),
    ("get", "/api/v1/staff/me"),
    ("get", "/api/v1/staff/users"),
    ("post", "/api/v1/staff/users"),
];

both_backends!(the_document_matches_the_routes, |app| async move {
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut documented: Vec<(String, String)> = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            if path.starts_with("/api/v1") {
                documented.push((method.clone(), path.clone()));
            }
        }
    }
    documented.sort();
    // The Co-WIN facade under /api/v2 is not part of this document: it copies Co-WIN's API,
    // described in docs/cowin-compat.md, and its contract tests are in cowin.rs.
    assert!(
        doc["paths"]
            .as_object()
            .unwrap()
            .keys()
            .all(|path| !path.starts_with("/api/v2")),
        "/api/v2 is documented in docs/cowin-compat.md only"
    );
    let mut served: Vec<(String, String)> = SERVED
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    served.sort();
    assert_eq!(documented, served, "documented and served endpoints differ");
    // And the router really answers each of them: never "no such route" (404 not_found)
    // or "no such method" (405).
    for (method, path) in &served {
        let url = app.url(
            &path
                .replace("{reference}", "R")
                .replace("{code}", "C")
                .replace("{session_id}", "S"),
        );
        let request = match method.as_str() {
            "get" => app.client.get(&url),
            "post" => app.client.post(&url),
            "patch" => app.client.patch(&url),
            "delete" => app.client.delete(&url),
            other => panic!("{other}"),
        };
        let response = request
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = response.status();
        assert_ne!(status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
        if status == StatusCode::NOT_FOUND {
            let body: Value = response.json().await.unwrap();
            assert_ne!(
                body["error"]["code"], "not_found",
                "{method} {path} is not routed"
            );
        }
    }
    // A wrong method on a served path is 405, not 404.
    let r = app
        .client
        .put(app.url("/api/v1/sessions"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::METHOD_NOT_ALLOWED);
});
