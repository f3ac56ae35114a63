use std::path::{Path, PathBuf};

use serde_json::Value;

use scraper::{Html, Selector};

use crate::support::{by_partnership, documents, partnerscope, root, run_ok, stderr_of};

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

fn parse(html: &str) -> Html {
    Html::parse_document(html)
}

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

fn text_of(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>()
}

#[test]
fn html_escapes_user_text_and_loads_nothing_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let result = hostile_result(dir.path());
    let html = report(&result, "html", &[]);
    let doc = parse(&html);
    for tag in ["script", "img", "iframe", "link", "object", "embed", "use"] {
        assert!(
            select(&doc, tag).is_empty(),
            "a <{tag}> element in the page"
        );
    }
    // Only links to resources, and only over http(s); nothing else refers outside.
    for e in select(&doc, "*") {
        for (name, value) in e.value().attrs() {
            assert!(
                !matches!(name, "src" | "srcset" | "xlink:href" | "action"),
                "{name}={value}"
            );
            if name == "href" {
                assert!(value.starts_with("https://") || value.starts_with("http://"));
            }
            assert!(!name.starts_with("on"), "event handler {name}");
        }
    }
    assert!(!html.contains("url(") && !html.contains("@import"));
    // The hostile text is there, as text.
    let body = text_of(&select(&doc, "body")[0]);
    assert!(body.contains("<script>alert(1)</script>"));
    assert!(
        body.contains("-2+3 <img src=x onerror=alert(1)>"),
        "free text shown"
    );
    assert!(html.contains("@media print"));
    let md = report(&result, "markdown", &[]);
    assert!(!md.contains("<script>"));
    assert!(md.contains("\\<script\\>"));
}

/// Answers to only the common-agenda and shared-measurement questions, so
/// the other three components have too few answers to score.
fn partial_result(dir: &Path) -> PathBuf {
    let questions: Value = serde_json::from_str(&run_ok(partnerscope().args([
        "questions",
        "--format",
        "json",
    ])))
    .unwrap();
    let mut answers = serde_json::Map::new();
    for q in questions["banks"][0]["questions"].as_array().unwrap() {
        let informs = |c: &str| {
            q["measures"]
                .as_array()
                .is_some_and(|m| m.iter().any(|m| m["component"] == c))
        };
        if q["kind"] == "scale" && (informs("common-agenda") || informs("shared-measurement")) {
            answers.insert(q["id"].as_str().unwrap().into(), 4.into());
        }
    }
    let file = dir.join("partial.json");
    let doc = serde_json::json!({ "partnership": "Partial", "answers": answers });
    std::fs::write(&file, doc.to_string()).unwrap();
    let result = dir.join("partial.result.json");
    run_ok(
        partnerscope()
            .args(["assess", "--answers"])
            .arg(&file)
            .arg("--output")
            .arg(&result),
    );
    result
}

#[test]
fn the_radar_draws_too_few_answers_as_a_gap_marked_n_a() {
    let dir = tempfile::tempdir().unwrap();
    let result = partial_result(dir.path());
    let doc = parse(&report(&result, "html", &[]));
    assert!(
        select(&doc, "polygon.series").is_empty(),
        "no closed shape through unscored components"
    );
    let lines = select(&doc, "polyline.series");
    assert!(!lines.is_empty());
    for line in lines {
        for point in line.value().attr("points").unwrap().split(' ') {
            assert_ne!(point, "160.0,160.0", "a line reaches the centre");
        }
    }
    assert_eq!(select(&doc, "circle.point").len(), 2);
    assert_eq!(select(&doc, "text.na").len(), 3, "three components are n/a");
    let desc = text_of(&select(&doc, "svg desc")[0]);
    assert!(desc.contains("Backbone support: n/a"), "{desc}");
    assert!(!select(&doc, "svg title").is_empty());
    // The ring values are labelled and the band zones shaded.
    let rings: Vec<String> = select(&doc, "text.ring-value")
        .iter()
        .map(text_of)
        .collect();
    assert_eq!(rings, ["25", "50", "75", "100"]);
    assert_eq!(select(&doc, "polygon.zone").len(), 3);
}

