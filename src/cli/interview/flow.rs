//! The interactive interview as a pure flow over a small prompting interface,
//! so it runs the same against a terminal and against a script in tests.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::answer::{Answer, Response};
use crate::core::assess::Subject;
use crate::core::content::{AnswerFormat, BankId, Content, Question, QuestionKind};
use crate::core::scoring::spread::{spread, Spread};

/// Why a prompt did not return an answer.
#[derive(Debug)]
pub(crate) enum PromptError {
    /// Ctrl-C or end of input: stop, keeping what is saved.
    Interrupted,
    Failed(anyhow::Error),
}

pub(crate) type Prompted<T> = Result<T, PromptError>;

/// What the facilitator chose at a question.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reply {
    Answer(Answer),
    /// One answer per member in a group round (`None` for no answer).
    Group(Vec<Option<Answer>>),
    /// Left empty: a text question skipped.
    Skip,
    /// The current answer accepted as it is (Enter when coming back to a question).
    Keep,
    Back,
    AddNote,
}

/// Everything the prompter needs to show one question.
#[derive(Debug)]
pub(crate) struct QuestionView<'a> {
    pub question: &'a Question,
    pub part: &'a str,
    /// The component (or readiness precondition, or key step) the question informs.
    pub informs: String,
    /// 1-based position and the total.
    pub number: usize,
    pub total: usize,
    /// Group size, for a group round.
    pub members: Option<usize>,
    pub current: Vec<Option<Answer>>,
    pub note: Option<&'a str>,
    pub can_go_back: bool,
}

/// One line of the review: a question with its answer, note and mark.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ReviewEntry {
    pub number: usize,
    pub question: String,
    /// The answer as shown, or the members' answers as typed in a group round.
    pub answer: Option<String>,
    /// One person's answer is "don't know": counted apart from answers.
    pub dont_know: bool,
    pub note: Option<String>,
    pub marked: bool,
    /// In a group round: the members' answers split the room.
    pub split: bool,
}

/// What the facilitator asked for in the review.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ReviewChoice {
    Finish,
    /// Change the answer to question `i` (0-based).
    Change(usize),
    /// Mark question `i` to come back to, or clear its mark.
    ToggleMark(usize),
    /// Replace (`Some`) or remove (`None` text) the note of question `i`.
    SetNote(usize, Option<String>),
}

/// The small interface between the interview and whoever answers it.
pub(crate) trait Prompter {
    fn ask(&mut self, view: &QuestionView) -> Prompted<Reply>;
    /// A line of free text; `None` when left empty.
    fn ask_note(&mut self, prompt: &str) -> Prompted<Option<String>>;
    fn ask_line(&mut self, prompt: &str, default: &str) -> Prompted<String>;
    fn ask_parts(&mut self, all: &[(BankId, usize)]) -> Prompted<Vec<BankId>>;
    fn ask_group_size(&mut self) -> Prompted<Option<usize>>;
    /// Shows every answer (again when `list` is set) and asks what to do next.
    fn review(&mut self, entries: &[ReviewEntry], list: bool) -> Prompted<ReviewChoice>;
    fn tell(&mut self, message: &str);
}

pub(crate) const PROGRESS_KIND: &str = "progress";
const PROGRESS_SCHEMA_VERSION: u32 = 1;
/// How many members a group round may have, as on the command line.
pub(crate) const GROUP_SIZES: std::ops::RangeInclusive<usize> = 2..=60;

/// An interview in progress: what the progress file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Session {
    pub schema_version: u32,
    pub kind: String,
    pub content_fingerprint: String,
    pub partnership: String,
    pub member: Option<String>,
    pub date: String,
    pub parts: Vec<BankId>,
    /// Members in a group round; absent for one person.
    pub group_size: Option<usize>,
    /// The result file's name, written beside the progress file.
    pub output: String,
    /// The result's format when it is not JSON.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub format: Option<String>,
    /// Index of the next question to ask.
    pub position: usize,
    /// Answers per member (one entry for an individual), as written in answers files.
    pub members: Vec<StoredResponse>,
    /// Answers and notes for the whole room: free text in a group round.
    pub shared: StoredResponse,
    /// Questions marked in the review to come back to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub marked: Vec<String>,
    pub finished: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StoredResponse {
    pub member: Option<String>,
    pub answers: BTreeMap<String, Value>,
    pub notes: BTreeMap<String, String>,
}

/// Notes added to a question one after another are kept, joined with this.
const NOTE_SEPARATOR: &str = "; ";

