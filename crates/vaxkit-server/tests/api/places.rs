//! Regions and facilities: the tree from the profile, centres by region (with the
//! regions under it), by postal code and nearest a point.

use reqwest::StatusCode;
use serde_json::Value;

use crate::citizen::world;
use crate::helpers::assert_error;

both_backends!(regions_come_from_the_profile, |app| async move {
    let top: Value = app.get("/api/v1/regions").await.json().await.unwrap();
    let codes: Vec<&str> = top["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["XX-N", "XX-S", "XX-C"]);
    assert_eq!(top["regions"][0]["level"], "province");
    assert_eq!(top["regions"][0]["has_children"], true);
    let north: Value = app
        .get("/api/v1/regions?parent=XX-N")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(north["regions"].as_array().unwrap().len(), 3);
    assert_eq!(north["regions"][0]["has_children"], false);
    assert_error(
        app.get("/api/v1/regions?parent=XX-Q").await,
        StatusCode::NOT_FOUND,
        "region_not_found",
    )
    .await;
});

both_backends!(region_names_speak_the_request_language, |app| async move {
    let names = |v: &Value| -> Vec<String> {
        v["regions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap().to_string())
            .collect()
    };
    let en: Value = app.get("/api/v1/regions").await.json().await.unwrap();
    assert_eq!(names(&en)[0], "Northern Province");
    let ar: Value = app
        .get_in("/api/v1/regions", "ar")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&ar)[0], "المحافظة الشمالية");
    let fr: Value = app
        .get("/api/v1/regions?parent=XX-C&lang=fr")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&fr), ["Vieille Ville", "Ville Nouvelle"]);
    // Old City has no Arabic name in the file: its usual name stands in.
    let ar: Value = app
        .get("/api/v1/regions?parent=XX-C&lang=ar")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(&ar), ["Old City", "المدينة الجديدة"]);
});

both_backends!(
    facilities_by_region_postal_code_and_distance,
    |app| async move {
        world(&app);
        let names = |v: &Value| -> Vec<String> {
            v["facilities"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["code"].as_str().unwrap().to_string())
                .collect()
        };
        let north: Value = app
            .get("/api/v1/facilities?region=XX-N")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(names(&north), ["HARBOUR", "HILL"]);
        assert_eq!(north["facilities"][0]["regions"][0]["code"], "XX-N");
        assert_eq!(north["facilities"][0]["regions"][1]["code"], "XX-N-01");
        let district: Value = app
            .get("/api/v1/facilities?region=XX-N-02")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(names(&district), ["HILL"]);
        let postal: Value = app
            .get("/api/v1/facilities?postal_code=20001")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(names(&postal), ["CAPITAL"]);
        let near: Value = app
            .get("/api/v1/facilities?lat=24.5&lon=54.4&limit=2")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(names(&near), ["CAPITAL", "HARBOUR"]);
        let first = near["facilities"][0]["distance_km"].as_f64().unwrap();
        assert!(first > 5.0 && first < 7.0, "{first}");
        assert_error(
            app.get("/api/v1/facilities?postal_code=ABC").await,
            StatusCode::BAD_REQUEST,
            "invalid_postal_code",
        )
        .await;
        assert_error(
            app.get("/api/v1/facilities?lat=95&lon=10").await,
            StatusCode::BAD_REQUEST,
            "invalid_coordinates",
        )
        .await;
        assert_error(
            app.get("/api/v1/facilities").await,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        )
        .await;
        assert_error(
            app.get("/api/v1/facilities?region=XX-N&postal_code=10001")
                .await,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        )
        .await;
        assert_error(
            app.get("/api/v1/facilities?region=XX-N&color=red").await,
            StatusCode::BAD_REQUEST,
            "unknown_field",
        )
        .await;
    }
);
