//! The pure core: content, answers, scoring, recommendation, aggregation and
//! comparison as functions over plain types. Nothing here touches files, the
//! terminal or the command line.

pub(crate) mod aggregate;
pub mod answer;
pub mod assess;
pub(crate) mod compare;
pub mod content;
#[cfg(test)]
pub(crate) mod fixture;
pub mod model;
pub(crate) mod recommend;
pub(crate) mod scoring;
pub(crate) mod stats;
pub mod text;
