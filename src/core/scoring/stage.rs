//! The partnership's stage of development.

use super::{round1, whole};
use crate::core::content::framework::{Framework, Stage, VerdictId};
use crate::core::content::Content;
use crate::core::model::result::{
    ComponentScore, KeyStepStatus, Readiness, StageSuggestion, StepStatus,
};

/// A stage's key steps count as met within this many steps of progress: one
/// check still under way among a step's three leaves it a sixth short.
const STEP_TOLERANCE: f64 = 0.2;

/// The highest stage whose evidence is met: key-step progress, the average
/// component score and, where the stage asks for it, a ready verdict.
/// Without key-step answers the stage is capped and marked provisional.
pub(crate) fn stage(
    fw: &Framework,
    components: &[ComponentScore],
    steps: &[KeyStepStatus],
    readiness: &Readiness,
    stage_answers: &[Option<f64>],
) -> StageSuggestion {
    let scored: Vec<f64> = components.iter().filter_map(|c| c.score).collect();
    // An average over fewer than half the components says too little to place a partnership.
    let enough = !scored.is_empty() && scored.len() * 2 >= components.len();
    let average = enough.then(|| round1(scored.iter().sum::<f64>() / scored.len() as f64));
    let steps_assessed = steps.iter().any(|s| s.status != StepStatus::Unknown);
    let progress: f64 = steps.iter().filter_map(|s| s.score).sum::<f64>() / 100.0;
    let done = steps
        .iter()
        .filter(|s| s.status == StepStatus::Done)
        .count();
    let ready = readiness.verdict == Some(VerdictId::Ready);
    let tagged_ok = |i: usize| {
        i == 0
            || stage_answers
                .get(i)
                .copied()
                .flatten()
                .is_none_or(|mean| mean >= fw.scoring.stage_questions_min)
    };
    let meets = |(i, st): (usize, &Stage)| {
        let steps_ok = !steps_assessed || progress + STEP_TOLERANCE >= st.key_steps_done as f64;
        // Without component scores the steps alone place the partnership.
        let score_ok = average.is_none_or(|a| a >= st.min_score)
            && scored.iter().all(|&s| s >= st.min_each_component);
        steps_ok && score_ok && (!st.needs_ready || ready) && tagged_ok(i)
    };
    let provisional = !steps_assessed || average.is_none();
    let mut index = if !steps_assessed && average.is_none() {
        0
    } else {
        let met: Vec<bool> = fw.stages.iter().enumerate().map(meets).collect();
        met.iter().rposition(|m| *m).unwrap_or(0)
    };
    if provisional {
        if let Some(cap) = fw.stages.iter().position(|s| s.furthest_without_steps) {
            index = index.min(cap);
        }
    }
    let current = &fw.stages[index];
    let mut evidence = Vec::new();
    match average {
        Some(a) => evidence.push(format!(
            "average component score {:.0} across {} of {} components",
            whole(a),
            scored.len(),
            components.len()
        )),
        None if steps_assessed => evidence.push(format!(
            "{}: a provisional reading from the key steps",
            too_few_scored(scored.len(), components.len())
        )),
        None => evidence.push(format!(
            "{} and the key steps were not assessed: placed at the first stage until there are more answers",
            too_few_scored(scored.len(), components.len())
        )),
    }
    // Without scores or steps, the line above has said there is nothing to go on.
    match (steps_assessed, average.is_some()) {
        (true, _) => evidence.push(format!(
            "{done} of {} key steps done ({progress:.1} counting steps under way)",
            steps.len()
        )),
        (false, true) => evidence.push(
            "key steps not assessed: a provisional reading from the scores alone".to_string(),
        ),
        (false, false) => {}
    }
    if let Some(Some(mean)) = stage_answers.get(index) {
        evidence.push(format!(
            "questions about the {} stage average {:.0}",
            current.name,
            whole(*mean)
        ));
    }
    let to_reach_next = match fw.stages.get(index + 1) {
        Some(next) => Some(what_next_needs(
            next,
            &Reading {
                components,
                steps_assessed,
                progress,
                average,
                ready,
            },
            Asked {
                mean: stage_answers.get(index + 1).copied().flatten(),
                min: fw.scoring.stage_questions_min,
            },
        )),
        None => fw.stages.first().map(|first| {
            format!(
                "{} again, as the cycle starts anew: look afresh at what young people need and who is not yet involved",
                first.name
            )
        }),
    };
    StageSuggestion {
        id: current.id.clone(),
        name: current.name.clone(),
        evidence,
        to_reach_next,
        provisional,
        warnings: contradictions(fw, steps, average, readiness),
    }
}

