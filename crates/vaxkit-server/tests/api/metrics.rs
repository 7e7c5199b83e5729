//! `/metrics` beyond requests: the database connections in use and idle per pool, the doses
//! recorded (a replay of a retried request not counted), and the grouped writes.

use reqwest::StatusCode;
use serde_json::json;

use crate::citizen::{login, world};
use crate::helpers::{Backend, TestApp};
use crate::staff::{seed_staff, staff_login};

async fn scrape(app: &TestApp) -> String {
    let r = app.get("/metrics").await;
    assert_eq!(r.status(), StatusCode::OK);
    r.text().await.unwrap()
}

both_backends!(metrics_show_pool_use_and_doses_recorded, |app| async move {
    let pool = match app.backend {
        Backend::Sqlite => "read",
        Backend::Postgres => "main",
    };
    let text = scrape(&app).await;
    assert!(text.contains("vaxkit_doses_recorded_total 0\n"), "{text}");
    assert!(
        text.contains(&format!("vaxkit_db_connections_max{{pool=\"{pool}\"}} 4\n")),
        "{text}"
    );
    if app.backend == Backend::Sqlite {
        assert!(
            text.contains("vaxkit_db_connections_max{pool=\"write\"} 1\n"),
            "{text}"
        );
    }

    // A connection held elsewhere shows as in use while it is held.
    let (held_tx, held) = std::sync::mpsc::channel();
    let (release, released) = std::sync::mpsc::channel::<()>();
    let store = app.store.clone();
    let holder = std::thread::spawn(move || {
        store
            .read(|_| {
                held_tx.send(()).unwrap();
                released.recv().unwrap();
                Ok(())
            })
            .unwrap();
    });
    held.recv().unwrap();
    let text = scrape(&app).await;
    assert!(
        text.contains(&format!(
            "vaxkit_db_connections{{pool=\"{pool}\",state=\"in_use\"}} 1\n"
        )),
        "{text}"
    );
    release.send(()).unwrap();
    holder.join().unwrap();
    let text = scrape(&app).await;
    assert!(
        text.contains(&format!(
            "vaxkit_db_connections{{pool=\"{pool}\",state=\"in_use\"}} 0\n"
        )),
        "{text}"
    );

    // Two doses recorded, one of them retried: two, not three.
    world(&app);
    let c = login(&app).await;
    let people = [
        c.add("Asha", "1980-05-17").await,
        c.add("Ravi", "1978-01-02").await,
    ];
    seed_staff(&app, "vax", "vaccinator", None, Some("HARBOUR"));
    let vax = staff_login(&app, "vax").await;
    let before = scrape(&app).await;
    for (i, key) in ["metrics-key-1", "metrics-key-2", "metrics-key-2"]
        .iter()
        .enumerate()
    {
        let r = vax
            .post(
                "/api/v1/vaccinator/doses",
                &json!({ "idempotency_key": key, "beneficiary": people[i.min(1)],
                             "vaccine": "comirnaty", "batch": "EW2246" }),
            )
            .await;
        assert!(r.status().is_success(), "{}", r.status());
    }
    let text = scrape(&app).await;
    assert!(text.contains("vaxkit_doses_recorded_total 2\n"), "{text}");
    // The two doses were written in shared transactions, which held a writer lane a while.
    let pieces = value(&text, "vaxkit_db_grouped_pieces_total")
        - value(&before, "vaxkit_db_grouped_pieces_total");
    let transactions = value(&text, "vaxkit_db_grouped_transactions_total")
        - value(&before, "vaxkit_db_grouped_transactions_total");
    assert!(pieces >= 2.0, "{before}\n{text}");
    assert!(
        transactions >= 1.0 && transactions <= pieces,
        "{before}\n{text}"
    );
    assert!(
        value(&text, "vaxkit_db_lanes_busy_seconds_total")
            > value(&before, "vaxkit_db_lanes_busy_seconds_total"),
        "{before}\n{text}"
    );
});

/// The value of a metric without labels in a scrape.
fn value(text: &str, name: &str) -> f64 {
    text.lines()
        .find_map(|l| l.strip_prefix(name)?.strip_prefix(' '))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {name} in {text}"))
}
