use serde_json::Value;

use crate::support::{partnerscope, run_ok, stderr_of, stdout_of};

fn json_of(args: &[&str]) -> Value {
    let out = partnerscope().args(args).output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).expect("valid JSON")
}

#[test]
fn questions_lists_every_bank_as_json() {
    let doc = json_of(&["questions", "--format", "json"]);
    let banks = doc["banks"].as_array().unwrap();
    let ids: Vec<&str> = banks.iter().map(|b| b["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["self-reflection", "readiness", "key-steps"]);
    let count = |i: usize| banks[i]["questions"].as_array().unwrap().len();
    assert!(count(0) >= 30, "self-reflection has {}", count(0));
    assert!(count(1) >= 12, "readiness has {}", count(1));
    assert!(count(2) >= 12, "key steps has {}", count(2));
    // Named scales are resolved, so a reader sees the labels.
    let first_scale = banks[0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "scale")
        .unwrap();
    assert!(first_scale["format"]["labels"].as_array().unwrap().len() >= 2);
}

#[test]
fn questions_filters_by_bank_and_prints_a_table() {
    let doc = json_of(&["questions", "--bank", "key-steps", "--format", "json"]);
    assert_eq!(doc["banks"].as_array().unwrap().len(), 1);
    let out = partnerscope()
        .args(["questions", "--bank", "readiness"])
        .output()
        .unwrap();
    let table = stdout_of(&out);
    assert!(table.contains("readiness") && table.contains("question"));
    assert!(!table.contains("self-reflection"));
}

#[test]
fn resources_filter_by_component_and_stage() {
    let all = json_of(&["resources", "--format", "json"]);
    let all = all["resources"].as_array().unwrap().len();
    let doc = json_of(&[
        "resources",
        "--component",
        "shared-measurement",
        "--format",
        "json",
    ]);
    let some = doc["resources"].as_array().unwrap();
    assert!(!some.is_empty() && some.len() < all);
    assert!(some.iter().all(|r| r["components"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c == "shared-measurement")));
    let titles: Vec<&str> = some.iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert!(
        titles.contains(&"Cultural Education Data Portal"),
        "{titles:?}"
    );

    let doc = json_of(&["resources", "--stage", "discover", "--format", "json"]);
    assert!(doc["resources"]
        .as_array()
        .unwrap()
        .iter()
        .all(|r| r["stages"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "discover")));
}

#[test]
fn resources_reject_an_unknown_component() {
    partnerscope()
        .args(["resources", "--component", "nope"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains("unknown component 'nope'"));
}

#[test]
fn toml_template_lists_every_question_with_its_values() {
    let out = partnerscope().arg("template").output().unwrap();
    let text = stdout_of(&out);
    let parsed: toml::Table = toml::from_str(&text).expect("template is valid TOML");
    let answers = parsed["answers"].as_table().unwrap();
    let questions = json_of(&["questions", "--format", "json"]);
    let ids: Vec<&str> = questions["banks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|b| b["questions"].as_array().unwrap())
        .map(|q| q["id"].as_str().unwrap())
        .collect();
    assert_eq!(answers.len(), ids.len());
    assert!(ids.iter().all(|id| answers.contains_key(*id)));
    assert!(text.contains("1 = Strongly disagree"));
    assert!(text.contains("\"not-started\" (Not started)"));
}

#[test]
fn json_template_for_one_bank() {
    let doc = json_of(&["template", "--bank", "readiness", "--format", "json"]);
    let answers = doc["answers"].as_object().unwrap();
    assert!(answers.keys().all(|k| k.starts_with("rd-")));
    assert!(answers.values().all(Value::is_null));
    assert_eq!(doc["parts"], serde_json::json!(["readiness"]));
    let q = &doc["questions"][0];
    assert!(
        q["allowed"]
            .as_array()
            .unwrap()
            .contains(&Value::from("dont-know"))
            || q["kind"] == "text"
    );
}

#[test]
fn every_command_has_help_with_examples() {
    for cmd in [
        "validate",
        "questions",
        "resources",
        "template",
        "assess",
        "aggregate",
        "compare",
        "report",
        "schema",
        "completions",
        "man",
    ] {
        let out = partnerscope().args([cmd, "--help"]).output().unwrap();
        assert!(out.status.success());
        assert!(
            stdout_of(&out).contains("Examples:"),
            "{cmd} --help has no examples"
        );
    }
}

#[test]
fn usage_errors_exit_2_and_help_exits_0() {
    partnerscope().arg("no-such-command").assert().code(2);
    partnerscope().args(["assess", "--bogus"]).assert().code(2);
    partnerscope().arg("--help").assert().code(0);
    partnerscope().arg("--version").assert().code(0);
}

#[test]
fn an_empty_content_variable_means_the_bundled_content() {
    let out = run_ok(
        partnerscope()
            .env("PARTNERSCOPE_CONTENT", "")
            .arg("validate"),
    );
    assert!(out.contains("bundled content: ok"), "{out}");
}

/// A reader that stops early (`| head`) is not an error.
#[test]
fn a_closed_pipe_is_not_an_error() {
    use std::process::{Command, Stdio};
    for args in [&["validate"][..], &["questions"], &["template"]] {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("partnerscope"))
            .args(args)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close our end of the pipe before the program writes.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
