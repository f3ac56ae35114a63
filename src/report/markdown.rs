//! Markdown for sharing with a steering group: headings per part, tables,
//! links. User-supplied text is escaped so it cannot break the layout.

use std::fmt::Write;

use super::{is_web_address, Exporter, RenderOptions};
use crate::core::model::aggregate::{Aggregate, AggregateReport, Stat};
use crate::core::model::comparison::Comparison;
use crate::core::model::document::Document;
use crate::core::model::result::{
    AssessmentResult, ComponentActions, Readiness, Recommendation, StageSuggestion,
};
use crate::core::text::is_hostile_char;

pub(crate) struct MarkdownExporter;

impl Exporter for MarkdownExporter {
    fn render(&self, doc: &Document, _: RenderOptions) -> anyhow::Result<String> {
        let mut out = String::new();
        match doc {
            Document::Result(r) => result(&mut out, r)?,
            Document::Aggregate(a) => aggregate(&mut out, a)?,
            Document::Compare(c) => compare(&mut out, c)?,
        }
        Ok(out)
    }
}

/// Escapes text for Markdown: punctuation that starts markup, table pipes,
/// HTML angle brackets, line breaks, and control characters (shown as
/// `\u{1b}`).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' | '\t' => out.push(' '),
            // Shown as `\u{1b}`: the backslash itself escaped for Markdown.
            c if is_hostile_char(c) => out.push_str(&format!("\\\\u{{{:x}}}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// A link to a web address, its target percent-encoded so it cannot close
/// the link early; any other address is shown as text beside the title.
fn link(title: &str, url: &str) -> String {
    if is_web_address(url) {
        format!("[{}](<{}>)", escape(title), link_target(url))
    } else {
        format!("{} ({})", escape(title), escape(url))
    }
}

fn link_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\' | '`') {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Inline code for an id or fingerprint; text that could break out of the
/// code span is escaped instead.
fn code(text: &str) -> String {
    if text.contains(['`', '\n', '\r']) {
        escape(text)
    } else {
        format!("`{text}`")
    }
}

fn score(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| format!("{v:.0}"))
}

fn result(out: &mut String, r: &AssessmentResult) -> std::fmt::Result {
    writeln!(
        out,
        "# Partnership self-assessment: {}\n",
        escape(&r.partnership)
    )?;
    if let Some(m) = &r.member {
        writeln!(out, "- **Member:** {}", escape(m))?;
    }
    if let Some(d) = &r.date {
        writeln!(out, "- **Date:** {}", escape(d))?;
    }
    writeln!(
        out,
        "- **Parts:** {}",
        r.parts
            .iter()
            .map(|p| p.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    )?;
    writeln!(out, "- **Content:** {}\n", code(&r.content_fingerprint))?;
    writeln!(out, "## Collective impact components\n")?;
    writeln!(out, "| Component | Score | Band | Answered |")?;
    writeln!(out, "|---|---:|---|---:|")?;
    for c in &r.components {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} |",
            escape(&c.name),
            score(c.score),
            escape(&c.band),
            c.answered,
            c.asked
        )?;
    }
    let weak: Vec<_> = r
        .components
        .iter()
        .flat_map(|c| c.weak_indicators.iter().map(move |i| (c, i)))
        .collect();
    if !weak.is_empty() {
        writeln!(out, "\n### Weakest indicators\n")?;
        for (c, i) in weak {
            writeln!(
                out,
                "- **{}**: {} ({:.0}, {})",
                escape(&c.name),
                escape(&i.text),
                i.score,
                escape(&i.band)
            )?;
        }
    }
    if !r.disagreements.is_empty() {
        writeln!(out, "\n### Where members disagree\n")?;
        for d in &r.disagreements {
            writeln!(
                out,
                "- {} (lowest {}, highest {})",
                escape(&d.text),
                escape(&d.lowest),
                escape(&d.highest)
            )?;
        }
    }
    readiness(out, &r.readiness)?;
    writeln!(out, "\n## Key steps\n")?;
    writeln!(out, "| Key step | Status |")?;
    writeln!(out, "|---|---|")?;
    for s in &r.key_steps {
        writeln!(
            out,
            "| {} | {} |",
            escape(&s.name),
            escape(&s.status.label())
        )?;
    }
    if let Some(next) = &r.next_step {
        writeln!(out, "\nNext step to work on: **{}**", escape(&next.name))?;
    }
    stage(out, &r.stage)?;
    recommendations(out, &r.recommendations)?;
    action_plan(out, &r.action_plan)?;
    if !r.notes.is_empty() {
        writeln!(out, "\n## Notes\n")?;
        for (q, note) in &r.notes {
            writeln!(out, "- {}: {}", code(q), escape(note))?;
        }
    }
    Ok(())
}