#[test]
fn radar_labels_fit_the_view_box_with_long_names() {
    let content = crate::support::content_copy();
    let framework = content.path().join("frameworks/collective-impact.toml");
    crate::support::edit(
        &framework,
        "name = \"Backbone support\"",
        "name = \"Backbone support and coordination capacity across every partner\"",
    );
    let html = run_ok(
        partnerscope()
            .arg("--content")
            .arg(content.path())
            .arg("report")
            .arg(root().join("examples/strong-agenda.result.json"))
            .args(["--format", "html"]),
    );
    let doc = parse(&html);
    let svg = &select(&doc, "figure.radar svg")[0];
    let view: Vec<f64> = svg
        .value()
        .attr("viewBox")
        .unwrap()
        .split(' ')
        .map(|v| v.parse().unwrap())
        .collect();
    // Every label line, at a generous 0.64 em per character, stays inside.
    for text in select(&doc, "text.label") {
        let x: f64 = text.value().attr("x").unwrap().parse().unwrap();
        let anchor = text.value().attr("text-anchor").unwrap();
        for line in text.text() {
            assert!(
                line.chars().count() <= 16,
                "label line {line:?} is not wrapped"
            );
            let w = line.chars().count() as f64 * 0.64 * 14.0;
            let (left, right) = match anchor {
                "start" => (x, x + w),
                "end" => (x - w, x),
                _ => (x - w / 2.0, x + w / 2.0),
            };
            assert!(
                left >= view[0] && right <= view[0] + view[2],
                "{line:?} spills out of {view:?}"
            );
        }
    }
}

#[test]
fn group_round_shows_distributions_disagreements_and_members_words() {
    let dir = tempfile::tempdir().unwrap();
    let docs = documents(dir.path());
    let group = &docs.iter().find(|(k, _)| *k == "group").unwrap().1;
    let html = report(group, "html", &[]);
    let doc = parse(&html);
    let headline = text_of(&select(&doc, ".headline")[0]);
    assert!(headline.contains("2 members"), "{headline}");
    assert!(headline.contains("Highest-scoring component: Common agenda"));
    assert!(text_of(&select(&doc, ".caveat")[0]).contains("members' own perceptions"));
    // Each question's answers counted, with the counts as text and a bar.
    let dists = select(&doc, "li.dist");
    assert!(dists.len() > 20, "{} distributions", dists.len());
    let first = &dists[0];
    let counts = text_of(&select(&Html::parse_fragment(&first.html()), ".counts")[0]);
    let total: u64 = counts
        .split(" · ")
        .filter_map(|c| c.rsplit(' ').next()?.parse::<u64>().ok())
        .sum();
    assert_eq!(total, 2, "two members counted in {counts:?}");
    assert!(!select(&Html::parse_fragment(&first.html()), ".seg").is_empty());
    // Member 2 answered 1 everywhere, member 1 mostly 4 or 5: the room splits.
    let body = text_of(&select(&doc, "body")[0]);
    assert!(body.contains("Where members disagree"));
    // Members' own words: free text, and notes with their question.
    let words: Vec<String> = select(&doc, ".words blockquote")
        .iter()
        .map(text_of)
        .collect();
    assert!(words
        .iter()
        .any(|w| w.contains("written with young people")));
    assert!(words.iter().any(|w| w.contains("on top of the day job")));
    assert!(body.contains("What is the partnership proudest of so far?"));
    // Component summaries and band meanings from the framework.
    assert!(body.contains("Every partner holds the same picture of the change"));
    assert!(body.contains("Well established; build on it"));
    // The same in Markdown.
    let md = report(group, "markdown", &[]);
    for text in [
        "2 members",
        "written with young people",
        "Every partner holds the same picture",
        "(Strongly disagree **",
        "members' own perceptions",
    ] {
        assert!(md.contains(text), "markdown lacks {text:?}");
    }
}

/// A heading's level and text.
type Headings = Vec<(usize, String)>;

/// Heading texts of an HTML page, and of a Markdown document, in order.
fn headings(html: &str, md: &str) -> (Headings, Headings) {
    let doc = parse(html);
    let h: Vec<(usize, String)> = select(&doc, "h1, h2, h3, h4")
        .iter()
        .map(|e| (e.value().name()[1..].parse().unwrap(), text_of(e)))
        .collect();
    let m: Vec<(usize, String)> = md
        .lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let level = l.chars().take_while(|c| *c == '#').count();
            (level, l[level..].trim().replace('\\', ""))
        })
        .collect();
    (h, m)
}

