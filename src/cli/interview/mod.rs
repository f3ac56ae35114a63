//! The interactive interview: a pure flow behind a small prompting
//! interface, the terminal that implements it, the session that saves
//! progress and handles interruption, and the summary it ends with.

pub(crate) mod flow;
pub(crate) mod session;
pub(crate) mod summary;
pub(crate) mod terminal;

/// Text from people or content as it may be shown on a terminal: control
/// characters (which could clear the screen or forge lines) are replaced.
/// Everything the interview prints from a file or a person passes here.
pub(crate) fn for_terminal(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\n' && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}
