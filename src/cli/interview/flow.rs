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
    /// Left empty: a text question skipped with Enter.
    Skip,
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

/// The small interface between the interview and whoever answers it.
pub(crate) trait Prompter {
    fn ask(&mut self, view: &QuestionView) -> Prompted<Reply>;
    fn ask_note(&mut self, prompt: &str) -> Prompted<Option<String>>;
    fn ask_line(&mut self, prompt: &str, default: &str) -> Prompted<String>;
    fn ask_parts(&mut self, all: &[BankId]) -> Prompted<Vec<BankId>>;
    fn ask_group_size(&mut self) -> Prompted<Option<usize>>;
    /// Shows every answer; `Some(i)` to change question `i`, `None` to finish.
    fn review(&mut self, lines: &[String]) -> Prompted<Option<usize>>;
    fn tell(&mut self, message: &str);
}

pub(crate) const PROGRESS_KIND: &str = "progress";

/// An interview in progress: what the progress file holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Where the result will be written.
    pub output: String,
    /// Index of the next question to ask.
    pub position: usize,
    /// Answers per member (one entry for an individual), as written in answers files.
    pub members: Vec<StoredResponse>,
    /// Answers and notes for the whole room: free text in a group round.
    pub shared: StoredResponse,
    pub finished: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct StoredResponse {
    pub member: Option<String>,
    pub answers: BTreeMap<String, Value>,
    pub notes: BTreeMap<String, String>,
}

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
            schema_version: 1,
            kind: PROGRESS_KIND.to_string(),
            content_fingerprint: fingerprint.to_string(),
            partnership: start.partnership,
            member: start.member,
            date: date.to_string(),
            parts: start.parts,
            group_size: start.group_size,
            output: output.to_string(),
            position: 0,
            members,
            shared: StoredResponse::default(),
            finished: false,
        }
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

    fn note_of(&self, question: &str) -> Option<&str> {
        let holder = if self.is_group() {
            &self.shared
        } else {
            &self.members[0]
        };
        holder.notes.get(question).map(String::as_str)
    }

    fn set_note(&mut self, question: &str, note: String) {
        let holder = if self.is_group() {
            &mut self.shared
        } else {
            &mut self.members[0]
        };
        holder.notes.insert(question.to_string(), note);
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

/// Respondents answers and which parts: what a session starts from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Respondents {
    pub partnership: String,
    pub member: Option<String>,
    pub parts: Vec<BankId>,
    pub group_size: Option<usize>,
}

/// Asks for whatever the flags did not give: partnership, member or group, parts.
pub(crate) fn ask_start(
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
            let m = prompter.ask_line("Member name (Enter for \"group\")", "group")?;
            Some(if m.trim().is_empty() {
                "group".to_string()
            } else {
                m.trim().to_string()
            })
        }
    };
    let parts = match parts {
        Some(p) => p,
        None => prompter.ask_parts(&BankId::ALL)?,
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
/// review, saving after every change.
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
        match ask_one(content, session, prompter, &list, i, true)? {
            Moved::Back => session.position = i.saturating_sub(1),
            Moved::Forward => session.position = i + 1,
            Moved::Stay => {}
        }
        saved(session)?;
    }
    loop {
        let lines = review_lines(content, session, &list);
        match prompter.review(&lines)? {
            Some(i) if i < list.len() => {
                while ask_one(content, session, prompter, &list, i, false)? == Moved::Stay {
                    saved(session)?;
                }
                saved(session)?;
            }
            _ => break,
        }
    }
    session.finished = true;
    saved(session)
}

#[derive(Debug, PartialEq)]
enum Moved {
    Forward,
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
    let current: Vec<Option<Answer>> = if group_round {
        (0..session.members.len())
            .map(|m| session.answer_of(m, &q.id, content))
            .collect()
    } else if session.is_group() {
        vec![session
            .shared
            .answers
            .get(&q.id)
            .and_then(|v| Answer::from_value(q, v).ok().flatten())]
    } else {
        vec![session.answer_of(0, &q.id, content)]
    };
    let view = QuestionView {
        question: q,
        part: content.bank(bank).name.as_str(),
        informs: informs(content, q),
        number: i + 1,
        total: list.len(),
        members: group_round.then_some(session.members.len()),
        current,
        note: session.note_of(&q.id),
        can_go_back: can_go_back && i > 0,
    };
    match prompter.ask(&view)? {
        Reply::Back => Ok(Moved::Back),
        Reply::AddNote => {
            if let Some(note) = prompter.ask_note("Note on this answer")? {
                session.set_note(&q.id, note);
            }
            Ok(Moved::Stay)
        }
        Reply::Skip => {
            if session.is_group() {
                session.set_shared_answer(&q.id, None);
            } else {
                session.set_answer(0, &q.id, None);
            }
            Ok(Moved::Forward)
        }
        Reply::Answer(answer) => {
            if session.is_group() && !q.is_scored() {
                session.set_shared_answer(&q.id, Some(&answer));
            } else {
                session.set_answer(0, &q.id, Some(&answer));
            }
            ask_note_if_low(session, prompter, q, std::slice::from_ref(&Some(answer)))?;
            Ok(Moved::Forward)
        }
        Reply::Group(answers) => {
            for (m, a) in answers.iter().enumerate().take(session.members.len()) {
                session.set_answer(m, &q.id, a.as_ref());
            }
            if let Some(spread) = spread(content, q, &answers) {
                prompter.tell(&describe_spread(&spread));
            }
            ask_note_if_low(session, prompter, q, &answers)?;
            Ok(Moved::Forward)
        }
    }
}

