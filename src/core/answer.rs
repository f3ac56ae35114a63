//! Answers files: what a partnership said, question by question.
//!
//! An answers file is TOML or JSON with `partnership`, optional `member`,
//! `date` and `parts`, an `answers` table keyed by question id and an optional
//! `notes` table. Values are checked against each question's answer format.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::content::{AnswerFormat, BankId, Content, Question};

pub use crate::core::content::DONT_KNOW;

/// The yes/no answer of schema version 1 that now reads as "don't know".
const NOT_SURE_V1: &str = "not-sure";

/// One checked answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A point on a rating scale, from 1.
    Point(usize),
    YesNo(YesNo),
    /// The id of a choice option.
    Choice(String),
    Text(String),
    DontKnow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YesNo {
    Yes,
    No,
}

impl YesNo {
    pub fn as_str(self) -> &'static str {
        match self {
            YesNo::Yes => "yes",
            YesNo::No => "no",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        match s {
            "yes" => Some(YesNo::Yes),
            "no" => Some(YesNo::No),
            _ => None,
        }
    }
}

impl Answer {
    /// Every answer a question offers, in its order; none for free text.
    pub(crate) fn every_one(format: &AnswerFormat) -> Vec<Answer> {
        match format {
            AnswerFormat::Scale { labels } => (1..=labels.len()).map(Answer::Point).collect(),
            AnswerFormat::YesNo => vec![Answer::YesNo(YesNo::Yes), Answer::YesNo(YesNo::No)],
            AnswerFormat::Choice { options } => options
                .iter()
                .map(|o| Answer::Choice(o.id.clone()))
                .collect(),
            AnswerFormat::Text => Vec::new(),
        }
    }

    /// The answer as it is written in an answers file.
    pub fn to_value(&self) -> Value {
        match self {
            Answer::Point(p) => Value::from(*p),
            Answer::YesNo(yn) => Value::from(yn.as_str()),
            Answer::Choice(id) => Value::from(id.as_str()),
            Answer::Text(t) => Value::from(t.as_str()),
            Answer::DontKnow => Value::from(DONT_KNOW),
        }
    }

