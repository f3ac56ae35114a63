//! Making untrusted text safe to show: control characters become visible
//! escapes, so text from a file can neither drive a terminal (clear the
//! screen, set the clipboard, retitle the window) nor forge extra lines.

use std::borrow::Cow;

/// Whether `c` could act on a terminal or hide what the text says: C0 and C1
/// controls, DEL, and the bidirectional overrides that reorder a line.
pub fn is_hostile_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// `text` with every hostile character written as an escape (`\u{1b}`,
/// `\n`). Line breaks and tabs stay as they are when `keep_layout` is set.
pub fn escape_controls(text: &str, keep_layout: bool) -> Cow<'_, str> {
    let kept = |c: char| keep_layout && matches!(c, '\n' | '\t');
    // Most text is plain printable ASCII, which a byte scan settles quickly.
    let plain = |b: u8| (b' '..=b'~').contains(&b) || kept(char::from(b));
    if text.bytes().all(plain) || !text.chars().any(|c| is_hostile_char(c) && !kept(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if kept(c) || !is_hostile_char(c) => out.push(c),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c => out.extend(c.escape_unicode()),
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible() {
        let osc52 = "Riverside\u{1b}]52;c;ZWNobw==\u{7}\u{1b}[2J";
        assert_eq!(
            escape_controls(osc52, true),
            "Riverside\\u{1b}]52;c;ZWNobw==\\u{7}\\u{1b}[2J"
        );
        assert_eq!(
            escape_controls("a\u{9b}b\u{202e}c", true),
            "a\\u{9b}b\\u{202e}c"
        );
    }

    #[test]
    fn layout_is_kept_only_when_asked() {
        assert_eq!(escape_controls("one\ntwo\tthree", true), "one\ntwo\tthree");
        assert_eq!(escape_controls("one\ntwo\r", false), "one\\ntwo\\r");
        assert!(matches!(
            escape_controls("plain é ✓", false),
            Cow::Borrowed(_)
        ));
    }
}
