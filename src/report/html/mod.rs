//! One self-contained HTML page: no network, scripts, fonts or external
//! styles. A headline, an SVG radar chart of the five components, the
//! evidence behind each score, members' own words, tables that scroll in
//! their own box on a phone, and a print stylesheet for A4. Every piece of
//! text is escaped.

use std::fmt::{Result as FmtResult, Write};
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
    AssessmentResult, ComponentActions, ComponentScore, KeyStepStatus, Readiness, Recommendation,
    StageSuggestion,
};
use crate::core::scoring::whole;
use crate::core::text::is_hostile_char;

mod radar;

use radar::{radar, Series};

pub(crate) struct HtmlExporter;

impl Exporter for HtmlExporter {
    fn write_result(
        &self,
        out: &mut dyn io::Write,
        r: &AssessmentResult,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        let title = format!("Partnership self-assessment: {}", r.partnership);
        let body = result(r, options.content)?;
        out.write_all(page(&title, &body).as_bytes())?;
        Ok(())
    }

    fn write_aggregate(
        &self,
        out: &mut dyn io::Write,
        profiles: &dyn Profiles,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        out.write_all(page_start("Partnership profile").as_bytes())?;
        aggregate(out, profiles, options.content)?;
        out.write_all(PAGE_END.as_bytes())?;
        Ok(())
    }

    fn write_compare(
        &self,
        out: &mut dyn io::Write,
        c: &Comparison,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        let title = format!("Progress: {} → {}", c.before.label, c.after.label);
        let body = compare(c, &options.content.framework)?;
        out.write_all(page(&title, &body).as_bytes())?;
        Ok(())
    }
}

/// Escapes text for HTML element content and quoted attributes; control
/// characters are shown as `\u{1b}`.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if is_hostile_char(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            _ => out.push(c),
        }
    }
    out
}

/// A link to a web address; any other address is shown as text beside the title.
fn link(title: &str, url: &str) -> String {
    if is_web_address(url) {
        format!("<a href=\"{}\">{}</a>", escape(url), escape(title))
    } else {
        format!("{} ({})", escape(title), escape(url))
    }
}

/// The page's stylesheet, screen and A4 print, inlined into every page.
const STYLE: &str = include_str!("style.css");

/// Everything before a page's body, so a long body can follow as it is made.
fn page_start(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        escape(title),
        escape(title)
    )
}

const PAGE_END: &str = "</body>\n</html>\n";

fn page(title: &str, body: &str) -> String {
    format!("{}{body}{PAGE_END}", page_start(title))
}

/// Heading levels below a base, so an aggregate's partnerships nest their sections.
#[derive(Clone, Copy)]
struct Level(u8);

impl Level {
    fn below(self) -> Level {
        Level(self.0 + 1)
    }
}

fn heading(out: &mut String, level: Level, html: &str) -> FmtResult {
    writeln!(out, "<h{0}>{html}</h{0}>", level.0)
}

fn band_span(band: &str) -> String {
    format!(
        "<span class=\"band {0}\">{1}</span>",
        escape(band),
        escape(&band.replace('-', " "))
    )
}

/// The bands in words beside their colours, with what each means, so the
/// chart never relies on colour alone.
fn legend(fw: &Framework) -> String {
    let mut bands: Vec<_> = fw.bands.iter().collect();
    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
    let mut out = String::from("<ul class=\"legend\">");
    for b in bands {
        let _ = write!(
            out,
            "<li>{} from {:.0}: {}</li>",
            band_span(&b.id),
            b.min,
            escape(&b.meaning)
        );
    }
    let _ = writeln!(
        out,
        "<li>{} too few answers to judge: shown as n/a, never as zero</li></ul>",
        band_span(crate::core::scoring::INSUFFICIENT)
    );
    out
}

fn score(x: Option<f64>) -> String {
    x.map_or("n/a".to_string(), |v| format!("{:.0}", whole(v)))
}

