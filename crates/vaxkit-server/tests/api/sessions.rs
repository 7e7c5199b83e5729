//! Finding sessions: by region or postal code for a day, a facility's week, filters, and
//! a cache that is never stale about capacity after a booking.

use reqwest::StatusCode;
use serde_json::Value;

use crate::citizen::{book, login, world};
use crate::helpers::assert_error;

both_backends!(
    search_by_region_and_postal_code_with_filters,
    |app| async move {
        let w = world(&app);
        let day: Value = app
            .get("/api/v1/sessions?date=2021-06-02&region=XX-N")
            .await
            .json()
            .await
            .unwrap();
        let centres = day["centres"].as_array().unwrap();
        assert_eq!(centres.len(), 1, "{day}");
        assert_eq!(centres[0]["facility"]["code"], "HARBOUR");
        let s = &centres[0]["sessions"][0];
        assert_eq!(s["session_id"], w.harbour.as_str());
        assert_eq!(s["vaccine_name"], "Comirnaty");
        assert_eq!(s["available"], 10);
        assert_eq!(s["available_by_dose"][1]["dose"], 2);
        assert_eq!(s["slots"][0], "09:00-11:00");
        let all: Value = app
            .get("/api/v1/sessions?date=2021-06-02&region=XX-C")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(all["centres"][0]["sessions"][0]["vaccine"], "ad26");
        let by_postal: Value = app
            .get("/api/v1/sessions?date=2021-06-03&postal_code=10002")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            by_postal["centres"][0]["sessions"][0]["session_id"],
            w.hill_small.as_str()
        );
        let none: Value = app
            .get("/api/v1/sessions?date=2021-06-02&region=XX-C&vaccine=comirnaty")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(none["centres"].as_array().unwrap().len(), 0);
        let dose2: Value = app
            .get("/api/v1/sessions?date=2021-06-09&region=XX-N&dose=1")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            dose2["centres"].as_array().unwrap().len(),
            0,
            "that session offers dose 2 only"
        );
        let child: Value = app
            .get("/api/v1/sessions?date=2021-06-02&region=XX-N&age=11")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            child["centres"].as_array().unwrap().len(),
            0,
            "sessions are 12+"
        );
        assert_error(
            app.get("/api/v1/sessions?date=2021-02-30&region=XX-N")
                .await,
            StatusCode::BAD_REQUEST,
            "invalid_date",
        )
        .await;
        assert_error(
            app.get("/api/v1/sessions?date=2021-06-02").await,
            StatusCode::BAD_REQUEST,
            "invalid_query",
        )
        .await;
        assert_error(
            app.get("/api/v1/sessions?date=2021-06-02&region=XX-N&vaccine=nope")
                .await,
            StatusCode::BAD_REQUEST,
            "unknown_vaccine",
        )
        .await;
    }
);

both_backends!(a_facility_calendar_covers_seven_days, |app| async move {
    world(&app);
    let week: Value = app
        .get("/api/v1/facilities/HARBOUR/calendar?date=2021-06-02")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(week["from"], "2021-06-02");
    assert_eq!(week["until"], "2021-06-08");
    let dates: Vec<&str> = week["centre"]["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["date"].as_str().unwrap())
        .collect();
    assert_eq!(dates, ["2021-06-02"], "9 June is outside the week");
    let next: Value = app
        .get("/api/v1/facilities/HARBOUR/calendar?date=2021-06-03")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(next["centre"]["sessions"][0]["date"], "2021-06-09");
    assert_error(
        app.get("/api/v1/facilities/NOPE/calendar?date=2021-06-02")
            .await,
        StatusCode::NOT_FOUND,
        "facility_not_found",
    )
    .await;
});

both_backends!(cached_answers_follow_bookings, |app| async move {
    let w = world(&app);
    let url = "/api/v1/sessions?date=2021-06-03&region=XX-N-02";
    let before: Value = app.get(url).await.json().await.unwrap();
    assert_eq!(before["centres"][0]["sessions"][0]["available"], 2);
    let c = login(&app).await;
    let person = c.add("Asha", "1980-05-17").await;
    assert_eq!(
        book(&c, &w.hill_small, &[&person]).await.status(),
        StatusCode::CREATED
    );
    let after: Value = app.get(url).await.json().await.unwrap();
    assert_eq!(
        after["centres"][0]["sessions"][0]["available"], 1,
        "the cached answer was dropped"
    );
    let week: Value = app
        .get("/api/v1/facilities/HILL/calendar?date=2021-06-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(week["centre"]["sessions"][0]["available"], 1);
});

/// Makes `count` facilities in region `region`, each with one session on 2 June; their codes.
pub fn centres_with_sessions(
    app: &crate::helpers::TestApp,
    region: &str,
    count: usize,
) -> Vec<String> {
    (0..count)
        .map(|i| {
            let (code, name) = (format!("PAGE{i:02}"), format!("Page Clinic {i:02}"));
            crate::citizen::facility_with_session(app, (&code, &name, region), "2021-06-02", 10);
            code
        })
        .collect()
}

both_backends!(
    a_search_answers_its_centres_a_page_at_a_time,
    profile = |profile| profile.appointments.search_page_size = 2,
    |app| async move {
        let made = centres_with_sessions(&app, "XX-N-01", 5);
        let page = |n: u32| {
            let app = &app;
            async move {
                let url = format!("/api/v1/sessions?date=2021-06-02&region=XX-N&page={n}");
                let answer: Value = app.get(&url).await.json().await.unwrap();
                answer
            }
        };
        let codes = |answer: &Value| -> Vec<String> {
            answer["centres"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["facility"]["code"].as_str().unwrap().to_string())
                .collect()
        };
        let mut seen = Vec::new();
        for (n, size) in [(1, 2), (2, 2), (3, 1)] {
            let answer = page(n).await;
            assert_eq!(answer["page"], n, "{answer}");
            assert_eq!(answer["pages"], 3, "{answer}");
            assert_eq!(answer["total"], 5, "{answer}");
            assert_eq!(codes(&answer).len(), size, "page {n}: {answer}");
            seen.extend(codes(&answer));
        }
        // Every centre once, over the pages; the first page is the default.
        let mut sorted = seen.clone();
        sorted.sort();
        assert_eq!(sorted, made);
        let first: Value = app
            .get("/api/v1/sessions?date=2021-06-02&region=XX-N")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(codes(&first), seen[..2]);
        // Past the last page: nothing on it, and where the pages end.
        let past = page(4).await;
        assert_eq!(codes(&past), Vec::<String>::new());
        assert_eq!(past["pages"], 3);
        for (bad, code) in [
            ("0", "invalid_query"),
            ("-1", "invalid_field"),
            ("two", "invalid_field"),
        ] {
            assert_error(
                app.get(&format!(
                    "/api/v1/sessions?date=2021-06-02&region=XX-N&page={bad}"
                ))
                .await,
                StatusCode::BAD_REQUEST,
                code,
            )
            .await;
        }
        // Nothing found: no pages.
        let none: Value = app
            .get("/api/v1/sessions?date=2021-06-02&region=XX-C&vaccine=comirnaty")
            .await
            .json()
            .await
            .unwrap();
        assert_eq!((&none["pages"], &none["total"]), (&0.into(), &0.into()));
    }
);
