//! The readiness verdict: does collective impact fit, and are its
//! preconditions in place.

use std::collections::HashMap;

use super::{band_id, band_rank, Key, Measured, Tally};
use crate::core::content::framework::{Framework, PreconditionGroup, VerdictId};
use crate::core::model::result::{Blocker, PreconditionScore, Readiness};

/// Every precondition, given the measure of each by position.
pub(crate) fn precondition_scores(
    fw: &Framework,
    measure: impl Fn(usize) -> Measured,
) -> Vec<PreconditionScore> {
    fw.preconditions
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let m = measure(i);
            PreconditionScore {
                id: p.id.clone(),
                name: p.name.clone(),
                group: p.group,
                score: m.score,
                band: band_id(fw, m.score),
                answered: m.answered,
                asked: m.asked,
            }
        })
        .collect()
}

/// Preconditions scored from one result's tallies.
pub(crate) fn preconditions(
    fw: &Framework,
    tallies: &HashMap<Key, Tally>,
) -> Vec<PreconditionScore> {
    precondition_scores(fw, |i| {
        tallies
            .get(&Key::Precondition(fw.preconditions[i].id.clone()))
            .copied()
            .unwrap_or_default()
            .judged_measure(fw.scoring.min_coverage)
    })
}

/// The readiness verdict, following the rules in the framework:
/// fit below `fit_threshold` → consider alternatives; any precondition below
/// `ready_band` (or too little answered to judge) → build preconditions; else ready.
pub(crate) fn readiness(fw: &Framework, scores: Vec<PreconditionScore>) -> Readiness {
    let rules = &fw.readiness;
    let verdict_of = |id: VerdictId| (Some(id), &rules.verdicts[&id]);
    if scores.iter().all(|p| p.answered == 0) {
        return Readiness {
            verdict: None,
            verdict_name: "Not assessed".into(),
            advice: "No readiness questions were answered.".into(),
            blocking: Vec::new(),
            preconditions: scores,
        };
    }
    let fit: Vec<&PreconditionScore> = scores
        .iter()
        .filter(|p| p.group == PreconditionGroup::Fit)
        .collect();
    let fit_blockers: Vec<Blocker> = fit
        .iter()
        .filter_map(|p| {
            let s = p.score?;
            (s < rules.fit_threshold).then(|| Blocker {
                id: p.id.clone(),
                name: p.name.clone(),
                reason: format!(
                    "scored {s:.0}, below the {:.0} that suggests collective impact fits",
                    rules.fit_threshold
                ),
            })
        })
        .collect();
    let ((verdict, v), blocking) = if !fit_blockers.is_empty() {
        (verdict_of(VerdictId::ConsiderAlternatives), fit_blockers)
    } else {
        let needed = band_rank(fw, &rules.ready_band).unwrap_or(0);
        let blockers: Vec<Blocker> = scores
            .iter()
            .filter(|p| p.group != PreconditionGroup::Fit)
            .filter_map(|p| {
                let reason = match p.score {
                    None => "not enough answers to judge".to_string(),
                    Some(s) if band_rank(fw, &p.band).unwrap_or(0) < needed => {
                        format!("scored {s:.0} ({})", p.band)
                    }
                    Some(_) => return None,
                };
                Some(Blocker {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    reason,
                })
            })
            .collect();
        if blockers.is_empty() {
            (verdict_of(VerdictId::Ready), blockers)
        } else {
            (verdict_of(VerdictId::BuildPreconditions), blockers)
        }
    };
    Readiness {
        verdict,
        verdict_name: v.name.clone(),
        advice: v.advice.clone(),
        blocking,
        preconditions: scores,
    }
}
