//! An error that knows which exit code it maps to.

use std::fmt;

use crate::exit_codes::ExitCode;

#[derive(Debug)]
pub struct Failure {
    pub code: ExitCode,
    pub message: String,
}

impl Failure {
    pub fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub fn input(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::InvalidInput, message)
    }

    /// Content problems, one per line.
    pub fn content(problems: &[crate::content::Problem]) -> Self {
        let lines: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        Failure::new(ExitCode::InvalidContent, lines.join("\n"))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// The exit code an error maps to: its own when it is a [`Failure`], otherwise a general error.
pub fn exit_code_of(error: &anyhow::Error) -> ExitCode {
    error
        .downcast_ref::<Failure>()
        .map_or(ExitCode::GeneralError, |f| f.code)
}
