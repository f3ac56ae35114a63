//! Many results into one profile: statistics per component, precondition,
//! key step and question, disagreement between members, and recommendations
//! recomputed on the whole. Results are folded in one at a time, so memory
//! does not grow with their number.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::core::answer::Answer;
use crate::core::answer::YesNo;
use crate::core::assess::{conclude, Conclusions};
use crate::core::content::{AnswerFormat, BankId, Content, Question};
use crate::core::model::aggregate::{
    Aggregate, OptionCount, QuestionSpread, Quote, QuoteKind, Stat, AGGREGATE_SCHEMA_VERSION,
};
use crate::core::model::kind::DocumentKind;
use crate::core::model::result::Tool;
use crate::core::model::result::RESULT_SCHEMA_VERSION;
use crate::core::scoring::spread::is_disagreement;
use crate::core::scoring::{self, round1, Key, Measured, Plan};
use crate::core::stats::Accumulator;

/// The parts of a result document that aggregation reads.
#[derive(Debug, Deserialize)]
pub(crate) struct ResultInput {
    pub schema_version: u32,
    pub kind: DocumentKind,
    pub content_fingerprint: String,
    pub partnership: String,
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    pub parts: Vec<BankId>,
    #[serde(default)]
    pub answers: BTreeMap<String, Value>,
    #[serde(default)]
    pub members: Vec<MemberInput>,
    #[serde(default)]
    pub notes: BTreeMap<String, String>,
}

/// One member of a group round, as aggregation reads it.
#[derive(Debug, Deserialize)]
pub(crate) struct MemberInput {
    pub member: String,
    pub answers: BTreeMap<String, Value>,
}

/// Members' own words an aggregate keeps: enough to read in a workshop, and
/// bounded however many results arrive.
const WORDS_KEPT: usize = 400;
/// Longest quotation kept, in characters.
const WORDS_LENGTH: usize = 1000;

/// How many members chose each of a question's answers, and how many did
/// not know: one counter per answer, so memory does not grow with members
/// and the order results arrive in does not matter.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Counts {
    options: Vec<u64>,
    dont_know: u64,
}

impl Counts {
    pub(crate) fn new(q: &Question) -> Self {
        Counts {
            options: vec![0; choices(q).len()],
            dont_know: 0,
        }
    }

    pub(crate) fn add(&mut self, q: &Question, answer: &Answer) {
        if *answer == Answer::DontKnow {
            self.dont_know += 1;
        } else if let Some(slot) = slot_of(q, answer) {
            self.options[slot] += 1;
        }
    }

    /// Every answer with its count, in the question's order, and the don't-knows.
    pub(crate) fn finish(&self, q: &Question) -> (Vec<OptionCount>, u64) {
        let counts = choices(q)
            .into_iter()
            .zip(&self.options)
            .map(|((value, label), &count)| OptionCount {
                value,
                label,
                count,
            })
            .collect();
        (counts, self.dont_know)
    }

    pub(crate) fn total(&self) -> u64 {
        self.options.iter().sum::<u64>() + self.dont_know
    }
}

/// A question's answers as (value, label), in the order it offers them.
fn choices(q: &Question) -> Vec<(String, String)> {
    match &q.format {
        AnswerFormat::Scale { labels } => labels
            .iter()
            .enumerate()
            .map(|(i, l)| ((i + 1).to_string(), l.clone()))
            .collect(),
        AnswerFormat::YesNo => [YesNo::Yes, YesNo::No]
            .map(|yn| {
                (
                    yn.as_str().to_string(),
                    Answer::YesNo(yn).describe(&q.format),
                )
            })
            .to_vec(),
        AnswerFormat::Choice { options } => options
            .iter()
            .map(|o| (o.id.clone(), o.label.clone()))
            .collect(),
        AnswerFormat::Text => Vec::new(),
    }
}

/// Where an answer is counted among its question's choices.
fn slot_of(q: &Question, answer: &Answer) -> Option<usize> {
    match (answer, &q.format) {
        (Answer::Point(p), AnswerFormat::Scale { .. }) => p.checked_sub(1),
        (Answer::YesNo(YesNo::Yes), _) => Some(0),
        (Answer::YesNo(YesNo::No), _) => Some(1),
        (Answer::Choice(id), AnswerFormat::Choice { options }) => {
            options.iter().position(|o| &o.id == id)
        }
        _ => None,
    }
}