fn readiness(out: &mut String, r: &Readiness) -> std::fmt::Result {
    writeln!(out, "\n## Readiness for collective impact\n")?;
    writeln!(
        out,
        "**{}.** {}\n",
        escape(&r.verdict_name),
        escape(&r.advice)
    )?;
    for b in &r.blocking {
        writeln!(
            out,
            "- Blocking: {}: {}",
            escape(&b.name),
            escape(&b.reason)
        )?;
    }
    for b in &r.to_build {
        writeln!(
            out,
            "- To build next: {}: {}",
            escape(&b.name),
            escape(&b.reason)
        )?;
    }
    if !r.blocking.is_empty() || !r.to_build.is_empty() {
        writeln!(out)?;
    }
    if r.verdict.is_some() {
        writeln!(out, "| Precondition | Group | Score | Band |")?;
        writeln!(out, "|---|---|---:|---|")?;
        for p in &r.preconditions {
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(&p.name),
                escape(p.group.as_str()),
                score(p.score),
                escape(&p.band)
            )?;
        }
    }
    Ok(())
}

fn stage(out: &mut String, s: &StageSuggestion) -> std::fmt::Result {
    let provisional = if s.provisional { " (provisional)" } else { "" };
    writeln!(
        out,
        "\n## Stage of development: {}{provisional}\n",
        escape(&s.name)
    )?;
    for e in &s.evidence {
        writeln!(out, "- {}", escape(e))?;
    }
    for w in &s.warnings {
        writeln!(out, "- Check: {}", escape(w))?;
    }
    if let Some(next) = &s.to_reach_next {
        writeln!(out, "- To reach {}", escape(next))?;
    }
    Ok(())
}

fn recommendations(out: &mut String, recs: &[Recommendation]) -> std::fmt::Result {
    if recs.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Suggested resources\n")?;
    for r in recs {
        let title = match &r.url {
            Some(url) => link(&r.title, url),
            None => escape(&r.title),
        };
        writeln!(
            out,
            "- **{title}** ({}, {}). {} *Why:* {}",
            escape(&r.publisher),
            escape(&r.kind.to_string()),
            escape(&r.when),
            escape(&r.reason)
        )?;
    }
    Ok(())
}

