//! Many results into one profile: statistics per component, precondition,
//! key step and question, disagreement between members, and recommendations
//! recomputed on the whole. Results are folded in one at a time, so memory
//! does not grow with their number.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;

use crate::core::answer::{Answer, Reading, Scalar, Text, YesNo};
use crate::core::assess::{conclude, Conclusions};
use crate::core::content::framework::Framework;
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

/// The parts of a result document that aggregation reads, borrowing its
/// text from the document where it can.
#[derive(Debug, Deserialize)]
pub(crate) struct ResultInput<'a> {
    pub(crate) schema_version: u32,
    pub(crate) kind: DocumentKind,
    #[serde(borrow)]
    pub(crate) content_fingerprint: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) partnership: Cow<'a, str>,
    #[serde(default)]
    pub(crate) member: Option<String>,
    #[serde(default)]
    pub(crate) date: Option<String>,
    pub(crate) parts: Vec<BankId>,
    #[serde(default, borrow)]
    pub(crate) answers: Pairs<'a, Scalar<'a>>,
    #[serde(default, borrow)]
    pub(crate) members: Vec<MemberAnswers<'a>>,
    #[serde(default, borrow)]
    pub(crate) notes: Pairs<'a, Text<'a>>,
}

/// One member's answers in a group result.
#[derive(Debug, Deserialize)]
pub(crate) struct MemberAnswers<'a> {
    #[serde(borrow)]
    pub(crate) member: Cow<'a, str>,
    #[serde(borrow)]
    pub(crate) answers: Pairs<'a, Scalar<'a>>,
}

/// Room made for a table's pairs before reading it.
const TYPICAL_PAIRS: usize = 128;

/// A JSON table keyed by question id, as written: the same key may come
/// twice, and the last one counts, as it would in a map.
#[derive(Debug)]
pub(crate) struct Pairs<'a, V>(pub(crate) Vec<(Text<'a>, V)>);

impl<V> Default for Pairs<'_, V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de: 'a, 'a, V: Deserialize<'de>> Deserialize<'de> for Pairs<'a, V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<'a, V>(PhantomData<(&'a (), V)>);
        impl<'de: 'a, 'a, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<'a, V> {
            type Value = Pairs<'a, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                // JSON does not say how many pairs follow; most tables of
                // answers hold about a hundred, so growing from nothing
                // would copy them five times.
                let mut pairs = Vec::with_capacity(map.size_hint().unwrap_or(TYPICAL_PAIRS));
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(Pairs(pairs))
            }
        }
        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}

/// One result, checked and scored, ready to be folded into a profile: all
/// that is left of it once its document is gone.
#[derive(Debug)]
pub(crate) struct Scored {
    partnership: String,
    date: Option<String>,
    /// Notes, then each member's free text, in the order they are kept.
    words: Vec<(usize, QuoteKind, String)>,
    members: Vec<ScoredMember>,
}

#[derive(Debug)]
struct ScoredMember {
    /// Kept only when names are asked for.
    name: Option<String>,
    /// Each question answered: its position, the reading, and the answer on 0-1.
    answers: Vec<(usize, Reading, Option<f64>)>,
    /// Judged scores of components, indicators, preconditions and key steps, in that order.
    judged: Vec<Option<f64>>,
}

/// Members' own words an aggregate keeps: enough to read in a workshop, and
/// bounded however many results arrive.
const WORDS_KEPT: usize = 400;
/// Longest quotation kept, in characters.
const WORDS_LENGTH: usize = 1000;

/// How many members chose each of a question's answers, and how many did
/// not know: one counter per answer, so memory does not grow with members
/// and the order results arrive in does not matter.
/// Counters are 32 bits, which no partnership outgrows, so that a national
/// programme's thousands of profiles stay small; they stop at the top
/// rather than wrap.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Counts {
    options: Box<[u32]>,
    dont_know: u32,
}

impl Counts {
    pub(crate) fn new(q: &Question) -> Self {
        Counts {
            options: vec![0; choices(q).len()].into_boxed_slice(),
            dont_know: 0,
        }
    }

    pub(crate) fn add(&mut self, q: &Question, answer: &Answer) {
        if *answer == Answer::DontKnow {
            count(&mut self.dont_know);
        } else if let Some(slot) = slot_of(q, answer) {
            count(&mut self.options[slot]);
        }
    }

