//! Security headers on every answer, personal data never cacheable, and no login code, mobile
//! number or security code readable in the database files.

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

/// The raw bytes of the database: the SQLite file and its write-ahead log, or PostgreSQL's
/// files of every table and index of the test database and the current WAL segment after a
/// checkpoint (the test user is a superuser).
fn raw_database_bytes(app: &crate::helpers::TestApp) -> Vec<u8> {
    use diesel::RunQueryDsl;
    use diesel::sql_types::Bytea;
    use vaxkit_store::DbConnection;
    #[derive(diesel::QueryableByName)]
    struct Raw {
        #[diesel(sql_type = Bytea)]
        bytes: Vec<u8>,
    }
    app.store
        .write(|c| -> Result<Vec<u8>, vaxkit_store::StoreError> {
            Ok(match c {
                DbConnection::Sqlite(_) => Vec::new(),
                DbConnection::Pg(pg) => {
                    diesel::sql_query("CHECKPOINT").execute(pg)?;
                    let mut out = Vec::new();
                    for query in [
                        "SELECT pg_read_binary_file(pg_relation_filepath(c.oid)) AS bytes \
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace \
                         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') \
                         AND pg_relation_filepath(c.oid) IS NOT NULL",
                        "SELECT pg_read_binary_file('pg_wal/' || pg_walfile_name(pg_current_wal_lsn())) AS bytes",
                        "SELECT convert_to(string_agg(body, '|'), 'UTF8') AS bytes FROM outbox",
                    ] {
                        let rows: Vec<Raw> = diesel::sql_query(query).load(pg)?;
                        for r in rows {
                            out.extend(r.bytes);
                        }
                    }
                    out
                }
            })
        })
        .unwrap()
        .into_iter()
        .chain(match &app.store_path() {
            Some(path) => {
                let mut wal = path.as_os_str().to_owned();
                wal.push("-wal");
                let mut bytes = std::fs::read(path).unwrap();
                bytes.extend(std::fs::read(std::path::PathBuf::from(wal)).unwrap_or_default());
                bytes
            }
            None => Vec::new(),
        })
        .collect()
}

both_backends!(
    login_codes_are_never_readable_in_the_database_files,
    |app| async move {
        let m = crate::citizen::mobile();
        crate::citizen::request_code(&app, &m).await;
        let code = crate::citizen::last_code(&app, &format!("999{m}"));
        let sent = app
            .store
            .read(|c| {
                vaxkit_store::repo::outbox::for_recipient(c, &app.store.secrets, &format!("999{m}"))
            })
            .unwrap();
        let text = app.store.secrets.open_text(&sent[0].body).unwrap();
        assert!(text.contains(&code), "{text}");
        let raw = raw_database_bytes(&app);
        assert!(raw.len() > 4096, "the files were read: {} bytes", raw.len());
        let found = |needle: &[u8]| raw.windows(needle.len()).any(|w| w == needle);
        assert!(
            !found(text.as_bytes()),
            "the SMS text is in the database files"
        );
        // The code with the words around it, in case a page holds part of the text.
        let at = text.find(&code).unwrap();
        let around = &text[at.saturating_sub(6)..at + code.len()];
        assert!(
            !found(around.as_bytes()),
            "`{around}` is in the database files"
        );
    }
);

both_backends!(
    mobiles_and_security_codes_are_never_readable_in_the_database_files,
    |app| async move {
        let w = crate::citizen::world(&app);
        let c = login(&app).await;
        let person = c.add("Asha", "1980-05-17").await;
        let r = crate::citizen::book(&c, &w.harbour, &[&person]).await;
        assert_eq!(r.status(), reqwest::StatusCode::CREATED);
        let booked: serde_json::Value = r.json().await.unwrap();
        let code = booked["appointments"][0]["security_code"]
            .as_str()
            .unwrap()
            .to_string();
        let mobile = format!("999{}", c.mobile);
        // The confirmation SMS carries the code.
        let confirmation = app
            .store
            .read(|c| vaxkit_store::repo::outbox::for_recipient(c, &app.store.secrets, &mobile))
            .unwrap()
            .into_iter()
            .find(|m| m.message_id == "sms-appointment-booked")
            .unwrap()
            .body;
        assert!(confirmation.contains(&code), "{confirmation}");
        let raw = raw_database_bytes(&app);
        assert!(raw.len() > 4096, "the files were read: {} bytes", raw.len());
        let at = |needle: &[u8]| -> Vec<usize> {
            raw.windows(needle.len())
                .enumerate()
                .filter(|(_, w)| *w == needle)
                .map(|(i, _)| i)
                .collect()
        };
        assert!(
            at(mobile.as_bytes()).is_empty(),
            "the mobile number {mobile} is in the database files"
        );
        let i = confirmation.find(&code).unwrap();
        let around = &confirmation[i.saturating_sub(6)..i + code.len()];
        assert!(
            at(around.as_bytes()).is_empty(),
            "`{around}` of the confirmation SMS is in the database files"
        );
        // The appointment's row: the code followed by its status (SQLite puts the values side by
        // side, PostgreSQL a one-byte length before each).
        let in_row = at(code.as_bytes()).into_iter().any(|i| {
            [4, 5].iter().any(|gap| {
                raw.get(i + gap..i + gap + 6)
                    .is_some_and(|next| next == b"booked")
            })
        });
        assert!(
            !in_row,
            "the security code {code} is in the appointments row"
        );
    }
);
