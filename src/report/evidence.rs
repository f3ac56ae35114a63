//! What every report shows beside the scores, worked out once so each format
//! shows the same things: a headline, members' own words in questionnaire
//! order, and how many members chose each answer.

use serde_json::Value;

use crate::core::aggregate::Counts;
use crate::core::answer::Answer;
use crate::core::content::framework::VerdictId;
use crate::core::content::{AnswerFormat, BankId, Content, Framework, Question, DONT_KNOW};
use crate::core::model::aggregate::{Aggregate, OptionCount, QuoteKind};
use crate::core::model::answers::{Answers, Scalar};
use crate::core::model::comparison::{Change, Comparison};
use crate::core::model::result::{
    AssessmentResult, ComponentActions, ComponentScore, Named, Readiness, StageSuggestion,
};
use crate::core::scoring::spread::is_disagreement;
use crate::core::scoring::{normalise, whole};

/// Said once near the top of every report.
pub(crate) const CAVEAT: &str = "These scores are members' own perceptions, meant to start a conversation, not to grade the partnership or rank it against others.";

/// Something a person wrote, with the question it answers.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Said {
    pub question: String,
    /// The member, in a group round; `None` for the room or a single respondent.
    pub who: Option<String>,
    pub text: String,
}

/// Members' own words, each list in questionnaire order.
#[derive(Debug, Default)]
pub(crate) struct Words {
    pub free_text: Vec<Said>,
    pub notes: Vec<Said>,
    /// Notes on questions rated in the lowest two points, where the
    /// interview asks what would need to change: an agenda for discussion.
    pub follow_ups: Vec<Said>,
}

impl Words {
    pub(crate) fn is_empty(&self) -> bool {
        self.free_text.is_empty() && self.notes.is_empty() && self.follow_ups.is_empty()
    }
}

/// An aggregate's kept words, anonymous, in the same shape as a result's.
pub(crate) fn aggregate_words(a: &Aggregate) -> Words {
    let mut words = Words::default();
    for quote in &a.words {
        let said = Said {
            question: quote.question.clone(),
            who: None,
            text: quote.text.clone(),
        };
        match quote.kind {
            QuoteKind::FreeText => words.free_text.push(said),
            QuoteKind::Note => words.notes.push(said),
        }
    }
    words
}

/// A line saying how many quotations an aggregate left out, when it did.
pub(crate) fn words_left_out(a: &Aggregate) -> Option<String> {
    (a.words_left_out > 0).then(|| {
        format!(
            "{} more comments were left out; the full text is in each member's file.",
            a.words_left_out
        )
    })
}

/// Every answer set in a result: each member's in a group round, and the room's.
fn answer_sets(r: &AssessmentResult) -> Vec<(Option<&str>, &Answers)> {
    let mut sets: Vec<_> = r
        .members
        .iter()
        .map(|m| (Some(m.member.as_str()), &m.answers))
        .collect();
    sets.push((None, &r.answers));
    sets
}

fn rated_low(r: &AssessmentResult, q: &Question) -> bool {
    matches!(q.format, AnswerFormat::Scale { .. })
        && answer_sets(r).iter().any(|(_, answers)| {
            answers.get(&q.id).is_some_and(|v| {
                matches!(Answer::from_value(q, &v.to_value()), Ok(Some(Answer::Point(p))) if p <= 2)
            })
        })
}

pub(crate) fn words(r: &AssessmentResult, content: &Content) -> Words {
    let mut words = Words::default();
    for (_, q) in content.questions() {
        if !q.is_scored() {
            for (who, answers) in answer_sets(r) {
                if let Some(text) = answers.get(&q.id).and_then(Scalar::as_text) {
                    if !text.trim().is_empty() {
                        words.free_text.push(Said {
                            question: q.text.clone(),
                            who: who.map(String::from),
                            text: text.to_string(),
                        });
                    }
                }
            }
        }
        if let Some(note) = r.notes.get(&q.id).filter(|n| !n.trim().is_empty()) {
            let said = Said {
                question: q.text.clone(),
                who: None,
                text: note.clone(),
            };
            if rated_low(r, q) {
                words.follow_ups.push(said);
            } else {
                words.notes.push(said);
            }
        }
    }
    // Notes on questions the content no longer has are kept, under their id.
    for (id, note) in &r.notes {
        if content.question(id).is_none() && !note.trim().is_empty() {
            words.notes.push(Said {
                question: id.clone(),
                who: None,
                text: note.clone(),
            });
        }
    }
    words
}

