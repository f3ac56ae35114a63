//! A problem found in a content file, with where it is.

use std::fmt;

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
        let position = error.span().map(|span| line_and_column(text, span.start));
        Problem::at(file, position, one_line(error.message()))
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position {
            Some((line, col)) => write!(f, "{}:{line}:{col}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub(super) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
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
