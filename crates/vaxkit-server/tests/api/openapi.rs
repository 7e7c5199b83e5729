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
