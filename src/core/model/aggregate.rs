//! An aggregate: statistics over many results, one profile or one per partnership.

use serde::{Deserialize, Serialize};

use super::kind::DocumentKind;

use super::result::{
    ComponentActions, ComponentScore, Named, Readiness, Recommendation, StageSuggestion, Tool,
};
use crate::core::stats::Summary;

pub(crate) const AGGREGATE_SCHEMA_VERSION: u32 = 1;

/// A document that could not be read, and where.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Invalid {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) error: String,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::core::text::escape_controls;
        let file = escape_controls(&self.file, false);
        let error = escape_controls(&self.error, false);
        // Line 0 means the file as a whole (it could not be opened).
        match self.line {
            0 => write!(f, "{file}: {error}"),
            line => write!(f, "{file}:{line}: {error}"),
        }
    }
}

/// Statistics for one component, precondition or key step. For a key step
/// `band` holds its status on the mean (not started, under way, done).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Stat {
    pub id: String,
    pub name: String,
    pub band: String,
    #[serde(flatten)]
    pub stats: Summary,
}

/// How many members chose one of a question's answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct OptionCount {
    /// The answer as an answers file writes it: a point, `yes`, an option id.
    pub value: String,
    pub label: String,
    pub count: u64,
}

/// How members' answers to one question spread, on 0-100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct QuestionSpread {
    pub id: String,
    pub text: String,
    /// Highest minus lowest answer.
    pub range: f64,
    #[serde(flatten)]
    pub stats: Summary,
    /// How many members chose each answer, in the question's order.
    #[serde(default)]
    pub answers: Vec<OptionCount>,
    /// How many members said they did not know.
    #[serde(default)]
    pub dont_know: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Aggregate {
    pub schema_version: u32,
    pub kind: DocumentKind,
    pub tool: Tool,
    pub content_fingerprint: String,
    /// The partnership, when every result is from one (or with `--by partnership`).
    pub partnership: Option<String>,
    pub results: u64,
    pub members: u64,
    /// The earliest and latest date of the results folded in, when they carry one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_date: Option<String>,
    /// Member names, only with `--named`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub member_names: Vec<String>,
    pub components: Vec<Stat>,
    pub preconditions: Vec<Stat>,
    pub key_steps: Vec<Stat>,
    pub readiness: Readiness,
    pub next_step: Option<Named>,
    pub stage: StageSuggestion,
    pub recommendations: Vec<Recommendation>,
    pub action_plan: Vec<ComponentActions>,
    pub questions: Vec<QuestionSpread>,
    /// Questions whose answers span at least the disagreement threshold, most spread first.
    pub disagreements: Vec<QuestionSpread>,
    /// The mean scores in the same shape as a result's `components`, so
    /// reports and comparisons read both alike.
    pub scores: Vec<ComponentScore>,
    /// Members' free text and notes, anonymous, in questionnaire order; at
    /// most a few hundred are kept, and `words_left_out` counts the rest.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<Quote>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub words_left_out: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One member's own words on a question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Quote {
    pub(crate) question: String,
    pub(crate) kind: QuoteKind,
    pub(crate) text: String,
}

/// Whether a quotation answers a free-text question or is a note on another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum QuoteKind {
    FreeText,
    Note,
}

/// What `aggregate` writes: one profile, or one per partnership with an overview.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct AggregateReport {
    pub schema_version: u32,
    pub kind: DocumentKind,
    pub profiles: Vec<Aggregate>,
    /// Results that could not be read, with `--skip-invalid`.
    #[serde(default)]
    pub invalid: Vec<Invalid>,
}

/// What is done with each profile as it is reached.
pub(crate) type EachProfile<'a> = dyn FnMut(&Aggregate) -> anyhow::Result<()> + 'a;

/// An aggregate's profiles, handed out one at a time, so an aggregate of a
/// national programme can be written without ever being held whole: each
/// profile may be finished from running statistics, or read from a file,
/// only when it is reached.
pub(crate) trait Profiles {
    fn count(&self) -> usize;
    /// Calls `each` with every profile in order, stopping at the first error.
    fn each(&self, each: &mut EachProfile) -> anyhow::Result<()>;
    /// The results that could not be read, listed at the end.
    fn invalid(&self) -> &[Invalid];
}

impl Profiles for AggregateReport {
    fn count(&self) -> usize {
        self.profiles.len()
    }

    fn each(&self, each: &mut EachProfile) -> anyhow::Result<()> {
        self.profiles.iter().try_for_each(each)
    }

    fn invalid(&self) -> &[Invalid] {
        &self.invalid
    }
}
