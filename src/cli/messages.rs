//! Messages for people on standard error, at the verbosity asked for.

use std::sync::OnceLock;

use crate::report::terminal_text::for_terminal;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

static LEVEL: OnceLock<Verbosity> = OnceLock::new();

/// Sets the verbosity once, from `--quiet` and `--verbose`.
pub(super) fn set(quiet: bool, verbose: bool) {
    let level = match (quiet, verbose) {
        (true, _) => Verbosity::Quiet,
        (false, true) => Verbosity::Verbose,
        _ => Verbosity::Normal,
    };
    let _ = LEVEL.set(level);
}

fn level() -> Verbosity {
    *LEVEL.get().unwrap_or(&Verbosity::Normal)
}

/// A message shown unless `--quiet`.
pub(super) fn info(message: impl AsRef<str>) {
    if level() >= Verbosity::Normal {
        eprintln!("{}", for_terminal(message.as_ref()));
    }
}

/// A message shown even with `--quiet`, as the command cannot be used
/// without it.
pub(super) fn always(message: impl AsRef<str>) {
    eprintln!("{}", for_terminal(message.as_ref()));
}

/// A message shown only with `--verbose`.
pub(super) fn detail(message: impl AsRef<str>) {
    if level() >= Verbosity::Verbose {
        eprintln!("{}", for_terminal(message.as_ref()));
    }
}

/// Whether progress bars may show: not with `--quiet`.
pub(crate) fn progress_wanted() -> bool {
    level() >= Verbosity::Normal
}
