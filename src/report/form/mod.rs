//! The questionnaire page members fill in themselves: one self-contained
//! HTML file with inline CSS and a small inline script, and no network
//! request of any kind. The same page is written by `form` to be emailed and
//! served by `collect` during a workshop; only its mode differs.

use std::fmt::Write;

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::core::content::{AnswerFormat, BankId, Content, Framework, Question, DONT_KNOW};
use crate::report::html::escape;

const TEMPLATE: &str = include_str!("form.html");
const STYLE: &str = include_str!("form.css");
const SCRIPT: &str = include_str!("form.js");

/// Where the page is used: saved to a file, or sent to a collection server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Opened from a file; answers are saved as a downloaded answers file.
    Offline,
    /// Served by `collect`; answers are sent back to the page's own server.
    Collect,
}

impl Mode {
    fn as_str(self) -> &'static str {
        match self {
            Mode::Offline => "offline",
            Mode::Collect => "collect",
        }
    }
}

/// What the questionnaire asks and for whom.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Questionnaire<'a> {
    pub content: &'a Content,
    pub partnership: &'a str,
    pub parts: &'a [BankId],
    /// The day the page was made (YYYY-MM-DD), used when the browser's clock is unusable.
    pub date: &'a str,
}

/// A rendered page and the Content-Security-Policy that lets exactly its own
/// style and script run.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    pub html: String,
    pub csp: String,
}

/// The policy for the page: nothing may load or run except the inline style
/// and script, named by their hashes. Served pages may also talk back to
/// their own server.
pub(crate) fn content_security_policy(mode: Mode) -> String {
    let connect = match mode {
        Mode::Offline => "'none'",
        Mode::Collect => "'self'",
    };
    format!(
        "default-src 'none'; script-src '{}'; style-src '{}'; connect-src {connect}; img-src 'none'; form-action 'none'; base-uri 'none'",
        hash_source(SCRIPT),
        hash_source(STYLE)
    )
}

/// A CSP hash source (`sha256-…`) for an inline element's exact text.
fn hash_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

pub(crate) fn render(q: &Questionnaire, mode: Mode) -> Page {
    let csp = content_security_policy(mode);
    let title = format!("Questionnaire: {}", q.partnership);
    let parts: Vec<&str> = q.parts.iter().map(|p| p.as_str()).collect();
    let parts = escape(&parts.join(" "));
    let html = fill(
        TEMPLATE,
        &[
            ("csp", &escape(&csp)),
            ("title", &escape(&title)),
            ("partnership", &escape(q.partnership)),
            ("mode", mode.as_str()),
            ("fingerprint", &escape(&q.content.fingerprint)),
            ("parts", &parts),
            ("date", &escape(q.date)),
            ("intro", intro(mode)),
            ("questions", &questions(q)),
            ("style", STYLE),
            ("script", SCRIPT),
        ],
    );
    Page { html, csp }
}

/// Replaces each `{{key}}` of the template in one pass, so that text put in
/// (a partnership's name, say) is never read as a placeholder itself.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .expect("placeholders in the template are closed");
        let key = &after[..end];
        let value = values
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| *v)
            .expect("every placeholder in the template has a value");
        out.push_str(value);
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

fn intro(mode: Mode) -> &'static str {
    match mode {
        Mode::Offline => "Your answers are kept in this browser as you go, so you can close the page and come back. Nothing is sent anywhere. When you have finished, press <strong>Save my answers</strong> and send the file it saves to your facilitator.",
        Mode::Collect => "Your answers are kept in this browser as you go. When you have finished, press <strong>Send my answers</strong>; they go only to the facilitator's computer, and nobody else sees them. You can change them and send again until the facilitator closes the collection.",
    }
}

/// Every question of the chosen parts, grouped by part and by what it informs.
fn questions(q: &Questionnaire) -> String {
    let mut out = String::new();
    let mut number = 0;
    for &part in q.parts {
        let bank = q.content.bank(part);
        let _ = writeln!(
            out,
            "<section class=\"part\" id=\"part-{id}\" aria-labelledby=\"part-{id}-title\">\n<h2 id=\"part-{id}-title\">{name}</h2>\n<p class=\"summary\">{summary}</p>\n<p class=\"part-progress\" data-part-progress=\"{id}\"></p>",
            id = part.as_str(),
            name = escape(&bank.name),
            summary = escape(&bank.summary),
        );
        let mut group: Option<String> = None;
        for question in &bank.questions {
            let heading = group_of(question, &q.content.framework);
            if heading.is_some() && heading != group {
                let _ = writeln!(
                    out,
                    "<h3>{}</h3>",
                    escape(heading.as_deref().unwrap_or_default())
                );
                group = heading;
            }
            number += 1;
            write_question(&mut out, part, question, number);
        }
        out.push_str("</section>\n");
    }
    out
}

