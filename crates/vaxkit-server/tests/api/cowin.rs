//! The Co-WIN-compatible facade under `/api/v2`, on the India profile: the shape of every
//! endpoint's answer (every field name and JSON type of Co-WIN's published API) in a reviewed
//! snapshot (`snapshots/`), Co-WIN's formats of dates, slots and ids, and a client that knows
//! only Co-WIN's paths and fields (`india_client`).

use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use vaxkit_profile::checksum::Checksum;
use vaxkit_store::repo::outbox;

use crate::citizen::day;
use crate::helpers::TestApp;

/// The values of a flat session of `findBy*` in Co-WIN's formats.
#[track_caller]
fn flat_session_values(v: &Value) {
    session_values(v);
}

/// The values of a centre of `calendarBy*` and its sessions in Co-WIN's formats.
#[track_caller]
fn calendar_centre_values(v: &Value) {
    for s in v["sessions"].as_array().unwrap() {
        session_values(s);
    }
    assert!(
        ["Free", "Paid"].contains(&v["fee_type"].as_str().unwrap()),
        "{v}"
    );
}

/// Values in Co-WIN's formats: dates `dd-mm-yyyy`, slots `09:00AM-11:00AM`, ids as UUIDs.
#[track_caller]
fn session_values(v: &Value) {
    let date = v["date"].as_str().unwrap();
    assert!(
        chrono::NaiveDate::parse_from_str(date, "%d-%m-%Y").is_ok(),
        "{date}"
    );
    for slot in v["slots"].as_array().unwrap() {
        let slot = slot.as_str().unwrap();
        assert!(
            slot.len() == 15 && (slot.contains("AM-") || slot.contains("PM-")),
            "{slot}"
        );
    }
    assert_uuid(v["session_id"].as_str().unwrap());
}

#[track_caller]
fn assert_uuid(id: &str) {
    let parts: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12], "{id}");
    assert!(
        id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()),
        "{id}"
    );
}

/// Asserts a Co-WIN error answer and returns its message.
async fn cowin_error(response: Response, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    assert_shape!("cowin-error", &body);
    assert_eq!(body["errorCode"], code, "{body}");
    let message = body["error"].as_str().unwrap().to_string();
    assert!(!message.is_empty(), "{body}");
    message
}

/// Centres and sessions in Pune (PIN 411001) and Ernakulam (PIN 682011). Pune General Hospital
/// has free Covishield sessions (doses 1-2) on 2 June (10 places), 5 June (1 place) and 9 June
/// (outside a calendar from 1 June); Ruby Clinic (same PIN) has paid Covaxin (250 rupees, ages
/// 18-44) on 2 June; Kochi Hospital has no sessions.
struct World {
    /// The 2 June session at Pune General Hospital.
    pune_free: String,
    /// Key of Pune General Hospital.
    pune_centre: i64,
    /// Key of a centre in Ernakulam without sessions.
    kochi_centre: i64,
}

fn india_world(app: &TestApp) -> World {
    use vaxkit_core::Actor;
    use vaxkit_core::facilities::{self, FacilityInput};
    use vaxkit_core::planning::{self, Plan};
    let core = &app.core;
    let now = app.clock.now();
    let facility = |code: &str, name: &str, region: &str, postal: &str| {
        let input = FacilityInput {
            code: code.into(),
            name: name.into(),
            address: format!("{name}, Main Road"),
            region: region.into(),
            postal_code: Some(postal.into()),
            latitude: Some(18.52),
            longitude: Some(73.85),
        };
        facilities::create(core, &Actor::Cli, input, now).unwrap();
        // Co-WIN's centre ids are the rows' keys.
        app.store
            .read(|c| vaxkit_store::repo::facilities::by_code(c, code))
            .unwrap()
            .unwrap()
            .0
            .id
    };
    let pune = facility("PUNE-GH", "Pune General Hospital", "IN-MH-PUNE", "411001");
    facility("PUNE-RUBY", "Ruby Clinic", "IN-MH-PUNE", "411001");
    let kochi = facility("KOCHI-GH", "Kochi Hospital", "IN-KL-ERNAKULAM", "682011");
    // As many places kept for walk-ins as offered online.
    let session =
        |facility: &str, date: &str, vaccine: &str, places: i64, max_age: Option<i64>, fee: i64| {
            let plan = Plan {
                facility: facility.into(),
                from: day(date),
                until: day(date),
                vaccine: vaccine.into(),
                doses: vec![1, 2],
                min_age: 18,
                max_age,
                capacity: places * 2,
                walk_in_share: Some(0.5),
                slots: vec!["09:00-11:00".into(), "11:00-13:00".into()],
                fee: Some(fee),
            };
            planning::plan(core, &Actor::Cli, &plan, now)
                .unwrap()
                .remove(0)
                .session_id
        };
    let pune_free = session("PUNE-GH", "2021-06-02", "covishield", 10, None, 0);
    session("PUNE-GH", "2021-06-05", "covishield", 1, None, 0);
    session("PUNE-GH", "2021-06-09", "covishield", 10, None, 0);
    session("PUNE-RUBY", "2021-06-02", "covaxin", 10, Some(44), 25_000);
    World {
        pune_free,
        pune_centre: pune,
        kochi_centre: kochi,
    }
}