/// How many members chose each answer to one question.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuestionCounts {
    pub text: String,
    pub area: Area,
    pub answers: Vec<Choice>,
    pub dont_know: u64,
}

/// One answer's count and how strong an answer it is (0-1, reverse-scored
/// questions already turned round), for its colour.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Choice {
    pub label: String,
    pub count: u64,
    pub strength: Option<f64>,
}

impl QuestionCounts {
    pub(crate) fn total(&self) -> u64 {
        self.answers.iter().map(|c| c.count).sum::<u64>() + self.dont_know
    }
}

/// Where a question's evidence is shown: under its first component, or
/// with its part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Area {
    Component(String),
    Part(BankId),
}

fn area_of(bank: BankId, q: &Question) -> Area {
    match (bank, q.components().next()) {
        (BankId::SelfReflection, Some(c)) => Area::Component(c.to_string()),
        _ => Area::Part(bank),
    }
}

fn counts_of(
    content: &Content,
    bank: BankId,
    q: &Question,
    answers: &[OptionCount],
    dont_know: u64,
) -> QuestionCounts {
    let strength = |value: &str| {
        let value = value.parse::<u64>().map_or(Value::from(value), Value::from);
        let answer = Answer::from_value(q, &value).ok().flatten();
        normalise(q, answer.as_ref(), &content.framework)
    };
    QuestionCounts {
        text: q.text.clone(),
        area: area_of(bank, q),
        answers: answers
            .iter()
            .map(|o| Choice {
                label: o.label.clone(),
                count: o.count,
                strength: strength(&o.value),
            })
            .collect(),
        dont_know,
    }
}

/// Each scored question's answers across a group round's members, in
/// questionnaire order; empty for a single respondent.
pub(crate) fn group_counts(r: &AssessmentResult, content: &Content) -> Vec<QuestionCounts> {
    if r.members.is_empty() {
        return Vec::new();
    }
    content
        .questions()
        .filter(|(_, q)| q.is_scored())
        .filter_map(|(bank, q)| {
            let mut counts = Counts::new(q);
            for m in &r.members {
                let answer = m
                    .answers
                    .get(&q.id)
                    .map(|v| Answer::from_value(q, &v.to_value()));
                if let Some(Ok(Some(a))) = answer {
                    counts.add(q, &a);
                }
            }
            (counts.total() > 0).then(|| {
                let (answers, dont_know) = counts.finish(q);
                counts_of(content, bank, q, &answers, dont_know)
            })
        })
        .collect()
}

/// Each question's answers across an aggregate's members, in questionnaire
/// order; empty for one member, whose answers are better read in the result.
pub(crate) fn aggregate_counts(a: &Aggregate, content: &Content) -> Vec<QuestionCounts> {
    if a.members < 2 {
        return Vec::new();
    }
    a.questions
        .iter()
        .filter(|s| !s.answers.is_empty())
        .filter_map(|s| {
            let (bank, q) = content.question(&s.id)?;
            Some(counts_of(content, bank, q, &s.answers, s.dont_know))
        })
        .collect()
}

/// A group-round disagreement worth a conversation: members sit on both
/// sides of the middle of the scale, some agreeing and some not.
pub(crate) fn splits_the_room(counts: &QuestionCounts) -> bool {
    let chosen = || counts.answers.iter().filter(|c| c.count > 0);
    chosen().any(|c| c.strength.is_some_and(|s| s < 0.5))
        && chosen().any(|c| c.strength.is_some_and(|s| s > 0.5))
}

/// The most disagreements a report lists.
pub(crate) const DISAGREEMENTS_SHOWN: usize = 10;

