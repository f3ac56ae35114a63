//! CSV for spreadsheets: one tidy table, RFC 4180 quoting by the csv crate.
//! Text cells that a spreadsheet would run as a formula are neutralised.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Write;

use super::{CsvTable, Exporter, Profiles, RenderOptions};
use crate::core::answer::Answer;
use crate::core::content::{Content, Question};
use crate::core::model::answers::{Answers, Scalar};
use crate::core::model::comparison::Comparison;
use crate::core::model::result::AssessmentResult;
use crate::core::scoring::normalise;

pub(crate) struct CsvExporter;

/// The UTF-8 byte-order mark: without it Excel and LibreOffice guess the
/// encoding when a file is opened by double-click, and garble ŵ, Arabic or emoji.
pub(crate) const BOM: char = '\u{feff}';

impl Exporter for CsvExporter {
    fn write_result(
        &self,
        out: &mut dyn Write,
        result: &AssessmentResult,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        let mut sheet = Sheet::start(out, options)?;
        match options.csv_table {
            CsvTable::Answers => answer_rows(&mut sheet, result, options.content)?,
            CsvTable::Components => component_rows(&mut sheet, result)?,
        }
        sheet.end()
    }

    fn write_aggregate(
        &self,
        out: &mut dyn Write,
        profiles: &dyn Profiles,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        let mut sheet = Sheet::start(out, options)?;
        match options.csv_table {
            CsvTable::Answers => question_rows(&mut sheet, profiles)?,
            CsvTable::Components => aggregate_component_rows(&mut sheet, profiles)?,
        }
        sheet.end()
    }

    fn write_compare(
        &self,
        out: &mut dyn Write,
        comparison: &Comparison,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        let mut sheet = Sheet::start(out, options)?;
        compare_rows(&mut sheet, comparison)?;
        sheet.end()
    }
}

/// Rows written as they are made, every cell neutralised on the way.
struct Sheet<'w> {
    writer: csv::Writer<&'w mut dyn Write>,
}

impl<'w> Sheet<'w> {
    fn start(out: &'w mut dyn Write, options: RenderOptions) -> anyhow::Result<Self> {
        if options.bom {
            write!(out, "{BOM}")?;
        }
        Ok(Sheet {
            writer: csv::Writer::from_writer(out),
        })
    }

