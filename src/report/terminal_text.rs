//! The one way text from files reaches a terminal: control characters (and
//! the bidirectional overrides) shown as visible escapes such as `\u{1b}`,
//! so a name or note cannot clear the screen, write to the clipboard, set
//! the window title or forge a line of output.

use std::borrow::Cow;

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::core::text::escape_controls;

/// `text` safe to print; line breaks and tabs are kept.
pub(crate) fn for_terminal(text: &str) -> Cow<'_, str> {
    escape_controls(text, true)
}

/// `text` safe to print on one line: line breaks are shown as `\n` too.
pub(crate) fn for_terminal_line(text: &str) -> Cow<'_, str> {
    escape_controls(text, false)
}

/// A copy of a document with every text in it (map keys included) made safe
/// to print, so a renderer cannot forget a field.
pub(crate) fn document_for_terminal<T: Serialize + DeserializeOwned>(doc: &T) -> anyhow::Result<T> {
    let mut value = serde_json::to_value(doc)?;
    make_visible(&mut value);
    Ok(serde_json::from_value(value)?)
}

fn make_visible(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let Cow::Owned(escaped) = for_terminal(s) {
                *s = escaped;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(make_visible),
        Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut v) in entries {
                make_visible(&mut v);
                map.insert(for_terminal_line(&key).into_owned(), v);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_of_a_document_is_made_visible() {
        let doc = serde_json::json!({
            "partnership": "R\u{1b}[2J",
            "notes": { "k\u{1b}": ["\u{1b}]0;title\u{7}"] },
            "score": 4.5
        });
        let safe: Value = document_for_terminal(&doc).unwrap();
        assert_eq!(
            safe,
            serde_json::json!({
                "partnership": "R\\u{1b}[2J",
                "notes": { "k\\u{1b}": ["\\u{1b}]0;title\\u{7}"] },
                "score": 4.5
            })
        );
    }
}