    /// The answer's value as text: `4`, `yes`, an option id.
    pub fn as_text(&self) -> String {
        match self.to_value() {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }

    /// A short human reading of the answer, e.g. `4 (Agree)`.
    pub fn describe(&self, format: &AnswerFormat) -> String {
        match (self, format) {
            (Answer::Point(p), AnswerFormat::Scale { labels }) => {
                format!("{p} ({})", labels.get(p - 1).map_or("", String::as_str))
            }
            (Answer::Choice(id), AnswerFormat::Choice { options }) => options
                .iter()
                .find(|o| &o.id == id)
                .map_or(id.clone(), |o| o.label.clone()),
            (Answer::YesNo(yn), _) => match yn {
                YesNo::Yes => "Yes".into(),
                YesNo::No => "No".into(),
            },
            (Answer::DontKnow, _) => "Don't know".into(),
            (Answer::Text(t), _) => t.clone(),
            (other, _) => other.to_value().to_string(),
        }
    }

    /// Checks a value from an answers file against a question. `Ok(None)`
    /// means left empty (`""` or `null`): not answered.
    pub fn from_value(question: &Question, value: &Value) -> Result<Option<Answer>, String> {
        let Ok(reading) = Reading::of(question, &Scalar::of(value)) else {
            let why = match question.format {
                AnswerFormat::Choice { .. } => "is not one of the options: ",
                AnswerFormat::Text => {
                    return Err(format!("{} is not text; write it in quotes", show(value)))
                }
                _ => "is not ",
            };
            return Err(format!(
                "{} {why}{}",
                show(value),
                expected_values(question)
            ));
        };
        Ok(
            reading.map(|reading| match (reading, &question.format, value) {
                (Reading::Point(p), _, _) => Answer::Point(p),
                (Reading::YesNo(yn), _, _) => Answer::YesNo(yn),
                (Reading::Choice(i), AnswerFormat::Choice { options }, _) => {
                    Answer::Choice(options[i].id.clone())
                }
                (Reading::Text, _, Value::String(s)) => Answer::Text(s.clone()),
                (Reading::DontKnow, _, _) => Answer::DontKnow,
                _ => unreachable!("a reading fits the question and value it was read from"),
            }),
        )
    }
}

/// An answer value as JSON writes it, borrowing its text from the document
/// where it can, so a result's answers are checked without building a
/// `Value` for each.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar<'a> {
    Null,
    Bool(bool),
    /// A number that is a whole number from 0 up.
    Whole(u64),
    /// Any other number.
    Number,
    Text(Cow<'a, str>),
    /// A list or a table.
    Nested,
}

impl<'a> Scalar<'a> {
    pub(crate) fn of(value: &'a Value) -> Self {
        match value {
            Value::Null => Scalar::Null,
            Value::Bool(b) => Scalar::Bool(*b),
            Value::Number(n) => n.as_u64().map_or(Scalar::Number, Scalar::Whole),
            Value::String(s) => Scalar::Text(Cow::Borrowed(s)),
            Value::Array(_) | Value::Object(_) => Scalar::Nested,
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Scalar<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ScalarVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for ScalarVisitor<'a> {
            type Value = Scalar<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any valid JSON value")
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(Scalar::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                Scalar::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Self::Value, E> {
                Ok(Scalar::Bool(b))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Self::Value, E> {
                Ok(Scalar::Whole(n))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Self::Value, E> {
                Ok(u64::try_from(n).map_or(Scalar::Number, Scalar::Whole))
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(Scalar::Number)
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Scalar::Text(Cow::Owned(s)))
            }
            // Nested values are read through, not skipped, so they are
            // checked as strictly as a `Value` would check them.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<Scalar>()?.is_some() {}
                Ok(Scalar::Nested)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<Text, Scalar>()?.is_some() {}
                Ok(Scalar::Nested)
            }
        }
        deserializer.deserialize_any(ScalarVisitor(PhantomData))
    }
}

/// A string borrowed from the document when it holds no escapes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Text<'a>(pub(crate) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s.to_string())))
            }
            fn visit_string<E>(self, s: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

/// What a value says in answer to a question, once checked: the rules
/// [`Answer::from_value`] and aggregation share.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Reading {
    Point(usize),
    YesNo(YesNo),
    /// The position of a choice option.
    Choice(usize),
    Text,
    DontKnow,
}

impl Reading {
    /// `Ok(None)` means left empty; `Err` that the value does not fit the question.
    pub(crate) fn of(question: &Question, value: &Scalar) -> Result<Option<Reading>, ()> {
        match value {
            Scalar::Null => return Ok(None),
            Scalar::Text(s) if s.trim().is_empty() => return Ok(None),
            Scalar::Text(s) if s == DONT_KNOW && question.is_scored() => {
                return Ok(Some(Reading::DontKnow))
            }
            // Schema version 1 offered "not sure" beside "don't know" on yes/no
            // questions; the two said the same, so old answers read as one.
            Scalar::Text(s) if s == NOT_SURE_V1 && question.format == AnswerFormat::YesNo => {
                return Ok(Some(Reading::DontKnow))
            }
            _ => {}
        }
        let reading = match (&question.format, value) {
            (AnswerFormat::Scale { labels }, _) => {
                let point = match value {
                    Scalar::Whole(n) => Some(*n),
                    Scalar::Text(s) => s.trim().parse::<u64>().ok(),
                    _ => None,
                };
                point
                    .filter(|&p| p >= 1 && p as usize <= labels.len())
                    .map(|p| Reading::Point(p as usize))
            }
            (AnswerFormat::YesNo, Scalar::Bool(true)) => Some(Reading::YesNo(YesNo::Yes)),
            (AnswerFormat::YesNo, Scalar::Bool(false)) => Some(Reading::YesNo(YesNo::No)),
            (AnswerFormat::YesNo, Scalar::Text(s)) => YesNo::parse(s.trim()).map(Reading::YesNo),
            (AnswerFormat::Choice { options }, Scalar::Text(s)) => options
                .iter()
                .position(|o| o.id == s.trim())
                .map(Reading::Choice),
            (AnswerFormat::Text, Scalar::Text(_)) => Some(Reading::Text),
            _ => None,
        };
        reading.map(Some).ok_or(())
    }

