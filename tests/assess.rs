use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{partnerscope, root, stderr_of, stdout_of};

/// Ids of the first bundled questions of each kind, read from the JSON template.
fn question_of_kind(kind: &str) -> String {
    let out = partnerscope()
        .args(["template", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == kind)
        .map(|q| q["id"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("no {kind} question"))
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn assess_json(path: &Path) -> Value {
    let out = partnerscope()
        .args(["assess", "--format", "json", "--answers"])
        .arg(path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The result of a TOML answers file for partnership "P" whose `[answers]`
/// table holds `answers`.
fn assess_answers(answers: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.toml",
        &format!("partnership = \"P\"\n[answers]\n{answers}"),
    );
    assess_json(&path)
}

fn assert_input_error(text: &str, name: &str, expected: &str) {
    let dir = tempfile::tempdir().unwrap();
    let path = write(dir.path(), name, text);
    let output = dir.path().join("result.json");
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(&path)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr_of(&out));
    let err = stderr_of(&out);
    assert!(err.contains(expected), "expected {expected:?} in {err:?}");
    assert_eq!(err.trim().lines().count(), 1, "one line: {err}");
    assert!(!output.exists(), "nothing is written on bad input");
}

#[test]
fn partial_answers_report_coverage_and_json_shape() {
    let scale = question_of_kind("scale");
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.toml",
        &format!("partnership = \"Riverside\"\ndate = 2026-11-23\n[answers]\n{scale} = 4\n[notes]\n{scale} = \"Agreed\"\n"),
    );
    let r = assess_json(&path);
    assert_eq!(r["schema_version"], 2);
    assert_eq!(r["kind"], "result");
    assert_eq!(r["tool"]["name"], "partnerscope");
    assert!(r["content_fingerprint"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    assert_eq!(r["partnership"], "Riverside");
    assert_eq!(r["date"], "2026-11-23", "a bare TOML date is accepted");
    assert_eq!(r["answers"][&scale], 4);
    assert_eq!(r["notes"][&scale], "Agreed");
    let components = r["components"].as_array().unwrap();
    assert_eq!(components.len(), 5);
    for c in components {
        for field in [
            "id",
            "name",
            "score",
            "band",
            "answered",
            "asked",
            "weak_indicators",
        ] {
            assert!(c.get(field).is_some(), "component lacks {field}");
        }
        // One answer is never enough coverage to judge a component.
        assert!(c["score"].is_null());
        assert_eq!(c["band"], "insufficient");
    }
    assert!(components.iter().any(|c| c["answered"] == 1));
    for field in [
        "readiness",
        "key_steps",
        "stage",
        "recommendations",
        "action_plan",
    ] {
        assert!(r.get(field).is_some(), "result lacks {field}");
    }
}

#[test]
fn json_and_toml_answers_give_the_same_result() {
    let scale = question_of_kind("scale");
    let yes_no = question_of_kind("yes-no");
    let dir = tempfile::tempdir().unwrap();
    let toml = write(
        dir.path(),
        "a.toml",
        &format!("partnership = \"P\"\n[answers]\n{scale} = 2\n{yes_no} = \"no\"\n"),
    );
    let json = write(
        dir.path(),
        "a.json",
        &format!(
            "{{\"partnership\": \"P\", \"answers\": {{\"{scale}\": 2, \"{yes_no}\": \"no\"}}}}"
        ),
    );
    assert_eq!(assess_json(&toml), assess_json(&json));
}

#[test]
fn standard_input_is_read_with_a_dash() {
    let scale = question_of_kind("scale");
    let out = partnerscope()
        .args(["assess", "--format", "json", "--answers", "-"])
        .write_stdin(format!(
            "{{\"partnership\": \"P\", \"answers\": {{\"{scale}\": 5}}}}"
        ))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["answers"][&scale], 5);
}

#[test]
fn output_is_written_atomically_and_not_replaced_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let answers = root().join("examples/early-partnership.toml");
    let output = dir.path().join("result.json");
    let run = |force: bool| {
        let mut cmd = partnerscope();
        cmd.args(["assess", "--answers"])
            .arg(&answers)
            .arg("--output")
            .arg(&output);
        if force {
            cmd.arg("--force");
        }
        cmd.output().unwrap()
    };
    assert!(run(false).status.success());
    let first: Value = serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    assert!(first["partnership"].is_string());
    std::fs::write(&output, "keep me").unwrap();
    let refused = run(false);
    assert_eq!(refused.status.code(), Some(5));
    assert_eq!(std::fs::read_to_string(&output).unwrap(), "keep me");
    assert!(run(true).status.success());
    assert_ne!(std::fs::read_to_string(&output).unwrap(), "keep me");
}

#[test]
fn the_table_shows_every_part() {
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(root().join("examples/strong-agenda.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let table = stdout_of(&out);
    for heading in [
        "Common agenda",
        "Backbone support",
        "Readiness:",
        "Key steps",
        "Stage of development:",
        "Suggested resources",
        "Action plan",
    ] {
        assert!(table.contains(heading), "table lacks {heading}");
    }
    assert!(table.contains('█'), "score bars are drawn");
    assert!(!table.contains("\u{1b}["), "no colour when NO_COLOR is set");
}

#[test]
fn malformed_toml_names_line_and_column() {
    assert_input_error("partnership = \"P\"\n[answers\n", "a.toml", "a.toml:2:");
}

#[test]
fn malformed_json_names_line_and_column() {
    assert_input_error(
        "{\n  \"partnership\": \"P\",\n  \"answers\": {,}\n}",
        "a.json",
        "a.json:3:",
    );
}

#[test]
fn unknown_question_suggests_the_nearest_id() {
    let scale = question_of_kind("scale");
    let typo = format!("{}x", &scale);
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{typo} = 3\n"),
        "a.toml",
        &format!("unknown question id '{typo}'; did you mean '{scale}'?"),
    );
}

#[test]
fn out_of_range_and_wrong_kind_values_are_refused() {
    let scale = question_of_kind("scale");
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{scale} = 9\n"),
        "a.toml",
        &format!("answer to '{scale}': 9 is not a whole number from 1 to"),
    );
    let yes_no = question_of_kind("yes-no");
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{yes_no} = 3\n"),
        "a.toml",
        &format!("answer to '{yes_no}': 3 is not \"yes\""),
    );
    let text = question_of_kind("text");
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{text} = 3\n"),
        "a.toml",
        "is not text",
    );
}

