//! Question banks: the questions asked in each part of an assessment.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::framework::ChoiceOption;

/// The three parts of an assessment, one bank each, in the order they are asked.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum BankId {
    SelfReflection,
    Readiness,
    KeySteps,
}

impl BankId {
    pub const ALL: [BankId; 3] = [BankId::SelfReflection, BankId::Readiness, BankId::KeySteps];

    pub fn as_str(self) -> &'static str {
        match self {
            BankId::SelfReflection => "self-reflection",
            BankId::Readiness => "readiness",
            BankId::KeySteps => "key-steps",
        }
    }

    pub fn file(self) -> String {
        format!("questions/{}.toml", self.as_str())
    }
}

impl std::fmt::Display for BankId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bank {
    pub schema_version: u32,
    pub id: BankId,
    pub name: String,
    pub summary: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuestionKind {
    Scale,
    YesNo,
    Choice,
    Text,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::Scale => "scale",
            QuestionKind::YesNo => "yes-no",
            QuestionKind::Choice => "choice",
            QuestionKind::Text => "text",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub id: String,
    pub kind: QuestionKind,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scale: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Arc<[String]>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub option_set: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<Arc<[ChoiceOption]>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reverse: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub measures: Vec<Measure>,
    /// The answers this question accepts, resolved from `scale`, `labels`,
    /// `option_set` or `options` when the content is validated.
    #[serde(skip_deserializing)]
    pub format: AnswerFormat,
}

/// What a question accepts as an answer once named scales and option sets are resolved.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "kebab-case")]
pub enum AnswerFormat {
    Scale {
        labels: Arc<[String]>,
    },
    YesNo,
    Choice {
        options: Arc<[ChoiceOption]>,
    },
    #[default]
    Text,
}

/// What an answer counts towards, and how much.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Measure {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub component: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub indicator: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precondition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub step: Option<String>,
    pub weight: f64,
}

/// The one thing a measure counts towards.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target<'a> {
    Component {
        component: &'a str,
        indicator: Option<&'a str>,
    },
    Precondition(&'a str),
    Step(&'a str),
}

impl Measure {
    /// The measure's target, or `None` when it names none or more than one.
    pub fn target(&self) -> Option<Target<'_>> {
        match (&self.component, &self.precondition, &self.step) {
            (Some(c), None, None) => Some(Target::Component {
                component: c,
                indicator: self.indicator.as_deref(),
            }),
            (None, Some(p), None) if self.indicator.is_none() => Some(Target::Precondition(p)),
            (None, None, Some(s)) if self.indicator.is_none() => Some(Target::Step(s)),
            _ => None,
        }
    }
}

impl Question {
    pub fn is_scored(&self) -> bool {
        self.kind != QuestionKind::Text
    }

    /// The components this question informs, each once, in the order its
    /// measures first name them: two indicators of one component are still
    /// one component.
    pub fn components(&self) -> impl Iterator<Item = &str> {
        self.measures.iter().enumerate().filter_map(|(i, m)| {
            let c = m.component.as_deref()?;
            let earlier = self.measures[..i]
                .iter()
                .any(|e| e.component.as_deref() == Some(c));
            (!earlier).then_some(c)
        })
    }
}

impl AnswerFormat {
    /// The values an answers file may give, apart from "don't know".
    pub fn allowed_values(&self) -> Vec<String> {
        match self {
            AnswerFormat::Scale { labels } => (1..=labels.len()).map(|p| p.to_string()).collect(),
            AnswerFormat::YesNo => ["yes", "no"].map(String::from).to_vec(),
            AnswerFormat::Choice { options } => options.iter().map(|o| o.id.clone()).collect(),
            AnswerFormat::Text => Vec::new(),
        }
    }

    /// Each allowed value with its label, e.g. `1 = Strongly disagree`.
    pub fn labelled_values(&self) -> Vec<(String, String)> {
        match self {
            AnswerFormat::Scale { labels } => labels
                .iter()
                .enumerate()
                .map(|(i, l)| ((i + 1).to_string(), l.clone()))
                .collect(),
            AnswerFormat::YesNo => [("yes", "Yes"), ("no", "No")]
                .map(|(v, l)| (v.to_string(), l.to_string()))
                .to_vec(),
            AnswerFormat::Choice { options } => options
                .iter()
                .map(|o| (o.id.clone(), o.label.clone()))
                .collect(),
            AnswerFormat::Text => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_component_measured_twice_is_named_once() {
        let q: Question = toml::from_str(
            r#"
id = "q"
kind = "yes-no"
text = "T"
[[measures]]
component = "a"
indicator = "a-1"
weight = 1.0
[[measures]]
component = "b"
weight = 1.0
[[measures]]
component = "a"
indicator = "a-2"
weight = 0.5
"#,
        )
        .unwrap();
        assert_eq!(q.components().collect::<Vec<_>>(), ["a", "b"]);
    }
}