    /// Where the answer is counted among its question's choices; `None` for
    /// text and "don't know".
    pub(crate) fn slot(self) -> Option<usize> {
        match self {
            Reading::Point(p) => Some(p - 1),
            Reading::YesNo(YesNo::Yes) => Some(0),
            Reading::YesNo(YesNo::No) => Some(1),
            Reading::Choice(i) => Some(i),
            Reading::Text | Reading::DontKnow => None,
        }
    }
}

fn show(value: &Value) -> String {
    match value {
        Value::Object(_) => "a table".to_string(),
        Value::Array(_) => "a list".to_string(),
        other => other.to_string(),
    }
}

/// What a question accepts, for error messages.
pub fn expected_values(question: &Question) -> String {
    let mut values: Vec<String> = question
        .format
        .allowed_values()
        .into_iter()
        .map(|v| match question.format {
            AnswerFormat::Scale { .. } => v,
            _ => format!("\"{v}\""),
        })
        .collect();
    if let AnswerFormat::Scale { labels } = &question.format {
        values = vec![format!("a whole number from 1 to {}", labels.len())];
    }
    if question.is_scored() {
        values.push(format!("\"{DONT_KNOW}\""));
    }
    match values.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{}, or {last}", rest.join(", ")),
        _ => values.join(""),
    }
}

/// One person's (or one group member's) answers, checked against the content.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Response {
    pub member: Option<String>,
    pub answers: BTreeMap<String, Answer>,
    pub notes: BTreeMap<String, String>,
}

impl Response {
    pub fn answers_as_values(&self) -> BTreeMap<String, Value> {
        self.answers
            .iter()
            .map(|(id, a)| (id.clone(), a.to_value()))
            .collect()
    }
}

/// A checked answers file.
#[derive(Debug, Clone, PartialEq)]
pub struct AnswerSheet {
    pub partnership: String,
    pub date: Option<String>,
    pub parts: Vec<BankId>,
    pub response: Response,
    /// The content the questions were shown from, when the file says.
    pub content_fingerprint: Option<String>,
}

/// An answers file as written (TOML or JSON), before its values are checked.
#[derive(Debug, Deserialize, schemars::JsonSchema)]
#[serde(
    deny_unknown_fields,
    expecting = "an answers file: a table with partnership and answers"
)]
#[schemars(title = "AnswersFile")]
pub(crate) struct AnswersDoc {
    #[serde(default)]
    schema_version: Option<u32>,
    /// The content the questions were taken from, as `partnerscope form` writes it.
    #[serde(default)]
    content_fingerprint: Option<String>,
    /// The partnership's name.
    #[serde(default)]
    partnership: String,
    /// Who answered; "group" for one agreed answer.
    #[serde(default)]
    member: Option<String>,
    /// The date of the assessment (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    date: Option<DateField>,
    /// The parts this file answers; all when absent.
    #[serde(default)]
    parts: Option<Vec<BankId>>,
    /// Question id → a point on the scale, "yes" or "no", an option id, free
    /// text, or "dont-know". Empty ("" or null) means unanswered.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, AnswerValue>")]
    answers: UniqueMap<Finite>,
    /// Question id → note.
    #[serde(default)]
    #[schemars(with = "Option<BTreeMap<String, String>>")]
    notes: UniqueMap<Finite>,
    /// The description of each question that `template --format json` writes; ignored.
    #[serde(default, rename = "questions")]
    _questions: Option<Value>,
}

/// The values an answer may take, for the schema alone: parsing checks each
/// against its question.
#[derive(schemars::JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AnswerValue {
    Point(u32),
    Text(String),
    YesNo(bool),
    Empty(()),
}

/// A date written as a string, or as a bare TOML date.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum DateField {
    Text(String),
    Toml(toml::value::Datetime),
}

impl DateField {
    fn into_string(self) -> String {
        match self {
            DateField::Text(s) => s,
            DateField::Toml(d) => d.to_string(),
        }
    }
}

/// The key under which the toml crate hands a date or time to serde.
const TOML_DATETIME: &str = "$__toml_private_datetime";

/// A value as JSON holds it. TOML can also write `nan` and `inf`, which JSON
/// cannot hold and would otherwise read as no answer at all, so they are
/// refused where they stand; line ends in text are made "\n".
#[derive(Debug)]
struct Finite(Value);

