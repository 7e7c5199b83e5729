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
    ("post", "/api/v1/vaccinator/sync"),
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
    ("post", "/api/v1/sms/inbound/{gateway}"),
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
                .replace("{session_id}", "S")
                .replace("{gateway}", "http"),
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

/// The document as the server serves it.
fn document() -> Value {
    use utoipa::OpenApi;
    serde_json::to_value(vaxkit_server::openapi::ApiDoc::openapi()).unwrap()
}

/// Every operation of the document: (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            out.push((method.clone(), path.clone(), op.clone()));
        }
    }
    out
}

#[test]
fn operations_have_unique_ids_and_parameters_where_they_are_sent() {
    let doc = document();
    let mut ids = std::collections::HashSet::new();
    for (method, path, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap();
        assert!(ids.insert(id.to_string()), "{id} twice ({method} {path})");
        assert!(
            id.chars().next().unwrap().is_ascii_lowercase() && !id.contains('_'),
            "{id}: lowerCamelCase"
        );
        for p in op["parameters"].as_array().into_iter().flatten() {
            let name = p["name"].as_str().unwrap();
            let in_path = path.contains(&format!("{{{name}}}"));
            let declared = p["in"].as_str().unwrap();
            assert_eq!(
                declared,
                if in_path { "path" } else { "query" },
                "{method} {path}: {name}"
            );
        }
        let responses = op["responses"].as_object().unwrap();
        if path.starts_with("/api/") {
            for status in ["400", "429", "500"] {
                assert!(responses.contains_key(status), "{method} {path}: {status}");
            }
        }
        if op["requestBody"].is_object() {
            assert!(responses.contains_key("415"), "{method} {path}: 415");
        }
        if op["security"].is_array() {
            assert!(responses.contains_key("401"), "{method} {path}: 401");
        }
    }
    assert!(ids.len() > 40, "{} operations", ids.len());
}

/// Python tools that check the document as an outside client would.
const OPENAPI_TOOLS: &[&str] = &[
    "openapi-spec-validator==0.9.0",
    "openapi-python-client==0.29.1",
];

#[test]
fn an_independent_validator_accepts_the_document_and_a_generated_client_imports() {
    let doc = document();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("openapi.json");
    std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
    let python = vaxkit_testkit::python::Python::with(OPENAPI_TOOLS);
    let run = |args: &[&str]| {
        let out = python
            .command()
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        (
            out.status.success(),
            format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ),
        )
    };
    let (ok, said) = run(&[
        "-c",
        "import sys\n\
         from openapi_spec_validator import validate\n\
         from openapi_spec_validator.readers import read_from_filename\n\
         spec, _ = read_from_filename('openapi.json')\n\
         validate(spec)\n\
         print('valid')",
    ]);
    assert!(
        ok && said.contains("valid"),
        "openapi-spec-validator: {said}"
    );

    let (ok, said) = run(&[
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        "openapi.json",
        "--output-path",
        "vaxkit_client",
        "--meta",
        "none",
    ]);
    assert!(ok, "openapi-python-client: {said}");
    // Every operation became its own function, named after its operation id, and the client
    // imports (its models and every endpoint module).
    let mut modules = Vec::new();
    for (_, _, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap();
        let tag = op["tags"][0].as_str().unwrap();
        let snake: String = id
            .chars()
            .flat_map(|c| {
                if c.is_ascii_uppercase() {
                    vec!['_', c.to_ascii_lowercase()]
                } else {
                    vec![c]
                }
            })
            .collect();
        modules.push(format!("vaxkit_client.api.{tag}.{snake}"));
    }
    let script = format!(
        "import importlib\n\
         import vaxkit_client.models\n\
         from vaxkit_client import Client\n\
         for m in {modules:?}:\n    \
             mod = importlib.import_module(m)\n    \
             assert hasattr(mod, 'sync_detailed'), m\n\
         print(len({modules:?}))"
    );
    let (ok, said) = run(&["-c", &script]);
    assert!(ok, "importing the generated client: {said}");
    assert_eq!(said.trim(), modules.len().to_string(), "{said}");
}
