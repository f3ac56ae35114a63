//! CSV for spreadsheets: one tidy table, RFC 4180 quoting by the csv crate.
//! Text cells that a spreadsheet would run as a formula are neutralised.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap};
use std::io::Write;

use super::{CsvTable, Exporter, Profiles, RenderOptions};
use crate::core::answer::Answer;
use crate::core::content::{BankId, Content, Question};
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

    /// One cell of the current row.
    fn field(&mut self, cell: &str) -> anyhow::Result<()> {
        self.safe_field(&neutralise(cell))
    }

    /// One cell already made safe.
    fn safe_field(&mut self, cell: &str) -> anyhow::Result<()> {
        self.writer.write_field(cell.as_bytes())?;
        Ok(())
    }

    fn end_row(&mut self) -> anyhow::Result<()> {
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
    let mut questions: Vec<Cells> = content.questions().map(Cells::of).collect();
    let position: HashMap<&str, usize> = questions
        .iter()
        .enumerate()
        .map(|(i, cells)| (cells.question.id.as_str(), i))
        .collect();
    let in_id_order = in_id_order(&questions);
    let partnership = neutralise(&r.partnership);
    let date = neutralise(r.date.as_deref().unwrap_or_default());
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
    let mut values = Vec::new();
    for (member, answers, holds_notes) in sets {
        let member = neutralise(member);
        let note_of = |id: &str| match holds_notes {
            true => r.notes.get(id).map(String::as_str),
            false => None,
        };
        let given = |id: &str| answers.get(id).filter(|v| !v.is_null());
        let row = |sheet: &mut Sheet, id: &str, value: &Scalar, cells: Option<&mut Cells>| {
            sheet.safe_field(&partnership)?;
            sheet.safe_field(&member)?;
            sheet.safe_field(&date)?;
            match cells {
                Some(cells) => {
                    sheet.safe_field(&cells.part)?;
                    sheet.safe_field(&cells.id)?;
                    sheet.safe_field(&cells.text)?;
                    sheet.safe_field(&cells.components)?;
                    sheet.field(&answer_text(value))?;
                    let (label, score) = cells.label_and_score(value, content);
                    sheet.safe_field(&label)?;
                    sheet.safe_field(&score)?;
                }
                None => {
                    for cell in ["", id, "", ""] {
                        sheet.field(cell)?;
                    }
                    sheet.field(&answer_text(value))?;
                    sheet.field("")?;
                    sheet.field("")?;
                }
            }
            sheet.field(note_of(id).unwrap_or_default())?;
            sheet.end_row()
        };
        let strays = pair_up(&mut values, answers, &in_id_order);
        // Questionnaire order first, then anything the content no longer has.
        for (cells, value) in questions.iter_mut().zip(&values) {
            let id = cells.question.id.as_str();
            let value = value.unwrap_or(&Scalar::Null);
            if !value.is_null() || note_of(id).is_some() {
                row(sheet, id, value, Some(cells))?;
            }
        }
        let unknown: BTreeSet<&str> = strays
            .iter()
            .copied()
            .filter(|id| given(id).is_some())
            .chain(
                holds_notes
                    .then(|| r.notes.keys().map(String::as_str))
                    .into_iter()
                    .flatten()
                    .filter(|id| !position.contains_key(id)),
            )
            .collect();
        for id in strays.iter().filter(|id| unknown.contains(*id)) {
            row(sheet, id, answers.get(id).unwrap_or(&Scalar::Null), None)?;
        }
        for id in unknown.iter().filter(|id| answers.get(id).is_none()) {
            row(sheet, id, &Scalar::Null, None)?;
        }
    }
    Ok(())
}

/// The content's questions as (id, position), in id order: the order a
/// result keeps its answers in.
fn in_id_order<'c>(questions: &[Cells<'c>]) -> Vec<(&'c str, usize)> {
    let mut ids: Vec<(&str, usize)> = questions
        .iter()
        .enumerate()
        .map(|(position, cells)| (cells.question.id.as_str(), position))
        .collect();
    ids.sort_unstable();
    ids
}

