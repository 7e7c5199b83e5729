//! What citizen tests share: logging in through the real OTP flow, and a small world of
//! facilities and sessions made through the core's use cases, as an operator would.

use chrono::NaiveDate;
use reqwest::{Response, StatusCode};
use serde_json::{Value, json};
use vaxkit_core::Actor;
use vaxkit_profile::checksum::Checksum;
use vaxkit_store::repo::{outbox, sessions};

use crate::helpers::TestApp;

/// A logged-in citizen.
pub struct Citizen<'a> {
    pub app: &'a TestApp,
    pub token: String,
    pub mobile: String,
}

impl Citizen<'_> {
    pub async fn get(&self, path: &str) -> Response {
        self.app
            .client
            .get(self.app.url(path))
            .bearer_auth(&self.token)
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

    pub async fn delete(&self, path: &str) -> Response {
        self.app
            .client
            .delete(self.app.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .unwrap()
    }

    /// Registers a person born on `birth_date` and returns their reference.
    pub async fn add(&self, name: &str, birth_date: &str) -> String {
        let r = self
            .post(
                "/api/v1/beneficiaries",
                &new_person(name, birth_date, &national_id()),
            )
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let body: Value = r.json().await.unwrap();
        body["reference"].as_str().unwrap().to_string()
    }
}

/// The JSON for a new beneficiary.
pub fn new_person(name: &str, birth_date: &str, id_number: &str) -> Value {
    json!({
        "name": name,
        "birth_date": birth_date,
        "gender": "female",
        "id_scheme": "national-id",
        "id_number": id_number,
    })
}

/// A fresh, valid national ID of the example profile (10 digits, Luhn).
pub fn national_id() -> String {
    let payload = format!("7{}", vaxkit_store::repo::random_digits(8));
    format!(
        "{payload}{}",
        Checksum::Luhn.check_digits(&payload).unwrap()
    )
}

/// A fresh mobile number of the example profile.
pub fn mobile() -> String {
    format!("7{}", vaxkit_store::repo::random_digits(8))
}

/// The last login code sent to a number, read from the outbox.
pub fn last_code(app: &TestApp, full_mobile: &str) -> String {
    let sent = app
        .store
        .read(|c| outbox::for_recipient(c, &app.store.secrets, full_mobile))
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
        .find(|w| w.len() == usize::try_from(app.profile.otp.length).unwrap())
        .expect("the SMS holds the code")
        .to_string()
}

/// Asks for a code; returns the transaction id.
pub async fn request_code(app: &TestApp, mobile: &str) -> String {
    let r = app
        .post_json("/api/v1/auth/otp", &json!({ "mobile": mobile }))
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let body: Value = r.json().await.unwrap();
    body["txn_id"].as_str().unwrap().to_string()
}

/// Logs in with a new mobile number through the real OTP flow.
pub async fn login(app: &TestApp) -> Citizen<'_> {
    let mobile = mobile();
    let txn = request_code(app, &mobile).await;
    let code = last_code(app, &format!("999{mobile}"));
    let r = app
        .post_json(
            "/api/v1/auth/otp/confirm",
            &json!({ "txn_id": txn, "otp": code }),
        )
        .await;
    assert_eq!(r.status(), StatusCode::OK, "{}", r.text().await.unwrap());
    let body: Value = r.json().await.unwrap();
    Citizen {
        app,
        token: body["token"].as_str().unwrap().to_string(),
        mobile,
    }
}

/// Facilities and sessions for the citizen tests.
pub struct World {
    /// Harbour Clinic (XX-N-01, postal 10001): comirnaty doses 1-2 on 2 June, 10 places.
    pub harbour: String,
    /// Hill Clinic (XX-N-02, postal 10002): comirnaty on 3 June, 2 places.
    pub hill_small: String,
    /// Harbour Clinic, 40 days ahead: outside the booking window.
    pub far: String,
    /// Capital clinic (XX-C-01): ad26 on 2 June, 10 places.
    pub capital_ad26: String,
    /// Harbour Clinic: comirnaty dose 2 only, on 9 June.
    pub harbour_dose2: String,
}

