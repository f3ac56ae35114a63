//! One self-contained HTML page: no network, scripts, fonts or external
//! styles. An SVG radar chart of the five components, tables, links and a
//! print stylesheet for A4. Every piece of text is escaped.

use std::fmt::Write;

use super::{Exporter, RenderOptions};
use crate::core::content::Framework;
use crate::core::model::aggregate::Aggregate;
use crate::core::model::comparison::Comparison;
use crate::core::model::document::Document;
use crate::core::model::result::{AssessmentResult, ComponentScore, Recommendation};

pub(crate) struct HtmlExporter;

/// Radar geometry: centre and the radius of a score of 100.
pub(crate) const CENTRE: f64 = 160.0;
pub(crate) const RADIUS: f64 = 110.0;
/// Room either side of the chart for the axis labels.
const LABEL_MARGIN: f64 = 150.0;

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

/// Escapes text for HTML element content and quoted attributes.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

const STYLE: &str = r#"
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 58rem; padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .3rem .5rem; text-align: left; vertical-align: top; }
td.num { text-align: right; }
.band { font-weight: 600; padding: .05rem .4rem; border-radius: .3rem; white-space: nowrap; }
.band.strength { background: #d7f0dc; } .band.developing { background: #fdf0c4; } .band.concern { background: #f9d5d3; } .band.insufficient { background: #e6e6e6; }
.legend > span { margin-right: 1rem; display: inline-block; }
svg { max-width: 100%; height: auto; }
svg text { font-size: 11px; }
.meta { color: #555; }
@media print {
  @page { size: A4; margin: 15mm; }
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; } table, figure { break-inside: avoid; }
  a { color: inherit; } a[href]::after { content: " (" attr(href) ")"; font-size: 8pt; }
}
"#;

fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>\n{body}</body>\n</html>\n",
        escape(title),
        escape(title)
    )
}

/// A polygon's points for scores on the radar's axes (None counts as 0).
fn points(scores: &[Option<f64>]) -> String {
    let n = scores.len();
    scores
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, y) = position(i, n, s.unwrap_or(0.0));
            format!("{x:.1},{y:.1}")
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where score `score` on axis `i` of `n` sits: the first axis points up,
/// the rest follow clockwise.
pub(crate) fn position(i: usize, n: usize, score: f64) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
    let r = RADIUS * score.clamp(0.0, 100.0) / 100.0;
    (CENTRE + r * angle.cos(), CENTRE + r * angle.sin())
}

/// A series drawn on the radar: its scores, a class for its colour, a label.
struct Series<'a> {
    scores: Vec<Option<f64>>,
    class: &'a str,
    label: &'a str,
}

/// The lowest and highest score on each axis, for an aggregate's range band.
type Range<'a> = (&'a [Option<f64>], &'a [Option<f64>]);

fn radar(names: &[(String, String)], series: &[Series], band: Option<Range>) -> String {
    let n = names.len();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x} 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-label=\"Radar chart of component scores\">",
        x = -LABEL_MARGIN,
        w = CENTRE * 2.0 + 2.0 * LABEL_MARGIN,
        h = CENTRE * 2.0
    );
    for ring in [25.0, 50.0, 75.0, 100.0] {
        let ring_points = points(&vec![Some(ring); n]);
        let _ = write!(
            svg,
            "<polygon class=\"ring\" points=\"{ring_points}\" fill=\"none\" stroke=\"#ccc\"/>"
        );
    }
    for (i, (id, name)) in names.iter().enumerate() {
        let (x, y) = position(i, n, 100.0);
        let _ = write!(
            svg,
            "<line class=\"axis\" data-component=\"{}\" x1=\"{CENTRE}\" y1=\"{CENTRE}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"#999\"/>",
            escape(id)
        );
        let (lx, ly) = position(i, n, 118.0);
        let anchor = if (lx - CENTRE).abs() < 1.0 {
            "middle"
        } else if lx > CENTRE {
            "start"
        } else {
            "end"
        };
        let _ = write!(
            svg,
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\">{}</text>",
            escape(name)
        );
    }
    if let Some((low, high)) = band {
        let mut outline: Vec<String> = points(high).split(' ').map(String::from).collect();
        let inner: Vec<String> = points(low).split(' ').rev().map(String::from).collect();
        outline.push(outline[0].clone());
        outline.extend(inner);
        let _ = write!(
            svg,
            "<polygon class=\"range\" points=\"{}\" fill=\"#7aa6d6\" fill-opacity=\"0.25\" stroke=\"none\" fill-rule=\"evenodd\"><title>min–max range</title></polygon>",
            outline.join(" ")
        );
    }
    for s in series {
        let (stroke, dash) = match s.class {
            "before" => ("#888", " stroke-dasharray=\"5 3\""),
            _ => ("#1f5fa8", ""),
        };
        let _ = write!(
            svg,
            "<polygon class=\"series {}\" points=\"{}\" fill=\"{stroke}\" fill-opacity=\"0.15\" stroke=\"{stroke}\" stroke-width=\"2\"{dash}><title>{}</title></polygon>",
            s.class,
            points(&s.scores),
            escape(s.label)
        );
        for (i, score) in s.scores.iter().enumerate() {
            if let Some(v) = score {
                let (x, y) = position(i, n, *v);
                let _ = write!(
                    svg,
                    "<circle class=\"point {}\" data-component=\"{}\" data-score=\"{v}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{stroke}\"/>",
                    s.class,
                    escape(&names[i].0)
                );
            }
        }
    }
    let caption: Vec<String> = series.iter().map(|s| escape(s.label)).collect();
    let _ = writeln!(
        svg,
        "</svg><figcaption class=\"meta\">Scores 0–100 on each component. {}</figcaption></figure>",
        caption.join(" ")
    );
    svg
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
            Some(url) => format!("<a href=\"{}\">{}</a>", escape(url), escape(&r.title)),
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
        "</tbody></table><h2>Stage of development: {}</h2><ul>",
        escape(&r.stage.name)
    )?;
    for e in &r.stage.evidence {
        writeln!(out, "<li>{}</li>", escape(e))?;
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

    #[test]
    fn first_axis_points_up_and_scores_scale_the_radius() {
        let (x, y) = position(0, 5, 100.0);
        assert!((x - CENTRE).abs() < 1e-9 && (y - (CENTRE - RADIUS)).abs() < 1e-9);
        let (x, y) = position(2, 5, 50.0);
        let r = ((x - CENTRE).powi(2) + (y - CENTRE).powi(2)).sqrt();
        assert!((r - RADIUS / 2.0).abs() < 1e-9);
    }
}
