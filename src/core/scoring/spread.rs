//! How far apart a group's answers to one question are, and whether that is
//! a disagreement worth discussing.

use super::normalise;
use crate::core::answer::Answer;
use crate::core::content::framework::Framework;
use crate::core::content::{Content, Question};

/// How far a group's answers to one question are apart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spread {
    pub min: String,
    pub max: String,
    pub answered: usize,
    /// Distance between the lowest and highest answer on 0-1.
    pub width: f64,
    pub disagree: bool,
}

/// The spread of a group's answers, with the disagreement flag from the framework's threshold.
pub(crate) fn spread(
    content: &Content,
    q: &Question,
    answers: &[Option<Answer>],
) -> Option<Spread> {
    let scored: Vec<(f64, &Answer)> = answers
        .iter()
        .flatten()
        .filter_map(|a| normalise(q, Some(a), &content.framework).map(|v| (v, a)))
        .collect();
    let (lo, hi) = (
        scored.iter().min_by(|a, b| a.0.total_cmp(&b.0))?,
        scored.iter().max_by(|a, b| a.0.total_cmp(&b.0))?,
    );
    let short = |a: &Answer| match a {
        Answer::Point(p) => p.to_string(),
        other => other.describe(&q.format),
    };
    let width = hi.0 - lo.0;
    Some(Spread {
        min: short(lo.1),
        max: short(hi.1),
        answered: scored.len(),
        width,
        disagree: is_disagreement(&content.framework, width),
    })
}

/// Whether answers this far apart (on 0-1) are a disagreement worth discussing.
pub(crate) fn is_disagreement(fw: &Framework, width: f64) -> bool {
    // A small tolerance so that exactly the threshold counts despite float rounding.
    width >= fw.scoring.disagreement_threshold - 1e-9
}
