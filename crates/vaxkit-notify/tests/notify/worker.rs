//! The worker on both backends, with a real HTTP gateway on loopback: delivery, retries
//! and giving up on a failing, slow or absent gateway, a restart in the middle of a queue,
//! a worker that died holding a claim, and two workers on one database.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::watch;
use vaxkit_notify::gateway;
use vaxkit_notify::{Notifier, RetryPolicy, Worker, WorkerConfig, system_clock};
use vaxkit_store::Store;
use vaxkit_store::repo::outbox;

use crate::both_backends;
use crate::support::{
    Answer, Gateway, TestDb, counts, enqueue_sms, message, now, refused_url, settings,
};

fn config(max_attempts: u32, batch: i64) -> WorkerConfig {
    WorkerConfig {
        batch,
        concurrency: 8,
        idle_poll: Duration::from_millis(20),
        lease: Duration::from_secs(60),
        retry: RetryPolicy {
            max_attempts,
            first: Duration::from_millis(20),
            max: Duration::from_millis(80),
        },
    }
}

/// A worker sending through an `http` gateway whose body carries the outbox id.
fn worker(store: &Store, url: &str, timeout: Duration, config: WorkerConfig) -> Worker {
    let s = settings(&format!(
        r#"[sms]
gateway = "http"
url = "{url}"
body = '{{"to": "{{{{to_e164}}}}", "text": "{{{{text}}}}", "id": "{{{{message_id}}}}"}}'"#
    ));
    let g = gateway::with_secret(&s.sms, None, "254", timeout, 16).unwrap();
    Worker::new(
        store.clone(),
        Arc::new(Notifier::new(g, None, s.max_segments)),
        config,
        system_clock(),
    )
}

/// Drains until nothing waits (retries included), within a time limit.
async fn drain_all(w: &Worker, store: &Store) {
    let started = Instant::now();
    while counts(store).waiting > 0 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the outbox did not empty"
        );
        w.drain().await.unwrap();
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The outbox ids the gateway received, with how often each came.
fn received_ids(g: &Gateway) -> BTreeMap<i64, usize> {
    let mut seen = BTreeMap::new();
    for r in g.requests() {
        let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
        let id: i64 = v["id"].as_str().unwrap().parse().unwrap();
        *seen.entry(id).or_insert(0) += 1;
    }
    seen
}

