//! A problem found in a content file, with where it is.

use std::fmt;

use crate::core::text::escape_controls;

#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub file: String,
    /// 1-based line and column, when known.
    pub position: Option<(usize, usize)>,
    pub message: String,
}

impl Problem {
    pub fn in_file(file: impl Into<String>, message: impl Into<String>) -> Self {
        Problem {
            file: file.into(),
            position: None,
            message: message.into(),
        }
    }

    pub fn at(file: &str, position: Option<(usize, usize)>, message: impl Into<String>) -> Self {
        Problem {
            file: file.to_string(),
            position,
            message: message.into(),
        }
    }

    pub fn from_toml(file: &str, text: &str, error: &toml::de::Error) -> Self {
        let span = error.span();
        let position = span.clone().map(|span| line_and_column(text, span.start));
        let mut message = one_line(error.message());
        // The parser says only "duplicate key"; the key it means is at the span.
        if let Some(key) = span
            .and_then(|span| text.get(span))
            .filter(|_| message == "duplicate key")
        {
            message = format!("duplicate key `{}`", key.trim());
        }
        Problem::at(file, position, message)
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // One problem, one line, whatever the content quotes.
        let file = escape_controls(&self.file, false);
        let message = escape_controls(&self.message, false);
        match self.position {
            Some((line, col)) => write!(f, "{file}:{line}:{col}: {message}"),
            None => write!(f, "{file}: {message}"),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    LineStarts::new(text).line_and_column(text, offset)
}

/// Where each line of a text starts, found in one pass, so that the line and
/// column of any number of offsets cost a search each, not a rescan.
#[derive(Debug)]
pub(super) struct LineStarts(Vec<usize>);

impl LineStarts {
    pub(super) fn new(text: &str) -> Self {
        let after_breaks = text.match_indices('\n').map(|(i, _)| i + 1);
        LineStarts(std::iter::once(0).chain(after_breaks).collect())
    }

    /// 1-based line and column (in characters) of a byte offset in `text`,
    /// the text these line starts were found in.
    pub(super) fn line_and_column(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.0.partition_point(|&start| start <= offset);
        let line_start = self.0[line - 1];
        (line, text[line_start..offset].chars().count() + 1)
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

pub(super) fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_counts_from_one() {
        let text = "a = 1\nbb = 2\n";
        assert_eq!(line_and_column(text, 0), (1, 1));
        assert_eq!(line_and_column(text, 6), (2, 1));
        assert_eq!(line_and_column(text, 9), (2, 4));
        assert_eq!(line_and_column(text, 13), (3, 1));
        assert_eq!(line_and_column("é\né", 5), (2, 2));
    }

    #[test]
    fn a_duplicate_key_is_named() {
        let text = "[answers]\nsr-a = 1\nsr-a = 2\n";
        let err = toml::from_str::<toml::Table>(text).unwrap_err();
        let p = Problem::from_toml("x.toml", text, &err);
        assert_eq!(p.to_string(), "x.toml:3:1: duplicate key `sr-a`");
    }

    #[test]
    fn toml_syntax_error_has_position_and_one_line() {
        let text = "a = 1\nb = = 2\n";
        let err = toml::from_str::<toml::Table>(text).unwrap_err();
        let p = Problem::from_toml("x.toml", text, &err);
        assert_eq!(p.position.map(|(l, _)| l), Some(2));
        assert!(!p.to_string().contains('\n'));
        assert!(p.to_string().starts_with("x.toml:2:"));
    }
}