/// The scoring plan and, for each statistic kept, the plan slot it reads;
/// built once for a run.
pub(crate) struct Scorer<'c> {
    plan: Plan,
    /// The content's questions in order, for lookup by position.
    questions: Vec<&'c Question>,
    components: Vec<Option<usize>>,
    indicators: Vec<Option<usize>>,
    preconditions: Vec<Option<usize>>,
    steps: Vec<Option<usize>>,
}

impl<'c> Scorer<'c> {
    pub(crate) fn new(content: &'c Content) -> Self {
        let plan = Plan::new(content);
        let fw = &content.framework;
        let slot = |key: Key| plan.keys.iter().position(|k| *k == key);
        let components = fw
            .components
            .iter()
            .map(|c| slot(Key::Component(c.id.clone())))
            .collect();
        let indicators = fw
            .components
            .iter()
            .flat_map(|c| &c.indicators)
            .map(|i| slot(Key::Indicator(i.id.clone())))
            .collect();
        let preconditions = fw
            .preconditions
            .iter()
            .map(|p| slot(Key::Precondition(p.id.clone())))
            .collect();
        let steps = fw
            .key_steps
            .iter()
            .map(|s| slot(Key::Step(s.id.clone())))
            .collect();
        Scorer {
            plan,
            questions: content.questions().map(|(_, q)| q).collect(),
            components,
            indicators,
            preconditions,
            steps,
        }
    }
}

/// Running statistics for one partnership (or for everything).
pub(crate) struct Profile {
    partnership: Option<String>,
    results: u64,
    members: u64,
    member_names: Vec<String>,
    first_date: Option<String>,
    last_date: Option<String>,
    components: Vec<Accumulator>,
    indicators: Vec<Accumulator>,
    preconditions: Vec<Accumulator>,
    steps: Vec<Accumulator>,
    questions: Vec<Accumulator>,
    counts: Vec<Counts>,
    /// Free text and notes, by question position, anonymous.
    words: Vec<(usize, QuoteKind, String)>,
    words_left_out: u64,
}

impl Profile {
    pub(crate) fn new(content: &Content, partnership: Option<String>) -> Self {
        let fw = &content.framework;
        let many = |n: usize| (0..n).map(|_| Accumulator::default()).collect();
        let indicator_count = fw.components.iter().map(|c| c.indicators.len()).sum();
        Profile {
            partnership,
            results: 0,
            members: 0,
            member_names: Vec::new(),
            first_date: None,
            last_date: None,
            components: many(fw.components.len()),
            indicators: many(indicator_count),
            preconditions: many(fw.preconditions.len()),
            steps: many(fw.key_steps.len()),
            questions: many(content.questions().count()),
            counts: content.questions().map(|(_, q)| Counts::new(q)).collect(),
            words: Vec::new(),
            words_left_out: 0,
        }
    }

    /// Folds in one result: every member's answers are scored with the content.
    /// Answers to questions the content does not have are passed over.
    pub(crate) fn add(
        &mut self,
        content: &Content,
        scorer: &Scorer,
        result: &ResultInput,
        named: bool,
    ) {
        self.results += 1;
        if let Some(date) = &result.date {
            // ISO dates order as text; the smallest and largest do not depend on arrival order.
            if self.first_date.as_ref().is_none_or(|d| date < d) {
                self.first_date = Some(date.clone());
            }
            if self.last_date.as_ref().is_none_or(|d| date > d) {
                self.last_date = Some(date.clone());
            }
        }
        let members: Vec<(Option<&str>, &BTreeMap<String, Value>)> = if result.members.is_empty() {
            vec![(result.member.as_deref(), &result.answers)]
        } else {
            result
                .members
                .iter()
                .map(|m| (Some(m.member.as_str()), &m.answers))
                .collect()
        };
        for (id, note) in &result.notes {
            self.keep_words(scorer, id, QuoteKind::Note, note);
        }
        for (name, answers) in members {
            self.members += 1;
            for (id, value) in answers {
                let free_text = scorer
                    .plan
                    .position(id)
                    .is_some_and(|p| !scorer.questions[p].is_scored());
                if let (true, Value::String(text)) = (free_text, value) {
                    self.keep_words(scorer, id, QuoteKind::FreeText, text);
                }
            }
            if named {
                if let Some(name) = name {
                    self.member_names.push(name.to_string());
                }
            }
            self.add_member(content, scorer, &result.parts, answers);
        }
    }

