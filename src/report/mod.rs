//! Output formats, one file per format behind one small trait. Every format
//! renders every kind of document partnerscope writes: a result (one person
//! or a group round), an aggregate, and a comparison.

pub(crate) mod csv;
pub(crate) mod evidence;
pub(crate) mod form;
pub(crate) mod html;
pub(crate) mod json;
pub(crate) mod markdown;
pub(crate) mod table;
pub(crate) mod terminal_text;

use crate::core::content::Content;
use crate::core::model::document::Document;

/// How a document is rendered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Table,
    Json,
    Markdown,
    Csv,
    Html,
}

/// Which CSV table to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum CsvTable {
    /// One row per partnership × member × question.
    #[default]
    Answers,
    /// One row per component score.
    Components,
}

/// Settings that shape rendering but not content.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RenderOptions<'c> {
    pub colour: bool,
    pub csv_table: CsvTable,
    /// Start a CSV with a UTF-8 byte-order mark, so spreadsheets opened by
    /// double-click read it as UTF-8.
    pub bom: bool,
    pub content: &'c Content,
}

impl<'c> RenderOptions<'c> {
    pub(crate) fn plain(content: &'c Content) -> Self {
        RenderOptions {
            colour: false,
            csv_table: CsvTable::default(),
            bom: true,
            content,
        }
    }
}

/// Whether a link may be made to `url`: web addresses only. Anything else
/// (`javascript:`, `data:`, a file path) is shown as text, since a result
/// file may have been edited by hand.
pub(crate) fn is_web_address(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    lower.starts_with("https://") || lower.starts_with("http://")
}

pub(crate) trait Exporter {
    fn render(&self, doc: &Document, options: RenderOptions) -> anyhow::Result<String>;
}

pub(crate) fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter),
        Format::Json => Box::new(json::JsonExporter),
        Format::Markdown => Box::new(markdown::MarkdownExporter),
        Format::Csv => Box::new(csv::CsvExporter),
        Format::Html => Box::new(html::HtmlExporter),
    }
}
