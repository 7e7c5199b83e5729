//! OTP login: codes by SMS through the outbox, stored hashed, limited as the profile says.

use reqwest::StatusCode;
use serde_json::json;
use vaxkit_store::repo::otp;

use crate::citizen::{last_code, login, mobile, request_code};
use crate::helpers::assert_error;

both_backends!(
    a_code_logs_in_and_the_token_opens_the_account,
    |app| async move {
        let c = login(&app).await;
        let r = c.get("/api/v1/beneficiaries").await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.json::<serde_json::Value>().await.unwrap(), json!([]));
        // Logging out ends the token.
        assert_eq!(
            c.post("/api/v1/auth/logout", &json!({})).await.status(),
            StatusCode::NO_CONTENT
        );
        assert_error(
            c.get("/api/v1/beneficiaries").await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
    }
);

both_backends!(codes_are_stored_hashed, |app| async move {
    let m = mobile();
    let txn = request_code(&app, &m).await;
    let code = last_code(&app, &format!("999{m}"));
    let stored = app.store.read(move |c| otp::get(c, &txn)).unwrap().unwrap();
    assert_eq!(
        stored.mobile(&app.store.secrets).unwrap(),
        format!("999{m}")
    );
    assert!(
        !stored.mobile_sealed.contains(&m),
        "{}",
        stored.mobile_sealed
    );
    assert!(
        !stored.code_hash.contains(&code) && stored.code_hash.len() == 64,
        "{}",
        stored.code_hash
    );
});

both_backends!(
    numbers_in_other_forms_are_the_same_account,
    |app| async move {
        let m = mobile();
        request_code(&app, &format!("+999 {m}")).await;
        app.clock.advance(chrono::Duration::seconds(61));
        request_code(&app, &format!("0{m}")).await;
        let sent = app
            .store
            .read(|c| {
                vaxkit_store::repo::outbox::for_recipient(c, &app.store.secrets, &format!("999{m}"))
            })
            .unwrap();
        assert_eq!(sent.len(), 2);
    }
);

both_backends!(an_invalid_mobile_is_refused, |app| async move {
    for bad in ["12345", "5123456789", "abcdefghi", ""] {
        let r = app
            .post_json("/api/v1/auth/otp", &json!({ "mobile": bad }))
            .await;
        assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_mobile").await;
    }
});

both_backends!(wrong_codes_use_up_the_attempts, |app| async move {
    let m = mobile();
    let txn = request_code(&app, &m).await;
    let code = last_code(&app, &format!("999{m}"));
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..2 {
        let r = app
            .post_json(
                "/api/v1/auth/otp/confirm",
                &json!({ "txn_id": txn, "otp": wrong }),
            )
            .await;
        assert_error(r, StatusCode::BAD_REQUEST, "otp_invalid").await;
    }
    let r = app
        .post_json(
            "/api/v1/auth/otp/confirm",
            &json!({ "txn_id": txn, "otp": wrong }),
        )
        .await;
    assert_eq!(
        r.headers().get("retry-after").map(|v| v.to_str().unwrap()),
        Some("60"),
        "a new code may be asked for after the resend spacing"
    );
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "otp_attempts_exceeded").await;
    // Even the right code no longer works.
    let r = app
        .post_json(
            "/api/v1/auth/otp/confirm",
            &json!({ "txn_id": txn, "otp": code }),
        )
        .await;
    assert_error(r, StatusCode::TOO_MANY_REQUESTS, "otp_attempts_exceeded").await;
});

