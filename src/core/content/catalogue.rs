//! The resource catalogue: tools, guides, reports, programmes, funding and
//! facilitation that a partnership can turn to.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub schema_version: u32,
    pub resources: Vec<Resource>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ResourceKind {
    Tool,
    Guide,
    Report,
    Programme,
    Funding,
    Facilitation,
}

impl ResourceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ResourceKind::Tool => "tool",
            ResourceKind::Guide => "guide",
            ResourceKind::Report => "report",
            ResourceKind::Programme => "programme",
            ResourceKind::Funding => "funding",
            ResourceKind::Facilitation => "facilitation",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub id: String,
    pub title: String,
    pub publisher: String,
    pub kind: ResourceKind,
    #[serde(default)]
    pub components: Vec<String>,
    #[serde(default)]
    pub indicators: Vec<String>,
    #[serde(default)]
    pub preconditions: Vec<String>,
    #[serde(default)]
    pub steps: Vec<String>,
    #[serde(default)]
    pub stages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub when: String,
}

impl Resource {
    pub fn serves_anything(&self) -> bool {
        !(self.components.is_empty()
            && self.preconditions.is_empty()
            && self.steps.is_empty()
            && self.stages.is_empty())
    }
}
