//! A comparison of two assessments: what moved between a before and an after.

use serde::{Deserialize, Serialize};

use super::kind::DocumentKind;

pub(crate) const COMPARE_SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Comparison {
    pub schema_version: u32,
    pub kind: DocumentKind,
    pub before: Side,
    pub after: Side,
    pub components: Vec<Change>,
    pub preconditions: Vec<Change>,
    pub key_steps: Vec<StepChange>,
    pub stage: StageChange,
    /// Areas below the strength band before and not after, e.g. `component:shared-measurement`.
    pub gaps_closed: Vec<String>,
    pub gaps_opened: Vec<String>,
    /// Earlier recommendations for areas that have since improved.
    pub recommendations_related_to_gains: Vec<RelatedRecommendation>,
    /// One line for the facilitator.
    pub summary: String,
    /// Why the two sides may not be comparable: different partnerships, or an
    /// "after" dated before the "before".
    #[serde(default)]
    pub warnings: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Side {
    pub label: String,
    /// The date of a result, or the latest date of an aggregate's results.
    pub date: Option<String>,
    /// An aggregate's earliest result date, when its results span several days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct Change {
    pub id: String,
    pub name: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// Points gained (negative: lost); null when either side is insufficient.
    pub change: Option<f64>,
    pub band_before: String,
    pub band_after: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct StepChange {
    pub id: String,
    pub name: String,
    pub before: String,
    pub after: String,
    pub advanced: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct StageChange {
    pub before: String,
    pub after: String,
    /// Stages moved forward (negative: back).
    pub moved: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
pub(crate) struct RelatedRecommendation {
    pub resource: String,
    pub title: String,
    pub improved: Vec<String>,
}
