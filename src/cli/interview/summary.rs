//! The end of a session on one screen: component scores with their bands,
//! the readiness verdict, the stage and the top suggestions.

use std::fmt::Write;

use super::for_terminal;
use crate::core::model::result::AssessmentResult;
use crate::core::scoring::whole;

/// How many suggestions the summary names; the saved result has them all.
const SUGGESTIONS_SHOWN: usize = 3;

/// A short summary of a result, at most about twenty lines, wrapped to
/// `width` columns when it goes to a terminal.
pub(crate) fn summary(result: &AssessmentResult, width: Option<usize>) -> String {
    let mut out = String::new();
    let who = result
        .member
        .as_deref()
        .map_or(String::new(), |m| format!(" · {m}"));
    let _ = writeln!(
        out,
        "\n{}{who} · {}",
        result.partnership,
        result.date.as_deref().unwrap_or("")
    );
    // Components are left out when none could be scored (no self-reflection part).
    let scored = &result.components;
    if scored.iter().any(|c| c.score.is_some()) {
        let width = scored
            .iter()
            .map(|c| c.name.chars().count())
            .max()
            .unwrap_or(0);
        let _ = writeln!(out, "Components (0-100):");
        for c in scored {
            let score = c
                .score
                .map_or("  –".to_string(), |s| format!("{:>3.0}", whole(s)));
            let _ = writeln!(out, "  {:<width$}  {score}  {}", c.name, c.band);
        }
    }
    let _ = writeln!(out, "Readiness: {}", result.readiness.verdict_name);
    let provisional = if result.stage.provisional {
        " (provisional)"
    } else {
        ""
    };
    let _ = writeln!(out, "Stage: {}{provisional}", result.stage.name);
    if let Some(step) = &result.next_step {
        let _ = writeln!(out, "Next key step: {}", step.name);
    }
    if !result.recommendations.is_empty() {
        let _ = writeln!(out, "Suggested first:");
        for r in result.recommendations.iter().take(SUGGESTIONS_SHOWN) {
            let _ = writeln!(out, "  - {} ({})", r.title, r.publisher);
        }
    }
    if !result.disagreements.is_empty() {
        let _ = writeln!(
            out,
            "The room was split on {} of the questions.",
            result.disagreements.len()
        );
    }
    let Some(width) = width else {
        return for_terminal(&out);
    };
    let options = textwrap::Options::new(width.saturating_sub(1).max(20))
        .subsequent_indent("    ")
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    let wrapped: Vec<String> = for_terminal(&out)
        .lines()
        .flat_map(|line| textwrap::wrap(line, &options))
        .map(|l| l.into_owned())
        .collect();
    wrapped.join("\n") + "\n"
}
