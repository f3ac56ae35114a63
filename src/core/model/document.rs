//! The documents partnerscope writes and reads whole. An aggregate, which
//! may be of any size, goes its own way, one profile at a time.

use super::comparison::Comparison;
use super::result::AssessmentResult;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Document {
    Result(Box<AssessmentResult>),
    Compare(Box<Comparison>),
}
