//! Scoring: answers normalised to 0-1, weighted by each question's measures,
//! and summed into 0-100 scores for components, indicators, readiness
//! preconditions and key steps. Pure functions over the content and responses.

use rustc_hash::FxHashMap;

use crate::core::answer::{Answer, Response, YesNo};
use crate::core::content::bank::Target;
use crate::core::content::framework::Framework;
use crate::core::content::{AnswerFormat, BankId, Content, Question};
use crate::core::model::result::{AnswerEvidence, ComponentScore, IndicatorScore, WeakIndicator};

mod readiness;
pub(crate) mod spread;
mod stage;
mod steps;

pub(crate) use readiness::{advise_for_stage, precondition_scores, preconditions, readiness};
pub(crate) use stage::{stage, stage_answer_means};
pub(crate) use steps::{key_step_statuses, key_steps, next_step};

pub(crate) const INSUFFICIENT: &str = "insufficient";

/// An answer on 0-1, or `None` when it does not count (unanswered, don't know, text).
pub(crate) fn normalise(
    question: &Question,
    answer: Option<&Answer>,
    fw: &Framework,
) -> Option<f64> {
    let raw = match (answer?, &question.format) {
        (Answer::Point(p), AnswerFormat::Scale { labels }) if labels.len() > 1 => {
            (*p as f64 - 1.0) / (labels.len() as f64 - 1.0)
        }
        (Answer::YesNo(yn), AnswerFormat::YesNo) => match yn {
            YesNo::Yes => fw.scoring.yes,
            YesNo::No => fw.scoring.no,
        },
        (Answer::Choice(id), AnswerFormat::Choice { options }) => {
            options.iter().find(|o| &o.id == id)?.score
        }
        _ => return None,
    };
    Some(if question.reverse { 1.0 - raw } else { raw })
}

/// What a score is kept for: owned in a plan, borrowed from the content
/// when only looked up or compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key<S = String> {
    Component(S),
    Indicator(S),
    Precondition(S),
    Step(S),
}

impl Key {
    fn as_ref(&self) -> Key<&str> {
        match self {
            Key::Component(s) => Key::Component(s),
            Key::Indicator(s) => Key::Indicator(s),
            Key::Precondition(s) => Key::Precondition(s),
            Key::Step(s) => Key::Step(s),
        }
    }
}

impl Key<&str> {
    fn into_owned(self) -> Key {
        match self {
            Key::Component(s) => Key::Component(s.to_string()),
            Key::Indicator(s) => Key::Indicator(s.to_string()),
            Key::Precondition(s) => Key::Precondition(s.to_string()),
            Key::Step(s) => Key::Step(s.to_string()),
        }
    }
}

/// Running totals for one key.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Tally {
    /// Weight of the answered questions.
    pub weight: f64,
    pub weighted_sum: f64,
    /// Weight of every question asked, answered or not.
    pub asked_weight: f64,
    pub answered: usize,
    pub asked: usize,
}

impl Tally {
    /// The weighted mean on 0-100, or `None` when nothing was answered.
    pub(crate) fn mean(&self) -> Option<f64> {
        (self.weight > 0.0).then(|| round1(100.0 * self.weighted_sum / self.weight))
    }

    /// The share of the asked questions' weight that was answered.
    pub(crate) fn coverage(&self) -> f64 {
        if self.asked_weight > 0.0 {
            self.weight / self.asked_weight
        } else {
            0.0
        }
    }

    /// The mean, when enough was answered to judge.
    pub(crate) fn judged(&self, min_coverage: f64) -> Option<f64> {
        if self.asked > 0 && self.coverage() >= min_coverage {
            self.mean()
        } else {
            None
        }
    }
}

/// A 0-100 score as words and tables show it: the whole number at or below
/// it. Bands and stages start at whole numbers, so a score shown this way
/// never seems to reach a band or threshold it has not reached, as 49.7
/// rounded to 50 would beside a band starting at 50.
pub(crate) fn whole(score: f64) -> f64 {
    // Scores are kept to tenths, so 74.99999 can only be 75 not yet summed exactly.
    (score + 1e-6).floor()
}

