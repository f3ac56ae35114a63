//! Submissions: each checked with the rules of an answers file and written
//! atomically as its own file, and the live count of who has started and
//! finished each part.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::sync::Mutex;

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::core::answer::{parse, Syntax};
use crate::core::content::{BankId, Content};
use crate::io::write::write_atomically;

/// What the terminal is told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Event {
    /// The count of members changed.
    Changed,
    /// The facilitator closed the collection.
    Close,
}

/// Why a request was refused, as the member's page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Refusal {
    Invalid(String),
    Closed,
    /// The answers were fine but could not be written; the reason is for the
    /// facilitator's terminal, not for the member's page.
    NotSaved(String),
}

/// A member's answers as the page sends them: the browser's random id, kept
/// in its storage so that sending again replaces the earlier answers, and an
/// answers file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Submission {
    id: String,
    /// Kept as sent, so it is checked as an answers file is, duplicate keys
    /// and all, and problems point into what the member sent.
    answers: Box<serde_json::value::RawValue>,
}

/// The page's word that a member has begun a part.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Started {
    id: String,
    part: BankId,
}

/// Members counted per part: who has begun it and who has sent answers to it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Counts {
    pub parts: Vec<(BankId, usize, usize)>,
    pub members: usize,
}

#[derive(Debug, Default)]
struct State {
    closed: bool,
    /// Keyed by the member's file key.
    started: BTreeMap<BankId, BTreeSet<String>>,
    /// The parts each saved answers file answers, keyed by the member's file key.
    finished: BTreeMap<String, BTreeSet<BankId>>,
}

pub(super) struct Store {
    content: Content,
    dir: PathBuf,
    partnership: String,
    parts: Vec<BankId>,
    state: Mutex<State>,
    notify: Sender<Event>,
}

impl Store {
    /// A store over `dir`, counting the answers files already there (from an
    /// earlier run of the same workshop) as finished.
    pub(super) fn new(
        content: Content,
        dir: &Path,
        partnership: &str,
        parts: Vec<BankId>,
        notify: Sender<Event>,
    ) -> Self {
        let mut state = State::default();
        for (key, sheet_parts) in existing_answers(dir, &content) {
            state.finished.insert(key, sheet_parts);
        }
        Store {
            content,
            dir: dir.to_path_buf(),
            partnership: partnership.to_string(),
            parts,
            state: Mutex::new(state),
            notify,
        }
    }

    pub(super) fn content(&self) -> &Content {
        &self.content
    }

    /// Checks a submission and writes it to its member's file, replacing what
    /// the same member sent before.
    pub(super) fn submit(&self, body: &[u8]) -> Result<(), Refusal> {
        let submission: Submission = serde_json::from_slice(body)
            .map_err(|e| Refusal::Invalid(format!("not a submission of answers: {e}")))?;
        let key = file_key(&submission.id, &self.partnership)?;
        let sent = submission.answers.get();
        let sheet =
            parse("answers", sent, Syntax::Json, &self.content).map_err(Refusal::Invalid)?;
        let text = serde_json::from_str::<serde_json::Value>(sent)
            .and_then(|answers| serde_json::to_string_pretty(&answers))
            .map_err(|e| Refusal::Invalid(e.to_string()))?
            + "\n";
        if sheet.partnership != self.partnership {
            return Err(Refusal::Invalid(format!(
                "answers: these answers are for '{}', but this collection is for '{}'",
                sheet.partnership, self.partnership
            )));
        }
        if sheet.content_fingerprint.as_deref() != Some(self.content.fingerprint.as_str()) {
            return Err(Refusal::Invalid(
                "answers: they were given on another version of the questionnaire; reload the page and send again".into(),
            ));
        }
        if let Some(part) = sheet.parts.iter().find(|p| !self.parts.contains(p)) {
            return Err(Refusal::Invalid(format!(
                "answers: the {part} part is not asked in this collection"
            )));
        }
        let answered: BTreeSet<BankId> = sheet
            .response
            .answers
            .keys()
            .filter_map(|id| self.content.question(id).map(|(bank, _)| bank))
            .collect();
        let path = self.dir.join(format!("answers-{key}.json"));
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        // Checked under the lock that closing takes, so nothing is written
        // once the facilitator has closed the collection.
        if state.closed {
            return Err(Refusal::Closed);
        }
        write_atomically(&path, &text, true).map_err(|e| Refusal::NotSaved(format!("{e:#}")))?;
        state.finished.insert(key, answered);
        drop(state);
        let _ = self.notify.send(Event::Changed);
        Ok(())
    }

