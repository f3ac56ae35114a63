//! Recommendations from the resource catalogue and an action plan from the
//! framework, both aimed at the gaps a result shows. Pure functions.

use crate::core::content::catalogue::Resource;
use crate::core::content::framework::{Action, Framework, Horizon, VerdictId};
use crate::core::content::Content;
use crate::core::model::result::{
    Blocker, ComponentActions, ComponentScore, Named, Readiness, Recommendation, StageSuggestion,
};
use crate::core::scoring::{is_strength, whole};

/// Something a recommendation can address.
#[derive(Debug, Clone)]
struct Area {
    /// e.g. `component:shared-measurement`.
    tag: String,
    reason: String,
    fit: FitRule,
}

#[derive(Debug, Clone)]
enum FitRule {
    Component {
        id: String,
        /// The weakest indicators' ids and texts.
        weak_indicators: Vec<(String, String)>,
    },
    Precondition(String),
    Step(String),
}

impl FitRule {
    /// How well a resource serves this area; 0 means not at all.
    fn fit(&self, r: &Resource) -> usize {
        match self {
            FitRule::Component {
                id,
                weak_indicators,
            } => {
                if !r.components.contains(id) {
                    return 0;
                }
                let served = weak_indicators
                    .iter()
                    .filter(|(i, _)| r.indicators.contains(i))
                    .count();
                2 + 3 * served
            }
            FitRule::Precondition(id) => usize::from(r.preconditions.contains(id)) * 4,
            FitRule::Step(id) => usize::from(r.steps.contains(id)) * 4,
        }
    }

