//! The interactive interview: a pure flow behind a small prompting
//! interface, the terminal that implements it, and the session that saves
//! progress and handles interruption.

pub(crate) mod flow;
pub(crate) mod session;
pub(crate) mod terminal;