impl Session {
    pub(crate) fn new(start: Respondents, date: &str, output: &str, fingerprint: &str) -> Self {
        let members = match start.group_size {
            Some(n) => (1..=n)
                .map(|i| StoredResponse {
                    member: Some(format!("member {i}")),
                    ..StoredResponse::default()
                })
                .collect(),
            None => vec![StoredResponse {
                member: start.member.clone(),
                ..StoredResponse::default()
            }],
        };
        Session {
            schema_version: PROGRESS_SCHEMA_VERSION,
            kind: PROGRESS_KIND.to_string(),
            content_fingerprint: fingerprint.to_string(),
            partnership: start.partnership,
            member: start.member,
            date: date.to_string(),
            parts: start.parts,
            group_size: start.group_size,
            output: output.to_string(),
            format: None,
            position: 0,
            members,
            shared: StoredResponse::default(),
            marked: Vec::new(),
            finished: false,
        }
    }

    /// Checks a session read from a file as carefully as an answers file:
    /// its shape first, then every answer against the content.
    pub(crate) fn check(&self, content: &Content) -> Result<(), String> {
        if self.kind != PROGRESS_KIND {
            return Err(format!("kind is '{}', not '{PROGRESS_KIND}'", self.kind));
        }
        if self.schema_version != PROGRESS_SCHEMA_VERSION {
            return Err(format!(
                "schema_version {} is not {PROGRESS_SCHEMA_VERSION}",
                self.schema_version
            ));
        }
        if self.parts.is_empty() {
            return Err("parts is empty: no questions to ask".to_string());
        }
        let expected = match self.group_size {
            Some(n) if !GROUP_SIZES.contains(&n) => {
                return Err(format!(
                    "group_size {n} is not from {} to {}",
                    GROUP_SIZES.start(),
                    GROUP_SIZES.end()
                ))
            }
            Some(n) => n,
            None => 1,
        };
        if self.members.len() != expected {
            return Err(format!(
                "members has {} entries; {expected} expected for {}",
                self.members.len(),
                match self.group_size {
                    Some(n) => format!("a group round of {n}"),
                    None => "one person".to_string(),
                }
            ));
        }
        let total = questions(content, &self.parts).len();
        if self.position > total {
            return Err(format!(
                "position {} is past the last of the {total} questions",
                self.position
            ));
        }
        if let Some(id) = self.marked.iter().find(|id| content.question(id).is_none()) {
            return Err(format!("marked question '{id}' is not in the content"));
        }
        self.responses(content)?;
        self.shared_response(content)?;
        Ok(())
    }

    pub(crate) fn is_group(&self) -> bool {
        self.group_size.is_some()
    }

    pub(crate) fn meta(&self) -> Subject {
        Subject {
            partnership: self.partnership.clone(),
            member: if self.is_group() {
                Some("group".to_string())
            } else {
                self.member.clone()
            },
            date: Some(self.date.clone()),
            parts: self.parts.clone(),
        }
    }

    /// The members' answers, checked against the content. Fails when the
    /// content changed since the session started and an answer no longer fits.
    pub(crate) fn responses(&self, content: &Content) -> Result<Vec<Response>, String> {
        self.members
            .iter()
            .map(|m| to_response(m, content))
            .collect()
    }

    pub(crate) fn shared_response(&self, content: &Content) -> Result<Response, String> {
        to_response(&self.shared, content)
    }

    fn answer_of(&self, member: usize, question: &str, content: &Content) -> Option<Answer> {
        let q = content.question(question)?.1;
        let value = self.members.get(member)?.answers.get(question)?;
        Answer::from_value(q, value).ok().flatten()
    }

    /// Where notes are kept: the room's in a group round, the person's otherwise.
    fn note_holder(&mut self) -> &mut StoredResponse {
        if self.is_group() {
            &mut self.shared
        } else {
            &mut self.members[0]
        }
    }

    fn note_of(&self, question: &str) -> Option<&str> {
        let holder = if self.is_group() {
            Some(&self.shared)
        } else {
            self.members.first()
        };
        holder?.notes.get(question).map(String::as_str)
    }

    /// Adds a note after any note the question already has.
    fn add_note(&mut self, question: &str, note: String) {
        let notes = &mut self.note_holder().notes;
        let joined = match notes.remove(question) {
            Some(earlier) => format!("{earlier}{NOTE_SEPARATOR}{note}"),
            None => note,
        };
        notes.insert(question.to_string(), joined);
    }

    fn replace_note(&mut self, question: &str, note: Option<String>) {
        let notes = &mut self.note_holder().notes;
        match note {
            Some(n) => notes.insert(question.to_string(), n),
            None => notes.remove(question),
        };
    }

    fn toggle_mark(&mut self, question: &str) {
        match self.marked.iter().position(|id| id == question) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(question.to_string()),
        }
    }

    fn set_answer(&mut self, member: usize, question: &str, answer: Option<&Answer>) {
        let answers = &mut self.members[member].answers;
        match answer {
            Some(a) => answers.insert(question.to_string(), a.to_value()),
            None => answers.remove(question),
        };
    }

    fn set_shared_answer(&mut self, question: &str, answer: Option<&Answer>) {
        match answer {
            Some(a) => self
                .shared
                .answers
                .insert(question.to_string(), a.to_value()),
            None => self.shared.answers.remove(question),
        };
    }

    /// The answers a question has now: one per member in a group round.
    fn current(&self, content: &Content, q: &Question) -> Vec<Option<Answer>> {
        if self.is_group() && q.is_scored() {
            (0..self.members.len())
                .map(|m| self.answer_of(m, &q.id, content))
                .collect()
        } else if self.is_group() {
            vec![self
                .shared
                .answers
                .get(&q.id)
                .and_then(|v| Answer::from_value(q, v).ok().flatten())]
        } else {
            vec![self.answer_of(0, &q.id, content)]
        }
    }
}

