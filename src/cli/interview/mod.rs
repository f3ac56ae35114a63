//! The interactive interview: a pure flow behind a small prompting
//! interface, the terminal that implements it, the session that saves
//! progress and handles interruption, and the summary it ends with.

pub(crate) mod flow;
pub(crate) mod session;
pub(crate) mod summary;
pub(crate) mod terminal;

/// Text from people or content as it may be shown on a terminal: control
/// characters (which could clear the screen or forge lines) are shown as
/// visible escapes, the same way as everywhere else. Everything the
/// interview prints from a file or a person passes here.
pub(crate) fn for_terminal(text: &str) -> String {
    crate::report::terminal_text::for_terminal(text).into_owned()
}
