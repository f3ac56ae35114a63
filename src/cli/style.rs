//! Tables and colour, decided once.

use std::io::IsTerminal;

/// Whether to colour standard output: a terminal, no `NO_COLOR`, no `--no-color`.
pub(super) fn use_colour(no_color_flag: bool) -> bool {
    colour_allowed(no_color_flag) && std::io::stdout().is_terminal()
}

/// Whether to colour prompts, which go to standard error.
pub(super) fn use_colour_on_stderr(no_color_flag: bool) -> bool {
    colour_allowed(no_color_flag) && std::io::stderr().is_terminal()
}

fn colour_allowed(no_color_flag: bool) -> bool {
    !no_color_flag && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}
