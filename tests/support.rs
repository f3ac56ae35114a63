//! A small builder around the binary and a scratch copy of the content.

use std::path::{Path, PathBuf};

use serde_json::Value;

use assert_cmd::Command;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary, with no content override and no colour from the environment.
pub fn partnerscope() -> Command {
    let mut cmd = Command::cargo_bin("partnerscope").expect("binary is built");
    cmd.env_remove("PARTNERSCOPE_CONTENT").env("NO_COLOR", "1");
    cmd
}

pub const CONTENT_FILES: [&str; 5] = [
    "frameworks/collective-impact.toml",
    "frameworks/resources.toml",
    "questions/self-reflection.toml",
    "questions/readiness.toml",
    "questions/key-steps.toml",
];

/// A writable copy of the bundled content in a temporary directory.
pub fn content_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in CONTENT_FILES {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root().join(file), to).unwrap();
    }
    dir
}

/// Replaces the first occurrence of `from` with `to` in a file, failing loudly if absent.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

pub fn stderr_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn run_ok(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "{}", stderr_of(&out));
    stdout_of(&out)
}

/// An aggregate of the examples, one profile per partnership, written to `dir`.
pub fn by_partnership(dir: &Path) -> PathBuf {
    let file = dir.join("by-partnership.json");
    run_ok(
        partnerscope()
            .arg("aggregate")
            .arg(root().join("examples"))
            .args(["--by", "partnership", "--format", "json", "--output"])
            .arg(&file),
    );
    file
}

/// A result, a group round, an aggregate and a comparison, written to `dir`.
pub fn documents(dir: &Path) -> Vec<(&'static str, PathBuf)> {
    let examples = root().join("examples");
    let result = examples.join("strong-agenda.result.json");

    let group = dir.join("group.json");
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&result).unwrap()).unwrap();
    let answers = doc["answers"].clone();
    let mut other = answers.clone();
    for v in other.as_object_mut().unwrap().values_mut() {
        if v.is_number() {
            *v = Value::from(1);
        }
    }
    doc["mode"] = "group".into();
    doc["member"] = "group".into();
    doc["members"] = serde_json::json!([
        { "member": "member 1", "answers": answers },
        { "member": "member 2", "answers": other },
    ]);
    std::fs::write(&group, doc.to_string()).unwrap();

    let aggregate = dir.join("aggregate.json");
    run_ok(
        partnerscope()
            .arg("aggregate")
            .arg(&examples)
            .args(["--format", "json", "--output"])
            .arg(&aggregate),
    );
    let compare = dir.join("compare.json");
    run_ok(
        partnerscope()
            .args(["compare", "--allow-different"])
            .arg(examples.join("early-partnership.result.json"))
            .arg(&result)
            .args(["--format", "json", "--output"])
            .arg(&compare),
    );
    vec![
        ("result", result),
        ("group", group),
        ("aggregate", aggregate),
        ("compare", compare),
    ]
}
