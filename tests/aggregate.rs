use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{partnerscope, root, stderr_of, stdout_of};

/// Scale questions that measure `component` and are not reversed.
fn scale_questions_of(component: &str) -> Vec<String> {
    let out = partnerscope()
        .args(["questions", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["banks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["id"] == "self-reflection")
        .flat_map(|b| b["questions"].as_array().unwrap().clone())
        .filter(|q| q["kind"] == "scale" && q.get("reverse").is_none())
        .filter(|q| {
            q["measures"]
                .as_array()
                .unwrap()
                .iter()
                .any(|m| m["component"] == component)
        })
        .map(|q| q["id"].as_str().unwrap().to_string())
        .collect()
}

/// A result where every listed question got `point` (and nothing else was answered).
fn result_with(dir: &Path, name: &str, member: &str, answers: &[(String, usize)]) -> PathBuf {
    let mut text = format!("partnership = \"Riverside\"\nmember = \"{member}\"\nparts = [\"self-reflection\"]\n[answers]\n");
    for (id, p) in answers {
        text.push_str(&format!("{id} = {p}\n"));
    }
    let answers_file = dir.join(format!("{name}.toml"));
    std::fs::write(&answers_file, text).unwrap();
    let result = dir.join(format!("{name}.json"));
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(&answers_file)
        .arg("--output")
        .arg(&result)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    result
}

fn aggregate_json(args: &[&Path], extra: &[&str]) -> Value {
    let out = partnerscope()
        .arg("aggregate")
        .args(args)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn component<'a>(profile: &'a Value, id: &str) -> &'a Value {
    profile["components"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap()
}

#[test]
fn statistics_match_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = scale_questions_of("continuous-communication");
    // Every continuous communication rating at 1, 3 and 5 scores 0, 50 and 100.
    let files: Vec<PathBuf> = [(1, "a"), (3, "b"), (5, "c")]
        .iter()
        .map(|(p, name)| {
            let answers: Vec<(String, usize)> = agenda.iter().map(|q| (q.clone(), *p)).collect();
            result_with(dir.path(), name, name, &answers)
        })
        .collect();
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let report = aggregate_json(&paths, &[]);
    let profile = &report["profiles"][0];
    assert_eq!(profile["results"], 3);
    assert_eq!(profile["partnership"], "Riverside");
    let ca = component(profile, "continuous-communication");
    assert_eq!(ca["n"], 3);
    assert_eq!(ca["mean"], 50.0);
    assert_eq!(ca["median"], 50.0);
    assert_eq!(ca["min"], 0.0);
    assert_eq!(ca["max"], 100.0);
    // Sample standard deviation of 0, 50, 100 is 50.
    assert_eq!(ca["sd"], 50.0);
    assert_eq!(ca["band"], "developing");
    // Members are anonymous unless --named.
    assert!(profile.get("member_names").is_none());
    let named = aggregate_json(&paths, &["--named"]);
    assert_eq!(
        named["profiles"][0]["member_names"],
        serde_json::json!(["a", "b", "c"])
    );
}

#[test]
fn disagreement_is_ranked_widest_first() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = scale_questions_of("common-agenda");
    let (wide, narrow, same) = (&agenda[0], &agenda[1], &agenda[2]);
    let one = result_with(
        dir.path(),
        "one",
        "one",
        &[(wide.clone(), 1), (narrow.clone(), 2), (same.clone(), 4)],
    );
    let two = result_with(
        dir.path(),
        "two",
        "two",
        &[(wide.clone(), 5), (narrow.clone(), 4), (same.clone(), 4)],
    );
    let report = aggregate_json(&[dir.path()], &[]);
    let _ = (one, two);
    let ids: Vec<&str> = report["profiles"][0]["disagreements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [wide.as_str(), narrow.as_str()],
        "the agreed question is not listed"
    );
}

/// A result agreeing with every common-agenda question, as one JSON line.
fn result_line(dir: &Path) -> String {
    let agenda = scale_questions_of("common-agenda");
    let answers: Vec<(String, usize)> = agenda.iter().map(|q| (q.clone(), 4)).collect();
    let result = result_with(dir, "r", "r", &answers);
    serde_json::to_string(
        &serde_json::from_str::<Value>(&std::fs::read_to_string(result).unwrap()).unwrap(),
    )
    .unwrap()
}

#[test]
fn json_lines_with_invalid_lines_stop_or_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let line = result_line(dir.path());
    let jsonl = dir.path().join("all.jsonl");
    let truncated = &line[..line.len() / 2];
    std::fs::write(
        &jsonl,
        format!("{line}\n{truncated}\n{{\"hello\": \"world\"}}\n{line}\n"),
    )
    .unwrap();
    let output = dir.path().join("out.json");

    let out = partnerscope()
        .arg("aggregate")
        .arg(&jsonl)
        .arg("--output")
        .arg(&output)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("all.jsonl:2:"),
        "{}",
        stderr_of(&out)
    );
    assert!(!output.exists(), "nothing is written");

    let report = aggregate_json(&[jsonl.as_path()], &["--skip-invalid"]);
    assert_eq!(report["profiles"][0]["results"], 2);
    let invalid = report["invalid"].as_array().unwrap();
    assert_eq!(invalid.len(), 2);
    assert_eq!(invalid[0]["line"], 2);
    assert_eq!(invalid[1]["line"], 3);
    assert!(invalid[1]["error"]
        .as_str()
        .unwrap()
        .contains("not a partnerscope result"));
}

