//! Reading answers files from disk or standard input.

use std::path::Path;

use crate::core::answer::{parse, syntax_of, AnswerSheet};
use crate::core::content::Content;
use crate::error::Failure;

/// Reads an answers file (`-` for standard input) and checks it against the content.
pub(crate) fn read(path: &Path, content: &Content) -> Result<AnswerSheet, Failure> {
    let shown = if path == Path::new("-") {
        "<stdin>".to_string()
    } else {
        path.display().to_string()
    };
    let bytes = if path == Path::new("-") {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut buf)
            .map_err(|e| Failure::input(format!("{shown}: cannot read: {e}")))?;
        buf
    } else {
        std::fs::read(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "file not found".to_string(),
                _ => e.to_string(),
            };
            Failure::input(format!("{shown}: {why}"))
        })?
    };
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("{shown}: file is not valid UTF-8 text")))?;
    let syntax = syntax_of(path, &text);
    parse(&shown, &text, syntax, content).map_err(Failure::input)
}