fn to_response(stored: &StoredResponse, content: &Content) -> Result<Response, String> {
    let mut answers = BTreeMap::new();
    for (id, value) in &stored.answers {
        let (_, q) = content
            .question(id)
            .ok_or_else(|| format!("question '{id}' is no longer in the content"))?;
        if let Some(a) =
            Answer::from_value(q, value).map_err(|e| format!("answer to '{id}': {e}"))?
        {
            answers.insert(id.clone(), a);
        }
    }
    Ok(Response {
        member: stored.member.clone(),
        answers,
        notes: stored.notes.clone(),
    })
}

/// The questions of the chosen parts, in the order they are asked.
pub(crate) fn questions<'c>(content: &'c Content, parts: &[BankId]) -> Vec<(BankId, &'c Question)> {
    content
        .questions()
        .filter(|(b, _)| parts.contains(b))
        .collect()
}

/// Who answers and which parts: what a session starts from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Respondents {
    pub partnership: String,
    pub member: Option<String>,
    pub parts: Vec<BankId>,
    pub group_size: Option<usize>,
}

/// Asks for whatever the flags did not give: partnership, member or group, parts.
pub(crate) fn ask_start(
    content: &Content,
    prompter: &mut dyn Prompter,
    partnership: Option<String>,
    member: Option<String>,
    parts: Option<Vec<BankId>>,
    group: Option<usize>,
) -> Prompted<Respondents> {
    let partnership = match partnership {
        Some(p) => p,
        None => loop {
            let p = prompter.ask_line("Partnership name", "")?;
            if !p.trim().is_empty() {
                break p.trim().to_string();
            }
            prompter.tell("A partnership name is needed to label the result.");
        },
    };
    let group = match (group, &member) {
        (Some(n), _) => Some(n),
        (None, Some(_)) => None,
        (None, None) => prompter.ask_group_size()?,
    };
    let member = match (group, member) {
        (Some(_), _) => None,
        (None, Some(m)) => Some(m),
        (None, None) => {
            let m = prompter.ask_line("Your name, or Enter for \"group\"", "group")?;
            Some(if m.trim().is_empty() {
                "group".to_string()
            } else {
                m.trim().to_string()
            })
        }
    };
    let parts = match parts {
        Some(p) => p,
        None => {
            let sizes: Vec<(BankId, usize)> = BankId::ALL
                .iter()
                .map(|&b| (b, questions(content, &[b]).len()))
                .collect();
            prompter.ask_parts(&sizes)?
        }
    };
    Ok(Respondents {
        partnership,
        member,
        parts,
        group_size: group,
    })
}

/// What the flow does after every change: save progress.
pub(crate) type Saver<'a> = dyn FnMut(&Session) -> anyhow::Result<()> + 'a;

/// Runs the interview from the session's position to the end and through the
/// review, saving after every change. An answer is saved before its
/// follow-up question is asked, so stopping there keeps it.
pub(crate) fn run(
    content: &Content,
    session: &mut Session,
    prompter: &mut dyn Prompter,
    save: &mut Saver,
) -> Prompted<()> {
    let list = questions(content, &session.parts);
    let mut saved = |s: &Session| save(s).map_err(PromptError::Failed);
    while session.position < list.len() {
        let i = session.position;
        let moved = ask_one(content, session, prompter, &list, i, true)?;
        match moved {
            Moved::Back => session.position = i - 1,
            Moved::Forward { .. } => session.position = i + 1,
            Moved::Stay => {}
        }
        saved(session)?;
        if moved == (Moved::Forward { follow_up: true }) {
            follow_up(session, prompter, list[i].1)?;
            saved(session)?;
        }
    }
    let mut list_again = true;
    loop {
        let entries = review_entries(content, session, &list);
        let choice = prompter.review(&entries, list_again)?;
        list_again = false;
        match choice {
            ReviewChoice::Finish => break,
            ReviewChoice::Change(i) if i < list.len() => loop {
                match ask_one(content, session, prompter, &list, i, false)? {
                    Moved::Stay => saved(session)?,
                    moved => {
                        saved(session)?;
                        if moved == (Moved::Forward { follow_up: true }) {
                            follow_up(session, prompter, list[i].1)?;
                            saved(session)?;
                        }
                        break;
                    }
                }
            },
            ReviewChoice::ToggleMark(i) if i < list.len() => {
                session.toggle_mark(&list[i].1.id);
                saved(session)?;
            }
            ReviewChoice::SetNote(i, note) if i < list.len() => {
                session.replace_note(&list[i].1.id, note);
                saved(session)?;
            }
            _ => prompter.tell(&format!(
                "There are {} questions; give a number from 1 to {}.",
                list.len(),
                list.len()
            )),
        }
    }
    session.finished = true;
    saved(session)
}

