//! The readiness verdict: does collective impact fit, and are its
//! preconditions in place.

use super::{band_id, band_rank, whole, Key, Measured, Tallies};
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
pub(crate) fn preconditions(fw: &Framework, tallies: &Tallies) -> Vec<PreconditionScore> {
    precondition_scores(fw, |i| {
        tallies
            .get(Key::Precondition(&fw.preconditions[i].id))
            .judged_measure(fw.scoring.min_coverage)
    })
}

/// The readiness verdict, following the rules in the framework, read in
/// order: fit unanswered → fit not settled; fit below `fit_threshold` →
/// consider another approach; a precondition below `ready_band` or unknown →
/// build the preconditions; otherwise ready. Foundations never decide the
/// verdict; with every other weak precondition they are listed to build next.
pub(crate) fn readiness(fw: &Framework, scores: Vec<PreconditionScore>) -> Readiness {
    let rules = &fw.readiness;
    if scores.iter().all(|p| p.answered == 0) {
        return Readiness {
            verdict: None,
            verdict_name: "Not assessed".into(),
            advice: "None of the readiness questions has an answer to score.".into(),
            blocking: Vec::new(),
            to_build: Vec::new(),
            preconditions: scores,
        };
    }
    let needed = band_rank(fw, &rules.ready_band).unwrap_or(0);
    let weak = |p: &PreconditionScore| match p.score {
        None => Some(Blocker {
            id: p.id.clone(),
            name: p.name.clone(),
            reason: "could not be judged from too few answers, so find out where it stands"
                .to_string(),
        }),
        Some(s) if band_rank(fw, &p.band).unwrap_or(0) < needed => Some(Blocker {
            id: p.id.clone(),
            name: p.name.clone(),
            reason: format!("scored {:.0} ({})", whole(s), p.band),
        }),
        Some(_) => None,
    };
    let in_group = |group: PreconditionGroup| scores.iter().filter(move |p| p.group == group);
    let fit_unknown: Vec<Blocker> = in_group(PreconditionGroup::Fit)
        .filter(|p| p.score.is_none())
        .filter_map(weak)
        .collect();
    let fit_against: Vec<Blocker> = in_group(PreconditionGroup::Fit)
        .filter_map(|p| {
            let s = p.score?;
            (s < rules.fit_threshold).then(|| Blocker {
                id: p.id.clone(),
                name: p.name.clone(),
                reason: format!(
                    "scored {:.0}, below the {:.0} that shows collective impact clearly fits",
                    whole(s),
                    rules.fit_threshold
                ),
            })
        })
        .collect();
    let missing: Vec<Blocker> = in_group(PreconditionGroup::Precondition)
        .filter_map(weak)
        .collect();
    let (verdict, blocking) = if !fit_unknown.is_empty() {
        (VerdictId::FitNotSettled, fit_unknown)
    } else if !fit_against.is_empty() {
        (VerdictId::ConsiderAnotherApproach, fit_against)
    } else if !missing.is_empty() {
        (VerdictId::BuildPreconditions, missing)
    } else {
        (VerdictId::Ready, Vec::new())
    };
    let to_build = scores
        .iter()
        .filter(|p| p.group != PreconditionGroup::Fit)
        .filter(|p| !blocking.iter().any(|b| b.id == p.id))
        .filter_map(weak)
        .collect();
    let v = &rules.verdicts[&verdict];
    Readiness {
        verdict: Some(verdict),
        verdict_name: v.name.clone(),
        advice: v.advice.clone(),
        blocking,
        to_build,
        preconditions: scores,
    }
}

/// The verdict's advice for a partnership at `stage`, where the framework has some.
pub(crate) fn advise_for_stage(fw: &Framework, readiness: &mut Readiness, stage: &str) {
    let advice = readiness
        .verdict
        .and_then(|v| fw.readiness.verdicts[&v].advice_by_stage.get(stage));
    if let Some(advice) = advice {
        readiness.advice = advice.clone();
    }
}