#[test]
fn nan_and_infinite_ratings_are_refused_not_dropped() {
    let scale = question_of_kind("scale");
    for value in ["nan", "inf", "-inf"] {
        assert_input_error(
            &format!("partnership = \"P\"\n[answers]\n{scale} = {value}\n"),
            "a.toml",
            "a.toml:3:",
        );
    }
}

#[test]
fn a_date_must_be_a_real_day_written_in_full() {
    let scale = question_of_kind("scale");
    for date in ["2026-9-1", "01/10/2026", "2026-02-29", "yesterday"] {
        assert_input_error(
            &format!("partnership = \"P\"\ndate = \"{date}\"\n[answers]\n{scale} = 3\n"),
            "a.toml",
            &format!("date '{date}' is not a date written YYYY-MM-DD"),
        );
    }
}

#[test]
fn a_choice_that_is_not_an_option_is_refused() {
    let choice = question_of_kind("choice");
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{choice} = \"maybe\"\n"),
        "a.toml",
        &format!("answer to '{choice}': \"maybe\" is not one of the options"),
    );
}

#[test]
fn duplicate_keys_are_refused_in_both_syntaxes() {
    let scale = question_of_kind("scale");
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{scale} = 3\n{scale} = 4\n"),
        "a.toml",
        "a.toml:4:",
    );
    assert_input_error(
        &format!("{{\"partnership\": \"P\", \"answers\": {{\"{scale}\": 3, \"{scale}\": 4}}}}"),
        "a.json",
        &format!("duplicate key '{scale}'"),
    );
}