/// `GET` and the JSON body, asserting 200.
async fn get_ok(app: &TestApp, path: &str) -> Value {
    let r = app.get(path).await;
    assert_eq!(
        r.status(),
        StatusCode::OK,
        "{path}: {}",
        r.text().await.unwrap()
    );
    r.json().await.unwrap()
}

/// The id of the entry named `name` in a Co-WIN list.
fn id_named(list: &Value, key: &str, name_key: &str, id_key: &str, name: &str) -> i64 {
    list[key]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e[name_key] == name)
        .unwrap_or_else(|| panic!("{name} not in {list}"))[id_key]
        .as_i64()
        .unwrap()
}

/// A fresh Indian mobile number (10 digits, starting 9).
fn indian_mobile() -> String {
    format!("9{}", vaxkit_store::repo::random_digits(9))
}

/// A fresh, valid Aadhaar number (Verhoeff check digit).
fn aadhaar() -> String {
    let payload = format!("5{}", vaxkit_store::repo::random_digits(10));
    format!(
        "{payload}{}",
        Checksum::Verhoeff.check_digits(&payload).unwrap()
    )
}

/// The login code last sent to an Indian number, from the outbox.
fn code_sent_to(app: &TestApp, mobile: &str) -> String {
    let sent = app
        .store
        .read(|c| outbox::for_recipient(c, &app.store.secrets, &format!("91{mobile}")))
        .unwrap();
    let body = &sent
        .iter()
        .rev()
        .find(|m| m.message_id == "sms-otp")
        .expect("a code was sent")
        .body;
    // Login codes wait in the outbox sealed with the server key.
    let body = app.store.secrets.open_text(body).unwrap();
    body.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .expect("the SMS holds the code")
        .to_string()
}

/// SHA-256 of a text as lower-case hex, as Co-WIN clients send the login code.
fn sha256_hex(text: &str) -> String {
    vaxkit_store::keys::token_hash(text)
}

