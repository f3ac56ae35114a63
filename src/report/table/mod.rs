//! The result as tables for a terminal or a projector.

use std::fmt::Write;
use std::io;

use comfy_table::{presets, Cell, Color, ContentArrangement, Table};

mod aggregate;
mod compare;

use super::evidence::{self, headline, Reading, Words, CAVEAT};
use super::terminal_text::document_for_terminal;
use super::{Exporter, Profiles, RenderOptions};
use crate::core::model::comparison::Comparison;
use crate::core::model::result::AssessmentResult;
use crate::core::scoring::whole;

pub(crate) struct TableExporter;

/// A table that fits the terminal when there is one.
pub(crate) fn table(header: &[&str]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header.to_vec());
    table
}

/// Width of the score bar in block characters.
const BAR_WIDTH: usize = 20;

// Names, notes and every other text come from files someone else may have
// written; none of it may drive the terminal, so each document is made safe
// to print before it is rendered.
impl Exporter for TableExporter {
    fn write_result(
        &self,
        out: &mut dyn io::Write,
        r: &AssessmentResult,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        let text = result_tables(&document_for_terminal(r)?, options)?;
        out.write_all(text.as_bytes())?;
        Ok(())
    }

    fn write_aggregate(
        &self,
        out: &mut dyn io::Write,
        profiles: &dyn Profiles,
        _: RenderOptions,
    ) -> anyhow::Result<()> {
        aggregate::write(out, profiles)
    }

    fn write_compare(
        &self,
        out: &mut dyn io::Write,
        c: &Comparison,
        _: RenderOptions,
    ) -> anyhow::Result<()> {
        let text = compare::render_table(&document_for_terminal(c)?);
        out.write_all(text.as_bytes())?;
        Ok(())
    }
}

/// Lines of explanation wrap here, narrow enough for a projector.
const MEANING_WIDTH: usize = 78;

/// What each band and each component means, beside the scores.
fn write_meanings(
    out: &mut String,
    r: &AssessmentResult,
    options: RenderOptions,
) -> std::fmt::Result {
    let fw = &options.content.framework;
    let mut bands: Vec<_> = fw.bands.iter().collect();
    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
    let wrapped = |text: String| {
        let options = textwrap::Options::new(MEANING_WIDTH)
            .initial_indent("  ")
            .subsequent_indent("    ");
        textwrap::fill(&super::terminal_text::for_terminal(&text), options)
    };
    for b in bands {
        let line = format!("{} (from {:.0}): {}", b.name, b.min, b.meaning);
        writeln!(out, "{}", wrapped(line))?;
    }
    writeln!(out)?;
    for c in &r.components {
        if let Some(component) = fw.component(&c.id) {
            writeln!(
                out,
                "{}",
                wrapped(format!("{}: {}", c.name, component.summary.trim()))
            )?;
        }
    }
    Ok(())
}

fn result_tables(r: &AssessmentResult, options: RenderOptions) -> anyhow::Result<String> {
    let mut out = String::new();
    writeln!(out, "{}", heading(r))?;
    let reading = Reading {
        components: &r.components,
        readiness: &r.readiness,
        stage: &r.stage,
        next_step: r.next_step.as_ref(),
        plan: &r.action_plan,
    };
    for line in headline(evidence::respondents(r, options.content), &reading) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "({CAVEAT})")?;
    writeln!(out, "\nCollective impact components")?;
    writeln!(out, "{}", components_table(r, options))?;
    write_meanings(&mut out, r, options)?;
    write_weak_indicators(&mut out, r)?;
    write_disagreements(&mut out, r)?;
    writeln!(out, "\nReadiness: {}", r.readiness.verdict_name)?;
    writeln!(out, "  {}", r.readiness.advice)?;
    for b in &r.readiness.blocking {
        writeln!(out, "  - blocking: {}: {}", b.name, b.reason)?;
    }
    for b in &r.readiness.to_build {
        writeln!(out, "  - to build next: {}: {}", b.name, b.reason)?;
    }
    if r.readiness.verdict.is_some() {
        writeln!(out, "{}", preconditions_table(r, options))?;
    }
    writeln!(out, "\nKey steps")?;
    writeln!(out, "{}", key_steps_table(r))?;
    if let Some(next) = &r.next_step {
        writeln!(out, "  Next step to work on: {}", next.name)?;
    }
    let provisional = if r.stage.provisional {
        " (provisional)"
    } else {
        ""
    };
    writeln!(out, "\nStage of development: {}{provisional}", r.stage.name)?;
    for e in &r.stage.evidence {
        writeln!(out, "  - {e}")?;
    }
    for w in &r.stage.warnings {
        writeln!(out, "  - check: {w}")?;
    }
    if let Some(next) = &r.stage.to_reach_next {
        writeln!(out, "  To reach {next}")?;
    }
    write_own_words(&mut out, &evidence::words(r, options.content))?;
    write_recommendations(&mut out, r)?;
    write_action_plan(&mut out, r)?;
    Ok(out)
}

