//! One self-contained HTML page: no network, scripts, fonts or external
//! styles. An SVG radar chart of the five components, tables, links and a
//! print stylesheet for A4. Every piece of text is escaped.

use std::fmt::Write;

use super::{is_web_address, Exporter, RenderOptions};
use crate::core::content::Framework;
use crate::core::model::aggregate::Aggregate;
use crate::core::model::comparison::Comparison;
use crate::core::model::document::Document;
use crate::core::model::result::{AssessmentResult, ComponentScore, Recommendation};
use crate::core::text::is_hostile_char;

mod radar;

use radar::{radar, Series};

pub(crate) struct HtmlExporter;

impl Exporter for HtmlExporter {
    fn render(&self, doc: &Document, options: RenderOptions) -> anyhow::Result<String> {
        let fw = &options.content.framework;
        let (title, body) = match doc {
            Document::Result(r) => (
                format!("Self-assessment: {}", r.partnership),
                result(r, fw)?,
            ),
            Document::Aggregate(a) => ("Partnership profile".to_string(), aggregate(a, fw)?),
            Document::Compare(c) => (
                format!("Progress: {} → {}", c.before.label, c.after.label),
                compare(c, fw)?,
            ),
        };
        Ok(page(&title, &body))
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

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n{body}</body>\n</html>\n",
        escape(title),
        escape(title)
    )
}

fn band_span(band: &str) -> String {
    format!("<span class=\"band {0}\">{0}</span>", escape(band))
}

/// The bands in words beside their colours, from the framework, so the
/// chart never relies on colour alone.
fn legend(fw: &Framework) -> String {
    let mut bands: Vec<_> = fw.bands.iter().collect();
    bands.sort_by(|a, b| b.min.total_cmp(&a.min));
    let mut out = String::from("<p class=\"legend\">");
    for b in bands {
        let _ = write!(
            out,
            "<span>{} from {:.0}: {}</span>",
            band_span(&b.id),
            b.min,
            escape(&b.meaning)
        );
    }
    let _ = writeln!(
        out,
        "<span>{} too few answers to judge</span></p>",
        band_span(crate::core::scoring::INSUFFICIENT)
    );
    out
}

fn score(x: Option<f64>) -> String {
    x.map_or("–".to_string(), |v| format!("{v:.0}"))
}

fn component_table(out: &mut String, components: &[ComponentScore]) -> std::fmt::Result {
    writeln!(out, "<table><thead><tr><th>Component</th><th>Score</th><th>Band</th><th>Answered</th></tr></thead><tbody>")?;
    for c in components {
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td>{}</td><td class=\"num\">{}/{}</td></tr>",
            escape(&c.name),
            score(c.score),
            band_span(&c.band),
            c.answered,
            c.asked
        )?;
    }
    writeln!(out, "</tbody></table>")
}

