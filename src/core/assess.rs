//! An assessment from start to finish: responses in, a complete result out.

use crate::core::answer::{AnswerSheet, Response};
use crate::core::content::{BankId, Content};
use crate::core::model::kind::DocumentKind;
use crate::core::model::result::{
    AssessmentResult, Disagreement, MemberAnswers, Tool, RESULT_SCHEMA_VERSION,
};
use crate::core::model::result::{
    ComponentActions, ComponentScore, KeyStepStatus, Mode, Named, PreconditionScore, Readiness,
    Recommendation, StageSuggestion,
};
use crate::core::recommend::{action_plan, recommendations};
use crate::core::scoring;

/// Respondents and what an assessment is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub partnership: String,
    pub member: Option<String>,
    pub date: Option<String>,
    pub parts: Vec<BankId>,
}

/// Scores one answers file.
pub fn assess_sheet(content: &Content, sheet: &AnswerSheet) -> AssessmentResult {
    let subject = Subject {
        partnership: sheet.partnership.clone(),
        member: sheet.response.member.clone(),
        date: sheet.date.clone(),
        parts: sheet.parts.clone(),
    };
    assess(content, &subject, std::slice::from_ref(&sheet.response))
}

/// Scores the responses of one person, or of every member of a group round.
pub fn assess(content: &Content, subject: &Subject, responses: &[Response]) -> AssessmentResult {
    let fw = &content.framework;
    let tallies = scoring::tally(content, &subject.parts, responses);
    let components = scoring::components(content, &subject.parts, &tallies, responses);
    let key_steps = scoring::key_steps(fw, &tallies);
    let Conclusions {
        readiness,
        next_step,
        stage,
        recommendations,
        action_plan,
    } = conclude(
        content,
        &components,
        scoring::preconditions(fw, &tallies),
        &key_steps,
        &stage_answers(content, &subject.parts, responses),
    );
    let group = responses.len() > 1;
    let (answers, notes) = match responses {
        [single] => (single.answers_as_values(), single.notes.clone()),
        _ => Default::default(),
    };
    let members = if group {
        responses
            .iter()
            .enumerate()
            .map(|(i, r)| MemberAnswers {
                member: r
                    .member
                    .clone()
                    .unwrap_or_else(|| format!("member {}", i + 1)),
                answers: r.answers_as_values().into(),
            })
            .collect()
    } else {
        Vec::new()
    };
    AssessmentResult {
        schema_version: RESULT_SCHEMA_VERSION,
        kind: DocumentKind::Result,
        tool: Tool::this(),
        content_fingerprint: content.fingerprint.clone(),
        partnership: subject.partnership.clone(),
        member: subject.member.clone(),
        date: subject.date.clone(),
        parts: subject.parts.clone(),
        components,
        readiness,
        key_steps,
        next_step,
        stage,
        recommendations,
        action_plan,
        answers: answers.into(),
        notes,
        mode: if group { Mode::Group } else { Mode::Individual },
        members,
        disagreements: if group {
            disagreements(content, &subject.parts, responses)
        } else {
            Vec::new()
        },
    }
}

/// What a careful reader concludes from the scores: the readiness verdict,
/// the next key step, the stage, resources and actions. One path for single
/// results and aggregates alike.
pub(crate) struct Conclusions {
    pub(crate) readiness: Readiness,
    pub(crate) next_step: Option<Named>,
    pub(crate) stage: StageSuggestion,
    pub(crate) recommendations: Vec<Recommendation>,
    pub(crate) action_plan: Vec<ComponentActions>,
}

pub(crate) fn conclude(
    content: &Content,
    components: &[ComponentScore],
    preconditions: Vec<PreconditionScore>,
    key_steps: &[KeyStepStatus],
    stage_answers: &[Option<f64>],
) -> Conclusions {
    let fw = &content.framework;
    let mut readiness = scoring::readiness(fw, preconditions);
    let next_step = scoring::next_step(key_steps);
    let stage = scoring::stage(fw, components, key_steps, &readiness, stage_answers);
    scoring::advise_for_stage(fw, &mut readiness, &stage.id);
    let recommendations =
        recommendations(content, components, &readiness, next_step.as_ref(), &stage);
    let action_plan = action_plan(fw, components, &readiness, &stage);
    Conclusions {
        readiness,
        next_step,
        stage,
        recommendations,
        action_plan,
    }
}

/// Each stage's mean answer over every response, from the asked parts only.
fn stage_answers(content: &Content, parts: &[BankId], responses: &[Response]) -> Vec<Option<f64>> {
    let fw = &content.framework;
    let per_question = content.questions().map(|(bank, q)| {
        if !parts.contains(&bank) {
            return None;
        }
        let values: Vec<f64> = responses
            .iter()
            .filter_map(|r| scoring::normalise(q, r.answers.get(&q.id), fw))
            .collect();
        (!values.is_empty()).then(|| 100.0 * values.iter().sum::<f64>() / values.len() as f64)
    });
    scoring::stage_answer_means(content, per_question)
}

/// Questions whose answers span at least the framework's disagreement threshold, widest first.
pub fn disagreements(
    content: &Content,
    parts: &[BankId],
    responses: &[Response],
) -> Vec<Disagreement> {
    let mut found: Vec<Disagreement> = content
        .questions()
        .filter(|(b, q)| parts.contains(b) && q.is_scored())
        .filter_map(|(_, q)| {
            let answers: Vec<_> = responses
                .iter()
                .map(|r| r.answers.get(&q.id).cloned())
                .collect();
            let spread = crate::core::scoring::spread::spread(content, q, &answers)?;
            spread.disagree.then(|| Disagreement {
                question: q.id.clone(),
                text: q.text.clone(),
                lowest: spread.min,
                highest: spread.max,
                spread: (spread.width * 100.0).round() / 100.0,
            })
        })
        .collect();
    found.sort_by(|a, b| b.spread.total_cmp(&a.spread));
    found
}

