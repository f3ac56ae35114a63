//! An error that knows which exit code it maps to.

use std::fmt;

#[derive(Debug)]
pub(crate) struct Failure {
    pub code: ExitCode,
    pub message: String,
}

impl Failure {
    pub(crate) fn new(code: ExitCode, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub(crate) fn input(message: impl Into<String>) -> Self {
        Failure::new(ExitCode::InvalidInput, message)
    }

    /// Content problems, one per line.
    pub(crate) fn content(problems: &[crate::core::content::Problem]) -> Self {
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
pub(crate) fn exit_code_of(error: &anyhow::Error) -> ExitCode {
    error
        .downcast_ref::<Failure>()
        .map_or(ExitCode::GeneralError, |f| f.code)
}
/// Exit codes, documented in the README.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitCode {
    Success,
    /// Something unexpected: an I/O failure or a bug.
    GeneralError,
    /// The command line itself is wrong (clap reports these).
    Usage,
    /// The content (framework, banks, catalogue) has problems.
    InvalidContent,
    /// An input file (answers, results) is missing, malformed or invalid.
    InvalidInput,
    /// The output file exists and `--force` was not given.
    OutputExists,
    /// An interactive session was asked for without a terminal.
    NotATerminal,
    /// Interrupted by Ctrl-C.
    Interrupted,
}

impl ExitCode {
    pub fn code(self) -> u8 {
        match self {
            ExitCode::Success => 0,
            ExitCode::GeneralError => 1,
            ExitCode::Usage => 2,
            ExitCode::InvalidContent => 3,
            ExitCode::InvalidInput => 4,
            ExitCode::OutputExists => 5,
            ExitCode::NotATerminal => 6,
            ExitCode::Interrupted => 130,
        }
    }
}

impl From<ExitCode> for std::process::ExitCode {
    fn from(code: ExitCode) -> Self {
        std::process::ExitCode::from(code.code())
    }
}
