//! Facilities administration: created, changed and closed only within one's scope; every
//! change in the audit log; a closed facility takes no bookings.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vaxkit_store::repo::audit;

use crate::citizen::{book, login, world};
use crate::helpers::assert_error;
use crate::staff::{seed_staff, staff_login};

fn facility(code: &str, region: &str) -> Value {
    json!({ "code": code, "name": "New Clinic", "address": "5 New Road", "region": region, "postal_code": "10005", "latitude": 25.3, "longitude": 55.4 })
}

both_backends!(
    region_admins_open_facilities_in_their_region,
    |app| async move {
        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        let north = staff_login(&app, "north").await;
        let r = north
            .post("/api/v1/admin/facilities", &facility("NEW-1", "XX-N-02"))
            .await;
        assert_eq!(
            r.status(),
            StatusCode::CREATED,
            "{}",
            r.text().await.unwrap()
        );
        let f: Value = r.json().await.unwrap();
        assert_eq!(f["regions"][1]["code"], "XX-N-02");
        assert_error(
            north
                .post("/api/v1/admin/facilities", &facility("NEW-1", "XX-N-02"))
                .await,
            StatusCode::CONFLICT,
            "facility_exists",
        )
        .await;
        assert_error(
            north
                .post("/api/v1/admin/facilities", &facility("NEW-2", "XX-S-01"))
                .await,
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        assert_error(
            north
                .post("/api/v1/admin/facilities", &facility("new 3", "XX-N-02"))
                .await,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_facility_code",
        )
        .await;
        assert_error(
            north
                .post("/api/v1/admin/facilities", &facility("NEW-4", "XX-Q"))
                .await,
            StatusCode::NOT_FOUND,
            "region_not_found",
        )
        .await;
        let mut bad_postal = facility("NEW-5", "XX-N-02");
        bad_postal["postal_code"] = json!("ABC");
        assert_error(
            north.post("/api/v1/admin/facilities", &bad_postal).await,
            StatusCode::BAD_REQUEST,
            "invalid_postal_code",
        )
        .await;
        // Citizens find it at once.
        let found: Value = app
            .get("/api/v1/facilities?region=XX-N-02")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(found["facilities"][0]["code"], "NEW-1");
        let log = app
            .store
            .read(|c| audit::for_entity(c, "facility", "NEW-1"))
            .unwrap();
        assert_eq!(log[0].action, "facility.create");
        assert_eq!(log[0].actor, "staff:north");
    }
);

both_backends!(
    closing_a_facility_stops_bookings_and_scopes_hold,
    |app| async move {
        let w = world(&app);
        seed_staff(&app, "north", "region_admin", Some("XX-N"), None);
        seed_staff(&app, "south", "region_admin", Some("XX-S"), None);
        seed_staff(
            &app,
            "harbour-admin",
            "facility_admin",
            None,
            Some("HARBOUR"),
        );
        seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
        let south = staff_login(&app, "south").await;
        let r = south
            .app
            .client
            .patch(app.url("/api/v1/admin/facilities/HARBOUR"))
            .bearer_auth(&south.token)
            .json(&json!({ "active": false }))
            .send()
            .await
            .unwrap();
        assert_error(r, StatusCode::NOT_FOUND, "facility_not_found").await;
        let listed: Value = south
            .get("/api/v1/admin/facilities")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listed, json!([]), "nothing in XX-S yet");

        let fa = staff_login(&app, "harbour-admin").await;
        let patch = |token: &str, body: Value| {
            app.client
                .patch(app.url("/api/v1/admin/facilities/HARBOUR"))
                .bearer_auth(token.to_string())
                .json(&body)
                .send()
        };
        let r = patch(&fa.token, json!({ "name": "Harbour Clinic (renamed)" }))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        assert_error(
            patch(&fa.token, json!({ "active": false })).await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;
        let vax = staff_login(&app, "vax").await;
        assert_error(
            patch(&vax.token, json!({ "name": "x" })).await.unwrap(),
            StatusCode::FORBIDDEN,
            "forbidden",
        )
        .await;

        let north = staff_login(&app, "north").await;
        let r = patch(&north.token, json!({ "active": false }))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let c = login(&app).await;
        let p = c.add("Asha", "1980-05-17").await;
        assert_error(
            book(&c, &w.harbour, &[&p]).await,
            StatusCode::NOT_FOUND,
            "session_not_found",
        )
        .await;
        let found: Value = app
            .get("/api/v1/facilities?region=XX-N-01")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            found["facilities"],
            json!([]),
            "closed facilities are not offered"
        );
        let listed: Value = north
            .get("/api/v1/admin/facilities")
            .await
            .json()
            .await
            .unwrap();
        let harbour = listed
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["code"] == "HARBOUR")
            .unwrap();
        assert_eq!(harbour["active"], false);
        let log = app
            .store
            .read(|c| audit::for_entity(c, "facility", "HARBOUR"))
            .unwrap();
        let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
        // The world's facilities are opened through the core too, so their creation is logged.
        assert_eq!(
            actions,
            ["facility.create", "facility.update", "facility.close"]
        );
        assert!(
            log[1]
                .before
                .as_deref()
                .unwrap()
                .contains("\"Harbour Clinic\"")
        );
    }
);
