//! Registering people: checks from the profile, the per-account limit, identity numbers
//! registered once anywhere, corrections once each with an audit trail, removal.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::audit;

use crate::citizen::{login, national_id, new_person};
use crate::helpers::assert_error;

both_backends!(add_list_and_see_only_a_masked_number, |app| async move {
    let c = login(&app).await;
    let id = national_id();
    let typed = format!("{}-{} {}", &id[..3], &id[3..6], &id[6..]);
    let r = c
        .post(
            "/api/v1/beneficiaries",
            &new_person("Asha  Rao", "1980-05-17", &typed),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["name"], "Asha Rao");
    assert_eq!(b["birth_year"], 1980);
    assert_eq!(b["id_masked"], format!("XXXXXX{}", &id[6..]));
    assert_eq!(
        b["corrections_left"],
        json!(["name", "birth", "gender", "latin_name"])
    );
    let list: Value = c.get("/api/v1/beneficiaries").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(
        !list.to_string().contains(&id),
        "the full number never leaves the server"
    );
});

both_backends!(
    the_account_limit_holds,
    profile = |p| p.registration.max_beneficiaries_per_account = 2,
    |app| async move {
        let c = login(&app).await;
        c.add("One", "1980-01-01").await;
        c.add("Two", "1981-01-01").await;
        let r = c
            .post(
                "/api/v1/beneficiaries",
                &new_person("Three", "1982-01-01", &national_id()),
            )
            .await;
        let msg = assert_error(r, StatusCode::CONFLICT, "beneficiary_limit_reached").await;
        assert!(msg.contains('2'), "{msg}");
    }
);

both_backends!(
    an_identity_number_is_registered_once_anywhere,
    |app| async move {
        let id = national_id();
        let a = login(&app).await;
        assert_eq!(
            a.post("/api/v1/beneficiaries", &new_person("A", "1980-01-01", &id))
                .await
                .status(),
            StatusCode::CREATED
        );
        let b = login(&app).await;
        let r = b
            .post(
                "/api/v1/beneficiaries",
                &new_person("B", "1980-01-01", &format!(" {id} ")),
            )
            .await;
        assert_error(r, StatusCode::CONFLICT, "duplicate_id_number").await;
    }
);

both_backends!(invalid_input_is_refused_with_a_reason, |app| async move {
    let c = login(&app).await;
    let id = national_id();
    let last = id.chars().last().unwrap().to_digit(10).unwrap();
    let wrong = format!("{}{}", &id[..9], (last + 1) % 10);
    let r = c
        .post(
            "/api/v1/beneficiaries",
            &new_person("A", "1980-01-01", &wrong),
        )
        .await;
    let msg = assert_error(r, StatusCode::UNPROCESSABLE_ENTITY, "invalid_id_number").await;
    assert!(msg.contains("check digit"), "{msg}");
    let cases = [
        (
            json!({"name": "A", "birth_year": 1980, "gender": "female", "id_scheme": "national-id", "id_number": id}),
            "birth_date_required",
        ),
        (
            json!({"name": "A", "birth_date": "2999-01-01", "gender": "female", "id_scheme": "national-id", "id_number": id}),
            "invalid_birth",
        ),
        (
            json!({"name": "A", "birth_date": "1980-02-30", "gender": "female", "id_scheme": "national-id", "id_number": id}),
            "invalid_birth",
        ),
        (
            json!({"name": " ", "birth_date": "1980-01-01", "gender": "female", "id_scheme": "national-id", "id_number": id}),
            "invalid_name",
        ),
        (
            json!({"name": "A", "birth_date": "1980-01-01", "gender": "x", "id_scheme": "national-id", "id_number": id}),
            "invalid_gender",
        ),
        (
            json!({"name": "A", "birth_date": "1980-01-01", "gender": "male", "id_scheme": "voter", "id_number": id}),
            "unknown_id_scheme",
        ),
        (
            json!({"name": "A", "birth_date": "1980-01-01", "gender": "male", "id_scheme": "national-id", "id_number": id, "language": "de"}),
            "invalid_language",
        ),
    ];
    for (body, code) in cases {
        assert_error(
            c.post("/api/v1/beneficiaries", &body).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            code,
        )
        .await;
    }
    let mut extra = new_person("A", "1980-01-01", &id);
    extra["vip"] = json!(true);
    assert_error(
        c.post("/api/v1/beneficiaries", &extra).await,
        StatusCode::BAD_REQUEST,
        "unknown_field",
    )
    .await;
    let wrong_type = json!({"name": 5, "birth_date": "1980-01-01", "gender": "male", "id_scheme": "national-id", "id_number": id});
    // A value of the wrong type names the field and what it must be.
    let msg = assert_error(
        c.post("/api/v1/beneficiaries", &wrong_type).await,
        StatusCode::BAD_REQUEST,
        "invalid_field",
    )
    .await;
    assert!(msg.contains("“name”") && msg.contains("text"), "{msg}");
    // An unknown gender lists the profile's.
    let bad_gender = json!({"name": "A", "birth_date": "1980-01-01", "gender": "x", "id_scheme": "national-id", "id_number": id});
    let msg = assert_error(
        c.post("/api/v1/beneficiaries", &bad_gender).await,
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_gender",
    )
    .await;
    for gender in &app.profile.registration.genders {
        assert!(msg.contains(gender.as_str()), "{msg}");
    }
});