/// The component, precondition or key step a question informs first, by name.
fn group_of(question: &Question, fw: &Framework) -> Option<String> {
    let measure = question.measures.first()?;
    if let Some(c) = measure.component.as_deref() {
        return fw.component(c).map(|c| c.name.clone());
    }
    if let Some(p) = measure.precondition.as_deref() {
        return fw.precondition(p).map(|p| p.name.clone());
    }
    let step = measure.step.as_deref()?;
    fw.key_step(step).map(|s| s.name.clone())
}

fn write_question(out: &mut String, part: BankId, q: &Question, number: usize) {
    let id = escape(&q.id);
    let described = q
        .help
        .as_ref()
        .map(|_| format!(" aria-describedby=\"help-{id}\""))
        .unwrap_or_default();
    let _ = writeln!(
        out,
        "<fieldset class=\"question\" id=\"q-{id}\" data-question=\"{id}\" data-part=\"{part}\" data-kind=\"{kind}\"{described}>\n<legend><span class=\"number\">{number}.</span> {text}</legend>",
        kind = q.kind.as_str(),
        text = escape(&q.text),
    );
    if let Some(help) = &q.help {
        let _ = writeln!(
            out,
            "<p class=\"help\" id=\"help-{id}\">{}</p>",
            escape(help)
        );
    }
    match &q.format {
        AnswerFormat::Text => {
            let _ = writeln!(
                out,
                "<label class=\"text-answer\" for=\"a-{id}\">Your answer</label>\n<textarea id=\"a-{id}\" name=\"{id}\" rows=\"3\"></textarea>"
            );
        }
        format => {
            out.push_str("<div class=\"options\">\n");
            for (value, label) in format.labelled_values() {
                option(out, &id, &escape(&value), &escape(&label), "");
            }
            option(out, &id, DONT_KNOW, "Don't know", " dont-know");
            out.push_str("</div>\n");
            let _ = writeln!(
                out,
                "<label class=\"note-label\" for=\"n-{id}\">Note (optional)</label>\n<textarea class=\"note\" id=\"n-{id}\" data-note=\"{id}\" rows=\"2\"></textarea>"
            );
        }
    }
    out.push_str("</fieldset>\n");
}

fn option(out: &mut String, id: &str, value: &str, label: &str, class: &str) {
    let _ = writeln!(
        out,
        "<label class=\"option{class}\"><input type=\"radio\" name=\"{id}\" value=\"{value}\"> <span>{label}</span></label>"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(mode: Mode) -> Page {
        let content = crate::core::content::bundled().unwrap();
        render(
            &Questionnaire {
                content: &content,
                partnership: "Riverside <\"CEP\">",
                parts: &BankId::ALL,
                date: "2026-11-23",
            },
            mode,
        )
    }

    #[test]
    fn every_question_has_a_fieldset_and_dont_know_on_scored_ones() {
        let content = crate::core::content::bundled().unwrap();
        let html = page(Mode::Offline).html;
        for (_, q) in content.questions() {
            assert!(
                html.contains(&format!("data-question=\"{}\"", q.id)),
                "{}",
                q.id
            );
            let dont_know = format!("name=\"{}\" value=\"{DONT_KNOW}\"", q.id);
            assert_eq!(html.contains(&dont_know), q.is_scored(), "{}", q.id);
        }
    }

    #[test]
    fn the_policy_names_the_exact_inline_script_and_style() {
        let served = page(Mode::Collect);
        assert!(served.csp.contains(&hash_source(SCRIPT)));
        assert!(served.csp.contains(&hash_source(STYLE)));
        assert!(!served.csp.contains("unsafe-inline"));
        assert!(served.html.contains(&format!("<script>{SCRIPT}</script>")));
        assert!(served.html.contains(&format!("<style>{STYLE}</style>")));
        assert!(served.csp.contains("connect-src 'self'"));
        assert!(page(Mode::Offline).csp.contains("connect-src 'none'"));
    }

    #[test]
    fn text_put_in_is_never_read_as_a_placeholder() {
        assert_eq!(
            fill("<{{a}}|{{b}}>", &[("a", "{{b}}"), ("b", "x")]),
            "<{{b}}|x>"
        );
    }

    #[test]
    fn the_partnership_name_is_escaped() {
        let html = page(Mode::Offline).html;
        assert!(html.contains("Riverside &lt;&quot;CEP&quot;&gt;"));
        assert!(!html.contains("Riverside <\"CEP\">"));
    }
}