/// A table in its own scroll box, so a phone scrolls the table, not the page.
fn table(out: &mut String, caption: &str, head: &[&str], rows: &[Vec<String>]) -> FmtResult {
    write!(
        out,
        "<div class=\"table-wrap\"><table><caption>{}</caption><thead><tr>",
        escape(caption)
    )?;
    for (k, h) in head.iter().enumerate() {
        let class = if k > 0 && is_numeric_heading(h) {
            " class=\"num\""
        } else {
            ""
        };
        write!(out, "<th scope=\"col\"{class}>{}</th>", escape(h))?;
    }
    write!(out, "</tr></thead><tbody>")?;
    for row in rows {
        write!(out, "<tr>")?;
        for (k, cell) in row.iter().enumerate() {
            if k == 0 {
                write!(out, "<th scope=\"row\">{cell}</th>")?;
            } else if is_numeric_heading(head[k]) {
                write!(out, "<td class=\"num\">{cell}</td>")?;
            } else {
                write!(out, "<td>{cell}</td>")?;
            }
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table></div>")
}

fn is_numeric_heading(h: &str) -> bool {
    matches!(
        h,
        "Score"
            | "Mean"
            | "Median"
            | "Min"
            | "Max"
            | "SD"
            | "n"
            | "Answered"
            | "Results"
            | "Before"
            | "After"
            | "Change"
    )
}

fn headline_box(out: &mut String, lines: &[String]) -> FmtResult {
    write!(out, "<div class=\"headline\">")?;
    for l in lines {
        write!(out, "<p>{}</p>", escape(l))?;
    }
    writeln!(out, "</div><p class=\"caveat\">{}</p>", escape(CAVEAT))
}

/// How members answered one question: a stacked bar, and the counts as text.
fn distribution(out: &mut String, q: &QuestionCounts) -> FmtResult {
    let total = q.total().max(1) as f64;
    write!(
        out,
        "<li class=\"dist\"><span class=\"q\">{}</span><span class=\"bar\" aria-hidden=\"true\">",
        escape(&q.text)
    )?;
    let parts = q
        .answers
        .iter()
        .map(|c| (c.count, tone(c.strength)))
        .chain(std::iter::once((q.dont_know, "dk")));
    for (count, class) in parts.filter(|(c, _)| *c > 0) {
        write!(
            out,
            "<span class=\"seg {class}\" style=\"width:{:.1}%\"></span>",
            100.0 * count as f64 / total
        )?;
    }
    let mut counts: Vec<String> = q
        .answers
        .iter()
        .map(|c| format!("{} <b>{}</b>", escape(&c.label), c.count))
        .collect();
    if q.dont_know > 0 {
        counts.push(format!("Don&#39;t know <b>{}</b>", q.dont_know));
    }
    writeln!(
        out,
        "</span><span class=\"counts\">{}</span></li>",
        counts.join(" · ")
    )
}

/// A colour class for an answer by how strong it is: the two ends dark,
/// the points between them light, the middle neutral, alike on both sides.
fn tone(strength: Option<f64>) -> &'static str {
    let Some(s) = strength else { return "dk" };
    let from_middle = s - 0.5;
    if from_middle < -0.375 {
        "t0"
    } else if from_middle < 0.0 {
        "t1"
    } else if from_middle == 0.0 {
        "t2"
    } else if from_middle <= 0.375 {
        "t3"
    } else {
        "t4"
    }
}

fn distributions(out: &mut String, counts: &[QuestionCounts], area: &Area) -> FmtResult {
    let here: Vec<_> = counts.iter().filter(|c| &c.area == area).collect();
    if here.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "<p class=\"meta\">How members answered each question: each answer coloured from red (weakest for the partnership) to green (strongest), so a reverse-worded question runs green to red; don&#39;t know striped grey.</p><ul class=\"dists\">"
    )?;
    for q in here {
        distribution(out, q)?;
    }
    writeln!(out, "</ul>")
}

