//! Hostile input and faults, one test per case:
//!
//! | area | case |
//! |---|---|
//! | terminal | escape sequences in names, notes, ids and content text are shown as `\u{1b}`, errors stay one line |
//! | markup | content and result-document text is escaped in Markdown; links only to http(s) addresses |
//! | output | a device or pipe at `--output` is written into, never replaced; modes follow the umask or the old file |
//! | temp files | stale temporary files of this tool are swept |
//! | size | one endless line or document stops at the input limit; a file that cannot be JSON stops at its first line |
//! | aggregate | a result none of whose answers fits the content is refused, not counted |
//! | messages | BOM in JSON, an empty report input, `/dev/zero` and pipes, `--content FILE`, too many choice options |
//!
//! How fast parsing stays on large inputs is measured in `benches/parsing.sh`.

use std::path::Path;

use serde_json::Value;

use crate::support::{content_copy, edit, partnerscope, root, stderr_of, stdout_of};

const ESCAPES: &str = "\u{1b}[2J\u{1b}]52;c;ZWNobyBwd25lZAo=\u{7}\u{1b}]0;PWNED\u{7}";

fn example_result() -> Value {
    let path = root().join("examples/early-partnership.result.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn answers_json(dir: &Path, partnership: &str) -> std::path::PathBuf {
    let path = dir.join("a.json");
    let doc = serde_json::json!({
        "partnership": partnership,
        "member": format!("Head{ESCAPES}"),
        "answers": { "sr-shared-vision": 4, "sr-next-year": format!("plan{ESCAPES}") },
        "notes": { "sr-shared-vision": format!("note{ESCAPES}") }
    });
    std::fs::write(&path, doc.to_string()).unwrap();
    path
}

/// Whether Markdown holds `tag` with its `<` not escaped.
fn has_raw_tag(markdown: &str, tag: &str) -> bool {
    markdown
        .match_indices(tag)
        .any(|(i, _)| !markdown[..i].ends_with('\\'))
}

fn assert_no_raw_escapes(text: &str) {
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "raw control characters in: {text:?}"
    );
}

#[test]
fn terminal_tables_show_escape_sequences_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let answers = answers_json(dir.path(), &format!("Riverside{ESCAPES}"));
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(&answers)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let table = stdout_of(&out);
    assert_no_raw_escapes(&table);
    assert!(table.contains("Riverside\\u{1b}[2J"), "{table}");
}

#[test]
fn report_table_of_a_hand_edited_result_shows_escapes_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = example_result();
    doc["partnership"] = format!("R{ESCAPES}").into();
    doc["stage"]["name"] = format!("Discover{ESCAPES}").into();
    let path = dir.path().join("r.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    for format in ["table", "markdown", "csv", "html"] {
        let out = partnerscope()
            .arg("report")
            .arg(&path)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{format}: {}", stderr_of(&out));
        assert_no_raw_escapes(&stdout_of(&out));
    }
}

#[test]
fn an_error_quoting_a_key_is_one_line_without_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    std::fs::write(
        &path,
        "{\"partnership\":\"X\",\"answers\":{\"sr-shared-vision\\nforged: all good\\u001b[2J\":1}}",
    )
    .unwrap();
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr_of(&out);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert_no_raw_escapes(&err);
    assert!(err.contains("m.json") && err.contains("\\u{1b}"), "{err}");

    // A key that is not a question id at all: serde's own message quotes it.
    std::fs::write(&path, "{\"partnership\":\"X\",\"bad\\nkey\":1}").unwrap();
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(stderr_of(&out).lines().count(), 1, "{}", stderr_of(&out));
}

#[test]
fn a_document_error_quoting_a_value_is_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut result = example_result();
    result["mode"] = Value::from("x\nforged: all good\u{1b}[2J");
    let whole = dir.path().join("r.json");
    std::fs::write(&whole, result.to_string()).unwrap();
    let mut result = example_result();
    result["parts"][0] = Value::from("self\nreflection");
    let lines = dir.path().join("r.jsonl");
    std::fs::write(&lines, result.to_string()).unwrap();
    for (command, path) in [
        ("report", &whole),
        ("compare", &whole),
        ("aggregate", &lines),
    ] {
        let mut run = partnerscope();
        run.arg(command).arg(path);
        if command == "compare" {
            run.arg(path);
        }
        let out = run.output().unwrap();
        let err = stderr_of(&out);
        assert_eq!(out.status.code(), Some(4), "{command}: {err}");
        assert_eq!(err.lines().count(), 1, "{command}: {err}");
        assert_no_raw_escapes(&err);
        assert!(err.contains("\\n"), "{command}: {err}");
    }
}

