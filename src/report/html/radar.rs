//! The radar chart: one axis per component, a line per series, band zones
//! shaded behind, ring values labelled, and the numbers again as text for
//! screen readers. A score with too few answers is a gap marked "n/a",
//! never a point at zero.

use std::fmt::Write;

use super::escape;
use crate::core::content::Framework;
use crate::core::scoring::whole;

/// Radar geometry: centre and the radius of a score of 100.
pub(crate) const CENTRE: f64 = 160.0;
pub(crate) const RADIUS: f64 = 110.0;
/// Gap between the 100 ring and a label, so a point at 100 never touches it.
const LABEL_GAP: f64 = 14.0;
const FONT: f64 = 14.0;
/// Rough advance of one character at `FONT`, for sizing the view box.
const CHAR_WIDTH: f64 = 0.64 * FONT;
const LINE_HEIGHT: f64 = 1.2 * FONT;
/// Labels wrap at this many characters.
const WRAP: usize = 16;
const PADDING: f64 = 8.0;

/// Where score `score` on axis `i` of `n` sits: the first axis points up,
/// the rest follow clockwise.
pub(crate) fn position(i: usize, n: usize, score: f64) -> (f64, f64) {
    let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
    let r = RADIUS * score.clamp(0.0, 100.0) / 100.0;
    (CENTRE + r * angle.cos(), CENTRE + r * angle.sin())
}

fn point_list(points: &[(f64, f64)]) -> String {
    points
        .iter()
        .map(|(x, y)| format!("{x:.1},{y:.1}"))
        .collect::<Vec<_>>()
        .join(" ")
}

fn ring(n: usize, score: f64) -> String {
    point_list(&(0..n).map(|i| position(i, n, score)).collect::<Vec<_>>())
}

/// A series drawn on the radar: its scores, a class for its look, a label.
pub(super) struct Series<'a> {
    pub(super) scores: Vec<Option<f64>>,
    pub(super) class: &'a str,
    pub(super) label: &'a str,
}

/// The lowest and highest score on each axis, for an aggregate's range band.
pub(super) type Range<'a> = (&'a [Option<f64>], &'a [Option<f64>]);

/// Splits a label into lines of at most `WRAP` characters, at spaces.
fn wrap(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= WRAP => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines
}

/// An axis label: its lines, anchor point and alignment.
struct Label {
    lines: Vec<String>,
    x: f64,
    y: f64,
    anchor: &'static str,
}

impl Label {
    fn place(i: usize, n: usize, name: &str) -> Label {
        let angle = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n as f64;
        let (dx, dy) = (angle.cos(), angle.sin());
        let r = RADIUS + LABEL_GAP;
        let lines = wrap(name);
        let anchor = if dx.abs() < 0.2 {
            "middle"
        } else if dx > 0.0 {
            "start"
        } else {
            "end"
        };
        let height = lines.len() as f64 * LINE_HEIGHT;
        // The block of lines sits above an axis pointing up, below one
        // pointing down, and centred on a sideways one.
        let top = CENTRE + r * dy - height / 2.0 + dy * height / 2.0;
        Label {
            x: CENTRE + r * dx,
            y: top + FONT,
            lines,
            anchor,
        }
    }

    fn width(&self) -> f64 {
        self.lines
            .iter()
            .map(|l| l.chars().count())
            .max()
            .unwrap_or(0) as f64
            * CHAR_WIDTH
    }

    /// Left, top, right, bottom.
    fn bounds(&self) -> (f64, f64, f64, f64) {
        let w = self.width();
        let left = match self.anchor {
            "middle" => self.x - w / 2.0,
            "start" => self.x,
            _ => self.x - w,
        };
        let top = self.y - FONT;
        (
            left,
            top,
            left + w,
            top + self.lines.len() as f64 * LINE_HEIGHT,
        )
    }

