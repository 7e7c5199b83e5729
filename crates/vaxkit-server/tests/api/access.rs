//! The access matrix: every operation of the OpenAPI document × every kind of caller — the
//! owner, another citizen, staff of each role in this scope and in another facility or region,
//! an auditor, a verifier, and no, a garbage, an expired or a logged-out token — with the
//! owner's references and with references that do not exist.
//!
//! A caller the row does not allow is refused (no write happens, and a read shows nothing of
//! the owner's), and the refusal of a real reference is the refusal of one that does not exist
//! (the same status and code), so nobody learns whether an object exists. A row's first allowed
//! caller then gets through, which proves the refusals were not just a broken endpoint and that
//! no refused write took the object away. An operation of the document without a row fails.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_core::Actor;
use vaxkit_core::planning::{self, Plan};
use vaxkit_core::vaccination::{self, DoseInput};
use vaxkit_store::repo::new_reference;

use crate::citizen::{Citizen, day, login, national_id, new_person, world};
use crate::helpers::TestApp;
use crate::staff::{seed_staff, staff_actor, staff_login};

/// Who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    NoToken,
    Garbage,
    ExpiredCitizen,
    LoggedOut,
    ExpiredStaff,
    /// The citizen whose people, appointments and doses the references name.
    Owner,
    OtherCitizen,
    National,
    /// Region admin of XX-N, where Harbour Clinic is.
    RegionHere,
    /// Region admin of XX-C.
    RegionOther,
    /// Facility admin of Harbour Clinic.
    FacilityHere,
    /// Facility admin of Hill Clinic (same region, another facility).
    FacilityOther,
    VaccinatorHere,
    VaccinatorOther,
    /// National auditor.
    Auditor,
    /// Auditor of XX-C.
    AuditorOther,
    Verifier,
}

use Who::*;

const EVERYONE: [Who; 17] = [
    NoToken,
    Garbage,
    ExpiredCitizen,
    LoggedOut,
    ExpiredStaff,
    Owner,
    OtherCitizen,
    National,
    RegionHere,
    RegionOther,
    FacilityHere,
    FacilityOther,
    VaccinatorHere,
    VaccinatorOther,
    Auditor,
    AuditorOther,
    Verifier,
];

/// Callers without a valid login: always 401.
const NO_LOGIN: [Who; 5] = [NoToken, Garbage, ExpiredCitizen, LoggedOut, ExpiredStaff];

/// The owner's objects, or objects that do not exist.
#[derive(Debug, Clone)]
struct Refs {
    /// A person with an open appointment (`appointment`) at Harbour Clinic.
    person: String,
    /// A person with a dose given at Harbour Clinic (`dose`).
    vaccinated: String,
    /// Their national ID number.
    vaccinated_id: String,
    /// A person with nothing recorded, for removal.
    removable: String,
    /// A person with nothing booked, for booking and merging.
    unbooked: String,
    appointment: String,
    security_code: String,
    dose: String,
    facility: String,
    /// A Harbour Clinic session nobody booked, to cancel.
    session: String,
    /// A Harbour Clinic session to move the appointment to.
    other_session: String,
}

impl Refs {
    /// References of the same form that name nothing.
    fn missing(&self) -> Refs {
        Refs {
            person: new_reference(14),
            vaccinated: new_reference(14),
            vaccinated_id: national_id(),
            removable: new_reference(14),
            unbooked: new_reference(14),
            appointment: new_reference(12),
            security_code: vaxkit_store::repo::random_digits(self.security_code.len()),
            dose: new_reference(14),
            facility: "NOSUCH".into(),
            session: new_reference(12),
            other_session: self.other_session.clone(),
        }
    }
}