#[test]
fn validate_refuses_control_characters_in_content_text() {
    let content = content_copy();
    edit(
        &content.path().join("questions/self-reflection.toml"),
        "text = \"Partners describe",
        "text = \"\\u001b[2J\\u001b]0;PWNED\\u0007Partners describe",
    );
    let out = partnerscope()
        .arg("validate")
        .arg(content.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(
        err.contains("self-reflection.toml:") && err.contains("control character"),
        "{err}"
    );
    assert_no_raw_escapes(&err);
}

#[test]
fn markdown_escapes_text_that_comes_from_content() {
    let content = content_copy();
    edit(
        &content.path().join("frameworks/collective-impact.toml"),
        "name = \"Common agenda\"",
        "name = \"Common agenda<img src=x onerror=alert(6)>\"",
    );
    let out = partnerscope()
        .arg("--content")
        .arg(content.path())
        .args(["assess", "--answers"])
        .arg(root().join("examples/early-partnership.toml"))
        .args(["--format", "markdown"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let md = stdout_of(&out);
    assert!(!has_raw_tag(&md, "<img"), "raw tag in Markdown");
    assert!(md.contains("Common agenda\\<img"), "escaped tag expected");
}

#[test]
fn validate_refuses_a_catalogue_url_that_could_break_out_of_a_link() {
    let content = content_copy();
    edit(
        &content.path().join("frameworks/resources.toml"),
        "url = \"https://www.anewdirection.org.uk/what-we-do/connected-london/connected-network\"",
        "url = \"https://ok.example/>)<img src=x onerror=alert(7)>(<x\"",
    );
    let out = partnerscope()
        .arg("validate")
        .arg(content.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(stderr_of(&out).contains("resources.toml:"));
}

#[test]
fn a_result_file_cannot_smuggle_script_or_live_non_web_links_into_reports() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = example_result();
    doc["stage"]["name"] = "<script>alert(5)</script>".into();
    doc["recommendations"][0]["url"] = "javascript:alert(document.domain)".into();
    doc["recommendations"][1]["url"] = "https://ok.example/a b>)<img src=x>".into();
    let path = dir.path().join("r.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let render = |format: &str| {
        let out = partnerscope()
            .arg("report")
            .arg(&path)
            .args(["--format", format])
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
        stdout_of(&out)
    };
    let md = render("markdown");
    assert!(!has_raw_tag(&md, "<script"), "raw script in Markdown");
    assert!(
        !md.contains("](<javascript:"),
        "javascript: link in Markdown"
    );
    assert!(
        md.contains("javascript:alert(document.domain)"),
        "shown as text"
    );
    assert!(
        md.contains("(<https://ok.example/a%20b%3E)%3Cimg%20src=x%3E>)"),
        "{md}"
    );
    let html = render("html");
    assert!(
        !html.contains("href=\"javascript:"),
        "javascript: link in HTML"
    );
    assert!(!html.contains("<script>"));
}

#[cfg(unix)]
#[test]
fn output_onto_a_device_writes_into_it_instead_of_replacing_it() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("discard.json");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(root().join("examples/early-partnership.toml"))
        .arg("--output")
        .arg(&link)
        .arg("--force")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let meta = std::fs::symlink_metadata(&link).unwrap();
    assert!(
        meta.file_type().is_symlink(),
        "the link to /dev/null was replaced"
    );
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
}

#[cfg(unix)]
fn mode_of(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[cfg(unix)]
#[test]
fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
    let dir = tempfile::tempdir().unwrap();
    let bin = assert_cmd::cargo::cargo_bin("partnerscope");
    let answers = root().join("examples/early-partnership.toml");
    let run = |umask: &str, output: &Path| {
        let status = std::process::Command::new("sh")
            .arg("-c")
            .arg(format!(
                "umask {umask}; exec \"$0\" assess --answers \"$1\" --output \"$2\" --force"
            ))
            .arg(&bin)
            .arg(&answers)
            .arg(output)
            .env("NO_COLOR", "1")
            .status()
            .unwrap();
        assert!(status.success());
    };
    let fresh = dir.path().join("fresh.json");
    run("022", &fresh);
    assert_eq!(mode_of(&fresh), 0o644);

    let shared = dir.path().join("shared.json");
    std::fs::write(&shared, "old").unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o664)).unwrap();
    run("077", &shared);
    assert_eq!(mode_of(&shared), 0o664);
}

