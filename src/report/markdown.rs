//! Markdown for sharing with a steering group: headings per part, tables,
//! links. User-supplied text is escaped so it cannot break the layout.

use std::fmt::Write;
use std::io;

use super::evidence::{
    self, aggregate_counts, area_names, group_counts, headline, real_disagreements, shown_change,
    tag_name, Area, QuestionCounts, Reading, Said, Words, CAVEAT,
};
use super::{is_web_address, Exporter, Profiles, RenderOptions};
use crate::core::content::{BankId, Content, Framework};
use crate::core::model::aggregate::{Aggregate, Stat};
use crate::core::model::comparison::{Change, Comparison, Side};
use crate::core::model::result::{
    AssessmentResult, ComponentActions, ComponentScore, Named, Readiness, Recommendation,
    StageSuggestion,
};
use crate::core::scoring::whole;
use crate::core::text::is_hostile_char;

pub(crate) struct MarkdownExporter;

impl Exporter for MarkdownExporter {
    fn write_result(
        &self,
        out: &mut dyn io::Write,
        r: &AssessmentResult,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        let mut text = String::new();
        result(&mut text, r, options.content)?;
        out.write_all(text.as_bytes())?;
        Ok(())
    }

    fn write_aggregate(
        &self,
        out: &mut dyn io::Write,
        profiles: &dyn Profiles,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        aggregate(out, profiles, options.content)
    }

    fn write_compare(
        &self,
        out: &mut dyn io::Write,
        c: &Comparison,
        _: RenderOptions,
    ) -> anyhow::Result<()> {
        let mut text = String::new();
        compare(&mut text, c)?;
        out.write_all(text.as_bytes())?;
        Ok(())
    }
}