/// Logs in through `/api/v2` and returns the bearer token.
async fn cowin_login(app: &TestApp) -> String {
    let mobile = indian_mobile();
    let r = app
        .post_json(
            "/api/v2/auth/public/generateOTP",
            &json!({ "mobile": mobile }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let txn: Value = r.json().await.unwrap();
    let otp = sha256_hex(&code_sent_to(app, &mobile));
    let r = app
        .post_json(
            "/api/v2/auth/public/confirmOTP",
            &json!({ "otp": otp, "txnId": txn["txnId"] }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK);
    let token: Value = r.json().await.unwrap();
    token["token"].as_str().unwrap().to_string()
}

async fn authed_get(app: &TestApp, token: &str, path: &str) -> Response {
    app.client
        .get(app.url(path))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
}

async fn authed_post(app: &TestApp, token: &str, path: &str, body: &Value) -> Response {
    app.client
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .unwrap()
}

/// Registers a person through `/api/v2` and returns the reference.
async fn register(app: &TestApp, token: &str, name: &str, birth_year: &str) -> String {
    let r = authed_post(
        app,
        token,
        "/api/v2/registration/beneficiary/new",
        &json!({
            "name": name, "birth_year": birth_year, "gender_id": 1, "photo_id_type": 1,
            "photo_id_number": aadhaar(), "comorbidity_ind": "N", "consent_version": "1",
        }),
    )
    .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let body: Value = r.json().await.unwrap();
    assert_shape!("cowin-registered", &body);
    body["beneficiary_reference_id"]
        .as_str()
        .unwrap()
        .to_string()
}

both_backends!(
    states_and_districts_have_cowin_shapes,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let r = app.get("/api/v2/admin/location/states").await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["cache-control"], "public, max-age=30");
        let states: Value = r.json().await.unwrap();
        assert_shape!("cowin-states", &states);
        assert_eq!(states["ttl"], 30, "the profile's cache time");
        let list = states["states"].as_array().unwrap();
        assert_eq!(list.len(), 36, "28 states and 8 union territories");
        let maharashtra = id_named(&states, "states", "state_name", "state_id", "Maharashtra");

        let districts = get_ok(
            &app,
            &format!("/api/v2/admin/location/districts/{maharashtra}"),
        )
        .await;
        assert_shape!("cowin-districts", &districts);
        let list = districts["districts"].as_array().unwrap();
        assert_eq!(list.len(), 36, "Maharashtra's districts");
        let pune = id_named(
            &districts,
            "districts",
            "district_name",
            "district_id",
            "Pune",
        );

        // Ids are stable: the same on the next start of the same database, and a district is no state.
        let again = get_ok(&app, "/api/v2/admin/location/states").await;
        assert_eq!(again, states);
        let r = app
            .get(&format!("/api/v2/admin/location/districts/{pune}"))
            .await;
        cowin_error(r, StatusCode::NOT_FOUND, "APPOIN0004").await;
        let r = app.get("/api/v2/admin/location/districts/999999").await;
        cowin_error(r, StatusCode::NOT_FOUND, "APPOIN0004").await;
        let r = app.get("/api/v2/admin/location/districts/abc").await;
        cowin_error(r, StatusCode::NOT_FOUND, "GENERR0005").await;
    }
);

both_backends!(
    id_types_and_genders_have_cowin_shapes,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let types = get_ok(&app, "/api/v2/registration/beneficiary/idTypes").await;
        assert_shape!("cowin-id-types", &types);
        let list = types["types"].as_array().unwrap();
        assert_eq!(list.len(), app.profile.id_schemes.len());
        for (i, t) in list.iter().enumerate() {
            assert_eq!(t["id"], i + 1);
        }
        assert_eq!(list[0]["type"], "Aadhaar");

        let genders = get_ok(&app, "/api/v2/registration/beneficiary/genders").await;
        assert_shape!("cowin-genders", &genders);
        let names: Vec<&str> = genders["genders"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| g["gender"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["Female", "Male", "Other"]);
        let hindi: Value = app
            .get_in("/api/v2/registration/beneficiary/genders", "hi")
            .await
            .json()
            .await
            .unwrap();
        assert_ne!(hindi["genders"][0]["gender"], "Female", "{hindi}");
    }
);

both_backends!(
    find_by_pin_and_district_have_cowin_shapes,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let world = india_world(&app);
        let r = app
            .get("/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=02-06-2021")
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        assert_eq!(r.headers()["cache-control"], "public, max-age=30");
        let found: Value = r.json().await.unwrap();
        assert_shape!("cowin-find-by-pin", &found);
        let list = found["sessions"].as_array().unwrap();
        assert_eq!(list.len(), 2, "{found}");
        for s in list {
            flat_session_values(s);
        }
        let free = list
            .iter()
            .find(|s| s["name"] == "Pune General Hospital")
            .unwrap();
        assert_eq!(free["center_id"], world.pune_centre);
        assert_eq!(free["state_name"], "Maharashtra");
        assert_eq!(free["district_name"], "Pune");
        assert_eq!(free["block_name"], "Not Applicable");
        assert_eq!(free["pincode"], 411001);
        assert_eq!(free["date"], "02-06-2021");
        assert_eq!(free["from"], "09:00:00");
        assert_eq!(free["to"], "13:00:00");
        assert_eq!(free["fee_type"], "Free");
        assert_eq!(free["fee"], "0");
        assert_eq!(free["vaccine"], "COVISHIELD");
        assert_eq!(free["available_capacity"], 10);
        assert_eq!(free["available_capacity_dose1"], 10);
        assert_eq!(free["available_capacity_dose2"], 10);
        assert_eq!(free["min_age_limit"], 18);
        assert_eq!(free["allow_all_age"], true);
        assert_eq!(free["slots"], json!(["09:00AM-11:00AM", "11:00AM-01:00PM"]));
        assert_ne!(
            free["session_id"],
            json!(world.pune_free),
            "shown in UUID form"
        );
        let paid = list.iter().find(|s| s["name"] == "Ruby Clinic").unwrap();
        assert_eq!(paid["fee_type"], "Paid");
        assert_eq!(paid["fee"], "250");
        assert_eq!(paid["max_age_limit"], 44);
        assert_eq!(paid["allow_all_age"], false);
        assert_eq!(paid["vaccine"], "COVAXIN");

        // Vaccine filter, by Co-WIN's name or the profile's code.
        for vaccine in ["COVAXIN", "covaxin"] {
            let only = get_ok(
            &app,
            &format!("/api/v2/appointment/sessions/public/findByPin?pincode=411001&date=02-06-2021&vaccine={vaccine}"),
        )
        .await;
            assert_eq!(only["sessions"].as_array().unwrap().len(), 1, "{only}");
        }

        // By district: the same two, from the district id of the location list.
        let states = get_ok(&app, "/api/v2/admin/location/states").await;
        let mh = id_named(&states, "states", "state_name", "state_id", "Maharashtra");
        let districts = get_ok(&app, &format!("/api/v2/admin/location/districts/{mh}")).await;
        let pune = id_named(
            &districts,
            "districts",
            "district_name",
            "district_id",
            "Pune",
        );
        let by_district = get_ok(
        &app,
        &format!("/api/v2/appointment/sessions/public/findByDistrict?district_id={pune}&date=02-06-2021"),
    )
    .await;
        assert_eq!(by_district, found);
        // The logged-in path Co-WIN also had answers the same.
        let protected = get_ok(
            &app,
            &format!(
                "/api/v2/appointment/sessions/findByDistrict?district_id={pune}&date=02-06-2021"
            ),
        )
        .await;
        assert_eq!(protected, found);

        let empty = get_ok(
            &app,
            "/api/v2/appointment/sessions/public/findByPin?pincode=682011&date=02-06-2021",
        )
        .await;
        assert_eq!(empty, json!({ "sessions": [] }));

        // Errors in Co-WIN's form, with matching statuses.
        let base = "/api/v2/appointment/sessions/public";
        let r = app
            .get(&format!("{base}/findByPin?pincode=411001&date=2021-06-02"))
            .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "APPOIN0002").await;
        let r = app
            .get(&format!("{base}/findByPin?pincode=0411&date=02-06-2021"))
            .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "APPOIN0003").await;
        let r = app
            .get(&format!(
                "{base}/findByPin?pincode=411001&date=02-06-2021&vaccine=X"
            ))
            .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "APPOIN0006").await;
        let r = app
            .get(&format!(
                "{base}/findByDistrict?district_id=999999&date=02-06-2021"
            ))
            .await;
        cowin_error(r, StatusCode::NOT_FOUND, "APPOIN0004").await;
        let r = app.get(&format!("{base}/findByPin?date=02-06-2021")).await;
        let msg = cowin_error(r, StatusCode::BAD_REQUEST, "GENERR0011").await;
        assert!(msg.contains("pincode"), "{msg}");
    }
);

