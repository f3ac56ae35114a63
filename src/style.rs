//! Tables and colour, decided once.

use std::io::IsTerminal;

use comfy_table::{presets, ContentArrangement, Table};

/// Whether to colour standard output: a terminal, no `NO_COLOR`, no `--no-color`.
pub fn use_colour(no_color_flag: bool) -> bool {
    colour_allowed(no_color_flag) && std::io::stdout().is_terminal()
}

/// Whether to colour prompts, which go to standard error.
pub fn use_colour_on_stderr(no_color_flag: bool) -> bool {
    colour_allowed(no_color_flag) && std::io::stderr().is_terminal()
}

fn colour_allowed(no_color_flag: bool) -> bool {
    !no_color_flag && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A table that fits the terminal when there is one.
pub fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    table
}
