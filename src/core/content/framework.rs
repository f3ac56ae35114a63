//! The collective impact framework: components, indicators, key steps,
//! readiness preconditions, stages, bands and the scoring rules.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Framework {
    pub schema_version: u32,
    pub id: String,
    pub name: String,
    pub summary: String,
    pub scoring: ScoringRules,
    pub bands: Vec<Band>,
    #[serde(default)]
    pub scales: Vec<Scale>,
    #[serde(default)]
    pub option_sets: Vec<OptionSet>,
    pub components: Vec<Component>,
    pub backbone_functions: Vec<BackboneFunction>,
    pub key_steps: Vec<KeyStep>,
    pub preconditions: Vec<Precondition>,
    pub readiness: ReadinessRules,
    pub stages: Vec<Stage>,
    pub suggestions: SuggestionRules,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringRules {
    pub min_coverage: f64,
    pub disagreement_threshold: f64,
    /// The least share of the members who answered that must sit on each
    /// side of a disagreement.
    pub disagreement_share: f64,
    /// A scored rating at or below this asks what would need to change.
    pub follow_up_at_most: f64,
    pub yes: f64,
    pub no: f64,
    pub weak_indicators_shown: usize,
    /// The part whose questions a component score must rest on; questions of
    /// other parts that also measure a component count only alongside it.
    pub component_part: super::BankId,
    /// The lowest average (0-100) of the answers to questions tagged with a
    /// stage at which a partnership can be placed at that stage.
    pub stage_questions_min: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub id: String,
    pub name: String,
    pub min: f64,
    pub meaning: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scale {
    pub id: String,
    pub labels: Arc<[String]>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSet {
    pub id: String,
    pub options: Arc<[ChoiceOption]>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
    pub score: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Component {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub indicators: Vec<Indicator>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    pub id: String,
    pub text: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub horizon: Horizon,
    pub text: String,
    #[serde(default)]
    pub indicators: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Horizon {
    QuickWin,
    LongerTerm,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BackboneFunction {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeyStep {
    pub id: String,
    pub name: String,
    pub summary: String,
    /// The readiness precondition this step builds, so a step reported done
    /// beside that precondition scored as a concern can be flagged.
    #[serde(default)]
    pub precondition: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Precondition {
    pub id: String,
    pub group: PreconditionGroup,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum PreconditionGroup {
    /// Whether collective impact suits the problem at all.
    Fit,
    Precondition,
    Foundation,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadinessRules {
    pub fit_threshold: f64,
    pub ready_band: String,
    pub verdicts: BTreeMap<VerdictId, Verdict>,
}

/// How resources and actions are chosen.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuggestionRules {
    /// Resources suggested in all.
    pub max_resources: usize,
    /// Actions in the plan in all.
    pub max_actions: usize,
    /// Stages at which quick wins come before longer-term actions.
    pub quick_win_stages: Vec<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictId {
    Ready,
    BuildPreconditions,
    /// Written `consider-alternatives` by results of schema version 1.
    #[serde(alias = "consider-alternatives")]
    ConsiderAnotherApproach,
    FitNotSettled,
}

impl PreconditionGroup {
    pub fn as_str(self) -> &'static str {
        match self {
            PreconditionGroup::Fit => "fit",
            PreconditionGroup::Precondition => "precondition",
            PreconditionGroup::Foundation => "foundation",
        }
    }
}

impl VerdictId {
    pub const ALL: [VerdictId; 4] = [
        VerdictId::Ready,
        VerdictId::BuildPreconditions,
        VerdictId::ConsiderAnotherApproach,
        VerdictId::FitNotSettled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VerdictId::Ready => "ready",
            VerdictId::BuildPreconditions => "build-preconditions",
            VerdictId::ConsiderAnotherApproach => "consider-another-approach",
            VerdictId::FitNotSettled => "fit-not-settled",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    pub name: String,
    pub advice: String,
    /// Advice in place of `advice` for a partnership at a given stage, by stage id.
    #[serde(default)]
    pub advice_by_stage: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub key_steps_done: usize,
    pub min_score: f64,
    /// The lowest score any one component may have here.
    #[serde(default)]
    pub min_each_component: f64,
    /// Whether the readiness verdict must be `ready` to place a partnership here.
    #[serde(default)]
    pub needs_ready: bool,
    /// The furthest stage a partnership is placed at when its key steps were not assessed.
    #[serde(default)]
    pub furthest_without_steps: bool,
}

impl Framework {
    pub fn component(&self, id: &str) -> Option<&Component> {
        self.components.iter().find(|c| c.id == id)
    }

    pub fn precondition(&self, id: &str) -> Option<&Precondition> {
        self.preconditions.iter().find(|p| p.id == id)
    }

    pub fn key_step(&self, id: &str) -> Option<&KeyStep> {
        self.key_steps.iter().find(|s| s.id == id)
    }

    pub fn stage(&self, id: &str) -> Option<&Stage> {
        self.stages.iter().find(|s| s.id == id)
    }

    pub fn scale(&self, id: &str) -> Option<&Scale> {
        self.scales.iter().find(|s| s.id == id)
    }

    pub fn option_set(&self, id: &str) -> Option<&OptionSet> {
        self.option_sets.iter().find(|s| s.id == id)
    }

    pub fn band(&self, id: &str) -> Option<&Band> {
        self.bands.iter().find(|b| b.id == id)
    }

    /// The band a 0-100 score falls in: the one with the highest `min` not above it.
    pub fn band_for(&self, score: f64) -> &Band {
        self.bands
            .iter()
            .filter(|b| b.min <= score)
            .max_by(|a, b| a.min.total_cmp(&b.min))
            .unwrap_or(&self.bands[0])
    }

    /// The component an indicator belongs to.
    pub fn component_of_indicator(&self, indicator: &str) -> Option<&Component> {
        self.components
            .iter()
            .find(|c| c.indicators.iter().any(|i| i.id == indicator))
    }
}

impl Component {
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.id == id)
    }
}