both_backends!(
    calendars_have_cowin_shapes,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let world = india_world(&app);
        let base = "/api/v2/appointment/sessions/public";
        let by_pin = get_ok(
            &app,
            &format!("{base}/calendarByPin?pincode=411001&date=01-06-2021"),
        )
        .await;
        assert_shape!("cowin-calendar-by-pin", &by_pin);
        let centres = by_pin["centers"].as_array().unwrap();
        assert_eq!(centres.len(), 2, "{by_pin}");
        for c in centres {
            calendar_centre_values(c);
        }
        let pune = centres
            .iter()
            .find(|c| c["center_id"] == world.pune_centre)
            .unwrap();
        let days: Vec<&str> = pune["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["date"].as_str().unwrap())
            .collect();
        assert_eq!(days, ["02-06-2021", "05-06-2021"], "seven days from 1 June");
        assert!(pune.get("vaccine_fees").is_none(), "{pune}");
        let ruby = centres.iter().find(|c| c["name"] == "Ruby Clinic").unwrap();
        assert_eq!(ruby["fee_type"], "Paid");
        assert_eq!(
            ruby["vaccine_fees"],
            json!([{ "vaccine": "COVAXIN", "fee": "250" }])
        );

        let states = get_ok(&app, "/api/v2/admin/location/states").await;
        let mh = id_named(&states, "states", "state_name", "state_id", "Maharashtra");
        let districts = get_ok(&app, &format!("/api/v2/admin/location/districts/{mh}")).await;
        let district = id_named(
            &districts,
            "districts",
            "district_name",
            "district_id",
            "Pune",
        );
        let by_district = get_ok(
            &app,
            &format!("{base}/calendarByDistrict?district_id={district}&date=01-06-2021"),
        )
        .await;
        assert_eq!(by_district, by_pin);

        // One centre: `centers` is an object; a later week has the later session only.
        let one = get_ok(
            &app,
            &format!(
                "{base}/calendarByCenter?center_id={}&date=06-06-2021",
                world.pune_centre
            ),
        )
        .await;
        assert_shape!("cowin-calendar-by-center", &one);
        calendar_centre_values(&one["centers"]);
        assert_eq!(one["centers"]["sessions"].as_array().unwrap().len(), 1);
        assert_eq!(one["centers"]["sessions"][0]["date"], "09-06-2021");
        // A centre without sessions that week is still the centre.
        let kochi = get_ok(
            &app,
            &format!(
                "{base}/calendarByCenter?center_id={}&date=01-06-2021",
                world.kochi_centre
            ),
        )
        .await;
        assert_shape!("cowin-calendar-by-center-without-sessions", &kochi);
        calendar_centre_values(&kochi["centers"]);
        assert_eq!(kochi["centers"]["sessions"], json!([]));
        assert_eq!(kochi["centers"]["state_name"], "Kerala");
        let r = app
            .get(&format!(
                "{base}/calendarByCenter?center_id=999999&date=01-06-2021"
            ))
            .await;
        cowin_error(r, StatusCode::NOT_FOUND, "APPOIN0005").await;
    }
);