pub(crate) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The keys a question counts towards, each with its summed weight, in key
/// order (which fixes the order of a plan's slots).
fn question_keys(question: &Question) -> Vec<(Key<&str>, f64)> {
    let mut keys: Vec<(Key<&str>, f64)> = Vec::new();
    let mut add = |key, weight| match keys.iter_mut().find(|(k, _)| *k == key) {
        Some((_, sum)) => *sum += weight,
        None => keys.push((key, weight)),
    };
    for m in &question.measures {
        match m.target() {
            Some(Target::Component {
                component,
                indicator,
            }) => {
                add(Key::Component(component), m.weight);
                if let Some(i) = indicator {
                    add(Key::Indicator(i), m.weight);
                }
            }
            Some(Target::Precondition(p)) => add(Key::Precondition(p), m.weight),
            Some(Target::Step(s)) => add(Key::Step(s), m.weight),
            None => {}
        }
    }
    keys.sort_by(|a, b| a.0.cmp(&b.0));
    keys
}

/// Whether any of a question's measures counts towards the indicator.
fn measures_indicator(question: &Question, indicator: &str) -> bool {
    question.measures.iter().any(|m| {
        matches!(m.target(), Some(Target::Component { indicator: Some(i), .. }) if i == indicator)
    })
}

/// Which tally each question's answer feeds, worked out once per content so
/// that scoring many responses does no lookups by name.
pub(crate) struct Plan {
    /// The key of each tally slot.
    pub keys: Vec<Key>,
    /// Per question, in content order: its bank, and the slots it feeds with their weights.
    questions: Vec<(BankId, Vec<(usize, f64)>)>,
    /// Question id → position in content order; aggregation looks up every
    /// answer of every result here, so the hash is a fast one.
    positions: FxHashMap<String, usize>,
    /// Per slot: whether it keeps a component or indicator score.
    measures_a_component: Vec<bool>,
    /// Components are scored only when this part was asked.
    component_part: BankId,
}

impl Plan {
    pub(crate) fn new(content: &Content) -> Self {
        let count = content.questions().count();
        let mut keys: Vec<Key> = Vec::new();
        let mut slots: FxHashMap<Key<&str>, usize> = FxHashMap::default();
        let mut questions = Vec::with_capacity(count);
        let mut positions = FxHashMap::with_capacity_and_hasher(count, Default::default());
        for (i, (bank, q)) in content.questions().enumerate() {
            positions.insert(q.id.clone(), i);
            let fed: Vec<(usize, f64)> = if q.is_scored() {
                question_keys(q)
                    .into_iter()
                    .map(|(key, weight)| {
                        let slot = *slots.entry(key).or_insert_with(|| {
                            keys.push(key.into_owned());
                            keys.len() - 1
                        });
                        (slot, weight)
                    })
                    .collect()
            } else {
                Vec::new()
            };
            questions.push((bank, fed));
        }
        let measures_a_component = keys
            .iter()
            .map(|k| matches!(k, Key::Component(_) | Key::Indicator(_)))
            .collect();
        Plan {
            keys,
            questions,
            positions,
            measures_a_component,
            component_part: content.framework.scoring.component_part,
        }
    }

    /// The position of a question in content order.
    pub(crate) fn position(&self, question: &str) -> Option<usize> {
        self.positions.get(question).copied()
    }

    /// One tally per slot over the asked parts of every response.
    pub(crate) fn tally(
        &self,
        content: &Content,
        parts: &[BankId],
        responses: &[Response],
    ) -> Vec<Tally> {
        let mut tallies = vec![Tally::default(); self.keys.len()];
        for response in responses {
            let values: Vec<Option<f64>> = content
                .questions()
                .map(|(_, q)| normalise(q, response.answers.get(&q.id), &content.framework))
                .collect();
            self.add_values(&mut tallies, parts, &values);
        }
        tallies
    }

    /// Adds one response, given as each question's normalised answer in
    /// content order, to the tallies.
    pub(crate) fn add_values(
        &self,
        tallies: &mut [Tally],
        parts: &[BankId],
        values: &[Option<f64>],
    ) {
        let components_asked = parts.contains(&self.component_part);
        for ((bank, fed), value) in self.questions.iter().zip(values) {
            if fed.is_empty() || !parts.contains(bank) {
                continue;
            }
            for &(slot, weight) in fed {
                if !components_asked && self.measures_a_component[slot] {
                    continue;
                }
                let t = &mut tallies[slot];
                t.asked += 1;
                t.asked_weight += weight;
                if let Some(v) = value {
                    t.answered += 1;
                    t.weight += weight;
                    t.weighted_sum += weight * v;
                }
            }
        }
    }
}