both_backends!(each_field_is_corrected_once_and_audited, |app| async move {
    let c = login(&app).await;
    let reference = c.add("Asha", "1980-05-17").await;
    let path = format!("/api/v1/beneficiaries/{reference}");
    let r = c.patch(&path, &json!({ "name": "Asha Rao" })).await;
    assert_eq!(r.status(), StatusCode::OK);
    let b: Value = r.json().await.unwrap();
    assert_eq!(b["name"], "Asha Rao");
    assert_eq!(
        b["corrections_left"],
        json!(["birth", "gender", "latin_name"])
    );
    let msg = assert_error(
        c.patch(&path, &json!({ "name": "Someone Else" })).await,
        StatusCode::CONFLICT,
        "already_corrected",
    )
    .await;
    assert!(msg.contains("name"), "{msg}");
    // The language is a preference, not a correction.
    assert_eq!(
        c.patch(&path, &json!({ "language": "ar" })).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        c.patch(&path, &json!({ "language": "fr" })).await.status(),
        StatusCode::OK
    );
    assert_error(
        c.patch(&path, &json!({})).await,
        StatusCode::BAD_REQUEST,
        "nothing_to_change",
    )
    .await;
    let log = app
        .store
        .read(move |conn| audit::for_entity(conn, "beneficiary", &reference))
        .unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "beneficiary.create",
            "beneficiary.correct",
            "beneficiary.correct",
            "beneficiary.correct"
        ]
    );
    assert!(log[1].before.as_deref().unwrap().contains("\"Asha\""));
    assert!(log[1].after.as_deref().unwrap().contains("\"Asha Rao\""));
});

both_backends!(nobody_touches_another_accounts_people, |app| async move {
    let owner = login(&app).await;
    let reference = owner.add("Asha", "1980-05-17").await;
    let other = login(&app).await;
    let path = format!("/api/v1/beneficiaries/{reference}");
    assert_error(
        other.patch(&path, &json!({ "name": "X" })).await,
        StatusCode::NOT_FOUND,
        "beneficiary_not_found",
    )
    .await;
    assert_error(
        other.delete(&path).await,
        StatusCode::NOT_FOUND,
        "beneficiary_not_found",
    )
    .await;
    let list: Value = other
        .get("/api/v1/beneficiaries")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list, json!([]));
    assert_eq!(
        owner
            .get("/api/v1/beneficiaries")
            .await
            .json::<Value>()
            .await
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
});

both_backends!(removal_only_without_a_recorded_dose, |app| async move {
    let c = login(&app).await;
    let keep = c.add("Vaccinated", "1980-05-17").await;
    let gone = c.add("Not yet", "1981-05-17").await;
    crate::citizen::give(&app, &keep, 1, "comirnaty", "2021-06-01");
    assert_error(
        c.delete(&format!("/api/v1/beneficiaries/{keep}")).await,
        StatusCode::CONFLICT,
        "beneficiary_has_doses",
    )
    .await;
    assert_eq!(
        c.delete(&format!("/api/v1/beneficiaries/{gone}"))
            .await
            .status(),
        StatusCode::NO_CONTENT
    );
    let list: Value = c.get("/api/v1/beneficiaries").await.json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["doses"][0]["vaccine"], "comirnaty");
});

both_backends!(
    an_identity_number_in_other_scripts_digits_is_the_same_number,
    |app| async move {
        let number = national_id();
        // The same number typed on a phone set to Hindi, then to Arabic.
        let devanagari: String = number
            .chars()
            .map(|c| char::from_u32(0x0966 + c.to_digit(10).unwrap()).unwrap())
            .collect();
        let arabic: String = number
            .chars()
            .map(|c| char::from_u32(0x0660 + c.to_digit(10).unwrap()).unwrap())
            .collect();
        let c = login(&app).await;
        let r = c
            .post(
                "/api/v1/beneficiaries",
                &new_person("Asha Rao", "1980-05-17", &devanagari),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let body: Value = r.json().await.unwrap();
        let last4: String = number.chars().skip(number.len() - 4).collect();
        assert!(
            body["id_masked"].as_str().unwrap().ends_with(&last4),
            "masked in ASCII digits: {body}"
        );
        for typed in [arabic, number] {
            assert_error(
                c.post(
                    "/api/v1/beneficiaries",
                    &new_person("Asha Rao", "1980-05-17", &typed),
                )
                .await,
                StatusCode::CONFLICT,
                "duplicate_id_number",
            )
            .await;
        }
    }
);
