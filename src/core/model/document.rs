//! The documents partnerscope writes and reads whole. An aggregate, which
//! may be of any size, goes its own way, one profile at a time.

use super::comparison::{Comparison, COMPARE_SCHEMA_VERSION};
use super::result::{AssessmentResult, RESULT_SCHEMA_VERSION};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Document {
    Result(Box<AssessmentResult>),
    Compare(Box<Comparison>),
}

/// The first thing that makes a document unlike any partnerscope writes: a
/// version it does not know, a date that is not a day, or a score outside
/// 0-100, which can only come from editing by hand and would show as
/// nonsense in every report.
impl Document {
    pub(crate) fn problem(&self) -> Option<String> {
        match self {
            Document::Result(r) => result_problem(r),
            Document::Compare(c) => comparison_problem(c),
        }
    }
}

fn result_problem(r: &AssessmentResult) -> Option<String> {
    if !(1..=RESULT_SCHEMA_VERSION).contains(&r.schema_version) {
        return Some(format!("unsupported schema_version {}", r.schema_version));
    }
    if let Some(problem) = date_problem(r.date.as_deref()) {
        return Some(problem);
    }
    let components = r.components.iter().flat_map(|c| {
        std::iter::once(("component", c.id.as_str(), c.score))
            .chain(
                c.indicators
                    .iter()
                    .map(|i| ("indicator", i.id.as_str(), i.score)),
            )
            .chain(
                c.weak_indicators
                    .iter()
                    .map(|i| ("indicator", i.id.as_str(), Some(i.score))),
            )
    });
    let preconditions = r
        .readiness
        .preconditions
        .iter()
        .map(|p| ("precondition", p.id.as_str(), p.score));
    let steps = r
        .key_steps
        .iter()
        .map(|s| ("key step", s.id.as_str(), s.score));
    components
        .chain(preconditions)
        .chain(steps)
        .find_map(|(what, id, score)| score_problem(what, id, score))
}

fn comparison_problem(c: &Comparison) -> Option<String> {
    if c.schema_version != COMPARE_SCHEMA_VERSION {
        return Some(format!("unsupported schema_version {}", c.schema_version));
    }
    c.components
        .iter()
        .map(|ch| ("component", ch))
        .chain(c.preconditions.iter().map(|ch| ("precondition", ch)))
        .find_map(|(what, ch)| {
            score_problem(what, &ch.id, ch.before).or_else(|| score_problem(what, &ch.id, ch.after))
        })
}

/// Results are put in order by their dates as written, which is the order of
/// the days only when each is a real day written in full.
pub(crate) fn date_problem(date: Option<&str>) -> Option<String> {
    let date = date?;
    (!crate::core::answer::is_calendar_date(date)).then(|| {
        format!(
            "date '{}' is not a date written YYYY-MM-DD",
            crate::core::answer::shortened(date)
        )
    })
}

fn score_problem(what: &str, id: &str, score: Option<f64>) -> Option<String> {
    let score = score?;
    // A number a thousand digits long would fill the terminal.
    let shown = if score.abs() < 1e6 {
        score.to_string()
    } else {
        format!("{score:e}")
    };
    (!(0.0..=100.0).contains(&score))
        .then(|| format!("{what} '{id}': score {shown} is outside 0-100"))
}