    /// Counts kept as one block: the options' counters, then the don't-knows.
    fn of_block(block: &[u32]) -> Self {
        let (dont_know, options) = block.split_last().unwrap_or((&0, &[]));
        Counts {
            options: options.into(),
            dont_know: *dont_know,
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
                count: u64::from(count),
            })
            .collect();
        (counts, u64::from(self.dont_know))
    }

    pub(crate) fn total(&self) -> u64 {
        self.options.iter().map(|&c| u64::from(c)).sum::<u64>() + u64::from(self.dont_know)
    }
}

fn count(counter: &mut u32) {
    *counter = counter.saturating_add(1);
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

/// Checks and scores results against the content, each on its own, so
/// that many can be scored at once; built once for a run.
pub(crate) struct Scorer<'c> {
    content: &'c Content,
    options: AggregateOptions,
    plan: Plan,
    /// The content's questions in order, for lookup by position.
    questions: Vec<&'c Question>,
    /// Each question's place in the order of ids, the order a result's
    /// answers are kept in, so free text is kept in that order too.
    id_order: Vec<usize>,
    /// Per question, each choice's answer on 0-1, worked out once.
    values: Vec<Vec<Option<f64>>>,
    /// For each component, indicator, precondition and key step, in that
    /// order, the plan slot it reads.
    judged: Vec<Option<usize>>,
}

impl<'c> Scorer<'c> {
    pub(crate) fn new(content: &'c Content, options: AggregateOptions) -> Self {
        let plan = Plan::new(content);
        let fw = &content.framework;
        let slot = |key: Key| plan.keys.iter().position(|k| *k == key);
        let judged = fw
            .components
            .iter()
            .map(|c| slot(Key::Component(c.id.clone())))
            .chain(
                fw.components
                    .iter()
                    .flat_map(|c| &c.indicators)
                    .map(|i| slot(Key::Indicator(i.id.clone()))),
            )
            .chain(
                fw.preconditions
                    .iter()
                    .map(|p| slot(Key::Precondition(p.id.clone()))),
            )
            .chain(fw.key_steps.iter().map(|s| slot(Key::Step(s.id.clone()))))
            .collect();
        let questions: Vec<&Question> = content.questions().map(|(_, q)| q).collect();
        let mut by_id: Vec<usize> = (0..questions.len()).collect();
        by_id.sort_by_key(|&p| &questions[p].id);
        let mut id_order = vec![0; questions.len()];
        for (rank, &p) in by_id.iter().enumerate() {
            id_order[p] = rank;
        }
        Scorer {
            content,
            options,
            plan,
            id_order,
            values: questions.iter().map(|q| choice_values(q, fw)).collect(),
            questions,
            judged,
        }
    }

    /// Checks one result and scores each of its members, or says why it
    /// cannot be folded in.
    pub(crate) fn score(&self, doc: &ResultInput) -> Result<Scored, String> {
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
        if let Some(problem) = super::model::document::date_problem(doc.date.as_deref()) {
            return Err(problem);
        }
        if *doc.content_fingerprint != *content.fingerprint && !self.options.allow_mixed {
            return Err(format!(
                "scored with content {}, not the content in use ({}); use --allow-mixed to combine them",
                doc.content_fingerprint, content.fingerprint
            ));
        }
        let members: Vec<(Option<&str>, &Pairs<Scalar>)> = if doc.members.is_empty() {
            vec![(doc.member.as_deref(), &doc.answers)]
        } else {
            doc.members
                .iter()
                .map(|m| (Some(&*m.member), &m.answers))
                .collect()
        };
        let mut words = Vec::new();
        let mut notes: Vec<(&str, &str)> =
            doc.notes.0.iter().map(|(id, n)| (&*id.0, &*n.0)).collect();
        // As in a map: ordered by id, and the last of a repeated id counts.
        notes.reverse();
        notes.sort_by_key(|(id, _)| *id);
        notes.dedup_by_key(|(id, _)| *id);
        for (id, note) in notes {
            if let Some(position) = self.plan.position(id) {
                keep_words(&mut words, position, QuoteKind::Note, note);
            }
        }
        // Under the content a result was scored with, every answer fits its
        // question unless the file was edited; under other content, allowed
        // by the user, an answer that no longer fits is passed over.
        let same_content = *doc.content_fingerprint == *content.fingerprint;
        let mut scored = Vec::with_capacity(members.len());
        for (n, (name, answers)) in members.into_iter().enumerate() {
            let who = || {
                if doc.members.is_empty() {
                    String::new()
                } else {
                    format!("member {}: ", n + 1)
                }
            };
            let member = self
                .score_member(&doc.parts, answers, &mut words, same_content)
                .map_err(|e| format!("{}{e}", who()))?;
            if member.answers.is_empty() {
                // Such a member would count and move no statistic: a broken
                // result, not a silent one.
                return Err(format!(
                    "{}no answer fits the questions of the content in use",
                    who()
                ));
            }
            scored.push(ScoredMember {
                name: name.filter(|_| self.options.named).map(str::to_string),
                ..member
            });
        }
        Ok(Scored {
            // A name typed with a stray space is the same partnership.
            partnership: doc
                .partnership
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            date: doc.date.clone(),
            words,
            members: scored,
        })
    }