/// A group round's real disagreements, widest first: questions where members
/// are at least the framework's disagreement threshold apart and sit on both
/// sides of the middle.
pub(crate) fn real_disagreements<'a>(
    counts: &'a [QuestionCounts],
    fw: &Framework,
) -> Vec<&'a QuestionCounts> {
    let width = |c: &QuestionCounts| {
        let chosen = || {
            c.answers
                .iter()
                .filter(|o| o.count > 0)
                .filter_map(|o| o.strength)
        };
        chosen().fold(f64::MIN, f64::max) - chosen().fold(f64::MAX, f64::min)
    };
    let mut found: Vec<(&QuestionCounts, f64)> = counts
        .iter()
        .filter(|c| splits_the_room(c))
        .map(|c| (c, width(c)))
        .filter(|(c, _)| {
            let scores = sorted_scores(c);
            is_disagreement(fw, scores.len(), |k| scores[k])
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found
        .into_iter()
        .take(DISAGREEMENTS_SHOWN)
        .map(|(c, _)| c)
        .collect()
}

/// Every member's scored answer (0-1), lowest first.
fn sorted_scores(c: &QuestionCounts) -> Vec<f64> {
    let mut scores: Vec<f64> = c
        .answers
        .iter()
        .filter_map(|o| o.strength.map(|s| (s, o.count)))
        .flat_map(|(s, count)| std::iter::repeat_n(s, count as usize))
        .collect();
    scores.sort_by(f64::total_cmp);
    scores
}

/// Who answered, in one sentence.
pub(crate) fn respondents(r: &AssessmentResult, content: &Content) -> String {
    let asked = content
        .questions()
        .filter(|(b, _)| r.parts.contains(b))
        .count();
    let answered = |answers: &Answers| {
        answers
            .iter()
            .filter(|(_, v)| !v.is_null() && v.as_text() != Some(""))
            .count()
    };
    let dont_know = |answers: &Answers| {
        answers
            .iter()
            .filter(|(_, v)| v.as_text() == Some(DONT_KNOW))
            .count()
    };
    let date = r
        .date
        .as_deref()
        .map(|d| format!(" on {d}"))
        .unwrap_or_default();
    if r.members.is_empty() {
        let who = match r.member.as_deref() {
            Some("group") => "The group, agreeing one answer,".to_string(),
            Some(m) => m.to_string(),
            None => "One respondent".to_string(),
        };
        // "Don't know" is an honest reply, but not an answer scores rest on.
        let unsure = dont_know(&r.answers);
        let and_unsure = match unsure {
            0 => String::new(),
            n => format!("; \"don't know\" to {n} more"),
        };
        format!(
            "{who} answered {} of {asked} questions{date}{and_unsure}.",
            answered(&r.answers) - unsure
        )
    } else {
        let agreed = match answered(&r.answers) {
            0 => String::new(),
            n => format!(", and the room agreed {n} free-text answers"),
        };
        format!(
            "A group round{date}: {} members each answered up to {asked} questions{agreed}.",
            r.members.len(),
        )
    }
}

pub(crate) fn aggregate_respondents(a: &Aggregate) -> String {
    let dates = match (&a.first_date, &a.last_date) {
        (Some(f), Some(l)) if f != l => format!(", dated {f} to {l}"),
        (_, Some(l)) => format!(", dated {l}"),
        _ => String::new(),
    };
    format!(
        "{} {} from {} {}{dates}.",
        a.results,
        if a.results == 1 { "result" } else { "results" },
        a.members,
        if a.members == 1 { "member" } else { "members" }
    )
}

/// The scores a headline reads from.
pub(crate) struct Reading<'a> {
    pub components: &'a [ComponentScore],
    pub readiness: &'a Readiness,
    pub stage: &'a StageSuggestion,
    pub next_step: Option<&'a Named>,
    pub plan: &'a [ComponentActions],
}

/// Two or three plain sentences: strongest and weakest components, the
/// readiness verdict and stage, and the one thing to do next.
pub(crate) fn headline(who: String, reading: &Reading) -> Vec<String> {
    let mut scored: Vec<&ComponentScore> = reading
        .components
        .iter()
        .filter(|c| c.score.is_some())
        .collect();
    scored.sort_by(|a, b| b.score.unwrap_or(0.0).total_cmp(&a.score.unwrap_or(0.0)));
    let unscored = reading.components.len() - scored.len();
    let mut lines = vec![who];
    let describe = |c: &ComponentScore| {
        format!(
            "{} ({:.0}, {})",
            c.name,
            whole(c.score.unwrap_or(0.0)),
            c.band.replace('-', " ")
        )
    };
    let mut scores = match scored.as_slice() {
        [] => "No component could be scored: too few self-reflection answers.".to_string(),
        [only] => format!("Only one component could be scored: {}.", describe(only)),
        [first, .., last] if first.score == last.score => format!(
            "Every scored component is at {:.0} ({}).",
            whole(first.score.unwrap_or(0.0)),
            first.band.replace('-', " ")
        ),
        [first, .., last] => format!(
            "Highest-scoring component: {}; lowest: {}.",
            describe(first),
            describe(last)
        ),
    };
    if unscored > 0 && !scored.is_empty() {
        scores.push_str(&format!(
            " {unscored} of {} had too few answers to judge.",
            reading.components.len()
        ));
    }
    lines.push(scores);
    let provisional = if reading.stage.provisional {
        " (provisional)"
    } else {
        ""
    };
    lines.push(format!(
        "Readiness: {}. Stage of development: {}{provisional}.",
        reading.readiness.verdict_name, reading.stage.name
    ));
    lines.push(next_thing(reading));
    lines
}

