//! Content from a directory on disk, each file falling back to the bundled copy.

use std::path::{Path, PathBuf};

use crate::core::content::{
    bundled_checked, bundled_files, parse, prepared, Content, Problem, SourceFile,
};

/// The content files from `dir`, each falling back to the bundled copy when
/// the directory does not have it, so a facilitator can override one bank alone.
fn files_from_dir(dir: &Path) -> Result<Vec<SourceFile>, Vec<Problem>> {
    if !dir.is_dir() {
        let why = if dir.exists() {
            "is a file, not a content folder; name the folder that holds frameworks/ and questions/"
        } else {
            "content directory not found"
        };
        return Err(vec![Problem::in_file(dir.display().to_string(), why)]);
    }
    let bundled = bundled_files();
    if !bundled.iter().any(|f| dir.join(f.path).exists()) {
        return Err(vec![Problem::in_file(
            dir.display().to_string(),
            "holds none of the content files (frameworks/collective-impact.toml, frameworks/resources.toml, questions/*.toml); name the folder that holds frameworks/ and questions/",
        )]);
    }
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for bundled in bundled {
        let on_disk: PathBuf = dir.join(bundled.path);
        if !on_disk.exists() {
            files.push(bundled);
            continue;
        }
        let shown_as = on_disk.display().to_string();
        match super::read_input(&on_disk).map(String::from_utf8) {
            Ok(Ok(text)) => files.push(SourceFile {
                path: bundled.path,
                shown_as,
                text,
            }),
            Ok(Err(e)) => problems.push(Problem::at(
                &shown_as,
                Some(position_of(e.as_bytes(), e.utf8_error().valid_up_to())),
                "not valid UTF-8 text",
            )),
            Err(why) => problems.push(Problem::in_file(
                shown_as,
                format!("cannot read file: {why}"),
            )),
        }
    }
    if problems.is_empty() {
        Ok(files)
    } else {
        Err(problems)
    }
}

/// The 1-based line and column of byte `offset` in `bytes`, counting
/// columns in bytes, as the text before it is all that is known to be text.
fn position_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    (line, offset - line_start + 1)
}

/// TOML files beside the content files that nothing reads, such as a new
/// bank a facilitator expected to be asked: each a warning.
fn unread_files(dir: &Path) -> Vec<Problem> {
    let known: Vec<PathBuf> = bundled_files().iter().map(|f| dir.join(f.path)).collect();
    let mut unread: Vec<PathBuf> = ["frameworks", "questions"]
        .iter()
        .filter_map(|sub| std::fs::read_dir(dir.join(sub)).ok())
        .flatten()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
        })
        .filter(|p| !known.contains(p))
        .collect();
    unread.sort();
    unread
        .into_iter()
        .map(|p| {
            Problem::in_file(
                p.display().to_string(),
                "is not read: the banks are questions/self-reflection.toml, readiness.toml and key-steps.toml; add questions to one of them",
            )
        })
        .collect()
}

fn parse_dir(dir: &Path) -> Result<Content, Vec<Problem>> {
    let mut content = parse(&files_from_dir(dir)?)?;
    content.warnings.extend(unread_files(dir));
    Ok(content)
}

/// Loads the content in `dir`, or the bundled content when none is named.
pub(crate) fn load(dir: Option<&Path>) -> Result<Content, Vec<Problem>> {
    match dir {
        Some(dir) => parse_dir(dir),
        None => Ok(prepared()),
    }
}

/// Parses and validates the content in `dir`, or the bundled content's own
/// files when none is named, where [`load`] trusts the copy prepared at build time.
pub(crate) fn validate(dir: Option<&Path>) -> Result<Content, Vec<Problem>> {
    match dir {
        Some(dir) => parse_dir(dir),
        None => bundled_checked(),
    }
}
