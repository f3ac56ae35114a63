//! Progress on the four key steps.

use super::{Key, Measured, Tallies};
use crate::core::content::framework::Framework;
use crate::core::model::result::{KeyStepStatus, Named, StepStatus};

/// Every key step, given the measure of each by position.
pub(crate) fn key_step_statuses(
    fw: &Framework,
    measure: impl Fn(usize) -> Measured,
) -> Vec<KeyStepStatus> {
    fw.key_steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let m = measure(i);
            KeyStepStatus {
                id: s.id.clone(),
                name: s.name.clone(),
                status: step_status(m.score),
                score: m.score,
                answered: m.answered,
                asked: m.asked,
            }
        })
        .collect()
}

/// Key steps scored from one result's tallies.
pub(crate) fn key_steps(fw: &Framework, tallies: &Tallies) -> Vec<KeyStepStatus> {
    key_step_statuses(fw, |i| {
        tallies
            .get(Key::Step(&fw.key_steps[i].id))
            .judged_measure(fw.scoring.min_coverage)
    })
}

/// Done when every check is done, not started when none is, under way between.
fn step_status(score: Option<f64>) -> StepStatus {
    match score {
        None => StepStatus::Unknown,
        Some(x) if x >= 99.9 => StepStatus::Done,
        Some(x) if x <= 0.1 => StepStatus::NotStarted,
        Some(_) => StepStatus::UnderWay,
    }
}

/// The first key step, in the framework's order, that is not done; none
/// when the key steps were not assessed.
pub(crate) fn next_step(steps: &[KeyStepStatus]) -> Option<Named> {
    if steps.iter().all(|s| s.status == StepStatus::Unknown) {
        return None;
    }
    steps
        .iter()
        .find(|s| s.status != StepStatus::Done)
        .map(|s| Named {
            id: s.id.clone(),
            name: s.name.clone(),
        })
}