/// One result's tallies, each beside its key.
pub(crate) struct Tallies {
    keys: Vec<Key>,
    tallies: Vec<Tally>,
}

impl Tallies {
    /// The tally kept for `key`; empty when no question counts towards it.
    pub(crate) fn get(&self, key: Key<&str>) -> Tally {
        self.keys
            .iter()
            .position(|k| k.as_ref() == key)
            .map_or_else(Tally::default, |slot| self.tallies[slot])
    }
}

/// Tallies every scored question of the asked parts over every response.
pub(crate) fn tally(content: &Content, parts: &[BankId], responses: &[Response]) -> Tallies {
    let plan = Plan::new(content);
    let tallies = plan.tally(content, parts, responses);
    Tallies {
        keys: plan.keys,
        tallies,
    }
}

pub(crate) fn band_id(fw: &Framework, score: Option<f64>) -> String {
    score.map_or(INSUFFICIENT.to_string(), |s| fw.band_for(s).id.clone())
}

/// Position of a band from the bottom (0 = lowest).
fn band_rank(fw: &Framework, band: &str) -> Option<usize> {
    let mut bands: Vec<_> = fw.bands.iter().collect();
    bands.sort_by(|a, b| a.min.total_cmp(&b.min));
    bands.iter().position(|b| b.id == band)
}

/// Whether a score sits in the top band.
pub(crate) fn is_strength(fw: &Framework, score: f64) -> bool {
    let top = fw.bands.iter().map(|b| b.min).fold(f64::MIN, f64::max);
    score >= top
}

/// A score with how many answers are behind it: what a single result reads
/// from its tallies and an aggregate from its running statistics.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Measured {
    pub(crate) score: Option<f64>,
    pub(crate) answered: usize,
    pub(crate) asked: usize,
}

impl Tally {
    /// The tally as a score, reported only with enough coverage.
    pub(crate) fn judged_measure(&self, min_coverage: f64) -> Measured {
        Measured {
            score: self.judged(min_coverage),
            answered: self.answered,
            asked: self.asked,
        }
    }
}

/// Every component with its indicators and weakest indicators. `component`
/// and `indicator` give the measure of each, by position (indicators counted
/// across all components in framework order); `evidence` the answers behind
/// an indicator.
pub(crate) fn component_scores(
    fw: &Framework,
    component: impl Fn(usize) -> Measured,
    indicator: impl Fn(usize) -> Measured,
    evidence: impl Fn(&str) -> Vec<AnswerEvidence>,
) -> Vec<ComponentScore> {
    let mut position = 0;
    fw.components
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let m = component(i);
            let indicators: Vec<IndicatorScore> = c
                .indicators
                .iter()
                .map(|ind| {
                    let im = indicator(position);
                    position += 1;
                    IndicatorScore {
                        id: ind.id.clone(),
                        text: ind.text.clone(),
                        score: im.score,
                        answered: im.answered,
                        asked: im.asked,
                    }
                })
                .collect();
            let weak_indicators = weak_indicators(fw, &indicators, &evidence);
            ComponentScore {
                id: c.id.clone(),
                name: c.name.clone(),
                score: m.score,
                band: band_id(fw, m.score),
                answered: m.answered,
                asked: m.asked,
                indicators,
                weak_indicators,
            }
        })
        .collect()
}

/// Components scored from one result's tallies.
pub(crate) fn components(
    content: &Content,
    parts: &[BankId],
    tallies: &Tallies,
    responses: &[Response],
) -> Vec<ComponentScore> {
    let fw = &content.framework;
    let indicator_ids: Vec<&str> = fw
        .components
        .iter()
        .flat_map(|c| c.indicators.iter().map(|i| i.id.as_str()))
        .collect();
    component_scores(
        fw,
        |i| {
            tallies
                .get(Key::Component(&fw.components[i].id))
                .judged_measure(fw.scoring.min_coverage)
        },
        |i| {
            tallies
                .get(Key::Indicator(indicator_ids[i]))
                .judged_measure(fw.scoring.min_coverage)
        },
        |id| evidence_for(content, parts, id, responses),
    )
}

