//! The `kind` every document names, so a reader can tell them apart.

use serde::{Deserialize, Serialize};

/// What kind of document a file holds; every document says so in `kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    Result,
    Aggregate,
    Compare,
    Progress,
}

impl DocumentKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Result => "result",
            DocumentKind::Aggregate => "aggregate",
            DocumentKind::Compare => "compare",
            DocumentKind::Progress => "progress",
        }
    }
}
