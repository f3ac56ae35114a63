//! The command line: arguments, dispatch, messages and colour, and the
//! interactive interview.

mod args;
mod collect;
mod inputs;
mod interview;
mod messages;
mod run;
mod style;

pub use args::Cli;
pub use run::main;
