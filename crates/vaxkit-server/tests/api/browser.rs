//! The pages in a real browser: Debian's chromium, headless, driven through chromedriver
//! (WebDriver, with fantoccini) against the real app on a fresh database, on SQLite and
//! PostgreSQL. Every page visited is checked with axe-core (no serious or critical WCAG 2.1 A
//! or AA violation) and kept as a screenshot under `target/screenshots/`.
//!
//! `.ci/run` installs chromium and chromium-driver when they are missing; axe-core comes from
//! npm on first use (`vaxkit_testkit::npm`). The window is 360 pixels wide, a small phone.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::citizen::{last_code, mobile, national_id, world};
use crate::helpers::TestApp;

/// The width of the phone the pages are tried on, in CSS pixels.
const PHONE_WIDTH: u32 = 360;

/// The axe-core release the pages are checked with.
const AXE: &str = "axe-core@4.14.1";

/// A headless chromium with its chromedriver; both stop when this is dropped.
pub struct Browser {
    pub client: Client,
    driver: Child,
    driver_url: String,
    axe: String,
    /// `<backend>-<flow>`: the screenshots' prefix.
    name: String,
}

impl Drop for Browser {
    /// Stops chromedriver and the chromium it started: they share a process group of their
    /// own, which goes whole (chromium outlives a chromedriver killed alone).
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `target/screenshots` of this workspace.
fn screenshot_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    target.join("screenshots")
}

