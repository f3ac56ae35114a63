//! The radar chart: one axis per component, a polygon per series.

use std::fmt::Write;

use super::escape;

/// Radar geometry: centre and the radius of a score of 100.
pub(crate) const CENTRE: f64 = 160.0;
pub(crate) const RADIUS: f64 = 110.0;
/// Room either side of the chart for the axis labels.
const LABEL_MARGIN: f64 = 150.0;

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
pub(super) struct Series<'a> {
    pub(super) scores: Vec<Option<f64>>,
    pub(super) class: &'a str,
    pub(super) label: &'a str,
}

/// The lowest and highest score on each axis, for an aggregate's range band.
pub(super) type Range<'a> = (&'a [Option<f64>], &'a [Option<f64>]);

pub(super) fn radar(names: &[(String, String)], series: &[Series], band: Option<Range>) -> String {
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
}