fn recommendations(out: &mut String, recs: &[Recommendation]) -> std::fmt::Result {
    if recs.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h2>Suggested resources</h2><ul>")?;
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

fn names_of(components: &[ComponentScore]) -> Vec<(String, String)> {
    components
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect()
}

fn result(r: &AssessmentResult, fw: &Framework) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    let mut meta = Vec::new();
    if let Some(m) = &r.member {
        meta.push(format!("Member: {}", escape(m)));
    }
    if let Some(d) = &r.date {
        meta.push(format!("Date: {}", escape(d)));
    }
    writeln!(out, "<p class=\"meta\">{}</p>", meta.join(" · "))?;
    let series = [Series {
        scores: r.components.iter().map(|c| c.score).collect(),
        class: "result",
        label: "Each point is a component's score.",
    }];
    out.push_str(&radar(&names_of(&r.components), &series, None));
    writeln!(out, "<h2>Collective impact components</h2>")?;
    out.push_str(&legend(fw));
    component_table(&mut out, &r.components)?;
    writeln!(
        out,
        "<h2>Readiness: {}</h2><p>{}</p><ul>",
        escape(&r.readiness.verdict_name),
        escape(&r.readiness.advice)
    )?;
    for b in &r.readiness.blocking {
        writeln!(
            out,
            "<li>Blocking: {}: {}</li>",
            escape(&b.name),
            escape(&b.reason)
        )?;
    }
    for b in &r.readiness.to_build {
        writeln!(
            out,
            "<li>To build next: {}: {}</li>",
            escape(&b.name),
            escape(&b.reason)
        )?;
    }
    writeln!(out, "</ul><h2>Key steps</h2><table><thead><tr><th>Key step</th><th>Status</th></tr></thead><tbody>")?;
    for s in &r.key_steps {
        writeln!(
            out,
            "<tr><td>{}</td><td>{}</td></tr>",
            escape(&s.name),
            escape(&s.status.label())
        )?;
    }
    writeln!(
        out,
        "</tbody></table><h2>Stage of development: {}{}</h2><ul>",
        escape(&r.stage.name),
        if r.stage.provisional {
            " (provisional)"
        } else {
            ""
        }
    )?;
    for e in &r.stage.evidence {
        writeln!(out, "<li>{}</li>", escape(e))?;
    }
    for w in &r.stage.warnings {
        writeln!(out, "<li>Check: {}</li>", escape(w))?;
    }
    writeln!(out, "</ul>")?;
    if !r.disagreements.is_empty() {
        writeln!(out, "<h2>Where members disagree</h2><ul>")?;
        for d in &r.disagreements {
            writeln!(
                out,
                "<li>{} (lowest {}, highest {})</li>",
                escape(&d.text),
                escape(&d.lowest),
                escape(&d.highest)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    recommendations(&mut out, &r.recommendations)?;
    action_plan(&mut out, &r.action_plan)?;
    if !r.notes.is_empty() {
        writeln!(out, "<h2>Notes</h2><ul>")?;
        for (q, note) in &r.notes {
            writeln!(out, "<li><code>{}</code>: {}</li>", escape(q), escape(note))?;
        }
        writeln!(out, "</ul>")?;
    }
    Ok(out)
}

fn action_plan(
    out: &mut String,
    plan: &[crate::core::model::result::ComponentActions],
) -> std::fmt::Result {
    if plan.is_empty() {
        return Ok(());
    }
    writeln!(out, "<h2>Action plan</h2>")?;
    for a in plan {
        writeln!(
            out,
            "<h3>{} {}</h3><ul>",
            escape(&a.name),
            band_span(&a.band)
        )?;
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

fn aggregate(
    report: &crate::core::model::aggregate::AggregateReport,
    fw: &Framework,
) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    for a in &report.profiles {
        profile(&mut out, a, fw)?;
    }
    Ok(out)
}

fn profile(out: &mut String, a: &Aggregate, fw: &Framework) -> std::fmt::Result {
    let who = a.partnership.as_deref().unwrap_or("All partnerships");
    writeln!(
        out,
        "<h2>{}</h2><p class=\"meta\">{} results from {} members</p>",
        escape(who),
        a.results,
        a.members
    )?;
    let low: Vec<Option<f64>> = a.components.iter().map(|c| c.stats.min).collect();
    let high: Vec<Option<f64>> = a.components.iter().map(|c| c.stats.max).collect();
    let series = [Series {
        scores: a.scores.iter().map(|c| c.score).collect(),
        class: "result",
        label: "Line: mean scores; shaded: lowest to highest member.",
    }];
    out.push_str(&radar(&names_of(&a.scores), &series, Some((&low, &high))));
    out.push_str(&legend(fw));
    writeln!(out, "<table><thead><tr><th>Component</th><th>Mean</th><th>Median</th><th>Min</th><th>Max</th><th>SD</th><th>n</th><th>Band</th></tr></thead><tbody>")?;
    for c in &a.components {
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            escape(&c.name),
            score(c.stats.mean),
            score(c.stats.median),
            score(c.stats.min),
            score(c.stats.max),
            c.stats.sd.map_or("–".to_string(), |v| format!("{v:.1}")),
            c.stats.n,
            band_span(&c.band)
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    if !a.disagreements.is_empty() {
        writeln!(out, "<h3>Where members disagree most</h3><ul>")?;
        for q in a.disagreements.iter().take(10) {
            writeln!(
                out,
                "<li>{} (from {} to {})</li>",
                escape(&q.text),
                score(q.stats.min),
                score(q.stats.max)
            )?;
        }
        writeln!(out, "</ul>")?;
    }
    writeln!(
        out,
        "<p>Readiness: <strong>{}</strong>. Stage of development: <strong>{}</strong>.</p>",
        escape(&a.readiness.verdict_name),
        escape(&a.stage.name)
    )?;
    recommendations(out, &a.recommendations)?;
    action_plan(out, &a.action_plan)
}

fn compare(c: &Comparison, fw: &Framework) -> Result<String, std::fmt::Error> {
    let mut out = String::new();
    writeln!(out, "<p>{}</p>", escape(&c.summary))?;
    let names: Vec<(String, String)> = c
        .components
        .iter()
        .map(|x| (x.id.clone(), x.name.clone()))
        .collect();
    let series = [
        Series {
            scores: c.components.iter().map(|x| x.before).collect(),
            class: "before",
            label: "Dashed: before.",
        },
        Series {
            scores: c.components.iter().map(|x| x.after).collect(),
            class: "after",
            label: "Solid: after.",
        },
    ];
    out.push_str(&radar(&names, &series, None));
    out.push_str(&legend(fw));
    writeln!(out, "<table><thead><tr><th>Component</th><th>Before</th><th>After</th><th>Change</th><th>Band</th></tr></thead><tbody>")?;
    for x in c.components.iter().chain(&c.preconditions) {
        writeln!(
            out,
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td>{} → {}</td></tr>",
            escape(&x.name),
            score(x.before),
            score(x.after),
            x.change.map_or("–".to_string(), |d| format!("{d:+.0}")),
            band_span(&x.band_before),
            band_span(&x.band_after)
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }
}