both_backends!(
    sends_each_message_once_and_empties_login_codes,
    |db: TestDb| async move {
        let g = Gateway::answering(Answer::new(200, r#"{"ok": true}"#)).await;
        let otp = enqueue_sms(&db.store, "254712345678", "sms-otp", "Your code is 123456");
        let booked = enqueue_sms(
            &db.store,
            "254712345678",
            "sms-appointment-booked",
            "Booked",
        );
        let w = worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(3, 10),
        );
        let t = w.drain().await.unwrap();
        assert_eq!((t.claimed, t.sent), (2, 2));
        assert_eq!(w.drain().await.unwrap().claimed, 0, "each message once");
        assert_eq!(received_ids(&g), BTreeMap::from([(otp, 1), (booked, 1)]));
        let m = message(&db.store, otp);
        assert_eq!(m.body, "", "the login code is gone");
        assert!(m.sent_at.is_some() && m.next_attempt_at.is_none() && m.claimed_by.is_none());
        assert_eq!(m.attempts, 1);
        assert_eq!(message(&db.store, booked).body, "Booked");
        assert_eq!(
            counts(&db.store),
            outbox::Counts {
                waiting: 0,
                sent: 2,
                failed: 0
            }
        );
        // The texts reached the gateway intact.
        let texts: Vec<String> = g
            .requests()
            .iter()
            .map(|r| {
                serde_json::from_str::<serde_json::Value>(&r.body).unwrap()["text"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert!(
            texts.contains(&"Your code is 123456".to_string()),
            "{texts:?}"
        );
    }
);

both_backends!(
    a_gateway_answering_500_is_retried_then_the_message_fails,
    |db: TestDb| async move {
        let g = Gateway::answering(Answer::new(500, "Internal Server Error")).await;
        let otp = enqueue_sms(&db.store, "254712345678", "sms-otp", "Your code is 654321");
        let w = worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(3, 10),
        );
        let first = w.drain().await.unwrap();
        assert!(first.retried >= 1, "{first:?}");
        let m = message(&db.store, otp);
        assert!(m.attempts >= 1);
        assert!(m.next_attempt_at.is_some() || m.failed_at.is_some());
        drain_all(&w, &db.store).await;
        assert_eq!(g.count(), 3, "exactly max_attempts tries");
        let m = message(&db.store, otp);
        assert_eq!(m.attempts, 3);
        assert!(m.failed_at.is_some() && m.sent_at.is_none() && m.next_attempt_at.is_none());
        let error = m.last_error.unwrap();
        assert!(error.contains("HTTP 500"), "{error}");
        assert_eq!(
            m.body, "",
            "a login code that was never sent is not kept either"
        );
        assert_eq!(counts(&db.store).failed, 1);
    }
);

both_backends!(
    a_slow_gateway_times_out_and_is_retried,
    |db: TestDb| async move {
        let g = Gateway::start(|n, _| {
            if n == 0 {
                Answer::new(200, "{}").after(Duration::from_secs(3))
            } else {
                Answer::new(200, "{}")
            }
        })
        .await;
        let id = enqueue_sms(&db.store, "254712345678", "sms-x", "hello");
        let w = worker(
            &db.store,
            &g.url("/send"),
            Duration::from_millis(300),
            config(3, 10),
        );
        let started = Instant::now();
        let t = w.drain().await.unwrap();
        assert_eq!(t.retried, 1);
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "the timeout did not cut the wait"
        );
        let m = message(&db.store, id);
        assert!(
            m.last_error
                .as_deref()
                .unwrap()
                .contains("did not answer within 0.3 s"),
            "{m:?}"
        );
        drain_all(&w, &db.store).await;
        let m = message(&db.store, id);
        assert!(m.sent_at.is_some());
        assert_eq!(m.attempts, 2);
        assert_eq!(g.count(), 2);
    }
);

both_backends!(
    a_refused_connection_is_retried_then_fails,
    |db: TestDb| async move {
        let id = enqueue_sms(&db.store, "254712345678", "sms-x", "hello");
        let w = worker(
            &db.store,
            &refused_url(),
            Duration::from_secs(2),
            config(2, 10),
        );
        drain_all(&w, &db.store).await;
        let m = message(&db.store, id);
        assert_eq!(m.attempts, 2);
        assert!(m.failed_at.is_some());
        let error = m.last_error.unwrap();
        assert!(error.contains("cannot reach the gateway"), "{error}");
    }
);

both_backends!(
    a_refused_message_is_not_retried_and_a_passing_failure_recovers,
    |db: TestDb| async move {
        let g = Gateway::start(|_, r| {
            let v: serde_json::Value = serde_json::from_str(&r.body).unwrap();
            if v["to"] == "+254700000000" {
                Answer::new(400, r#"{"error": "invalid number"}"#)
            } else {
                Answer::new(200, "{}")
            }
        })
        .await;
        let bad = enqueue_sms(&db.store, "254700000000", "sms-x", "hello");
        let w = worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(5, 10),
        );
        drain_all(&w, &db.store).await;
        let m = message(&db.store, bad);
        assert_eq!((m.attempts, m.failed_at.is_some()), (1, true), "{m:?}");
        assert!(m.last_error.unwrap().contains("invalid number"));

        let flaky = Gateway::start(|n, _| {
            if n < 2 {
                Answer::new(503, "busy")
            } else {
                Answer::new(200, "{}")
            }
        })
        .await;
        let id = enqueue_sms(&db.store, "254712345678", "sms-x", "hello");
        let w = worker(
            &db.store,
            &flaky.url("/send"),
            Duration::from_secs(5),
            config(5, 10),
        );
        drain_all(&w, &db.store).await;
        let m = message(&db.store, id);
        assert_eq!((m.attempts, m.sent_at.is_some()), (3, true), "{m:?}");
        assert!(
            m.last_error.unwrap().contains("503"),
            "the last failure stays for support"
        );
    }
);

both_backends!(
    a_worker_stopped_mid_queue_loses_nothing_and_sends_nothing_twice,
    |db: TestDb| async move {
        let g = Gateway::answering(Answer::new(200, "{}").after(Duration::from_millis(5))).await;
        let ids: Vec<i64> = (0..300)
            .map(|i| enqueue_sms(&db.store, "254712345678", "sms-x", &format!("message {i}")))
            .collect();
        let first = Arc::new(worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(3, 50),
        ));
        let (stop, stopped) = watch::channel(false);
        let running = {
            let first = first.clone();
            tokio::spawn(async move { first.run(stopped).await })
        };
        while g.count() < 80 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        stop.send(true).unwrap();
        let t = running.await.unwrap();
        assert!(t.sent >= 80 && t.sent < 300, "stopped mid-queue: {t:?}");
        assert_eq!(t.lost_claims, 0);
        let c = counts(&db.store);
        assert_eq!(c.sent as usize, t.sent);
        assert_eq!(
            c.waiting as usize,
            300 - t.sent,
            "the rest waits, none held by the stopped worker"
        );
        let held: usize = ids
            .iter()
            .filter(|id| message(&db.store, **id).claimed_by.is_some())
            .count();
        assert_eq!(held, 0);

        let second = worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(3, 50),
        );
        let t2 = second.drain().await.unwrap();
        assert_eq!(t.sent + t2.sent, 300);
        let seen = received_ids(&g);
        assert_eq!(seen.len(), 300, "nothing lost");
        assert!(seen.values().all(|n| *n == 1), "nothing sent twice");
        assert_eq!(seen.keys().copied().collect::<Vec<_>>(), ids);
    }
);

