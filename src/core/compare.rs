//! Two assessments side by side: what moved between a before and an after.

use crate::core::content::framework::Framework;
use crate::core::model::aggregate::Aggregate;
use crate::core::model::comparison::{
    Change, Comparison, RelatedRecommendation, Side, StageChange, StepChange,
    COMPARE_SCHEMA_VERSION,
};
use crate::core::model::kind::DocumentKind;
use crate::core::model::result::StepStatus;
use crate::core::model::result::{
    AssessmentResult, ComponentScore, PreconditionScore, Recommendation,
};
use crate::core::scoring::is_strength;

/// What comparison needs of a result or an aggregate.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Snapshot {
    pub label: String,
    /// The partnership assessed; `None` for an aggregate over several.
    pub partnership: Option<String>,
    pub date: Option<String>,
    pub first_date: Option<String>,
    pub components: Vec<Scored>,
    pub preconditions: Vec<Scored>,
    pub key_steps: Vec<(String, String, StepStatus)>,
    pub stage: (String, String),
    pub recommendations: Vec<Recommendation>,
    /// The fingerprint of the content it was scored with.
    pub content: String,
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
            partnership: Some(r.partnership.clone()),
            date: r.date.clone(),
            first_date: None,
            components: r.components.iter().map(Scored::from).collect(),
            preconditions: r.readiness.preconditions.iter().map(Scored::from).collect(),
            key_steps: r
                .key_steps
                .iter()
                .map(|s| (s.id.clone(), s.name.clone(), s.status))
                .collect(),
            stage: (r.stage.id.clone(), r.stage.name.clone()),
            recommendations: r.recommendations.clone(),
            content: r.content_fingerprint.clone(),
        }
    }

    /// A snapshot of an aggregate of `count` profiles, the first given.
    pub(crate) fn from_aggregate(count: usize, first: Option<&Aggregate>) -> Result<Self, String> {
        let (1, Some(a)) = (count, first) else {
            return Err(format!(
                "the aggregate holds {count} profiles; compare needs one (aggregate without --by)"
            ));
        };
        Ok(Snapshot {
            label: a
                .partnership
                .clone()
                .unwrap_or_else(|| "all partnerships".to_string()),
            partnership: a.partnership.clone(),
            date: a.last_date.clone(),
            first_date: a
                .first_date
                .clone()
                .filter(|d| Some(d) != a.last_date.as_ref()),
            components: a.scores.iter().map(Scored::from).collect(),
            preconditions: a.readiness.preconditions.iter().map(Scored::from).collect(),
            key_steps: a
                .key_steps
                .iter()
                .map(|s| (s.id.clone(), s.name.clone(), StepStatus::parse(&s.band)))
                .collect(),
            stage: (a.stage.id.clone(), a.stage.name.clone()),
            recommendations: a.recommendations.clone(),
            content: a.content_fingerprint.clone(),
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

/// A band's place from the lowest; insufficient sits below every band.
fn band_rank(fw: &Framework, band: &str) -> Option<usize> {
    let mut bands: Vec<_> = fw.bands.iter().collect();
    bands.sort_by(|a, b| a.min.total_cmp(&b.min));
    bands.iter().position(|b| b.id == band)
}

/// A gap opens when an area falls below strength, or, already below it,
/// drops a further band: a precondition sliding from developing to concern
/// is a new worry even though it was never a strength.
fn gap_opened(fw: &Framework, c: &Change) -> bool {
    if !is_gap(fw, c.after) {
        return false;
    }
    match (c.before, band_rank(fw, &c.band_before)) {
        (Some(_), Some(before)) => {
            !is_gap(fw, c.before) || band_rank(fw, &c.band_after).is_some_and(|a| a < before)
        }
        _ => false,
    }
}

/// A gap closes when an area reaches strength from anything less, including
/// from too few answers to judge.
fn gap_closed(fw: &Framework, c: &Change) -> bool {
    c.after.is_some_and(|a| is_strength(fw, a)) && !c.before.is_some_and(|b| is_strength(fw, b))
}

/// "1 gap", "3 gaps".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Reasons the two sides may not describe the same partnership over time.
fn warnings(before: &Snapshot, after: &Snapshot) -> Vec<String> {
    let mut found = Vec::new();
    if let (Some(b), Some(a)) = (&before.partnership, &after.partnership) {
        if b.trim() != a.trim() {
            found.push(format!(
                "the two documents are about different partnerships: \"{b}\" and \"{a}\""
            ));
        }
    } else if before.partnership != after.partnership {
        found.push(
            "one document covers several partnerships and the other a single one".to_string(),
        );
    }
    if before.content != after.content {
        found.push(format!(
            "the two documents were scored with different content ({} and {}), so a change may come from the questions or rules rather than from the partnership",
            before.content, after.content
        ));
    }
    if let (Some(b), Some(a)) = (&before.date, &after.date) {
        if a < b {
            found.push(format!(
                "the \"after\" document ({a}) is dated before the \"before\" one ({b})"
            ));
        }
    }
    found
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
            if gap_closed(fw, c) {
                gaps_closed.push(tag.clone());
            } else if gap_opened(fw, c) {
                gaps_opened.push(tag.clone());
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
    let rounded = average.round();
    let moved = if rounded == 0.0 {
        "did not change".to_string()
    } else if rounded.abs() == 1.0 {
        format!("changed by {rounded:+.0} point")
    } else {
        format!("changed by {rounded:+.0} points")
    };
    // With no component scored on both sides there is no average to give.
    let scores = if changes.is_empty() {
        "no component was scored on both sides".to_string()
    } else {
        format!(
            "component scores {moved} on average across {}",
            count(changes.len(), "component", "components")
        )
    };
    let summary = format!(
        "The partnership {direction}: {scores}, {} closed, {} opened, {} advanced, stage {} → {}.",
        count(gaps_closed.len(), "gap", "gaps"),
        gaps_opened.len(),
        count(advanced, "key step", "key steps"),
        stage.before,
        stage.after
    );
    Comparison {
        schema_version: COMPARE_SCHEMA_VERSION,
        kind: DocumentKind::Compare,
        before: Side {
            label: before.label.clone(),
            date: before.date.clone(),
            first_date: before.first_date.clone(),
        },
        after: Side {
            label: after.label.clone(),
            date: after.date.clone(),
            first_date: after.first_date.clone(),
        },
        components,
        preconditions,
        key_steps,
        stage,
        gaps_closed,
        gaps_opened,
        recommendations_related_to_gains,
        summary,
        warnings: warnings(before, after),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixture;

    fn change(before: Option<f64>, after: Option<f64>, fw: &Framework) -> Change {
        let band = |s: Option<f64>| crate::core::scoring::band_id(fw, s);
        Change {
            id: "x".into(),
            name: "X".into(),
            before,
            after,
            change: None,
            band_before: band(before),
            band_after: band(after),
        }
    }

    #[test]
    fn dropping_a_band_below_strength_opens_a_gap() {
        let fw = fixture::content().framework;
        // Developing to concern: never a strength, yet a new worry.
        assert!(gap_opened(&fw, &change(Some(60.0), Some(20.0), &fw)));
        assert!(gap_opened(&fw, &change(Some(90.0), Some(60.0), &fw)));
        assert!(!gap_opened(&fw, &change(Some(20.0), Some(30.0), &fw)));
        assert!(!gap_opened(&fw, &change(None, Some(30.0), &fw)));
    }

    #[test]
    fn reaching_strength_closes_a_gap_even_from_too_few_answers() {
        let fw = fixture::content().framework;
        assert!(gap_closed(&fw, &change(None, Some(90.0), &fw)));
        assert!(gap_closed(&fw, &change(Some(40.0), Some(80.0), &fw)));
        assert!(!gap_closed(&fw, &change(Some(80.0), Some(90.0), &fw)));
        assert!(!gap_closed(&fw, &change(Some(40.0), None, &fw)));
    }

    fn snapshot(partnership: &str, date: &str) -> Snapshot {
        Snapshot {
            label: partnership.into(),
            partnership: Some(partnership.into()),
            date: Some(date.into()),
            first_date: None,
            components: Vec::new(),
            preconditions: Vec::new(),
            key_steps: Vec::new(),
            stage: ("discover".into(), "Discover".into()),
            recommendations: Vec::new(),
            content: "sha256:0123456789abcdef".into(),
        }
    }

    #[test]
    fn different_partnerships_and_reversed_dates_are_warned_about() {
        let fw = fixture::content().framework;
        let same = compare(
            &fw,
            &snapshot("A", "2026-01-01"),
            &snapshot("A", "2026-06-01"),
        );
        assert!(same.warnings.is_empty());
        let other = compare(
            &fw,
            &snapshot("A", "2026-01-01"),
            &snapshot("B", "2026-06-01"),
        );
        assert!(other.warnings[0].contains("different partnerships"));
        let reversed = compare(
            &fw,
            &snapshot("A", "2026-06-01"),
            &snapshot("A", "2026-01-01"),
        );
        assert!(reversed.warnings[0].contains("dated before"));
        let rescored = Snapshot {
            content: "sha256:fedcba9876543210".into(),
            ..snapshot("A", "2026-06-01")
        };
        let other_content = compare(&fw, &snapshot("A", "2026-01-01"), &rescored);
        assert!(other_content.warnings[0].contains("different content"));
        assert!(!reversed.summary.contains("(s)"));
    }

    #[test]
    fn no_component_on_both_sides_gives_no_average() {
        let fw = fixture::content().framework;
        let nothing = compare(
            &fw,
            &snapshot("A", "2026-01-01"),
            &snapshot("A", "2026-06-01"),
        );
        assert!(
            nothing
                .summary
                .contains("no component was scored on both sides"),
            "{}",
            nothing.summary
        );
        assert!(!nothing.summary.contains("0 components"));
    }
}