fn action_plan(out: &mut String, plan: &[ComponentActions]) -> std::fmt::Result {
    if plan.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## Action plan\n")?;
    for a in plan {
        writeln!(out, "### {} ({})\n", escape(&a.name), escape(&a.band))?;
        for q in &a.quick_wins {
            writeln!(out, "- Quick win (this year): {}", escape(q))?;
        }
        for l in &a.longer_term {
            writeln!(out, "- Longer term: {}", escape(l))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

fn stats_rows(out: &mut String, title: &str, rows: &[Stat]) -> std::fmt::Result {
    writeln!(
        out,
        "| {title} | Mean | Median | Min | Max | SD | n | Band |"
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---|")?;
    for s in rows {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            escape(&s.name),
            score(s.stats.mean),
            score(s.stats.median),
            score(s.stats.min),
            score(s.stats.max),
            s.stats.sd.map_or("–".to_string(), |v| format!("{v:.1}")),
            s.stats.n,
            escape(&s.band.replace('-', " "))
        )?;
    }
    Ok(())
}

fn aggregate(out: &mut String, report: &AggregateReport) -> std::fmt::Result {
    writeln!(out, "# Partnership profile\n")?;
    if report.profiles.len() > 1 {
        writeln!(out, "## Overview\n")?;
        let first = &report.profiles[0];
        let names: Vec<String> = first.components.iter().map(|c| escape(&c.name)).collect();
        writeln!(
            out,
            "| Partnership | Results | {} | Stage |",
            names.join(" | ")
        )?;
        writeln!(out, "|---|---:|{}---|", "---:|".repeat(names.len()))?;
        for p in &report.profiles {
            let cells: Vec<String> = p.components.iter().map(|c| score(c.stats.mean)).collect();
            writeln!(
                out,
                "| {} | {} | {} | {} |",
                escape(p.partnership.as_deref().unwrap_or("")),
                p.results,
                cells.join(" | "),
                escape(&p.stage.name)
            )?;
        }
    }
    for p in &report.profiles {
        profile(out, p)?;
    }
    if !report.invalid.is_empty() {
        writeln!(out, "\n## Skipped results\n")?;
        for i in &report.invalid {
            writeln!(out, "- {}", escape(&i.to_string()))?;
        }
    }
    Ok(())
}

fn profile(out: &mut String, a: &Aggregate) -> std::fmt::Result {
    let who = a.partnership.as_deref().unwrap_or("All partnerships");
    writeln!(out, "\n## {}\n", escape(who))?;
    writeln!(out, "{} results from {} members.\n", a.results, a.members)?;
    if !a.member_names.is_empty() {
        let names: Vec<String> = a.member_names.iter().map(|n| escape(n)).collect();
        writeln!(out, "Members: {}\n", names.join(", "))?;
    }
    stats_rows(out, "Component", &a.components)?;
    if !a.disagreements.is_empty() {
        writeln!(out, "\n### Where members disagree most\n")?;
        writeln!(out, "Prompts for discussion, most spread first.\n")?;
        for q in a.disagreements.iter().take(10) {
            writeln!(
                out,
                "- {} (from {} to {}, SD {})",
                escape(&q.text),
                score(q.stats.min),
                score(q.stats.max),
                q.stats.sd.map_or("–".to_string(), |v| format!("{v:.1}"))
            )?;
        }
    }
    readiness(out, &a.readiness)?;
    writeln!(out)?;
    stats_rows(out, "Key step", &a.key_steps)?;
    stage(out, &a.stage)?;
    recommendations(out, &a.recommendations)?;
    action_plan(out, &a.action_plan)
}

fn compare(out: &mut String, c: &Comparison) -> std::fmt::Result {
    writeln!(
        out,
        "# Progress: {} → {}\n",
        escape(&c.before.label),
        escape(&c.after.label)
    )?;
    writeln!(out, "{}\n", escape(&c.summary))?;
    for (title, list) in [
        ("Component", &c.components),
        ("Precondition", &c.preconditions),
    ] {
        writeln!(out, "| {title} | Before | After | Change | Band |")?;
        writeln!(out, "|---|---:|---:|---:|---|")?;
        for ch in list.iter() {
            writeln!(
                out,
                "| {} | {} | {} | {} | {} → {} |",
                escape(&ch.name),
                score(ch.before),
                score(ch.after),
                ch.change.map_or("–".to_string(), |d| format!("{d:+.0}")),
                escape(&ch.band_before),
                escape(&ch.band_after)
            )?;
        }
        writeln!(out)?;
    }
    writeln!(out, "## Key steps\n")?;
    for s in &c.key_steps {
        let mark = if s.advanced { " (advanced)" } else { "" };
        writeln!(
            out,
            "- {}: {} → {}{mark}",
            escape(&s.name),
            escape(&s.before.replace('-', " ")),
            escape(&s.after.replace('-', " "))
        )?;
    }
    writeln!(
        out,
        "\n- Stage: {} → {}",
        escape(&c.stage.before),
        escape(&c.stage.after)
    )?;
    writeln!(
        out,
        "- Gaps closed: {}",
        if c.gaps_closed.is_empty() {
            "none".into()
        } else {
            escape(&c.gaps_closed.join(", "))
        }
    )?;
    writeln!(
        out,
        "- Gaps opened: {}",
        if c.gaps_opened.is_empty() {
            "none".into()
        } else {
            escape(&c.gaps_opened.join(", "))
        }
    )?;
    if !c.recommendations_related_to_gains.is_empty() {
        writeln!(out, "\n## Earlier suggestions related to what improved\n")?;
        for r in &c.recommendations_related_to_gains {
            writeln!(
                out,
                "- {} ({})",
                escape(&r.title),
                escape(&r.improved.join(", "))
            )?;
        }
    }
    Ok(())
}