/// A rating in the lowest two points of a scale asks what would need to change.
fn ask_note_if_low(
    session: &mut Session,
    prompter: &mut dyn Prompter,
    q: &Question,
    answers: &[Option<Answer>],
) -> Prompted<()> {
    let low = answers
        .iter()
        .any(|a| matches!(a, Some(Answer::Point(p)) if *p <= 2));
    if low && matches!(q.format, AnswerFormat::Scale { .. }) {
        if let Some(note) = prompter.ask_note("What would need to change? (Enter to skip)")? {
            session.set_note(&q.id, note);
        }
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
        "  ⚑ members disagree: worth discussing"
    } else {
        ""
    };
    format!(
        "Spread: lowest {}, highest {} ({} answered){flag}",
        spread.min, spread.max, spread.answered
    )
}

/// One line per question for the review list, the answer first so that
/// cutting a long line to the terminal's width keeps it.
pub(crate) fn review_lines(
    content: &Content,
    session: &Session,
    list: &[(BankId, &Question)],
) -> Vec<String> {
    list.iter()
        .enumerate()
        .map(|(i, (_, q))| {
            let answer = if session.is_group() && q.is_scored() {
                (0..session.members.len())
                    .map(|m| group_token(q, session.answer_of(m, &q.id, content).as_ref()))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                let stored = if session.is_group() {
                    session.shared.answers.get(&q.id)
                } else {
                    session.members[0].answers.get(&q.id)
                };
                stored
                    .and_then(|v| Answer::from_value(q, v).ok().flatten())
                    .map_or("(no answer)".to_string(), |a| a.describe(&q.format))
            };
            format!("{:>2}. [{answer}] {}", i + 1, q.text)
        })
        .collect()
}

/// An answer as it is typed in a group round: `4`, `y`, an option's number, `-`.
fn group_token(q: &Question, answer: Option<&Answer>) -> String {
    match (answer, &q.format) {
        (Some(Answer::Point(p)), _) => p.to_string(),
        (Some(Answer::YesNo(yn)), _) => match yn {
            crate::core::answer::YesNo::Yes => "y",
            crate::core::answer::YesNo::No => "n",
        }
        .to_string(),
        (Some(Answer::Choice(id)), AnswerFormat::Choice { options }) => options
            .iter()
            .position(|o| &o.id == id)
            .map_or("?".to_string(), |k| (k + 1).to_string()),
        _ => "-".to_string(),
    }
}

/// Parses a group round line such as `4 3 5 - 2`: one token per member,
/// `-` for don't know.
pub(crate) fn parse_group_line(
    q: &Question,
    line: &str,
    members: usize,
) -> Result<Vec<Option<Answer>>, String> {
    let tokens: Vec<&str> = line.split_whitespace().collect();
    if tokens.len() != members {
        return Err(format!(
            "enter {members} answers separated by spaces (got {})",
            tokens.len()
        ));
    }
    tokens.iter().map(|t| parse_group_token(q, t)).collect()
}

fn parse_group_token(q: &Question, token: &str) -> Result<Option<Answer>, String> {
    if token == "-" || token == "?" {
        return Ok(Some(Answer::DontKnow));
    }
    let value = match (&q.format, token) {
        (AnswerFormat::YesNo, "y") => Value::from("yes"),
        (AnswerFormat::YesNo, "n") => Value::from("no"),
        (AnswerFormat::Choice { options }, t) => match t.parse::<usize>() {
            Ok(k) if (1..=options.len()).contains(&k) => Value::from(options[k - 1].id.as_str()),
            _ => Value::from(t),
        },
        (AnswerFormat::Scale { .. }, t) => Value::from(t),
        (_, t) => Value::from(t),
    };
    Answer::from_value(q, &value).map_err(|e| format!("'{token}': {e}"))
}

