//! `form` and `collect` as members and a facilitator use them, over real
//! HTTP on a loopback port; and answers files read wherever results are.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::collector::{request, Collector};
use crate::support::{partnerscope, run_ok, stderr_of, stdout_of};

/// A member id as the page makes one: 32 hexadecimal digits.
fn member_id(n: usize) -> String {
    format!("{n:032x}")
}

/// The content fingerprint the served page carries.
fn fingerprint(collector: &Collector) -> String {
    let page = collector.send("GET", "/", "");
    assert_eq!(page.status, 200);
    let start = page.body.find("data-fingerprint=\"").unwrap() + 18;
    page.body[start..].split('"').next().unwrap().to_string()
}

/// Non-reversed scale questions on continuous communication, as the tests
/// of `aggregate` choose them, so a point maps straight onto the score.
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

fn answers_doc(fingerprint: &str, point: u64) -> Value {
    let answers: serde_json::Map<String, Value> = communication_questions()
        .into_iter()
        .map(|id| (id, json!(point)))
        .collect();
    json!({
        "schema_version": 1,
        "content_fingerprint": fingerprint,
        "partnership": "Riverside",
        "parts": ["self-reflection"],
        "answers": answers,
    })
}

fn submission(id: &str, answers: &Value) -> String {
    json!({ "id": id, "answers": answers }).to_string()
}

/// Every file in a folder, hidden ones too.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

fn communication_mean(aggregate: &Value) -> f64 {
    aggregate["profiles"][0]["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "continuous-communication")
        .unwrap()["mean"]
        .as_f64()
        .unwrap()
}

fn aggregate_json(inputs: &[&Path]) -> Value {
    let out = partnerscope()
        .arg("aggregate")
        .args(inputs)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn without_the_token_every_request_is_refused_and_nothing_else_is_said() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let fingerprint = fingerprint(&collector);
    let body = submission(&member_id(1), &answers_doc(&fingerprint, 4));
    for (method, target, body) in [
        ("GET", "/".to_string(), ""),
        ("GET", "/health".to_string(), ""),
        ("GET", "/nothing-here".to_string(), ""),
        ("GET", "/?t=0123".to_string(), ""),
        ("GET", format!("/?t={}x", collector.token), ""),
        ("POST", "/submit".to_string(), body.as_str()),
        ("POST", "/submit?t=wrong".to_string(), body.as_str()),
    ] {
        let reply = request(collector.addr, method, &target, body);
        assert_eq!(reply.status, 403, "{method} {target}");
        assert_eq!(reply.body, "", "{method} {target}");
    }
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn only_the_questionnaire_its_endpoints_and_a_health_check_are_served() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let page = collector.send("GET", "/", "");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<fieldset class=\"question\""));
    let csp = page
        .headers
        .lines()
        .find_map(|l| l.strip_prefix("Content-Security-Policy: "))
        .expect("the page has a Content-Security-Policy");
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(csp.contains("script-src 'sha256-"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(csp.contains("connect-src 'self'"), "{csp}");
    assert_eq!(collector.send("GET", "/health", "").status, 200);
    for path in [
        "/Cargo.toml",
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/questionnaire.html",
        "/submit/x",
        "//etc/passwd",
    ] {
        let reply = collector.send("GET", path, "");
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("[package]"), "{path}");
    }
    assert_eq!(collector.send("GET", "/submit", "").status, 405);
    assert_eq!(collector.send("DELETE", "/", "").status, 405);
}

#[test]
fn a_valid_submission_is_one_file_and_a_member_can_correct_it() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let fingerprint = fingerprint(&collector);
    let first = collector.send(
        "POST",
        "/submit",
        &submission(&member_id(7), &answers_doc(&fingerprint, 2)),
    );
    assert_eq!(first.status, 200, "{}", first.body);
    let files = files_in(dir.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_str().unwrap().to_string();
    assert!(
        !name.contains(&member_id(7)),
        "the file name is not taken from the request"
    );
    run_ok(partnerscope().args(["assess", "--answers"]).arg(&files[0]));
    assert_eq!(communication_mean(&aggregate_json(&[dir.path()])), 25.0);

    let corrected = collector.send(
        "POST",
        "/submit",
        &submission(&member_id(7), &answers_doc(&fingerprint, 5)),
    );
    assert_eq!(corrected.status, 200);
    assert_eq!(
        files_in(dir.path()),
        files,
        "the correction replaces the file"
    );
    assert_eq!(communication_mean(&aggregate_json(&[dir.path()])), 100.0);
    collector.wait_for("answers sent: 1");
}