/// What a row allows.
enum Access {
    /// No login in the document; not part of the matrix.
    Public,
    /// Only these callers may; the first of them is checked to get through.
    Only(&'static [Who]),
}

/// Staff who record doses at their facility: a person may be vaccinated at any facility, and
/// the reference they show (14 random characters) is what lets a facility find them.
const VACCINATING: &[Who] = &[VaccinatorHere, VaccinatorOther, FacilityHere, FacilityOther];

/// The matrix, in the order it runs (writes that use an object up come after its reads).
const ROWS: &[(&str, &str, Access)] = &[
    ("get", "/healthz", Access::Public),
    ("get", "/readyz", Access::Public),
    ("post", "/api/v1/auth/otp", Access::Public),
    ("post", "/api/v1/auth/otp/confirm", Access::Public),
    ("get", "/api/v1/regions", Access::Public),
    ("get", "/api/v1/facilities", Access::Public),
    ("get", "/api/v1/facilities/{code}/calendar", Access::Public),
    ("get", "/api/v1/sessions", Access::Public),
    ("post", "/api/v1/certificates/verify", Access::Public),
    ("get", "/api/v1/certificates/signers", Access::Public),
    ("get", "/api/v1/certificates/revocations", Access::Public),
    ("post", "/api/v1/staff/login", Access::Public),
    ("post", "/api/v1/sms/inbound/{gateway}", Access::Public),
    // Reads.
    ("get", "/api/v1/beneficiaries", Access::Only(&[Owner])),
    ("get", "/api/v1/appointments", Access::Only(&[Owner])),
    (
        "get",
        "/api/v1/appointments/{reference}",
        Access::Only(&[Owner]),
    ),
    (
        "get",
        "/api/v1/beneficiaries/{reference}/certificate",
        Access::Only(&[Owner]),
    ),
    (
        "get",
        "/api/v1/beneficiaries/{reference}/certificate.pdf",
        Access::Only(&[Owner]),
    ),
    (
        "get",
        "/api/v1/beneficiaries/{reference}/certificate/qr",
        Access::Only(&[Owner]),
    ),
    (
        "get",
        "/api/v1/beneficiaries/{reference}/immunizations",
        Access::Only(&[Owner]),
    ),
    (
        "get",
        "/api/v1/admin/facilities",
        Access::Only(&[National, RegionHere, FacilityHere]),
    ),
    (
        "get",
        "/api/v1/admin/facilities/{code}/sessions",
        Access::Only(&[National, RegionHere, FacilityHere, VaccinatorHere]),
    ),
    (
        "get",
        "/api/v1/admin/beneficiaries/{reference}",
        Access::Only(&[National, RegionHere]),
    ),
    (
        "post",
        "/api/v1/admin/beneficiaries/find",
        Access::Only(&[National, RegionHere]),
    ),
    (
        "get",
        "/api/v1/vaccinator/queue",
        Access::Only(&[VaccinatorHere, FacilityHere]),
    ),
    (
        "get",
        "/api/v1/vaccinator/lookup",
        Access::Only(&[VaccinatorHere, FacilityHere]),
    ),
    (
        "get",
        "/api/v1/reports/doses",
        Access::Only(&[National, RegionHere, Auditor]),
    ),
    (
        "get",
        "/api/v1/reports/coverage",
        Access::Only(&[National, RegionHere, Auditor]),
    ),
    ("get", "/api/v1/audit", Access::Only(&[National, Auditor])),
    (
        "get",
        "/api/v1/admin/aefi",
        Access::Only(&[National, RegionHere, Auditor]),
    ),
    (
        "get",
        "/api/v1/staff/me",
        Access::Only(&[
            National,
            RegionHere,
            RegionOther,
            FacilityHere,
            FacilityOther,
            VaccinatorHere,
            VaccinatorOther,
            Auditor,
            AuditorOther,
            Verifier,
        ]),
    ),
    (
        "get",
        "/api/v1/staff/users",
        Access::Only(&[National, RegionHere, FacilityHere]),
    ),
    // Writes.
    (
        "post",
        "/api/v1/beneficiaries",
        Access::Only(&[OtherCitizen, Owner]),
    ),
    (
        "patch",
        "/api/v1/beneficiaries/{reference}",
        Access::Only(&[Owner]),
    ),
    (
        "post",
        "/api/v1/admin/facilities",
        Access::Only(&[National, RegionHere]),
    ),
    (
        "patch",
        "/api/v1/admin/facilities/{code}",
        Access::Only(&[National, RegionHere]),
    ),
    (
        "post",
        "/api/v1/admin/sessions",
        Access::Only(&[FacilityHere, National, RegionHere]),
    ),
    (
        "post",
        "/api/v1/staff/users",
        Access::Only(&[FacilityHere, National, RegionHere]),
    ),
    ("post", "/api/v1/aefi", Access::Only(&[Owner])),
    (
        "post",
        "/api/v1/admin/aefi",
        Access::Only(&[VaccinatorHere, FacilityHere, National, RegionHere]),
    ),
    (
        "patch",
        "/api/v1/admin/doses/{reference}",
        Access::Only(&[RegionHere, National]),
    ),
    ("post", "/api/v1/appointments", Access::Only(&[Owner])),
    (
        "post",
        "/api/v1/appointments/{reference}/reschedule",
        Access::Only(&[Owner]),
    ),
    (
        "post",
        "/api/v1/appointments/{reference}/cancel",
        Access::Only(&[Owner]),
    ),
    (
        "post",
        "/api/v1/vaccinator/doses",
        Access::Only(VACCINATING),
    ),
    ("post", "/api/v1/vaccinator/sync", Access::Only(VACCINATING)),
    (
        "post",
        "/api/v1/vaccinator/walk-in",
        Access::Only(VACCINATING),
    ),
    (
        "post",
        "/api/v1/admin/sessions/{session_id}/cancel",
        Access::Only(&[FacilityHere, National, RegionHere]),
    ),
    (
        "post",
        "/api/v1/admin/doses/{reference}/revoke",
        Access::Only(&[RegionHere, National]),
    ),
    (
        "delete",
        "/api/v1/beneficiaries/{reference}",
        Access::Only(&[Owner]),
    ),
    (
        "post",
        "/api/v1/admin/beneficiaries/merge",
        Access::Only(&[National, RegionHere]),
    ),
    // Last: it ends the caller's login.
    (
        "post",
        "/api/v1/auth/logout",
        Access::Only(&[OtherCitizen, Owner]),
    ),
];

/// The request a row makes with `refs`: the path with its query, and the JSON body. `None`
/// for an operation this table does not know.
fn request(method: &str, path: &str, r: &Refs, n: usize) -> Option<(String, Option<Value>)> {
    let unique = format!("{n:04}");
    let get = |p: String| Some((p, None));
    let send = |p: String, body: Value| Some((p, Some(body)));
    match (method, path) {
        ("get", "/api/v1/beneficiaries") => get(path.into()),
        ("get", "/api/v1/appointments") => get(path.into()),
        ("get", "/api/v1/appointments/{reference}") => {
            get(format!("/api/v1/appointments/{}", r.appointment))
        }
        ("get", "/api/v1/beneficiaries/{reference}/certificate") => get(format!(
            "/api/v1/beneficiaries/{}/certificate",
            r.vaccinated
        )),
        ("get", "/api/v1/beneficiaries/{reference}/certificate.pdf") => get(format!(
            "/api/v1/beneficiaries/{}/certificate.pdf",
            r.vaccinated
        )),
        ("get", "/api/v1/beneficiaries/{reference}/certificate/qr") => get(format!(
            "/api/v1/beneficiaries/{}/certificate/qr",
            r.vaccinated
        )),
        ("get", "/api/v1/beneficiaries/{reference}/immunizations") => get(format!(
            "/api/v1/beneficiaries/{}/immunizations",
            r.vaccinated
        )),
        ("get", "/api/v1/admin/facilities") => get(path.into()),
        ("get", "/api/v1/admin/facilities/{code}/sessions") => get(format!(
            "/api/v1/admin/facilities/{}/sessions?from=2021-06-01&until=2021-06-30",
            r.facility
        )),
        ("get", "/api/v1/admin/beneficiaries/{reference}") => {
            get(format!("/api/v1/admin/beneficiaries/{}", r.vaccinated))
        }
        ("post", "/api/v1/admin/beneficiaries/find") => send(
            path.into(),
            json!({ "id_scheme": "national-id", "id_number": r.vaccinated_id }),
        ),
        ("get", "/api/v1/vaccinator/queue") => get(format!("{path}?date=2021-06-01")),
        ("get", "/api/v1/vaccinator/lookup") => get(format!("{path}?code={}", r.security_code)),
        ("get", "/api/v1/reports/doses") => get(format!("{path}?from=2021-05-01&until=2021-06-30")),
        ("get", "/api/v1/reports/coverage") => get(path.into()),
        ("get", "/api/v1/audit") => get(format!("{path}?limit=500")),
        ("get", "/api/v1/admin/aefi") => get(path.into()),
        ("get", "/api/v1/staff/me") => get(path.into()),
        ("get", "/api/v1/staff/users") => get(path.into()),
        ("post", "/api/v1/beneficiaries") => send(
            path.into(),
            new_person("Newly Registered", "1990-01-01", &national_id()),
        ),
        ("patch", "/api/v1/beneficiaries/{reference}") => send(
            format!("/api/v1/beneficiaries/{}", r.person),
            json!({ "gender": "female" }),
        ),
        ("post", "/api/v1/admin/facilities") => send(
            path.into(),
            json!({
                "code": format!("NEW{unique}"),
                "name": "New Clinic",
                "address": "New Road",
                "region": "XX-N-01",
                "postal_code": "10001",
            }),
        ),
        ("patch", "/api/v1/admin/facilities/{code}") => send(
            format!("/api/v1/admin/facilities/{}", r.facility),
            json!({ "active": true }),
        ),
        ("post", "/api/v1/admin/sessions") => send(
            path.into(),
            json!({
                "facility": r.facility,
                "from": "2021-06-25",
                "vaccine": "comirnaty",
                "doses": [1, 2],
                "min_age": 12,
                "capacity": 10,
                "slots": ["09:00-11:00"],
            }),
        ),
        ("post", "/api/v1/staff/users") => send(
            path.into(),
            json!({
                "username": format!("new{unique}"),
                "name": "New Vaccinator",
                "password": crate::staff::PASSWORD,
                "role": "vaccinator",
                "facility": r.facility,
            }),
        ),
        ("post", "/api/v1/aefi") | ("post", "/api/v1/admin/aefi") => send(
            path.into(),
            json!({
                "dose": r.dose,
                "onset_date": "2021-06-01",
                "symptoms": ["fever"],
                "outcome": "recovered",
            }),
        ),
        ("patch", "/api/v1/admin/doses/{reference}") => send(
            format!("/api/v1/admin/doses/{}", r.dose),
            json!({ "batch": format!("FIXED{unique}"), "reason": "batch misread" }),
        ),
        ("post", "/api/v1/appointments") => send(
            path.into(),
            json!({ "session_id": r.other_session, "slot": "09:00-11:00", "beneficiaries": [r.unbooked] }),
        ),
        ("post", "/api/v1/appointments/{reference}/reschedule") => send(
            format!("/api/v1/appointments/{}/reschedule", r.appointment),
            json!({ "session_id": r.other_session, "slot": "11:00-13:00" }),
        ),
        ("post", "/api/v1/appointments/{reference}/cancel") => {
            get(format!("/api/v1/appointments/{}/cancel", r.appointment))
        }
        ("post", "/api/v1/vaccinator/doses") => send(
            path.into(),
            json!({
                "idempotency_key": format!("matrix-{unique}-{}", new_reference(6)),
                "beneficiary": r.person,
                "vaccine": "comirnaty",
                "batch": "MATRIX1",
                "dose": 1,
                "override_reason": "matrix",
            }),
        ),
        ("post", "/api/v1/vaccinator/sync") => send(
            path.into(),
            json!({ "doses": [{
                "idempotency_key": format!("sync-{unique}-{}", new_reference(6)),
                "beneficiary": r.unbooked,
                "vaccine": "comirnaty",
                "batch": "SYNC1",
                "dose": 1,
                "override_reason": "matrix",
            }] }),
        ),
        ("post", "/api/v1/vaccinator/walk-in") => send(
            path.into(),
            json!({
                "mobile": crate::citizen::mobile(),
                "name": "Walk In",
                "birth_date": "1985-03-03",
                "gender": "male",
                "id_scheme": "national-id",
                "id_number": national_id(),
                "idempotency_key": format!("walk-{unique}-{}", new_reference(6)),
                "vaccine": "comirnaty",
                "batch": "WALK1",
                "dose": 1,
                "override_reason": "matrix",
            }),
        ),
        ("post", "/api/v1/admin/sessions/{session_id}/cancel") => send(
            format!("/api/v1/admin/sessions/{}/cancel", r.session),
            json!({ "reason": "the clinic is closed" }),
        ),
        ("post", "/api/v1/admin/doses/{reference}/revoke") => send(
            format!("/api/v1/admin/doses/{}/revoke", r.dose),
            json!({ "reason": "entered for the wrong person" }),
        ),
        ("delete", "/api/v1/beneficiaries/{reference}") => {
            get(format!("/api/v1/beneficiaries/{}", r.removable))
        }
        ("post", "/api/v1/admin/beneficiaries/merge") => send(
            path.into(),
            json!({ "keep": r.vaccinated, "duplicate": r.unbooked, "reason": "same person" }),
        ),
        ("post", "/api/v1/auth/logout") => send(path.into(), json!({})),
        _ => None,
    }
}

/// The world the matrix runs in, and every caller's token.
struct Matrix {
    refs: Refs,
    tokens: Vec<(Who, Option<String>)>,
    /// What no refused caller may ever see: the owner's people and their references.
    secrets: Vec<String>,
}

async fn set_up(app: &TestApp) -> Matrix {
    let _ = world(app);
    let now = app.clock.now();
    let extra_session = |date: &str, slot: &str| {
        let plan = Plan {
            facility: "HARBOUR".into(),
            from: day(date),
            until: day(date),
            vaccine: "comirnaty".into(),
            doses: vec![1, 2],
            min_age: 12,
            max_age: None,
            capacity: 20,
            walk_in_share: Some(0.5),
            slots: vec![slot.into(), "11:00-13:00".into()],
            fee: None,
        };
        planning::plan(&app.core, &Actor::Cli, &plan, now)
            .unwrap()
            .remove(0)
            .session_id
    };
    let session = extra_session("2021-06-21", "09:00-11:00");
    let today = extra_session("2021-06-01", "16:00-18:00");
    let other_session = extra_session("2021-06-04", "09:00-11:00");
    // Who, username, role, region, facility.
    type StaffRow<'a> = (Who, &'a str, &'a str, Option<&'a str>, Option<&'a str>);
    let staff: &[StaffRow] = &[
        (National, "m-national", "national_admin", None, None),
        (RegionHere, "m-region-n", "region_admin", Some("XX-N"), None),
        (
            RegionOther,
            "m-region-c",
            "region_admin",
            Some("XX-C"),
            None,
        ),
        (
            FacilityHere,
            "m-fac-harbour",
            "facility_admin",
            None,
            Some("HARBOUR"),
        ),
        (
            FacilityOther,
            "m-fac-hill",
            "facility_admin",
            None,
            Some("HILL"),
        ),
        (
            VaccinatorHere,
            "m-vac-harbour",
            "vaccinator",
            None,
            Some("HARBOUR"),
        ),
        (
            VaccinatorOther,
            "m-vac-hill",
            "vaccinator",
            None,
            Some("HILL"),
        ),
        (Auditor, "m-auditor", "auditor", None, None),
        (AuditorOther, "m-auditor-c", "auditor", Some("XX-C"), None),
        (Verifier, "m-verifier", "verifier", None, None),
        (ExpiredStaff, "m-stale", "vaccinator", None, Some("HARBOUR")),
    ];
    for (_, username, role, region, facility) in staff {
        seed_staff(app, username, role, *region, *facility);
    }
    let mut tokens: Vec<(Who, Option<String>)> = vec![
        (NoToken, None),
        (Garbage, Some(vaxkit_store::repo::random_hex(32))),
    ];
    // Tokens that go stale: made, then left idle past both expiries.
    tokens.push((ExpiredCitizen, Some(login(app).await.token)));
    tokens.push((ExpiredStaff, Some(staff_login(app, "m-stale").await.token)));
    app.clock.advance(chrono::Duration::minutes(
        vaxkit_core::staff::STAFF_IDLE_MINUTES + 1,
    ));
    let gone = login(app).await;
    let r = gone.post("/api/v1/auth/logout", &json!({})).await;
    assert_eq!(r.status(), StatusCode::NO_CONTENT);
    tokens.push((LoggedOut, Some(gone.token.clone())));

    let owner: Citizen<'_> = login(app).await;
    let other = login(app).await;
    let person = owner.add("Asha Ownerperson", "1980-05-17").await;
    let vaccinated_id = national_id();
    let r = owner
        .post(
            "/api/v1/beneficiaries",
            &new_person("Ravi Ownerperson", "1979-02-11", &vaccinated_id),
        )
        .await;
    assert_eq!(r.status(), StatusCode::CREATED);
    let vaccinated = r.json::<Value>().await.unwrap()["reference"]
        .as_str()
        .unwrap()
        .to_string();
    let removable = owner.add("Mira Ownerperson", "2001-07-07").await;
    let unbooked = owner.add("Tara Ownerperson", "1995-09-09").await;
    let r = owner
        .post(
            "/api/v1/appointments",
            &json!({ "session_id": today, "slot": "16:00-18:00", "beneficiaries": [person] }),
        )
        .await;
    assert_eq!(
        r.status(),
        StatusCode::CREATED,
        "{}",
        r.text().await.unwrap()
    );
    let booked: Value = r.json().await.unwrap();
    let slip = &booked["appointments"][0];
    let appointment = slip["appointment_id"].as_str().unwrap().to_string();
    let security_code = slip["security_code"].as_str().unwrap().to_string();
    let vaccinator = staff_actor(app, "m-vac-harbour");
    let entry = DoseInput::new(
        "matrix-card",
        "comirnaty",
        "CARD1",
        Some(1),
        Some("from the card"),
    )
    .unwrap();
    let dose = vaccination::record(&app.core, &vaccinator, &vaccinated, &entry, app.clock.now())
        .unwrap()
        .dose
        .reference;

    tokens.push((Owner, Some(owner.token.clone())));
    tokens.push((OtherCitizen, Some(other.token.clone())));
    for (who, username, ..) in staff {
        if *who != ExpiredStaff {
            tokens.push((*who, Some(staff_login(app, username).await.token)));
        }
    }
    let secrets = vec![
        person.clone(),
        vaccinated.clone(),
        removable.clone(),
        unbooked.clone(),
        appointment.clone(),
        dose.clone(),
        vaccinated_id.clone(),
        "Ownerperson".to_string(),
        owner.mobile.clone(),
    ];
    Matrix {
        refs: Refs {
            person,
            vaccinated,
            vaccinated_id,
            removable,
            unbooked,
            appointment,
            security_code,
            dose,
            facility: "HARBOUR".into(),
            session,
            other_session,
        },
        tokens,
        secrets,
    }
}

async fn send(
    app: &TestApp,
    method: &str,
    url: &str,
    body: &Option<Value>,
    token: &Option<String>,
) -> reqwest::Response {
    let method = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
    let mut request = app.client.request(method, app.url(url));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    if let Some(body) = body {
        request = request.json(body);
    }
    request.send().await.unwrap()
}

/// Every operation the served document describes, as (method, path).
async fn documented(app: &TestApp) -> BTreeSet<(String, String)> {
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            ops.insert((method.clone(), path.clone()));
            let public = ROWS
                .iter()
                .any(|(m, p, a)| m == method && p == path && matches!(a, Access::Public));
            assert_eq!(
                secured, !public,
                "{method} {path}: the table and the document disagree on whether it needs a login"
            );
        }
    }
    ops
}