fn next_thing(reading: &Reading) -> String {
    // What readiness decides comes before any action: a partnership told to
    // weigh another approach, or to build its preconditions, starts there.
    let readiness = &reading.readiness;
    match readiness.verdict {
        Some(VerdictId::ConsiderAnotherApproach | VerdictId::FitNotSettled) => {
            return readiness.advice.clone();
        }
        Some(VerdictId::BuildPreconditions) if !readiness.blocking.is_empty() => {
            let names: Vec<&str> = readiness.blocking.iter().map(|b| b.name.as_str()).collect();
            return format!(
                "One thing to do next: build the missing preconditions ({}) before a full planning process.",
                names.join(", ")
            );
        }
        _ => {}
    }
    let first_action = reading.plan.iter().find_map(|a| {
        a.quick_wins
            .first()
            .or(a.longer_term.first())
            .map(|t| (a, t))
    });
    match (first_action, reading.next_step) {
        (Some((a, action)), _) => format!("One thing to do next, for {}: {action}", a.name),
        (None, Some(step)) => format!("Next key step to work on: {}.", step.name),
        (None, None) => reading.readiness.advice.clone(),
    }
}

/// Points with their sign, never "-0".
pub(crate) fn signed(points: f64) -> String {
    let rounded = points.round();
    if rounded == 0.0 {
        "0".to_string()
    } else {
        format!("{rounded:+.0}")
    }
}

/// An area tag such as `component:shared-measurement` in words, from the
/// names a comparison carries.
/// A change as reports show it: the difference of the two scores as they
/// are shown, so the numbers of a row add up. `None` when either side had
/// too few answers.
pub(crate) fn shown_change(change: &Change) -> Option<String> {
    Some(signed(whole(change.after?) - whole(change.before?)))
}

/// The id and name of every area a comparison covers, to name its tags.
pub(crate) fn area_names(c: &Comparison) -> Vec<(&str, &str)> {
    c.components
        .iter()
        .chain(&c.preconditions)
        .map(|x| (x.id.as_str(), x.name.as_str()))
        .chain(c.key_steps.iter().map(|s| (s.id.as_str(), s.name.as_str())))
        .collect()
}

pub(crate) fn tag_name(tag: &str, names: &[(&str, &str)]) -> String {
    let id = tag.split_once(':').map_or(tag, |(_, id)| id);
    names
        .iter()
        .find(|(i, _)| *i == id)
        .map_or(id.replace('-', " "), |(_, n)| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_never_show_minus_zero() {
        assert_eq!(signed(-0.1), "0");
        assert_eq!(signed(0.4), "0");
        assert_eq!(signed(3.6), "+4");
        assert_eq!(signed(-2.0), "-2");
    }

    fn choice(strength: f64, count: u64) -> Choice {
        Choice {
            label: String::new(),
            count,
            strength: Some(strength),
        }
    }

    #[test]
    fn only_answers_on_both_sides_of_the_middle_split_the_room() {
        let counts = |answers| QuestionCounts {
            text: String::new(),
            area: Area::Part(BankId::Readiness),
            answers,
            dont_know: 0,
        };
        // Neutral and strongly agree: apart, but nobody disagrees.
        assert!(!splits_the_room(&counts(vec![
            choice(0.5, 2),
            choice(1.0, 3)
        ])));
        assert!(splits_the_room(&counts(vec![
            choice(0.25, 1),
            choice(0.75, 3)
        ])));
        assert!(!splits_the_room(&counts(vec![
            choice(0.0, 0),
            choice(1.0, 3)
        ])));
    }
}