#[test]
fn empty_non_utf8_missing_and_unanswered_files_are_refused() {
    assert_input_error("  \n", "a.toml", "file is empty");
    assert_input_error(
        "partnership = \"P\"\n[answers]\n",
        "a.toml",
        "the file answers no question",
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("latin1.toml");
    std::fs::write(&bad, b"partnership = \"Caf\xe9\"\n").unwrap();
    partnerscope()
        .args(["assess", "--answers"])
        .arg(&bad)
        .assert()
        .code(4)
        .stderr(predicates::str::contains("not valid UTF-8"));
    partnerscope()
        .args(["assess", "--answers", "/no/such/answers.toml"])
        .assert()
        .code(4)
        .stderr(predicates::str::contains(
            "/no/such/answers.toml: file not found",
        ));
}

#[test]
fn the_filled_template_is_a_valid_answers_file() {
    let scale = question_of_kind("scale");
    let out = partnerscope().arg("template").output().unwrap();
    let text = stdout_of(&out)
        .replacen("partnership = \"\"", "partnership = \"Template test\"", 1)
        .replacen(&format!("{scale} = \"\""), &format!("{scale} = 3"), 1);
    let dir = tempfile::tempdir().unwrap();
    let r = assess_json(&write(dir.path(), "t.toml", &text));
    assert_eq!(r["answers"][&scale], 3);
    let out = partnerscope()
        .args(["template", "--format", "json"])
        .output()
        .unwrap();
    let mut doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["partnership"] = "Template test".into();
    doc["answers"][&scale] = 2.into();
    let r = assess_json(&write(dir.path(), "t.json", &doc.to_string()));
    assert_eq!(r["answers"][&scale], 2);
}

fn example_result(name: &str) -> Value {
    assess_json(&root().join(format!("examples/{name}.toml")))
}

#[test]
fn stored_example_results_are_in_sync() {
    for name in ["early-partnership", "strong-agenda", "mature-partnership"] {
        let stored: Value = serde_json::from_str(
            &std::fs::read_to_string(root().join(format!("examples/{name}.result.json"))).unwrap(),
        )
        .unwrap();
        assert_eq!(
            example_result(name),
            stored,
            "examples/{name}.result.json is stale: regenerate it with `partnerscope assess --answers examples/{name}.toml --output examples/{name}.result.json --force`"
        );
    }
}

#[test]
fn an_early_partnership_is_told_what_it_lacks() {
    let r = example_result("early-partnership");
    assert!(["discover", "define"].contains(&r["stage"]["id"].as_str().unwrap()));
    assert_eq!(r["readiness"]["verdict"], "build-preconditions");
    let blocking: Vec<&str> = r["readiness"]["blocking"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert!(blocking.contains(&"financial-resources"), "{blocking:?}");
}

#[test]
fn a_strong_agenda_gets_measurement_and_backbone_resources_first() {
    let r = example_result("strong-agenda");
    let band = |id: &str| {
        r["components"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["id"] == id)
            .unwrap()["band"]
            .clone()
    };
    assert_eq!(band("common-agenda"), "strength");
    assert_eq!(band("shared-measurement"), "concern");
    assert_eq!(band("backbone-support"), "concern");
    let recommendations = r["recommendations"].as_array().unwrap();
    assert!(recommendations.len() <= 5, "a short list");
    for rec in recommendations {
        let tags = rec["for"].to_string();
        assert!(
            tags.contains("component:backbone-support")
                || tags.contains("component:shared-measurement"),
            "{tags}"
        );
    }
    let plan: Vec<&str> = r["action_plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["component"].as_str().unwrap())
        .collect();
    assert_eq!(&plan[..2], ["backbone-support", "shared-measurement"]);
}

#[test]
fn a_mature_partnership_reads_as_strong_and_ready_to_do_more() {
    let r = example_result("mature-partnership");
    assert!(r["components"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["band"] == "strength"));
    assert_eq!(r["stage"]["id"], "do-more");
    assert_eq!(r["readiness"]["verdict"], "ready");
    assert!(r["action_plan"].as_array().unwrap().is_empty());
    assert!(r["recommendations"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["for"][0] == "stage:do-more"));
}

#[test]
fn quiet_and_verbose_change_only_the_messages() {
    let dir = tempfile::tempdir().unwrap();
    let answers = root().join("examples/early-partnership.toml");
    let run = |flag: &str, name: &str| {
        partnerscope()
            .args(["assess", flag, "--answers"])
            .arg(&answers)
            .arg("--output")
            .arg(dir.path().join(name))
            .output()
            .unwrap()
    };
    let quiet = run("--quiet", "q.json");
    assert!(quiet.status.success());
    assert_eq!(stderr_of(&quiet), "");
    let verbose = run("--verbose", "v.json");
    let err = stderr_of(&verbose);
    assert!(err.contains("content: bundled content (sha256:"), "{err}");
    assert!(err.contains("Result written to"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("q.json")).unwrap(),
        std::fs::read_to_string(dir.path().join("v.json")).unwrap()
    );
}

#[test]
fn force_never_writes_the_output_over_the_file_being_read() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.toml");
    std::fs::copy(root().join("examples/early-partnership.toml"), &answers).unwrap();
    let before = std::fs::read(&answers).unwrap();
    let out = partnerscope()
        .arg("assess")
        .arg("--answers")
        .arg(&answers)
        .arg("--output")
        .arg(&answers)
        .arg("--force")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("is the file being read"),
        "{}",
        stderr_of(&out)
    );
    assert_eq!(std::fs::read(&answers).unwrap(), before);
}

#[test]
fn the_headline_counts_dont_know_apart_from_answers() {
    let scale = question_of_kind("scale");
    let yes_no = question_of_kind("yes-no");
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.toml",
        &format!(
            "partnership = \"P\"\nmember = \"M\"\n[answers]\n{scale} = 3\n{yes_no} = \"dont-know\"\n"
        ),
    );
    let out = partnerscope()
        .args(["assess", "--format", "markdown", "--answers"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let headline = stdout_of(&out);
    let headline = headline
        .lines()
        .find(|l| l.contains("M answered"))
        .expect("a headline");
    assert!(
        headline.contains("M answered 1 of ")
            && headline.ends_with("questions; \"don't know\" to 1 more."),
        "{headline}"
    );
}

#[test]
fn windows_line_ends_inside_text_are_read_as_plain_line_breaks() {
    let text = question_of_kind("text");
    let scale = question_of_kind("scale");
    let dir = tempfile::tempdir().unwrap();
    let path = write(
        dir.path(),
        "a.toml",
        &format!(
            "partnership = \"P\"\r\n[answers]\r\n{scale} = 3\r\n{text} = \"\"\"\r\nFirst line\r\nSecond line\"\"\"\r\n[notes]\r\n{scale} = \"\"\"Note one\r\nNote two\"\"\"\r\n"
        ),
    );
    let r = assess_json(&path);
    assert_eq!(r["answers"][&text], "First line\nSecond line");
    assert_eq!(r["notes"][&scale], "Note one\nNote two");
}

#[test]
fn a_bank_named_twice_is_templated_once() {
    let out = partnerscope()
        .args(["template", "--bank", "readiness", "--bank", "readiness"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let text = stdout_of(&out);
    assert!(text.contains("parts = [\"readiness\"]"), "{text}");
    let ids: Vec<&str> = text
        .lines()
        .filter_map(|l| l.trim_start_matches('#').trim().split_once(" ="))
        .map(|(id, _)| id)
        .filter(|id| id.starts_with("rd-"))
        .collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert!(!ids.is_empty());
    assert_eq!(ids.len(), unique.len(), "a question written twice");
}

/// `assess` of an example, run in `dir` with `--output output`.
fn assess_example_into(dir: &Path, output: &str) -> std::process::Output {
    partnerscope()
        .current_dir(dir)
        .arg("assess")
        .arg("--answers")
        .arg(root().join("examples/early-partnership.toml"))
        .args(["--output", output])
        .output()
        .unwrap()
}

#[test]
fn a_dash_as_output_is_refused_rather_than_made_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = assess_example_into(dir.path(), "-");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("leave out --output to write to standard output"),
        "{}",
        stderr_of(&out)
    );
    assert!(!dir.path().join("-").exists());
}

#[test]
fn answers_files_of_the_wrong_shape_are_refused_in_plain_words() {
    assert_input_error(
        "[1, null, \"X\"]",
        "a.json",
        "an answers file in JSON is one object",
    );
    let scale = question_of_kind("scale");
    let long = "x".repeat(100_000);
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{scale} = 3\n{long} = 3\n"),
        "a.toml",
        &format!("unknown question id '{}…'", "x".repeat(60)),
    );
}

#[test]
fn an_output_in_a_missing_folder_names_the_folder_not_a_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = assess_example_into(dir.path(), "nodir/r.json");
    assert_eq!(out.status.code(), Some(1));
    let err = stderr_of(&out);
    assert!(err.contains("there is no folder nodir"), "{err}");
    assert!(!err.contains(".tmp"), "{err}");
}

