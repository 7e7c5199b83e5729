//! Staff accounts: Argon2id passwords, login for a token, and roles that reach only their
//! own region or facility.

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use vaxkit_core::staff::{self, NewStaff};
use vaxkit_core::{Actor, Role};

use crate::citizen::{login, world};
use crate::helpers::{TestApp, assert_error};

pub const PASSWORD: &str = "long enough password";

/// Creates a staff member through the core, acting as the operator (as `vaxkit user add`
/// does).
pub fn seed_staff(
    app: &TestApp,
    username: &str,
    role: &str,
    region: Option<&str>,
    facility: Option<&str>,
) {
    let new = NewStaff {
        username: username.into(),
        name: format!("{username} name"),
        password: PASSWORD.into(),
        role: Role::parse(role).unwrap(),
        region: region.map(Into::into),
        facility: facility.map(Into::into),
    };
    staff::create(&app.core, &Actor::Cli, new, app.clock.now()).unwrap();
}

/// The actor of a staff member seeded with [`seed_staff`], logged in through the core.
pub fn staff_actor(app: &TestApp, username: &str) -> Actor {
    let now = app.clock.now();
    let login = staff::login(&app.core, username, PASSWORD, now).unwrap();
    Actor::Staff(staff::authenticate(&app.core, &login.token, now).unwrap())
}

/// A logged-in staff member.
pub struct StaffClient<'a> {
    pub app: &'a TestApp,
    pub token: String,
}