pub fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Creates the world through the core, as an operator would (`vaxkit import`, `vaxkit demo`).
pub fn world(app: &TestApp) -> World {
    use vaxkit_core::facilities::{self, FacilityInput};
    use vaxkit_core::planning::{self, Plan};
    let core = &app.core;
    let now = app.clock.now();
    let facility = |code: &str, name: &str, region: &str, postal: &str, lat: f64, lon: f64| {
        let input = FacilityInput {
            code: code.into(),
            name: name.into(),
            address: format!("{name} Road"),
            region: region.into(),
            postal_code: Some(postal.into()),
            latitude: Some(lat),
            longitude: Some(lon),
        };
        facilities::create(core, &Actor::Cli, input, now).unwrap();
        code.to_string()
    };
    let harbour = facility(
        "HARBOUR",
        "Harbour Clinic",
        "XX-N-01",
        "10001",
        25.20,
        55.27,
    );
    let hill = facility("HILL", "Hill Clinic", "XX-N-02", "10002", 25.40, 55.50);
    let capital = facility(
        "CAPITAL",
        "Capital Clinic",
        "XX-C-01",
        "20001",
        24.45,
        54.38,
    );
    // As many places kept for walk-ins as offered online.
    let session = |facility: &str, date: &str, vaccine: &str, doses: Vec<u32>, places: i64| {
        let plan = Plan {
            facility: facility.into(),
            from: day(date),
            until: day(date),
            vaccine: vaccine.into(),
            doses,
            min_age: 12,
            max_age: None,
            capacity: places * 2,
            walk_in_share: Some(0.5),
            slots: vec!["09:00-11:00".into(), "11:00-13:00".into()],
            fee: None,
        };
        let mut made = planning::plan(core, &Actor::Cli, &plan, now).unwrap();
        made.remove(0).session_id
    };
    World {
        harbour: session(&harbour, "2021-06-02", "comirnaty", vec![1, 2], 10),
        hill_small: session(&hill, "2021-06-03", "comirnaty", vec![1, 2], 2),
        far: session(&harbour, "2021-07-11", "comirnaty", vec![1, 2], 10),
        capital_ad26: session(&capital, "2021-06-02", "ad26", vec![1], 10),
        harbour_dose2: session(&harbour, "2021-06-09", "comirnaty", vec![2], 10),
    }
}

/// Books `people` into a session; returns the response.
pub async fn book(citizen: &Citizen<'_>, session: &str, people: &[&str]) -> Response {
    citizen
        .post(
            "/api/v1/appointments",
            &json!({ "session_id": session, "slot": "09:00-11:00", "beneficiaries": people }),
        )
        .await
}

/// Online places left in a session, read from the store.
pub fn available(app: &TestApp, session: &str) -> i64 {
    app.store
        .read(|c| sessions::by_reference(c, session))
        .unwrap()
        .unwrap()
        .available()
}

/// Records that `reference` had dose `dose` of `vaccine` on day `on`, through the core's
/// vaccinator use case at a facility of its own (made on first use), as a vaccinator entering
/// the vaccination card would (with the card as the written reason, so the schedule engine's
/// answer on that day does not stand in the way).
pub fn give(app: &TestApp, reference: &str, dose: u32, vaccine: &str, on: &str) {
    use vaxkit_core::facilities::{self, FacilityInput};
    use vaxkit_core::vaccination::{self, DoseInput};
    let now = app.clock.now();
    let input = FacilityInput {
        code: "CARDS".into(),
        name: "Vaccination cards desk".into(),
        address: "Records Road".into(),
        region: "XX-C-01".into(),
        postal_code: None,
        latitude: None,
        longitude: None,
    };
    match facilities::create(&app.core, &Actor::Cli, input, now) {
        Ok(_) => crate::staff::seed_staff(app, "cards", "vaccinator", None, Some("CARDS")),
        Err(e) if e.code() == vaxkit_core::ErrorCode::FacilityExists => {}
        Err(e) => panic!("{e:?}"),
    }
    let vaccinator = crate::staff::staff_actor(app, "cards");
    let key = format!("card-{}", vaxkit_store::repo::random_hex(8));
    let entry = DoseInput::new(&key, vaccine, "CARD", Some(dose), Some("from the card")).unwrap();
    // Noon on that day in Examplia (UTC+4).
    let at = chrono::NaiveDateTime::new(day(on), chrono::NaiveTime::from_hms_opt(8, 0, 0).unwrap())
        .and_utc();
    vaccination::record(&app.core, &vaccinator, reference, &entry, at).unwrap();
}

/// Makes facility `code` (named `name`, in `region`, no postal code) with one Comirnaty session
/// on `date` of `capacity` places, half kept for walk-ins; the session's reference.
pub fn facility_with_session(
    app: &TestApp,
    (code, name, region): (&str, &str, &str),
    date: &str,
    capacity: i64,
) -> String {
    use vaxkit_core::facilities::{self, FacilityInput};
    use vaxkit_core::planning::{self, Plan};
    let now = app.clock.now();
    let input = FacilityInput {
        code: code.into(),
        name: name.into(),
        address: format!("{name} Road"),
        region: region.into(),
        postal_code: None,
        latitude: None,
        longitude: None,
    };
    facilities::create(&app.core, &Actor::Cli, input, now).unwrap();
    let plan = Plan {
        facility: code.into(),
        from: day(date),
        until: day(date),
        vaccine: "comirnaty".into(),
        doses: vec![1, 2],
        min_age: 12,
        max_age: None,
        capacity,
        walk_in_share: Some(0.5),
        slots: vec!["09:00-11:00".into()],
        fee: None,
    };
    planning::plan(&app.core, &Actor::Cli, &plan, now)
        .unwrap()
        .remove(0)
        .session_id
}
