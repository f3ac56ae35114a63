//! A small builder around the binary and a scratch copy of the content.

use std::path::{Path, PathBuf};

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
