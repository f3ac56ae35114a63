//! The document as JSON, in its documented, versioned shape.

use super::{Exporter, RenderOptions};
use crate::core::model::document::Document;

pub(crate) struct JsonExporter;

impl Exporter for JsonExporter {
    fn render(&self, doc: &Document, _: RenderOptions) -> anyhow::Result<String> {
        let text = match doc {
            Document::Result(r) => serde_json::to_string_pretty(r)?,
            Document::Aggregate(a) => serde_json::to_string_pretty(a)?,
            Document::Compare(c) => serde_json::to_string_pretty(c)?,
        };
        Ok(text + "\n")
    }
}
