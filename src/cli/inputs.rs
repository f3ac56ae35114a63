//! What several commands read: results, aggregates and comparisons, and
//! answers files scored into results on the way in.

use super::args::AggregateArgs;
use super::messages;
use crate::core::aggregate::{AggregateOptions, Aggregator, Folded, Pairs, ResultInput, Scorer};
use crate::core::answer::{AnswerSheet, Scalar, Text};
use crate::core::assess::assess_sheet;
use crate::core::compare::Snapshot;
use crate::core::content::Content;
use crate::core::model::aggregate::Invalid;
use crate::core::model::aggregate::{EachProfile, Profiles};
use crate::core::model::document::Document;
use crate::core::model::kind::DocumentKind;
use crate::core::model::result::RESULT_SCHEMA_VERSION;
use crate::error::Failure;
use crate::io::answers;
use crate::io::documents::{read_all, split_answers_files, Rejection};
use crate::io::opened::{open_document, read_snapshot, Opened};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

/// Reads every result named and folds it into an aggregate. Results are
/// parsed and scored on several threads and folded in the order they are
/// read, so the aggregate is the same however many threads there are.
pub(super) fn aggregate<'c>(
    content: &'c Content,
    args: &AggregateArgs,
) -> anyhow::Result<Aggregated<'c>> {
    let options = AggregateOptions {
        by_partnership: args.by.is_some(),
        named: args.named,
        allow_mixed: args.allow_mixed,
    };
    let threads = threads()?;
    let scorer = Scorer::new(content, options);
    let mut aggregator = Aggregator::new(content, options);
    let mut invalid = Vec::new();
    let (result_files, answers_files) = split_answers_files(&args.files);
    for path in &answers_files {
        let scored = answers::read(path, content)
            .map_err(|failure| failure.message)
            .and_then(|sheet| {
                let values = sheet.response.answers_as_values();
                scorer.score(&result_input(&sheet, &values, content))
            });
        match scored {
            Ok(scored) => aggregator.add(scored),
            Err(error) => {
                let bad = unreadable_answers(path, error);
                if !args.skip_invalid {
                    return Err(Failure::input(bad.to_string()).into());
                }
                messages::info(format!("skipped {bad}"));
                invalid.push(bad);
            }
        }
    }
    read_all(
        &result_files,
        messages::progress_wanted(),
        threads,
        |text| {
            let doc: ResultInput =
                serde_json::from_str(text).map_err(|e| match (e.classify(), other_kind(text)) {
                    (serde_json::error::Category::Data, Some(refusal)) => {
                        Rejection::Refused(refusal)
                    }
                    _ => Rejection::Json(e),
                })?;
            scorer.score(&doc).map_err(Rejection::Refused)
        },
        |scored| aggregator.add(scored),
        |bad| {
            if args.skip_invalid {
                messages::info(format!("skipped {bad}"));
                invalid.push(bad);
                Ok(())
            } else {
                Err(bad)
            }
        },
    )
    .map_err(|bad| Failure::input(bad.to_string()))?;
    let skipped = invalid.len();
    let folded = aggregator.into_folded().map_err(Failure::input)?;
    if skipped > 0 {
        messages::info(format!("{skipped} invalid result(s) skipped"));
    }
    messages::detail(format!(
        "aggregated {} results from {} members",
        folded.results, folded.members
    ));
    Ok(Aggregated { folded, invalid })
}

/// Why a document that is not a result cannot be aggregated, when it says
/// what kind of document it is.
fn other_kind(text: &str) -> Option<String> {
    #[derive(serde::Deserialize)]
    struct Kind {
        kind: String,
    }
    let kind = serde_json::from_str::<Kind>(text).ok()?.kind;
    (kind != "result").then(|| {
        format!("a document of kind '{kind}', not a result: aggregate reads the results of assess")
    })
}

/// A folded aggregate ready to be written: each profile is finished only
/// when the exporter reaches it.
pub(super) struct Aggregated<'c> {
    folded: Folded<'c>,
    invalid: Vec<Invalid>,
}

impl Aggregated<'_> {
    pub(super) fn members(&self) -> u64 {
        self.folded.members
    }
}