/// Escapes text for Markdown: punctuation that starts markup, table pipes,
/// HTML angle brackets, line breaks, and control characters shown as text.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    // Text may start a line, where "- ", "+ " or "1. " would begin a list,
    // and a line of "-" or "=" alone would rule a line or make a heading.
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let spaced = |i: usize| text[i + 1..].chars().next().is_none_or(char::is_whitespace);
    let only = |mark: char| text.chars().all(|c| c == mark || c == ' ');
    let opens_list = |i: usize, c: char| match c {
        '-' | '+' if i == 0 => spaced(i) || only(c),
        '=' if i == 0 => only(c),
        '.' | ')' if i == digits && digits > 0 => spaced(i),
        _ => false,
    };
    for (i, c) in text.char_indices() {
        match c {
            c if opens_list(i, c) => {
                out.push('\\');
                out.push(c);
            }
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '<' | '>' | '!' | '~' | '&' => {
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

type Out<'a> = &'a mut String;

fn score(x: Option<f64>) -> String {
    x.map_or("n/a".to_string(), |v| format!("{:.0}", whole(v)))
}

fn words_of(band: &str) -> String {
    band.replace('-', " ")
}

/// A heading `level` deep, with a blank line either side.
fn heading(out: Out, level: usize, text: &str) -> std::fmt::Result {
    if !out.ends_with("\n\n") {
        out.push('\n');
    }
    writeln!(out, "{} {text}\n", "#".repeat(level))
}

fn headline_block(out: Out, lines: &[String]) -> std::fmt::Result {
    for l in lines {
        writeln!(out, "> {}", escape(l))?;
        writeln!(out, ">")?;
    }
    writeln!(out, "> *{}*", escape(CAVEAT))
}

fn legend(out: Out, fw: &Framework) -> std::fmt::Result {
    let mut bands: Vec<_> = fw.bands.iter().collect();
    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
    for b in bands {
        writeln!(
            out,
            "- **{}** from {:.0}: {}",
            escape(&b.id),
            b.min,
            escape(&b.meaning)
        )?;
    }
    writeln!(out, "- **insufficient**: too few answers to judge (n/a)\n")
}

fn component_table(out: Out, components: &[ComponentScore]) -> std::fmt::Result {
    writeln!(out, "| Component | Score | Band | Answered |")?;
    writeln!(out, "|---|---:|---|---:|")?;
    for c in components {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} |",
            escape(&c.name),
            score(c.score),
            words_of(&c.band),
            c.answered,
            c.asked
        )?;
    }
    Ok(())
}

/// How members answered one question, as a line of counts.
fn distribution(out: Out, q: &QuestionCounts) -> std::fmt::Result {
    let mut counts: Vec<String> = q
        .answers
        .iter()
        .map(|c| format!("{} **{}**", escape(&c.label), c.count))
        .collect();
    if q.dont_know > 0 {
        counts.push(format!("Don't know **{}**", q.dont_know));
    }
    writeln!(out, "- {} ({})", escape(&q.text), counts.join(" · "))
}

fn distributions(out: Out, counts: &[QuestionCounts], area: &Area) -> std::fmt::Result {
    let here: Vec<_> = counts.iter().filter(|c| &c.area == area).collect();
    if here.is_empty() {
        return Ok(());
    }
    writeln!(out, "\nHow members answered each question:\n")?;
    for q in here {
        distribution(out, q)?;
    }
    Ok(())
}

fn component_details(
    out: Out,
    level: usize,
    fw: &Framework,
    components: &[ComponentScore],
    counts: &[QuestionCounts],
) -> std::fmt::Result {
    for c in components {
        heading(
            out,
            level,
            &format!(
                "{} ({}, {})",
                escape(&c.name),
                score(c.score),
                words_of(&c.band)
            ),
        )?;
        if let Some(def) = fw.component(&c.id) {
            writeln!(out, "{}\n", escape(&def.summary))?;
        }
        if let Some(band) = fw.band(&c.band) {
            writeln!(out, "*{}:* {}\n", escape(&band.name), escape(&band.meaning))?;
        }
        writeln!(out, "| Indicator | Score | Answered |")?;
        writeln!(out, "|---|---:|---:|")?;
        for i in &c.indicators {
            writeln!(
                out,
                "| {} | {} | {}/{} |",
                escape(&i.text),
                score(i.score),
                i.answered,
                i.asked
            )?;
        }
        distributions(out, counts, &Area::Component(c.id.clone()))?;
    }
    Ok(())
}

fn weakest(out: Out, level: usize, components: &[ComponentScore]) -> std::fmt::Result {
    let weak: Vec<_> = components
        .iter()
        .flat_map(|c| c.weak_indicators.iter().map(move |i| (c, i)))
        .collect();
    if weak.is_empty() {
        return Ok(());
    }
    heading(out, level, "Weakest indicators")?;
    for (c, i) in weak {
        writeln!(
            out,
            "- **{}**: {} ({:.0}, {})",
            escape(&c.name),
            escape(&i.text),
            whole(i.score),
            words_of(&i.band)
        )?;
    }
    Ok(())
}

fn readiness(out: Out, level: usize, r: &Readiness, counts: &[QuestionCounts]) -> std::fmt::Result {
    heading(
        out,
        level,
        &format!("Readiness: {}", escape(&r.verdict_name)),
    )?;
    writeln!(out, "{}\n", escape(&r.advice))?;
    for b in &r.blocking {
        writeln!(
            out,
            "- **Blocking: {}**: {}",
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
                p.group.as_str(),
                score(p.score),
                words_of(&p.band)
            )?;
        }
    }
    distributions(out, counts, &Area::Part(BankId::Readiness))
}

