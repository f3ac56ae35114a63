//! Exit codes, documented in the README.

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