#[test]
fn html_and_markdown_show_the_same_sections_nested_alike() {
    let dir = tempfile::tempdir().unwrap();
    let mut docs = documents(dir.path());
    let by = dir.path().join("by.json");
    run_ok(
        partnerscope()
            .arg("aggregate")
            .arg(root().join("examples"))
            .args(["--by", "partnership", "--format", "json", "--output"])
            .arg(&by),
    );
    docs.push(("by-partnership", by));
    for (kind, file) in docs {
        let (h, m) = headings(&report(&file, "html", &[]), &report(&file, "markdown", &[]));
        let levels = |list: &[(usize, String)]| list.iter().map(|(l, _)| *l).collect::<Vec<_>>();
        assert_eq!(levels(&h), levels(&m), "{kind}: heading levels differ");
        for window in levels(&h).windows(2) {
            assert!(
                window[1] <= window[0] + 1,
                "{kind}: a heading level is skipped"
            );
        }
        let first_words = |list: &[(usize, String)]| -> Vec<String> {
            list.iter()
                .map(|(_, t)| t.split_whitespace().take(2).collect::<Vec<_>>().join(" "))
                .collect()
        };
        assert_eq!(first_words(&h), first_words(&m), "{kind}: sections differ");
    }
}

#[test]
fn comparisons_show_dates_and_refuse_different_partnerships() {
    let examples = root().join("examples");
    let early = examples.join("early-partnership.result.json");
    let mature = examples.join("mature-partnership.result.json");
    let out = partnerscope()
        .arg("compare")
        .arg(&early)
        .arg(&mature)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = crate::support::stderr_of(&out);
    assert!(err.contains("different partnerships") && err.contains("--allow-different"));
    assert!(out.stdout.is_empty(), "nothing written");
    // An "after" dated before the "before" is refused too.
    let dir = tempfile::tempdir().unwrap();
    let mut later: Value = serde_json::from_str(&std::fs::read_to_string(&early).unwrap()).unwrap();
    later["date"] = "2099-01-01".into();
    let later_file = dir.path().join("later.json");
    std::fs::write(&later_file, later.to_string()).unwrap();
    let out = partnerscope()
        .arg("compare")
        .arg(&later_file)
        .arg(&early)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(crate::support::stderr_of(&out).contains("dated before"));
    // With --allow-different the warning is kept in the document and shown.
    let md = run_ok(
        partnerscope()
            .args(["compare", "--allow-different", "--format", "markdown"])
            .arg(&early)
            .arg(&mature),
    );
    assert!(md.contains("**Warning:** the two documents are about different partnerships"));
    let before: Value = serde_json::from_str(&std::fs::read_to_string(&early).unwrap()).unwrap();
    assert!(
        md.contains(before["date"].as_str().unwrap()),
        "the before date is shown"
    );
    assert!(!md.contains("gap(s)") && !md.contains("step(s)") && !md.contains("-0 "));
    let html = run_ok(
        partnerscope()
            .args(["compare", "--allow-different", "--format", "html"])
            .arg(&early)
            .arg(&mature),
    );
    assert!(html.contains(before["date"].as_str().unwrap()));
    assert!(html.contains("class=\"warning\""));
}

#[test]
fn report_reads_standard_input() {
    let result = root().join("examples/early-partnership.result.json");
    let md = run_ok(
        partnerscope()
            .args(["report", "-", "--format", "markdown"])
            .pipe_stdin(&result)
            .unwrap(),
    );
    assert!(md.starts_with("# Partnership self-assessment"));
}

/// Standard output named as a file goes where the shell sent it, even with
/// `--force`, and is never replaced by a file of its own.
#[test]
#[cfg(target_os = "linux")]
fn standard_output_named_as_the_output_is_written_to() {
    let dir = tempfile::tempdir().unwrap();
    let captured = dir.path().join("captured.md");
    let result = root().join("examples/early-partnership.result.json");
    for force in [false, true] {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_partnerscope"));
        cmd.args([
            "report",
            "--format",
            "markdown",
            "--output",
            "/proc/self/fd/1",
        ])
        .arg(&result)
        .stdout(std::fs::File::create(&captured).unwrap());
        if force {
            cmd.arg("--force");
        }
        let out = cmd.output().unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        let md = std::fs::read_to_string(&captured).unwrap();
        assert!(md.starts_with("# Partnership self-assessment"), "{md:?}");
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing left beside the output"
    );
}

