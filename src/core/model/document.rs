//! Any document partnerscope writes and can report on.

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
