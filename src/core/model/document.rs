//! Any document partnerscope writes and can report on.

use serde::{Deserialize, Serialize};

use super::aggregate::AggregateReport;
use super::comparison::Comparison;
use super::result::AssessmentResult;

/// Anything partnerscope writes and can report on.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Document {
    Result(Box<AssessmentResult>),
    Aggregate(Box<AggregateReport>),
    Compare(Box<Comparison>),
}

/// What kind of document a file holds; every document says so in `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    Result,
    Aggregate,
    Compare,
    Progress,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Result => "result",
            DocumentKind::Aggregate => "aggregate",
            DocumentKind::Compare => "compare",
            DocumentKind::Progress => "progress",
        }
    }
}
