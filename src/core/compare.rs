//! Two assessments side by side: what moved between a before and an after.

use crate::core::content::framework::Framework;
use crate::core::model::aggregate::AggregateReport;
use crate::core::model::comparison::{
    Change, Comparison, RelatedRecommendation, Side, StageChange, StepChange,
    COMPARE_SCHEMA_VERSION,
};
use crate::core::model::document::DocumentKind;
use crate::core::model::result::StepStatus;
use crate::core::model::result::{
    AssessmentResult, ComponentScore, PreconditionScore, Recommendation,
};
use crate::core::scoring::is_strength;

/// What comparison needs of a result or an aggregate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Snapshot {
    pub label: String,
    pub date: Option<String>,
    pub components: Vec<Scored>,
    pub preconditions: Vec<Scored>,
    pub key_steps: Vec<(String, String, StepStatus)>,
    pub stage: (String, String),
    pub recommendations: Vec<Recommendation>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Scored {
    pub id: String,
    pub name: String,
    pub score: Option<f64>,
    pub band: String,
}

impl From<&ComponentScore> for Scored {
    fn from(c: &ComponentScore) -> Self {
        Scored {
            id: c.id.clone(),
            name: c.name.clone(),
            score: c.score,
            band: c.band.clone(),
        }
    }
}

impl From<&PreconditionScore> for Scored {
    fn from(p: &PreconditionScore) -> Self {
        Scored {
            id: p.id.clone(),
            name: p.name.clone(),
            score: p.score,
            band: p.band.clone(),
        }
    }
}

impl Snapshot {
    pub(crate) fn from_result(r: &AssessmentResult) -> Self {
        Snapshot {
            label: match &r.member {
                Some(m) => format!("{} ({m})", r.partnership),
                None => r.partnership.clone(),
            },
            date: r.date.clone(),
            components: r.components.iter().map(Scored::from).collect(),
            preconditions: r.readiness.preconditions.iter().map(Scored::from).collect(),
            key_steps: r
                .key_steps
                .iter()
                .map(|s| (s.id.clone(), s.name.clone(), s.status))
                .collect(),
            stage: (r.stage.id.clone(), r.stage.name.clone()),
            recommendations: r.recommendations.clone(),
        }
    }

    pub(crate) fn from_aggregate(report: &AggregateReport) -> Result<Self, String> {
        let [a] = report.profiles.as_slice() else {
            return Err(format!(
                "the aggregate holds {} profiles; compare needs one (aggregate without --by)",
                report.profiles.len()
            ));
        };
        Ok(Snapshot {
            label: a
                .partnership
                .clone()
                .unwrap_or_else(|| "all partnerships".to_string()),
            date: None,
            components: a.scores.iter().map(Scored::from).collect(),
            preconditions: a.readiness.preconditions.iter().map(Scored::from).collect(),
            key_steps: a
                .key_steps
                .iter()
                .map(|s| (s.id.clone(), s.name.clone(), StepStatus::parse(&s.band)))
                .collect(),
            stage: (a.stage.id.clone(), a.stage.name.clone()),
            recommendations: a.recommendations.clone(),
        })
    }
}

fn changes(before: &[Scored], after: &[Scored]) -> Vec<Change> {
    before
        .iter()
        .filter_map(|b| {
            let a = after.iter().find(|a| a.id == b.id)?;
            Some(Change {
                id: b.id.clone(),
                name: b.name.clone(),
                before: b.score,
                after: a.score,
                change: match (b.score, a.score) {
                    (Some(x), Some(y)) => Some(((y - x) * 10.0).round() / 10.0),
                    _ => None,
                },
                band_before: b.band.clone(),
                band_after: a.band.clone(),
            })
        })
        .collect()
}

fn is_gap(fw: &Framework, score: Option<f64>) -> bool {
    score.is_some_and(|s| !is_strength(fw, s))
}

/// Compares two snapshots. Pure.
pub(crate) fn compare(fw: &Framework, before: &Snapshot, after: &Snapshot) -> Comparison {
    let components = changes(&before.components, &after.components);
    let preconditions = changes(&before.preconditions, &after.preconditions);
    let mut gaps_closed = Vec::new();
    let mut gaps_opened = Vec::new();
    let mut improved = Vec::new();
    for (prefix, list) in [("component", &components), ("precondition", &preconditions)] {
        for c in list {
            let tag = format!("{prefix}:{}", c.id);
            match (is_gap(fw, c.before), is_gap(fw, c.after)) {
                (true, false) if c.after.is_some() => gaps_closed.push(tag.clone()),
                (false, true) if c.before.is_some() => gaps_opened.push(tag.clone()),
                _ => {}
            }
            if c.change.is_some_and(|d| d > 0.0) {
                improved.push(tag);
            }
        }
    }
    let key_steps: Vec<StepChange> = before
        .key_steps
        .iter()
        .filter_map(|(id, name, b)| {
            let (_, _, a) = after.key_steps.iter().find(|(aid, _, _)| aid == id)?;
            Some(StepChange {
                id: id.clone(),
                name: name.clone(),
                before: b.as_str().to_string(),
                after: a.as_str().to_string(),
                advanced: a > b && *b != StepStatus::Unknown,
            })
        })
        .collect();
    for s in key_steps.iter().filter(|s| s.advanced) {
        improved.push(format!("step:{}", s.id));
    }
    let stage_index = |id: &str| fw.stages.iter().position(|s| s.id == id).unwrap_or(0) as i64;
    let stage = StageChange {
        before: before.stage.1.clone(),
        after: after.stage.1.clone(),
        moved: stage_index(&after.stage.0) - stage_index(&before.stage.0),
    };
    let recommendations_related_to_gains = before
        .recommendations
        .iter()
        .filter_map(|r| {
            let hits: Vec<String> = r
                .addresses
                .iter()
                .filter(|tag| improved.contains(tag))
                .cloned()
                .collect();
            (!hits.is_empty()).then(|| RelatedRecommendation {
                resource: r.resource.clone(),
                title: r.title.clone(),
                improved: hits,
            })
        })
        .collect();
    let changes: Vec<f64> = components.iter().filter_map(|c| c.change).collect();
    let average = if changes.is_empty() {
        0.0
    } else {
        changes.iter().sum::<f64>() / changes.len() as f64
    };
    let advanced = key_steps.iter().filter(|s| s.advanced).count();
    let direction = if average > 0.0 || stage.moved > 0 {
        "moved forward"
    } else if average < 0.0 || stage.moved < 0 {
        "moved back"
    } else {
        "held steady"
    };
    let summary = format!(
        "The partnership {direction}: component scores changed by {average:+.0} points on average across {} components, {} gap(s) closed, {} opened, {advanced} key step(s) advanced, stage {} → {}.",
        changes.len(),
        gaps_closed.len(),
        gaps_opened.len(),
        stage.before,
        stage.after
    );
    Comparison {
        schema_version: COMPARE_SCHEMA_VERSION,
        kind: DocumentKind::Compare,
        before: Side {
            label: before.label.clone(),
            date: before.date.clone(),
        },
        after: Side {
            label: after.label.clone(),
            date: after.date.clone(),
        },
        components,
        preconditions,
        key_steps,
        stage,
        gaps_closed,
        gaps_opened,
        recommendations_related_to_gains,
        summary,
    }
}