    /// Notes that a member has begun a part.
    pub(super) fn started(&self, body: &[u8]) -> Result<(), Refusal> {
        let started: Started = serde_json::from_slice(body)
            .map_err(|e| Refusal::Invalid(format!("not a progress note: {e}")))?;
        let key = file_key(&started.id, &self.partnership)?;
        if !self.parts.contains(&started.part) {
            return Err(Refusal::Invalid(format!(
                "the {} part is not asked in this collection",
                started.part
            )));
        }
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if state.closed {
            return Err(Refusal::Closed);
        }
        let added = state.started.entry(started.part).or_default().insert(key);
        drop(state);
        if added {
            let _ = self.notify.send(Event::Changed);
        }
        Ok(())
    }

    /// Stops taking answers. Returns once any answers being written are on
    /// disk, so nothing is left half-written when the program ends.
    pub(super) fn close(&self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
    }

    pub(super) fn counts(&self) -> Counts {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let parts = self
            .parts
            .iter()
            .map(|&part| {
                let finished: BTreeSet<&String> = state
                    .finished
                    .iter()
                    .filter(|(_, parts)| parts.contains(&part))
                    .map(|(key, _)| key)
                    .collect();
                let started = state
                    .started
                    .get(&part)
                    .into_iter()
                    .flatten()
                    .chain(finished.iter().copied())
                    .collect::<BTreeSet<_>>()
                    .len();
                (part, started, finished.len())
            })
            .collect();
        Counts {
            parts,
            members: state.finished.len(),
        }
    }
}

/// The name of a member's file, made from the browser's random id and the
/// partnership: a hash, so no part of a file name is ever taken from a
/// request, and the same browser at another partnership's collection into
/// the same folder never replaces the first one's file.
fn file_key(id: &str, partnership: &str) -> Result<String, Refusal> {
    let well_formed = id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit());
    if !well_formed {
        return Err(Refusal::Invalid(
            "id: not a member id (32 hexadecimal digits)".into(),
        ));
    }
    let digest = Sha256::digest(format!("{}\n{partnership}", id.to_ascii_lowercase()));
    Ok(digest[..8].iter().map(|b| format!("{b:02x}")).collect())
}

/// Answers files a collection wrote into `dir` earlier, with the parts each answers.
fn existing_answers(dir: &Path, content: &Content) -> Vec<(String, BTreeSet<BankId>)> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?;
            let key = name.strip_prefix("answers-")?.strip_suffix(".json")?;
            let text = std::fs::read_to_string(&path).ok()?;
            let sheet = parse(name, &text, Syntax::Json, content).ok()?;
            let parts = sheet
                .response
                .answers
                .keys()
                .filter_map(|id| content.question(id).map(|(bank, _)| bank))
                .collect();
            Some((key.to_string(), parts))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::file_key;

    #[test]
    fn one_browser_at_two_partnerships_keeps_two_files() {
        let id = "0123456789abcdef0123456789abcdef";
        let riverside = file_key(id, "Riverside").unwrap();
        assert_eq!(
            riverside,
            file_key(&id.to_uppercase(), "Riverside").unwrap()
        );
        assert_ne!(riverside, file_key(id, "Harbourside").unwrap());
    }
}
