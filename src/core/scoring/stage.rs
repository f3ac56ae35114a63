//! The partnership's stage of development.

use super::round1;
use crate::core::content::framework::{Framework, Stage};
use crate::core::model::result::{ComponentScore, KeyStepStatus, StageSuggestion, StepStatus};

/// The highest stage whose evidence is met: enough key steps done and a high
/// enough average component score. When the key steps were not assessed, only
/// the score counts, and the evidence says so.
pub(crate) fn stage(
    fw: &Framework,
    components: &[ComponentScore],
    steps: &[KeyStepStatus],
) -> StageSuggestion {
    let scored: Vec<f64> = components.iter().filter_map(|c| c.score).collect();
    // An average over fewer than half the components says too little to place a partnership.
    let enough = !scored.is_empty() && scored.len() * 2 >= components.len();
    let average = enough.then(|| round1(scored.iter().sum::<f64>() / scored.len() as f64));
    let steps_assessed = steps.iter().any(|s| s.answered > 0);
    let done = steps
        .iter()
        .filter(|s| s.status == StepStatus::Done)
        .count();
    let meets = |st: &Stage| {
        let steps_ok = !steps_assessed || done >= st.key_steps_done;
        let score_ok = average.unwrap_or(0.0) >= st.min_score;
        steps_ok && score_ok
    };
    let index = fw.stages.iter().rposition(meets).unwrap_or(0);
    let current = &fw.stages[index];
    let mut evidence = Vec::new();
    match average {
        Some(a) => evidence.push(format!(
            "average component score {a:.0} across {} of {} components",
            scored.len(),
            components.len()
        )),
        None => evidence.push(format!(
            "only {} of {} components could be scored, too few to go beyond the first stage",
            scored.len(),
            components.len()
        )),
    }
    if steps_assessed {
        evidence.push(format!("{done} of {} key steps done", steps.len()));
    } else {
        evidence.push("key steps not assessed, so only scores were used".to_string());
    }
    let to_reach_next = fw.stages.get(index + 1).map(|next| {
        let mut needs = Vec::new();
        if steps_assessed && done < next.key_steps_done {
            needs.push(format!(
                "{} key steps done (now {done})",
                next.key_steps_done
            ));
        }
        if average.unwrap_or(0.0) < next.min_score {
            needs.push(format!(
                "an average component score of {:.0} (now {:.0})",
                next.min_score,
                average.unwrap_or(0.0)
            ));
        }
        format!("{}: {}", next.name, needs.join(" and "))
    });
    StageSuggestion {
        id: current.id.clone(),
        name: current.name.clone(),
        evidence,
        to_reach_next,
    }
}