both_backends!(
    messages_claimed_by_a_dead_worker_are_sent_when_its_lease_ends,
    |db: TestDb| async move {
        let g = Gateway::answering(Answer::new(200, "{}")).await;
        for i in 0..5 {
            enqueue_sms(&db.store, "254712345678", "sms-x", &format!("m{i}"));
        }
        let t = now();
        let claimed = db
            .store
            .write(|c| {
                outbox::claim(
                    c,
                    "dead-worker",
                    t,
                    t + chrono::Duration::milliseconds(400),
                    10,
                )
            })
            .unwrap();
        assert_eq!(claimed.len(), 5);
        let w = worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(3, 10),
        );
        assert_eq!(w.drain().await.unwrap().claimed, 0, "the lease holds");
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert_eq!(w.drain().await.unwrap().sent, 5, "nothing lost");
        // The dead worker's late results cannot overwrite the new holder's.
        let id = claimed[0].id;
        let late = db
            .store
            .write(|c| outbox::record_retry(c, id, "dead-worker", "late", now()))
            .unwrap();
        assert!(!late);
        assert!(message(&db.store, id).sent_at.is_some());
        assert_eq!(g.count(), 5);
    }
);

both_backends!(
    two_workers_on_one_database_send_each_message_once,
    |db: TestDb| async move {
        let g = Gateway::answering(Answer::new(200, "{}").after(Duration::from_millis(1))).await;
        let total = 1000;
        for i in 0..total {
            enqueue_sms(&db.store, "254712345678", "sms-x", &format!("message {i}"));
        }
        let a = Arc::new(worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(3, 25),
        ));
        let b = Arc::new(worker(
            &db.store,
            &g.url("/send"),
            Duration::from_secs(5),
            config(3, 25),
        ));
        let (ta, tb) = tokio::join!(
            {
                let a = a.clone();
                tokio::spawn(async move { a.drain().await.unwrap() })
            },
            {
                let b = b.clone();
                tokio::spawn(async move { b.drain().await.unwrap() })
            }
        );
        let (ta, tb) = (ta.unwrap(), tb.unwrap());
        assert_eq!(ta.sent + tb.sent, total);
        assert!(ta.sent > 0 && tb.sent > 0, "both worked: {ta:?} {tb:?}");
        assert_eq!(ta.lost_claims + tb.lost_claims, 0);
        let seen = received_ids(&g);
        assert_eq!(seen.len(), total);
        assert!(seen.values().all(|n| *n == 1), "a message was sent twice");
    }
);