impl<'de> Deserialize<'de> for Finite {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FiniteVisitor;
        impl<'de> Visitor<'de> for FiniteVisitor {
            type Value = Finite;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an answer")
            }
            fn visit_unit<E>(self) -> Result<Finite, E> {
                Ok(Finite(Value::Null))
            }
            fn visit_none<E>(self) -> Result<Finite, E> {
                Ok(Finite(Value::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Finite, D::Error> {
                Finite::deserialize(d)
            }
            fn visit_bool<E>(self, b: bool) -> Result<Finite, E> {
                Ok(Finite(Value::Bool(b)))
            }
            fn visit_u64<E>(self, n: u64) -> Result<Finite, E> {
                Ok(Finite(n.into()))
            }
            fn visit_i64<E>(self, n: i64) -> Result<Finite, E> {
                Ok(Finite(n.into()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Finite, E> {
                serde_json::Number::from_f64(n)
                    .map(|n| Finite(Value::Number(n)))
                    .ok_or_else(|| E::custom(format!("{n} is not a number an answer can take")))
            }
            fn visit_str<E>(self, s: &str) -> Result<Finite, E> {
                Ok(Finite(Value::String(unix_line_ends(s.to_string()))))
            }
            fn visit_string<E>(self, s: String) -> Result<Finite, E> {
                Ok(Finite(Value::String(unix_line_ends(s))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Finite, A::Error> {
                let mut items = Vec::new();
                while let Some(Finite(item)) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Finite(Value::Array(items)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Finite, A::Error> {
                let mut object = serde_json::Map::new();
                while let Some((key, Finite(value))) = map.next_entry::<String, Finite>()? {
                    object.insert(key, value);
                }
                // A bare TOML date reaches serde as a table holding its text;
                // it is read as that text, as if written in quotes.
                if let (1, Some(Value::String(date))) = (object.len(), object.get(TOML_DATETIME)) {
                    return Ok(Finite(Value::String(date.clone())));
                }
                Ok(Finite(Value::Object(object)))
            }
        }
        deserializer.deserialize_any(FiniteVisitor)
    }
}

/// Text typed on Windows ends its lines with a carriage return as well,
/// which would show as a stray character in every report.
fn unix_line_ends(text: String) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// A map that refuses duplicate keys (serde_json would keep the last one silently).
#[derive(Debug)]
struct UniqueMap<V>(Vec<(String, V)>);

impl<V> Default for UniqueMap<V> {
    fn default() -> Self {
        UniqueMap(Vec::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for UniqueMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct UniqueVisitor<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for UniqueVisitor<V> {
            type Value = UniqueMap<V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table keyed by question id")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries: Vec<(String, V)> = Vec::new();
                let mut seen: HashSet<String> = HashSet::new();
                while let Some((key, value)) = map.next_entry::<String, V>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!("duplicate key '{key}'")));
                    }
                    entries.push((key, value));
                }
                Ok(UniqueMap(entries))
            }
        }
        deserializer.deserialize_map(UniqueVisitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Syntax {
    Toml,
    Json,
}

/// TOML or JSON, by the file's extension, or by its first character for standard input.
pub fn syntax_of(path: &Path, text: &str) -> Syntax {
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("json") => Syntax::Json,
        Some(e) if e.eq_ignore_ascii_case("toml") => Syntax::Toml,
        _ if without_bom(text).trim_start().starts_with('{') => Syntax::Json,
        _ => Syntax::Toml,
    }
}

/// Editors on Windows start UTF-8 files with a byte order mark; it carries
/// no meaning, so TOML and JSON alike read the text after it.
fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Parses and checks an answers text. Errors are one line, naming the file
/// and the line and column or the question id, with any control character
/// from the file shown as an escape.
pub fn parse(
    shown: &str,
    text: &str,
    syntax: Syntax,
    content: &Content,
) -> Result<AnswerSheet, String> {
    parse_text(shown, without_bom(text), syntax, content)
        .map_err(|e| crate::core::text::escape_controls(&e, false).into_owned())
}

fn parse_text(
    shown: &str,
    text: &str,
    syntax: Syntax,
    content: &Content,
) -> Result<AnswerSheet, String> {
    if text.trim().is_empty() {
        return Err(format!("{shown}: file is empty"));
    }
    let doc: AnswersDoc = match syntax {
        Syntax::Toml => toml::from_str(text)
            .map_err(|e| crate::core::content::Problem::from_toml(shown, text, &e).to_string())?,
        // serde would read a list as the table's fields in order.
        Syntax::Json if !text.trim_start().starts_with('{') => {
            return Err(format!(
                "{shown}: an answers file in JSON is one object, {{ \"partnership\": ..., \"answers\": {{ ... }} }}"
            ))
        }
        Syntax::Json => serde_json::from_str(text).map_err(|e| {
            format!(
                "{shown}:{}:{}: {}",
                e.line(),
                e.column(),
                strip_position(&e.to_string())
            )
        })?,
    };
    check(shown, doc, content)
}

/// serde_json appends " at line L column C"; the position is already at the front.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn check(shown: &str, doc: AnswersDoc, content: &Content) -> Result<AnswerSheet, String> {
    if let Some(v) = doc.schema_version {
        if v != 1 {
            return Err(format!("{shown}: unsupported schema_version {v}"));
        }
    }
    let partnership = doc.partnership.trim().to_string();
    if partnership.is_empty() {
        return Err(format!(
            "{shown}: partnership is empty; give the partnership's name"
        ));
    }
    // Each part once, in the order an assessment asks them.
    let parts: Vec<BankId> = match doc.parts {
        Some(named) => BankId::ALL
            .into_iter()
            .filter(|b| named.contains(b))
            .collect(),
        None => BankId::ALL.to_vec(),
    };
    let mut answers = BTreeMap::new();
    for (id, Finite(value)) in doc.answers.0 {
        let question = find_in_parts(shown, &id, content, &parts)?;
        match Answer::from_value(question, &value) {
            Ok(Some(answer)) => {
                answers.insert(id, answer);
            }
            Ok(None) => {}
            Err(why) => return Err(format!("{shown}: answer to '{id}': {why}")),
        }
    }
    if answers.is_empty() {
        return Err(format!(
            "{shown}: the file answers no question; fill in at least one answer (see partnerscope template)"
        ));
    }
    let mut notes = BTreeMap::new();
    for (id, Finite(value)) in doc.notes.0 {
        find_in_parts(shown, &id, content, &parts)?;
        match value {
            Value::String(s) if s.trim().is_empty() => {}
            Value::String(s) => {
                notes.insert(id, s);
            }
            other => {
                return Err(format!(
                    "{shown}: note on '{id}': {} is not text; write it in quotes",
                    show(&other)
                ))
            }
        }
    }
    let member = doc
        .member
        .map(|m| m.trim().to_string())
        .filter(|m| !m.is_empty());
    let date = doc
        .date
        .map(DateField::into_string)
        .filter(|d| !d.is_empty());
    if let Some(date) = &date {
        if !is_calendar_date(date) {
            return Err(format!(
                "{shown}: date '{date}' is not a date written YYYY-MM-DD, such as 2026-03-05"
            ));
        }
    }
    Ok(AnswerSheet {
        partnership,
        date,
        parts,
        response: Response {
            member,
            answers,
            notes,
        },
        content_fingerprint: doc.content_fingerprint.filter(|f| !f.trim().is_empty()),
    })
}

/// Results are put in order by their dates as written, which is the order
/// of the days only when every date is a real one written in full.
pub(crate) fn is_calendar_date(date: &str) -> bool {
    date.len() == "YYYY-MM-DD".len() && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok()
}

/// The question `id` names, which must be in one of the `parts` the file answers.
fn find_in_parts<'c>(
    shown: &str,
    id: &str,
    content: &'c Content,
    parts: &[BankId],
) -> Result<&'c Question, String> {
    let (bank, question) = content.question(id).ok_or_else(|| {
        let hint = nearest_question_id(id, content)
            .map(|near| format!("; did you mean '{near}'?"))
            .unwrap_or_default();
        format!("{shown}: unknown question id '{}'{hint}", shortened(id))
    })?;
    if !parts.contains(&bank) {
        return Err(format!(
            "{shown}: '{id}' belongs to the {bank} part, which `parts` leaves out"
        ));
    }
    Ok(question)
}

/// An id from a file, short enough to quote in a one-line message.
pub(crate) fn shortened(id: &str) -> Cow<'_, str> {
    const SHOWN: usize = 60;
    match id.char_indices().nth(SHOWN) {
        Some((end, _)) => Cow::Owned(format!("{}…", &id[..end])),
        None => Cow::Borrowed(id),
    }
}

/// The known question id closest to `id`, when one is close enough to be a likely typo.
pub fn nearest_question_id<'c>(id: &str, content: &'c Content) -> Option<&'c str> {
    // A long string is no typo of an id, and comparing it costs time in its length.
    if id.len() > 200 {
        return None;
    }
    content
        .questions()
        .map(|(_, q)| (strsim::jaro_winkler(id, &q.id), q.id.as_str()))
        .filter(|(similarity, _)| *similarity > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, id)| id)
}
