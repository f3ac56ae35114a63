//! JSON Schemas of the documents partnerscope reads and writes.

use crate::core::answer::AnswersDoc;
use crate::core::model::aggregate::AggregateReport;
use crate::core::model::comparison::Comparison;
use crate::core::model::result::AssessmentResult;

/// The documents with a published schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocumentSchema {
    Result,
    Answers,
    Aggregate,
    Compare,
}

pub(crate) fn render(doc: DocumentSchema) -> serde_json::Result<String> {
    let schema = match doc {
        DocumentSchema::Result => schemars::schema_for!(AssessmentResult),
        DocumentSchema::Answers => schemars::schema_for!(AnswersDoc),
        DocumentSchema::Aggregate => schemars::schema_for!(AggregateReport),
        DocumentSchema::Compare => schemars::schema_for!(Comparison),
    };
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}
