//! The questionnaire in a real browser: headless Chromium driven through
//! chromedriver fills the offline page and saves the answers file, fills the
//! served page and sends it, checks both with axe-core and at phone width,
//! and `aggregate` over what came back gives the expected means.
//!
//! It needs `chromium`, `chromedriver` and axe-core (`npm install --prefix
//! target/browser-tools axe-core`); without them it says so and passes,
//! unless PARTNERSCOPE_BROWSER_TESTS=required, as in CI.

#[path = "collector.rs"]
#[allow(dead_code)]
mod collector;
#[path = "support.rs"]
#[allow(dead_code)]
mod support;

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};

use collector::{Collector, PATIENCE};
use support::{partnerscope, root, run_ok, stderr_of};

/// The answers the two members give to every chosen question.
const OFFLINE_POINT: u64 = 4;
const SERVED_POINT: u64 = 2;

/// What the test needs from the machine, or why it cannot run.
struct Tools {
    chromium: PathBuf,
    chromedriver: PathBuf,
    axe: String,
}

fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

fn tools() -> Result<Tools, String> {
    let chromium = find_on_path(&["chromium", "chromium-browser", "google-chrome"])
        .ok_or("no chromium on PATH")?;
    let chromedriver = find_on_path(&["chromedriver"]).ok_or("no chromedriver on PATH")?;
    let axe_path = std::env::var_os("AXE_CORE_JS").map_or_else(
        || root().join("target/browser-tools/node_modules/axe-core/axe.min.js"),
        PathBuf::from,
    );
    let axe = std::fs::read_to_string(&axe_path)
        .map_err(|e| format!("no axe-core at {}: {e}", axe_path.display()))?;
    Ok(Tools {
        chromium,
        chromedriver,
        axe,
    })
}

/// chromedriver on a free loopback port, stopped when dropped.
struct Driver {
    process: Child,
    port: u16,
}

