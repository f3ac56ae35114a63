//! A comparison as terminal tables.

use std::fmt::Write;

use super::table;
use crate::core::model::comparison::{Comparison, Side};
use crate::core::scoring::whole;
use crate::report::evidence::{area_names, shown_change, tag_name};

pub(super) fn render_table(c: &Comparison) -> String {
    let mut out = String::new();
    let side = |s: &Side| match (&s.first_date, &s.date) {
        (Some(first), Some(d)) => format!("{} ({first} to {d})", s.label),
        (_, Some(d)) => format!("{} ({d})", s.label),
        _ => s.label.clone(),
    };
    let _ = writeln!(
        out,
        "Before: {}\nAfter:  {}\n",
        side(&c.before),
        side(&c.after)
    );
    for w in &c.warnings {
        let _ = writeln!(out, "Warning: {w}");
    }
    let _ = writeln!(out, "{}\n", c.summary);
    let score = |x: Option<f64>| x.map_or("-".to_string(), |v| format!("{:.0}", whole(v)));
    for (title, list) in [
        ("component", &c.components),
        ("readiness", &c.preconditions),
    ] {
        let mut table = table(&[title, "before", "after", "change", "band"]);
        for ch in list.iter() {
            let band = if ch.band_before == ch.band_after {
                ch.band_after.clone()
            } else {
                format!("{} → {}", ch.band_before, ch.band_after)
            };
            table.add_row(vec![
                ch.name.clone(),
                score(ch.before),
                score(ch.after),
                shown_change(ch).unwrap_or_else(|| "-".to_string()),
                band,
            ]);
        }
        let _ = writeln!(out, "{table}");
    }
    let mut table = table(&["key step", "before", "after"]);
    for s in &c.key_steps {
        let mark = if s.advanced { " ▲" } else { "" };
        table.add_row(vec![
            s.name.clone(),
            s.before.replace('-', " "),
            format!("{}{mark}", s.after.replace('-', " ")),
        ]);
    }
    let _ = writeln!(out, "{table}");
    let all = area_names(c);
    let named =
        |tags: &[String]| -> Vec<String> { tags.iter().map(|t| tag_name(t, &all)).collect() };
    let list = |tags: &[String]| {
        if tags.is_empty() {
            "none".to_string()
        } else {
            named(tags).join(", ")
        }
    };
    let _ = writeln!(out, "Gaps closed: {}", list(&c.gaps_closed));
    let _ = writeln!(out, "Gaps opened: {}", list(&c.gaps_opened));
    if !c.recommendations_related_to_gains.is_empty() {
        let _ = writeln!(out, "\nEarlier suggestions related to what improved:");
        for r in &c.recommendations_related_to_gains {
            let _ = writeln!(out, "  - {} ({})", r.title, named(&r.improved).join(", "));
        }
    }
    out
}