    /// One member's answers read and scored; answers to questions the
    /// content does not have are passed over, and answers their question
    /// cannot take refused when `strict`.
    fn score_member(
        &self,
        parts: &[BankId],
        answers: &Pairs<Scalar>,
        words: &mut Vec<(usize, QuoteKind, String)>,
        strict: bool,
    ) -> Result<ScoredMember, String> {
        let fw = &self.content.framework;
        let mut given: Vec<Option<&Scalar>> = vec![None; self.questions.len()];
        for (id, value) in &answers.0 {
            if let Some(position) = self.plan.position(&id.0) {
                given[position] = Some(value);
            }
        }
        let mut read = Vec::with_capacity(answers.0.len());
        let mut free_text = Vec::new();
        let mut values = vec![None; self.questions.len()];
        for (position, value) in given.iter().enumerate() {
            let Some(value) = value else { continue };
            let q = self.questions[position];
            if let (false, Scalar::Text(text)) = (q.is_scored(), value) {
                free_text.push((self.id_order[position], position, &**text));
            }
            match Reading::of(q, value) {
                Ok(Some(reading)) => {
                    let value = reading.slot().and_then(|s| self.values[position][s]);
                    values[position] = value;
                    read.push((position, reading, value));
                }
                Ok(None) => {}
                Err(()) if strict => {
                    return Err(format!("answer to '{}' is not one it can take", q.id))
                }
                Err(()) => {}
            }
        }
        free_text.sort_unstable_by_key(|&(rank, ..)| rank);
        for (_, position, text) in free_text {
            keep_words(words, position, QuoteKind::FreeText, text);
        }
        let mut tallies = vec![Default::default(); self.plan.keys.len()];
        self.plan.add_values(&mut tallies, parts, &values);
        let judged = self
            .judged
            .iter()
            .map(|slot| slot.and_then(|s: usize| tallies[s].judged(fw.scoring.min_coverage)))
            .collect();
        Ok(ScoredMember {
            name: None,
            answers: read,
            judged,
        })
    }
}

/// Each of a question's choices as an answer on 0-1, in the order the
/// question offers them.
fn choice_values(q: &Question, fw: &Framework) -> Vec<Option<f64>> {
    Answer::every_one(&q.format)
        .iter()
        .map(|a| scoring::normalise(q, Some(a), fw))
        .collect()
}