both_backends!(an_expired_or_used_code_is_refused, |app| async move {
    let m = mobile();
    let txn = request_code(&app, &m).await;
    let code = last_code(&app, &format!("999{m}"));
    app.clock.advance(chrono::Duration::seconds(181));
    let r = app
        .post_json(
            "/api/v1/auth/otp/confirm",
            &json!({ "txn_id": txn, "otp": code }),
        )
        .await;
    assert_error(r, StatusCode::GONE, "otp_expired").await;

    let txn = request_code(&app, &m).await;
    let code = last_code(&app, &format!("999{m}"));
    let ok = app
        .post_json(
            "/api/v1/auth/otp/confirm",
            &json!({ "txn_id": txn, "otp": code }),
        )
        .await;
    assert_eq!(ok.status(), StatusCode::OK);
    let again = app
        .post_json(
            "/api/v1/auth/otp/confirm",
            &json!({ "txn_id": txn, "otp": code }),
        )
        .await;
    assert_error(again, StatusCode::GONE, "otp_used").await;
    let unknown = app
        .post_json(
            "/api/v1/auth/otp/confirm",
            &json!({ "txn_id": "nope", "otp": code }),
        )
        .await;
    assert_error(unknown, StatusCode::BAD_REQUEST, "otp_invalid").await;
});

both_backends!(
    codes_are_spaced_and_capped_per_day,
    profile = |p| {
        p.otp.max_sends_per_day = 2;
        p.otp.resend_after_seconds = 60;
    },
    |app| async move {
        let m = mobile();
        request_code(&app, &m).await;
        let r = app
            .post_json("/api/v1/auth/otp", &json!({ "mobile": m }))
            .await;
        assert!(
            r.headers().get("retry-after").is_some(),
            "Retry-After is set"
        );
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "otp_resend_too_soon").await;
        app.clock.advance(chrono::Duration::seconds(60));
        request_code(&app, &m).await;
        app.clock.advance(chrono::Duration::seconds(60));
        let r = app
            .post_json("/api/v1/auth/otp", &json!({ "mobile": m }))
            .await;
        // The earliest of the day's codes leaves the 24-hour window 23 h 58 min 1 s from now.
        assert_eq!(
            r.headers().get("retry-after").map(|v| v.to_str().unwrap()),
            Some("86281")
        );
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "otp_daily_limit").await;
        app.clock.advance(chrono::Duration::seconds(86_280));
        let r = app
            .post_json("/api/v1/auth/otp", &json!({ "mobile": m }))
            .await;
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "otp_daily_limit").await;
        app.clock.advance(chrono::Duration::seconds(1));
        request_code(&app, &m).await;
    }
);

both_backends!(
    requests_per_mobile_are_rate_limited,
    profile = |p| {
        p.rate_limits.per_mobile_per_hour = 2;
        p.otp.resend_after_seconds = 0;
    },
    |app| async move {
        let m = mobile();
        request_code(&app, &m).await;
        request_code(&app, &m).await;
        let r = app
            .post_json("/api/v1/auth/otp", &json!({ "mobile": m }))
            .await;
        assert!(r.headers().get("retry-after").is_some());
        assert_error(r, StatusCode::TOO_MANY_REQUESTS, "rate_limited").await;
        // Another number is not affected.
        request_code(&app, &mobile()).await;
    }
);