#[test]
fn stale_temp_files_of_this_tool_are_swept_and_others_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".partnerscope-4000000000-Ab12Cd.tmp");
    let foreign = dir.path().join(".tmpAb12Cd");
    std::fs::write(&stale, "partial").unwrap();
    std::fs::write(&foreign, "someone else's").unwrap();
    let out = partnerscope()
        .args(["assess", "--answers"])
        .arg(root().join("examples/early-partnership.toml"))
        .arg("--output")
        .arg(dir.path().join("r.json"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    assert!(!stale.exists(), "stale temporary file left");
    assert!(foreign.exists(), "another tool's file removed");
}

#[test]
fn one_line_longer_than_the_limit_stops_with_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.jsonl");
    let first = std::fs::read_to_string(root().join("examples/early-partnership.result.json"))
        .map(|t| serde_json::to_string(&serde_json::from_str::<Value>(&t).unwrap()).unwrap())
        .unwrap();
    let mut text = first + "\n{\"x\":\"";
    text.push_str(&"a".repeat(64 * 1024 * 1024 + 1));
    std::fs::write(&path, text).unwrap();
    let out = partnerscope().arg("aggregate").arg(&path).output().unwrap();
    std::fs::remove_file(&path).unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr_of(&out);
    assert!(
        err.contains("big.jsonl:2: line larger than the 64 MiB limit"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn endless_inputs_stop_at_the_limit() {
    let out = partnerscope()
        .args(["assess", "--answers", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(stderr_of(&out).contains("/dev/zero: larger than the 64 MiB limit"));

    let out = partnerscope()
        .args(["aggregate", "/dev/zero"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr_of(&out);
    assert!(
        err.contains("/dev/zero:1: line larger than the 64 MiB limit"),
        "{err}"
    );
    assert!(!err.contains("not found"));
}

#[test]
fn a_file_that_cannot_be_json_stops_at_its_first_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.json");
    std::fs::write(&path, "garbage\n".repeat(1000)).unwrap();
    let out = partnerscope().arg("aggregate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    let err = stderr_of(&out);
    assert!(err.contains("garbage.json:1: not JSON"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_pipe_is_read_as_an_input() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("results.jsonl");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let line = serde_json::to_string(&example_result()).unwrap() + "\n";
    let writer = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::write(fifo, line).unwrap())
    };
    let out = partnerscope()
        .arg("aggregate")
        .arg(&fifo)
        .args(["--format", "json"])
        .output()
        .unwrap();
    if !out.status.success() {
        // Let the writer, still waiting for a reader, finish.
        let _ = std::fs::read(&fifo);
    }
    writer.join().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["profiles"][0]["results"], 1);
}

#[test]
fn json_with_a_byte_order_mark_reads_like_toml_with_one() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("a.json");
    std::fs::write(
        &json,
        "\u{feff}{\"partnership\":\"X\",\"answers\":{\"sr-shared-vision\":4}}",
    )
    .unwrap();
    let toml = dir.path().join("a.toml");
    std::fs::write(
        &toml,
        "\u{feff}partnership = \"X\"\n[answers]\nsr-shared-vision = 4\n",
    )
    .unwrap();
    for path in [&json, &toml] {
        let out = partnerscope()
            .args(["assess", "--answers"])
            .arg(path)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr_of(&out));
    }
    let mut doc = example_result().to_string();
    doc.insert(0, '\u{feff}');
    let result = dir.path().join("r.json");
    std::fs::write(&result, doc).unwrap();
    for command in ["report", "aggregate"] {
        let out = partnerscope().arg(command).arg(&result).output().unwrap();
        assert!(out.status.success(), "{command}: {}", stderr_of(&out));
    }
}

#[test]
fn an_empty_report_input_is_called_empty() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("e.json");
    std::fs::write(&path, "").unwrap();
    let out = partnerscope().arg("report").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("e.json: file is empty"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn content_named_by_a_file_is_not_called_missing() {
    let out = partnerscope()
        .arg("--content")
        .arg(root().join("Cargo.toml"))
        .arg("validate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3));
    let err = stderr_of(&out);
    assert!(err.contains("is a file, not a content folder"), "{err}");
}

#[test]
fn a_choice_with_too_many_options_is_refused() {
    let content = content_copy();
    let path = content.path().join("frameworks/collective-impact.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let options: String = (1..=21)
        .map(|i| {
            format!("[[option_sets.options]]\nid = \"o{i}\"\nlabel = \"Option {i}\"\nscore = 0.5\n")
        })
        .collect();
    std::fs::write(
        &path,
        format!("{text}\n[[option_sets]]\nid = \"many\"\n{options}"),
    )
    .unwrap();
    let out = partnerscope()
        .arg("validate")
        .arg(content.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(3), "{}", stderr_of(&out));
    assert!(
        stderr_of(&out).contains("at most 20 options"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn a_result_with_an_answer_its_question_cannot_take_is_not_counted() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = example_result();
    let scored = doc["answers"]
        .as_object_mut()
        .unwrap()
        .values_mut()
        .find(|v| v.is_u64())
        .expect("a rating among the answers");
    *scored = 99.into();
    let path = dir.path().join("broken.json");
    std::fs::write(&path, doc.to_string()).unwrap();
    let good = root().join("examples/early-partnership.result.json");
    let out = partnerscope().arg("aggregate").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(4));
    assert!(
        stderr_of(&out).contains("broken.json:1: answer to '")
            && stderr_of(&out).contains("is not one it can take"),
        "{}",
        stderr_of(&out)
    );
    let out = partnerscope()
        .arg("aggregate")
        .arg(&path)
        .arg(&good)
        .args(["--skip-invalid", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["profiles"][0]["members"], 1);
}