#[test]
fn an_invalid_submission_is_refused_with_its_reason_and_leaves_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let fingerprint = fingerprint(&collector);
    let mut out_of_range = answers_doc(&fingerprint, 4);
    out_of_range["answers"]["sr-shared-vision"] = json!(9);
    let mut unknown = answers_doc(&fingerprint, 4);
    unknown["answers"]["sr-no-such-question"] = json!(3);
    let mut other_partnership = answers_doc(&fingerprint, 4);
    other_partnership["partnership"] = json!("Elsewhere");
    let old_page = answers_doc("sha256:0000000000000000", 4);
    let repeated = submission(&member_id(1), &out_of_range).replace(
        "\"sr-shared-vision\":9",
        "\"sr-shared-vision\":4,\"sr-shared-vision\":5",
    );
    let cases = [
        (repeated, "duplicate key 'sr-shared-vision'"),
        (
            submission(&member_id(1), &out_of_range),
            "'sr-shared-vision': 9 is not",
        ),
        (
            submission(&member_id(1), &unknown),
            "unknown question id 'sr-no-such-question'",
        ),
        (
            submission(&member_id(1), &other_partnership),
            "this collection is for 'Riverside'",
        ),
        (
            submission(&member_id(1), &old_page),
            "another version of the questionnaire",
        ),
        (
            submission("../../etc/passwd", &answers_doc(&fingerprint, 4)),
            "not a member id",
        ),
        ("{\"id\": 1".to_string(), "not a submission"),
        ("[]".to_string(), "not a submission"),
    ];
    for (body, reason) in cases {
        let reply = collector.send("POST", "/submit", &body);
        assert_eq!(reply.status, 400, "{body}");
        assert!(reply.body.contains(reason), "{} lacks {reason}", reply.body);
        assert_eq!(reply.body.lines().count(), 1, "{}", reply.body);
    }
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn an_oversized_body_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let fingerprint = fingerprint(&collector);
    let mut doc = answers_doc(&fingerprint, 4);
    doc["notes"] = json!({ "sr-shared-vision": "x".repeat(300 * 1024) });
    let reply = collector.send("POST", "/submit", &submission(&member_id(1), &doc));
    assert_eq!(reply.status, 413);
    assert!(files_in(dir.path()).is_empty());
    assert_eq!(
        collector.send("GET", "/health", "").status,
        200,
        "still serving"
    );
}

#[test]
fn sending_is_rate_limited_per_address() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &["--rate", "3"]);
    let fingerprint = fingerprint(&collector);
    let statuses: Vec<u16> = (0..5)
        .map(|n| {
            let body = submission(&member_id(n), &answers_doc(&fingerprint, 4));
            collector.send("POST", "/submit", &body).status
        })
        .collect();
    assert_eq!(statuses, [200, 200, 200, 429, 429]);
    assert_eq!(files_in(dir.path()).len(), 3);
    assert_eq!(
        collector.send("GET", "/", "").status,
        200,
        "reading is not limited"
    );
}

#[test]
fn fifty_members_sending_at_once_give_fifty_files() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &["--rate", "1000"]);
    let fingerprint = fingerprint(&collector);
    let statuses: Vec<u16> = std::thread::scope(|scope| {
        let sending: Vec<_> = (0..50)
            .map(|n| {
                let body = submission(&member_id(n), &answers_doc(&fingerprint, 1 + n as u64 % 5));
                let collector = &collector;
                scope.spawn(move || collector.send("POST", "/submit", &body).status)
            })
            .collect();
        sending.into_iter().map(|t| t.join().unwrap()).collect()
    });
    assert!(statuses.iter().all(|&s| s == 200), "{statuses:?}");
    assert_eq!(files_in(dir.path()).len(), 50);
    collector.wait_for("answers sent: 50");
    let (output, stderr) = collector.close();
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("The answers of 50 members are in"),
        "{stderr}"
    );
    // Ten members at each point from 1 to 5: a mean of 50 on 0-100.
    assert_eq!(communication_mean(&aggregate_json(&[dir.path()])), 50.0);
}