impl Driver {
    fn start(binary: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let process = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(start.elapsed() < PATIENCE, "chromedriver never listened");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { process, port }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

async fn browser(driver: &Driver, chromium: &Path, downloads: &Path) -> Client {
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
            // A phone's screen: desktop windows cannot be made this narrow.
            "mobileEmulation": { "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 3.0 } },
            "prefs": {
                "download.default_directory": downloads,
                "download.prompt_for_download": false,
            },
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a browser session")
}

/// Non-reversed scale questions on continuous communication, so that a point
/// maps straight onto the component's score.
fn communication_questions() -> Vec<String> {
    let doc: Value = serde_json::from_str(&run_ok(partnerscope().args([
        "questions",
        "--bank",
        "self-reflection",
        "--format",
        "json",
    ])))
    .unwrap();
    doc["banks"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|q| q["kind"] == "scale" && q.get("reverse").is_none())
        .filter(|q| {
            q["measures"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["component"] == "continuous-communication")
        })
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

/// Clicks each question's radio button for `point`, as a member would.
/// The questionnaire for Riverside asking `part`, written to `path`.
fn form(path: &Path, part: &str) -> PathBuf {
    let out = partnerscope()
        .args([
            "form",
            "--partnership",
            "Riverside",
            "--parts",
            part,
            "--output",
        ])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    path.to_path_buf()
}

/// How many answers the page shows chosen.
async fn checked_answers(client: &Client) -> Value {
    client
        .execute(
            "return document.querySelectorAll('input[type=radio]:checked').length;",
            vec![],
        )
        .await
        .unwrap()
}

async fn answer(client: &Client, questions: &[String], point: u64) {
    for id in questions {
        let radio = format!("input[name=\"{id}\"][value=\"{point}\"]");
        client
            .find(Locator::Css(&radio))
            .await
            .unwrap()
            .click()
            .await
            .unwrap_or_else(|e| panic!("cannot click {radio}: {e}"));
    }
}

/// Serious or critical axe-core findings, and whether the page scrolls
/// sideways at 390 px.
async fn check_page(client: &Client, axe: &str, which: &str) {
    let width: Value = client
        .execute(
            "return [window.innerWidth, document.documentElement.scrollWidth];",
            vec![],
        )
        .await
        .unwrap();
    let (inner, scroll) = (width[0].as_u64().unwrap(), width[1].as_u64().unwrap());
    assert!(
        inner <= 400,
        "{which}: the window is {inner} px wide, not a phone's"
    );
    assert!(
        scroll <= inner,
        "{which}: scrolls sideways ({scroll} px in {inner} px)"
    );

    client.execute(axe, vec![]).await.unwrap();
    let found = client
        .execute_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document).then(r => done(r.violations
                 .filter(v => v.impact === "serious" || v.impact === "critical")
                 .map(v => v.id + ": " + v.help + " (" + v.nodes.length + ")")),
                 e => done(["axe failed: " + e]));"#,
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(found, json!([]), "{which}: accessibility problems");
}

async fn status_text(client: &Client) -> String {
    client
        .find(Locator::Id("status"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Waits for one finished download in `dir` and returns it.
fn downloaded(dir: &Path) -> PathBuf {
    let start = Instant::now();
    loop {
        let files: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        if let [file] = files.as_slice() {
            return file.clone();
        }
        assert!(
            start.elapsed() < PATIENCE,
            "nothing was downloaded: {files:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[tokio::test(flavor = "current_thread")]
async fn members_answer_offline_and_live_and_the_answers_aggregate() {
    let tools = match tools() {
        Ok(tools) => tools,
        Err(why) if std::env::var("PARTNERSCOPE_BROWSER_TESTS").as_deref() != Ok("required") => {
            eprintln!("browser test skipped: {why} (install chromium, chromium-driver and axe-core, or see .ci/run)");
            return;
        }
        Err(why) => panic!("browser test required but cannot run: {why}"),
    };
    let work = tempfile::tempdir().unwrap();
    let downloads = work.path().join("downloads");
    let collected = work.path().join("collected");
    std::fs::create_dir(&downloads).unwrap();
    let questions = communication_questions();

    let page = form(&work.path().join("questionnaire.html"), "self-reflection");

    let driver = Driver::start(&tools.chromedriver);
    let client = browser(&driver, &tools.chromium, &downloads).await;

    // Offline: fill in, come back later, save the answers file.
    client
        .goto(&format!("file://{}", page.display()))
        .await
        .unwrap();
    check_page(&client, &tools.axe, "offline page").await;
    answer(&client, &questions, OFFLINE_POINT).await;
    client.refresh().await.unwrap();
    let kept = checked_answers(&client).await;
    assert_eq!(kept, json!(questions.len()), "answers survive a reload");

    // Another page for the same partnership, asking another part, keeps
    // what the first page's questions were given.
    let readiness_page = form(&work.path().join("readiness.html"), "readiness");
    client
        .goto(&format!("file://{}", readiness_page.display()))
        .await
        .unwrap();
    client
        .find(Locator::Css("input[type=radio]"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    client
        .goto(&format!("file://{}", page.display()))
        .await
        .unwrap();
    let kept = checked_answers(&client).await;
    assert_eq!(
        kept,
        json!(questions.len()),
        "another page's answers replaced this page's"
    );
    client
        .find(Locator::Id("save"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let saved = downloaded(&downloads);
    let name = saved.file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("answers-riverside-") && name.len() > 40,
        "{name}"
    );
    assert!(status_text(&client).await.contains(&name));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&saved).unwrap()).unwrap();
    assert!(doc["content_fingerprint"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));

    // Live: the served page sends the answers to `collect`.
    let collector = Collector::start(&collected, &["--parts", "self-reflection"]);
    client
        .goto(&format!("http://{}/?t={}", collector.addr, collector.token))
        .await
        .unwrap();
    check_page(&client, &tools.axe, "served page").await;
    answer(&client, &questions, SERVED_POINT).await;
    client
        .find(Locator::Id("send"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let start = Instant::now();
    while !status_text(&client).await.starts_with("Sent at") {
        assert!(
            start.elapsed() < PATIENCE,
            "never sent: {}",
            status_text(&client).await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    collector.wait_for("self-reflection: 1 started, 1 finished");
    client.close().await.unwrap();
    let (output, stderr) = collector.close();
    assert!(output.status.success(), "{stderr}");

    let out = partnerscope()
        .arg("aggregate")
        .arg(&saved)
        .arg(&collected)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let aggregate: Value = serde_json::from_slice(&out.stdout).unwrap();
    let profile = &aggregate["profiles"][0];
    assert_eq!(profile["members"], 2);
    let communication = profile["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "continuous-communication")
        .unwrap();
    // 4 on a 5-point scale is 75, 2 is 25.
    assert_eq!(communication["mean"], 50.0);
    assert_eq!(communication["min"], 25.0);
    assert_eq!(communication["max"], 75.0);
}