/// Each component: what it is, what its band means, its indicators with
/// their scores and how many answered, and the answers behind them.
fn component_details(
    out: &mut String,
    level: Level,
    fw: &Framework,
    components: &[ComponentScore],
    counts: &[QuestionCounts],
) -> FmtResult {
    for c in components {
        heading(
            out,
            level,
            &format!(
                "{} <span class=\"score\">{}</span> {}",
                escape(&c.name),
                score(c.score),
                band_span(&c.band)
            ),
        )?;
        if let Some(def) = fw.component(&c.id) {
            writeln!(out, "<p>{}</p>", escape(&def.summary))?;
        }
        if let Some(band) = fw.band(&c.band) {
            writeln!(
                out,
                "<p class=\"meaning\">{}: {}</p>",
                band_span(&c.band),
                escape(&band.meaning)
            )?;
        }
        let rows: Vec<Vec<String>> = c
            .indicators
            .iter()
            .map(|i| {
                vec![
                    escape(&i.text),
                    score(i.score),
                    format!("{}/{}", i.answered, i.asked),
                ]
            })
            .collect();
        table(
            out,
            &format!("Indicators of {}", c.name),
            &["Indicator", "Score", "Answered"],
            &rows,
        )?;
        distributions(out, counts, &Area::Component(c.id.clone()))?;
    }
    Ok(())
}

fn component_table(out: &mut String, components: &[ComponentScore]) -> FmtResult {
    let rows: Vec<Vec<String>> = components
        .iter()
        .map(|c| {
            vec![
                escape(&c.name),
                score(c.score),
                band_span(&c.band),
                format!("{}/{}", c.answered, c.asked),
            ]
        })
        .collect();
    table(
        out,
        "Component scores",
        &["Component", "Score", "Band", "Answered"],
        &rows,
    )
}

fn weakest(out: &mut String, level: Level, components: &[ComponentScore]) -> FmtResult {
    let weak: Vec<_> = components
        .iter()
        .flat_map(|c| c.weak_indicators.iter().map(move |i| (c, i)))
        .collect();
    if weak.is_empty() {
        return Ok(());
    }
    heading(out, level, "Weakest indicators")?;
    writeln!(out, "<ul>")?;
    for (c, i) in weak {
        writeln!(
            out,
            "<li><strong>{}</strong>: {} ({:.0}, {})</li>",
            escape(&c.name),
            escape(&i.text),
            whole(i.score),
            band_span(&i.band)
        )?;
    }
    writeln!(out, "</ul>")
}