#[test]
fn the_live_count_shows_members_started_and_finished_per_part() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &["--parts", "self-reflection,readiness"]);
    let fingerprint = fingerprint(&collector);
    for n in 0..3 {
        let body = json!({ "id": member_id(n), "part": "self-reflection" }).to_string();
        assert_eq!(collector.send("POST", "/started", &body).status, 200);
    }
    let body = json!({ "id": member_id(0), "part": "key-steps" }).to_string();
    assert_eq!(
        collector.send("POST", "/started", &body).status,
        400,
        "not asked here"
    );
    collector.send(
        "POST",
        "/submit",
        &submission(&member_id(0), &answers_doc(&fingerprint, 4)),
    );
    collector.wait_for(
        "self-reflection: 3 started, 1 finished · readiness: 0 started, 0 finished · answers sent: 1",
    );
}

#[test]
fn closing_prints_the_group_summary_and_the_report_command() {
    let dir = tempfile::tempdir().unwrap();
    let collector = Collector::start(dir.path(), &[]);
    let fingerprint = fingerprint(&collector);
    for (n, point) in [(1, 5), (2, 3)] {
        let body = submission(&member_id(n), &answers_doc(&fingerprint, point));
        assert_eq!(collector.send("POST", "/submit", &body).status, 200);
    }
    let (output, stderr) = collector.close();
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("Listening on 127.0.0.1, port ") && stderr.contains("▄▄▄▄▄"),
        "the address is stated and drawn as a QR code: {stderr}"
    );
    let summary = stdout_of(&output);
    assert!(
        summary.contains("Riverside") && summary.contains("2 results from 2 members"),
        "{summary}"
    );
    assert!(summary.contains("Continuous communication"), "{summary}");
    assert!(
        stderr.contains("partnerscope aggregate ")
            && stderr.contains("--format html --output riverside-workshop.html"),
        "{stderr}"
    );
    assert_eq!(communication_mean(&aggregate_json(&[dir.path()])), 75.0);
}

#[test]
fn stopping_mid_request_leaves_no_partial_file() {
    use std::io::Write;
    for stop in ["q", "Ctrl-C"] {
        let dir = tempfile::tempdir().unwrap();
        let collector = Collector::start(dir.path(), &[]);
        let fingerprint = fingerprint(&collector);
        let body = submission(&member_id(3), &answers_doc(&fingerprint, 4));
        let mut half_sent = std::net::TcpStream::connect(collector.addr).unwrap();
        write!(
            half_sent,
            "POST /submit?t={} HTTP/1.1\r\nHost: x\r\nContent-Length: {}\r\n\r\n{}",
            collector.token,
            body.len(),
            &body[..body.len() / 2]
        )
        .unwrap();
        half_sent.flush().unwrap();
        assert_eq!(collector.send("GET", "/health", "").status, 200);
        let (output, stderr) = match stop {
            "q" => collector.close(),
            _ => collector.interrupt(),
        };
        assert!(output.status.success(), "{stop}: {stderr}");
        assert!(stderr.contains("No answers were sent"), "{stop}: {stderr}");
        assert!(
            files_in(dir.path()).is_empty(),
            "{stop}: {:?}",
            files_in(dir.path())
        );
        // The rest of the body arrives too late to be written anywhere.
        let _ = half_sent.write_all(&body.as_bytes()[body.len() / 2..]);
        assert!(files_in(dir.path()).is_empty(), "{stop}");
    }
}

#[test]
fn the_offline_form_is_one_page_that_asks_for_no_network() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("questionnaire.html");
    let out = partnerscope()
        .args([
            "form",
            "--partnership",
            "Riverside <CEP>",
            "--parts",
            "readiness",
            "--output",
        ])
        .arg(&page)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains("Riverside &lt;CEP&gt;"));
    assert!(html.contains("data-part=\"readiness\""));
    assert!(!html.contains("data-part=\"self-reflection\""));
    assert!(html.contains("connect-src &#39;none&#39;"));
    for remote in ["http://", "https://", "src=", "<link", "@import", "url("] {
        assert!(!html.contains(remote), "the page refers to {remote}");
    }
    let empty = partnerscope()
        .args(["form", "--partnership", " "])
        .output()
        .unwrap();
    assert_eq!(empty.status.code(), Some(2), "{}", stderr_of(&empty));
}

