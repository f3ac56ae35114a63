use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{documents, partnerscope, root, run_ok};

const FORMATS: [&str; 5] = ["markdown", "csv", "html", "json", "table"];

fn report(file: &Path, format: &str, extra: &[&str]) -> String {
    run_ok(
        partnerscope()
            .arg("report")
            .arg(file)
            .args(["--format", format])
            .args(extra),
    )
}

#[test]
fn every_format_renders_every_kind_of_document() {
    let dir = tempfile::tempdir().unwrap();
    for (kind, file) in documents(dir.path()) {
        for format in FORMATS {
            let text = report(&file, format, &[]);
            assert!(text.len() > 100, "{kind} as {format} is nearly empty");
            match format {
                "markdown" => assert!(text.starts_with("# "), "{kind}: {text}"),
                "html" => {
                    assert!(text.starts_with("<!DOCTYPE html>"));
                    assert!(text.contains("<svg"), "{kind} html has a radar chart");
                }
                "json" => {
                    let v: Value = serde_json::from_str(&text).unwrap();
                    assert!(v["kind"].is_string());
                }
                "csv" => {
                    let mut reader = csv::Reader::from_reader(text.as_bytes());
                    assert!(reader.records().count() > 0, "{kind} csv has rows");
                }
                _ => {}
            }
        }
        let components = report(&file, "csv", &["--csv-table", "components"]);
        assert!(components.lines().count() > 1);
    }
}

/// A result whose user-supplied text is hostile.
fn hostile_result(dir: &Path) -> PathBuf {
    let out = partnerscope()
        .args(["template", "--format", "json"])
        .output()
        .unwrap();
    let template: Value = serde_json::from_slice(&out.stdout).unwrap();
    let questions = template["questions"].as_array().unwrap();
    let scale = questions.iter().find(|q| q["kind"] == "scale").unwrap()["id"]
        .as_str()
        .unwrap();
    let text = questions.iter().find(|q| q["kind"] == "text").unwrap()["id"]
        .as_str()
        .unwrap();
    let answers = serde_json::json!({
        "partnership": "=HYPERLINK(\"http://evil\",\"x\") <script>alert(1)</script>",
        "member": "@SUM(1+1)",
        "answers": { scale: 4, text: "-2+3 <img src=x onerror=alert(1)>" },
        "notes": { scale: "+1 \"quoted\", with comma\nand a new line" },
    });
    let answers_file = dir.join("hostile.json");
    std::fs::write(&answers_file, answers.to_string()).unwrap();
    let result = dir.join("hostile.result.json");
    run_ok(
        partnerscope()
            .args(["assess", "--answers"])
            .arg(&answers_file)
            .arg("--output")
            .arg(&result),
    );
    result
}

#[test]
fn csv_cells_cannot_run_as_formulas() {
    let dir = tempfile::tempdir().unwrap();
    let result = hostile_result(dir.path());
    for table in ["answers", "components"] {
        let text = report(&result, "csv", &["--csv-table", table]);
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut cells = 0;
        for record in reader.records() {
            for cell in record.unwrap().iter() {
                cells += 1;
                let risky = cell.starts_with(['=', '+', '@', '\t', '\r'])
                    || (cell.starts_with('-') && cell.parse::<f64>().is_err());
                assert!(!risky, "{table}: cell {cell:?} could run as a formula");
            }
        }
        assert!(cells > 0);
        assert!(text.contains("'=HYPERLINK"), "{table}: {text}");
        assert!(text.contains("'@SUM(1+1)"));
    }
    let answers = report(&result, "csv", &[]);
    assert!(answers.contains("'-2+3"));
    // RFC 4180: quotes doubled, the field with comma and newline quoted.
    assert!(
        answers.contains("\"'+1 \"\"quoted\"\", with comma\nand a new line\""),
        "{answers}"
    );
}

#[test]
fn html_escapes_user_text_and_loads_nothing_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let result = hostile_result(dir.path());
    let html = report(&result, "html", &[]);
    assert!(
        !html.contains("<script"),
        "a note's <script> must show as text"
    );
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    for external in ["<link", "src=", "@import", "url("] {
        assert!(
            !html.contains(external),
            "HTML refers outside itself: {external}"
        );
    }
    assert!(html.contains("@media print"));
    let md = report(&result, "markdown", &[]);
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>"));
}