#[derive(Debug, PartialEq)]
enum Moved {
    Forward { follow_up: bool },
    Back,
    Stay,
}

fn ask_one(
    content: &Content,
    session: &mut Session,
    prompter: &mut dyn Prompter,
    list: &[(BankId, &Question)],
    i: usize,
    can_go_back: bool,
) -> Prompted<Moved> {
    let (bank, q) = list[i];
    let group_round = session.is_group() && q.is_scored();
    let view = QuestionView {
        question: q,
        part: content.bank(bank).name.as_str(),
        informs: informs(content, q),
        number: i + 1,
        total: list.len(),
        members: group_round.then_some(session.members.len()),
        current: session.current(content, q),
        note: session.note_of(&q.id),
        can_go_back: can_go_back && i > 0,
    };
    match prompter.ask(&view)? {
        Reply::Back if view.can_go_back => Ok(Moved::Back),
        Reply::Back => {
            prompter.tell(if can_go_back {
                "This is the first question; there is nothing before it."
            } else {
                "Answer this question, or press Enter to keep its answer."
            });
            Ok(Moved::Stay)
        }
        Reply::Keep => Ok(Moved::Forward { follow_up: false }),
        Reply::AddNote => {
            if let Some(note) = prompter.ask_note("Note on this question")? {
                session.add_note(&q.id, note);
            }
            Ok(Moved::Stay)
        }
        Reply::Skip => {
            if session.is_group() {
                session.set_shared_answer(&q.id, None);
            } else {
                session.set_answer(0, &q.id, None);
            }
            Ok(Moved::Forward { follow_up: false })
        }
        Reply::Answer(answer) => {
            if session.is_group() && !q.is_scored() {
                session.set_shared_answer(&q.id, Some(&answer));
            } else {
                session.set_answer(0, &q.id, Some(&answer));
            }
            let low = is_low(content, q, std::slice::from_ref(&Some(answer)));
            Ok(Moved::Forward { follow_up: low })
        }
        Reply::Group(answers) => {
            for (m, a) in answers.iter().enumerate().take(session.members.len()) {
                session.set_answer(m, &q.id, a.as_ref());
            }
            if let Some(spread) = spread(content, q, &answers) {
                prompter.tell(&describe_spread(&spread));
            }
            Ok(Moved::Forward {
                follow_up: is_low(content, q, &answers),
            })
        }
    }
}

/// Whether a rating is low enough to ask what would need to change: its
/// scored value (reverse-worded questions turned round), or in a group round
/// the room's median, at or below the framework's `follow_up_at_most`.
fn is_low(content: &Content, q: &Question, answers: &[Option<Answer>]) -> bool {
    matches!(q.format, AnswerFormat::Scale { .. })
        && spread(content, q, answers)
            .is_some_and(|s| s.median <= content.framework.scoring.follow_up_at_most + 1e-9)
}

/// Asks what would need to change; the answer is added to the question's notes.
fn follow_up(session: &mut Session, prompter: &mut dyn Prompter, q: &Question) -> Prompted<()> {
    let prompt = if session.is_group() {
        "The room rates this low. What would need to change? (Enter to skip)"
    } else {
        "What would need to change? (Enter to skip)"
    };
    if let Some(note) = prompter.ask_note(prompt)? {
        session.add_note(&q.id, note);
    }
    Ok(())
}

/// What a question informs, for the header: its first component, precondition or step.
fn informs(content: &Content, q: &Question) -> String {
    let fw = &content.framework;
    q.measures
        .first()
        .and_then(|m| {
            m.component
                .as_deref()
                .and_then(|c| fw.component(c).map(|c| c.name.clone()))
                .or_else(|| {
                    m.precondition
                        .as_deref()
                        .and_then(|p| fw.precondition(p).map(|p| p.name.clone()))
                })
                .or_else(|| {
                    m.step
                        .as_deref()
                        .and_then(|s| fw.key_step(s).map(|s| s.name.clone()))
                })
        })
        .unwrap_or_else(|| "Open question".to_string())
}

fn describe_spread(spread: &Spread) -> String {
    let flag = if spread.disagree {
        "  ⚑ the room is split: worth discussing"
    } else {
        ""
    };
    format!(
        "Spread: {}  ({} scored){flag}",
        spread.distribution(),
        spread.answered
    )
}