#[test]
fn a_blank_or_damaged_first_line_keeps_the_lines_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let line = result_line(dir.path());
    let blank_first = dir.path().join("blank.jsonl");
    std::fs::write(&blank_first, format!("\n{line}\n{line}\n")).unwrap();
    assert_eq!(
        aggregate_json(&[blank_first.as_path()], &[])["profiles"][0]["results"],
        2
    );
    for (name, top) in [
        ("garbage.jsonl", "garbage"),
        ("truncated.json", &line[..line.len() / 2]),
        // Not answers either: an answers file is one document.
        ("object.json", r#"{"a": 1}"#),
        ("empty-object.json", "{}"),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{top}\n{line}\n{line}\n")).unwrap();
        let report = aggregate_json(&[path.as_path()], &["--skip-invalid"]);
        assert_eq!(report["profiles"][0]["results"], 2, "{name}");
        assert_eq!(report["invalid"][0]["line"], 1, "{name}");
    }
}

#[test]
fn results_from_other_content_are_refused_unless_mixed_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = scale_questions_of("common-agenda");
    let answers: Vec<(String, usize)> = agenda.iter().map(|q| (q.clone(), 4)).collect();
    let result = result_with(dir.path(), "r", "r", &answers);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    doc["content_fingerprint"] = "sha256:0000000000000000".into();
    std::fs::write(&result, doc.to_string()).unwrap();
    let out = partnerscope()
        .arg("aggregate")
        .arg(&result)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr_of(&out).contains("--allow-mixed"));
    aggregate_json(&[result.as_path()], &["--allow-mixed"]);
}

#[test]
fn results_from_other_content_are_compared_only_when_allowed_and_reported_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let agenda = scale_questions_of("common-agenda");
    let answers: Vec<(String, usize)> = agenda.iter().map(|q| (q.clone(), 4)).collect();
    let before = result_with(dir.path(), "before", "r", &answers);
    let after = result_with(dir.path(), "after", "r", &answers);
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&after).unwrap()).unwrap();
    doc["content_fingerprint"] = "sha256:0000000000000000".into();
    std::fs::write(&after, doc.to_string()).unwrap();

    let refused = partnerscope()
        .arg("compare")
        .args([&before, &after])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(4));
    assert!(
        stderr_of(&refused).contains("scored with different content"),
        "{}",
        stderr_of(&refused)
    );
    let allowed = partnerscope()
        .arg("compare")
        .args([&before, &after])
        .args(["--allow-different", "--format", "json"])
        .output()
        .unwrap();
    assert!(allowed.status.success(), "{}", stderr_of(&allowed));
    assert!(stdout_of(&allowed).contains("scored with different content"));

    let report = partnerscope().arg("report").arg(&after).output().unwrap();
    assert!(report.status.success(), "{}", stderr_of(&report));
    assert!(
        stderr_of(&report).contains("was scored with other content"),
        "{}",
        stderr_of(&report)
    );
}