/// The lowest-scoring indicators below the top band, with the answers behind them.
fn weak_indicators(
    fw: &Framework,
    indicators: &[IndicatorScore],
    evidence: impl Fn(&str) -> Vec<AnswerEvidence>,
) -> Vec<WeakIndicator> {
    let mut weak: Vec<(&IndicatorScore, f64)> = indicators
        .iter()
        .filter_map(|i| i.score.map(|s| (i, s)))
        .filter(|(_, s)| !is_strength(fw, *s))
        .collect();
    weak.sort_by(|a, b| a.1.total_cmp(&b.1));
    weak.into_iter()
        .take(fw.scoring.weak_indicators_shown)
        .map(|(i, score)| WeakIndicator {
            id: i.id.clone(),
            text: i.text.clone(),
            score,
            band: fw.band_for(score).id.clone(),
            answers: evidence(&i.id),
        })
        .collect()
}

/// The answers given to the questions counting towards an indicator.
fn evidence_for(
    content: &Content,
    parts: &[BankId],
    indicator: &str,
    responses: &[Response],
) -> Vec<AnswerEvidence> {
    let mut evidence = Vec::new();
    for (_, q) in content.questions().filter(|(b, _)| parts.contains(b)) {
        if !measures_indicator(q, indicator) {
            continue;
        }
        for r in responses {
            if let Some(answer) = r.answers.get(&q.id) {
                if matches!(answer, Answer::DontKnow) {
                    continue;
                }
                evidence.push(AnswerEvidence {
                    question: q.id.clone(),
                    text: q.text.clone(),
                    answer: answer.describe(&q.format),
                    member: if responses.len() > 1 {
                        r.member.clone()
                    } else {
                        None
                    },
                });
            }
        }
    }
    evidence
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::content::framework::VerdictId;
    use crate::core::fixture;

    #[test]
    fn a_shown_score_never_reaches_a_band_it_has_not_reached() {
        let fw = fixture::content().framework;
        for score in [0.0, 10.5, 13.5, 49.7, 50.0, 74.6, 74.9, 75.0, 99.9, 100.0] {
            let shown = whole(score);
            assert_eq!(fw.band_for(shown).id, fw.band_for(score).id, "{score}");
            assert!(
                shown <= score && score - shown < 1.0,
                "{score} shown as {shown}"
            );
        }
        assert_eq!(whole(10.5), 10.0);
        assert_eq!(whole(13.5), 13.0);
    }

    fn component<'r>(
        r: &'r crate::core::model::result::AssessmentResult,
        id: &str,
    ) -> &'r ComponentScore {
        r.components.iter().find(|c| c.id == id).unwrap()
    }

    #[test]
    fn answers_normalise_to_zero_to_one() {
        let content = fixture::content();
        let fw = &content.framework;
        let q = |id| content.question(id).unwrap().1;
        assert_eq!(
            normalise(q("q-vision"), Some(&Answer::Point(4)), fw),
            Some(0.75)
        );
        assert_eq!(
            normalise(q("q-vision"), Some(&Answer::Point(1)), fw),
            Some(0.0)
        );
        assert_eq!(
            normalise(q("q-data-hoarded"), Some(&Answer::YesNo(YesNo::Yes)), fw),
            Some(0.0),
            "reverse questions count agreement as weakness"
        );
        assert_eq!(
            normalise(q("r-fit"), Some(&Answer::YesNo(YesNo::No)), fw),
            Some(0.0)
        );
        assert_eq!(
            normalise(q("r-champions"), Some(&Answer::Choice("some".into())), fw),
            Some(0.6)
        );
        assert_eq!(normalise(q("q-vision"), Some(&Answer::DontKnow), fw), None);
        assert_eq!(normalise(q("q-vision"), None, fw), None);
    }

    #[test]
    fn component_score_is_the_weighted_mean() {
        let content = fixture::content();
        // Vision 5 (1.0, weight 1) and steering 1 (0.0, weight 2): 100 * 1/3.
        let r = fixture::result(
            &content,
            &[
                ("q-vision", Answer::Point(5)),
                ("q-steering", Answer::Point(1)),
            ],
        );
        let ca = component(&r, "common-agenda");
        assert_eq!(ca.score, Some(33.3));
        assert_eq!(ca.band, "concern");
        assert_eq!((ca.answered, ca.asked), (2, 2));
        assert_eq!(ca.weak_indicators[0].id, "ca-steering-committee");
        assert_eq!(
            ca.weak_indicators[0].answers[0].answer,
            "1 (Strongly disagree)"
        );
    }

    #[test]
    fn dont_know_is_left_out_not_counted_as_zero() {
        let content = fixture::content();
        // Steering carries twice vision's weight, so answering it alone covers two thirds.
        let r = fixture::result(
            &content,
            &[
                ("q-vision", Answer::DontKnow),
                ("q-steering", Answer::Point(5)),
            ],
        );
        let ca = component(&r, "common-agenda");
        assert_eq!(ca.score, Some(100.0));
        assert_eq!((ca.answered, ca.asked), (1, 2));
        assert_eq!(ca.band, "strength");
    }

    #[test]
    fn coverage_is_counted_by_weight() {
        let content = fixture::content();
        // Vision alone is a third of the weight: too little to judge.
        let r = fixture::result(
            &content,
            &[
                ("q-vision", Answer::Point(5)),
                ("q-steering", Answer::DontKnow),
            ],
        );
        assert_eq!(component(&r, "common-agenda").score, None);
    }

    #[test]
    fn too_little_coverage_is_insufficient() {
        let content = fixture::content();
        let r = fixture::result(
            &content,
            &[
                ("q-vision", Answer::DontKnow),
                ("q-steering", Answer::Point(4)),
            ],
        );
        // One of two answered meets the 50 % threshold ...
        assert_eq!(component(&r, "common-agenda").score, Some(75.0));
        let r = fixture::result(&content, &[("q-steering", Answer::DontKnow)]);
        // ... none answered does not, and a component nobody was asked about never does.
        let ca = component(&r, "common-agenda");
        assert_eq!((ca.score, ca.band.as_str()), (None, INSUFFICIENT));
        let cc = component(&r, "continuous-communication");
        assert_eq!((cc.score, cc.asked), (None, 0));
    }

    #[test]
    fn readiness_verdicts_follow_the_framework_rules() {
        let content = fixture::content();
        let unfit = fixture::result(&content, &[("r-fit", Answer::YesNo(YesNo::No))]);
        assert_eq!(
            unfit.readiness.verdict.map(VerdictId::as_str),
            Some("consider-another-approach")
        );
        assert_eq!(unfit.readiness.blocking[0].id, "approach-fit");

        let no_champions = fixture::result(
            &content,
            &[
                ("r-fit", Answer::YesNo(YesNo::Yes)),
                ("r-champions", Answer::Choice("none".into())),
            ],
        );
        assert_eq!(
            no_champions.readiness.verdict.map(VerdictId::as_str),
            Some("build-preconditions")
        );
        let champions = no_champions
            .readiness
            .blocking
            .iter()
            .find(|b| b.id == "influential-champions")
            .unwrap();
        assert_eq!(champions.reason, "scored 0 (concern)");

        let not_asked = fixture::result(&content, &[("q-vision", Answer::Point(3))]);
        assert_eq!(not_asked.readiness.verdict, None);
    }

    #[test]
    fn key_step_status_and_next_step() {
        let content = fixture::content();
        let r = fixture::result(
            &content,
            &[
                ("k-champions", Answer::Choice("done".into())),
                ("k-scope", Answer::Choice("under-way".into())),
            ],
        );
        let status: Vec<&str> = r.key_steps.iter().map(|s| s.status.as_str()).collect();
        assert_eq!(status, ["done", "under-way", "unknown", "unknown"]);
        assert_eq!(r.next_step.unwrap().id, "scope-and-segment");
    }

    #[test]
    fn stage_rises_with_steps_and_scores() {
        let content = fixture::content();
        let early = fixture::result(
            &content,
            &[
                ("q-vision", Answer::Point(2)),
                ("q-steering", Answer::Point(2)),
                ("k-champions", Answer::Choice("not-started".into())),
            ],
        );
        assert_eq!(early.stage.id, "discover");
        assert!(early.stage.evidence[0].contains("only 1 of 5 components"));
        assert!(early.stage.to_reach_next.is_some());
        let further = fixture::result(
            &content,
            &[
                ("q-vision", Answer::Point(4)),
                ("q-steering", Answer::Point(4)),
                ("q-data-hoarded", Answer::YesNo(YesNo::No)),
                ("q-plan", Answer::Point(2)),
                ("k-champions", Answer::Choice("done".into())),
                ("k-scope", Answer::Choice("done".into())),
            ],
        );
        // Two steps done and an average of 75 (75, 100, 50) meet "develop"
        // but not "deliver", which needs all four steps.
        assert_eq!(further.stage.id, "develop");
    }
}
