//! The result of an assessment: the document `assess` writes and every
//! later command reads. Its JSON shape is versioned by `schema_version` and
//! documented in docs/result-schema.md.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answers::Answers;
use super::kind::DocumentKind;
use crate::core::content::framework::{PreconditionGroup, VerdictId};
use crate::core::content::BankId;

/// Version 2 added readiness `to_build`, stage `provisional` and `warnings`,
/// and the verdicts `consider-another-approach` and `fit-not-settled`.
pub const RESULT_SCHEMA_VERSION: u32 = 2;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AssessmentResult {
    pub schema_version: u32,
    pub kind: DocumentKind,
    pub tool: Tool,
    pub content_fingerprint: String,
    pub partnership: String,
    pub member: Option<String>,
    /// The day of the assessment, written YYYY-MM-DD.
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    pub parts: Vec<BankId>,
    pub components: Vec<ComponentScore>,
    pub readiness: Readiness,
    pub key_steps: Vec<KeyStepStatus>,
    pub next_step: Option<Named>,
    pub stage: StageSuggestion,
    pub recommendations: Vec<Recommendation>,
    pub action_plan: Vec<ComponentActions>,
    /// Every answer, as written in an answers file. In a group round: the
    /// answers given for the whole room (free text).
    pub answers: Answers,
    pub notes: BTreeMap<String, String>,
    #[serde(default)]
    pub mode: Mode,
    /// In a group round: each member's answers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub members: Vec<MemberAnswers>,
    /// In a group round: questions where members' answers are far apart, widest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disagreements: Vec<Disagreement>,
}

/// Respondents answered: one person (or one agreed answer), or each member of a group round.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Mode {
    #[default]
    Individual,
    Group,
}

/// How far a key step has got, in order.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum StepStatus {
    /// Too little answered to tell.
    Unknown,
    NotStarted,
    UnderWay,
    Done,
}

impl StepStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            StepStatus::Unknown => "unknown",
            StepStatus::NotStarted => "not-started",
            StepStatus::UnderWay => "under-way",
            StepStatus::Done => "done",
        }
    }

    /// The status a document wrote; anything else counts as unknown.
    pub fn parse(text: &str) -> StepStatus {
        [
            StepStatus::NotStarted,
            StepStatus::UnderWay,
            StepStatus::Done,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
        .unwrap_or(StepStatus::Unknown)
    }

    /// The status in words: `under way`.
    pub fn label(self) -> String {
        self.as_str().replace('-', " ")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct MemberAnswers {
    pub member: String,
    pub answers: Answers,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Disagreement {
    pub question: String,
    pub text: String,
    pub lowest: String,
    pub highest: String,
    /// Distance between the lowest and highest answer on 0-1.
    pub spread: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

impl Tool {
    pub fn this() -> Self {
        Tool {
            name: env!("CARGO_PKG_NAME").to_string(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// A score on 0-100 with its band and how much of it was answered.
/// `score` is `None` (null) and `band` is `insufficient` when too little was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComponentScore {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub band: String,
    pub answered: usize,
    pub asked: usize,
    pub indicators: Vec<IndicatorScore>,
    pub weak_indicators: Vec<WeakIndicator>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct IndicatorScore {
    pub id: String,
    pub text: String,
    pub score: Option<f64>,
    pub answered: usize,
    pub asked: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct WeakIndicator {
    pub id: String,
    pub text: String,
    pub score: f64,
    pub band: String,
    /// The answers behind the score.
    pub answers: Vec<AnswerEvidence>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct AnswerEvidence {
    pub question: String,
    pub text: String,
    pub answer: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub member: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Readiness {
    /// Null when the readiness questions were not answered.
    pub verdict: Option<VerdictId>,
    pub verdict_name: String,
    pub advice: String,
    /// What decides the verdict, one line each.
    pub blocking: Vec<Blocker>,
    /// Every other precondition or foundation below the ready band or
    /// unknown: what to build next.
    #[serde(default)]
    pub to_build: Vec<Blocker>,
    pub preconditions: Vec<PreconditionScore>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Blocker {
    pub id: String,
    pub name: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct PreconditionScore {
    pub id: String,
    pub name: String,
    pub group: PreconditionGroup,
    pub score: Option<f64>,
    pub band: String,
    pub answered: usize,
    pub asked: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct KeyStepStatus {
    pub id: String,
    pub name: String,
    pub status: StepStatus,
    pub score: Option<f64>,
    pub answered: usize,
    pub asked: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct StageSuggestion {
    pub id: String,
    pub name: String,
    pub evidence: Vec<String>,
    /// What reaching the next stage would take, or what follows the last.
    pub to_reach_next: Option<String>,
    /// Placed without key-step answers, so only a first reading.
    #[serde(default)]
    pub provisional: bool,
    /// Answers that contradict one another, in words.
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Recommendation {
    pub resource: String,
    pub title: String,
    pub publisher: String,
    pub kind: String,
    pub url: Option<String>,
    pub when: String,
    pub reason: String,
    /// What it addresses: e.g. `component:shared-measurement`, `precondition:governance`.
    #[serde(rename = "for")]
    pub addresses: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ComponentActions {
    pub component: String,
    pub name: String,
    pub band: String,
    pub quick_wins: Vec<String>,
    pub longer_term: Vec<String>,
}
