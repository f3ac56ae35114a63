//! An aggregate as tables.

use std::fmt::Write;
use std::io;

use crate::report::evidence::{
    aggregate_respondents, aggregate_words, headline, words_left_out, Reading, CAVEAT,
};

use super::table;
use crate::core::model::aggregate::{Aggregate, Stat};
use crate::core::scoring::whole;
use crate::report::terminal_text::document_for_terminal;
use crate::report::{flush, Profiles};

fn number(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{:.0}", whole(v)))
}

fn stats_table(title: &str, rows: &[Stat]) -> comfy_table::Table {
    let mut table = table(&[title, "mean", "median", "min", "max", "sd", "n", "band"]);
    for s in rows {
        table.add_row(vec![
            s.name.clone(),
            number(s.stats.mean),
            number(s.stats.median),
            number(s.stats.min),
            number(s.stats.max),
            s.stats.sd.map_or("-".to_string(), |v| format!("{v:.1}")),
            s.stats.n.to_string(),
            s.band.replace('-', " "),
        ]);
    }
    table
}

fn profile(out: &mut String, a: &Aggregate) -> std::fmt::Result {
    let who = a.partnership.as_deref().unwrap_or("all partnerships");
    writeln!(out, "{who}")?;
    let reading = Reading {
        components: &a.scores,
        readiness: &a.readiness,
        stage: &a.stage,
        next_step: a.next_step.as_ref(),
        plan: &a.action_plan,
    };
    for line in headline(aggregate_respondents(a), &reading) {
        writeln!(out, "{line}")?;
    }
    writeln!(out, "({CAVEAT})")?;
    if !a.member_names.is_empty() {
        writeln!(out, "Members: {}", a.member_names.join(", "))?;
    }
    writeln!(out, "{}", stats_table("component", &a.components))?;
    writeln!(out, "Readiness: {}", a.readiness.verdict_name)?;
    for b in &a.readiness.blocking {
        writeln!(out, "  - blocking: {}: {}", b.name, b.reason)?;
    }
    writeln!(out, "{}", stats_table("readiness", &a.preconditions))?;
    writeln!(out, "{}", stats_table("key step", &a.key_steps))?;
    writeln!(out, "Stage of development: {}", a.stage.name)?;
    if !a.disagreements.is_empty() {
        writeln!(
            out,
            "\nWhere members disagree most (prompts for discussion)"
        )?;
        let mut table = table(&["question", "lowest", "highest", "sd", "n"]);
        for q in a.disagreements.iter().take(10) {
            table.add_row(vec![
                q.text.clone(),
                number(q.stats.min),
                number(q.stats.max),
                q.stats.sd.map_or("-".to_string(), |v| format!("{v:.1}")),
                q.stats.n.to_string(),
            ]);
        }
        writeln!(out, "{table}")?;
    }
    if !a.recommendations.is_empty() {
        writeln!(out, "\nSuggested resources")?;
        for r in &a.recommendations {
            writeln!(out, "  - {} ({}): {}", r.title, r.publisher, r.reason)?;
        }
    }
    if !a.action_plan.is_empty() {
        writeln!(out, "\nAction plan")?;
        for p in &a.action_plan {
            writeln!(out, "  {} ({})", p.name, p.band)?;
            for q in &p.quick_wins {
                writeln!(out, "    quick win:   {q}")?;
            }
            for l in &p.longer_term {
                writeln!(out, "    longer term: {l}")?;
            }
        }
    }
    super::write_own_words(out, &aggregate_words(a))?;
    if let Some(line) = words_left_out(a) {
        writeln!(out, "\n{line}")?;
    }
    Ok(())
}

/// Each partnership on one row; the profiles are made once more for it, so
/// none has to be kept.
fn overview(out: &mut String, profiles: &dyn Profiles) -> anyhow::Result<()> {
    let mut overview: Option<comfy_table::Table> = None;
    profiles.each(&mut |p| {
        let p = document_for_terminal(p)?;
        let table = overview.get_or_insert_with(|| {
            let mut header: Vec<&str> = vec!["partnership", "results"];
            header.extend(p.components.iter().map(|c| c.name.as_str()));
            header.push("stage");
            table(&header)
        });
        let mut row = vec![
            p.partnership.clone().unwrap_or_default(),
            p.results.to_string(),
        ];
        row.extend(
            p.components
                .iter()
                .map(|c| format!("{} {}", number(c.stats.mean), c.band)),
        );
        row.push(p.stage.name.clone());
        table.add_row(row);
        Ok(())
    })?;
    if let Some(table) = overview {
        writeln!(out, "Overview\n{table}")?;
    }
    Ok(())
}

/// An aggregate's tables, each profile written as soon as it is made.
pub(super) fn write(out: &mut dyn io::Write, profiles: &dyn Profiles) -> anyhow::Result<()> {
    let mut text = String::new();
    if profiles.count() > 1 {
        overview(&mut text, profiles)?;
    }
    profiles.each(&mut |p| {
        writeln!(text)?;
        profile(&mut text, &document_for_terminal(p)?)?;
        flush(out, &mut text)?;
        Ok(())
    })?;
    let invalid = profiles.invalid();
    if !invalid.is_empty() {
        writeln!(text, "\n{} invalid result(s) skipped:", invalid.len())?;
        for i in invalid {
            writeln!(text, "  {i}")?;
        }
    }
    flush(out, &mut text)?;
    Ok(())
}