/// How to type answers in a group round for this question.
pub(crate) fn group_hint(q: &Question) -> String {
    match &q.format {
        AnswerFormat::Scale { labels } => format!("1-{} each", labels.len()),
        AnswerFormat::YesNo => "y, n or ns (not sure) each".to_string(),
        AnswerFormat::Choice { options } => {
            format!("1-{} (the option's number) each", options.len())
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
        reviews: VecDeque<Option<usize>>,
        told: Vec<String>,
        asked: Vec<String>,
    }

    impl Prompter for Script {
        fn ask(&mut self, view: &QuestionView) -> Prompted<Reply> {
            self.asked.push(view.question.id.clone());
            self.choices.pop_front().ok_or(PromptError::Interrupted)
        }
        fn ask_note(&mut self, _: &str) -> Prompted<Option<String>> {
            self.notes.pop_front().ok_or(PromptError::Interrupted)
        }
        fn ask_line(&mut self, _: &str, _: &str) -> Prompted<String> {
            Ok("Riverside".into())
        }
        fn ask_parts(&mut self, all: &[BankId]) -> Prompted<Vec<BankId>> {
            Ok(all.to_vec())
        }
        fn ask_group_size(&mut self) -> Prompted<Option<usize>> {
            Ok(None)
        }
        fn review(&mut self, _: &[String]) -> Prompted<Option<usize>> {
            Ok(self.reviews.pop_front().flatten())
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
        assert_eq!(saves.len(), 10, "nine answers and the finish");
        let answers = &s.members[0].answers;
        assert_eq!(answers["q-vision"], 4);
        assert_eq!(answers["r-champions"], "some");
        assert_eq!(answers["k-scope"], DONT_KNOW_VALUE);
        // The rating of 1 asked what would need to change.
        assert_eq!(s.members[0].notes["q-steering"], "A named chair");
    }

    const DONT_KNOW_VALUE: &str = crate::core::answer::DONT_KNOW;

    #[test]
    fn going_back_changes_the_previous_answer() {
        let content = fixture::content();
        let mut s = session(None);
        let mut choices = vec![
            Reply::Answer(Answer::Point(3)),
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
        assert_eq!(&script.asked[..3], ["q-vision", "q-steering", "q-vision"]);
        assert_eq!(s.members[0].answers["q-vision"], 5);
    }

    #[test]
    fn the_review_can_change_any_answer() {
        let content = fixture::content();
        let mut s = session(None);
        let mut choices = full_script();
        choices.push(Reply::Answer(Answer::YesNo(YesNo::No)));
        let mut script = Script {
            choices: choices.into(),
            notes: [None].into(),
            reviews: [Some(5), None].into(),
            ..Script::default()
        };
        assert!(run_script(&content, &mut s, &mut script).0.is_ok());
        assert_eq!(script.asked.last().unwrap(), "r-fit");
        assert_eq!(s.members[0].answers["r-fit"], "no");
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
    fn a_group_round_records_every_member_and_flags_disagreement() {
        let content = fixture::content();
        let mut s = session(Some(3));
        let mut choices = vec![Reply::Group(vec![
            Some(Answer::Point(5)),
            Some(Answer::Point(2)),
            Some(Answer::DontKnow),
        ])];
        choices.extend(
            ["q-steering", "q-data-hoarded"]
                .iter()
                .map(|_| Reply::Group(vec![Some(Answer::Point(4)); 3])),
        );
        let mut script = Script {
            choices: choices.into(),
            notes: [Some("Agree the vision together".to_string())].into(),
            ..Script::default()
        };
        // The script ends after three questions: an interruption mid-round.
        let (_, saves) = run_script(&content, &mut s, &mut script);
        let saved = saves.last().unwrap();
        assert_eq!(saved.members.len(), 3);
        assert_eq!(saved.members[0].answers["q-vision"], 5);
        assert_eq!(saved.members[1].answers["q-vision"], 2);
        assert_eq!(saved.members[2].answers["q-vision"], DONT_KNOW_VALUE);
        assert_eq!(saved.shared.notes["q-vision"], "Agree the vision together");
        assert!(
            script.told[0].contains("lowest 2, highest 5") && script.told[0].contains("disagree"),
            "{:?}",
            script.told
        );
    }

    #[test]
    fn review_lines_put_each_members_answer_first() {
        let content = fixture::content();
        let mut s = session(Some(2));
        s.members[0].answers.insert("q-vision".into(), 4.into());
        s.members[1]
            .answers
            .insert("q-vision".into(), DONT_KNOW_VALUE.into());
        s.members[0]
            .answers
            .insert("r-champions".into(), "strong".into());
        let lines = review_lines(&content, &s, &questions(&content, &s.parts));
        assert_eq!(lines[0], " 1. [4 -] Vision");
        assert!(
            lines.iter().any(|l| l.ends_with("[3 -] Champions")),
            "{lines:?}"
        );
    }

    #[test]
    fn group_lines_take_one_answer_per_member() {
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
        assert!(parse_group_line(scale, "4 3", 4)
            .unwrap_err()
            .contains("enter 4 answers"));
        assert!(parse_group_line(scale, "4 9 1 1", 4).is_err());
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
            parse_group_line(yes_no, "y n -", 3).unwrap(),
            vec![
                Some(Answer::YesNo(YesNo::Yes)),
                Some(Answer::YesNo(YesNo::No)),
                Some(Answer::DontKnow)
            ]
        );
    }
}