#[test]
fn csv_opens_as_utf8_with_question_text_and_keeps_every_note() {
    let dir = tempfile::tempdir().unwrap();
    let answers = dir.path().join("answers.json");
    let doc = serde_json::json!({
        "partnership": "Cymdeithas ŵyr 🎨 شراكة",
        "answers": { "sr-shared-vision": 4, "ks-steering-group": null },
        "notes": { "ks-steering-group": "=not started: the group has not met", "sr-shared-vision": "Agreed in March" },
    });
    std::fs::write(&answers, doc.to_string()).unwrap();
    let result = dir.path().join("r.json");
    run_ok(
        partnerscope()
            .args(["assess", "--answers"])
            .arg(&answers)
            .arg("--output")
            .arg(&result),
    );
    let bytes = partnerscope()
        .arg("report")
        .arg(&result)
        .args(["--format", "csv"])
        .output()
        .unwrap()
        .stdout;
    assert!(
        bytes.starts_with("\u{feff}".as_bytes()),
        "a UTF-8 byte-order mark"
    );
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let column = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(column("question_text"), column("question") + 1);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let row = |id: &str| rows.iter().find(|r| &r[column("question")] == id).unwrap();
    assert_eq!(
        &row("sr-shared-vision")[column("answer_label")],
        "4 (Agree)"
    );
    assert!(row("sr-shared-vision")[column("question_text")].starts_with("Partners describe"));
    // A note on an unanswered question is kept, and neutralised.
    let unanswered = row("ks-steering-group");
    assert_eq!(&unanswered[column("answer")], "");
    assert_eq!(
        &unanswered[column("note")],
        "'=not started: the group has not met"
    );
    assert_eq!(&rows[0][0], "Cymdeithas ŵyr 🎨 شراكة");
    let plain = report(&result, "csv", &["--no-bom"]);
    assert!(plain.starts_with("partnership,"));
}

#[test]
fn schemas_bound_scores_and_bands() {
    let schema: Value =
        serde_json::from_str(&run_ok(partnerscope().args(["schema", "result"]))).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let doc: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("examples/strong-agenda.result.json")).unwrap(),
    )
    .unwrap();
    assert!(validator.is_valid(&doc));
    let broken = |path: &str, value: Value| {
        let mut d = doc.clone();
        *d.pointer_mut(path).unwrap() = value;
        !validator.is_valid(&d)
    };
    assert!(broken("/components/0/score", 150.into()), "a score of 150");
    assert!(
        broken("/components/0/band", "excellent".into()),
        "band excellent"
    );
    assert!(broken("/kind", "aggregate".into()));
    assert!(broken("/schema_version", 7.into()));
    assert!(broken("/mode", "weird".into()));
    let answers: Value =
        serde_json::from_str(&run_ok(partnerscope().args(["schema", "answers"]))).unwrap();
    let answers = jsonschema::validator_for(&answers).unwrap();
    assert!(!answers
        .is_valid(&serde_json::json!({ "schema_version": 7, "partnership": "P", "answers": {} })));
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
    // Every page the overview refers to exists.
    for name in [
        "assess",
        "aggregate",
        "compare",
        "report",
        "schema",
        "template",
    ] {
        assert!(man.contains(&format!("partnerscope\\-{name}(1)")));
        let page = run_ok(partnerscope().args(["man", name]));
        assert!(
            page.contains(&format!(".TH partnerscope-{name} 1")),
            "{name}"
        );
    }
    let out = partnerscope().args(["man", "nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_example_report_is_in_sync() {
    let html = report(
        &root().join("examples/strong-agenda.result.json"),
        "html",
        &[],
    );
    let stored =
        std::fs::read_to_string(root().join("examples/strong-agenda.report.html")).unwrap();
    assert!(
        html == stored,
        "examples/strong-agenda.report.html is stale: regenerate it with `partnerscope report examples/strong-agenda.result.json --format html --output examples/strong-agenda.report.html --force`, then print it to examples/strong-agenda.report.pdf and screenshot examples/strong-agenda.report.png (tests/browser/check.sh examples/strong-agenda.report.html makes both in target/browser)"
    );
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
            .args(["--allow-different", "--format", "json"]),
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

#[test]
fn an_aggregate_reads_alike_from_a_file_and_from_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let file = by_partnership(dir.path());
    for format in FORMATS {
        let from_file = report(&file, format, &[]);
        let from_stdin = run_ok(
            partnerscope()
                .args(["report", "-", "--format", format])
                .pipe_stdin(&file)
                .unwrap(),
        );
        assert_eq!(from_file, from_stdin, "{format}");
    }
    // Read profile by profile and written again, the document is unchanged.
    let again = report(&file, "json", &[]);
    assert_eq!(again, std::fs::read_to_string(&file).unwrap());
}

#[test]
fn a_broken_profile_anywhere_stops_the_report_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = by_partnership(dir.path());
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let profiles = doc["profiles"].as_array_mut().unwrap();
    assert!(profiles.len() > 1);
    profiles.last_mut().unwrap()["results"] = Value::from("many");
    std::fs::write(&file, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
    for format in FORMATS {
        let out = partnerscope()
            .args(["report", "--format", format])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{format}");
        assert!(out.stdout.is_empty(), "{format}: nothing on stdout");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a valid aggregate"), "{stderr}");
        let target = dir.path().join(format!("out.{format}"));
        let out = partnerscope()
            .args(["report", "--format", format])
            .arg(&file)
            .arg("--output")
            .arg(&target)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(4), "{format}");
        assert!(!target.exists(), "{format}: no file written");
    }
    let left: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left behind");
}