/// "no component could be scored", "only 2 of 5 components could be scored".
fn too_few_scored(scored: usize, of: usize) -> String {
    match scored {
        0 => "no component could be scored".to_string(),
        n => format!("only {n} of {of} components could be scored"),
    }
}

/// What the partnership's answers show, as the next stage's rules read it.
struct Reading<'a> {
    components: &'a [ComponentScore],
    steps_assessed: bool,
    progress: f64,
    average: Option<f64>,
    ready: bool,
}

/// The mean of the answers to the next stage's own questions, and the bar it must reach.
struct Asked {
    mean: Option<f64>,
    min: f64,
}

/// Every rule of the next stage that the answers do not yet meet, so the
/// room sees the whole distance rather than part of it.
fn what_next_needs(next: &Stage, now: &Reading, asked: Asked) -> String {
    let mut needs = Vec::new();
    if now.average.is_none() {
        needs.push("answers to the self-reflection questions".to_string());
    }
    if !now.steps_assessed {
        needs.push("answers to the key-step checks".to_string());
    } else if now.progress + STEP_TOLERANCE < next.key_steps_done as f64 {
        let steps = if next.key_steps_done == 1 {
            "key step"
        } else {
            "key steps"
        };
        needs.push(format!(
            "{} {steps} done (now {:.1})",
            next.key_steps_done, now.progress
        ));
    }
    if let Some(a) = now.average.filter(|&a| a < next.min_score) {
        needs.push(format!(
            "an average component score of {:.0} (now {:.0})",
            next.min_score,
            whole(a)
        ));
    }
    needs.extend(components_below(next.min_each_component, now.components));
    if next.needs_ready && !now.ready {
        needs.push("a readiness verdict of ready".to_string());
    }
    if let Some(mean) = asked.mean.filter(|&m| m < asked.min) {
        needs.push(format!(
            "the questions about the {} stage answered at an average of {:.0} or more (now {:.0})",
            next.name,
            asked.min,
            whole(mean)
        ));
    }
    // Placement stops below a stage only for a rule listed above; this keeps
    // the line readable should a new rule ever be added without its wording.
    if needs.is_empty() {
        needs.push("its evidence is met on these answers".to_string());
    }
    format!("{}: {}", next.name, needs.join(" and "))
}

/// "every component at 75 or more (below it now: Backbone support 5)",
/// naming the scored components that fall short, or nothing when none does.
fn components_below(min: f64, components: &[ComponentScore]) -> Option<String> {
    let short: Vec<String> = components
        .iter()
        .filter_map(|c| c.score.filter(|&s| s < min).map(|s| (c, s)))
        .map(|(c, s)| format!("{} {:.0}", c.name, whole(s)))
        .collect();
    (!short.is_empty()).then(|| {
        format!(
            "every component at {min:.0} or more (below it now: {})",
            short.join(", ")
        )
    })
}

