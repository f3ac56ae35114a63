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
    let mut problems = Vec::new();
    let mut files = Vec::new();
    for bundled in bundled_files() {
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
            Ok(Err(_)) => problems.push(Problem::in_file(shown_as, "file is not valid UTF-8")),
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

/// Loads the content in `dir`, or the bundled content when none is named.
pub(crate) fn load(dir: Option<&Path>) -> Result<Content, Vec<Problem>> {
    match dir {
        Some(dir) => parse(&files_from_dir(dir)?),
        None => Ok(prepared()),
    }
}

/// Parses and validates the content in `dir`, or the bundled content's own
/// files when none is named, where [`load`] trusts the copy prepared at build time.
pub(crate) fn validate(dir: Option<&Path>) -> Result<Content, Vec<Problem>> {
    match dir {
        Some(dir) => parse(&files_from_dir(dir)?),
        None => bundled_checked(),
    }
}