/// The review: every question with its answer, note and mark.
pub(crate) fn review_entries(
    content: &Content,
    session: &Session,
    list: &[(BankId, &Question)],
) -> Vec<ReviewEntry> {
    list.iter()
        .enumerate()
        .map(|(i, (_, q))| {
            let current = session.current(content, q);
            let group_round = session.is_group() && q.is_scored();
            let answer = if group_round {
                current
                    .iter()
                    .any(Option::is_some)
                    .then(|| group_line(q, &current))
            } else {
                current[0].as_ref().map(|a| a.describe(&q.format))
            };
            let split = group_round && spread(content, q, &current).is_some_and(|s| s.disagree);
            ReviewEntry {
                number: i + 1,
                question: q.text.clone(),
                answer,
                dont_know: !group_round && matches!(current[0], Some(Answer::DontKnow)),
                note: session.note_of(&q.id).map(str::to_string),
                marked: session.marked.contains(&q.id),
                split,
            }
        })
        .collect()
}

/// The members' answers as they are typed in a group round, e.g. `4 3 - 5`.
pub(crate) fn group_line(q: &Question, answers: &[Option<Answer>]) -> String {
    answers
        .iter()
        .map(|a| group_token(q, a.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// An answer as it is typed in a group round: `4`, `y`, an option's number, `-`.
fn group_token(q: &Question, answer: Option<&Answer>) -> String {
    match (answer, &q.format) {
        (Some(Answer::Point(p)), _) => p.to_string(),
        (Some(Answer::YesNo(yn)), _) => yn.as_str()[..1].to_string(),
        (Some(Answer::Choice(id)), AnswerFormat::Choice { options }) => options
            .iter()
            .position(|o| &o.id == id)
            .map_or("?".to_string(), |k| (k + 1).to_string()),
        _ => "-".to_string(),
    }
}

/// Parses a group round line such as `4 3 5 - 2`: one token per member,
/// `-` for don't know. Every token that does not fit is named as typed.
pub(crate) fn parse_group_line(
    q: &Question,
    line: &str,
    members: usize,
) -> Result<Vec<Option<Answer>>, String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    let parsed: Vec<Result<Option<Answer>, &str>> = tokens
        .iter()
        .map(|t| parse_group_token(q, t).ok_or(*t))
        .collect();
    let bad: Vec<String> = parsed
        .iter()
        .filter_map(|p| p.as_ref().err().map(|t| format!("'{t}'")))
        .collect();
    if !bad.is_empty() {
        return Err(format!(
            "{} {} not an answer here: type {} for each member",
            bad.join(", "),
            if bad.len() == 1 { "is" } else { "are" },
            group_hint(q)
        ));
    }
    if tokens.len() != members {
        return Err(format!(
            "{members} answers are needed, one per member, separated by spaces; {} {} typed",
            tokens.len(),
            if tokens.len() == 1 { "was" } else { "were" }
        ));
    }
    Ok(parsed.into_iter().map(|p| p.ok().flatten()).collect())
}

/// One member's answer as typed: a number, `y`/`n` on yes/no questions, `-` for don't know.
fn parse_group_token(q: &Question, token: &str) -> Option<Option<Answer>> {
    let token = token.to_lowercase();
    if token == "-" {
        return Some(Some(Answer::DontKnow));
    }
    let values = q.format.allowed_values();
    let value = match (&q.format, token.as_str()) {
        (AnswerFormat::YesNo, "y" | "yes") => "yes".to_string(),
        (AnswerFormat::YesNo, "n" | "no") => "no".to_string(),
        (_, t) => {
            let k: usize = t.parse().ok()?;
            values.get(k.checked_sub(1)?)?.clone()
        }
    };
    Answer::from_value(q, &Value::from(value)).ok()
}

/// How to type one member's answer to this question.
pub(crate) fn group_hint(q: &Question) -> String {
    match &q.format {
        AnswerFormat::Scale { labels } => format!("1-{} or - (don't know)", labels.len()),
        AnswerFormat::YesNo => "y, n or - (don't know)".to_string(),
        AnswerFormat::Choice { options } => {
            format!("the option's number 1-{} or - (don't know)", options.len())
        }
        AnswerFormat::Text => String::new(),
    }
}

/// A kind label for the header.
pub(crate) fn kind_label(q: &Question) -> &'static str {
    match q.kind {
        QuestionKind::Scale => "rating",
        QuestionKind::YesNo => "yes / no",
        QuestionKind::Choice => "choice",
        QuestionKind::Text => "free text",
    }
}

#[cfg(test)]
mod tests {
    use std::collections::VecDeque;

    use super::*;
    use crate::core::answer::YesNo;
    use crate::core::fixture;

    /// Answers from a script; running out of script behaves like Ctrl-C.
    #[derive(Default)]
    struct Script {
        choices: VecDeque<Reply>,
        notes: VecDeque<Option<String>>,
        reviews: VecDeque<ReviewChoice>,
        told: Vec<String>,
        asked: Vec<String>,
        currents: Vec<Vec<Option<Answer>>>,
        note_prompts: Vec<String>,
    }

    impl Prompter for Script {
        fn ask(&mut self, view: &QuestionView) -> Prompted<Reply> {
            self.asked.push(view.question.id.clone());
            self.currents.push(view.current.clone());
            self.choices.pop_front().ok_or(PromptError::Interrupted)
        }
        fn ask_note(&mut self, prompt: &str) -> Prompted<Option<String>> {
            self.note_prompts.push(prompt.to_string());
            self.notes.pop_front().ok_or(PromptError::Interrupted)
        }
        fn ask_line(&mut self, _: &str, _: &str) -> Prompted<String> {
            Ok("Riverside".into())
        }
        fn ask_parts(&mut self, all: &[(BankId, usize)]) -> Prompted<Vec<BankId>> {
            Ok(all.iter().map(|(b, _)| *b).collect())
        }
        fn ask_group_size(&mut self) -> Prompted<Option<usize>> {
            Ok(None)
        }
        fn review(&mut self, _: &[ReviewEntry], _: bool) -> Prompted<ReviewChoice> {
            Ok(self.reviews.pop_front().unwrap_or(ReviewChoice::Finish))
        }
        fn tell(&mut self, message: &str) {
            self.told.push(message.to_string());
        }
    }

    fn who(group_size: Option<usize>) -> Respondents {
        Respondents {
            partnership: "Riverside".into(),
            member: group_size.is_none().then(|| "Ana".to_string()),
            parts: BankId::ALL.to_vec(),
            group_size,
        }
    }

    fn session(group_size: Option<usize>) -> Session {
        Session::new(who(group_size), "2026-11-23", "out.json", "fp")
    }

    /// One answer for every fixture question, in order.
    fn full_script() -> Vec<Reply> {
        vec![
            Reply::Answer(Answer::Point(4)),
            Reply::Answer(Answer::Point(1)),
            Reply::Answer(Answer::YesNo(YesNo::No)),
            Reply::Answer(Answer::Text("More data".into())),
            Reply::Answer(Answer::Point(3)),
            Reply::Answer(Answer::YesNo(YesNo::Yes)),
            Reply::Answer(Answer::Choice("some".into())),
            Reply::Answer(Answer::Choice("done".into())),
            Reply::Answer(Answer::DontKnow),
        ]
    }

    fn run_script(
        content: &Content,
        s: &mut Session,
        script: &mut Script,
    ) -> (Prompted<()>, Vec<Session>) {
        let mut saves = Vec::new();
        let outcome = run(content, s, script, &mut |s: &Session| {
            saves.push(s.clone());
            Ok(())
        });
        (outcome, saves)
    }

    const DONT_KNOW_VALUE: &str = crate::core::answer::DONT_KNOW;

    #[test]
    fn a_full_interview_saves_after_every_answer() {
        let content = fixture::content();
        let mut s = session(None);
        let mut script = Script {
            choices: full_script().into(),
            notes: [Some("A named chair".to_string())].into(),
            ..Script::default()
        };
        let (outcome, saves) = run_script(&content, &mut s, &mut script);
        assert!(outcome.is_ok());
        assert!(s.finished);
        assert_eq!(
            saves.len(),
            11,
            "nine answers, the follow-up and the finish"
        );
        let answers = &s.members[0].answers;
        assert_eq!(answers["q-vision"], 4);
        assert_eq!(answers["r-champions"], "some");
        assert_eq!(answers["k-scope"], DONT_KNOW_VALUE);
        // The rating of 1 asked what would need to change.
        assert_eq!(s.members[0].notes["q-steering"], "A named chair");
    }

    #[test]
    fn a_note_and_the_follow_up_are_both_kept() {
        let content = fixture::content();
        let mut s = session(None);
        let mut choices = vec![Reply::AddNote, Reply::Answer(Answer::Point(2))];
        choices.extend(full_script().into_iter().skip(1));
        let mut script = Script {
            choices: choices.into(),
            notes: [
                Some("Schools say attainment, arts say access".to_string()),
                Some("A one-line shared goal".to_string()),
                None,
            ]
            .into(),
            ..Script::default()
        };
        assert!(run_script(&content, &mut s, &mut script).0.is_ok());
        assert_eq!(
            s.members[0].notes["q-vision"],
            "Schools say attainment, arts say access; A one-line shared goal"
        );
    }

    #[test]
    fn stopping_at_the_follow_up_keeps_the_rating() {
        let content = fixture::content();
        let mut s = session(None);
        let mut script = Script {
            choices: [Reply::Answer(Answer::Point(1))].into(),
            ..Script::default()
        };
        let (outcome, saves) = run_script(&content, &mut s, &mut script);
        assert!(matches!(outcome, Err(PromptError::Interrupted)));
        assert_eq!(script.note_prompts.len(), 1, "the follow-up was asked");
        let saved = saves.last().unwrap();
        assert_eq!(saved.members[0].answers["q-vision"], 1);
        assert_eq!(saved.position, 1, "resumes after the rated question");
    }

    #[test]
    fn the_follow_up_goes_by_the_scored_value_on_reverse_questions() {
        let mut content = fixture::content();
        content.banks_mut()[0].questions[0].reverse = true;
        for (point, asked) in [(1, false), (2, false), (4, true), (5, true)] {
            let mut s = session(None);
            let mut script = Script {
                choices: [Reply::Answer(Answer::Point(point))].into(),
                notes: [None].into(),
                ..Script::default()
            };
            let _ = run_script(&content, &mut s, &mut script);
            assert_eq!(
                !script.note_prompts.is_empty(),
                asked,
                "rating {point} of a reverse-worded question"
            );
        }
    }

    #[test]
    fn going_back_changes_the_previous_answer_and_enter_keeps_it() {
        let content = fixture::content();
        let mut s = session(None);
        let mut choices = vec![
            Reply::Answer(Answer::Point(3)),
            Reply::Back,
            Reply::Keep,
            Reply::Back,
            Reply::Answer(Answer::Point(5)),
        ];
        choices.extend(full_script().into_iter().skip(1));
        let mut script = Script {
            choices: choices.into(),
            notes: [None].into(),
            ..Script::default()
        };
        let (outcome, _) = run_script(&content, &mut s, &mut script);
        assert!(outcome.is_ok());
        assert_eq!(
            &script.asked[..5],
            [
                "q-vision",
                "q-steering",
                "q-vision",
                "q-steering",
                "q-vision"
            ]
        );
        assert_eq!(script.currents[2], vec![Some(Answer::Point(3))]);
        assert_eq!(s.members[0].answers["q-vision"], 5);
    }

    #[test]
    fn back_at_the_first_question_stays_on_it() {
        let content = fixture::content();
        let mut s = session(Some(3));
        let mut script = Script {
            choices: [Reply::Back].into(),
            ..Script::default()
        };
        let (_, saves) = run_script(&content, &mut s, &mut script);
        assert_eq!(&script.asked, &["q-vision", "q-vision"]);
        assert_eq!(saves.last().unwrap().position, 0);
        assert!(
            script.told[0].contains("first question"),
            "{:?}",
            script.told
        );
    }

    #[test]
    fn the_review_changes_answers_marks_and_edits_notes() {
        let content = fixture::content();
        let mut s = session(None);
        let mut choices = full_script();
        choices.push(Reply::Answer(Answer::YesNo(YesNo::No)));
        let mut script = Script {
            choices: choices.into(),
            notes: [Some("Chair".to_string())].into(),
            reviews: [
                ReviewChoice::Change(5),
                ReviewChoice::ToggleMark(2),
                ReviewChoice::ToggleMark(0),
                ReviewChoice::ToggleMark(0),
                ReviewChoice::SetNote(1, Some("Chair named in May".into())),
                ReviewChoice::SetNote(0, None),
                ReviewChoice::Change(99),
            ]
            .into(),
            ..Script::default()
        };
        assert!(run_script(&content, &mut s, &mut script).0.is_ok());
        assert_eq!(script.asked.last().unwrap(), "r-fit");
        assert_eq!(s.members[0].answers["r-fit"], "no");
        assert_eq!(s.marked, ["q-data-hoarded"]);
        assert_eq!(s.members[0].notes["q-steering"], "Chair named in May");
        assert!(script.told.iter().any(|t| t.contains("from 1 to 9")));
        let list = questions(&content, &s.parts);
        let entries = review_entries(&content, &s, &list);
        assert!(entries[2].marked && !entries[0].marked);
        assert_eq!(entries[1].note.as_deref(), Some("Chair named in May"));
        assert_eq!(entries[0].answer.as_deref(), Some("4 (Agree)"));
    }

    #[test]
    fn an_interrupted_interview_resumes_to_the_same_result() {
        let content = fixture::content();
        let mut whole = session(None);
        let mut script = Script {
            choices: full_script().into(),
            notes: [None].into(),
            ..Script::default()
        };
        assert!(run_script(&content, &mut whole, &mut script).0.is_ok());

        let mut first = session(None);
        let mut script = Script {
            choices: full_script().into_iter().take(3).collect(),
            notes: [None].into(),
            ..Script::default()
        };
        let (outcome, saves) = run_script(&content, &mut first, &mut script);
        assert!(matches!(outcome, Err(PromptError::Interrupted)));
        let mut resumed = saves.last().unwrap().clone();
        assert_eq!(resumed.position, 3);
        let mut script = Script {
            choices: full_script().into_iter().skip(3).collect(),
            ..Script::default()
        };
        assert!(run_script(&content, &mut resumed, &mut script).0.is_ok());
        assert_eq!(
            script.asked[0], "q-free",
            "resumes at the first unanswered question"
        );
        assert_eq!(resumed, whole);
    }

    #[test]
    fn a_group_round_records_every_member_keeps_notes_and_asks_once() {
        let content = fixture::content();
        let mut s = session(Some(3));
        let low = Reply::Group(vec![
            Some(Answer::Point(1)),
            Some(Answer::Point(2)),
            Some(Answer::DontKnow),
        ]);
        let mut script = Script {
            choices: [Reply::AddNote, low].into(),
            notes: [
                Some("NOTE A from discussion".to_string()),
                Some("FOLLOW B".to_string()),
            ]
            .into(),
            ..Script::default()
        };
        // The script ends at the second question: an interruption mid-round.
        let (_, saves) = run_script(&content, &mut s, &mut script);
        let saved = saves.last().unwrap();
        assert_eq!(saved.members.len(), 3);
        assert_eq!(saved.members[0].answers["q-vision"], 1);
        assert_eq!(saved.members[1].answers["q-vision"], 2);
        assert_eq!(saved.members[2].answers["q-vision"], DONT_KNOW_VALUE);
        assert_eq!(
            saved.shared.notes["q-vision"],
            "NOTE A from discussion; FOLLOW B"
        );
        assert_eq!(
            script.note_prompts.len(),
            2,
            "the note, then one follow-up for the room"
        );
        assert!(
            script.told[0].contains("1:1 2:1 3:0 4:0 5:0 -:1"),
            "{:?}",
            script.told
        );
    }

    #[test]
    fn a_group_round_shows_earlier_answers_when_going_back() {
        let content = fixture::content();
        let mut s = session(Some(2));
        let first = vec![Some(Answer::Point(4)), Some(Answer::Point(2))];
        let mut script = Script {
            choices: [Reply::Group(first.clone()), Reply::Back, Reply::Keep].into(),
            notes: [None].into(),
            ..Script::default()
        };
        let _ = run_script(&content, &mut s, &mut script);
        assert_eq!(script.currents[2], first);
    }

    #[test]
    fn a_split_room_is_flagged_and_one_outlier_is_not() {
        let content = fixture::content();
        let mut s = session(Some(8));
        let line = |v: [usize; 8]| Reply::Group(v.map(|p| Some(Answer::Point(p))).to_vec());
        let mut script = Script {
            choices: [
                line([2, 4, 4, 4, 5, 4, 4, 4]),
                line([2, 2, 4, 4, 5, 4, 4, 4]),
            ]
            .into(),
            ..Script::default()
        };
        let _ = run_script(&content, &mut s, &mut script);
        assert!(!script.told[0].contains("split"), "{:?}", script.told);
        assert!(script.told[1].contains("split"), "{:?}", script.told);
    }

    #[test]
    fn a_progress_file_is_checked_before_use() {
        let content = fixture::content();
        let good = session(Some(3));
        assert_eq!(good.check(&content), Ok(()));
        type Spoil = fn(&mut Session);
        let cases: Vec<(Spoil, &str)> = vec![
            (|s| s.members.clear(), "members has 0 entries; 3 expected"),
            (|s| s.group_size = Some(0), "group_size 0"),
            (|s| s.group_size = None, "1 expected for one person"),
            (|s| s.position = usize::MAX, "past the last of the 9"),
            (|s| s.parts.clear(), "parts is empty"),
            (|s| s.kind = "result".into(), "kind is 'result'"),
            (|s| s.marked = vec!["zz".into()], "'zz'"),
            (
                |s| {
                    s.members[1].answers.insert("q-vision".into(), 9.into());
                },
                "answer to 'q-vision'",
            ),
        ];
        for (spoil, expected) in cases {
            let mut s = good.clone();
            spoil(&mut s);
            let err = s.check(&content).unwrap_err();
            assert!(err.contains(expected), "{err}");
        }
    }

    #[test]
    fn group_lines_take_one_answer_per_member_and_name_bad_tokens() {
        let content = fixture::content();
        let scale = content.question("q-vision").unwrap().1;
        assert_eq!(
            parse_group_line(scale, "4 3 - 2", 4).unwrap(),
            vec![
                Some(Answer::Point(4)),
                Some(Answer::Point(3)),
                Some(Answer::DontKnow),
                Some(Answer::Point(2)),
            ]
        );
        let err = parse_group_line(scale, "4 3", 4).unwrap_err();
        assert!(err.contains("4 answers are needed") && err.contains("2 were typed"));
        let err = parse_group_line(scale, "4 x 9 1", 4).unwrap_err();
        assert!(err.contains("'x', '9' are not an answer here: type 1-5 or - (don't know)"));
        let choice = content.question("r-champions").unwrap().1;
        assert_eq!(
            parse_group_line(choice, "1 3", 2).unwrap(),
            vec![
                Some(Answer::Choice("none".into())),
                Some(Answer::Choice("strong".into()))
            ]
        );
        let yes_no = content.question("r-fit").unwrap().1;
        assert_eq!(
            parse_group_line(yes_no, "Y n -", 3).unwrap(),
            vec![
                Some(Answer::YesNo(YesNo::Yes)),
                Some(Answer::YesNo(YesNo::No)),
                Some(Answer::DontKnow)
            ]
        );
        let err = parse_group_line(yes_no, "y ns", 2).unwrap_err();
        assert!(
            err.contains("'ns' is not") && err.contains("y, n or -"),
            "{err}"
        );
    }
}
