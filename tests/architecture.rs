//! The layering of the source tree: the core stays pure and every
//! dependency points inward (cli → io, report → core).

use std::path::{Path, PathBuf};

use crate::support::root;

/// The Rust files under a folder of `src/`.
fn sources(folder: &str) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(&root().join("src").join(folder), &mut files);
    assert!(!files.is_empty(), "src/{folder} has Rust files");
    files
}

/// Code lines only: a comment may name what the code must not use.
fn code_of(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn offences(folder: &str, forbidden: &[&str]) -> Vec<String> {
    let mut found = Vec::new();
    for file in sources(folder) {
        let code = code_of(&file);
        for word in forbidden {
            if code.contains(word) {
                let shown = file.strip_prefix(root()).unwrap().display().to_string();
                found.push(format!("{shown} mentions {word}"));
            }
        }
    }
    found
}

#[test]
fn the_core_is_pure() {
    let found = offences(
        "core",
        &[
            "clap",
            "dialoguer",
            "console",
            "indicatif",
            "comfy_table",
            "std::fs",
            "stdin",
            "stdout",
            "println!",
            "eprintln!",
            "crate::cli",
            "crate::io",
            "crate::report",
            "crate::error",
        ],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn renderers_depend_only_on_the_core() {
    let found = offences(
        "report",
        &["crate::cli", "crate::io", "std::fs", "stdin", "dialoguer"],
    );
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn files_and_streams_know_nothing_of_the_command_line() {
    let found = offences("io", &["crate::cli", "crate::report", "clap", "dialoguer"]);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn the_check_catches_an_offence() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bad.rs");
    std::fs::write(
        &file,
        "// std::fs in a comment is fine\nuse std::fs::read;\n",
    )
    .unwrap();
    let code = code_of(&file);
    assert!(code.contains("std::fs"));
    assert!(!code.contains("comment"));
}