both_backends!(
    login_has_cowin_shapes,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let mobile = indian_mobile();
        let r = app
            .post_json(
                "/api/v2/auth/public/generateOTP",
                &json!({ "mobile": mobile }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let txn: Value = r.json().await.unwrap();
        assert_shape!("cowin-generate-otp", &txn);
        assert_uuid(txn["txnId"].as_str().unwrap());
        let code = code_sent_to(&app, &mobile);

        // The code itself is not what Co-WIN clients send: it counts as a wrong try.
        let r = app
            .post_json(
                "/api/v2/auth/public/confirmOTP",
                &json!({ "otp": code, "txnId": txn["txnId"] }),
            )
            .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "USRAUT0014").await;
        let r = app
            .post_json(
                "/api/v2/auth/public/confirmOTP",
                &json!({ "otp": sha256_hex(&code).to_uppercase(), "txnId": txn["txnId"] }),
            )
            .await;
        assert_eq!(r.status(), StatusCode::OK);
        let token: Value = r.json().await.unwrap();
        assert_shape!("cowin-confirm-otp", &token);
        // Used once only.
        let r = app
            .post_json(
                "/api/v2/auth/public/confirmOTP",
                &json!({ "otp": sha256_hex(&code), "txnId": txn["txnId"] }),
            )
            .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "USRAUT0016").await;

        // The token works on both APIs.
        let token = token["token"].as_str().unwrap();
        let r = authed_get(&app, token, "/api/v1/beneficiaries").await;
        assert_eq!(r.status(), StatusCode::OK);

        let r = app
            .post_json(
                "/api/v2/auth/public/generateOTP",
                &json!({ "mobile": "12345" }),
            )
            .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "USRAUT0010").await;
        // The profile's spacing between codes holds here too.
        let r = app
            .post_json(
                "/api/v2/auth/public/generateOTP",
                &json!({ "mobile": mobile }),
            )
            .await;
        assert!(r.headers().contains_key("retry-after"));
        cowin_error(r, StatusCode::TOO_MANY_REQUESTS, "USRAUT0018").await;
    }
);

