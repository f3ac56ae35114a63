//! The collective impact framework: components, indicators, key steps,
//! readiness preconditions, stages, bands and the scoring rules.

use std::collections::BTreeMap;

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
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoringRules {
    pub min_coverage: f64,
    pub disagreement_threshold: f64,
    pub yes: f64,
    pub not_sure: f64,
    pub no: f64,
    pub weak_indicators_shown: usize,
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
    pub labels: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionSet {
    pub id: String,
    pub options: Vec<ChoiceOption>,
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

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum VerdictId {
    Ready,
    BuildPreconditions,
    ConsiderAlternatives,
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
    pub const ALL: [VerdictId; 3] = [
        VerdictId::Ready,
        VerdictId::BuildPreconditions,
        VerdictId::ConsiderAlternatives,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            VerdictId::Ready => "ready",
            VerdictId::BuildPreconditions => "build-preconditions",
            VerdictId::ConsiderAlternatives => "consider-alternatives",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verdict {
    pub name: String,
    pub advice: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stage {
    pub id: String,
    pub name: String,
    pub summary: String,
    pub key_steps_done: usize,
    pub min_score: f64,
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