    fn svg(&self) -> String {
        let mut out = format!(
            "<text class=\"label\" x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\">",
            self.x, self.y, self.anchor
        );
        for (k, line) in self.lines.iter().enumerate() {
            let dy = if k == 0 { 0.0 } else { LINE_HEIGHT };
            let _ = write!(
                out,
                "<tspan x=\"{:.1}\" dy=\"{dy:.1}\">{}</tspan>",
                self.x,
                escape(line)
            );
        }
        out + "</text>"
    }
}

/// The view box that holds the chart and every label.
fn view_box(labels: &[Label]) -> (f64, f64, f64, f64) {
    let (mut left, mut top, mut right, mut bottom) = (
        CENTRE - RADIUS,
        CENTRE - RADIUS,
        CENTRE + RADIUS,
        CENTRE + RADIUS,
    );
    for l in labels {
        let (a, b, c, d) = l.bounds();
        left = left.min(a);
        top = top.min(b);
        right = right.max(c);
        bottom = bottom.max(d);
    }
    (
        left - PADDING,
        top - PADDING,
        right - left + 2.0 * PADDING,
        bottom - top + 2.0 * PADDING,
    )
}

/// Band zones from the lowest band's outer edge to 100, drawn largest first.
fn zones(fw: &Framework, n: usize) -> String {
    let mut bands: Vec<_> = fw.bands.iter().collect();
    bands.sort_by(|a, b| a.min.total_cmp(&b.min));
    let mut out = String::new();
    for band in bands.iter().rev() {
        let outer = bands
            .iter()
            .find(|b| b.min > band.min)
            .map_or(100.0, |b| b.min);
        let _ = write!(
            out,
            "<polygon class=\"zone {}\" points=\"{}\"/>",
            escape(&band.id),
            ring(n, outer)
        );
    }
    out
}

/// Runs of consecutive scored axes, wrapping round, as polylines: an axis
/// with no score breaks the line instead of pulling it to the centre.
fn runs(scores: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let n = scores.len();
    if scores.iter().all(Option::is_some) {
        return Vec::new();
    }
    let Some(gap) = scores.iter().position(Option::is_none) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut current = Vec::new();
    for k in 1..=n {
        let i = (gap + k) % n;
        match scores[i] {
            Some(v) => current.push(position(i, n, v)),
            None => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
        }
    }
    out
}

fn series_svg(s: &Series, names: &[(String, String)]) -> String {
    let n = names.len();
    let mut out = String::new();
    if s.scores.iter().all(Option::is_some) {
        let points: Vec<_> = s
            .scores
            .iter()
            .enumerate()
            .map(|(i, v)| position(i, n, v.unwrap_or(0.0)))
            .collect();
        let _ = write!(
            out,
            "<polygon class=\"series {}\" points=\"{}\"/>",
            s.class,
            point_list(&points)
        );
    } else {
        for run in runs(&s.scores) {
            let _ = write!(
                out,
                "<polyline class=\"series {}\" points=\"{}\"/>",
                s.class,
                point_list(&run)
            );
        }
    }
    for (i, score) in s.scores.iter().enumerate() {
        let id = escape(&names[i].0);
        match score {
            Some(v) => {
                let (x, y) = position(i, n, *v);
                let _ = write!(
                    out,
                    "<circle class=\"point {}\" data-component=\"{id}\" data-score=\"{v}\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\"/>",
                    s.class
                );
            }
            None => {
                let (x, y) = position(i, n, 50.0);
                let _ = write!(
                    out,
                    "<text class=\"na {}\" data-component=\"{id}\" x=\"{x:.1}\" y=\"{y:.1}\" text-anchor=\"middle\">n/a</text>",
                    s.class
                );
            }
        }
    }
    out
}

fn score_text(v: Option<f64>) -> String {
    v.map_or("n/a (too few answers)".to_string(), |v| {
        format!("{:.0}", whole(v))
    })
}