#[cfg(test)]
mod tests {
    use crate::core::answer::{Answer, Response, YesNo};
    use crate::core::assess::{assess, Subject};
    use crate::core::content::{self, AnswerFormat, BankId};
    use crate::core::model::result::AssessmentResult;
    use crate::core::scoring::normalise;

    /// A random answer to every question, with some left unanswered or "don't know".
    fn random_sheet(rng: &mut fastrand::Rng, content: &content::Content) -> Response {
        let mut response = Response::default();
        for (_, q) in content.questions() {
            let answer = match (&q.format, rng.u8(0..10)) {
                (_, 0) => continue,
                (AnswerFormat::Text, _) => continue,
                (_, 1) => Answer::DontKnow,
                (AnswerFormat::Scale { labels }, _) => Answer::Point(rng.usize(1..=labels.len())),
                (AnswerFormat::YesNo, _) => {
                    Answer::YesNo(if rng.bool() { YesNo::Yes } else { YesNo::No })
                }
                (AnswerFormat::Choice { options }, _) => {
                    Answer::Choice(options[rng.usize(0..options.len())].id.clone())
                }
            };
            response.answers.insert(q.id.clone(), answer);
        }
        response
    }

    fn subject() -> Subject {
        Subject {
            partnership: "P".into(),
            member: None,
            date: None,
            parts: BankId::ALL.to_vec(),
        }
    }

    /// Every score of a result, keyed so two results can be compared.
    fn scores(r: &AssessmentResult) -> Vec<(String, Option<f64>)> {
        let mut all = Vec::new();
        for c in &r.components {
            all.push((c.id.clone(), c.score));
            all.extend(c.indicators.iter().map(|i| (i.id.clone(), i.score)));
        }
        all.extend(
            r.readiness
                .preconditions
                .iter()
                .map(|p| (p.id.clone(), p.score)),
        );
        all.extend(r.key_steps.iter().map(|s| (s.id.clone(), s.score)));
        all
    }

    /// A different answer to the same question that scores higher, if there is one.
    fn raised(content: &content::Content, id: &str, answer: &Answer) -> Option<Answer> {
        let q = content.question(id)?.1;
        let now = normalise(q, Some(answer), &content.framework)?;
        Answer::every_one(&q.format)
            .into_iter()
            .find(|a| normalise(q, Some(a), &content.framework).is_some_and(|v| v > now + 1e-9))
    }

    #[test]
    fn raising_any_answer_never_lowers_any_score() {
        let content = content::bundled().unwrap();
        let mut rng = fastrand::Rng::with_seed(5);
        for _ in 0..200 {
            let sheet = random_sheet(&mut rng, &content);
            let before = assess(&content, &subject(), std::slice::from_ref(&sheet));
            let ids: Vec<String> = sheet.answers.keys().cloned().collect();
            let id = &ids[rng.usize(0..ids.len())];
            let Some(higher) = raised(&content, id, &sheet.answers[id]) else {
                continue;
            };
            let mut raised_sheet = sheet.clone();
            raised_sheet.answers.insert(id.clone(), higher);
            let after = assess(&content, &subject(), &[raised_sheet]);
            for ((key, b), (_, a)) in scores(&before).into_iter().zip(scores(&after)) {
                if let (Some(b), Some(a)) = (b, a) {
                    assert!(a >= b - 1e-9, "raising {id} lowered {key}: {b} to {a}");
                }
            }
        }
    }

    #[test]
    fn dont_know_counts_exactly_as_unanswered() {
        let content = content::bundled().unwrap();
        let mut rng = fastrand::Rng::with_seed(9);
        for _ in 0..100 {
            let sheet = random_sheet(&mut rng, &content);
            let ids: Vec<String> = sheet.answers.keys().cloned().collect();
            let id = &ids[rng.usize(0..ids.len())];
            let mut dont_know = sheet.clone();
            dont_know.answers.insert(id.clone(), Answer::DontKnow);
            let mut unanswered = sheet.clone();
            unanswered.answers.remove(id);
            let a = assess(&content, &subject(), &[dont_know]);
            let b = assess(&content, &subject(), &[unanswered]);
            assert_eq!(scores(&a), scores(&b), "{id}");
            assert_eq!(a.readiness, b.readiness);
            assert_eq!(a.stage, b.stage);
            assert_eq!(a.recommendations, b.recommendations);
            assert_eq!(a.action_plan, b.action_plan);
        }
    }

    #[test]
    fn no_sheet_gets_more_than_the_cap_or_a_reason_with_a_raw_id() {
        let content = content::bundled().unwrap();
        let fw = &content.framework;
        let ids: Vec<String> = fw
            .components
            .iter()
            .flat_map(|c| c.indicators.iter().map(|i| i.id.clone()))
            .chain(fw.preconditions.iter().map(|p| p.id.clone()))
            .chain(fw.key_steps.iter().map(|s| s.id.clone()))
            .collect();
        let mut rng = fastrand::Rng::with_seed(11);
        for _ in 0..500 {
            let result = assess(&content, &subject(), &[random_sheet(&mut rng, &content)]);
            assert!(result.recommendations.len() <= fw.suggestions.max_resources);
            let actions: usize = result
                .action_plan
                .iter()
                .map(|a| a.quick_wins.len() + a.longer_term.len())
                .sum();
            assert!(actions <= fw.suggestions.max_actions);
            for r in &result.recommendations {
                for id in &ids {
                    assert!(
                        !r.reason.contains(id.as_str()),
                        "{id} in the reason {:?}",
                        r.reason
                    );
                }
            }
        }
    }
}