#[test]
fn by_partnership_gives_one_profile_each_and_an_overview() {
    let examples = root().join("examples");
    let out = partnerscope()
        .arg("aggregate")
        .arg(&examples)
        .args(["--by", "partnership"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let table = stdout_of(&out);
    assert!(table.starts_with("Overview"));
    let report = aggregate_json(&[examples.as_path()], &["--by", "partnership"]);
    assert_eq!(report["profiles"].as_array().unwrap().len(), 3);
}

#[test]
fn a_partnership_named_with_stray_spaces_is_the_same_partnership() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("examples/mature-partnership.result.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&example).unwrap()).unwrap();
    let name = doc["partnership"].as_str().unwrap().to_string();
    doc["partnership"] = format!("  {}  ", name.replace(' ', "   ")).into();
    let spaced = dir.path().join("spaced.json");
    std::fs::write(&spaced, doc.to_string()).unwrap();
    let report = aggregate_json(
        &[example.as_path(), spaced.as_path()],
        &["--by", "partnership"],
    );
    let profiles = report["profiles"].as_array().unwrap();
    assert_eq!(profiles.len(), 1, "{profiles:?}");
    assert_eq!(profiles[0]["partnership"], name.as_str());
}

#[test]
fn compare_reads_progress_between_the_bundled_examples() {
    let examples = root().join("examples");
    let out = partnerscope()
        .args(["compare", "--allow-different"])
        .arg(examples.join("early-partnership.result.json"))
        .arg(examples.join("mature-partnership.result.json"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let c: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["kind"], "compare");
    assert!(c["stage"]["moved"].as_i64().unwrap() > 0);
    assert!(!c["gaps_closed"].as_array().unwrap().is_empty());
    assert!(c["components"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x["change"].as_f64().unwrap() > 0.0));
    assert!(c["key_steps"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["advanced"] == true));
    assert!(c["summary"].as_str().unwrap().contains("moved forward"));
    assert!(!c["recommendations_related_to_gains"]
        .as_array()
        .unwrap()
        .is_empty());

    let out = partnerscope()
        .args(["compare", "--allow-different"])
        .arg(examples.join("early-partnership.result.json"))
        .arg(examples.join("mature-partnership.result.json"))
        .output()
        .unwrap();
    assert!(stdout_of(&out).contains("Gaps closed:"));
}

#[test]
fn standard_input_takes_json_lines() {
    let examples = root().join("examples");
    let lines: Vec<String> = ["early-partnership", "mature-partnership"]
        .iter()
        .map(|name| {
            let text =
                std::fs::read_to_string(examples.join(format!("{name}.result.json"))).unwrap();
            serde_json::to_string(&serde_json::from_str::<Value>(&text).unwrap()).unwrap()
        })
        .collect();
    let out = partnerscope()
        .args(["aggregate", "-", "--format", "json", "--by", "partnership"])
        .write_stdin(lines.join("\n") + "\n")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["profiles"].as_array().unwrap().len(), 2);
}

/// `aggregate` and `compare` render through the same exporter as `report`,
/// so each format is what `report` makes of the same document.
#[test]
fn aggregate_and_compare_offer_every_format_of_report() {
    let examples = root().join("examples");
    let dir = tempfile::tempdir().unwrap();
    let saved = dir.path().join("profile.json");
    crate::support::run_ok(
        partnerscope()
            .arg("aggregate")
            .arg(&examples)
            .args(["--format", "json", "--output"])
            .arg(&saved),
    );
    let early = examples.join("early-partnership.result.json");
    let mature = examples.join("mature-partnership.result.json");
    let compared = dir.path().join("compare.json");
    crate::support::run_ok(
        partnerscope()
            .arg("compare")
            .arg(&early)
            .arg(&mature)
            .args(["--allow-different", "--format", "json", "--output"])
            .arg(&compared),
    );
    for format in ["table", "markdown", "csv", "html"] {
        let direct = crate::support::run_ok(
            partnerscope()
                .arg("aggregate")
                .arg(&examples)
                .args(["--format", format]),
        );
        let via_report = crate::support::run_ok(
            partnerscope()
                .arg("report")
                .arg(&saved)
                .args(["--format", format]),
        );
        assert_eq!(direct, via_report, "aggregate as {format}");
        let direct = crate::support::run_ok(
            partnerscope()
                .arg("compare")
                .arg(&early)
                .arg(&mature)
                .args(["--allow-different", "--format", format]),
        );
        let via_report = crate::support::run_ok(
            partnerscope()
                .arg("report")
                .arg(&compared)
                .args(["--format", format]),
        );
        assert_eq!(direct, via_report, "compare as {format}");
    }
}

#[test]
fn folders_hold_results_whatever_the_case_of_their_extension() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("examples/strong-agenda.result.json"),
        dir.path().join("A.JSON"),
    )
    .unwrap();
    let report = aggregate_json(&[dir.path()], &[]);
    assert_eq!(report["profiles"][0]["results"], 1);
}