/// Sets `values` to each question's answer, by position, walking the
/// answers and the questions side by side in id order rather than looking
/// each question up: a group round has a hundred answers for each of
/// thousands of members. Returns the ids of answers to questions the
/// content does not have, in id order.
fn pair_up<'a>(
    values: &mut Vec<Option<&'a Scalar>>,
    answers: &'a Answers,
    in_id_order: &[(&str, usize)],
) -> Vec<&'a str> {
    values.clear();
    values.resize(in_id_order.len(), None);
    let mut strays = Vec::new();
    let mut questions = in_id_order.iter().peekable();
    for (id, value) in answers.iter() {
        while questions.next_if(|(question, _)| *question < id).is_some() {}
        match questions.peek() {
            Some((question, position)) if *question == id => values[*position] = Some(value),
            _ => strays.push(id),
        }
    }
    strays
}

/// An answer as written in the answers file.
fn answer_text(value: &Scalar) -> Cow<'_, str> {
    match value {
        Scalar::Text(s) => Cow::Borrowed(s.as_str()),
        Scalar::Null => Cow::Borrowed(""),
        other => Cow::Owned(other.to_value().to_string()),
    }
}

/// Most answers to a question are one of a few values.
const LABELS_KEPT: usize = 16;

/// What every row of one question repeats, made safe once, and the label
/// and score of each answer given so far.
struct Cells<'c> {
    question: &'c Question,
    part: Cow<'c, str>,
    id: Cow<'c, str>,
    text: Cow<'c, str>,
    components: String,
    labels: Vec<(Scalar, String, String)>,
}

impl<'c> Cells<'c> {
    fn of((bank, q): (BankId, &'c Question)) -> Self {
        Cells {
            question: q,
            part: neutralise(bank.as_str()),
            id: neutralise(&q.id),
            text: neutralise(&q.text),
            components: neutralise(&q.components().collect::<Vec<_>>().join(" ")).into_owned(),
            labels: Vec::new(),
        }
    }

    fn label_and_score(&mut self, value: &Scalar, content: &Content) -> (String, String) {
        if let Some((_, label, score)) = self.labels.iter().find(|(v, _, _)| v == value) {
            return (label.clone(), score.clone());
        }
        let q = self.question;
        let answer = Answer::from_value(q, &value.to_value()).ok().flatten();
        let score =
            normalise(q, answer.as_ref(), &content.framework).map(|s| (s * 1000.0).round() / 10.0);
        let label = match &answer {
            Some(Answer::Text(_)) | None => String::new(),
            Some(a) => neutralise(&a.describe(&q.format)).into_owned(),
        };
        let made = (label, number(score));
        if self.labels.len() < LABELS_KEPT && !matches!(answer, Some(Answer::Text(_))) {
            self.labels
                .push((value.clone(), made.0.clone(), made.1.clone()));
        }
        made
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
        "warnings",
    ])?;
    // On every row, so a row read alone still says the two sides may not compare.
    let warnings = c.warnings.join("; ");
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
                warnings.clone(),
            ])?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{neutralise, pair_up};
    use crate::core::model::answers::{Answers, Scalar};

    #[test]
    fn answers_pair_with_their_questions_and_strays_are_kept_apart() {
        // Questions by position: 0 "b", 1 "d", 2 "f"; listed in id order.
        let in_id_order = [("b", 0), ("d", 1), ("f", 2)];
        let answers: Answers =
            serde_json::from_str(r#"{"f":"yes","a":1,"d":2,"e":null,"g":3}"#).unwrap();
        let mut values = vec![Some(&Scalar::Null); 7];
        let strays = pair_up(&mut values, &answers, &in_id_order);
        assert_eq!(strays, ["a", "e", "g"]);
        let text = |v: &Option<&Scalar>| v.map(Scalar::to_value).map(|v| v.to_string());
        let placed: Vec<Option<String>> = values.iter().map(text).collect();
        assert_eq!(placed, [None, Some("2".into()), Some("\"yes\"".into())]);
    }

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