both_backends!(
    beneficiaries_booking_and_cancelling_have_cowin_shapes,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let world = india_world(&app);
        let r = app.get("/api/v2/appointment/beneficiaries").await;
        cowin_error(r, StatusCode::UNAUTHORIZED, "USRAUT0001").await;
        let token = cowin_login(&app).await;

        let empty: Value = authed_get(&app, &token, "/api/v2/appointment/beneficiaries")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(empty, json!({ "beneficiaries": [] }));

        let asha = register(&app, &token, "Asha Patil", "1980").await;
        let ravi = register(&app, &token, "Ravi Patil", "1978").await;
        let list: Value = authed_get(&app, &token, "/api/v2/appointment/beneficiaries")
            .await
            .json()
            .await
            .unwrap();
        assert_shape!("cowin-beneficiaries", &list);
        let person = &list["beneficiaries"][0];

        assert_eq!(person["birth_year"], "1980");
        assert_eq!(person["gender"], "Female");
        assert_eq!(person["photo_id_type"], "Aadhaar");
        assert_eq!(person["vaccination_status"], "Not Vaccinated");
        assert_eq!(person["mobile_number"].as_str().unwrap().len(), 4);

        // Registration rules are /api/v1's: a bad Aadhaar, an unknown ID type.
        let r = authed_post(
            &app,
            &token,
            "/api/v2/registration/beneficiary/new",
            &json!({ "name": "X", "birth_year": 1990, "gender_id": 2, "photo_id_type": 1,
                 "photo_id_number": "234567890123" }),
        )
        .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "BENREG0007").await;
        let r = authed_post(
            &app,
            &token,
            "/api/v2/registration/beneficiary/new",
            &json!({ "name": "X", "birth_year": "1990", "gender_id": 2, "photo_id_type": 99,
                 "photo_id_number": aadhaar() }),
        )
        .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "BENREG0006").await;

        // Book both into the free session with Co-WIN's slot label.
        let session = public_session_id(&app, "02-06-2021", "Pune General Hospital").await;
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/schedule",
            &json!({ "dose": 1, "session_id": session, "slot": "09:00AM-11:00AM",
                 "beneficiaries": [asha, ravi], "center_id": world.pune_centre }),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
        let booked: Value = r.json().await.unwrap();
        assert_shape!("cowin-scheduled", &booked);
        let confirmation = booked["appointment_confirmation_no"].as_str().unwrap();
        assert_uuid(confirmation);
        assert_eq!(
            crate::citizen::available(&app, &world.pune_free),
            8,
            "two places taken"
        );

        let list: Value = authed_get(&app, &token, "/api/v2/appointment/beneficiaries")
            .await
            .json()
            .await
            .unwrap();
        let appointment = &list["beneficiaries"][0]["appointments"][0];
        assert_shape!("cowin-beneficiaries-booked", &list);
        assert_eq!(appointment["appointment_id"], confirmation);
        assert_eq!(appointment["session_id"], session);
        assert_eq!(appointment["slot"], "09:00AM-11:00AM");
        assert_eq!(appointment["date"], "02-06-2021");

        // Already booked; wrong centre; wrong slot.
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/schedule",
            &json!({ "dose": "1", "session_id": session, "slot": "09:00AM-11:00AM",
                 "beneficiaries": [asha] }),
        )
        .await;
        cowin_error(r, StatusCode::CONFLICT, "APPOIN0050").await;
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/schedule",
            &json!({ "session_id": session, "slot": "09:00AM-11:00AM",
                 "beneficiaries": [asha], "center_id": world.kochi_centre }),
        )
        .await;
        cowin_error(r, StatusCode::NOT_FOUND, "APPOIN0011").await;
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/schedule",
            &json!({ "session_id": session, "slot": "FORENOON", "beneficiaries": [asha] }),
        )
        .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "APPOIN0015").await;

        // Cancel Ravi only, then Asha: 204 each, places back.
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/cancel",
            &json!({ "appointment_id": confirmation, "beneficiariesToCancel": [ravi] }),
        )
        .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(crate::citizen::available(&app, &world.pune_free), 9);
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/cancel",
            &json!({ "appointment_id": confirmation, "beneficiariesToCancel": [ravi] }),
        )
        .await;
        cowin_error(r, StatusCode::CONFLICT, "APPOIN0061").await;
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/cancel",
            &json!({ "appointment_id": confirmation, "beneficiariesToCancel": [asha] }),
        )
        .await;
        assert_eq!(r.status(), StatusCode::NO_CONTENT);
        assert_eq!(crate::citizen::available(&app, &world.pune_free), 10);

        // A full session is 409 APPOIN0040, as on Co-WIN.
        let small = public_session_id(&app, "05-06-2021", "Pune General Hospital").await;
        let book = |people: Vec<&String>| json!({ "dose": 1, "session_id": small, "slot": "11:00AM-01:00PM", "beneficiaries": people });
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/schedule",
            &book(vec![&asha]),
        )
        .await;
        assert_eq!(r.status(), StatusCode::OK);
        let r = authed_post(
            &app,
            &token,
            "/api/v2/appointment/schedule",
            &book(vec![&ravi]),
        )
        .await;
        let message = cowin_error(r, StatusCode::CONFLICT, "APPOIN0040").await;
        assert_eq!(
            message,
            "This session is fully booked. Choose another session."
        );

        // No dose recorded yet: no certificate, after the usual checks.
        let r = authed_get(
            &app,
            &token,
            &format!(
                "/api/v2/registration/certificate/public/download?beneficiary_reference_id={asha}"
            ),
        )
        .await;
        cowin_error(r, StatusCode::NOT_FOUND, "CERTIF0002").await;
        let r = authed_get(
            &app,
            &token,
            "/api/v2/registration/certificate/public/download?beneficiary_reference_id=NOPE",
        )
        .await;
        cowin_error(r, StatusCode::NOT_FOUND, "BENREG0010").await;
    }
);