pub(super) fn radar(
    fw: &Framework,
    names: &[(String, String)],
    series: &[Series],
    band: Option<Range>,
) -> String {
    let n = names.len();
    let labels: Vec<Label> = names
        .iter()
        .enumerate()
        .map(|(i, (_, name))| Label::place(i, n, name))
        .collect();
    let (x, y, w, h) = view_box(&labels);
    let desc: Vec<String> = names
        .iter()
        .enumerate()
        .map(|(i, (_, name))| {
            let values: Vec<String> = series
                .iter()
                .map(|s| {
                    let v = score_text(s.scores[i]);
                    if series.len() > 1 {
                        format!("{} {v}", s.class)
                    } else {
                        v
                    }
                })
                .collect();
            format!("{name}: {}", values.join(", "))
        })
        .collect();
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure class=\"radar\"><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"{x:.1} {y:.1} {w:.1} {h:.1}\" role=\"img\" aria-labelledby=\"radar-title radar-desc\"><title id=\"radar-title\">Component scores, 0 to 100</title><desc id=\"radar-desc\">{}</desc>",
        escape(&desc.join("; "))
    );
    svg.push_str(&zones(fw, n));
    for r in [25.0, 50.0, 75.0, 100.0] {
        let _ = write!(svg, "<polygon class=\"ring\" points=\"{}\"/>", ring(n, r));
    }
    for (i, (id, _)) in names.iter().enumerate() {
        let (x2, y2) = position(i, n, 100.0);
        let _ = write!(
            svg,
            "<line class=\"axis\" data-component=\"{}\" x1=\"{CENTRE}\" y1=\"{CENTRE}\" x2=\"{x2:.1}\" y2=\"{y2:.1}\"/>",
            escape(id)
        );
    }
    for r in [25.0, 50.0, 75.0, 100.0] {
        let (rx, ry) = position(0, n, r);
        let _ = write!(
            svg,
            "<text class=\"ring-value\" x=\"{:.1}\" y=\"{:.1}\">{r:.0}</text>",
            rx + 3.0,
            ry + 4.0
        );
    }
    if let Some((low, high)) = band {
        let corners = |scores: &[Option<f64>]| -> Vec<(f64, f64)> {
            scores
                .iter()
                .enumerate()
                .map(|(i, v)| position(i, n, v.unwrap_or(0.0)))
                .collect()
        };
        let mut outline = corners(high);
        outline.push(outline[0]);
        let mut inner = corners(low);
        inner.reverse();
        outline.extend(inner);
        let _ = write!(
            svg,
            "<polygon class=\"range\" points=\"{}\" fill-rule=\"evenodd\"/>",
            point_list(&outline)
        );
    }
    for s in series {
        svg.push_str(&series_svg(s, names));
    }
    for label in &labels {
        svg.push_str(&label.svg());
    }
    let caption: Vec<String> = series.iter().map(|s| escape(s.label)).collect();
    let _ = writeln!(
        svg,
        "</svg><figcaption class=\"meta\">Scores 0–100 on each component; shading marks the bands. {} \"n/a\": too few answers to judge.</figcaption></figure>",
        caption.join(" ")
    );
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_axis_points_up_and_scores_scale_the_radius() {
        let (x, y) = position(0, 5, 100.0);
        assert!((x - CENTRE).abs() < 1e-9 && (y - (CENTRE - RADIUS)).abs() < 1e-9);
        let (x, y) = position(2, 5, 50.0);
        let r = ((x - CENTRE).powi(2) + (y - CENTRE).powi(2)).sqrt();
        assert!((r - RADIUS / 2.0).abs() < 1e-9);
    }

    #[test]
    fn a_missing_score_breaks_the_line_instead_of_reaching_the_centre() {
        let scores = [Some(80.0), Some(20.0), None, None, None];
        let lines = runs(&scores);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].len(), 2);
        assert!(!lines[0].contains(&(CENTRE, CENTRE)));
    }

    #[test]
    fn long_labels_wrap_and_widen_the_view_box() {
        let long = "Backbone support and coordination capacity";
        assert!(wrap(long).iter().all(|l| l.chars().count() <= WRAP));
        let labels: Vec<Label> = (0..5).map(|i| Label::place(i, 5, long)).collect();
        let (x, _, w, _) = view_box(&labels);
        for l in &labels {
            let (left, _, right, _) = l.bounds();
            assert!(left >= x && right <= x + w);
        }
    }
}