    /// The kept words in questionnaire order, free text before notes on each question.
    fn quotes(&self, content: &Content) -> Vec<Quote> {
        let texts: Vec<&str> = content.questions().map(|(_, q)| q.text.as_str()).collect();
        let mut words = self.words.clone();
        words.sort_by_key(|w| (w.0, w.1 == QuoteKind::Note));
        words
            .into_iter()
            .map(|(position, kind, text)| Quote {
                question: texts[position].to_string(),
                kind,
                text,
            })
            .collect()
    }

    fn keep_words(&mut self, scorer: &Scorer, question: &str, kind: QuoteKind, text: &str) {
        let Some(position) = scorer.plan.position(question) else {
            return;
        };
        if text.trim().is_empty() {
            return;
        }
        if self.words.len() >= WORDS_KEPT {
            self.words_left_out += 1;
            return;
        }
        let kept: String = text.trim().chars().take(WORDS_LENGTH).collect();
        self.words.push((position, kind, kept));
    }

    fn add_member(
        &mut self,
        content: &Content,
        scorer: &Scorer,
        parts: &[BankId],
        answers: &BTreeMap<String, Value>,
    ) {
        let fw = &content.framework;
        let mut values = vec![None; scorer.questions.len()];
        for (id, value) in answers {
            let Some(position) = scorer.plan.position(id) else {
                continue;
            };
            let q = scorer.questions[position];
            if let Ok(Some(answer)) = Answer::from_value(q, value) {
                values[position] = scoring::normalise(q, Some(&answer), fw);
                self.counts[position].add(q, &answer);
            }
        }
        for (acc, v) in self.questions.iter_mut().zip(&values) {
            if let Some(v) = v {
                acc.add(v * 100.0);
            }
        }
        let mut tallies = vec![Default::default(); scorer.plan.keys.len()];
        scorer.plan.add_values(&mut tallies, parts, &values);
        let judged =
            |slot: Option<usize>| slot.and_then(|s| tallies[s].judged(fw.scoring.min_coverage));
        for (acc, &slot) in self.components.iter_mut().zip(&scorer.components) {
            if let Some(x) = judged(slot) {
                acc.add(x);
            }
        }
        for (acc, &slot) in self.indicators.iter_mut().zip(&scorer.indicators) {
            if let Some(x) = judged(slot) {
                acc.add(x);
            }
        }
        for (acc, &slot) in self.preconditions.iter_mut().zip(&scorer.preconditions) {
            if let Some(x) = judged(slot) {
                acc.add(x);
            }
        }
        for (acc, &slot) in self.steps.iter_mut().zip(&scorer.steps) {
            if let Some(x) = judged(slot) {
                acc.add(x);
            }
        }
    }