impl StaffClient<'_> {
    pub async fn get(&self, path: &str) -> Response {
        self.app
            .client
            .get(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }

    pub async fn patch(&self, path: &str, body: &Value) -> Response {
        self.app
            .client
            .patch(self.app.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn post(&self, path: &str, body: &Value) -> Response {
        self.app
            .client
            .post(self.app.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .unwrap()
    }
}

/// Logs a staff member in.
pub async fn staff_login<'a>(app: &'a TestApp, username: &str) -> StaffClient<'a> {
    let r = app
        .post_json(
            "/api/v1/staff/login",
            &json!({ "username": username, "password": PASSWORD }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let body: Value = r.json().await.unwrap();
    StaffClient {
        app,
        token: body["token"].as_str().unwrap().to_string(),
    }
}

fn user(username: &str, role: &str, region: Option<&str>, facility: Option<&str>) -> Value {
    json!({ "username": username, "name": "New Person", "password": PASSWORD, "role": role, "region": region, "facility": facility })
}

both_backends!(staff_log_in_with_a_password, |app| async move {
    seed_staff(&app, "admin", "national_admin", None, None);
    let admin = staff_login(&app, "admin").await;
    let me: Value = admin.get("/api/v1/staff/me").await.json().await.unwrap();
    assert_eq!(me["role"], "national_admin");
    assert!(me.get("password_hash").is_none());
    for (username, password) in [("admin", "wrong password here"), ("nobody", PASSWORD)] {
        let r = app
            .post_json(
                "/api/v1/staff/login",
                &json!({ "username": username, "password": password }),
            )
            .await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
    }
    let stored = app
        .store
        .read(|c| vaxkit_store::repo::staff::by_username(c, "admin"))
        .unwrap()
        .unwrap();
    assert!(
        stored.password_hash.starts_with("$argon2id$"),
        "{}",
        stored.password_hash
    );
    // A citizen's token opens nothing on the staff side.
    let citizen = login(&app).await;
    let r = app
        .client
        .get(app.url("/api/v1/staff/me"))
        .bearer_auth(&citizen.token)
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // An idle staff login expires.
    app.clock.advance(chrono::Duration::minutes(121));
    assert_error(
        admin.get("/api/v1/staff/me").await,
        StatusCode::UNAUTHORIZED,
        "session_expired",
    )
    .await;
});

both_backends!(a_region_admin_manages_only_its_region, |app| async move {
    world(&app);
    seed_staff(&app, "admin", "national_admin", None, None);
    let admin = staff_login(&app, "admin").await;
    let r = admin
        .post(
            "/api/v1/staff/users",
            &user("north", "region_admin", Some("XX-N"), None),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let r = admin
        .post(
            "/api/v1/staff/users",
            &user("capital-vax", "vaccinator", None, Some("CAPITAL")),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);

    let north = staff_login(&app, "north").await;
    let r = north
        .post(
            "/api/v1/staff/users",
            &user("harbour-admin", "facility_admin", None, Some("HARBOUR")),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "HARBOUR is in XX-N-01, under XX-N"
    );
    let r = north
        .post(
            "/api/v1/staff/users",
            &user("sneaky", "vaccinator", None, Some("CAPITAL")),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = north
        .post(
            "/api/v1/staff/users",
            &user("south", "region_admin", Some("XX-S"), None),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let r = north
        .post(
            "/api/v1/staff/users",
            &user("boss", "national_admin", None, None),
        )
        .await;
    assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
    let listed: Value = north.get("/api/v1/staff/users").await.json().await.unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["username"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["harbour-admin", "north"],
        "another region's vaccinator stays hidden"
    );
});

both_backends!(
    a_facility_admin_adds_vaccinators_to_its_facility_only,
    |app| async move {
        world(&app);
        seed_staff(
            &app,
            "harbour-admin",
            "facility_admin",
            None,
            Some("HARBOUR"),
        );
        let fa = staff_login(&app, "harbour-admin").await;
        let r = fa
            .post(
                "/api/v1/staff/users",
                &user("vax1", "vaccinator", None, Some("HARBOUR")),
            )
            .await;
        assert_eq!(r.status(), StatusCode::CREATED);
        let r = fa
            .post(
                "/api/v1/staff/users",
                &user("vax2", "vaccinator", None, Some("HILL")),
            )
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        let r = fa
            .post(
                "/api/v1/staff/users",
                &user("fa2", "facility_admin", None, Some("HARBOUR")),
            )
            .await;
        assert_error(r, StatusCode::FORBIDDEN, "forbidden").await;
        let vax = staff_login(&app, "vax1").await;
        assert_error(
            vax.get("/api/v1/staff/users").await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert_error(
            vax.post(
                "/api/v1/staff/users",
                &user("x", "vaccinator", None, Some("HARBOUR")),
            )
            .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
    }
);

both_backends!(new_accounts_are_checked, |app| async move {
    seed_staff(&app, "admin", "national_admin", None, None);
    let admin = staff_login(&app, "admin").await;
    let mut weak = user("weak", "auditor", None, None);
    weak["password"] = json!("short");
    assert_error(
        admin.post("/api/v1/staff/users", &weak).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "weak_password",
    )
    .await;
    let msg = assert_error(
        admin
            .post(
                "/api/v1/staff/users",
                &user("region1", "region_admin", None, None),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_scope",
    )
    .await;
    assert!(msg.contains("needs a region"), "{msg}");
    assert_error(
        admin
            .post(
                "/api/v1/staff/users",
                &user("bad name!", "auditor", None, None),
            )
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_username",
    )
    .await;
    assert_error(
        admin
            .post("/api/v1/staff/users", &user("admin", "auditor", None, None))
            .await,
        StatusCode::CONFLICT,
        "username_taken",
    )
    .await;
    assert_error(
        admin
            .post(
                "/api/v1/staff/users",
                &user("vax9", "vaccinator", None, Some("NOWHERE")),
            )
            .await,
        StatusCode::NOT_FOUND,
        "facility_not_found",
    )
    .await;
    assert_error(
        admin
            .post("/api/v1/staff/users", &user("rooty", "root", None, None))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
    )
    .await;
});

/// `POST /staff/login` from a client address.
async fn login_from(app: &TestApp, ip: &str, username: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/staff/login"))
        .header("X-Forwarded-For", ip)
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap()
}

both_backends!(
    wrong_passwords_from_one_address_do_not_lock_the_staff_member_out,
    |app| async move {
        seed_staff(&app, "vax", "national_admin", None, None);
        // The staff member's own phone logged in before.
        let r = login_from(&app, "10.0.0.1", "vax", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        // Anyone on the internet sends 40 wrong passwords for that username.
        let mut refused = 0;
        for _ in 0..40 {
            let r = login_from(&app, "203.0.113.9", "vax", "not the password!").await;
            match r.status() {
                StatusCode::UNAUTHORIZED => {}
                StatusCode::TOO_MANY_REQUESTS => {
                    assert!(r.headers().get("retry-after").is_some());
                    refused += 1;
                }
                other => panic!("{other}"),
            }
        }
        assert!(refused > 0, "the guesser is slowed down");
        // Even the right password waits at the guesser's address...
        let r = login_from(&app, "203.0.113.9", "vax", PASSWORD).await;
        let wait: i64 = r.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        assert!(wait <= vaxkit_core::lockout::MAX_BACKOFF_SECONDS, "{wait}");
        // ...but not from the staff member's phone, nor from a new address.
        let r = login_from(&app, "10.0.0.1", "vax", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        let r = login_from(&app, "198.51.100.4", "vax", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        // And the guesser's wait is bounded: after it, the right password works there too.
        app.clock.advance(chrono::Duration::seconds(
            vaxkit_core::lockout::MAX_BACKOFF_SECONDS,
        ));
        let r = login_from(&app, "203.0.113.9", "vax", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
    }
);

both_backends!(
    a_password_hashed_at_the_former_cost_is_hashed_again_at_login,
    |app| async move {
        use argon2::password_hash::{PasswordHasher, SaltString, rand_core::OsRng};
        use vaxkit_store::repo::staff as repo;
        seed_staff(&app, "oldhash", "national_admin", None, None);
        // The hash every password had before: the crate's default cost, 19 MiB and two passes.
        let old = argon2::Argon2::default()
            .hash_password(PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        let stored = |app: &TestApp| {
            app.core
                .store
                .read(|c| repo::by_username(c, "oldhash"))
                .unwrap()
                .unwrap()
                .password_hash
        };
        let id = app
            .core
            .store
            .read(|c| repo::by_username(c, "oldhash"))
            .unwrap()
            .unwrap()
            .id;
        app.core
            .store
            .write(|c| repo::set_password_hash(c, id, &old))
            .unwrap();
        assert!(staff::hashed_at_another_cost(&stored(&app)));
        // A wrong password changes nothing.
        let r = login_from(&app, "10.0.0.3", "oldhash", "not the password!").await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        assert_eq!(stored(&app), old);
        let r = login_from(&app, "10.0.0.3", "oldhash", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        let new = stored(&app);
        assert_ne!(new, old);
        assert!(!staff::hashed_at_another_cost(&new), "{new}");
        assert!(staff::verify_password(PASSWORD, &new));
        let r = login_from(&app, "10.0.0.3", "oldhash", PASSWORD).await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(stored(&app), new, "hashed again once");
    }
);

both_backends!(
    an_unknown_username_costs_a_password_check,
    |app| async move {
        seed_staff(&app, "vax", "national_admin", None, None);
        let checks = || app.core.logins.password_checks();
        let before = checks();
        let r = login_from(&app, "10.0.0.2", "nobody-here", PASSWORD).await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        assert_eq!(
            checks(),
            before + 1,
            "an unknown username is checked like a known one"
        );
        let r = login_from(&app, "10.0.0.2", "vax", "not the password!").await;
        assert_error(r, StatusCode::UNAUTHORIZED, "invalid_credentials").await;
        assert_eq!(checks(), before + 2);
    }
);
