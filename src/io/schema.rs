//! JSON Schemas of the documents partnerscope reads and writes.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use crate::core::content::BankId;
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

/// An answers file, as `assess --answers` reads it (TOML or JSON).
#[derive(JsonSchema)]
#[allow(dead_code)]
struct AnswersFile {
    schema_version: Option<u32>,
    /// The partnership's name.
    partnership: String,
    /// Who answered; "group" for one agreed answer.
    member: Option<String>,
    /// The date of the assessment (YYYY-MM-DD).
    date: Option<String>,
    /// The parts this file answers; all when absent.
    parts: Option<Vec<BankId>>,
    /// Question id → a point on the scale, "yes" / "no" / "not-sure", an
    /// option id, free text, or "dont-know". Empty ("" or null) means unanswered.
    answers: BTreeMap<String, AnswerValue>,
    /// Question id → note.
    notes: Option<BTreeMap<String, String>>,
    /// Written by `template --format json` to describe each question; ignored.
    questions: Option<serde_json::Value>,
}

#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnswerValue {
    Point(u32),
    Text(String),
    YesNo(bool),
    Empty(()),
}

pub(crate) fn render(doc: DocumentSchema) -> serde_json::Result<String> {
    let schema = match doc {
        DocumentSchema::Result => schemars::schema_for!(AssessmentResult),
        DocumentSchema::Answers => schemars::schema_for!(AnswersFile),
        DocumentSchema::Aggregate => schemars::schema_for!(AggregateReport),
        DocumentSchema::Compare => schemars::schema_for!(Comparison),
    };
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}