/// The `session_id` of a centre's session on a day, from `findByPin`.
async fn public_session_id(app: &TestApp, date: &str, centre: &str) -> String {
    let found = get_ok(
        app,
        &format!("/api/v2/appointment/sessions/public/findByPin?pincode=411001&date={date}"),
    )
    .await;
    found["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == centre)
        .unwrap_or_else(|| panic!("{centre} on {date}: {found}"))["session_id"]
        .as_str()
        .unwrap()
        .to_string()
}

both_backends!(
    errors_are_localised_in_cowin_form,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let r = app.get_in("/api/v2/nothing-here", "fr").await;
        let message = cowin_error(r, StatusCode::NOT_FOUND, "GENERR0005").await;
        assert_eq!(
            message, "Nothing was found at this address.",
            "fr is not an India language"
        );
        let r = app.get_in("/api/v2/nothing-here", "hi").await;
        let message = cowin_error(r, StatusCode::NOT_FOUND, "GENERR0005").await;
        assert_ne!(message, "Nothing was found at this address.");
        let r = app
            .client
            .put(app.url("/api/v2/appointment/schedule"))
            .send()
            .await
            .unwrap();
        cowin_error(r, StatusCode::METHOD_NOT_ALLOWED, "GENERR0006").await;
        let r = app
            .post_raw(
                "/api/v2/auth/public/generateOTP",
                "application/json",
                b"{".to_vec(),
            )
            .await;
        cowin_error(r, StatusCode::BAD_REQUEST, "GENERR0002").await;
        // /api/v1 keeps its own form.
        let r = app.get("/api/v1/nothing-here").await;
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
);

both_backends!(
    the_per_ip_limit_covers_v2,
    dir = crate::helpers::india_profile_dir(),
    profile = |p| p.rate_limits.per_ip_per_minute = 2,
    |app| async move {
        for _ in 0..2 {
            let r = app.get("/api/v2/admin/location/states").await;
            assert_eq!(r.status(), StatusCode::OK);
        }
        let r = app.get("/api/v2/admin/location/states").await;
        assert!(r.headers().contains_key("retry-after"));
        cowin_error(r, StatusCode::TOO_MANY_REQUESTS, "GENERR0007").await;
    }
);

// A client written only for Co-WIN's published API: plain HTTP with Co-WIN's paths and fields,
// nothing vaxkit-specific (the test reads the SMS from the outbox, as a phone would receive it).
both_backends!(
    india_client,
    dir = crate::helpers::india_profile_dir(),
    |app| async move {
        let world = india_world(&app);
        let http = reqwest::Client::builder().no_proxy().build().unwrap();
        let api = format!("{}/api/v2", app.address);
        let get = |path: String| {
            let http = http.clone();
            async move {
                let r = http.get(path).send().await.unwrap();
                assert_eq!(r.status(), 200);
                r.json::<Value>().await.unwrap()
            }
        };

        // States and districts.
        let states = get(format!("{api}/admin/location/states")).await;
        let state_id = states["states"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["state_name"] == "Maharashtra")
            .unwrap()["state_id"]
            .clone();
        let districts = get(format!("{api}/admin/location/districts/{state_id}")).await;
        let district_id = districts["districts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["district_name"] == "Pune")
            .unwrap()["district_id"]
            .clone();

        // Sessions by district, then by the PIN of a centre found there.
        let by_district = get(format!(
        "{api}/appointment/sessions/public/findByDistrict?district_id={district_id}&date=02-06-2021"
    ))
    .await;
        let session = by_district["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["fee_type"] == "Free" && s["available_capacity"].as_i64().unwrap() > 0)
            .unwrap()
            .clone();
        let pincode = &session["pincode"];
        let by_pin = get(format!(
            "{api}/appointment/sessions/public/findByPin?pincode={pincode}&date=02-06-2021"
        ))
        .await;
        assert!(
            by_pin["sessions"]
                .as_array()
                .unwrap()
                .iter()
                .any(|s| s["session_id"] == session["session_id"])
        );
        let calendar = get(format!(
        "{api}/appointment/sessions/public/calendarByDistrict?district_id={district_id}&date=01-06-2021"
    ))
    .await;
        assert!(!calendar["centers"].as_array().unwrap().is_empty());

        // Log in: the OTP goes back as its SHA-256.
        let mobile = indian_mobile();
        let txn: Value = http
            .post(format!("{api}/auth/public/generateOTP"))
            .json(&json!({ "mobile": mobile }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let otp = sha256_hex(&code_sent_to(&app, &mobile));
        let login: Value = http
            .post(format!("{api}/auth/public/confirmOTP"))
            .json(&json!({ "otp": otp, "txnId": txn["txnId"] }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let bearer = format!("Bearer {}", login["token"].as_str().unwrap());

        // Register, with ids from the published lists.
        let types = get(format!("{api}/registration/beneficiary/idTypes")).await;
        let aadhaar_type = types["types"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["type"] == "Aadhaar")
            .unwrap()["id"]
            .clone();
        let genders = get(format!("{api}/registration/beneficiary/genders")).await;
        let male = genders["genders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["gender"] == "Male")
            .unwrap()["id"]
            .clone();
        let r = http
            .post(format!("{api}/registration/beneficiary/new"))
            .header("Authorization", &bearer)
            .json(&json!({
                "name": "Vikram Joshi", "birth_year": "1985", "gender_id": male,
                "photo_id_type": aadhaar_type, "photo_id_number": aadhaar(),
                "comorbidity_ind": "N", "consent_version": "1",
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let reference = r.json::<Value>().await.unwrap()["beneficiary_reference_id"].clone();

        // Book the first slot, see the appointment, cancel it.
        let r = http
            .post(format!("{api}/appointment/schedule"))
            .header("Authorization", &bearer)
            .json(&json!({
                "dose": 1, "session_id": session["session_id"], "slot": session["slots"][0],
                "beneficiaries": [reference], "center_id": session["center_id"],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let confirmation = r.json::<Value>().await.unwrap()["appointment_confirmation_no"].clone();
        let people: Value = http
            .get(format!("{api}/appointment/beneficiaries"))
            .header("Authorization", &bearer)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let me = &people["beneficiaries"][0];
        assert_eq!(me["beneficiary_reference_id"], reference);
        assert_eq!(me["appointments"][0]["appointment_id"], confirmation);
        let left = get(format!(
            "{api}/appointment/sessions/public/calendarByCenter?center_id={}&date=02-06-2021",
            session["center_id"]
        ))
        .await;
        assert_eq!(
            left["centers"]["sessions"][0]["available_capacity"],
            session["available_capacity"].as_i64().unwrap() - 1,
            "the search is fresh after a booking"
        );
        let r = http
            .post(format!("{api}/appointment/cancel"))
            .header("Authorization", &bearer)
            .json(&json!({ "appointment_id": confirmation, "beneficiariesToCancel": [reference] }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 204);
        let after = get(format!(
            "{api}/appointment/sessions/public/findByPin?pincode={pincode}&date=02-06-2021"
        ))
        .await;
        let same = after["sessions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["session_id"] == session["session_id"])
            .unwrap();
        assert_eq!(same["available_capacity"], session["available_capacity"]);
        assert_eq!(crate::citizen::available(&app, &world.pune_free), 10);
    }
);
