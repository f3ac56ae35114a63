//! partnerscope: self-assessment for cross-sector partnerships against the
//! collective impact model.

pub mod aggregate;
pub mod answers;
pub mod app;
pub mod assess;
pub mod cli;
pub mod compare;
pub mod content;
pub mod error;
pub mod exit_codes;
#[cfg(test)]
mod fixture;
pub mod inputs;
pub mod interactive;
pub mod interview;
pub mod messages;
pub mod output;
pub mod recommend;
pub mod report;
pub mod result;
pub mod schema;
pub mod scoring;
pub mod stats;
pub mod style;
pub mod template;
pub mod terminal;
