//! Answers templates: every question with its id, kind and allowed values,
//! ready to fill in for a scripted assessment.

use std::fmt::Write;

use serde_json::json;

use crate::core::answer::DONT_KNOW;
use crate::core::content::{BankId, Content, Question, QuestionKind};

/// A TOML answers file with every question as a comment above an empty answer.
pub(crate) fn toml(content: &Content, banks: &[BankId], today: &str) -> String {
    let mut out = String::new();
    out.push_str("# partnerscope answers file\n");
    out.push_str("# Fill in the answers you have and leave the rest as \"\".\n");
    let _ = writeln!(
        out,
        "# Scored questions also accept \"{DONT_KNOW}\", which is left out of the scores."
    );
    out.push_str("# Then run: partnerscope assess --answers THIS-FILE\n");
    out.push_str("# The scores that follow are members' own views, a start for discussion,\n");
    out.push_str("# not a grade: there is no single right way to work in partnership.\n\n");
    out.push_str("schema_version = 1\npartnership = \"\"\nmember = \"\"\n");
    let _ = writeln!(out, "date = {}", quoted(today));
    let parts: Vec<String> = banks.iter().map(|b| quoted(b.as_str())).collect();
    let _ = writeln!(
        out,
        "# The parts this file answers: self-reflection, readiness, key-steps."
    );
    let _ = writeln!(out, "parts = [{}]", parts.join(", "));
    out.push_str("\n[answers]\n");
    for &bank_id in banks {
        let bank = content.bank(bank_id);
        let _ = writeln!(out, "\n# ==== {} ({}) ====", bank.name, bank.id);
        for q in &bank.questions {
            write_question(&mut out, q);
        }
    }
    out.push_str("\n# Optional notes, keyed by question id, e.g.\n# sr-shared-vision = \"Agreed at the March steering group\"\n[notes]\n");
    out
}

fn write_question(out: &mut String, q: &Question) {
    out.push('\n');
    for line in textwrap::wrap(&q.text, 76) {
        let _ = writeln!(out, "# {line}");
    }
    let notes = [
        ("Why it matters", &q.help),
        ("Evidence to look for", &q.evidence),
    ];
    for (label, text) in notes {
        if let Some(text) = text {
            for line in textwrap::wrap(&format!("{label}: {text}"), 74) {
                let _ = writeln!(out, "#   {line}");
            }
        }
    }
    let _ = writeln!(out, "# kind: {}; {}", q.kind.as_str(), allowed_text(q));
    let _ = writeln!(out, "{} = \"\"", q.id);
}

fn allowed_text(q: &Question) -> String {
    if q.kind == QuestionKind::Text {
        return "any text".to_string();
    }
    let values: Vec<String> = q
        .format
        .labelled_values()
        .into_iter()
        .map(|(value, label)| match q.kind {
            QuestionKind::Scale => format!("{value} = {label}"),
            _ => format!("\"{value}\" ({label})"),
        })
        .collect();
    format!("{}, or \"{DONT_KNOW}\"", values.join(", "))
}

/// A JSON answers file: empty answers (null) plus a description of each question.
pub(crate) fn json(content: &Content, banks: &[BankId], today: &str) -> serde_json::Result<String> {
    let selected: Vec<(BankId, &Question)> = content
        .questions()
        .filter(|(bank, _)| banks.contains(bank))
        .collect();
    let answers: serde_json::Map<String, serde_json::Value> = selected
        .iter()
        .map(|(_, q)| (q.id.clone(), serde_json::Value::Null))
        .collect();
    let questions: Vec<serde_json::Value> = selected
        .iter()
        .map(|(bank, q)| {
            let mut allowed = q.format.allowed_values();
            if q.is_scored() {
                allowed.push(DONT_KNOW.to_string());
            }
            json!({
                "id": q.id,
                "bank": bank,
                "kind": q.kind.as_str(),
                "text": q.text,
                "help": q.help,
                "evidence": q.evidence,
                "allowed": allowed,
                "labels": q.format.labelled_values().into_iter().map(|(v, l)| json!({"value": v, "label": l})).collect::<Vec<_>>(),
            })
        })
        .collect();
    let doc = json!({
        "schema_version": 1,
        "partnership": "",
        "member": "",
        "date": today,
        "parts": banks,
        "answers": answers,
        "notes": {},
        "questions": questions,
    });
    Ok(serde_json::to_string_pretty(&doc)? + "\n")
}

fn quoted(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}