/// Free text or a note as a quotation: trimmed, shortened, and only when
/// there is something to quote.
fn keep_words(
    words: &mut Vec<(usize, QuoteKind, String)>,
    position: usize,
    kind: QuoteKind,
    text: &str,
) {
    let text = text.trim();
    if !text.is_empty() {
        words.push((position, kind, text.chars().take(WORDS_LENGTH).collect()));
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
    /// Every question's answer counts in one block, laid out by `blocks`.
    counts: Box<[u32]>,
    blocks: Arc<CountBlocks>,
    /// Free text and notes, by question position, anonymous.
    words: Vec<(usize, QuoteKind, String)>,
    words_left_out: u64,
}

/// Where each question's counters sit in a profile's block of counts: its
/// options' counters, then its don't-knows. One block per profile, rather
/// than one allocation per question, keeps a partnership's profile small.
#[derive(Debug)]
pub(crate) struct CountBlocks {
    /// Per question, where its counters start; then where the last ends.
    starts: Vec<usize>,
}

impl CountBlocks {
    pub(crate) fn new(content: &Content) -> Self {
        let mut starts = vec![0];
        for (_, q) in content.questions() {
            let end = starts.last().copied().unwrap_or(0) + choices(q).len() + 1;
            starts.push(end);
        }
        CountBlocks { starts }
    }

    fn len(&self) -> usize {
        self.starts.last().copied().unwrap_or(0)
    }

    fn of(&self, position: usize) -> std::ops::Range<usize> {
        self.starts[position]..self.starts[position + 1]
    }
}

impl Profile {
    pub(crate) fn new(
        content: &Content,
        blocks: Arc<CountBlocks>,
        partnership: Option<String>,
    ) -> Self {
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
            counts: vec![0; blocks.len()].into_boxed_slice(),
            blocks,
            words: Vec::new(),
            words_left_out: 0,
        }
    }

    /// Folds in one scored result.
    fn add(&mut self, result: Scored) {
        self.results += 1;
        if let Some(date) = result.date {
            // ISO dates order as text; the smallest and largest do not depend on arrival order.
            if self.first_date.as_ref().is_none_or(|d| date < *d) {
                self.first_date = Some(date.clone());
            }
            if self.last_date.as_ref().is_none_or(|d| date > *d) {
                self.last_date = Some(date);
            }
        }
        for words in result.words {
            if self.words.len() >= WORDS_KEPT {
                self.words_left_out += 1;
            } else {
                self.words.push(words);
            }
        }
        for member in result.members {
            self.members += 1;
            self.member_names.extend(member.name);
            for (position, reading, value) in member.answers {
                let block = &mut self.counts[self.blocks.of(position)];
                match reading.slot() {
                    Some(slot) => count(&mut block[slot]),
                    None if reading == Reading::DontKnow => {
                        block.last_mut().map(count);
                    }
                    None => {}
                }
                if let Some(v) = value {
                    self.questions[position].add(v * 100.0);
                }
            }
            let judged = self
                .components
                .iter_mut()
                .chain(&mut self.indicators)
                .chain(&mut self.preconditions)
                .chain(&mut self.steps);
            for (acc, x) in judged.zip(member.judged) {
                if let Some(x) = x {
                    acc.add(x);
                }
            }
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
        let counts =
            (0..self.questions.len()).map(|i| Counts::of_block(&self.counts[self.blocks.of(i)]));
        let (questions, split): (Vec<QuestionSpread>, Vec<bool>) = content
            .questions()
            .zip(self.questions.iter().zip(counts))
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
    options: AggregateOptions,
    blocks: Arc<CountBlocks>,
    overall: Profile,
    profiles: BTreeMap<String, Profile>,
    /// The partnership every result so far came from, while there is only one.
    only_partnership: Option<String>,
    several_partnerships: bool,
}

impl<'c> Aggregator<'c> {
    pub(crate) fn new(content: &'c Content, options: AggregateOptions) -> Self {
        let blocks = Arc::new(CountBlocks::new(content));
        Aggregator {
            content,
            options,
            overall: Profile::new(content, Arc::clone(&blocks), None),
            blocks,
            profiles: BTreeMap::new(),
            only_partnership: None,
            several_partnerships: false,
        }
    }

    /// Folds in one result, in the order results are read.
    pub(crate) fn add(&mut self, result: Scored) {
        let content = self.content;
        match &self.only_partnership {
            None if !self.several_partnerships => {
                self.only_partnership = Some(result.partnership.clone())
            }
            Some(only) if *only != result.partnership => {
                self.only_partnership = None;
                self.several_partnerships = true;
            }
            _ => {}
        }
        let profile = if !self.options.by_partnership {
            &mut self.overall
        } else if self.profiles.contains_key(&result.partnership) {
            self.profiles
                .get_mut(&result.partnership)
                .expect("found above")
        } else {
            let name = result.partnership.clone();
            self.profiles
                .entry(name.clone())
                .or_insert_with(|| Profile::new(content, Arc::clone(&self.blocks), Some(name)))
        };
        profile.add(result);
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
    fn a_result_is_refused_with_the_words_of_the_whole_document() {
        let head = r#"{"schema_version":2,"kind":"result","content_fingerprint":"x","partnership":"p","parts":[]"#;
        for (tail, expected) in [
            (r#","members":[5]}"#, "expected struct MemberAnswers"),
            (r#","answers":5}"#, "expected a map"),
            (r#","notes":{"a":1}}"#, "expected a string"),
        ] {
            let error = serde_json::from_str::<ResultInput>(&format!("{head}{tail}")).unwrap_err();
            assert!(error.to_string().contains(expected), "{error}");
        }
    }

    #[test]
    fn the_last_of_a_repeated_answer_counts_as_in_a_map() {
        let content = fixture::content();
        let scorer = Scorer::new(&content, AggregateOptions::default());
        let (_, q) = content
            .questions()
            .find(|(_, q)| matches!(q.format, AnswerFormat::Scale { .. }))
            .unwrap();
        let text = format!(
            r#"{{"schema_version":2,"kind":"result","content_fingerprint":"{}","partnership":"p","parts":[],"answers":{{"{id}":1,"{id}":""}}}}"#,
            content.fingerprint,
            id = q.id
        );
        let doc: ResultInput = serde_json::from_str(&text).unwrap();
        let error = scorer.score(&doc).unwrap_err();
        assert!(error.contains("no answer fits"), "{error}");
    }

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