/// Evidence that does not hang together, said plainly so the room can discuss it.
fn contradictions(
    fw: &Framework,
    steps: &[KeyStepStatus],
    average: Option<f64>,
    readiness: &Readiness,
) -> Vec<String> {
    let mut warnings = Vec::new();
    let lowest_band = fw.band_for(f64::MIN);
    let all_done = !steps.is_empty() && steps.iter().all(|s| s.status == StepStatus::Done);
    if let Some(a) = average {
        if all_done && fw.band_for(a).id == lowest_band.id {
            warnings.push(format!(
                "every key step is reported done, yet the components average only {:.0}: check what \"done\" meant",
                whole(a)
            ));
        }
    }
    for step in steps.iter().filter(|s| s.status == StepStatus::Done) {
        let linked = fw
            .key_step(&step.id)
            .and_then(|k| k.precondition.as_deref());
        let weak = readiness
            .preconditions
            .iter()
            .find(|p| Some(p.id.as_str()) == linked && p.band == lowest_band.id);
        if let Some(p) = weak {
            warnings.push(format!(
                "\"{}\" is reported done, but readiness scored {} as a concern",
                step.name, p.name
            ));
        }
    }
    warnings
}

/// For each stage, the mean (0-100) of the answered questions tagged with it,
/// given each question's score in content order.
pub(crate) fn stage_answer_means(
    content: &Content,
    question_scores: impl Iterator<Item = Option<f64>>,
) -> Vec<Option<f64>> {
    let fw = &content.framework;
    let mut sums = vec![(0.0, 0usize); fw.stages.len()];
    for ((_, q), score) in content.questions().zip(question_scores) {
        let Some(score) = score else { continue };
        for tag in &q.stages {
            if let Some(i) = fw.stages.iter().position(|s| &s.id == tag) {
                sums[i].0 += score;
                sums[i].1 += 1;
            }
        }
    }
    sums.into_iter()
        .map(|(sum, n)| (n > 0).then(|| round1(sum / n as f64)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixture;

    fn component(name: &str, score: f64) -> ComponentScore {
        ComponentScore {
            id: name.to_lowercase().replace(' ', "-"),
            name: name.to_string(),
            score: Some(score),
            band: String::new(),
            answered: 1,
            asked: 1,
            indicators: Vec::new(),
            weak_indicators: Vec::new(),
        }
    }

    fn done_step(id: &str) -> KeyStepStatus {
        KeyStepStatus {
            id: id.to_string(),
            name: id.to_string(),
            status: StepStatus::Done,
            score: Some(100.0),
            answered: 1,
            asked: 1,
        }
    }

    fn ready() -> Readiness {
        Readiness {
            verdict: Some(VerdictId::Ready),
            verdict_name: String::new(),
            advice: String::new(),
            blocking: Vec::new(),
            to_build: Vec::new(),
            preconditions: Vec::new(),
        }
    }

    /// A delivering partnership: every key step done, ready, strong on average.
    fn at_deliver(components: &[ComponentScore], stage_answers: &[Option<f64>]) -> StageSuggestion {
        let fw = fixture::content().framework;
        let steps: Vec<KeyStepStatus> = ["a", "b", "c", "d"].map(done_step).to_vec();
        stage(&fw, components, &steps, &ready(), stage_answers)
    }

    #[test]
    fn the_next_stage_names_each_component_below_its_bar() {
        let components = [
            component("Common agenda", 100.0),
            component("Shared measurement", 0.0),
            component("Backbone support", 100.0),
            component("Continuous communication", 100.0),
            component("Mutually reinforcing activities", 100.0),
        ];
        let s = at_deliver(&components, &[]);
        assert_eq!(s.id, "deliver");
        assert_eq!(
            s.to_reach_next.as_deref(),
            Some("Do more: every component at 75 or more (below it now: Shared measurement 0)")
        );
    }

    #[test]
    fn the_next_stage_names_its_own_questions_when_they_fall_short() {
        let components = [
            component("Common agenda", 100.0),
            component("Shared measurement", 100.0),
        ];
        let do_more = Some(10.0);
        let s = at_deliver(&components, &[None, None, None, Some(90.0), do_more]);
        assert_eq!(s.id, "deliver");
        let next = s.to_reach_next.unwrap();
        assert!(
            next.starts_with("Do more: the questions about the Do more stage")
                && next.ends_with("average of 35 or more (now 10)"),
            "{next}"
        );
    }
}
