//! Output formats, one file per format behind one small trait. Every format
//! renders every kind of document partnerscope writes: a result (one person
//! or a group round), an aggregate, and a comparison.

pub mod aggregate_table;
pub mod csv;
pub mod html;
pub mod json;
pub mod markdown;
pub mod table;

use std::path::Path;

use serde_json::Value;

use crate::aggregate::AggregateReport;
use crate::compare::Comparison;
use crate::content::Content;
use crate::error::Failure;
use crate::result::AssessmentResult;

/// How a document is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Csv,
    Html,
}

/// Which CSV table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CsvTable {
    /// One row per partnership × member × question.
    #[default]
    Answers,
    /// One row per component score.
    Components,
}

/// Settings that shape rendering but not content.
#[derive(Debug, Clone, Copy)]
pub struct RenderOptions<'c> {
    pub colour: bool,
    pub csv_table: CsvTable,
    pub content: &'c Content,
}

impl<'c> RenderOptions<'c> {
    pub fn plain(content: &'c Content) -> Self {
        RenderOptions {
            colour: false,
            csv_table: CsvTable::default(),
            content,
        }
    }
}

/// Anything partnerscope writes and can report on.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    Result(Box<AssessmentResult>),
    Aggregate(Box<AggregateReport>),
    Compare(Box<Comparison>),
}

impl Document {
    /// Reads a result, aggregate or comparison, told apart by its `kind`.
    pub fn read(path: &Path) -> anyhow::Result<Document> {
        let shown = path.display().to_string();
        let text =
            std::fs::read_to_string(path).map_err(|e| Failure::input(format!("{shown}: {e}")))?;
        let value: Value = serde_json::from_str(&text).map_err(|e| {
            Failure::input(format!("{shown}:{}:{}: invalid JSON", e.line(), e.column()))
        })?;
        let kind = value
            .get("kind")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let doc = match kind.as_str() {
            "result" => serde_json::from_value(value).map(|r| Document::Result(Box::new(r))),
            "aggregate" => serde_json::from_value(value).map(|a| Document::Aggregate(Box::new(a))),
            "compare" => serde_json::from_value(value).map(|c| Document::Compare(Box::new(c))),
            _ => {
                return Err(Failure::input(format!(
                    "{shown}: not a partnerscope result, aggregate or comparison"
                ))
                .into())
            }
        };
        doc.map_err(|e| Failure::input(format!("{shown}: not a valid {kind}: {e}")).into())
    }
}

pub trait Exporter {
    fn render(&self, doc: &Document, options: RenderOptions) -> anyhow::Result<String>;
}

pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter),
        Format::Json => Box::new(json::JsonExporter),
        Format::Markdown => Box::new(markdown::MarkdownExporter),
        Format::Csv => Box::new(csv::CsvExporter),
        Format::Html => Box::new(html::HtmlExporter),
    }
}