both_backends!(
    every_endpoint_refuses_whoever_may_not_and_never_tells_what_exists,
    profile = |p| p.rate_limits.per_ip_per_minute = 1_000_000,
    |app| async move {
        let m = set_up(&app).await;
        let doc = documented(&app).await;
        let table: BTreeSet<(String, String)> = ROWS
            .iter()
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        let missing: Vec<_> = doc.difference(&table).collect();
        assert!(missing.is_empty(), "operations without a row: {missing:?}");
        let stale: Vec<_> = table.difference(&doc).collect();
        assert!(stale.is_empty(), "rows for no operation: {stale:?}");

        let mut refs = m.refs.clone();
        let missing_refs = m.refs.missing();
        let mut secrets = m.secrets.clone();
        let mut problems = Vec::new();
        let mut requests = 0usize;
        for (n, (method, path, access)) in ROWS.iter().enumerate() {
            let Access::Only(allowed) = access else {
                continue;
            };
            let (url, body) = request(method, path, &refs, n)
                .unwrap_or_else(|| panic!("{method} {path}: no request in the table"));
            let (bogus_url, bogus_body) = request(method, path, &missing_refs, n).unwrap();
            let names_something = url != bogus_url || body != bogus_body;
            for who in EVERYONE.iter().filter(|w| !allowed.contains(w)) {
                let token = &m.tokens.iter().find(|(w, _)| w == who).unwrap().1;
                let response = send(&app, method, &url, &body, token).await;
                requests += 1;
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                let what = format!("{method} {path} as {who:?}");
                if NO_LOGIN.contains(who) {
                    if status != StatusCode::UNAUTHORIZED {
                        problems.push(format!("{what}: {status} without a login: {text}"));
                    }
                } else if status.is_success() {
                    if *method != "get" {
                        problems.push(format!("{what}: a refused write answered {status}"));
                    }
                    if let Some(secret) = secrets.iter().find(|s| text.contains(s.as_str())) {
                        problems.push(format!("{what}: shows the owner's `{secret}`"));
                    }
                } else if status.is_server_error() {
                    problems.push(format!("{what}: {status} {text}"));
                }
                if names_something {
                    let real = verdict_of(status, &text);
                    let response = send(&app, method, &bogus_url, &bogus_body, token).await;
                    requests += 1;
                    let bogus_status = response.status();
                    let bogus =
                        verdict_of(bogus_status, &response.text().await.unwrap_or_default());
                    if real != bogus {
                        problems.push(format!(
                            "{what}: the owner's object answers {real:?}, a missing one {bogus:?}"
                        ));
                    }
                }
            }
            // The row's first allowed caller gets through: the endpoint works, and no refused
            // write above took its object away. Reads work for every allowed caller.
            let check: &[Who] = if *method == "get" {
                allowed
            } else {
                &allowed[..1]
            };
            for who in check {
                let token = &m.tokens.iter().find(|(w, _)| w == who).unwrap().1;
                let response = send(&app, method, &url, &body, token).await;
                requests += 1;
                let status = response.status();
                let text = response.text().await.unwrap_or_default();
                if !status.is_success() {
                    problems.push(format!(
                        "{method} {path} as allowed {who:?}: {status} {text}"
                    ));
                }
                // Rescheduling makes a new appointment; the rows after it use that one.
                if path.ends_with("/reschedule") && status.is_success() {
                    let moved: Value = serde_json::from_str(&text).unwrap();
                    refs.appointment = moved["appointment_id"].as_str().unwrap().to_string();
                    secrets.push(refs.appointment.clone());
                }
            }
        }
        assert!(
            problems.is_empty(),
            "{} problems in {requests} requests:\n{}",
            problems.len(),
            problems.join("\n")
        );
        assert!(requests > 500, "{requests} requests");
    }
);

/// What a refusal says: the status, the error code, and for a batch the status and code of
/// each item.
fn verdict_of(status: StatusCode, text: &str) -> (StatusCode, String, String) {
    let body: Value = serde_json::from_str(text).unwrap_or(Value::Null);
    let code = body["error"]["code"].as_str().unwrap_or("").to_string();
    let items = body["results"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| format!("{}/{}", i["status"], i["error"]["code"]))
                .collect::<Vec<_>>()
                .join(",")
        })
        .unwrap_or_default();
    (status, code, items)
}
