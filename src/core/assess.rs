//! An assessment from start to finish: responses in, a complete result out.

use crate::core::answer::{AnswerSheet, Response};
use crate::core::content::{BankId, Content};
use crate::core::model::document::DocumentKind;
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
    let meta = Subject {
        partnership: sheet.partnership.clone(),
        member: sheet.response.member.clone(),
        date: sheet.date.clone(),
        parts: sheet.parts.clone(),
    };
    assess(content, &meta, std::slice::from_ref(&sheet.response))
}

/// Scores the responses of one person, or of every member of a group round.
pub fn assess(content: &Content, meta: &Subject, responses: &[Response]) -> AssessmentResult {
    let fw = &content.framework;
    let tallies = scoring::tally(content, &meta.parts, responses);
    let components = scoring::components(content, &meta.parts, &tallies, responses);
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
                answers: r.answers_as_values(),
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
        partnership: meta.partnership.clone(),
        member: meta.member.clone(),
        date: meta.date.clone(),
        parts: meta.parts.clone(),
        components,
        readiness,
        key_steps,
        next_step,
        stage,
        recommendations,
        action_plan,
        answers,
        notes,
        mode: if group { Mode::Group } else { Mode::Individual },
        members,
        disagreements: if group {
            disagreements(content, &meta.parts, responses)
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
) -> Conclusions {
    let fw = &content.framework;
    let mut readiness = scoring::readiness(fw, preconditions);
    let next_step = scoring::next_step(key_steps);
    let stage = scoring::stage(fw, components, key_steps, &readiness);
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