impl Browser {
    /// Starts chromedriver and a 360-pixel-wide headless chromium.
    pub async fn start(name: &str) -> Browser {
        let driver_path = std::env::var("VAXKIT_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
        let port = free_port();
        let driver = Command::new(&driver_path)
            .arg(format!("--port={port}"))
            .process_group(0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("browser tests need {driver_path} (apt-get install chromium chromium-driver): {e}")
            });
        let driver_url = format!("http://127.0.0.1:{port}");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": std::env::var("VAXKIT_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".to_owned()),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=500,800", "--lang=en"],
            }),
        );
        let mut client = None;
        for _ in 0..100 {
            let connector = hyper_util::client::legacy::connect::HttpConnector::new();
            match ClientBuilder::new(connector)
                .capabilities(caps.clone())
                .connect(&driver_url)
                .await
            {
                Ok(c) => {
                    client = Some(c);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
        let client = client.expect("chromedriver did not start a session");
        let axe = vaxkit_testkit::npm::Npm::with(&[AXE]).read("axe-core/axe.min.js");
        std::fs::create_dir_all(screenshot_dir()).unwrap();
        let browser = Browser {
            client,
            driver,
            driver_url,
            axe,
            name: name.to_owned(),
        };
        // A small phone: headless chromium's window cannot be narrower than 500 pixels, so the
        // page is given a 360-pixel-wide viewport as a phone would.
        browser
            .cdp(
                "Emulation.setDeviceMetricsOverride",
                json!({ "width": PHONE_WIDTH, "height": 760, "deviceScaleFactor": 1, "mobile": true }),
            )
            .await;
        browser
    }

    /// Opens a page of the app.
    pub async fn open(&self, app: &TestApp, path: &str) {
        self.client.goto(&app.url(path)).await.unwrap();
    }

    /// The current path (and query).
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.unwrap();
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Types into the field `css`.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.client.find(Locator::Css(css)).await.unwrap();
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Clicks `css`.
    pub async fn click(&self, css: &str) {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .click()
            .await
            .unwrap();
    }

    /// The text of `css`.
    pub async fn text(&self, css: &str) -> String {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
            .text()
            .await
            .unwrap()
    }

    /// The value of an attribute of the root element (`lang`, `dir`).
    pub async fn html_attr(&self, name: &str) -> String {
        self.client
            .find(Locator::Css("html"))
            .await
            .unwrap()
            .attr(name)
            .await
            .unwrap()
            .unwrap_or_default()
    }

    /// Waits until `script` (a JavaScript expression) is true, up to 15 seconds.
    pub async fn wait_until(&self, script: &str) {
        for _ in 0..150 {
            let value = self
                .client
                .execute(&format!("return !!({script});"), vec![])
                .await
                .unwrap();
            if value == Value::Bool(true) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let html = self.client.source().await.unwrap_or_default();
        panic!("timed out waiting for {script}\n{html}");
    }

    /// Runs axe-core on the page: no serious or critical violation of WCAG 2.1 A and AA; then
    /// keeps a screenshot named `page`.
    pub async fn check(&self, page: &str) {
        self.client.execute(&self.axe, vec![]).await.unwrap();
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
                      .then(r => done(r.violations.filter(v => v.impact === "serious" || v.impact === "critical")
                                                   .map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.html).slice(0, 3) }))))
                      .catch(e => done([{ id: "axe-failed", impact: String(e) }]));"#,
                vec![],
            )
            .await
            .unwrap();
        // Usable on the phone: nothing wider than its screen (no sideways scrolling).
        let width = self
            .client
            .execute(
                "return [window.innerWidth, document.documentElement.scrollWidth];",
                vec![],
            )
            .await
            .unwrap();
        assert_eq!(
            width,
            json!([PHONE_WIDTH, PHONE_WIDTH]),
            "{page} is wider than the phone"
        );
        let png = self.client.screenshot().await.unwrap();
        let file = screenshot_dir().join(format!("{}-{page}.png", self.name));
        std::fs::write(&file, png).unwrap();
        assert_eq!(
            result,
            json!([]),
            "accessibility violations on {page} ({})",
            self.path().await
        );
    }

    /// Cuts the browser's network (or gives it back) through the DevTools protocol.
    pub async fn set_offline(&self, offline: bool) {
        self.cdp(
            "Network.emulateNetworkConditions",
            json!({ "offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
        )
        .await;
    }

    /// Sends a DevTools protocol command through chromedriver.
    async fn cdp(&self, cmd: &str, params: Value) {
        let session = self.client.session_id().await.unwrap().unwrap();
        let url = format!("{}/session/{session}/goog/cdp/execute", self.driver_url);
        let body = json!({ "cmd": cmd, "params": params });
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        let answer = client.post(url).json(&body).send().await.unwrap();
        assert!(
            answer.status().is_success(),
            "{}",
            answer.text().await.unwrap()
        );
    }
}

/// Logs in as a citizen through the pages in `lang`; returns the mobile number.
async fn citizen_logs_in(b: &Browser, app: &TestApp, lang: &str) -> String {
    b.open(app, &format!("/?lang={lang}")).await;
    b.check("home").await;
    b.open(app, "/login").await;
    b.check("login").await;
    let number = mobile();
    b.fill("#mobile", &number).await;
    b.click("form[action='/login'] button[type=submit]").await;
    b.wait_until("document.querySelector('#code')").await;
    b.check("login-code").await;
    let code = last_code(app, &format!("999{number}"));
    b.fill("#code", &code).await;
    b.click("form[action='/login/code'] button[type=submit]")
        .await;
    b.wait_until("location.pathname === '/me'").await;
    number
}

/// Citizen: log in, register two people, find a session, book both, open a slip.
async fn citizen_flow(app: &TestApp, lang: &str) {
    let w = world(app);
    let b = Browser::start(&format!("{:?}-citizen-{lang}", app.backend).to_lowercase()).await;
    citizen_logs_in(&b, app, lang).await;
    assert_eq!(b.html_attr("lang").await, lang);
    let dir = if lang == "ar" { "rtl" } else { "ltr" };
    assert_eq!(b.html_attr("dir").await, dir);
    b.check("family-empty").await;
    for (name, born) in [
        ("Amina Diallo", "1980-02-03"),
        ("Omar Diallo", "1975-07-09"),
    ] {
        b.open(app, "/me/people/new").await;
        b.fill("#name", name).await;
        // Dates typed as the browser's date field takes them.
        b.client
            .execute(
                "document.querySelector('#birth_date').value = arguments[0];",
                vec![json!(born)],
            )
            .await
            .unwrap();
        b.click("input[name=gender][value=female]").await;
        b.fill("#id_number", &national_id()).await;
        if name == "Amina Diallo" {
            b.check("person-new").await;
        }
        b.click("form[action='/me/people/new'] button[type=submit]")
            .await;
        b.wait_until("location.pathname === '/me'").await;
    }
    b.check("family").await;
    b.open(app, "/find?region=XX-N&date=2021-06-02").await;
    b.check("find").await;
    b.click(&format!("a[href='/me/book?session={}']", w.harbour))
        .await;
    b.wait_until("location.pathname === '/me/book'").await;
    for checkbox in b
        .client
        .find_all(Locator::Css("input[name=people]"))
        .await
        .unwrap()
    {
        checkbox.click().await.unwrap();
    }
    b.check("book").await;
    b.click("form[action='/me/book'] button[type=submit]").await;
    b.wait_until("location.pathname === '/me'").await;
    assert_eq!(crate::citizen::available(app, &w.harbour), 8);
    b.click("a[href^='/me/appointments/']").await;
    b.wait_until("document.querySelector('#security-code')")
        .await;
    let code = b.text("#security-code").await;
    assert_eq!(code.trim().len(), 4, "{code}");
    assert_eq!(b.html_attr("dir").await, dir);
    b.check("slip").await;
}

both_backends!(browser_citizen_in_english, |app| async move {
    citizen_flow(&app, "en").await;
});

both_backends!(browser_citizen_in_arabic, |app| async move {
    citizen_flow(&app, "ar").await;
});

/// Books `count` new people of one account into the Harbour session of 2 June (through the
/// core, as the citizen tests do) and moves the clock to that day; returns their references.
async fn booked_at_harbour(app: &TestApp, count: usize) -> Vec<String> {
    let w = world(app);
    let citizen = crate::citizen::login(app).await;
    let mut people = Vec::new();
    for i in 0..count {
        people.push(
            citizen
                .add(&format!("Person {i} Diallo"), "1980-02-03")
                .await,
        );
    }
    let refs: Vec<&str> = people.iter().map(String::as_str).collect();
    let r = crate::citizen::book(&citizen, &w.harbour, &refs).await;
    assert_eq!(r.status(), reqwest::StatusCode::CREATED);
    app.clock.advance(chrono::Duration::days(1));
    crate::staff::seed_staff(app, "nurse", "vaccinator", None, Some("HARBOUR"));
    people
}

/// Logs the vaccinator in through the staff page.
async fn vaccinator_logs_in(b: &Browser, app: &TestApp, lang: &str) {
    b.open(app, &format!("/staff/login?lang={lang}")).await;
    b.check("staff-login").await;
    b.fill("#username", "nurse").await;
    b.fill("#password", crate::staff::PASSWORD).await;
    b.click("form[action='/staff/login'] button[type=submit]")
        .await;
    b.wait_until("location.pathname === '/vaccinator'").await;
}

/// The doses recorded for a person, read from the store.
fn doses_of(app: &TestApp, reference: &str) -> usize {
    app.store
        .read(|c| {
            let b = vaxkit_store::repo::beneficiaries::by_reference(c, reference)?.unwrap();
            vaxkit_store::repo::doses::all_of(c, b.id)
        })
        .unwrap()
        .len()
}

both_backends!(browser_vaccinator_queue_and_record, |app| async move {
    let people = booked_at_harbour(&app, 1).await;
    let b = Browser::start(&format!("{:?}-vaccinator", app.backend).to_lowercase()).await;
    vaccinator_logs_in(&b, &app, "ar").await;
    assert_eq!(b.html_attr("dir").await, "rtl");
    b.check("queue").await;
    b.click("ul.queue a.button").await;
    b.wait_until("location.pathname.startsWith('/vaccinator/record/')")
        .await;
    b.fill("#batch", "EX1234").await;
    b.check("record").await;
    b.click("button.big").await;
    b.wait_until("location.search.startsWith('?recorded=')")
        .await;
    b.check("queue-recorded").await;
    assert_eq!(doses_of(&app, &people[0]), 1);
});

both_backends!(browser_offline_vaccinator, |app| async move {
    let people = booked_at_harbour(&app, 3).await;
    let b = Browser::start(&format!("{:?}-offline", app.backend).to_lowercase()).await;
    vaccinator_logs_in(&b, &app, "en").await;
    b.open(&app, "/vaccinator/offline").await;
    b.wait_until(
        "document.querySelector('#dose-form') && !document.querySelector('#dose-form').hidden",
    )
    .await;
    // The service worker keeps the page for when there is no connection.
    b.wait_until("window.__swReady || (navigator.serviceWorker.ready.then(() => window.__swReady = true), false)")
        .await;
    b.wait_until("window.__cached || (caches.match('/vaccinator/offline').then(r => window.__cached = !!r), false)")
        .await;

    b.set_offline(true).await;
    b.wait_until("!navigator.onLine").await;
    // Three doses, one for each person, and a fourth the schedule refuses (a second dose the
    // same day to the first person).
    let doses = [
        (&people[0], "1"),
        (&people[1], "1"),
        (&people[2], "1"),
        (&people[0], "2"),
    ];
    for (i, (person, dose)) in doses.iter().enumerate() {
        b.client
            .find(Locator::Css("#person"))
            .await
            .unwrap()
            .select_by_value(person)
            .await
            .unwrap();
        b.fill("#dose", dose).await;
        b.fill("#batch", "EX1234").await;
        b.click("#dose-form button[type=submit]").await;
        b.wait_until(&format!(
            "document.querySelector('#waiting').dataset.count === '{}'",
            i + 1
        ))
        .await;
    }
    // Nothing reached the server while offline.
    for person in &people {
        assert_eq!(doses_of(&app, person), 0);
    }
    assert!(b.text("#waiting").await.contains('4'));
    b.check("offline-waiting").await;

    b.set_offline(false).await;
    b.wait_until("document.querySelector('#waiting').dataset.count === '0'")
        .await;
    b.wait_until("document.querySelectorAll('#refusals li').length === 1")
        .await;
    let refusal = b.text("#refusals li").await;
    let refusal = refusal.replace(['\u{2068}', '\u{2069}'], "");
    assert!(refusal.starts_with("Person 0 Diallo: "), "{refusal}");
    assert!(refusal.contains("Too early for dose 2"), "{refusal}");
    b.check("offline-synced").await;
    // Each of the three doses arrived once, whatever the retries.
    tokio::time::sleep(Duration::from_secs(4)).await;
    for person in &people {
        assert_eq!(doses_of(&app, person), 1, "{person}");
    }
    // And the API says the same: the queue is empty now.
    let nurse = crate::staff::staff_actor(&app, "nurse");
    let today = app.core.today(app.clock.now());
    let queue = vaxkit_core::vaccination::queue(&app.core, &nurse, today).unwrap();
    assert!(queue.is_empty(), "{queue:?}");
});

both_backends!(browser_public_verify_and_dashboard, |app| async move {
    let citizen = crate::citizen::login(&app).await;
    let amina = citizen.add("Amina Diallo", "1980-02-03").await;
    crate::citizen::give(&app, &amina, 1, "comirnaty", "2021-05-20");
    let cert: Value = citizen
        .get(&format!("/api/v1/beneficiaries/{amina}/certificate"))
        .await
        .json()
        .await
        .unwrap();
    let qr = cert["eu_dcc"].as_str().unwrap().to_owned();
    let b = Browser::start(&format!("{:?}-public", app.backend).to_lowercase()).await;
    b.open(&app, "/verify?lang=fr").await;
    b.check("verify").await;
    // Pasted as a person would (typing 600 characters key by key is slow, and the same).
    b.client
        .execute(
            "document.querySelector('#qr').value = arguments[0];",
            vec![json!(qr)],
        )
        .await
        .unwrap();
    b.click("#verify-form button[type=submit]").await;
    b.wait_until("document.querySelector('#verdict')").await;
    assert!(
        b.text("#verdict")
            .await
            .contains("Ce certificat est valide.")
    );
    assert!(b.text("#holder").await.contains("Amina"));
    b.check("verify-valid").await;
    b.open(&app, "/dashboard?from=2021-05-15&until=2021-06-01&lang=ar")
        .await;
    assert_eq!(b.html_attr("dir").await, "rtl");
    assert_eq!(b.text("#total").await.trim(), "1");
    b.check("dashboard").await;
});

both_backends!(browser_admin_report_chart_and_csv, |app| async move {
    let citizen = crate::citizen::login(&app).await;
    let amina = citizen.add("Amina Diallo", "1980-02-03").await;
    crate::citizen::give(&app, &amina, 1, "comirnaty", "2021-05-20");
    crate::staff::seed_staff(&app, "chief", "national_admin", None, None);
    let b = Browser::start(&format!("{:?}-admin", app.backend).to_lowercase()).await;
    b.open(
        &app,
        "/staff/login?next=/admin/reports%3Ffrom%3D2021-05-15%26until%3D2021-06-01",
    )
    .await;
    b.fill("#username", "chief").await;
    b.fill("#password", crate::staff::PASSWORD).await;
    b.click("form[action='/staff/login'] button[type=submit]")
        .await;
    b.wait_until("location.pathname === '/admin/reports'").await;
    assert_eq!(b.text("#total").await.trim(), "1");
    let charts = b
        .client
        .find_all(Locator::Css("svg.chart rect"))
        .await
        .unwrap();
    assert!(!charts.is_empty());
    b.check("reports").await;
    // The CSV link downloads the same figures.
    let csv = b
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('#csv').href).then(r => r.text()).then(done);",
            vec![],
        )
        .await
        .unwrap();
    let csv = csv.as_str().unwrap();
    assert!(
        csv.starts_with("day,region,vaccine,dose,age_band,gender,count"),
        "{csv}"
    );
    assert!(csv.contains("2021-05-20,XX-C-01,comirnaty,1,"), "{csv}");
    b.open(&app, "/admin/facilities").await;
    b.check("facilities").await;
    b.open(&app, "/admin/aefi").await;
    b.check("aefi-list").await;
});
