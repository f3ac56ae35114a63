//! CSV for spreadsheets: one tidy table, RFC 4180 quoting by the csv crate.
//! Text cells that a spreadsheet would run as a formula are neutralised.

use super::{CsvTable, Exporter, RenderOptions};
use crate::core::answer::Answer;
use crate::core::content::Content;
use crate::core::model::aggregate::AggregateReport;
use crate::core::model::comparison::Comparison;
use crate::core::model::document::Document;
use crate::core::model::result::AssessmentResult;
use crate::core::scoring::normalise;
use serde_json::Value;
use std::collections::BTreeMap;

pub(crate) struct CsvExporter;

/// The UTF-8 byte-order mark: without it Excel and LibreOffice guess the
/// encoding when a file is opened by double-click, and garble ŵ, Arabic or emoji.
pub(crate) const BOM: char = '\u{feff}';

impl Exporter for CsvExporter {
    fn render(&self, doc: &Document, options: RenderOptions) -> anyhow::Result<String> {
        let mut rows: Vec<Vec<String>> = Vec::new();
        match (doc, options.csv_table) {
            (Document::Result(r), CsvTable::Answers) => answer_rows(&mut rows, r, options.content),
            (Document::Result(r), CsvTable::Components) => component_rows(&mut rows, r),
            (Document::Aggregate(a), CsvTable::Answers) => question_rows(&mut rows, a),
            (Document::Aggregate(a), CsvTable::Components) => {
                aggregate_component_rows(&mut rows, a)
            }
            (Document::Compare(c), _) => compare_rows(&mut rows, c),
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        for row in rows {
            writer.write_record(row.iter().map(|c| neutralise(c)))?;
        }
        let text = String::from_utf8(writer.into_inner()?)?;
        Ok(if options.bom {
            format!("{BOM}{text}")
        } else {
            text
        })
    }
}

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is
/// prefixed with `'` so spreadsheets show it as text instead of running it.
/// Numbers partnerscope writes itself are left alone. Control characters
/// other than line breaks and tabs are shown as `\u{1b}`.
pub(crate) fn neutralise(cell: &str) -> String {
    let cell = &*crate::core::text::escape_controls(cell, true);
    let risky = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && cell.parse::<f64>().is_err() {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn number(x: Option<f64>) -> String {
    x.map_or(String::new(), |v| format!("{v}"))
}

/// n, mean, median, min, max and sd, in that order.
fn stats_cells(s: &crate::core::stats::Summary) -> Vec<String> {
    vec![
        s.n.to_string(),
        number(s.mean),
        number(s.median),
        number(s.min),
        number(s.max),
        number(s.sd),
    ]
}

fn answer_rows(rows: &mut Vec<Vec<String>>, r: &AssessmentResult, content: &Content) {
    rows.push(
        [
            "partnership",
            "member",
            "date",
            "part",
            "question",
            "question_text",
            "components",
            "answer",
            "answer_label",
            "score",
            "note",
        ]
        .map(String::from)
        .to_vec(),
    );
    // In a group round each member's answers, then the room's own (free
    // text and the notes, which belong to the room, not to any one member).
    let mut sets: Vec<(String, &BTreeMap<String, Value>, bool)> = r
        .members
        .iter()
        .map(|m| (m.member.clone(), &m.answers, false))
        .collect();
    let room = if r.members.is_empty() {
        r.member.clone().unwrap_or_default()
    } else {
        "group".to_string()
    };
    sets.push((room, &r.answers, true));
    for (member, answers, holds_notes) in sets {
        let wanted = |id: &str| {
            answers.get(id).is_some_and(|v| !v.is_null())
                || (holds_notes && r.notes.contains_key(id))
        };
        // Questionnaire order first, then anything the content no longer has.
        let known = content.questions().map(|(_, q)| q.id.as_str());
        let unknown = answers
            .keys()
            .chain(if holds_notes {
                r.notes.keys()
            } else {
                Default::default()
            })
            .map(String::as_str)
            .filter(|id| content.question(id).is_none());
        let mut seen = std::collections::BTreeSet::new();
        for id in known.chain(unknown).filter(|id| wanted(id)) {
            if !seen.insert(id) {
                continue;
            }
            let value = answers.get(id).cloned().unwrap_or(Value::Null);
            rows.push(answer_row(r, content, &member, id, &value, holds_notes));
        }
    }
}

fn answer_row(
    r: &AssessmentResult,
    content: &Content,
    member: &str,
    id: &str,
    value: &Value,
    with_note: bool,
) -> Vec<String> {
    let (part, text, components, label, score) = match content.question(id) {
        Some((bank, q)) => {
            let answer = Answer::from_value(q, value).ok().flatten();
            let score = normalise(q, answer.as_ref(), &content.framework)
                .map(|s| (s * 1000.0).round() / 10.0);
            let label = match &answer {
                Some(Answer::Text(_)) | None => String::new(),
                Some(a) => a.describe(&q.format),
            };
            (
                bank.as_str().to_string(),
                q.text.clone(),
                q.components().collect::<Vec<_>>().join(" "),
                label,
                score,
            )
        }
        None => Default::default(),
    };
    let answer = match value {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let note = if with_note {
        r.notes.get(id).cloned().unwrap_or_default()
    } else {
        String::new()
    };
    vec![
        r.partnership.clone(),
        member.to_string(),
        r.date.clone().unwrap_or_default(),
        part,
        id.to_string(),
        text,
        components,
        answer,
        label,
        number(score),
        note,
    ]
}

fn component_rows(rows: &mut Vec<Vec<String>>, r: &AssessmentResult) {
    rows.push(
        [
            "partnership",
            "member",
            "date",
            "component",
            "score",
            "band",
            "answered",
            "asked",
        ]
        .map(String::from)
        .to_vec(),
    );
    for c in &r.components {
        rows.push(vec![
            r.partnership.clone(),
            r.member.clone().unwrap_or_default(),
            r.date.clone().unwrap_or_default(),
            c.id.clone(),
            number(c.score),
            c.band.clone(),
            c.answered.to_string(),
            c.asked.to_string(),
        ]);
    }
}

fn question_rows(rows: &mut Vec<Vec<String>>, a: &AggregateReport) {
    rows.push(
        [
            "partnership",
            "question",
            "question_text",
            "n",
            "mean",
            "median",
            "min",
            "max",
            "sd",
            "range",
            "dont_know",
            "answer_counts",
        ]
        .map(String::from)
        .to_vec(),
    );
    for p in &a.profiles {
        for q in &p.questions {
            let mut row = vec![
                p.partnership.clone().unwrap_or_default(),
                q.id.clone(),
                q.text.clone(),
            ];
            row.extend(stats_cells(&q.stats));
            row.push(number(Some(q.range)));
            row.push(q.dont_know.to_string());
            let counts: Vec<String> = q
                .answers
                .iter()
                .map(|o| format!("{}: {}", o.label, o.count))
                .collect();
            row.push(counts.join("; "));
            rows.push(row);
        }
    }
}

fn aggregate_component_rows(rows: &mut Vec<Vec<String>>, a: &AggregateReport) {
    rows.push(
        [
            "partnership",
            "component",
            "n",
            "mean",
            "median",
            "min",
            "max",
            "sd",
            "band",
        ]
        .map(String::from)
        .to_vec(),
    );
    for p in &a.profiles {
        for c in &p.components {
            let mut row = vec![p.partnership.clone().unwrap_or_default(), c.id.clone()];
            row.extend(stats_cells(&c.stats));
            row.push(c.band.clone());
            rows.push(row);
        }
    }
}

fn compare_rows(rows: &mut Vec<Vec<String>>, c: &Comparison) {
    rows.push(
        [
            "area",
            "id",
            "name",
            "before_label",
            "before_date",
            "after_label",
            "after_date",
            "before",
            "after",
            "change",
            "band_before",
            "band_after",
        ]
        .map(String::from)
        .to_vec(),
    );
    for (area, list) in [
        ("component", &c.components),
        ("precondition", &c.preconditions),
    ] {
        for ch in list.iter() {
            rows.push(vec![
                area.to_string(),
                ch.id.clone(),
                ch.name.clone(),
                c.before.label.clone(),
                c.before.date.clone().unwrap_or_default(),
                c.after.label.clone(),
                c.after.date.clone().unwrap_or_default(),
                number(ch.before),
                number(ch.after),
                number(ch.change),
                ch.band_before.clone(),
                ch.band_after.clone(),
            ]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::neutralise;

    #[test]
    fn formula_triggers_are_neutralised_but_numbers_are_not() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+1+1"), "'+1+1");
        assert_eq!(neutralise("-2+3"), "'-2+3");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("\tcmd"), "'\tcmd");
        // A carriage return could overwrite a line on a terminal: shown as text.
        assert_eq!(neutralise("\rcmd"), "\\rcmd");
        assert_eq!(neutralise("R\u{1b}[2J"), "R\\u{1b}[2J");
        assert_eq!(neutralise("-12.5"), "-12.5");
        assert_eq!(neutralise("Riverside"), "Riverside");
    }
}