#[test]
fn aggregate_compare_and_report_read_answers_files_directly() {
    let dir = tempfile::tempdir().unwrap();
    let fingerprint = {
        let page = run_ok(partnerscope().args(["form", "--partnership", "Riverside"]));
        let start = page.find("data-fingerprint=\"").unwrap() + 18;
        page[start..].split('"').next().unwrap().to_string()
    };
    let saved = dir
        .path()
        .join("answers-riverside-2026-11-23-1a2b3c4d.json");
    std::fs::write(&saved, answers_doc(&fingerprint, 5).to_string()).unwrap();
    let toml = dir.path().join("member-b.toml");
    let mut text =
        "partnership = \"Riverside\"\nparts = [\"self-reflection\"]\n[answers]\n".to_string();
    for id in communication_questions() {
        text.push_str(&format!("{id} = 3\n"));
    }
    std::fs::write(&toml, text).unwrap();

    assert_eq!(communication_mean(&aggregate_json(&[&saved, &toml])), 75.0);
    // A folder: saved answers files are read beside results.
    let folder = dir.path().join("collected");
    std::fs::create_dir(&folder).unwrap();
    std::fs::copy(&saved, folder.join("a.json")).unwrap();
    run_ok(
        partnerscope()
            .args(["assess", "--answers"])
            .arg(&toml)
            .arg("--output")
            .arg(folder.join("b.result.json")),
    );
    assert_eq!(communication_mean(&aggregate_json(&[&folder])), 75.0);

    let report = run_ok(partnerscope().arg("report").arg(&saved));
    assert!(report.contains("Riverside"), "{report}");
    let compare = run_ok(partnerscope().arg("compare").arg(&toml).arg(&saved));
    assert!(compare.contains("Continuous communication"), "{compare}");

    let mut broken = answers_doc(&fingerprint, 5);
    broken["answers"]["sr-shared-vision"] = json!(0);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, broken.to_string()).unwrap();
    let out = partnerscope()
        .arg("aggregate")
        .arg(&saved)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let message = stderr_of(&out);
    assert!(
        message.contains("bad.json") && message.contains("sr-shared-vision"),
        "{message}"
    );
    let skipped = partnerscope()
        .arg("aggregate")
        .arg(&saved)
        .arg(&bad)
        .arg("--skip-invalid")
        .output()
        .unwrap();
    assert!(skipped.status.success(), "{}", stderr_of(&skipped));
}

#[test]
fn members_who_stop_sending_half_way_hold_up_nobody_else() {
    let dir = tempfile::tempdir().unwrap();
    // --quiet still prints the address members need (and the test reads).
    let collector = Collector::start(dir.path(), &["--quiet"]);
    let stalled: Vec<std::net::TcpStream> = (0..20)
        .map(|_| {
            let mut stream = std::net::TcpStream::connect(collector.addr).unwrap();
            let head = format!(
                "POST /submit?t={} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{{\"id\":",
                collector.token
            );
            std::io::Write::write_all(&mut stream, head.as_bytes()).unwrap();
            stream
        })
        .collect();
    // Connections opened in the same instant can queue behind one another in
    // the HTTP library's pool; members' requests come moments apart.
    std::thread::sleep(std::time::Duration::from_secs(1));
    let health = collector.send("GET", "/health", "");
    assert_eq!(health.status, 200);
    let fingerprint = fingerprint(&collector);
    let sent = collector.send(
        "POST",
        "/submit",
        &submission(&member_id(2), &answers_doc(&fingerprint, 4)),
    );
    assert_eq!(sent.status, 200, "{}", sent.body);
    drop(stalled);
}

#[test]
fn a_port_in_use_leaves_no_folder_behind() {
    let dir = tempfile::tempdir().unwrap();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let into = dir.path().join("answers");
    let out = partnerscope()
        .args(["collect", "--partnership", "Riverside", "--into"])
        .arg(&into)
        .args(["--bind", "127.0.0.1", "--port", &port])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("cannot listen"),
        "{}",
        stderr_of(&out)
    );
    assert!(!into.exists());
}