    /// The weak indicators a resource builds, in words.
    fn served_indicators(&self, r: &Resource) -> Vec<String> {
        match self {
            FitRule::Component {
                weak_indicators, ..
            } => weak_indicators
                .iter()
                .filter(|(id, _)| r.indicators.contains(id))
                .map(|(_, text)| text.to_lowercase())
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// The weak areas in priority order. After a verdict of another approach (or
/// fit not settled) only fit counts: building collective impact
/// infrastructure would be premature. Otherwise components, preconditions and
/// foundations from the lowest score up, then the next key step.
fn weak_areas(
    fw: &Framework,
    components: &[ComponentScore],
    readiness: &Readiness,
    next_step: Option<&Named>,
) -> Vec<Area> {
    let precondition_area = |b: &Blocker| Area {
        tag: format!("precondition:{}", b.id),
        reason: format!("readiness: {} {}", b.name, b.reason),
        fit: FitRule::Precondition(b.id.clone()),
    };
    if matches!(
        readiness.verdict,
        Some(VerdictId::ConsiderAnotherApproach | VerdictId::FitNotSettled)
    ) {
        return readiness.blocking.iter().map(precondition_area).collect();
    }
    let mut scored: Vec<(f64, Area)> = Vec::new();
    for c in components {
        let Some(score) = c.score else { continue };
        if is_strength(fw, score) {
            continue;
        }
        scored.push((
            score,
            Area {
                tag: format!("component:{}", c.id),
                reason: format!("{} scored {:.0} ({})", c.name, whole(score), c.band),
                fit: FitRule::Component {
                    id: c.id.clone(),
                    weak_indicators: c
                        .weak_indicators
                        .iter()
                        .map(|i| (i.id.clone(), i.text.clone()))
                        .collect(),
                },
            },
        ));
    }
    for b in readiness.blocking.iter().chain(&readiness.to_build) {
        let score = readiness
            .preconditions
            .iter()
            .find(|p| p.id == b.id)
            .and_then(|p| p.score)
            .unwrap_or(f64::MAX);
        scored.push((score, precondition_area(b)));
    }
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut areas: Vec<Area> = scored.into_iter().map(|(_, a)| a).collect();
    if let Some(step) = next_step {
        areas.push(Area {
            tag: format!("step:{}", step.id),
            reason: format!("next key step: {}", step.name),
            fit: FitRule::Step(step.id.clone()),
        });
    }
    areas
}

/// A short list, at most the framework's `max_resources`: resources that
/// suit the partnership's stage first, then the others; within each, by the
/// weakest area served, then by how many weak areas they serve. After a verdict of
/// another approach only resources about the approach are considered.
/// Each resource appears once, with every area it addresses and why.
pub(crate) fn recommendations(
    content: &Content,
    components: &[ComponentScore],
    readiness: &Readiness,
    next_step: Option<&Named>,
    stage: &StageSuggestion,
) -> Vec<Recommendation> {
    let fw = &content.framework;
    let areas = weak_areas(fw, components, readiness, next_step);
    let only_fit = matches!(
        readiness.verdict,
        Some(VerdictId::ConsiderAnotherApproach | VerdictId::FitNotSettled)
    );
    type Rank = (
        bool,
        usize,
        std::cmp::Reverse<usize>,
        std::cmp::Reverse<usize>,
    );
    let mut ranked: Vec<(Rank, Recommendation)> = content
        .catalogue()
        .resources
        .iter()
        .filter_map(|r| {
            let suits_stage = r.stages.contains(&stage.id);
            let served: Vec<(usize, &Area, usize)> = areas
                .iter()
                .enumerate()
                .map(|(i, a)| (i, a, a.fit.fit(r)))
                .filter(|(_, _, fit)| *fit > 0)
                .collect();
            let (first, best) = match served.first() {
                Some(&(i, _, fit)) => (i, fit),
                None if only_fit || !suits_stage => return None,
                None => (areas.len(), 0),
            };
            let mut reasons: Vec<String> = served
                .iter()
                .map(|(_, a, _)| {
                    let builds = a.fit.served_indicators(r);
                    if builds.is_empty() {
                        a.reason.clone()
                    } else {
                        let named: Vec<String> =
                            builds.iter().map(|b| format!("\"{b}\"")).collect();
                        format!("{}, in particular {}", a.reason, named.join(" and "))
                    }
                })
                .collect();
            let mut addresses: Vec<String> = served.iter().map(|(_, a, _)| a.tag.clone()).collect();
            if suits_stage {
                reasons.push(format!("suits the {} stage", stage.name));
                addresses.push(format!("stage:{}", stage.id));
            }
            let key = (
                !suits_stage,
                first,
                std::cmp::Reverse(served.len()),
                std::cmp::Reverse(best),
            );
            Some((
                key,
                Recommendation {
                    resource: r.id.clone(),
                    title: r.title.clone(),
                    publisher: r.publisher.clone(),
                    kind: r.kind.as_str().to_string(),
                    url: r.url.clone(),
                    when: r.when.clone(),
                    reason: reasons.join("; "),
                    addresses,
                },
            ))
        })
        .collect();
    // Stable sort: equal keys keep the catalogue's order.
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked
        .into_iter()
        .take(fw.suggestions.max_resources)
        .map(|(_, r)| r)
        .collect()
}

/// At most the framework's `max_actions` actions for the components below the
/// top band, weakest component first. An action whose indicators are all
/// already strengths is passed over; actions that build the weakest indicators
/// come first; quick wins lead in the early stages, longer-term actions later.
/// After a verdict of another approach there is no plan: the first action is
/// the conversation about the approach.
pub(crate) fn action_plan(
    fw: &Framework,
    components: &[ComponentScore],
    readiness: &Readiness,
    stage: &StageSuggestion,
) -> Vec<ComponentActions> {
    if matches!(
        readiness.verdict,
        Some(VerdictId::ConsiderAnotherApproach | VerdictId::FitNotSettled)
    ) {
        return Vec::new();
    }
    let early = fw.suggestions.quick_win_stages.contains(&stage.id);
    let preferred = if early {
        Horizon::QuickWin
    } else {
        Horizon::LongerTerm
    };
    let mut weak: Vec<&ComponentScore> = components
        .iter()
        .filter(|c| c.score.is_some_and(|s| !is_strength(fw, s)))
        .collect();
    weak.sort_by(|a, b| a.score.unwrap_or(0.0).total_cmp(&b.score.unwrap_or(0.0)));
    let mut candidates: Vec<(usize, &ComponentScore, &Action)> = Vec::new();
    for (rank, c) in weak.iter().enumerate() {
        let Some(component) = fw.component(&c.id) else {
            continue;
        };
        let weak_ids: Vec<&str> = c.weak_indicators.iter().map(|i| i.id.as_str()).collect();
        let strong = |id: &String| {
            c.indicators
                .iter()
                .any(|i| &i.id == id && i.score.is_some_and(|s| is_strength(fw, s)))
        };
        let mut actions: Vec<&Action> = component
            .actions
            .iter()
            .filter(|a| a.indicators.is_empty() || !a.indicators.iter().all(strong))
            .collect();
        actions.sort_by_key(|a| {
            let builds_weak = a
                .indicators
                .iter()
                .filter(|i| weak_ids.contains(&i.as_str()))
                .count();
            (std::cmp::Reverse(builds_weak), a.horizon != preferred)
        });
        candidates.extend(actions.into_iter().map(|a| (rank, *c, a)));
    }
    // Spread the plan over the weakest components: one action each, in turn.
    let mut order: Vec<(usize, usize, &ComponentScore, &Action)> = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (rank, c, a) in candidates {
        let nth = seen.entry(rank).or_insert(0);
        order.push((*nth, rank, c, a));
        *nth += 1;
    }
    order.sort_by_key(|(nth, rank, _, _)| (*nth, *rank));
    let mut plan: Vec<ComponentActions> = Vec::new();
    for (_, _, c, a) in order.into_iter().take(fw.suggestions.max_actions) {
        let entry = match plan.iter().position(|p| p.component == c.id) {
            Some(i) => &mut plan[i],
            None => {
                plan.push(ComponentActions {
                    component: c.id.clone(),
                    name: c.name.clone(),
                    band: c.band.clone(),
                    quick_wins: Vec::new(),
                    longer_term: Vec::new(),
                });
                plan.last_mut().expect("just pushed")
            }
        };
        match a.horizon {
            Horizon::QuickWin => entry.quick_wins.push(a.text.clone()),
            Horizon::LongerTerm => entry.longer_term.push(a.text.clone()),
        }
    }
    plan
}

#[cfg(test)]
mod tests {
    use crate::core::answer::{Answer, YesNo};
    use crate::core::fixture;

    fn result_for(pairs: &[(&str, Answer)]) -> crate::core::model::result::AssessmentResult {
        fixture::result(&fixture::content(), pairs)
    }

    #[test]
    fn weakest_component_gets_resources_for_its_weak_indicators_first() {
        let r = result_for(&[
            ("q-vision", Answer::Point(4)),
            ("q-steering", Answer::Point(1)),
            ("q-data-hoarded", Answer::YesNo(YesNo::No)),
        ]);
        let ids: Vec<&str> = r
            .recommendations
            .iter()
            .map(|x| x.resource.as_str())
            .collect();
        assert_eq!(ids[0], "res-discover", "the stage's resources come first");
        assert_eq!(&ids[1..3], ["res-steering", "res-agenda"]);
        assert!(
            !ids.contains(&"res-data"),
            "shared measurement is a strength, so it needs no resource"
        );
        let first = &r.recommendations[1];
        assert!(
            first.reason.contains("Common agenda scored"),
            "{}",
            first.reason
        );
        assert!(
            first
                .reason
                .contains("in particular \"a strong steering committee"),
            "{}",
            first.reason
        );
        assert!(!first.reason.contains("ca-steering-committee"));
        assert!(first
            .addresses
            .contains(&"component:common-agenda".to_string()));
    }

    #[test]
    fn every_recommendation_has_a_reason_and_none_repeats() {
        let r = result_for(&[
            ("q-vision", Answer::Point(1)),
            ("q-steering", Answer::Point(1)),
            ("q-data-hoarded", Answer::YesNo(YesNo::Yes)),
            ("r-fit", Answer::YesNo(YesNo::Yes)),
            ("r-champions", Answer::Choice("none".into())),
            ("k-champions", Answer::Choice("not-started".into())),
        ]);
        let mut ids: Vec<&str> = r
            .recommendations
            .iter()
            .map(|x| x.resource.as_str())
            .collect();
        assert!(r
            .recommendations
            .iter()
            .all(|x| !x.reason.is_empty() && !x.addresses.is_empty()));
        let total = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), total, "no resource is suggested twice");
        // The champions programme serves both the blocking precondition and the next step.
        let champions = r
            .recommendations
            .iter()
            .find(|x| x.resource == "res-champions")
            .unwrap();
        assert!(champions
            .addresses
            .contains(&"precondition:influential-champions".to_string()));
        assert!(champions
            .addresses
            .contains(&"step:champions-and-partnership".to_string()));
    }

    #[test]
    fn action_plan_has_a_quick_win_and_a_longer_term_action_per_weak_component() {
        let r = result_for(&[
            ("q-vision", Answer::Point(2)),
            ("q-steering", Answer::Point(1)),
            ("q-data-hoarded", Answer::YesNo(YesNo::No)),
        ]);
        assert_eq!(r.action_plan.len(), 1);
        let plan = &r.action_plan[0];
        assert_eq!(plan.component, "common-agenda");
        assert!(!plan.quick_wins.is_empty() && !plan.longer_term.is_empty());
        assert!(
            plan.quick_wins[0].contains("steering group"),
            "{:?}",
            plan.quick_wins
        );
    }
}