pub(super) fn write_own_words(out: &mut String, words: &Words) -> std::fmt::Result {
    for (title, list) in [
        ("In members' own words", &words.free_text),
        (
            "What would need to change: for discussion",
            &words.follow_ups,
        ),
        ("Notes", &words.notes),
    ] {
        if list.is_empty() {
            continue;
        }
        writeln!(out, "\n{title}")?;
        for s in list {
            let who = s
                .who
                .as_deref()
                .map(|w| format!(" ({w})"))
                .unwrap_or_default();
            writeln!(
                out,
                "  - {}{who}\n    {}",
                s.question,
                s.text.replace('\n', "\n    ")
            )?;
        }
    }
    Ok(())
}

fn heading(r: &AssessmentResult) -> String {
    let mut parts = vec![format!("Partnership: {}", r.partnership)];
    if let Some(m) = &r.member {
        parts.push(format!("Member: {m}"));
    }
    if let Some(d) = &r.date {
        parts.push(format!("Date: {d}"));
    }
    parts.join("   ")
}

/// A bar of block characters, eighths included, `BAR_WIDTH` wide at 100.
pub(crate) fn bar(score: f64) -> String {
    const EIGHTHS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let eighths = ((score.clamp(0.0, 100.0) / 100.0) * (BAR_WIDTH * 8) as f64).round() as usize;
    let mut s = "█".repeat(eighths / 8);
    if !eighths.is_multiple_of(8) {
        s.push(EIGHTHS[eighths % 8]);
    }
    s
}

fn band_cell(band: &str, options: RenderOptions) -> Cell {
    let cell = Cell::new(band);
    if !options.colour {
        return cell;
    }
    match band {
        "strength" => cell.fg(Color::Green),
        "developing" => cell.fg(Color::Yellow),
        "concern" => cell.fg(Color::Red),
        _ => cell,
    }
}

fn score_text(score: Option<f64>) -> String {
    score.map_or("-".to_string(), |s| format!("{:.0}", whole(s)))
}

fn components_table(r: &AssessmentResult, options: RenderOptions) -> comfy_table::Table {
    let mut table = table(&["component", "score", "band", "answered", ""]);
    for c in &r.components {
        table.add_row(vec![
            Cell::new(&c.name),
            Cell::new(score_text(c.score)),
            band_cell(&c.band, options),
            Cell::new(format!("{}/{}", c.answered, c.asked)),
            Cell::new(c.score.map(bar).unwrap_or_default()),
        ]);
    }
    table
}

fn write_weak_indicators(out: &mut String, r: &AssessmentResult) -> std::fmt::Result {
    let weak: Vec<_> = r
        .components
        .iter()
        .filter(|c| !c.weak_indicators.is_empty())
        .collect();
    if weak.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nWeakest indicators")?;
    for c in weak {
        for i in &c.weak_indicators {
            writeln!(
                out,
                "  - {} ({}): {} scored {:.0}",
                c.name,
                i.band,
                i.text,
                whole(i.score)
            )?;
        }
    }
    Ok(())
}

fn write_disagreements(out: &mut String, r: &AssessmentResult) -> std::fmt::Result {
    if r.disagreements.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nWhere members disagree (prompts for discussion)")?;
    for d in &r.disagreements {
        writeln!(
            out,
            "  - {} (lowest {}, highest {})",
            d.text, d.lowest, d.highest
        )?;
    }
    Ok(())
}

fn preconditions_table(r: &AssessmentResult, options: RenderOptions) -> comfy_table::Table {
    let mut table = table(&["readiness", "group", "score", "band", "answered"]);
    for p in &r.readiness.preconditions {
        table.add_row(vec![
            Cell::new(&p.name),
            Cell::new(p.group.as_str()),
            Cell::new(score_text(p.score)),
            band_cell(&p.band, options),
            Cell::new(format!("{}/{}", p.answered, p.asked)),
        ]);
    }
    table
}

fn key_steps_table(r: &AssessmentResult) -> comfy_table::Table {
    let mut table = table(&["key step", "status", "answered"]);
    for s in &r.key_steps {
        table.add_row(vec![
            s.name.clone(),
            s.status.label(),
            format!("{}/{}", s.answered, s.asked),
        ]);
    }
    table
}

fn write_recommendations(out: &mut String, r: &AssessmentResult) -> std::fmt::Result {
    if r.recommendations.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nSuggested resources")?;
    let mut table = table(&["resource", "publisher", "why", "link"]);
    for rec in &r.recommendations {
        table.add_row(vec![
            rec.title.clone(),
            rec.publisher.clone(),
            rec.reason.clone(),
            rec.url.clone().unwrap_or_default(),
        ]);
    }
    writeln!(out, "{table}")
}

fn write_action_plan(out: &mut String, r: &AssessmentResult) -> std::fmt::Result {
    if r.action_plan.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nAction plan")?;
    for a in &r.action_plan {
        writeln!(out, "  {} ({})", a.name, a.band)?;
        for q in &a.quick_wins {
            writeln!(out, "    quick win:   {q}")?;
        }
        for l in &a.longer_term {
            writeln!(out, "    longer term: {l}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bar_is_proportional() {
        assert_eq!(bar(0.0), "");
        assert_eq!(bar(100.0).chars().count(), BAR_WIDTH);
        assert_eq!(bar(50.0), "█".repeat(BAR_WIDTH / 2));
        assert_eq!(bar(52.5).chars().count(), BAR_WIDTH / 2 + 1);
    }
}