both_backends!(an_idle_token_expires, |app| async move {
    let c = login(&app).await;
    app.clock.advance(chrono::Duration::minutes(14));
    assert_eq!(
        c.get("/api/v1/beneficiaries").await.status(),
        StatusCode::OK,
        "use keeps it alive"
    );
    app.clock.advance(chrono::Duration::minutes(14));
    assert_eq!(
        c.get("/api/v1/beneficiaries").await.status(),
        StatusCode::OK
    );
    app.clock.advance(chrono::Duration::minutes(16));
    // An expired login is told apart from an unknown one, however often it is sent.
    for _ in 0..2 {
        assert_error(
            c.get("/api/v1/beneficiaries").await,
            StatusCode::UNAUTHORIZED,
            "session_expired",
        )
        .await;
    }
    assert_error(
        app.get("/api/v1/beneficiaries").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
    let r = app
        .client
        .get(app.url("/api/v1/beneficiaries"))
        .bearer_auth("0123456789abcdef")
        .send()
        .await
        .unwrap();
    assert_error(r, StatusCode::UNAUTHORIZED, "unauthorized").await;
    // A login ended by logging out is simply unknown.
    let d = login(&app).await;
    assert_eq!(
        d.post("/api/v1/auth/logout", &serde_json::json!({}))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    assert_error(
        d.get("/api/v1/beneficiaries").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
    )
    .await;
});

// A citizen's token, once checked, is answered from memory for a few seconds and its last use
// written at most once a minute: a stream of requests is not a stream of writes. A login ended
// elsewhere (its row gone, as another node's logout leaves it) is refused once those seconds are
// over; a logout on this node, at once.
both_backends!(
    a_citizen_token_is_kept_briefly_and_written_once_a_minute,
    |app| async move {
        use vaxkit_core::token_cache::{TOKEN_CACHE_SECONDS, TOUCH_EVERY_SECONDS};
        let last_used = || {
            app.store
                .read(|c| {
                    use diesel::prelude::*;
                    use vaxkit_store::schema::auth_tokens;
                    auth_tokens::table
                        .select(auth_tokens::last_used_at)
                        .load::<chrono::NaiveDateTime>(c)
                        .map_err(vaxkit_store::StoreError::from)
                })
                .unwrap()
        };
        let c = login(&app).await;
        let logged_in = last_used();
        assert_eq!(logged_in.len(), 1);
        for _ in 0..3 {
            app.clock
                .advance(chrono::Duration::seconds(TOUCH_EVERY_SECONDS / 4));
            assert_eq!(
                c.get("/api/v1/beneficiaries").await.status(),
                StatusCode::OK
            );
        }
        assert_eq!(last_used(), logged_in, "not written within the minute");
        app.clock
            .advance(chrono::Duration::seconds(TOUCH_EVERY_SECONDS / 4 + 1));
        assert_eq!(
            c.get("/api/v1/beneficiaries").await.status(),
            StatusCode::OK
        );
        let touched = last_used();
        assert_eq!(
            touched,
            vec![app.clock.now().naive_utc()],
            "written once the minute is over"
        );

        // Ended elsewhere: the row goes, the memory of it holds for its seconds only.
        app.store
            .write(|c| {
                use diesel::prelude::*;
                diesel::delete(vaxkit_store::schema::auth_tokens::table)
                    .execute(c)
                    .map_err(vaxkit_store::StoreError::from)
            })
            .unwrap();
        assert_eq!(
            c.get("/api/v1/beneficiaries").await.status(),
            StatusCode::OK,
            "still held in memory"
        );
        app.clock
            .advance(chrono::Duration::seconds(TOKEN_CACHE_SECONDS + 1));
        assert_error(
            c.get("/api/v1/beneficiaries").await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;

        // Logged out here: refused at once, the clock not moved.
        let d = login(&app).await;
        assert_eq!(
            d.get("/api/v1/beneficiaries").await.status(),
            StatusCode::OK
        );
        assert_eq!(
            d.post("/api/v1/auth/logout", &json!({})).await.status(),
            StatusCode::NO_CONTENT
        );
        assert_error(
            d.get("/api/v1/beneficiaries").await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        )
        .await;
    }
);

both_backends!(malformed_requests_get_clear_codes, |app| async move {
    let r = app
        .post_raw(
            "/api/v1/auth/otp",
            "application/json",
            b"{\"mobile\": ".to_vec(),
        )
        .await;
    assert_error(r, StatusCode::BAD_REQUEST, "invalid_json").await;
    let r = app
        .post_raw(
            "/api/v1/auth/otp",
            "text/plain",
            b"mobile=712345678".to_vec(),
        )
        .await;
    assert_error(
        r,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    )
    .await;
    let huge = format!("{{\"mobile\": \"{}\"}}", "7".repeat(200_000));
    let r = app
        .post_raw("/api/v1/auth/otp", "application/json", huge.into_bytes())
        .await;
    assert_error(r, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large").await;
    let r = app
        .post_json("/api/v1/auth/otp", &json!({ "mobile": 712345678 }))
        .await;
    let msg = assert_error(r, StatusCode::BAD_REQUEST, "invalid_field").await;
    assert_eq!(msg, "The field “mobile” must be text.");
    let r = app
        .post_json(
            "/api/v1/auth/otp",
            &json!({ "mobile": "712345678", "admin": true }),
        )
        .await;
    let msg = assert_error(r, StatusCode::BAD_REQUEST, "unknown_field").await;
    assert!(msg.contains("admin"), "{msg}");
});