    /// The finished aggregate, with readiness, stage, recommendations and
    /// action plan worked out from the mean scores.
    pub(crate) fn finish(&self, content: &Content) -> Aggregate {
        let fw = &content.framework;
        let measure = |acc: &Accumulator| Measured {
            score: acc.mean().map(round1),
            answered: acc.n() as usize,
            asked: self.members as usize,
        };
        let components = scoring::component_scores(
            fw,
            |i| measure(&self.components[i]),
            |i| measure(&self.indicators[i]),
            // Members' individual answers are not kept, so no evidence is quoted.
            |_| Vec::new(),
        );
        let component_stats = stats_of(&components, &self.components, |c| {
            (c.id.clone(), c.name.clone(), c.band.clone())
        });
        let precondition_scores =
            scoring::precondition_scores(fw, |i| measure(&self.preconditions[i]));
        let preconditions = stats_of(&precondition_scores, &self.preconditions, |p| {
            (p.id.clone(), p.name.clone(), p.band.clone())
        });
        let key_steps = scoring::key_step_statuses(fw, |i| measure(&self.steps[i]));
        let Conclusions {
            readiness,
            next_step,
            stage,
            recommendations,
            action_plan,
        } = conclude(
            content,
            &components,
            precondition_scores,
            &key_steps,
            &scoring::stage_answer_means(content, self.questions.iter().map(Accumulator::mean)),
        );
        let (questions, split): (Vec<QuestionSpread>, Vec<bool>) = content
            .questions()
            .zip(self.questions.iter().zip(&self.counts))
            .filter(|(_, (acc, counts))| acc.n() > 0 || counts.total() > 0)
            .map(|((_, q), (acc, counts))| {
                let s = acc.summary();
                let range = s.max.unwrap_or(0.0) - s.min.unwrap_or(0.0);
                let split = is_disagreement(fw, acc.n() as usize, |k| acc.nth(k as u64) / 100.0);
                let (answers, dont_know) = counts.finish(q);
                let spread = QuestionSpread {
                    id: q.id.clone(),
                    text: q.text.clone(),
                    range: round1(range),
                    stats: s,
                    answers,
                    dont_know,
                };
                (spread, split)
            })
            .unzip();
        let mut disagreements: Vec<QuestionSpread> = questions
            .iter()
            .zip(&split)
            .filter(|(_, &split)| split)
            .map(|(q, _)| q.clone())
            .collect();
        disagreements.sort_by(|a, b| {
            b.stats
                .sd
                .unwrap_or(0.0)
                .total_cmp(&a.stats.sd.unwrap_or(0.0))
                .then(b.range.total_cmp(&a.range))
        });
        Aggregate {
            schema_version: AGGREGATE_SCHEMA_VERSION,
            kind: DocumentKind::Aggregate,
            tool: Tool::this(),
            content_fingerprint: content.fingerprint.clone(),
            partnership: self.partnership.clone(),
            results: self.results,
            members: self.members,
            first_date: self.first_date.clone(),
            last_date: self.last_date.clone(),
            member_names: self.member_names.clone(),
            components: component_stats,
            preconditions,
            key_steps: stats_of(&key_steps, &self.steps, |s| {
                (s.id.clone(), s.name.clone(), s.status.as_str().to_string())
            }),
            readiness,
            next_step,
            stage,
            recommendations,
            action_plan,
            questions,
            disagreements,
            scores: components,
            words: self.quotes(content),
            words_left_out: self.words_left_out,
        }
    }
}

/// Statistics beside each scored item: its id, name and band (for a key
/// step, its status) with the summary of its accumulator.
fn stats_of<T>(
    items: &[T],
    accumulators: &[Accumulator],
    label: impl Fn(&T) -> (String, String, String),
) -> Vec<Stat> {
    items
        .iter()
        .zip(accumulators)
        .map(|(item, acc)| {
            let (id, name, band) = label(item);
            Stat {
                id,
                name,
                band,
                stats: acc.summary(),
            }
        })
        .collect()
}

/// How results are folded together.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct AggregateOptions {
    /// One profile per partnership instead of one for everything.
    pub(crate) by_partnership: bool,
    /// Keep member names.
    pub(crate) named: bool,
    /// Accept results scored with other content.
    pub(crate) allow_mixed: bool,
}

/// Folds results into one profile, or one per partnership.
pub(crate) struct Aggregator<'c> {
    content: &'c Content,
    scorer: Scorer<'c>,
    options: AggregateOptions,
    overall: Profile,
    profiles: BTreeMap<String, Profile>,
    /// The partnership every result so far came from, while there is only one.
    only_partnership: Option<String>,
    several_partnerships: bool,
}

impl<'c> Aggregator<'c> {
    pub(crate) fn new(content: &'c Content, options: AggregateOptions) -> Self {
        Aggregator {
            content,
            scorer: Scorer::new(content),
            options,
            overall: Profile::new(content, None),
            profiles: BTreeMap::new(),
            only_partnership: None,
            several_partnerships: false,
        }
    }

    /// Folds in one result, or says why it cannot be.
    pub(crate) fn add(&mut self, doc: &ResultInput) -> Result<(), String> {
        let content = self.content;
        if doc.kind != DocumentKind::Result
            || !(1..=RESULT_SCHEMA_VERSION).contains(&doc.schema_version)
        {
            return Err(format!(
                "not a partnerscope result (kind '{}', schema_version {})",
                doc.kind.as_str(),
                doc.schema_version
            ));
        }
        if doc.content_fingerprint != content.fingerprint && !self.options.allow_mixed {
            return Err(format!(
                "scored with content {}, not the content in use ({}); use --allow-mixed to combine them",
                doc.content_fingerprint, content.fingerprint
            ));
        }
        self.check_some_answer_fits(doc)?;
        match &self.only_partnership {
            None if !self.several_partnerships => {
                self.only_partnership = Some(doc.partnership.clone())
            }
            Some(only) if *only != doc.partnership => {
                self.only_partnership = None;
                self.several_partnerships = true;
            }
            _ => {}
        }
        let profile = if self.options.by_partnership {
            self.profiles
                .entry(doc.partnership.clone())
                .or_insert_with(|| Profile::new(content, Some(doc.partnership.clone())))
        } else {
            &mut self.overall
        };
        profile.add(content, &self.scorer, doc, self.options.named);
        Ok(())
    }