impl Profiles for Aggregated<'_> {
    fn count(&self) -> usize {
        self.folded.len()
    }

    fn each(&self, each: &mut EachProfile) -> anyhow::Result<()> {
        self.folded
            .finished()
            .try_for_each(|profile| each(&profile))
    }

    fn invalid(&self) -> &[Invalid] {
        &self.invalid
    }
}

/// The most threads `PARTNERSCOPE_THREADS` may ask for: far more than help,
/// and few enough that the system never refuses to start them.
const MAX_THREADS: usize = 64;

/// How many threads read results: `PARTNERSCOPE_THREADS` (at most
/// [`MAX_THREADS`]), or one per core.
fn threads() -> Result<usize, Failure> {
    match std::env::var("PARTNERSCOPE_THREADS") {
        Ok(value) => value
            .trim()
            .parse::<usize>()
            .map(|n| n.clamp(1, MAX_THREADS))
            .map_err(|_| {
                Failure::input(format!(
                    "PARTNERSCOPE_THREADS is '{value}'; give a whole number of threads"
                ))
            }),
        Err(_) => Ok(std::thread::available_parallelism().map_or(1, usize::from)),
    }
}

/// An answers file as aggregation reads a result: its answers, given as
/// `values`, scored on the way in.
fn result_input<'a>(
    sheet: &'a AnswerSheet,
    values: &'a BTreeMap<String, Value>,
    content: &'a Content,
) -> ResultInput<'a> {
    let text = |s: &'a str| Text(Cow::Borrowed(s));
    ResultInput {
        schema_version: RESULT_SCHEMA_VERSION,
        kind: DocumentKind::Result,
        content_fingerprint: Cow::Borrowed(
            sheet
                .content_fingerprint
                .as_deref()
                .unwrap_or(&content.fingerprint),
        ),
        partnership: Cow::Borrowed(&sheet.partnership),
        member: sheet.response.member.clone(),
        date: sheet.date.clone(),
        parts: sheet.parts.clone(),
        answers: Pairs(
            values
                .iter()
                .map(|(id, value)| (text(id), Scalar::of(value)))
                .collect(),
        ),
        members: Vec::new(),
        notes: Pairs(
            sheet
                .response
                .notes
                .iter()
                .map(|(id, note)| (text(id), text(note)))
                .collect(),
        ),
    }
}

/// An answers file that could not be read or scored, named once.
fn unreadable_answers(path: &Path, error: String) -> Invalid {
    let file = path.display().to_string();
    let error = match error.strip_prefix(&file) {
        Some(rest) => rest.trim_start_matches([':', ' ']).to_string(),
        None => error,
    };
    Invalid {
        file,
        line: 0,
        error,
    }
}

/// A result, aggregate or comparison, or an answers file scored into a result.
pub(super) fn read_document_or_answers(path: &Path, content: &Content) -> anyhow::Result<Opened> {
    let scored = |path: &Path| -> anyhow::Result<Opened> {
        let sheet = answers::read(path, content)?;
        let result = assess_sheet(content, &sheet);
        Ok(Opened::Whole(Document::Result(Box::new(result))))
    };
    if is_toml(path) {
        return scored(path);
    }
    // A document says what it is; only a JSON file that does not is looked
    // at again as answers, so a large document is not read twice first.
    match open_document(path) {
        Err(_) if is_answers_file(path) => scored(path),
        opened => opened,
    }
}

/// What `compare` reads: a result or aggregate, or an answers file scored into a result.
pub(super) fn read_snapshot_or_answers(path: &Path, content: &Content) -> anyhow::Result<Snapshot> {
    let scored = |path: &Path| -> anyhow::Result<Snapshot> {
        let sheet = answers::read(path, content)?;
        Ok(Snapshot::from_result(&assess_sheet(content, &sheet)))
    };
    if is_toml(path) {
        return scored(path);
    }
    match read_snapshot(path) {
        Err(_) if is_answers_file(path) => scored(path),
        snapshot => snapshot,
    }
}

fn is_toml(path: &Path) -> bool {
    path.is_file()
        && path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// Whether a file named on the command line is an answers file.
fn is_answers_file(path: &Path) -> bool {
    !split_answers_files(&[path.to_path_buf()]).1.is_empty()
}