fn stage(out: Out, level: usize, s: &StageSuggestion) -> std::fmt::Result {
    let provisional = if s.provisional { " (provisional)" } else { "" };
    heading(
        out,
        level,
        &format!("Stage of development: {}{provisional}", escape(&s.name)),
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

fn recommendations(out: Out, level: usize, recs: &[Recommendation]) -> std::fmt::Result {
    if recs.is_empty() {
        return Ok(());
    }
    heading(out, level, "Suggested resources")?;
    for r in recs {
        let title = match &r.url {
            Some(url) => link(&r.title, url),
            None => escape(&r.title),
        };
        writeln!(
            out,
            "- **{title}** ({}, {}). {} *Why:* {}",
            escape(&r.publisher),
            escape(&r.kind),
            escape(&r.when),
            escape(&r.reason)
        )?;
    }
    Ok(())
}

fn action_plan(out: Out, level: usize, plan: &[ComponentActions]) -> std::fmt::Result {
    if plan.is_empty() {
        return Ok(());
    }
    heading(out, level, "Action plan")?;
    for a in plan {
        heading(
            out,
            level + 1,
            &format!("{} ({})", escape(&a.name), words_of(&a.band)),
        )?;
        for q in &a.quick_wins {
            writeln!(out, "- Quick win (this year): {}", escape(q))?;
        }
        for l in &a.longer_term {
            writeln!(out, "- Longer term: {}", escape(l))?;
        }
    }
    Ok(())
}

fn said_list(out: Out, items: &[Said]) -> std::fmt::Result {
    for s in items {
        let who = s
            .who
            .as_deref()
            .map(|w| format!(" ({})", escape(w)))
            .unwrap_or_default();
        writeln!(
            out,
            "- **{}**{who}: {}",
            escape(&s.question),
            escape(&s.text)
        )?;
    }
    Ok(())
}

fn own_words(out: Out, level: usize, words: &Words) -> std::fmt::Result {
    if words.is_empty() {
        return Ok(());
    }
    heading(out, level, "In members' own words")?;
    if !words.free_text.is_empty() {
        heading(out, level + 1, "Answers in their own words")?;
        said_list(out, &words.free_text)?;
    }
    if !words.follow_ups.is_empty() {
        heading(out, level + 1, "What would need to change: for discussion")?;
        writeln!(out, "Notes on questions rated in the lowest two points, where members were asked what would need to change.\n")?;
        said_list(out, &words.follow_ups)?;
    }
    if !words.notes.is_empty() {
        heading(out, level + 1, "Notes")?;
        said_list(out, &words.notes)?;
    }
    Ok(())
}

fn key_steps_next(out: Out, next: Option<&Named>) -> std::fmt::Result {
    if let Some(next) = next {
        writeln!(out, "\nNext step to work on: **{}**", escape(&next.name))?;
    }
    Ok(())
}

fn footer(out: Out, fingerprint: &str, version: &str) -> std::fmt::Result {
    writeln!(
        out,
        "\n---\n\nMade with partnerscope {}; content `{fingerprint}`.",
        escape(version)
    )
}

fn result(out: Out, r: &AssessmentResult, content: &Content) -> std::fmt::Result {
    let fw = &content.framework;
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
    let parts: Vec<&str> = r.parts.iter().map(|p| p.as_str()).collect();
    writeln!(out, "- **Parts:** {}\n", parts.join(", "))?;
    let counts = group_counts(r, content);
    let reading = Reading {
        components: &r.components,
        readiness: &r.readiness,
        stage: &r.stage,
        next_step: r.next_step.as_ref(),
        plan: &r.action_plan,
    };
    headline_block(out, &headline(evidence::respondents(r, content), &reading))?;
    heading(out, 2, "Collective impact components")?;
    legend(out, fw)?;
    component_table(out, &r.components)?;
    weakest(out, 3, &r.components)?;
    component_details(out, 3, fw, &r.components, &counts)?;
    if r.members.len() > 1 {
        heading(out, 2, "Where members disagree")?;
        let real = real_disagreements(&counts, fw);
        if real.is_empty() {
            writeln!(out, "No question split the room: on every question members leaned the same way, or some were neutral.")?;
        } else {
            writeln!(out, "Questions where some members agreed and others disagreed, widest first: prompts for discussion.\n")?;
            for q in real {
                distribution(out, q)?;
            }
        }
    }
    readiness(out, 2, &r.readiness, &counts)?;
    heading(out, 2, "Key steps")?;
    writeln!(out, "| Key step | Status | Score | Answered |")?;
    writeln!(out, "|---|---|---:|---:|")?;
    for s in &r.key_steps {
        writeln!(
            out,
            "| {} | {} | {} | {}/{} |",
            escape(&s.name),
            s.status.label(),
            score(s.score),
            s.answered,
            s.asked
        )?;
    }
    key_steps_next(out, r.next_step.as_ref())?;
    distributions(out, &counts, &Area::Part(BankId::KeySteps))?;
    stage(out, 2, &r.stage)?;
    own_words(out, 2, &evidence::words(r, content))?;
    recommendations(out, 2, &r.recommendations)?;
    action_plan(out, 2, &r.action_plan)?;
    footer(out, &r.content_fingerprint, &r.tool.version)
}

fn stats_rows(out: Out, title: &str, last: &str, rows: &[Stat]) -> std::fmt::Result {
    writeln!(
        out,
        "| {title} | Mean | Median | Min | Max | SD | n | {last} |"
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
            s.stats.sd.map_or("n/a".to_string(), |v| format!("{v:.1}")),
            s.stats.n,
            words_of(&s.band)
        )?;
    }
    Ok(())
}

/// Writes out all but the last two bytes of `text`: headings look at them to
/// decide on a blank line, so the output is the same however it is cut.
fn write_out(out: &mut dyn io::Write, text: &mut String) -> io::Result<()> {
    let mut keep = text.len().saturating_sub(2);
    while !text.is_char_boundary(keep) {
        keep -= 1;
    }
    out.write_all(&text.as_bytes()[..keep])?;
    text.drain(..keep);
    Ok(())
}

/// An aggregate, each profile written as soon as it is made.
fn aggregate(
    out: &mut dyn io::Write,
    profiles: &dyn Profiles,
    content: &Content,
) -> anyhow::Result<()> {
    let mut text = String::new();
    writeln!(text, "# Partnership profile")?;
    if profiles.count() > 1 {
        heading(&mut text, 2, "Overview")?;
        let mut first = true;
        profiles.each(&mut |p| {
            if std::mem::take(&mut first) {
                let names: Vec<String> = p.components.iter().map(|c| escape(&c.name)).collect();
                writeln!(
                    text,
                    "| Partnership | Results | {} | Stage |",
                    names.join(" | ")
                )?;
                writeln!(text, "|---|---:|{}---|", "---:|".repeat(names.len()))?;
            }
            let cells: Vec<String> = p.components.iter().map(|c| score(c.stats.mean)).collect();
            writeln!(
                text,
                "| {} | {} | {} | {} |",
                escape(p.partnership.as_deref().unwrap_or("")),
                p.results,
                cells.join(" | "),
                escape(&p.stage.name)
            )?;
            write_out(out, &mut text)?;
            Ok(())
        })?;
    }
    let mut made_with = None;
    profiles.each(&mut |p| {
        profile(&mut text, p, content)?;
        write_out(out, &mut text)?;
        made_with.get_or_insert_with(|| (p.content_fingerprint.clone(), p.tool.version.clone()));
        Ok(())
    })?;
    let invalid = profiles.invalid();
    if !invalid.is_empty() {
        heading(&mut text, 2, "Skipped results")?;
        for i in invalid {
            writeln!(text, "- {}", escape(&i.to_string()))?;
        }
    }
    if let Some((fingerprint, version)) = made_with {
        footer(&mut text, &fingerprint, &version)?;
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

fn profile(out: Out, a: &Aggregate, content: &Content) -> std::fmt::Result {
    let fw = &content.framework;
    let who = a.partnership.as_deref().unwrap_or("All partnerships");
    heading(out, 2, &escape(who))?;
    let counts = aggregate_counts(a, content);
    let reading = Reading {
        components: &a.scores,
        readiness: &a.readiness,
        stage: &a.stage,
        next_step: a.next_step.as_ref(),
        plan: &a.action_plan,
    };
    headline_block(out, &headline(evidence::aggregate_respondents(a), &reading))?;
    if !a.member_names.is_empty() {
        let names: Vec<String> = a.member_names.iter().map(|n| escape(n)).collect();
        writeln!(out, "\nMembers: {}", names.join(", "))?;
    }
    heading(out, 3, "Collective impact components")?;
    legend(out, fw)?;
    stats_rows(out, "Component", "Band", &a.components)?;
    component_details(out, 4, fw, &a.scores, &counts)?;
    if !a.disagreements.is_empty() {
        heading(out, 3, "Where members disagree most")?;
        writeln!(
            out,
            "Prompts for discussion, most spread first (scores 0–100).\n"
        )?;
        for q in a.disagreements.iter().take(evidence::DISAGREEMENTS_SHOWN) {
            writeln!(
                out,
                "- {} (from {} to {}, SD {})",
                escape(&q.text),
                score(q.stats.min),
                score(q.stats.max),
                q.stats.sd.map_or("n/a".to_string(), |v| format!("{v:.1}"))
            )?;
        }
    }
    readiness(out, 3, &a.readiness, &counts)?;
    heading(out, 3, "Key steps")?;
    stats_rows(out, "Key step", "Status of the mean", &a.key_steps)?;
    key_steps_next(out, a.next_step.as_ref())?;
    distributions(out, &counts, &Area::Part(BankId::KeySteps))?;
    stage(out, 3, &a.stage)?;
    recommendations(out, 3, &a.recommendations)?;
    action_plan(out, 3, &a.action_plan)?;
    own_words(out, 3, &evidence::aggregate_words(a))?;
    if let Some(line) = evidence::words_left_out(a) {
        writeln!(out, "\n{}", escape(&line))?;
    }
    Ok(())
}

fn side(s: &Side) -> String {
    let date = match (&s.first_date, &s.date) {
        (Some(f), Some(l)) => format!("{f} to {l}"),
        (None, Some(d)) => d.clone(),
        _ => "undated".to_string(),
    };
    format!("{} ({date})", escape(&s.label))
}

fn change_table(out: Out, title: &str, list: &[Change]) -> std::fmt::Result {
    writeln!(out, "| {title} | Before | After | Change | Band |")?;
    writeln!(out, "|---|---:|---:|---:|---|")?;
    for ch in list {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} → {} |",
            escape(&ch.name),
            score(ch.before),
            score(ch.after),
            shown_change(ch).unwrap_or_else(|| "n/a".to_string()),
            words_of(&ch.band_before),
            words_of(&ch.band_after)
        )?;
    }
    Ok(())
}

fn compare(out: Out, c: &Comparison) -> std::fmt::Result {
    writeln!(
        out,
        "# Progress: {} → {}\n",
        escape(&c.before.label),
        escape(&c.after.label)
    )?;
    writeln!(out, "- **Before:** {}", side(&c.before))?;
    writeln!(out, "- **After:** {}\n", side(&c.after))?;
    for w in &c.warnings {
        writeln!(out, "**Warning:** {}\n", escape(w))?;
    }
    headline_block(out, std::slice::from_ref(&c.summary))?;
    heading(out, 2, "Collective impact components")?;
    change_table(out, "Component", &c.components)?;
    heading(out, 2, "Readiness preconditions")?;
    change_table(out, "Precondition", &c.preconditions)?;
    heading(out, 2, "Key steps")?;
    writeln!(out, "| Key step | Status before | Status after | Moved |")?;
    writeln!(out, "|---|---|---|---|")?;
    for s in &c.key_steps {
        writeln!(
            out,
            "| {} | {} | {} | {} |",
            escape(&s.name),
            words_of(&s.before),
            words_of(&s.after),
            if s.advanced { "advanced" } else { "" }
        )?;
    }
    heading(
        out,
        2,
        &format!(
            "Stage of development: {} → {}",
            escape(&c.stage.before),
            escape(&c.stage.after)
        ),
    )?;
    let all = area_names(c);
    heading(out, 2, "Gaps")?;
    for (title, list) in [("Closed", &c.gaps_closed), ("Opened", &c.gaps_opened)] {
        let named: Vec<String> = list.iter().map(|t| escape(&tag_name(t, &all))).collect();
        writeln!(
            out,
            "- **{title}:** {}",
            if named.is_empty() {
                "none".to_string()
            } else {
                named.join(", ")
            }
        )?;
    }
    if !c.recommendations_related_to_gains.is_empty() {
        heading(out, 2, "Earlier suggestions related to what improved")?;
        for r in &c.recommendations_related_to_gains {
            let improved: Vec<String> = r
                .improved
                .iter()
                .map(|t| escape(&tag_name(t, &all)))
                .collect();
            writeln!(out, "- {} ({})", escape(&r.title), improved.join(", "))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn text_that_would_start_a_list_rule_or_strike_is_escaped() {
        assert_eq!(escape("- Head of arts"), "\\- Head of arts");
        assert_eq!(escape("1. item"), "1\\. item");
        assert_eq!(escape("2026) A year"), "2026\\) A year");
        assert_eq!(escape("==="), "\\===");
        assert_eq!(escape("~~strike~~"), "\\~\\~strike\\~\\~");
        assert_eq!(escape("R&amp;D"), "R\\&amp;D");
        // Only where Markdown would read them as markup.
        assert_eq!(escape("0.1.0"), "0.1.0");
        assert_eq!(escape("-x"), "-x");
    }
}
