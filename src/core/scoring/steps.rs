//! Progress on the four key steps.

use std::collections::HashMap;

use super::{Key, Tally};
use crate::core::content::framework::Framework;
use crate::core::model::result::{KeyStepStatus, Named};

pub(crate) fn key_steps(fw: &Framework, tallies: &HashMap<Key, Tally>) -> Vec<KeyStepStatus> {
    fw.key_steps
        .iter()
        .map(|s| {
            let t = tallies
                .get(&Key::Step(s.id.clone()))
                .copied()
                .unwrap_or_default();
            let score = t.mean();
            KeyStepStatus {
                id: s.id.clone(),
                name: s.name.clone(),
                status: step_status(score).to_string(),
                score,
                answered: t.answered,
                asked: t.asked,
            }
        })
        .collect()
}

/// Done when every check is done, not started when none is, under way between.
pub(crate) fn step_status(score: Option<f64>) -> &'static str {
    match score {
        None => "unknown",
        Some(x) if x >= 99.9 => "done",
        Some(x) if x <= 0.1 => "not-started",
        Some(_) => "under-way",
    }
}

/// The first key step, in the framework's order, that is not done.
pub(crate) fn next_step(steps: &[KeyStepStatus]) -> Option<Named> {
    steps.iter().find(|s| s.status != "done").map(|s| Named {
        id: s.id.clone(),
        name: s.name.clone(),
    })
}
