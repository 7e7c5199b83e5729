//! The command line and the API are two front ends over the same use case: `vaxkit user add`
//! and `POST /api/v1/staff/users` refuse the same bad input with the same code and message, and
//! write the same audit record, on SQLite and on PostgreSQL.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic
)]

mod common;

use serde_json::{Value, json};
use vaxkit_i18n::Locales;
use vaxkit_server::{Application, Clock, ServerConfig};
use vaxkit_store::{Secrets, Store};
use vaxkit_testkit::{TestDatabase, both_backends};

const PASSWORD: &str = "a long enough password";

/// A staff account to make: username, role, region, facility, password.
type Account<'a> = (&'a str, &'a str, Option<&'a str>, Option<&'a str>, &'a str);

/// `vaxkit user add` on the database, with `password`.
fn user_add(
    db: &str,
    username: &str,
    role: &str,
    extra: &[&str],
    password: &str,
) -> std::process::Output {
    let mut args = vec![
        "user",
        "add",
        "--database",
        db,
        "--username",
        username,
        "--name",
        "A Person",
        "--role",
        role,
    ];
    args.extend(extra);
    common::command(&args)
        .env("VAXKIT_USER_PASSWORD", password)
        .output()
        .unwrap()
}

/// The API on the same database, with the example profile.
async fn serve(database: &TestDatabase) -> String {
    let dir = common::root().join("country-profiles/example");
    let options = vaxkit_profile::LoadOptions {
        known_languages: Some(Locales::available_languages(Some(&dir))),
    };
    let profile = vaxkit_profile::load(&dir, &options).unwrap();
    let locales = Locales::load(Some(&dir), &profile.country.languages).unwrap();
    let store = Store::open(&database.url, Secrets::from_master(&[3; 32]), 2).unwrap();
    let app = Application::build(ServerConfig {
        profile,
        locales,
        store,
        bind: "127.0.0.1:0".into(),
        clock: Clock::system(),
        trusted_proxies: vec![],
        certificates: None,
        inbound_sms_secret: None,
    })
    .unwrap();
    let address = format!("http://127.0.0.1:{}", app.port());
    drop(tokio::spawn(app.run_until_stopped()));
    address
}

both_backends!(
    staff_accounts_are_refused_and_recorded_alike,
    async |backend| async move {
        let database = TestDatabase::create(backend);
        let db = database.url_text();
        let o = user_add(&db, "admin", "national_admin", &[], PASSWORD);
        assert!(o.status.success(), "{}", common::stderr(&o));
        let address = serve(&database).await;
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let login: Value = client
            .post(format!("{address}/api/v1/staff/login"))
            .json(&json!({ "username": "admin", "password": PASSWORD }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let token = login["token"].as_str().unwrap().to_string();
        let api = |body: Value| {
            let request = client
                .post(format!("{address}/api/v1/staff/users?lang=en"))
                .bearer_auth(&token)
                .json(&body);
            async move {
                let r = request.send().await.unwrap();
                (r.status(), r.json::<Value>().await.unwrap())
            }
        };

        // Each account, and the code both must answer.
        let cases: [(Account, &str); 6] = [
            (
                ("bad name", "auditor", None, None, PASSWORD),
                "invalid_username",
            ),
            (("weak", "auditor", None, None, "short"), "weak_password"),
            (
                ("north", "region_admin", None, None, PASSWORD),
                "invalid_scope",
            ),
            (
                ("nowhere", "region_admin", Some("XX-Q"), None, PASSWORD),
                "invalid_scope",
            ),
            (
                ("vax", "vaccinator", None, Some("NOWHERE"), PASSWORD),
                "facility_not_found",
            ),
            (("admin", "auditor", None, None, PASSWORD), "username_taken"),
        ];
        for ((username, role, region, facility, password), code) in cases {
            let mut extra = Vec::new();
            if let Some(r) = region {
                extra.extend(["--region", r]);
            }
            if let Some(f) = facility {
                extra.extend(["--facility", f]);
            }
            let o = user_add(&db, username, role, &extra, password);
            assert_eq!(o.status.code(), Some(1), "{username}: the CLI accepted it");
            let (status, body) = api(json!({
                "username": username, "name": "A Person", "password": password,
                "role": role, "region": region, "facility": facility,
            }))
            .await;
            assert!(status.is_client_error(), "{username}: {status} {body}");
            assert_eq!(body["error"]["code"], code, "{username}: {body}");
            let message = body["error"]["message"].as_str().unwrap();
            let expected = format!("error: {message} [{code}]");
            let printed = common::stderr(&o);
            assert_eq!(printed.trim_end(), expected, "{username}");
        }

        // The same account made both ways: the same audit record but for who made it.
        let o = user_add(&db, "clerk-cli", "auditor", &["--region", "XX-N"], PASSWORD);
        assert!(o.status.success(), "{}", common::stderr(&o));
        let (status, body) = api(json!({
            "username": "clerk-api", "name": "A Person", "password": PASSWORD,
            "role": "auditor", "region": "XX-N",
        }))
        .await;
        assert_eq!(status, 201, "{body}");
        let audit = |reference: &str| {
            let request = client
                .get(format!(
                    "{address}/api/v1/audit?entity=staff&reference={reference}"
                ))
                .bearer_auth(&token);
            async move {
                let list: Value = request.send().await.unwrap().json().await.unwrap();
                assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
                list[0].clone()
            }
        };
        let (by_cli, by_api) = (audit("clerk-cli").await, audit("clerk-api").await);
        assert_eq!(by_cli["actor"], "cli");
        assert_eq!(by_api["actor"], "staff:admin");
        for field in ["action", "entity", "before"] {
            assert_eq!(by_cli[field], by_api[field], "{field}");
        }
        assert_eq!(by_cli["action"], "staff.create");
        let after = |entry: &Value| -> Value {
            let mut after: Value = serde_json::from_str(entry["after"].as_str().unwrap()).unwrap();
            after["username"] = json!("clerk");
            after
        };
        assert_eq!(after(&by_cli), after(&by_api));
        assert_eq!(after(&by_cli)["role"], "auditor");
        assert_eq!(after(&by_cli)["region"], "XX-N");
    }
);