#[test]
fn a_result_edited_out_of_shape_is_refused_by_report_compare_and_aggregate() {
    let dir = tempfile::tempdir().unwrap();
    let example = root().join("examples/strong-agenda.result.json");
    let original: Value =
        serde_json::from_str(&std::fs::read_to_string(&example).unwrap()).unwrap();
    type Edit = fn(&mut Value);
    let edits: [(&str, Edit); 4] = [
        ("unsupported schema_version 99", |d| {
            d["schema_version"] = 99.into()
        }),
        // Dates order as text, which is their order only when written in full.
        ("date '2026-9-30' is not a date written YYYY-MM-DD", |d| {
            d["date"] = "2026-9-30".into()
        }),
        ("date 'soon' is not a date written YYYY-MM-DD", |d| {
            d["date"] = "soon".into()
        }),
        ("score 150 is outside 0-100", |d| {
            d["components"][0]["score"] = 150.into()
        }),
    ];
    for (expected, edit) in edits {
        let mut doc = original.clone();
        edit(&mut doc);
        let path = dir.path().join("edited.json");
        std::fs::write(&path, doc.to_string()).unwrap();
        let mut commands = vec![vec!["report"], vec!["compare", example.to_str().unwrap()]];
        // aggregate scores the answers again, so only the date is its concern.
        if expected.starts_with("date") {
            commands.push(vec!["aggregate"]);
        }
        for args in commands {
            let out = partnerscope().args(&args).arg(&path).output().unwrap();
            assert_eq!(out.status.code(), Some(4), "{args:?}");
            assert!(
                stderr_of(&out).contains(expected),
                "{args:?}: {}",
                stderr_of(&out)
            );
        }
    }
}

#[test]
fn a_partnership_told_to_weigh_another_approach_is_not_sent_to_build_collective_impact() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/mature-partnership.toml")).unwrap();
    let text = text
        .replace(
            "rd-single-programme = \"no\"",
            "rd-single-programme = \"yes\"",
        )
        .replace(
            "rd-model-choice = \"collective-impact\"",
            "rd-model-choice = \"network\"",
        );
    let answers = dir.path().join("a.toml");
    std::fs::write(&answers, text).unwrap();
    let markdown = run_ok(
        partnerscope()
            .args(["assess", "--format", "markdown", "--answers"])
            .arg(&answers),
    );
    let headline: Vec<&str> = markdown.lines().filter(|l| l.starts_with("> ")).collect();
    let headline = headline.join("\n");
    assert!(headline.contains("Consider another approach"), "{headline}");
    assert!(
        !headline.contains("One thing to do next") && !headline.contains("Next key step"),
        "{headline}"
    );
}