    fn row<I>(&mut self, cells: I) -> anyhow::Result<()>
    where
        I: IntoIterator,
        I::Item: AsRef<str>,
    {
        for cell in cells {
            self.writer
                .write_field(neutralise(cell.as_ref()).as_bytes())?;
        }
        self.writer.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn end(mut self) -> anyhow::Result<()> {
        self.writer.flush()?;
        Ok(())
    }
}

/// A cell starting with `=`, `+`, `-`, `@`, tab or carriage return is
/// prefixed with `'` so spreadsheets show it as text instead of running it.
/// Numbers partnerscope writes itself are left alone. Control characters
/// other than line breaks and tabs are shown as `\u{1b}`.
pub(crate) fn neutralise(cell: &str) -> Cow<'_, str> {
    let shown = crate::core::text::escape_controls(cell, true);
    let risky = shown.starts_with(['=', '+', '-', '@', '\t', '\r']);
    if risky && shown.parse::<f64>().is_err() {
        Cow::Owned(format!("'{shown}"))
    } else {
        shown
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

fn answer_rows(sheet: &mut Sheet, r: &AssessmentResult, content: &Content) -> anyhow::Result<()> {
    sheet.row([
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
    ])?;
    let questions = QuestionCells::of(content);
    // In a group round each member's answers, then the room's own (free
    // text and the notes, which belong to the room, not to any one member).
    let mut sets: Vec<(&str, &Answers, bool)> = r
        .members
        .iter()
        .map(|m| (m.member.as_str(), &m.answers, false))
        .collect();
    let room = if r.members.is_empty() {
        r.member.as_deref().unwrap_or_default()
    } else {
        "group"
    };
    sets.push((room, &r.answers, true));
    let date = r.date.as_deref().unwrap_or_default();
    for (member, answers, holds_notes) in sets {
        let wanted = |id: &str| {
            answers.get(id).is_some_and(|v| !v.is_null())
                || (holds_notes && r.notes.contains_key(id))
        };
        // Questionnaire order first, then anything the content no longer has.
        let known = content.questions().map(|(_, q)| q.id.as_str());
        let unknown = answers
            .keys()
            .chain(
                holds_notes
                    .then_some(r.notes.keys().map(String::as_str))
                    .into_iter()
                    .flatten(),
            )
            .filter(|id| !questions.cells.contains_key(id));
        let mut seen = HashSet::new();
        for id in known.chain(unknown).filter(|id| wanted(id)) {
            if !seen.insert(id) {
                continue;
            }
            let value = answers.get(id).cloned().unwrap_or(Scalar::Null);
            let (part, text, components, label, score) = match questions.cells.get(id) {
                Some(cells) => {
                    let answer = Answer::from_value(cells.question, &value.to_value())
                        .ok()
                        .flatten();
                    let score = normalise(cells.question, answer.as_ref(), &content.framework)
                        .map(|s| (s * 1000.0).round() / 10.0);
                    let label = match &answer {
                        Some(Answer::Text(_)) | None => String::new(),
                        Some(a) => a.describe(&cells.question.format),
                    };
                    (
                        cells.part,
                        cells.text,
                        cells.components.as_str(),
                        label,
                        score,
                    )
                }
                None => ("", "", "", String::new(), None),
            };
            let answer = match &value {
                Scalar::Text(s) => Cow::Borrowed(&**s),
                Scalar::Null => Cow::Borrowed(""),
                other => Cow::Owned(other.to_value().to_string()),
            };
            let note = match holds_notes {
                true => r.notes.get(id).map_or("", String::as_str),
                false => "",
            };
            sheet.row([
                &r.partnership,
                member,
                date,
                part,
                id,
                text,
                components,
                &answer,
                &label,
                &number(score),
                note,
            ])?;
        }
    }
    Ok(())
}

/// What every row of one question repeats, worked out once.
struct QuestionCells<'c> {
    cells: HashMap<&'c str, Cells<'c>>,
}

struct Cells<'c> {
    question: &'c Question,
    part: &'static str,
    text: &'c str,
    components: String,
}

impl<'c> QuestionCells<'c> {
    fn of(content: &'c Content) -> Self {
        let cells = content
            .questions()
            .map(|(bank, q)| {
                let cells = Cells {
                    question: q,
                    part: bank.as_str(),
                    text: &q.text,
                    components: q.components().collect::<Vec<_>>().join(" "),
                };
                (q.id.as_str(), cells)
            })
            .collect();
        QuestionCells { cells }
    }
}

fn component_rows(sheet: &mut Sheet, r: &AssessmentResult) -> anyhow::Result<()> {
    sheet.row([
        "partnership",
        "member",
        "date",
        "component",
        "score",
        "band",
        "answered",
        "asked",
    ])?;
    for c in &r.components {
        sheet.row([
            r.partnership.clone(),
            r.member.clone().unwrap_or_default(),
            r.date.clone().unwrap_or_default(),
            c.id.clone(),
            number(c.score),
            c.band.clone(),
            c.answered.to_string(),
            c.asked.to_string(),
        ])?;
    }
    Ok(())
}

fn question_rows(sheet: &mut Sheet, profiles: &dyn Profiles) -> anyhow::Result<()> {
    sheet.row([
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
    ])?;
    profiles.each(&mut |p| {
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
            sheet.row(row)?;
        }
        Ok(())
    })?;
    Ok(())
}

fn aggregate_component_rows(sheet: &mut Sheet, profiles: &dyn Profiles) -> anyhow::Result<()> {
    sheet.row([
        "partnership",
        "component",
        "n",
        "mean",
        "median",
        "min",
        "max",
        "sd",
        "band",
    ])?;
    profiles.each(&mut |p| {
        for c in &p.components {
            let mut row = vec![p.partnership.clone().unwrap_or_default(), c.id.clone()];
            row.extend(stats_cells(&c.stats));
            row.push(c.band.clone());
            sheet.row(row)?;
        }
        Ok(())
    })
}

fn compare_rows(sheet: &mut Sheet, c: &Comparison) -> anyhow::Result<()> {
    sheet.row([
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
    ])?;
    for (area, list) in [
        ("component", &c.components),
        ("precondition", &c.preconditions),
    ] {
        for ch in list.iter() {
            sheet.row([
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
            ])?;
        }
    }
    Ok(())
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
