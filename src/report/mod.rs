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

use std::io::Write;

use crate::core::content::Content;
pub(crate) use crate::core::model::aggregate::Profiles;
use crate::core::model::comparison::Comparison;
use crate::core::model::document::Document;
use crate::core::model::result::AssessmentResult;

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

/// Writes out what has been rendered so far and empties the buffer, so a
/// long document is never held whole.
pub(crate) fn flush(out: &mut dyn Write, text: &mut String) -> std::io::Result<()> {
    out.write_all(text.as_bytes())?;
    text.clear();
    Ok(())
}

/// Renders each kind of document into a stream, so output of any size is
/// written as it is made.
pub(crate) trait Exporter {
    fn write_result(
        &self,
        out: &mut dyn Write,
        result: &AssessmentResult,
        options: RenderOptions,
    ) -> anyhow::Result<()>;

    fn write_aggregate(
        &self,
        out: &mut dyn Write,
        profiles: &dyn Profiles,
        options: RenderOptions,
    ) -> anyhow::Result<()>;

    fn write_compare(
        &self,
        out: &mut dyn Write,
        comparison: &Comparison,
        options: RenderOptions,
    ) -> anyhow::Result<()>;

    fn write(
        &self,
        out: &mut dyn Write,
        doc: &Document,
        options: RenderOptions,
    ) -> anyhow::Result<()> {
        match doc {
            Document::Result(r) => self.write_result(out, r, options),
            Document::Compare(c) => self.write_compare(out, c, options),
        }
    }

    /// The whole document as text, for small documents and tests.
    fn render(&self, doc: &Document, options: RenderOptions) -> anyhow::Result<String> {
        let mut out = Vec::new();
        self.write(&mut out, doc, options)?;
        Ok(String::from_utf8(out)?)
    }
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
