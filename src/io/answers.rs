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
    let bytes = super::read_input(path).map_err(|why| Failure::input(format!("{shown}: {why}")))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| Failure::input(format!("{shown}: file is not valid UTF-8 text")))?;
    let syntax = syntax_of(path, &text);
    parse(&shown, &text, syntax, content).map_err(Failure::input)
}