    /// A member none of whose answers fits the content would count as a
    /// member and move no statistic; that is a broken result, not a silent one.
    fn check_some_answer_fits(&self, doc: &ResultInput) -> Result<(), String> {
        let members: Vec<&BTreeMap<String, Value>> = if doc.members.is_empty() {
            vec![&doc.answers]
        } else {
            doc.members.iter().map(|m| &m.answers).collect()
        };
        for (n, answers) in members.into_iter().enumerate() {
            let fits = answers.iter().any(|(id, value)| {
                self.scorer.plan.position(id).is_some_and(|p| {
                    matches!(
                        Answer::from_value(self.scorer.questions[p], value),
                        Ok(Some(_))
                    )
                })
            });
            if !fits {
                let who = if doc.members.is_empty() {
                    String::new()
                } else {
                    format!("member {}: ", n + 1)
                };
                return Err(format!(
                    "{who}no answer fits the questions of the content in use"
                ));
            }
        }
        Ok(())
    }

    /// The folded profiles, ready to be finished one at a time; an error
    /// when nothing was folded in.
    pub(crate) fn into_folded(mut self) -> Result<Folded<'c>, String> {
        let profiles: Vec<Profile> = if self.options.by_partnership {
            self.profiles.into_values().collect()
        } else {
            self.overall.partnership = self.only_partnership.take();
            vec![self.overall]
        };
        let results = profiles.iter().map(|p| p.results).sum();
        if results == 0 {
            return Err("no results to aggregate".to_string());
        }
        let members = profiles.iter().map(|p| p.members).sum();
        Ok(Folded {
            content: self.content,
            profiles,
            results,
            members,
        })
    }
}

/// Folded profiles, in partnership order. Each is finished only when it is
/// asked for, so a national programme's aggregate never sits in memory whole.
pub(crate) struct Folded<'c> {
    content: &'c Content,
    profiles: Vec<Profile>,
    pub(crate) results: u64,
    pub(crate) members: u64,
}

impl Folded<'_> {
    pub(crate) fn len(&self) -> usize {
        self.profiles.len()
    }

    /// Every profile, finished as it is reached.
    pub(crate) fn finished(&self) -> impl Iterator<Item = Aggregate> + '_ {
        self.profiles.iter().map(|p| p.finish(self.content))
    }

    /// The whole report in memory, for the fuzz targets.
    #[cfg(feature = "fuzzing")]
    pub(crate) fn into_report(
        self,
        invalid: Vec<crate::core::model::aggregate::Invalid>,
    ) -> crate::core::model::aggregate::AggregateReport {
        crate::core::model::aggregate::AggregateReport {
            schema_version: AGGREGATE_SCHEMA_VERSION,
            kind: DocumentKind::Aggregate,
            profiles: self.finished().collect(),
            invalid,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::fixture;

    #[test]
    fn answer_counts_do_not_depend_on_order() {
        let content = fixture::content();
        let (_, q) = content
            .questions()
            .find(|(_, q)| matches!(q.format, AnswerFormat::Scale { .. }))
            .unwrap();
        let answers = [
            Answer::Point(1),
            Answer::DontKnow,
            Answer::Point(4),
            Answer::Point(4),
        ];
        let mut forward = Counts::new(q);
        let mut backward = Counts::new(q);
        for a in &answers {
            forward.add(q, a);
        }
        for a in answers.iter().rev() {
            backward.add(q, a);
        }
        assert_eq!(forward, backward);
        let (counts, dont_know) = forward.finish(q);
        assert_eq!(dont_know, 1);
        assert_eq!(counts[0].count, 1);
        assert_eq!(counts[3].count, 2);
        assert_eq!(counts[0].value, "1");
    }
}
