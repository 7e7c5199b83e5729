//! `/healthz` and `/readyz`.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{Backend, TestApp, assert_error};

both_backends!(healthz_and_readyz_answer_ok, |app| async move {
    for path in ["/healthz", "/readyz"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body, json!({ "status": "ok" }), "{path}");
    }
});

both_backends!(probes_answer_get_only, |app| async move {
    let response = app.post_json("/healthz", &json!({})).await;
    assert_eq!(response.headers()["allow"], "GET");
    assert_error(
        response,
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
    )
    .await;
});

/// The database goes away under a running server: readiness fails, liveness does not.
///
/// PostgreSQL only: a real outage is easy to make there (the database is dropped and every
/// connection cut), whereas an open SQLite file keeps answering `SELECT 1` even after it is
/// deleted, so nothing short of killing the process makes SQLite "unready".
#[tokio::test]
async fn readyz_is_503_when_the_database_is_gone() {
    let app = TestApp::spawn(Backend::Postgres).await;
    assert_eq!(app.get("/readyz").await.status(), StatusCode::OK);
    app.drop_database();
    let message = assert_error(
        app.get("/readyz").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "service_unavailable",
    )
    .await;
    assert!(
        !message.contains("vaxkit_test_"),
        "no internals leak: {message}"
    );
    assert_eq!(app.get("/healthz").await.status(), StatusCode::OK);
}
