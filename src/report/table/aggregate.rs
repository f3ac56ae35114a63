//! An aggregate as tables.

use std::fmt::Write;

use crate::report::evidence::{
    aggregate_respondents, aggregate_words, headline, words_left_out, Reading, CAVEAT,
};

use super::table;
use crate::core::model::aggregate::{Aggregate, AggregateReport, Stat};

fn number(x: Option<f64>) -> String {
    x.map_or("-".to_string(), |v| format!("{v:.0}"))
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

fn overview(out: &mut String, report: &AggregateReport) -> std::fmt::Result {
    let Some(first) = report.profiles.first() else {
        return Ok(());
    };
    let mut header: Vec<&str> = vec!["partnership", "results"];
    header.extend(first.components.iter().map(|c| c.name.as_str()));
    header.push("stage");
    let mut table = table(&header);
    for p in &report.profiles {
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
    }
    writeln!(out, "Overview\n{table}")
}

pub(super) fn render(report: &AggregateReport) -> String {
    let mut out = String::new();
    if report.profiles.len() > 1 {
        let _ = overview(&mut out, report);
    }
    for p in &report.profiles {
        let _ = writeln!(out);
        let _ = profile(&mut out, p);
    }
    if !report.invalid.is_empty() {
        let _ = writeln!(out, "\n{} invalid result(s) skipped:", report.invalid.len());
        for i in &report.invalid {
            let _ = writeln!(out, "  {i}");
        }
    }
    out
}