#[test]
fn a_result_named_twice_counts_once() {
    let examples = root().join("examples");
    let result = examples.join("strong-agenda.result.json");
    let report = aggregate_json(
        &[result.as_path(), result.as_path(), examples.as_path()],
        &[],
    );
    assert_eq!(
        report["profiles"][0]["results"], 3,
        "three distinct results"
    );
}

/// A partnership whose members report its key steps well advanced but not
/// all finished is placed by that progress, not at the first stage because
/// no step is "done" on the mean.
#[test]
fn an_aggregate_is_placed_by_members_progress_on_the_key_steps() {
    let dir = tempfile::tempdir().unwrap();
    let mature = std::fs::read_to_string(root().join("examples/mature-partnership.toml")).unwrap();
    let half_way: String = mature
        .lines()
        .map(|line| {
            if line.starts_with("ks-") {
                let id = line.split('=').next().unwrap().trim();
                format!("{id} = \"under-way\"")
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut results = Vec::new();
    for (name, text) in [("a", &mature), ("b", &half_way)] {
        let answers = dir.path().join(format!("{name}.toml"));
        std::fs::write(&answers, text).unwrap();
        let result = dir.path().join(format!("{name}.json"));
        crate::support::run_ok(
            partnerscope()
                .arg("assess")
                .arg("--answers")
                .arg(&answers)
                .arg("--output")
                .arg(&result),
        );
        results.push(result);
    }
    let paths: Vec<&Path> = results.iter().map(PathBuf::as_path).collect();
    let profile = &aggregate_json(&paths, &[])["profiles"][0];
    let statuses: Vec<&str> = profile["key_steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["band"].as_str().unwrap())
        .collect();
    assert!(statuses.iter().all(|s| *s != "done"), "{statuses:?}");
    assert_ne!(profile["stage"]["id"], "discover", "{}", profile["stage"]);
    assert_ne!(profile["stage"]["id"], "define", "{}", profile["stage"]);
}

/// Members' own words reach the aggregate's report, anonymous and in
/// questionnaire order, as well as their scores.
#[test]
fn an_aggregate_keeps_members_own_words() {
    let dir = tempfile::tempdir().unwrap();
    let text_question =
        crate::support::run_ok(partnerscope().args(["questions", "--format", "json"]));
    let doc: Value = serde_json::from_str(&text_question).unwrap();
    let free_text = doc["banks"][0]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["kind"] == "text")
        .map(|q| q["id"].as_str().unwrap().to_string())
        .unwrap();
    let scored = scale_questions_of("continuous-communication");
    for (name, said, note) in [
        ("a", "More pupils in the choir", "Agreed in March"),
        ("b", "A shared data plan", ""),
    ] {
        let mut text = format!(
            "partnership = \"Riverside\"\nmember = \"{name}\"\nparts = [\"self-reflection\"]\n[answers]\n{} = 4\n{free_text} = \"{said}\"\n",
            scored[0]
        );
        if !note.is_empty() {
            text.push_str(&format!("[notes]\n{} = \"{note}\"\n", scored[0]));
        }
        std::fs::write(dir.path().join(format!("{name}.toml")), text).unwrap();
    }
    let markdown = crate::support::run_ok(
        partnerscope()
            .arg("aggregate")
            .arg(dir.path().join("a.toml"))
            .arg(dir.path().join("b.toml"))
            .args(["--format", "markdown"]),
    );
    for expected in [
        "More pupils in the choir",
        "A shared data plan",
        "Agreed in March",
    ] {
        assert!(
            markdown.contains(expected),
            "{expected} missing from {markdown}"
        );
    }
    assert!(
        !markdown.contains("member a") && !markdown.contains("(a)"),
        "words stay anonymous"
    );
}

/// The bundled example results as JSON Lines: `count` results, each under
/// its own member name, with invalid and blank lines among them, long
/// enough to be read in several blocks.
fn many_results(count: usize) -> String {
    let examples = root().join("examples");
    let docs: Vec<Value> = ["early-partnership", "mature-partnership"]
        .iter()
        .map(|name| {
            let text =
                std::fs::read_to_string(examples.join(format!("{name}.result.json"))).unwrap();
            serde_json::from_str(&text).unwrap()
        })
        .collect();
    let mut text = String::new();
    for i in 0..count {
        let mut doc = docs[i % 2].clone();
        doc["member"] = Value::from(format!("member {i}"));
        let line = serde_json::to_string(&doc).unwrap();
        match i % 37 {
            5 => text.push_str(&line[..line.len() / 3]),
            11 => text.push_str(r#"{"kind": "aggregate", "schema_version": 1}"#),
            17 => text.push_str(&line.replace(r#""kind":"result""#, r#""kind":"compare""#)),
            23 => text.push('\n'),
            _ => text.push_str(&line),
        }
        text.push('\n');
    }
    text
}

fn aggregate_with_threads(threads: &str, args: &[&std::ffi::OsStr]) -> std::process::Output {
    partnerscope()
        .env("PARTNERSCOPE_THREADS", threads)
        .arg("aggregate")
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap()
}

#[test]
fn threads_change_neither_the_aggregate_nor_the_invalid_lines() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("many.jsonl");
    let text = many_results(300);
    assert!(text.len() > 3 << 20, "several blocks: {}", text.len());
    std::fs::write(&jsonl, &text).unwrap();
    let pretty = root().join("examples/mature-partnership.result.json");
    let lenient = [
        jsonl.as_os_str(),
        pretty.as_os_str(),
        "--skip-invalid".as_ref(),
        "--named".as_ref(),
        "--by".as_ref(),
        "partnership".as_ref(),
    ];
    let one = aggregate_with_threads("1", &lenient);
    assert!(one.status.success(), "{}", stderr_of(&one));
    let report: Value = serde_json::from_slice(&one.stdout).unwrap();
    let invalid = report["invalid"].as_array().unwrap();
    let lines: Vec<u64> = invalid
        .iter()
        .map(|i| i["line"].as_u64().unwrap())
        .collect();
    let mut sorted = lines.clone();
    sorted.sort_unstable();
    assert_eq!(lines, sorted, "invalid lines in input order");
    assert_eq!(lines.len(), 3 * 8, "{lines:?}");
    assert_eq!(lines[..3], [6, 12, 18]);
    let names = report["profiles"][1]["member_names"].as_array().unwrap();
    assert_eq!(names[0], "member 1");
    assert_eq!(names[1], "member 3");
    for threads in ["2", "3", "8"] {
        let many = aggregate_with_threads(threads, &lenient);
        assert_eq!(stdout_of(&many), stdout_of(&one), "{threads} threads");
        assert_eq!(stderr_of(&many), stderr_of(&one), "{threads} threads");
    }

    let strict = [jsonl.as_os_str(), pretty.as_os_str()];
    let one = aggregate_with_threads("1", &strict);
    assert_eq!(one.status.code(), Some(4));
    assert!(
        stderr_of(&one).contains("many.jsonl:6: "),
        "{}",
        stderr_of(&one)
    );
    let two = aggregate_with_threads("2", &strict);
    assert_eq!(two.status.code(), Some(4));
    assert_eq!(stderr_of(&two), stderr_of(&one));
}

#[test]
fn standard_input_in_blocks_reads_as_the_file_does() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("many.jsonl");
    std::fs::write(&jsonl, many_results(150)).unwrap();
    let from_file = aggregate_with_threads("2", &[jsonl.as_os_str(), "--skip-invalid".as_ref()]);
    assert!(from_file.status.success(), "{}", stderr_of(&from_file));
    let from_stdin = partnerscope()
        .env("PARTNERSCOPE_THREADS", "2")
        .args(["aggregate", "-", "--skip-invalid", "--format", "json"])
        .pipe_stdin(&jsonl)
        .unwrap()
        .output()
        .unwrap();
    let invalid = |out: &std::process::Output| {
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            report["profiles"].clone(),
            report["invalid"].as_array().unwrap().len(),
        )
    };
    assert_eq!(invalid(&from_stdin).0, invalid(&from_file).0);
    assert_eq!(invalid(&from_stdin).1, invalid(&from_file).1);
}

#[test]
fn text_that_is_not_utf8_stops_at_its_line_however_many_threads() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("broken.jsonl");
    let mut bytes = many_results(120).into_bytes();
    let line_90 = bytes
        .iter()
        .enumerate()
        .filter(|(_, &b)| b == b'\n')
        .nth(88)
        .map(|(i, _)| i + 1)
        .unwrap();
    bytes.splice(line_90..line_90, [b'{', 0xff, b'}', b'\n']);
    std::fs::write(&jsonl, bytes).unwrap();
    for threads in ["1", "2"] {
        let out = aggregate_with_threads(threads, &[jsonl.as_os_str(), "--skip-invalid".as_ref()]);
        assert_eq!(out.status.code(), Some(4));
        assert!(
            stderr_of(&out).contains("broken.jsonl:90: not valid UTF-8 text"),
            "{threads} threads: {}",
            stderr_of(&out)
        );
    }
}

#[test]
fn a_thread_count_that_is_not_a_number_is_refused() {
    let pretty = root().join("examples/mature-partnership.result.json");
    let out = aggregate_with_threads("many", &[pretty.as_os_str()]);
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("PARTNERSCOPE_THREADS"),
        "{}",
        stderr_of(&out)
    );
    let out = aggregate_with_threads("0", &[pretty.as_os_str()]);
    assert!(out.status.success(), "{}", stderr_of(&out));
}

/// The aggregate of the named example results, written into `dir`.
fn profile_of(dir: &Path, examples: &[&str]) -> PathBuf {
    let profile = dir.join("profile.json");
    let out = partnerscope()
        .arg("aggregate")
        .args(
            examples
                .iter()
                .map(|name| root().join(format!("examples/{name}.result.json"))),
        )
        .args(["--format", "json", "--output"])
        .arg(&profile)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    profile
}

#[test]
fn an_aggregate_given_to_aggregate_is_named_for_what_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile_of(dir.path(), &["early-partnership"]);
    let out = partnerscope()
        .arg("aggregate")
        .arg(&profile)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("profile.json:1: a document of kind 'aggregate', not a result"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn the_compare_table_shows_the_dates_an_aggregate_spans() {
    let dir = tempfile::tempdir().unwrap();
    let profile = profile_of(dir.path(), &["early-partnership", "strong-agenda"]);
    let out = partnerscope()
        .arg("compare")
        .args([&profile, &profile])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(
        stdout_of(&out).contains("(2026-03-12 to 2026-06-18)"),
        "{}",
        stdout_of(&out)
    );
}

#[test]
fn force_never_writes_the_output_over_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let early = dir.path().join("early.json");
    let mature = dir.path().join("mature.json");
    std::fs::copy(
        root().join("examples/early-partnership.result.json"),
        &early,
    )
    .unwrap();
    std::fs::copy(
        root().join("examples/mature-partnership.result.json"),
        &mature,
    )
    .unwrap();
    let before = std::fs::read(&mature).unwrap();
    let runs: [Vec<&std::ffi::OsStr>; 3] = [
        vec!["aggregate".as_ref(), early.as_ref(), mature.as_ref()],
        vec!["aggregate".as_ref(), dir.path().as_ref()],
        vec![
            "compare".as_ref(),
            early.as_ref(),
            mature.as_ref(),
            "--allow-different".as_ref(),
        ],
    ];
    for args in runs {
        let out = partnerscope()
            .args(&args)
            .arg("--output")
            .arg(&mature)
            .arg("--force")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            stderr_of(&out).contains("is the file being read"),
            "{}",
            stderr_of(&out)
        );
        assert_eq!(std::fs::read(&mature).unwrap(), before, "{args:?}");
    }
}

#[test]
fn compare_reads_standard_input_for_one_side_only() {
    let out = partnerscope().args(["compare", "-", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr_of(&out).contains("standard input can be read only once"),
        "{}",
        stderr_of(&out)
    );
}