fn readiness(
    out: &mut String,
    level: Level,
    r: &Readiness,
    counts: &[QuestionCounts],
) -> FmtResult {
    heading(
        out,
        level,
        &format!("Readiness: {}", escape(&r.verdict_name)),
    )?;
    writeln!(out, "<p>{}</p>", escape(&r.advice))?;
    if !r.blocking.is_empty() || !r.to_build.is_empty() {
        writeln!(out, "<ul>")?;
        for b in &r.blocking {
            writeln!(
                out,
                "<li><strong>Blocking: {}</strong>: {}</li>",
                escape(&b.name),
                escape(&b.reason)
            )?;
        }
        for b in &r.to_build {
            writeln!(
                out,
                "<li>To build next: {}: {}</li>",
                escape(&b.name),
                escape(&b.reason)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    if r.verdict.is_some() {
        let rows: Vec<Vec<String>> = r
            .preconditions
            .iter()
            .map(|p| {
                vec![
                    escape(&p.name),
                    escape(p.group.as_str()),
                    score(p.score),
                    band_span(&p.band),
                ]
            })
            .collect();
        table(
            out,
            "Readiness preconditions",
            &["Precondition", "Group", "Score", "Band"],
            &rows,
        )?;
    }
    distributions(out, counts, &Area::Part(BankId::Readiness))
}

fn stage(out: &mut String, level: Level, s: &StageSuggestion) -> FmtResult {
    let provisional = if s.provisional { " (provisional)" } else { "" };
    heading(
        out,
        level,
        &format!("Stage of development: {}{provisional}", escape(&s.name)),
    )?;
    writeln!(out, "<ul>")?;
    for e in &s.evidence {
        writeln!(out, "<li>{}</li>", escape(e))?;
    }
    for w in &s.warnings {
        writeln!(out, "<li class=\"check\">Check: {}</li>", escape(w))?;
    }
    if let Some(next) = &s.to_reach_next {
        writeln!(out, "<li>To reach {}</li>", escape(next))?;
    }
    writeln!(out, "</ul>")
}

fn recommendations(out: &mut String, level: Level, recs: &[Recommendation]) -> FmtResult {
    if recs.is_empty() {
        return Ok(());
    }
    heading(out, level, "Suggested resources")?;
    writeln!(out, "<ul>")?;
    for r in recs {
        let title = match &r.url {
            Some(url) => link(&r.title, url),
            None => escape(&r.title),
        };
        writeln!(
            out,
            "<li><strong>{title}</strong> ({}, {}). {} <em>Why:</em> {}</li>",
            escape(&r.publisher),
            escape(&r.kind),
            escape(&r.when),
            escape(&r.reason)
        )?;
    }
    writeln!(out, "</ul>")
}

fn action_plan(out: &mut String, level: Level, plan: &[ComponentActions]) -> FmtResult {
    if plan.is_empty() {
        return Ok(());
    }
    heading(out, level, "Action plan")?;
    for a in plan {
        heading(
            out,
            level.below(),
            &format!("{} {}", escape(&a.name), band_span(&a.band)),
        )?;
        writeln!(out, "<ul>")?;
        for q in &a.quick_wins {
            writeln!(out, "<li>Quick win (this year): {}</li>", escape(q))?;
        }
        for l in &a.longer_term {
            writeln!(out, "<li>Longer term: {}</li>", escape(l))?;
        }
        writeln!(out, "</ul>")?;
    }
    Ok(())
}

fn said_list(out: &mut String, items: &[Said]) -> FmtResult {
    writeln!(out, "<ul class=\"words\">")?;
    for s in items {
        let who = s
            .who
            .as_deref()
            .map(|w| format!(" <span class=\"meta\">({})</span>", escape(w)))
            .unwrap_or_default();
        writeln!(
            out,
            "<li><span class=\"q\">{}</span>{who}<blockquote dir=\"auto\">{}</blockquote></li>",
            escape(&s.question),
            escape(&s.text)
        )?;
    }
    writeln!(out, "</ul>")
}

fn own_words(out: &mut String, level: Level, words: &Words) -> FmtResult {
    if words.is_empty() {
        return Ok(());
    }
    heading(out, level, "In members&#39; own words")?;
    if !words.free_text.is_empty() {
        heading(out, level.below(), "Answers in their own words")?;
        said_list(out, &words.free_text)?;
    }
    if !words.follow_ups.is_empty() {
        heading(
            out,
            level.below(),
            "What would need to change: for discussion",
        )?;
        writeln!(
            out,
            "<p class=\"meta\">Notes on questions rated in the lowest two points, where members were asked what would need to change.</p>"
        )?;
        said_list(out, &words.follow_ups)?;
    }
    if !words.notes.is_empty() {
        heading(out, level.below(), "Notes")?;
        said_list(out, &words.notes)?;
    }
    Ok(())
}

fn key_steps(
    out: &mut String,
    level: Level,
    steps: &[KeyStepStatus],
    next: Option<&crate::core::model::result::Named>,
    counts: &[QuestionCounts],
) -> FmtResult {
    heading(out, level, "Key steps")?;
    let rows: Vec<Vec<String>> = steps
        .iter()
        .map(|s| {
            vec![
                escape(&s.name),
                escape(&s.status.label()),
                score(s.score),
                format!("{}/{}", s.answered, s.asked),
            ]
        })
        .collect();
    table(
        out,
        "Key steps",
        &["Key step", "Status", "Score", "Answered"],
        &rows,
    )?;
    if let Some(n) = next {
        writeln!(
            out,
            "<p>Next step to work on: <strong>{}</strong></p>",
            escape(&n.name)
        )?;
    }
    distributions(out, counts, &Area::Part(BankId::KeySteps))
}

fn footer(out: &mut String, parts: Option<String>, fingerprint: &str, version: &str) -> FmtResult {
    let parts = parts.map(|p| format!("Parts: {p}. ")).unwrap_or_default();
    writeln!(
        out,
        "<footer class=\"meta\">{}Made with partnerscope {}; content {}.</footer>",
        escape(&parts),
        escape(version),
        escape(fingerprint)
    )
}

fn names_of(components: &[ComponentScore]) -> Vec<(String, String)> {
    components
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect()
}

fn result(r: &AssessmentResult, content: &Content) -> Result<String, std::fmt::Error> {
    let fw = &content.framework;
    let mut out = String::new();
    let top = Level(2);
    let counts = group_counts(r, content);
    let reading = Reading {
        components: &r.components,
        readiness: &r.readiness,
        stage: &r.stage,
        next_step: r.next_step.as_ref(),
        plan: &r.action_plan,
    };
    headline_box(
        &mut out,
        &headline(evidence::respondents(r, content), &reading),
    )?;
    let series = [Series {
        scores: r.components.iter().map(|c| c.score).collect(),
        class: "result",
        label: "Each point is a component's score.",
    }];
    out.push_str(&radar(fw, &names_of(&r.components), &series, None));
    heading(&mut out, top, "Collective impact components")?;
    out.push_str(&legend(fw));
    component_table(&mut out, &r.components)?;
    weakest(&mut out, top.below(), &r.components)?;
    component_details(&mut out, top.below(), fw, &r.components, &counts)?;
    if r.members.len() > 1 {
        let real = real_disagreements(&counts, fw);
        heading(&mut out, top, "Where members disagree")?;
        if real.is_empty() {
            writeln!(
                &mut out,
                "<p>No question split the room: on every question members leaned the same way, or some were neutral.</p>"
            )?;
        } else {
            writeln!(
                &mut out,
                "<p>Questions where some members agreed and others disagreed, widest first: prompts for discussion.</p><ul class=\"dists\">"
            )?;
            for q in real {
                distribution(&mut out, q)?;
            }
            writeln!(&mut out, "</ul>")?;
        }
    }
    readiness(&mut out, top, &r.readiness, &counts)?;
    key_steps(&mut out, top, &r.key_steps, r.next_step.as_ref(), &counts)?;
    stage(&mut out, top, &r.stage)?;
    own_words(&mut out, top, &evidence::words(r, content))?;
    recommendations(&mut out, top, &r.recommendations)?;
    action_plan(&mut out, top, &r.action_plan)?;
    let parts: Vec<&str> = r.parts.iter().map(|p| p.as_str()).collect();
    footer(
        &mut out,
        Some(parts.join(", ")),
        &r.content_fingerprint,
        &r.tool.version,
    )?;
    Ok(out)
}

fn stats_table(
    out: &mut String,
    caption: &str,
    title: &str,
    rows: &[Stat],
    bands: bool,
) -> FmtResult {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|s| {
            vec![
                escape(&s.name),
                score(s.stats.mean),
                score(s.stats.median),
                score(s.stats.min),
                score(s.stats.max),
                s.stats.sd.map_or("n/a".to_string(), |v| format!("{v:.1}")),
                s.stats.n.to_string(),
                if bands {
                    band_span(&s.band)
                } else {
                    escape(&s.band.replace('-', " "))
                },
            ]
        })
        .collect();
    let last = if bands { "Band" } else { "Status of the mean" };
    table(
        out,
        caption,
        &[title, "Mean", "Median", "Min", "Max", "SD", "n", last],
        &rows,
    )
}

/// An aggregate's body, each profile written as soon as it is made.
fn aggregate(
    out: &mut dyn io::Write,
    profiles: &dyn Profiles,
    content: &Content,
) -> anyhow::Result<()> {
    if profiles.count() > 1 {
        let mut text = String::new();
        overview(&mut text, profiles)?;
        out.write_all(text.as_bytes())?;
    }
    let mut made_with = None;
    profiles.each(&mut |a| {
        let mut text = String::new();
        profile(&mut text, a, content)?;
        out.write_all(text.as_bytes())?;
        made_with.get_or_insert_with(|| (a.content_fingerprint.clone(), a.tool.version.clone()));
        Ok(())
    })?;
    let mut text = String::new();
    let invalid = profiles.invalid();
    if !invalid.is_empty() {
        heading(&mut text, Level(2), "Skipped results")?;
        writeln!(
            &mut text,
            "<p>{} could not be read and are left out:</p><ul>",
            invalid.len()
        )?;
        for i in invalid {
            writeln!(&mut text, "<li>{}</li>", escape(&i.to_string()))?;
        }
        writeln!(&mut text, "</ul>")?;
    }
    if let Some((fingerprint, version)) = made_with {
        footer(&mut text, None, &fingerprint, &version)?;
    }
    out.write_all(text.as_bytes())?;
    Ok(())
}

/// Each partnership on one row; the profiles are made once more for it, so
/// none has to be kept.
fn overview(out: &mut String, profiles: &dyn Profiles) -> anyhow::Result<()> {
    heading(out, Level(2), "Overview")?;
    let mut head: Vec<String> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    profiles.each(&mut |p| {
        if head.is_empty() {
            head = vec!["Partnership".into(), "Results".into()];
            head.extend(p.components.iter().map(|c| c.name.clone()));
            head.push("Stage".into());
        }
        let mut row = vec![
            escape(p.partnership.as_deref().unwrap_or("All partnerships")),
            p.results.to_string(),
        ];
        row.extend(p.components.iter().map(|c| score(c.stats.mean)));
        row.push(escape(&p.stage.name));
        rows.push(row);
        Ok(())
    })?;
    let head: Vec<&str> = head.iter().map(String::as_str).collect();
    table(
        out,
        "Each partnership at a glance: results read, mean component scores and stage",
        &head,
        &rows,
    )?;
    Ok(())
}

fn profile(out: &mut String, a: &Aggregate, content: &Content) -> FmtResult {
    let fw = &content.framework;
    let who = a.partnership.as_deref().unwrap_or("All partnerships");
    writeln!(out, "<section class=\"profile\">")?;
    heading(out, Level(2), &escape(who))?;
    let top = Level(3);
    let counts = aggregate_counts(a, content);
    let reading = Reading {
        components: &a.scores,
        readiness: &a.readiness,
        stage: &a.stage,
        next_step: a.next_step.as_ref(),
        plan: &a.action_plan,
    };
    headline_box(out, &headline(evidence::aggregate_respondents(a), &reading))?;
    if !a.member_names.is_empty() {
        let names: Vec<String> = a.member_names.iter().map(|n| escape(n)).collect();
        writeln!(out, "<p>Members: {}</p>", names.join(", "))?;
    }
    let low: Vec<Option<f64>> = a.components.iter().map(|c| c.stats.min).collect();
    let high: Vec<Option<f64>> = a.components.iter().map(|c| c.stats.max).collect();
    let series = [Series {
        scores: a.scores.iter().map(|c| c.score).collect(),
        class: "mean",
        label: "Line: mean score; blue band with a dotted edge: lowest to highest member score on each component.",
    }];
    out.push_str(&radar(
        fw,
        &names_of(&a.scores),
        &series,
        Some((&low, &high)),
    ));
    heading(out, top, "Collective impact components")?;
    out.push_str(&legend(fw));
    stats_table(
        out,
        "Component scores across members",
        "Component",
        &a.components,
        true,
    )?;
    component_details(out, top.below(), fw, &a.scores, &counts)?;
    if !a.disagreements.is_empty() {
        heading(out, top, "Where members disagree most")?;
        writeln!(
            out,
            "<p>Prompts for discussion, most spread first (scores 0–100).</p><ul>"
        )?;
        for q in a.disagreements.iter().take(evidence::DISAGREEMENTS_SHOWN) {
            writeln!(
                out,
                "<li>{} (from {} to {}, SD {})</li>",
                escape(&q.text),
                score(q.stats.min),
                score(q.stats.max),
                q.stats.sd.map_or("n/a".to_string(), |v| format!("{v:.1}"))
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    readiness(out, top, &a.readiness, &counts)?;
    heading(out, top, "Key steps")?;
    stats_table(
        out,
        "Key-step scores across members",
        "Key step",
        &a.key_steps,
        false,
    )?;
    if let Some(n) = &a.next_step {
        writeln!(
            out,
            "<p>Next step to work on: <strong>{}</strong></p>",
            escape(&n.name)
        )?;
    }
    distributions(out, &counts, &Area::Part(BankId::KeySteps))?;
    stage(out, top, &a.stage)?;
    recommendations(out, top, &a.recommendations)?;
    action_plan(out, top, &a.action_plan)?;
    own_words(out, top, &evidence::aggregate_words(a))?;
    if let Some(line) = evidence::words_left_out(a) {
        writeln!(out, "<p>{}</p>", escape(&line))?;
    }
    writeln!(out, "</section>")
}

fn side(s: &Side) -> String {
    let date = match (&s.first_date, &s.date) {
        (Some(f), Some(l)) => format!(", {f} to {l}"),
        (None, Some(d)) => format!(", {d}"),
        _ => ", undated".to_string(),
    };
    format!("{}{date}", s.label)
}

fn change_rows(list: &[Change]) -> Vec<Vec<String>> {
    list.iter()
        .map(|x| {
            vec![
                escape(&x.name),
                score(x.before),
                score(x.after),
                shown_change(x).unwrap_or_else(|| "n/a".to_string()),
                format!(
                    "{} → {}",
                    band_span(&x.band_before),
                    band_span(&x.band_after)
                ),
            ]
        })
        .collect()
}

fn compare(c: &Comparison, fw: &Framework) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    let top = Level(2);
    writeln!(
        out,
        "<p class=\"meta\">Before: {} · After: {}</p>",
        escape(&side(&c.before)),
        escape(&side(&c.after))
    )?;
    for w in &c.warnings {
        writeln!(out, "<p class=\"warning\">Warning: {}</p>", escape(w))?;
    }
    headline_box(&mut out, std::slice::from_ref(&c.summary))?;
    let names: Vec<(String, String)> = c
        .components
        .iter()
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect();
    let series = [
        Series {
            scores: c.components.iter().map(|x| x.before).collect(),
            class: "before",
            label: "Dashed grey with hollow points: before.",
        },
        Series {
            scores: c.components.iter().map(|x| x.after).collect(),
            class: "after",
            label: "Solid blue with filled points: after.",
        },
    ];
    out.push_str(&radar(fw, &names, &series, None));
    heading(&mut out, top, "Collective impact components")?;
    out.push_str(&legend(fw));
    let head = ["Component", "Before", "After", "Change", "Band"];
    table(
        &mut out,
        "Component scores before and after",
        &head,
        &change_rows(&c.components),
    )?;
    heading(&mut out, top, "Readiness preconditions")?;
    let head = ["Precondition", "Before", "After", "Change", "Band"];
    table(
        &mut out,
        "Preconditions before and after",
        &head,
        &change_rows(&c.preconditions),
    )?;
    heading(&mut out, top, "Key steps")?;
    let rows: Vec<Vec<String>> = c
        .key_steps
        .iter()
        .map(|s| {
            vec![
                escape(&s.name),
                escape(&s.before.replace('-', " ")),
                escape(&s.after.replace('-', " ")),
                if s.advanced { "advanced" } else { "" }.to_string(),
            ]
        })
        .collect();
    table(
        &mut out,
        "Key steps before and after",
        &["Key step", "Status before", "Status after", "Moved"],
        &rows,
    )?;
    heading(
        &mut out,
        top,
        &format!(
            "Stage of development: {} → {}",
            escape(&c.stage.before),
            escape(&c.stage.after)
        ),
    )?;
    let all = area_names(c);
    heading(&mut out, top, "Gaps")?;
    for (title, list) in [("Closed", &c.gaps_closed), ("Opened", &c.gaps_opened)] {
        let named: Vec<String> = list.iter().map(|t| escape(&tag_name(t, &all))).collect();
        writeln!(
            out,
            "<p><strong>{title}:</strong> {}</p>",
            if named.is_empty() {
                "none".to_string()
            } else {
                named.join(", ")
            }
        )?;
    }
    if !c.recommendations_related_to_gains.is_empty() {
        heading(
            &mut out,
            top,
            "Earlier suggestions related to what improved",
        )?;
        writeln!(out, "<ul>")?;
        for r in &c.recommendations_related_to_gains {
            let improved: Vec<String> = r.improved.iter().map(|t| tag_name(t, &all)).collect();
            writeln!(
                out,
                "<li>{} ({})</li>",
                escape(&r.title),
                escape(&improved.join(", "))
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_point_of_a_scale_has_its_own_shade_alike_on_both_sides() {
        let five: Vec<&str> = [0.0, 0.25, 0.5, 0.75, 1.0].map(|s| tone(Some(s))).to_vec();
        assert_eq!(five, ["t0", "t1", "t2", "t3", "t4"]);
        let four: Vec<&str> = [0.0, 1.0 / 3.0, 2.0 / 3.0, 1.0]
            .map(|s| tone(Some(s)))
            .to_vec();
        assert_eq!(four, ["t0", "t1", "t3", "t4"]);
        assert_eq!(tone(None), "dk");
    }

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
