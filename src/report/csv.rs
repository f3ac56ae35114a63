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

pub(crate) struct CsvExporter;

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
        Ok(String::from_utf8(writer.into_inner()?)?)
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
            "components",
            "answer",
            "score",
            "note",
        ]
        .map(String::from)
        .to_vec(),
    );
    let members: Vec<(
        String,
        &std::collections::BTreeMap<String, serde_json::Value>,
    )> = if r.members.is_empty() {
        vec![(r.member.clone().unwrap_or_default(), &r.answers)]
    } else {
        let mut m: Vec<_> = r
            .members
            .iter()
            .map(|m| (m.member.clone(), &m.answers))
            .collect();
        m.push(("group".to_string(), &r.answers));
        m
    };
    for (member, answers) in members {
        for (id, value) in answers {
            let (part, components, score) = match content.question(id) {
                Some((bank, q)) => {
                    let answer = Answer::from_value(q, value).ok().flatten();
                    let score = normalise(q, answer.as_ref(), &content.framework)
                        .map(|s| (s * 1000.0).round() / 10.0);
                    (
                        bank.as_str().to_string(),
                        q.components().collect::<Vec<_>>().join(" "),
                        score,
                    )
                }
                None => (String::new(), String::new(), None),
            };
            let answer = match value {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            rows.push(vec![
                r.partnership.clone(),
                member.clone(),
                r.date.clone().unwrap_or_default(),
                part,
                id.clone(),
                components,
                answer,
                number(score),
                r.notes.get(id).cloned().unwrap_or_default(),
            ]);
        }
    }
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
            "n",
            "mean",
            "median",
            "min",
            "max",
            "sd",
            "range",
        ]
        .map(String::from)
        .to_vec(),
    );
    for p in &a.profiles {
        for q in &p.questions {
            let mut row = vec![p.partnership.clone().unwrap_or_default(), q.id.clone()];
            row.extend(stats_cells(&q.stats));
            row.push(number(Some(q.range)));
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
