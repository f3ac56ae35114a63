//! JSON Schemas of the documents partnerscope reads and writes.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use crate::aggregate::AggregateReport;
use crate::compare::Comparison;
use crate::content::BankId;
use crate::result::AssessmentResult;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaDoc {
    /// What `assess` writes
    Result,
    /// What `assess --answers` reads
    Answers,
    /// What `aggregate` writes
    Aggregate,
    /// What `compare` writes
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

pub fn render(doc: SchemaDoc) -> serde_json::Result<String> {
    let schema = match doc {
        SchemaDoc::Result => schemars::schema_for!(AssessmentResult),
        SchemaDoc::Answers => schemars::schema_for!(AnswersFile),
        SchemaDoc::Aggregate => schemars::schema_for!(AggregateReport),
        SchemaDoc::Compare => schemars::schema_for!(Comparison),
    };
    Ok(serde_json::to_string_pretty(&schema)? + "\n")
}