#[test]
fn every_command_that_writes_csv_can_leave_out_the_byte_order_mark() {
    let answers = root().join("examples/early-partnership.toml");
    let early = root().join("examples/early-partnership.result.json");
    let strong = root().join("examples/strong-agenda.result.json");
    let commands = [
        vec![
            "assess".into(),
            "--answers".into(),
            answers.into_os_string(),
        ],
        vec!["aggregate".into(), early.clone().into_os_string()],
        vec![
            "compare".into(),
            early.into_os_string(),
            strong.into_os_string(),
            "--allow-different".into(),
        ],
    ];
    for args in commands {
        let out = partnerscope()
            .args(&args)
            .args(["--format", "csv", "--no-bom"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}: {}", stderr_of(&out));
        assert!(!out.stdout.starts_with("\u{feff}".as_bytes()), "{args:?}");
        assert!(!out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_bare_toml_date_is_read_as_the_text_it_shows() {
    let text = question_of_kind("text");
    let scale = question_of_kind("scale");
    let r = assess_answers(&format!("{scale} = 3\n{text} = 1979-05-27\n"));
    assert_eq!(r["answers"][&text], "1979-05-27");
    assert_input_error(
        &format!("partnership = \"P\"\n[answers]\n{scale} = 1979-05-27\n"),
        "a.toml",
        "\"1979-05-27\" is not a whole number",
    );
}