fn attr(tag: &str, name: &str) -> f64 {
    let start = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

#[test]
fn the_radar_has_one_axis_per_component_at_the_right_radius() {
    let result = root().join("examples/strong-agenda.result.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    let html = report(&result, "html", &[]);
    let components = doc["components"].as_array().unwrap();
    assert_eq!(html.matches("class=\"axis\"").count(), components.len());
    for c in components {
        let id = c["id"].as_str().unwrap();
        let score = c["score"].as_f64().unwrap();
        let marker = format!("class=\"point result\" data-component=\"{id}\"");
        let at = html
            .find(&marker)
            .unwrap_or_else(|| panic!("no point for {id}"));
        let tag = &html[at..at + html[at..].find("/>").unwrap()];
        let (cx, cy) = (attr(tag, "cx"), attr(tag, "cy"));
        // Centre (160, 160); a score of 100 sits 110 from it.
        let radius = ((cx - 160.0).powi(2) + (cy - 160.0).powi(2)).sqrt();
        assert!(
            (radius - 110.0 * score / 100.0).abs() < 0.2,
            "{id}: {radius} for {score}"
        );
    }
    let first = components[0]["id"].as_str().unwrap();
    let axis = html
        .find(&format!("class=\"axis\" data-component=\"{first}\""))
        .unwrap();
    let tag = &html[axis..axis + html[axis..].find("/>").unwrap()];
    assert_eq!(
        (attr(tag, "x2"), attr(tag, "y2")),
        (160.0, 50.0),
        "the first axis points up"
    );
}

#[test]
fn examples_validate_against_the_published_schemas() {
    let schema_of = |doc: &str| -> Value {
        serde_json::from_str(&run_ok(partnerscope().args(["schema", doc]))).unwrap()
    };
    let validator = |doc: &str| jsonschema::validator_for(&schema_of(doc)).unwrap();
    let examples = root().join("examples");
    let results = validator("result");
    for name in ["early-partnership", "strong-agenda", "mature-partnership"] {
        let doc: Value = serde_json::from_str(
            &std::fs::read_to_string(examples.join(format!("{name}.result.json"))).unwrap(),
        )
        .unwrap();
        let errors: Vec<String> = results.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        // A result missing a required field does not validate.
        let mut broken = doc.clone();
        broken.as_object_mut().unwrap().remove("components");
        assert!(!results.is_valid(&broken));
    }
    let dir = tempfile::tempdir().unwrap();
    let docs = documents(dir.path());
    for (kind, schema) in [
        ("aggregate", "aggregate"),
        ("compare", "compare"),
        ("group", "result"),
    ] {
        let file = &docs.iter().find(|(k, _)| *k == kind).unwrap().1;
        let doc: Value = serde_json::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
        let v = validator(schema);
        let errors: Vec<String> = v.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{kind}: {errors:?}");
    }
    // Answers templates validate against the answers schema once filled in.
    let answers = validator("answers");
    let mut template: Value = serde_json::from_str(&run_ok(
        partnerscope().args(["template", "--format", "json"]),
    ))
    .unwrap();
    template["partnership"] = "P".into();
    assert!(answers.is_valid(&template));
    template["answers"] = serde_json::json!({ "x": [1, 2] });
    assert!(!answers.is_valid(&template), "a list is no answer");
}

#[test]
fn completions_and_man_page_are_generated() {
    let bash = run_ok(partnerscope().args(["completions", "bash"]));
    assert!(bash.contains("partnerscope") && bash.contains("aggregate"));
    let man = run_ok(partnerscope().arg("man"));
    assert!(man.starts_with(".ie") || man.contains(".TH partnerscope"));
    assert!(man.contains("assess"));
}

/// Results written before the assessment model was revised (schema version 1)
/// still render, compare and aggregate.
#[test]
fn version_one_results_are_still_read() {
    let v1 = root().join("tests/fixtures/v1-strong-agenda.result.json");
    let markdown = run_ok(
        partnerscope()
            .arg("report")
            .arg(&v1)
            .args(["--format", "markdown"]),
    );
    assert!(markdown.contains("Northfield"), "{markdown}");
    let comparison = run_ok(
        partnerscope()
            .arg("compare")
            .arg(&v1)
            .arg(root().join("examples/strong-agenda.result.json"))
            .args(["--format", "json"]),
    );
    let comparison: Value = serde_json::from_str(&comparison).unwrap();
    assert_eq!(comparison["kind"], "compare");
    let aggregate = run_ok(
        partnerscope()
            .arg("aggregate")
            .arg(&v1)
            .arg(root().join("examples/strong-agenda.result.json"))
            .args(["--allow-mixed", "--format", "json"]),
    );
    let aggregate: Value = serde_json::from_str(&aggregate).unwrap();
    assert_eq!(aggregate["profiles"][0]["results"], 2);
}
